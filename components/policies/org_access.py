"""What the CI roles (or the org role) need in AWS Organizations to manage the organization guard.

With ``orgGuard`` on, the program creates one service control policy and attaches it to the
configured targets. Organizations lives in the management (or delegated administrator) account:
with ``orgGuardRoleArn`` the CI roles only assume that role, which holds these permissions
(``ci-policy --role org``); without it the deploy role holds them itself. Policy ids are
generated, so the policy is scoped by its type (``organizations:PolicyType``) and the targets by
their ids.
"""

from __future__ import annotations

from ..roster.settings import Settings
from .statements import allow

SCP_TYPE = "SERVICE_CONTROL_POLICY"
#: What ``pulumi preview --refresh`` reads for the policy (and, per target, its attachments).
ORG_READS = (
    "organizations:DescribePolicy",
    "organizations:ListTagsForResource",
    "organizations:ListTargetsForPolicy",
)
TARGET_READS = ("organizations:ListPoliciesForTarget",)
#: How ``audit`` finds the policy by name (it has no resource type): the org role's and the
#: audit role's, never the preview role's.
LIST_POLICIES = ("organizations:ListPolicies",)
#: What ``pulumi up`` adds to change and delete the policy; creating it is scoped by its type.
ORG_WRITES = ("organizations:DeletePolicy", "organizations:UpdatePolicy")
ORG_TAGS = ("organizations:TagResource", "organizations:UntagResource")
ORG_ATTACH = ("organizations:AttachPolicy", "organizations:DetachPolicy")


def ci_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """The CI role's part: assume the org role, or manage the guard itself; nothing when it is off."""
    if not settings.org_guard:
        return []
    if settings.org_guard_role_arn:
        return [allow("AssumeOrgGuardRole", ("sts:AssumeRole",), [settings.org_guard_role_arn])]
    return _org_statements(settings, write=write)


def org_role_statements(settings: Settings) -> list[dict[str, object]]:
    """The org role's policy: read and manage the guard, and find it by name for ``audit``.

    Its trust names the deploy role, which changes the guard, and the preview and audit roles,
    which read it.
    """
    if not has_org_role(settings):
        raise ValueError("ci-policy --role org needs orgGuard and orgGuardRoleArn in the stack")
    return [
        *_org_statements(settings, write=True),
        allow("ListOrgPolicies", LIST_POLICIES, ["*"]),
    ]


def has_org_role(settings: Settings) -> bool:
    """Whether the stack assumes an org role for the guard (``orgGuard`` with ``orgGuardRoleArn``)."""
    return bool(settings.org_guard and settings.org_guard_role_arn)


def policies_arn(settings: Settings) -> str:
    """Every service control policy of any organization, in the stack's partition."""
    return f"arn:{settings.partition}:organizations::*:policy/o-*/service_control_policy/p-*"


def _org_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    policies = policies_arn(settings)
    scp_only = {"StringEquals": {"organizations:PolicyType": SCP_TYPE}}
    statements = [
        allow("ReadOrgGuard", ORG_READS, [policies]),
        allow("ReadOrgGuardTargets", TARGET_READS, _targets(settings)),
    ]
    if write:
        statements += [
            allow("CreateOrgGuardPolicy", ("organizations:CreatePolicy",), ["*"], **scp_only),
            allow("ManageOrgGuardPolicy", ORG_WRITES, [policies], **scp_only),
            allow("TagOrgGuardPolicy", ORG_TAGS, [policies]),
            allow("AttachOrgGuard", ORG_ATTACH, [policies, *_targets(settings)]),
        ]
    return statements


def _targets(settings: Settings) -> list[str]:
    """The ARNs of the configured targets: accounts, organizational units, the root."""
    base = f"arn:{settings.partition}:organizations::*"
    arns = []
    for target in settings.org_guard_targets:
        if target.startswith("ou-"):
            arns.append(f"{base}:ou/o-*/{target}")
        elif target.startswith("r-"):
            arns.append(f"{base}:root/o-*/{target}")
        else:
            arns.append(f"{base}:account/o-*/{target}")
    return arns
