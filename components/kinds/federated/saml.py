"""``federation: saml``: one role, ``/studio-access/<federatedRoleName>``, carrying no access tag,
with the member policy attached, that trusts only ``samlProviderArn``: ``sts:AssumeRoleWithSAML``
with ``sts:TagSession``, the SAML audience of the partition, both access tags required in the
request and no other tag key allowed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from components.core import limits
from components.core import logical_names as names
from components.core import statement_ids as sid
from components.core.grants import Grant
from components.core.principal_paths import MANAGED_PATH, iam_arn
from components.core.registrations import STACK, Lookup, Ref, Registration
from components.core.requests import Scenario
from components.kinds.federated.variant import EVERYONE_BOUND, Variant
from components.kinds.iam_role import ROLE, ROLE_ATTACHMENT
from components.kinds.role_trust import SAML_AUDIENCES

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

_SHARED_ROLE = "{managed}{federated_role}"
#: What ``pulumi preview --refresh`` reads of the shared role and its attachment.
ROLE_READS = (
    "iam:GetRole",
    "iam:ListAttachedRolePolicies",
    "iam:ListRolePolicies",
    "iam:ListRoleTags",
)
#: What ``pulumi up`` adds to create, change and delete it.
ROLE_WRITES = (
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:ListInstanceProfilesForRole",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
)


class Saml(Variant):
    name = "saml"
    keys = (
        ("samlProviderArn", "saml_provider_arn"),
        ("federatedRoleName", "federated_role_name"),
    )

    def problems(self, settings: Settings) -> list[tuple[str, str]]:
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

    def registrations(self, settings: Settings) -> list[Registration | Lookup]:
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

    def sign_in_roles(self, settings: Settings, *, any_permission_set: bool = False) -> list[str]:
        return [iam_arn(settings, f"role{MANAGED_PATH}{settings.federated_role_name}")]

    def stack_roles(self, settings: Settings) -> list[tuple[str, str]]:
        name = settings.federated_role_name
        return [(name, f"the shared role of federated sessions (federatedRoleName {name!r})")]

    def ci_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """The untagged shared role, which the deploy role's tag-scoped principal statements do
        not reach: named exactly."""
        role = (iam_arn(settings, f"role{MANAGED_PATH}{settings.federated_role_name}"),)
        grants = [Grant("ReadFederatedRole", ROLE_READS, role)]
        if write:
            policy = iam_arn(settings, f"policy/{settings.policy_name}")
            grants += [
                Grant("ManageFederatedRole", ROLE_WRITES, role),
                Grant(
                    "AttachMemberPolicyToFederatedRole",
                    ("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
                    role,
                    {"ArnLike": {"iam:PolicyARN": policy}},
                ),
            ]
        return grants

    def session_arn(self, settings: Settings) -> str | None:
        return f"{{iam}}:role{MANAGED_PATH}{settings.federated_role_name}"

    def scenarios(self) -> list[Scenario]:
        return _ATTACKS


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


#: Taking over the shared role.
_ATTACKS = [
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
            EVERYONE_BOUND,
        ),
        (
            "deletes the shared federated role",
            "iam:DeleteRole",
            {},
            (sid.MANAGED_PRINCIPALS,),
            EVERYONE_BOUND,
        ),
        (
            "detaches the member policy from the shared federated role",
            "iam:DetachRolePolicy",
            {"iam:PolicyARN": "{iam}:policy/{policy}"},
            (sid.DETACH_ROLE_POLICY,),
            frozenset({"member", "execution"}),
        ),
    )
]

VARIANT = Saml()
