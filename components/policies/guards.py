"""The Deny statements that keep a principal inside the isolation, written once for every document.

The member policy, the execution-role guard and the organization guard (SCP) bind different
principals but must close the same doors. Each function here returns the statements for one
family of attacks, named by the attack they stop (``core.statement_ids``), and takes what
differs between the documents as arguments:

* ``owner`` (``studio_guards.Owner``): how a document names the caller's own profile. A member is named by its principal
  tags (``${aws:PrincipalTag/<tagKey>-profile}``), a notebook's execution role by the Studio
  context SageMaker puts on its requests (``${sagemaker:DomainId}``, ``${sagemaker:UserProfileName}``).
  A list is "any of these": the SCP binds both kinds of caller.
* exemptions: the SCP leaves the deploy role (and, for some guards, the break-glass roles) out.

The isolation compares tags, so everything rests on one rule, ``binding``: a principal's access
tags count only in the sessions of the principal they belong to, whose ARN spells them
(``kinds``). A session tag brought by a rewritten trust policy, a web identity or a
federation token, on any other principal, unlocks nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from components import kinds
from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH, TRUSTED_PATH, variable
from components.core.settings.stack import Settings
from components.kinds import execution_roles
from components.policies import arns, budget_guard, identity_guards
from components.policies.action_data import TAG_BLIND_PRINCIPAL_ACTIONS
from components.policies.denials import Statement, deny
from components.policies.studio_guards import (
    SPACE_OWNER_TAG,
    Owner,
    space_guards,
    studio_admin_guard,
    studio_code_guard,
)

PRESIGNED_URL_ACTION = "sagemaker:CreatePresignedDomainUrl"
#: Actions that only read a principal; everything else on a colleague's principal is denied.
PRINCIPAL_READS = ("iam:Get*", "iam:List*")
#: Every action on identity providers that changes whom they vouch for (creating, deleting or
#: updating SAML and OpenID Connect providers, their audiences and thumbprints), and none that
#: reads one; a test holds the patterns against botocore's IAM model.
IDENTITY_PROVIDER_WRITES = (
    "iam:*ClientID*",
    "iam:Create*Provider",
    "iam:Delete*Provider",
    "iam:Update*Provider*",
)


def untagged_caller(settings: Settings) -> Statement:
    """A caller without the access tag opens nothing, whatever an evaluator makes of null values."""
    return deny(
        sid.UNTAGGED_PRINCIPAL,
        PRESIGNED_URL_ACTION,
        "*",
        condition={"Null": {f"aws:PrincipalTag/{settings.tag_key}": "true"}},
    )


def binding(settings: Settings, *, tags: Sequence[str] | None = None) -> list[Statement]:
    """A Studio tag counts only in the sessions of the principal it belongs to.

    The access tag and the profile tag decide whose profile, spaces and principals a caller may
    use. A session can carry tags its principal does not (session tags from ``sts:TagSession``,
    a SAML assertion, a web identity token after someone rewrote a trust policy), so a tag is
    honoured only on a principal whose ARN the program gave it: a managed principal whose ARN
    spells its tags, or a federated session from the stack's identity provider. Any other
    caller is denied everything but reading IAM.

    Args:
        tags: the tag keys whose presence makes a caller subject to this rule, one statement
            each (a forged session may bring either tag alone). ``None``: every caller of the
            document must be bound (the member policy, attached to managed principals only).
    """
    bound = kinds.bound_arns(settings) + execution_roles.bound_arns(settings)
    if tags is not None:  # the organization's guard: every permission set's sessions are tagged
        bound += kinds.sign_in_roles(settings, any_permission_set=True)
        bound = list(dict.fromkeys(bound))
    arn_condition = {"ArnNotLike": {"aws:PrincipalArn": list(bound)}} if bound else {}
    if tags is None:
        return [
            deny(
                sid.ACCESS_TAG_BINDING,
                resource="*",
                not_action=list(PRINCIPAL_READS),
                condition=arn_condition or {"Null": {"aws:PrincipalArn": "false"}},
            )
        ]
    statement_ids = {settings.tag_key: sid.ACCESS_TAG_BINDING}
    statement_ids[settings.profile_tag_key] = sid.PROFILE_TAG_BINDING
    return [
        deny(
            statement_ids[key],
            resource="*",
            not_action=list(PRINCIPAL_READS),
            condition={"Null": {f"aws:PrincipalTag/{key}": "false"}, **arn_condition},
        )
        for key in tags
    ]


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
        sid.TAGS,
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
                "aws:TagKeys": [
                    settings.tag_key,
                    settings.profile_tag_key,
                    SPACE_OWNER_TAG,
                    *budget_guard.guarded_tag_keys(settings),
                ]
            },
            "Null": {"sagemaker:TaggingAction": "true"},
        },
    )


def managed_principals_guard(settings: Settings) -> Statement:
    """Only the deploy role creates principals under ``/studio-access/`` or rewrites their trust.

    A principal's ARN there is what makes its tags count (``binding``), so creating one, moving
    one there (``UpdateUser`` with a new path), or rewriting who may assume a managed role (one's
    own, a per-user execution role, the shared federated role) would hand out an identity. The
    domain's default execution role is shared by every notebook, the shared spaces' role
    (``defaultSpaceExecutionRoleArn``) by every app in a shared space; their trust is guarded too. The
    roles of the shared sign-in (``federation``: the SAML role under ``/studio-access/``, every
    permission set's role under ``/aws-reserved/``) are honoured with the identity provider's
    tags: their inline policies, the member policy among them, stay as well.
    """
    resources = [
        arns.iam(settings, f"user{MANAGED_PATH}*"),
        arns.iam(settings, f"role{MANAGED_PATH}*"),
        arns.iam(settings, identity_guards.RESERVED_ROLES),
    ]
    for shared in dict.fromkeys(
        [settings.default_execution_role_arn, settings.shared_space_role_arn]
    ):
        if shared:
            resources.append(arns.any_account(shared))
    return deny(
        sid.MANAGED_PRINCIPALS,
        [
            "iam:CreateRole",
            "iam:CreateUser",
            "iam:DeleteRole",
            "iam:DeleteRolePolicy",
            "iam:DeleteUser",
            "iam:PutRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:UpdateUser",
            *TAG_BLIND_PRINCIPAL_ACTIONS,
        ],
        resources,
    )


def trusted_principals_guard(settings: Settings) -> Statement:
    """Nobody takes over the IAM roles and users member roles trust, beyond reading or assuming.

    A member role lets its ``trusted`` principals assume it, so rewriting the trust policy of a
    trusted role, minting a trusted user's keys or password, or passing a trusted role to a
    service makes the caller the member. The guards protect those under
    ``/studio-access-trusted/``; ``check`` warns about any trusted principal elsewhere.
    """
    return deny(
        sid.TRUSTED_PRINCIPALS,
        resource=[
            arns.iam(settings, f"role{TRUSTED_PATH}*"),
            arns.iam(settings, f"user{TRUSTED_PATH}*"),
        ],
        not_action=[*PRINCIPAL_READS, "sts:AssumeRole"],
    )


def integrity_guards(settings: Settings) -> list[Statement]:
    """Nobody leaves the guard: the group (under any path), the policies, their attachments."""
    return [
        deny(
            sid.LEAVE_GROUP,
            [
                "iam:DeleteGroup",
                "iam:DetachGroupPolicy",
                "iam:RemoveUserFromGroup",
                "iam:UpdateGroup",
            ],
            arns.group(settings),
        ),
        deny(
            sid.CHANGE_POLICY,
            [
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
            ],
            arns.studio_policies(settings),
        ),
        deny(
            sid.DETACH_ROLE_POLICY,
            "iam:DetachRolePolicy",
            "*",
            condition={"ArnLike": {"iam:PolicyARN": arns.studio_policies(settings)}},
        ),
    ]


def principal_guard(settings: Settings, *, trust_decides_assume: bool = False) -> Statement:
    """Nobody acts on a principal carrying a different access tag, beyond reading it.

    Assuming its role, rewriting its trust, minting its keys, password or MFA, adding policies or
    a boundary, passing its role to a service: each would let the caller act as the colleague. A
    ``NotAction`` covers the actions IAM adds later too. Principals without the tag are not
    Studio principals and are left alone.

    With ``trust_decides_assume`` (the SCP), assuming a role is left to ``assume_guard`` and the
    role's trust policy, so that the IAM roles and users a member role trusts can still assume it.
    """
    key = settings.tag_key
    reads = [*PRINCIPAL_READS, "sts:AssumeRole"] if trust_decides_assume else list(PRINCIPAL_READS)
    return deny(
        sid.IMPERSONATION,
        resource=arns.principals(settings),
        not_action=reads,
        condition={
            "StringNotEquals": {f"aws:ResourceTag/{key}": variable(f"aws:PrincipalTag/{key}")},
            "Null": {f"aws:ResourceTag/{key}": "false"},
        },
    )


def assume_guard(settings: Settings) -> Statement:
    """A caller with an access tag of its own never assumes a role carrying another one.

    Untagged callers are the IAM roles and users that member roles trust: whether they may assume
    a member role is what that role's trust policy (written by the deploy role alone) says.
    """
    key = settings.tag_key
    return deny(
        sid.ASSUME_OTHER_ROLE,
        "sts:AssumeRole",
        arns.iam(settings, "role/*"),
        condition={
            "StringNotEquals": {f"aws:ResourceTag/{key}": f"${{aws:PrincipalTag/{key}}}"},
            "Null": {f"aws:ResourceTag/{key}": "false", f"aws:PrincipalTag/{key}": "false"},
        },
    )


def identity_provider_guard(settings: Settings) -> Statement:
    """Nobody changes whom an identity provider vouches for: SAML providers (a role's trusted
    provider replaced means signing in as its owner) and OpenID Connect providers (a new one, or
    a new audience, lets a web identity assume any role whose trust someone rewrote)."""
    return deny(
        sid.IDENTITY_PROVIDERS,
        list(IDENTITY_PROVIDER_WRITES),
        [arns.iam(settings, "saml-provider/*"), arns.iam(settings, "oidc-provider/*")],
    )


def common_guards(
    settings: Settings, owner: Owner, binding_tags: Sequence[str] | None = None
) -> list[Statement]:
    """Every guard a bound principal of any kind is under, in the order documents list them."""
    return [
        *binding(settings, tags=binding_tags),
        tag_guard(settings),
        managed_principals_guard(settings),
        trusted_principals_guard(settings),
        *integrity_guards(settings),
        principal_guard(settings),
        studio_admin_guard(settings),
        studio_code_guard(settings),
        *space_guards(settings, owner),
        identity_provider_guard(settings),
        *identity_guards.identity_center_guard(settings),
        *identity_guards.exempt_roles_guard(settings, break_glass=False),
        identity_guards.profile_access_tags_guard(settings),
        *budget_guard.budget_guards(settings),
    ]
