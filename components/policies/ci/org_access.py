"""What the operator's roles need in AWS Organizations to read and manage the organization guard.

With ``orgGuard`` on, the program creates the guard's service control policies and attaches them to
the configured targets. Organizations lives in the management (or delegated administrator)
account. Reads and writes are apart: the preview and audit roles read, directly or through the
org read role (``orgReadRoleArn``, ``ci-policy --role org-read``); only the deploy role writes,
through the org role (``orgGuardRoleArn``, ``ci-policy --role org``) or by itself without one.

Writes reach only the guard's own policies: the program creates each with the tag
``studio-access=<domainId>/<policyName>-org-guard`` (``OWNER_TAG_KEY``), and updating, deleting, attaching,
detaching, tagging and untagging a policy require that tag on it; creating one requires it in the
request, and untagging may never remove it. Policy ids are generated, so the tag, not the ARN,
tells the guard from another team's SCP. Attaching and detaching also name the target: only the
configured ones.
"""

from __future__ import annotations

from components.core.settings.operators import OWNER_TAG_KEY, owner_tag_value
from components.core.settings.stack import Settings
from components.policies.statements import allow, granted

SCP_TYPE = "SERVICE_CONTROL_POLICY"
#: What ``pulumi preview --refresh`` reads for the policy (and, per target, its attachments).
ORG_READS = (
    "organizations:DescribePolicy",
    "organizations:ListTagsForResource",
    "organizations:ListTargetsForPolicy",
)
TARGET_READS = ("organizations:ListPoliciesForTarget",)
#: How ``audit`` finds the policy by name (it has no resource type): the read role's and the
#: audit role's, never the preview role's own.
LIST_POLICIES = ("organizations:ListPolicies",)
#: What ``pulumi up`` adds to change and delete the policy; creating it is scoped by its type.
ORG_WRITES = ("organizations:DeletePolicy", "organizations:UpdatePolicy")
ORG_ATTACH = ("organizations:AttachPolicy", "organizations:DetachPolicy")


def owner_tag(settings: Settings) -> dict[str, str]:
    """The tag the program sets on each of the guard's policies when it creates them."""
    return {OWNER_TAG_KEY: owner_tag_value(settings.domain_id, settings.org_guard_policy_name)}


def ci_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """A CI role's part: nothing without the guard; the deploy role (``write``) assumes the org
    role or manages the guard itself; preview and audit assume the org read role or read."""
    if not settings.org_guard:
        return []
    if write and settings.org_guard_role_arn:
        return [allow("AssumeOrgGuardRole", ("sts:AssumeRole",), [settings.org_guard_role_arn])]
    if not write and settings.org_read_role_arn:
        return [allow("AssumeOrgReadRole", ("sts:AssumeRole",), [settings.org_read_role_arn])]
    return read_statements(settings) + (write_statements(settings) if write else [])


def org_role_statements(settings: Settings) -> list[dict[str, object]]:
    """The org (write) role's policy: read and manage the guard's own policies; only the deploy
    role may assume it."""
    if not has_org_role(settings):
        raise ValueError("ci-policy --role org needs orgGuard and orgGuardRoleArn in the stack")
    return read_statements(settings) + write_statements(settings)


def org_read_role_statements(settings: Settings, extra: tuple[str, ...] = ()) -> list[dict]:
    """The org read role's policy: the guard's reads, and finding it by name (``audit``).

    ``extra``: further Organizations reads the audit role's commands make as this role.
    """
    if not (settings.org_guard and settings.org_read_role_arn):
        raise ValueError("ci-policy --role org-read needs orgGuard and orgReadRoleArn in the stack")
    statements = [*read_statements(settings), allow("ListOrgPolicies", LIST_POLICIES, ["*"])]
    if more := sorted(set(extra) - granted(statements)):
        statements.append(allow("ReadForTheAuditCommands", more, ["*"]))
    return statements


def has_org_role(settings: Settings) -> bool:
    """Whether the stack assumes an org role for the guard (``orgGuard`` with ``orgGuardRoleArn``)."""
    return bool(settings.org_guard and settings.org_guard_role_arn)


def policies_arn(settings: Settings) -> str:
    """Every service control policy of any organization, in the stack's partition."""
    return f"arn:{settings.partition}:organizations::*:policy/o-*/service_control_policy/p-*"


def read_statements(settings: Settings) -> list[dict[str, object]]:
    """What ``pulumi preview --refresh`` reads of the guard and its targets."""
    return [
        allow("ReadOrgGuard", ORG_READS, [policies_arn(settings)]),
        allow("ReadOrgGuardTargets", TARGET_READS, _targets(settings)),
    ]


def write_statements(settings: Settings) -> list[dict[str, object]]:
    """What ``pulumi up`` writes: only on policies carrying the guard's tag, attached only to the
    configured targets."""
    policies = [policies_arn(settings)]
    key, value = next(iter(owner_tag(settings).items()))
    owned = {f"aws:ResourceTag/{key}": value}
    scp = {"organizations:PolicyType": SCP_TYPE}
    return [
        allow(
            "CreateOrgGuardPolicy",
            ("organizations:CreatePolicy",),
            ["*"],
            StringEquals={**scp, f"aws:RequestTag/{key}": value},
        ),
        # The tag alone tells the guard's policies apart (only SCPs are created with it).
        allow("ManageOrgGuardPolicy", ORG_WRITES, policies, StringEquals=owned),
        allow("AttachOrgGuardPolicy", ORG_ATTACH, policies, StringEquals=owned),
        allow("AttachOrgGuardToTargets", ORG_ATTACH, _targets(settings)),
        allow(
            "TagOrgGuardPolicy",
            ("organizations:TagResource",),
            policies,
            StringEquals={**owned, f"aws:RequestTag/{key}": value},
        ),
        allow(
            "UntagOrgGuardPolicy",
            ("organizations:UntagResource",),
            policies,
            StringEquals=owned,
            **{"ForAllValues:StringNotEquals": {"aws:TagKeys": [key]}},
        ),
    ]


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
