"""Audit the organization guard: the SCP's content and where it is attached.

Only with ``orgGuard`` on. Organizations answers from the management account (or a delegated
administrator), so the audit assumes ``orgGuardRoleArn`` when it is set, exactly as the program
does, and otherwise asks with the caller's own credentials.
"""

from __future__ import annotations

import json

from components.aws.audit.findings import Finding, finding
from components.aws.client.session import Aws
from components.core.settings.stack import Settings
from components.policies.org_guard import scp_texts

SCP_TYPE = "SERVICE_CONTROL_POLICY"
#: The largest page ``ListPolicies`` and ``ListTargetsForPolicy`` return.
PAGE_SIZE = 20
SESSION_NAME = "studio-access-audit"


def org_findings(aws: Aws, settings: Settings) -> list[Finding]:
    """An SCP of the guard is missing, its content differs, or its targets differ from
    ``orgGuardTargets``; each SCP of a guard split in several is judged on its own."""
    if not settings.org_guard:
        return []
    org, deployed = deployed_scps(aws, settings, SESSION_NAME)
    found = []
    for name, expected in built_scps(settings):
        found += _one_scp(org, settings, name, expected, deployed.get(name))
    return found


def deployed_scps(aws: Aws, settings: Settings, session: str) -> tuple[Aws, dict[str, dict]]:
    """The organization's session (through the read role, which the audit role may assume; the
    write role only for an operator it trusts) and its SCPs by name."""
    role = settings.org_read_role_arn or settings.org_guard_role_arn
    org = aws.assume(role, session) if role else aws
    policies = org.items("organizations", "list_policies", "Policies", PAGE_SIZE, Filter=SCP_TYPE)
    return org, {policy["Name"]: policy for policy in policies}


def built_scps(settings: Settings) -> list[tuple[str, str]]:
    """Each SCP of the guard as the program names and writes it (a split guard's parts numbered)."""
    return [
        (settings.org_guard_policy_name + ("" if index == 1 else f"-{index}"), text)
        for index, text in enumerate(scp_texts(settings), start=1)
    ]


def _one_scp(
    org: Aws, settings: Settings, name: str, expected: str, summary: dict | None
) -> list[Finding]:
    if summary is None:
        return [
            finding(
                "scp-missing",
                f"SCP {name}",
                f"orgGuard is on but the organization has no service control policy {name}",
                "run pulumi up to create and attach it",
            )
        ]
    policy = org.call("organizations", "describe_policy", PolicyId=summary["Id"])["Policy"]
    found = []
    if json.loads(policy["Content"]) != json.loads(expected):
        found.append(
            finding(
                "scp-text-differs",
                summary["Arn"],
                f"the content of SCP {name} differs from the text the project builds",
                "run pulumi up to restore it; find who changed it (CloudTrail: UpdatePolicy); "
                "python -m components scp prints the expected text",
            )
        )
    return found + _targets(org, settings, summary)


def _targets(org: Aws, settings: Settings, summary: dict) -> list[Finding]:
    """Where the SCP is attached, against ``orgGuardTargets``."""
    targets = {
        target["TargetId"]
        for target in org.items(
            "organizations", "list_targets_for_policy", "Targets", PAGE_SIZE, PolicyId=summary["Id"]
        )
    }
    wanted = set(settings.org_guard_targets)
    if targets == wanted:
        return []
    parts = []
    if wanted - targets:
        parts.append(f"is not attached to {', '.join(sorted(wanted - targets))}")
    if targets - wanted:
        parts.append(f"is also attached to {', '.join(sorted(targets - wanted))}")
    return [
        finding(
            "scp-targets-differ",
            summary["Arn"],
            f"SCP {summary['Name']} {' and '.join(parts)} (orgGuardTargets: "
            f"{', '.join(settings.org_guard_targets)})",
            "run pulumi up to restore the attachments; find who changed them (CloudTrail: "
            "AttachPolicy, DetachPolicy)",
        )
    ]
