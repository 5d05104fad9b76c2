"""The Deny statements that keep a principal inside the isolation, written once for every document.

The member policy, the execution-role guard and the organization guard (SCP) bind different
principals but must close the same doors (docs/security.md, "Who is bound, by what"). Each function here
returns the statements for one family of attacks, named by the attack they stop, and takes what
differs between the documents as arguments:

* ``owner``: how a document names the caller's own profile. A member is named by its principal
  tags (``${aws:PrincipalTag/<tagKey>-profile}``), a notebook's execution role by the Studio
  context SageMaker puts on its requests (``${sagemaker:DomainId}``, ``${sagemaker:UserProfileName}``).
  A list is "any of these": the SCP binds both kinds of caller.
* ``exempt``: a condition that leaves some principals out (the SCP's deploy and break-glass roles).

Statement ids are the same in every document, so a reviewer reads one name per attack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..roster.settings import Settings
from . import arns

Statement = dict[str, Any]
Condition = Mapping[str, Mapping[str, Any]]

PRESIGNED_URL_ACTION = "sagemaker:CreatePresignedDomainUrl"
#: The tag SageMaker puts on a space with the ARN of the profile that owns it.
SPACE_OWNER_TAG = "sagemaker:user-profile-arn"
#: The value a policy variable takes when its key is missing (``${key, '-'}``): no id or profile
#: name can be ``-`` (both start with a letter or digit). Without a default, a variable with no
#: value is "null", and evaluators disagree on whether a negated operator matches it (the IAM User
#: Guide says it does); with one, every evaluator compares against ``-`` and the Deny applies.
NO_VALUE = "'-'"
#: Actions that only read a principal; everything else on a colleague's principal is denied.
PRINCIPAL_READS = ("iam:Get*", "iam:List*")

UNTAGGED_PRINCIPAL_SID = "DenyPresignedUrlWithoutPrincipalTag"
TAG_SID = "DenyAccessTagChanges"
LEAVE_GROUP_SID = "DenyLeavingStudioGroup"
CHANGE_POLICY_SID = "DenyChangingStudioPolicy"
DETACH_ROLE_POLICY_SID = "DenyDetachingStudioPolicyFromRoles"
IMPERSONATION_SID = "DenyActingAsAnotherStudioPrincipal"
PROFILE_ADMIN_SID = "DenyManagingStudioProfilesAndDomain"
OTHER_SPACES_SID = "DenyChangingOtherProfilesSpaces"
PRIVATE_APPS_SID = "DenyAppsInOtherProfilesPrivateSpaces"
PROFILE_APPS_SID = "DenyAppsOfOtherProfiles"
SESSIONS_SID = "DenySessionsInOtherProfilesSpaces"
IDENTITY_PROVIDER_SID = "DenyChangingIdentityProviders"


@dataclass(frozen=True)
class Owner:
    """How a document names the caller's own profile, and the apps that belong to it."""

    profile: tuple[str, ...]
    apps: tuple[str, ...]


def variable(key: str) -> str:
    """``${key, '-'}``: the context key's value, or ``-`` when the request has none."""
    return f"${{{key}, {NO_VALUE}}}"


def member_owner(settings: Settings) -> Owner:
    """A member's own profile, from the profile tag its principal carries."""
    name = variable(f"aws:PrincipalTag/{settings.profile_tag_key}")
    domain = arns.domain_part(settings)
    return Owner(
        (arns.sagemaker(settings, f"user-profile/{domain}/{name}"),),
        (arns.sagemaker(settings, f"app/{domain}/{name}/*"),),
    )


def studio_owner(settings: Settings) -> Owner:
    """A notebook's own profile, from the Studio context of its execution role's requests."""
    where = f"{variable('sagemaker:DomainId')}/{variable('sagemaker:UserProfileName')}"
    return Owner(
        (arns.sagemaker(settings, f"user-profile/{where}"),),
        (arns.sagemaker(settings, f"app/{where}/*"),),
    )


def either_owner(*owners: Owner) -> Owner:
    """A caller named by any of ``owners`` (values of one condition key are OR-ed)."""
    return Owner(
        tuple(p for o in owners for p in o.profile), tuple(a for o in owners for a in o.apps)
    )


def deny(
    sid: str,
    action: Sequence[str] | str | None = None,
    resource: Sequence[str] | str | None = None,
    *,
    not_action: Sequence[str] | None = None,
    not_resource: Sequence[str] | None = None,
    condition: Condition | None = None,
) -> Statement:
    """A Deny statement with its keys in a fixed order, so the text never changes between runs."""
    statement: Statement = {"Sid": sid, "Effect": "Deny"}
    if not_action is not None:
        statement["NotAction"] = _one(not_action)
    else:
        statement["Action"] = _one(action or "*")
    if not_resource is not None:
        statement["NotResource"] = _one(not_resource)
    else:
        statement["Resource"] = _one(resource or "*")
    if condition:
        statement["Condition"] = {operator: dict(keys) for operator, keys in condition.items()}
    return statement


def _one(value: Sequence[str] | str) -> str | list[str]:
    if isinstance(value, str):
        return value
    return value[0] if len(value) == 1 else list(value)


def with_exemption(statements: list[Statement], exempt: Condition | None) -> list[Statement]:
    """Add ``exempt`` (operator -> key -> values) to every statement's condition."""
    if not exempt:
        return statements
    for statement in statements:
        condition = statement.setdefault("Condition", {})
        for operator, keys in exempt.items():
            condition[operator] = {**condition.get(operator, {}), **keys}
    return statements


def untagged_caller(settings: Settings) -> Statement:
    """A caller without the access tag opens nothing, whatever an evaluator makes of null values."""
    return deny(
        UNTAGGED_PRINCIPAL_SID,
        PRESIGNED_URL_ACTION,
        "*",
        condition={"Null": {f"aws:PrincipalTag/{settings.tag_key}": "true"}},
    )


def tag_guard(settings: Settings) -> Statement:
    """Nobody changes the tags the isolation is judged by: on profiles and spaces, on principals,
    on sessions, and not by creating a user or role that carries them.

    ``sagemaker:AddTags`` overwrites, so without this a caller could stamp its own id on a
    colleague's profile. Tagging a SageMaker resource as it is created (``sagemaker:TaggingAction``,
    which Studio uses to propagate tags) is left alone: creating profiles is denied separately, and
    a new space tagged for someone else gives nobody anything of a colleague's. Keys are compared
    ignoring case, as IAM treats tag keys.
    """
    return deny(
        TAG_SID,
        [
            "iam:CreateRole",
            "iam:CreateUser",
            "iam:TagRole",
            "iam:TagUser",
            "iam:UntagRole",
            "iam:UntagUser",
            "sagemaker:AddTags",
            "sagemaker:DeleteTags",
            "sts:TagSession",
        ],
        "*",
        condition={
            "ForAnyValue:StringEqualsIgnoreCase": {
                "aws:TagKeys": [settings.tag_key, settings.profile_tag_key, SPACE_OWNER_TAG]
            },
            "Null": {"sagemaker:TaggingAction": "true"},
        },
    )


def integrity_guards(settings: Settings) -> list[Statement]:
    """Nobody leaves the guard: the group (under any path), the policies, their attachments."""
    return [
        deny(
            LEAVE_GROUP_SID,
            [
                "iam:DeleteGroup",
                "iam:DetachGroupPolicy",
                "iam:RemoveUserFromGroup",
                "iam:UpdateGroup",
            ],
            arns.group(settings),
        ),
        deny(
            CHANGE_POLICY_SID,
            [
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
            ],
            arns.studio_policies(settings),
        ),
        deny(
            DETACH_ROLE_POLICY_SID,
            "iam:DetachRolePolicy",
            "*",
            condition={"ArnLike": {"iam:PolicyARN": arns.studio_policies(settings)}},
        ),
    ]


def principal_guard(settings: Settings) -> Statement:
    """Nobody acts on a principal carrying a different access tag, beyond reading it.

    Assuming its role, rewriting its trust, minting its keys, password or MFA, adding policies or
    a boundary, passing its role to a service: each would let the caller act as the colleague. A
    ``NotAction`` covers the actions IAM adds later too. Principals without the tag are not
    Studio principals and are left alone.
    """
    key = settings.tag_key
    return deny(
        IMPERSONATION_SID,
        resource=arns.principals(settings),
        not_action=list(PRINCIPAL_READS),
        condition={
            "StringNotEquals": {f"aws:ResourceTag/{key}": variable(f"aws:PrincipalTag/{key}")},
            "Null": {f"aws:ResourceTag/{key}": "false"},
        },
    )


def studio_admin_guard(settings: Settings) -> Statement:
    """Profiles and the domain belong to the deploy role: ``UpdateUserProfile`` can swap a
    colleague's execution role or lifecycle configuration, ``DeleteUserProfile`` loses their data."""
    domain = arns.domain_part(settings)
    return deny(
        PROFILE_ADMIN_SID,
        [
            "sagemaker:CreateUserProfile",
            "sagemaker:DeleteDomain",
            "sagemaker:DeleteUserProfile",
            "sagemaker:UpdateDomain",
            "sagemaker:UpdateUserProfile",
        ],
        [arns.profiles(settings), arns.sagemaker(settings, f"domain/{domain}")],
    )


def space_guards(settings: Settings, owner: Owner) -> list[Statement]:
    """Nobody works in another profile's spaces: creating one for a colleague, changing (remote
    access included) or deleting theirs, apps in their private spaces or on their profile, or a
    remote session into them. Shared spaces stay open to everyone's apps."""
    owner_arn = "sagemaker:OwnerUserProfileArn"
    domain = arns.domain_part(settings)
    apps = ["sagemaker:CreateApp", "sagemaker:DeleteApp"]
    key = settings.tag_key
    return [
        deny(
            OTHER_SPACES_SID,
            ["sagemaker:CreateSpace", "sagemaker:DeleteSpace", "sagemaker:UpdateSpace"],
            arns.sagemaker(settings, f"space/{domain}/*"),
            condition={
                "Null": {owner_arn: "false"},
                "ArnNotLike": {owner_arn: list(owner.profile)},
            },
        ),
        deny(
            PRIVATE_APPS_SID,
            apps,
            arns.sagemaker(settings, f"app/{domain}/*"),
            condition={
                "StringEquals": {"sagemaker:SpaceSharingType": "Private"},
                "ArnNotLike": {owner_arn: list(owner.profile)},
            },
        ),
        deny(
            PROFILE_APPS_SID,
            apps,
            not_resource=list(owner.apps),
            condition={"Null": {owner_arn: "true", "sagemaker:SpaceSharingType": "true"}},
        ),
        deny(
            SESSIONS_SID,
            "sagemaker:StartSession",
            "*",
            condition={
                "ArnNotLike": {f"sagemaker:ResourceTag/{SPACE_OWNER_TAG}": list(owner.profile)},
                "StringNotEquals": {
                    f"sagemaker:ResourceTag/{key}": variable(f"aws:PrincipalTag/{key}")
                },
            },
        ),
    ]


def identity_provider_guard(settings: Settings) -> Statement:
    """Nobody replaces the SAML providers that role principals trust, and so signs in as their owner."""
    return deny(
        IDENTITY_PROVIDER_SID,
        ["iam:CreateSAMLProvider", "iam:DeleteSAMLProvider", "iam:UpdateSAMLProvider"],
        arns.iam(settings, "saml-provider/*"),
    )


def common_guards(settings: Settings, owner: Owner) -> list[Statement]:
    """Every guard a bound principal of any kind is under, in the order documents list them."""
    return [
        tag_guard(settings),
        *integrity_guards(settings),
        principal_guard(settings),
        studio_admin_guard(settings),
        *space_guards(settings, owner),
        identity_provider_guard(settings),
    ]
