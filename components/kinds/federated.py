"""``principal: {type: federated}``: a session of the stack's one shared sign-in.

IAM allows 5,000 users per account and 1,000 roles by default; a federated stack needs neither
per person. The identity provider signs everyone in to one place and sends the person's id as
session tags, and the only per-person resource is the profile:

* ``federation: saml``: one role, ``/studio-access/<federatedRoleName>``, carrying no access tag,
  with the member policy attached, that trusts only ``samlProviderArn``: ``sts:AssumeRoleWithSAML``
  with ``sts:TagSession``, the SAML audience of the partition, both access tags required in the
  request and no other tag key allowed;
* ``federation: identity-center``: one permission set, ``permissionSetName``, with the member
  policy inline, assigned to ``identityCenterGroupId`` in the workload account. Identity Center
  sends the tags from its instance-wide attributes for access control, which the docs show and
  the program never writes (it does not own the mapping).

The identity provider sends the id as both tags (``<tagKey>`` and ``<tagKey>-profile``), so a
federated person's profile is named as the id. The binding honours a tag on these sessions only:
the shared role's ARN, or an Identity Center permission-set role's, which only Identity Center
can assume. Offboarding untags the profile: a re-used id never opens the old profile.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from components.core import limits
from components.core import logical_names as names
from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH, iam_arn
from components.core.registrations import STACK, Lookup, Ref, Registration
from components.core.requests import ALICE, Caller, Scenario
from components.core.settings.operators import OWNER_TAG_KEY, owner_tag_value
from components.kinds import identity_center
from components.kinds.base import CliOption, Found, Kind, Person, Principal
from components.kinds.iam_role import ROLE, ROLE_ATTACHMENT, SAML_AUDIENCES

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

FEDERATIONS = ("saml", "identity-center")
PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
ACCOUNT_ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
#: Where Identity Center creates the role of a permission set in each account it is assigned to.
IDENTITY_CENTER_ROLES = "role/aws-reserved/sso.amazonaws.com/"


@dataclass(frozen=True)
class FederatedPrincipal(Principal):
    """A person who signs in through the stack's federation: nothing but the id to configure."""

    kind: ClassVar[str] = "federated"


class Federated(Kind):
    name = "federated"
    word = "federated session"
    description = (
        "a session of the stack's shared sign-in (federation), tagged by the identity provider"
    )
    issue_form_label = "Federated sign-in"

    def unavailable(self, settings: Settings) -> str | None:
        if settings.federation is None:
            return (
                "federated principals sign in through the stack's federation, which is not set: "
                "pulumi config set federation saml (or identity-center)"
            )
        if settings.auth_mode != "iam":
            return "federation serves domains in IAM mode (authMode: iam)"
        return None

    def settings_problems(self, settings: Settings) -> list[tuple[str, str]]:
        """``federation`` and the keys of its variant: present, and as the AWS models allow; the
        keys of the other variant unset."""
        stray = _stray_keys(settings)
        if settings.federation is None or stray:
            return stray
        if settings.federation not in FEDERATIONS:
            return [
                (
                    "federation",
                    f"federation must be one of {', '.join(FEDERATIONS)}, got {settings.federation!r}",
                )
            ]
        if settings.auth_mode != "iam":
            return [("federation", "federation serves domains in IAM mode (authMode: iam)")]
        if settings.federation == "saml":
            return _saml_problems(settings)
        return _identity_center_problems(settings)

    def read(self, reader, node, fields, settings) -> Principal:
        return FederatedPrincipal()

    def roster_problems(self, users: Sequence[Person]) -> list[tuple[Person, str]]:
        """The identity provider sends one value for both tags: the profile is named as the id."""
        return [
            (
                user,
                f"a federated session carries its id as both access tags, so its profile is named "
                f"as the id: remove profile_name {user.profile_name!r} (or set it to {user.id!r})",
            )
            for user in users
            if user.profile_name != user.id
        ]

    def session_arn(self, user: Person, settings: Settings) -> str | None:
        return _session_arn(settings)

    def stack_warnings(
        self, users: Sequence[Person], settings: Settings, everyone: Sequence[Person] = ()
    ) -> list[str]:
        """The identity provider may send any id: the ids of people who sign in otherwise too;
        and Identity Center administered in the workload account."""
        found = []
        if settings.federation == "identity-center":
            found += identity_center.administered_in_workload_account(settings)
        others = [u.id for u in everyone if u.active and u.principal.kind != self.name]
        if settings.federation is None or not others:
            return found
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        return [
            f"federation: a session of the shared sign-in opens the profile of whatever id the "
            f"identity provider sends, including the ids of those who sign in otherwise ({shown}): "
            "make sure it sends none of them (or make those people federated too)",
            *found,
        ]

    def stack_registrations(self, settings: Settings) -> list[Registration | Lookup]:
        """The shared role (SAML) or permission set (Identity Center), once per stack."""
        if settings.federation == "saml":
            return _saml_registrations(settings)
        if settings.federation == "identity-center":
            return _identity_center_registrations(settings)
        return []

    def bound_arns(self, settings: Settings) -> list[str]:
        """Only the shared sign-in's sessions carry tags the identity provider sent."""
        return shared_sign_in_roles(settings)

    def callers(self, settings: Settings) -> list[Caller]:
        arn = _session_arn(settings)
        return [Caller("federated-session", "federated session", arn, ALICE)] if arn else []

    def scenarios(self) -> list[Scenario]:
        return _ATTACKS

    def recognise(self, user_id: str, found: Found, settings: Settings) -> str | None:
        return f"IAM {found.kind} {found.name} exists, but a federated session has no principal"

    def stack_roles(self, settings: Settings) -> list[tuple[str, str]]:
        """The shared role of ``federation: saml``."""
        if settings.federation != "saml":
            return []
        name = settings.federated_role_name
        return [(name, f"the shared role of federated sessions (federatedRoleName {name!r})")]

    def cli_options(self) -> tuple[CliOption, ...]:
        return (
            CliOption(
                "--federated",
                "signs in through the stack's federation; the id is what the identity provider "
                "sends",
            ),
        )

    def from_cli(self, values: Mapping[str, Any], settings: Settings) -> Principal:
        return FederatedPrincipal()

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        if principal is None:
            return ["# principal:", "#   type: federated"]
        return ["principal:", "  type: federated"]


def shared_sign_in_roles(settings: Settings, *, any_permission_set: bool = False) -> list[str]:
    """The role (an ARN pattern) whose sessions carry the tags the identity provider sends: the
    shared SAML role, or every role Identity Center provisions for the permission set (one per
    account and, with several regions, per region; its name ends in 16 characters of its own).
    Whoever could change its trust or policies could hand out any identity, so the guards keep it
    as they keep a member's role.

    Identity Center's attributes for access control are instance-wide: every permission set's
    sessions carry them, the administrators' too. ``any_permission_set`` gives the pattern of all
    of them, for the organization guard, which binds those sessions as well and must not lock
    them out; their tags, too, come from Identity Center alone.
    """
    if settings.federation == "saml":
        return [iam_arn(settings, f"role{MANAGED_PATH}{settings.federated_role_name}")]
    if settings.federation == "identity-center":
        name = "*" if any_permission_set else f"{settings.permission_set_name}_{'?' * 16}"
        return [iam_arn(settings, f"{IDENTITY_CENTER_ROLES}*AWSReservedSSO_{name}")]
    return []


def _session_arn(settings: Settings) -> str | None:
    """The ``aws:PrincipalArn`` of a federated session, as a template with ``{iam}``."""
    if settings.federation == "saml":
        return f"{{iam}}:role{MANAGED_PATH}{settings.federated_role_name}"
    if settings.federation == "identity-center":
        name = f"AWSReservedSSO_{settings.permission_set_name}_0123456789abcdef"
        return f"{{iam}}:{IDENTITY_CENTER_ROLES}eu-west-1/{name}"
    return None


#: Each variant's keys: (stack key, ``Settings`` attribute).
_VARIANT_KEYS = {
    "saml": (
        ("samlProviderArn", "saml_provider_arn"),
        ("federatedRoleName", "federated_role_name"),
    ),
    "identity-center": (
        ("identityCenterInstanceArn", "identity_center_instance_arn"),
        ("identityCenterGroupId", "identity_center_group_id"),
        ("permissionSetName", "permission_set_name"),
    ),
}


def _stray_keys(settings: Settings) -> list[tuple[str, str]]:
    """Keys of a variant the stack does not use, set anyway: a mistake, never silently ignored."""
    from components.core.settings.stack import Settings as Defaults

    defaults = Defaults()
    problems = []
    for variant, keys in _VARIANT_KEYS.items():
        if variant == settings.federation:
            continue
        for key, attribute in keys:
            if getattr(settings, attribute) != getattr(defaults, attribute):
                now = settings.federation or "unset"
                problems.append(
                    (key, f"{key} applies to federation: {variant} only (federation is {now})")
                )
    return problems


def _saml_problems(settings: Settings) -> list[tuple[str, str]]:
    problems = []
    arn = settings.saml_provider_arn
    example = f"arn:{settings.partition}:iam::123456789012:saml-provider/Corp"
    if arn is None:
        problems.append(
            ("federation", f"federation: saml needs samlProviderArn, for example {example}")
        )
    elif not (limits.SAML_PROVIDER_RE.match(arn) and limits.TRUSTED_RE.match(arn)):
        problems.append(
            (
                "samlProviderArn",
                f"samlProviderArn: {arn!r} is not a SAML provider ARN such as {example}",
            )
        )
    elif why := limits.partition_problem(arn, settings.partition):
        problems.append(("samlProviderArn", f"samlProviderArn: {why}"))
    name = settings.federated_role_name
    if not (len(name) <= limits.IAM_PRINCIPAL_NAME_MAX and limits.IAM_NAME_RE.match(name)):
        problems.append(
            (
                "federatedRoleName",
                f"federatedRoleName {name!r} is not an IAM role name (1-64 letters, digits and +=,.@_-)",
            )
        )
    return problems


def _identity_center_problems(settings: Settings) -> list[tuple[str, str]]:
    partition = settings.partition
    checks = (
        (
            "identityCenterInstanceArn",
            settings.identity_center_instance_arn,
            limits.SSO_INSTANCE_ARN_RE,
            "the instance's ARN",
            "an Identity Center instance ARN",
            f"arn:{partition}:sso:::instance/ssoins-0123456789abcdef",
        ),
        (
            "identityCenterGroupId",
            settings.identity_center_group_id,
            limits.IDENTITY_STORE_GROUP_ID_RE,
            "the id of the group whose members sign in",
            "an identity store group id",
            "1234567890-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, or a UUID",
        ),
    )
    problems = []
    for key, value, pattern, what, noun, example in checks:
        if not value:
            problems.append(
                ("federation", f"federation: identity-center needs {key}, {what}: {example}")
            )
        elif not pattern.match(value):
            problems.append((key, f"{key}: {value!r} is not {noun}; for example {example}"))
    if not limits.PERMISSION_SET_NAME_RE.match(settings.permission_set_name):
        problems.append(
            (
                "permissionSetName",
                f"permissionSetName {settings.permission_set_name!r} is not a permission set name "
                "(1-32 letters, digits and +=,.@_-)",
            )
        )
    return problems


def saml_trust_policy(settings: Settings) -> dict[str, Any]:
    """The shared role's trust: the stack's SAML provider only, with both access tags and no other."""
    keys = [settings.tag_key, settings.profile_tag_key]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SignInThroughTheIdentityProvider",
                "Effect": "Allow",
                "Principal": {"Federated": settings.saml_provider_arn},
                "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
                "Condition": {
                    "StringEquals": {"SAML:aud": SAML_AUDIENCES[settings.partition]},
                    "Null": {
                        **{f"aws:RequestTag/{key}": "false" for key in keys},
                        "sts:TransitiveTagKeys": "true",
                    },
                    "ForAllValues:StringEquals": {"aws:TagKeys": keys},
                },
            }
        ],
    }


def _saml_registrations(settings: Settings) -> list[Registration | Lookup]:
    role = names.access_child("federated-role")
    return [
        Registration(
            ROLE,
            role,
            {
                "name": settings.federated_role_name,
                "path": MANAGED_PATH,
                "assume_role_policy": json.dumps(saml_trust_policy(settings), indent=2),
                "description": "Studio Access: everyone the identity provider signs in to Studio.",
                "force_detach_policies": True,
            },
            delete_before_replace=True,
        ),
        Registration(
            ROLE_ATTACHMENT,
            names.access_child("federated-policy"),
            {"role": Ref(role, "name"), "policy_arn": Ref(STACK, "policy_arn")},
        ),
    ]


def permission_set_owner_tag(settings: Settings) -> dict[str, str]:
    """The tag the program sets on the permission set when it creates it, by which the write
    roles' policies (``policies.ci.federation_access``) recognise it among the instance's."""
    return {OWNER_TAG_KEY: owner_tag_value(settings.domain_id, settings.permission_set_name)}


def _identity_center_registrations(settings: Settings) -> list[Registration | Lookup]:
    """The permission set with the member policy inline, assigned to the group in this account."""
    permission_set = names.access_child("permission-set")
    account = names.access_child("account")
    instance = settings.identity_center_instance_arn
    return [
        Lookup(CALLER_IDENTITY, account, {}, "the stack's account could not be read"),
        Registration(
            PERMISSION_SET,
            permission_set,
            {
                "name": settings.permission_set_name,
                "instance_arn": instance,
                "description": "Studio Access: everyone Identity Center signs in to Studio.",
                # Set at creation: the deploy and Identity Center roles change only what has it.
                "tags": permission_set_owner_tag(settings),
            },
            provider=identity_center.PROVIDER,
        ),
        Registration(
            INLINE_POLICY,
            names.access_child("permission-set-policy"),
            {
                "instance_arn": instance,
                "permission_set_arn": Ref(permission_set, "arn"),
                "inline_policy": Ref(STACK, "policy_text"),
            },
            provider=identity_center.PROVIDER,
        ),
        Registration(
            ACCOUNT_ASSIGNMENT,
            names.access_child("account-assignment"),
            {
                "instance_arn": instance,
                "permission_set_arn": Ref(permission_set, "arn"),
                "principal_id": settings.identity_center_group_id,
                "principal_type": "GROUP",
                "target_id": Ref(account, "account_id"),
                "target_type": "AWS_ACCOUNT",
            },
            provider=identity_center.PROVIDER,
        ),
    ]


_EVERYONE_BOUND = frozenset({"member", "execution", "none"})
_SHARED_ROLE = "{managed}{federated_role}"
_PERMISSION_SET_ROLE = (
    "{iam}:" + IDENTITY_CENTER_ROLES + "eu-west-1/AWSReservedSSO_{permission_set}_0123456789abcdef"
)

#: What a federated stack adds to the proof: taking over the shared sign-in.
_ATTACKS = [
    Scenario(
        "signs in through a second role that trusts the identity provider, with a colleague's id",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        {"sagemaker:ResourceTag/{key}": "bob"},
        closes=(sid.ACCESS_TAG_BINDING, sid.PROFILE_TAG_BINDING),
        kinds=frozenset({"none"}),
        session_tags={"{key}": "bob", "{profile_key}": "bob"},
        requires="federation",
    ),
    *(
        Scenario(
            f"{what} ({action})",
            action,
            _SHARED_ROLE,
            context,
            closes=closes,
            kinds=kinds,
            requires="federation=saml",
        )
        for what, action, context, closes, kinds in (
            (
                "rewrites the trust policy of the shared federated role",
                "iam:UpdateAssumeRolePolicy",
                {},
                (sid.MANAGED_PRINCIPALS,),
                _EVERYONE_BOUND,
            ),
            (
                "deletes the shared federated role",
                "iam:DeleteRole",
                {},
                (sid.MANAGED_PRINCIPALS,),
                _EVERYONE_BOUND,
            ),
            (
                "detaches the member policy from the shared federated role",
                "iam:DetachRolePolicy",
                {"iam:PolicyARN": "{iam}:policy/{policy}"},
                (sid.DETACH_ROLE_POLICY,),
                frozenset({"member", "execution"}),
            ),
        )
    ),
    *(
        Scenario(
            f"{what} ({action})",
            action,
            _PERMISSION_SET_ROLE,
            closes=(sid.MANAGED_PRINCIPALS,),
            kinds=_EVERYONE_BOUND,
            requires="federation=identity-center",
        )
        for what, action in (
            (
                "rewrites the trust policy of the permission set's role",
                "iam:UpdateAssumeRolePolicy",
            ),
            ("deletes the member policy from the permission set's role", "iam:DeleteRolePolicy"),
        )
    ),
    *(
        Scenario(
            f"{what} ({action})",
            action,
            resource,
            closes=(sid.IDENTITY_CENTER,),
            kinds=_EVERYONE_BOUND,
            requires="federation=identity-center",
        )
        for what, action, resource in (
            (
                "changes which Identity Center attribute becomes the access tag",
                "sso:UpdateInstanceAccessControlAttributeConfiguration",
                "arn:aws:sso:::instance/ssoins-0123456789abcdef",
            ),
            (
                "rewrites the member policy inline in the permission set",
                "sso:PutInlinePolicyToPermissionSet",
                "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef",
            ),
            (
                "changes a user's attributes in the identity store",
                "identitystore:UpdateUser",
                "arn:aws:identitystore::123456789012:identitystore/d-0123456789",
            ),
        )
    ),
]

KIND = Federated()
