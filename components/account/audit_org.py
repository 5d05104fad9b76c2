"""Audit the organization guard: the SCP's content and where it is attached.

Only with ``orgGuard`` on. Organizations answers from the management account (or a delegated
administrator), so the audit assumes ``orgGuardRoleArn`` when it is set, exactly as the program
does, and otherwise asks with the caller's own credentials.
"""

from __future__ import annotations

import json

from ..policies.org_guard import scp_text
from ..roster.settings import Settings
from .findings import Finding, finding
from .session import Aws

SCP_TYPE = "SERVICE_CONTROL_POLICY"
#: The largest page ``ListPolicies`` and ``ListTargetsForPolicy`` return.
PAGE_SIZE = 20
SESSION_NAME = "studio-access-audit"


def org_findings(aws: Aws, settings: Settings) -> list[Finding]:
    """The SCP is missing, its content differs, or its targets differ from ``orgGuardTargets``."""
    if not settings.org_guard:
        return []
    expected = scp_text(settings)
    role = settings.org_guard_role_arn
    org = aws.assume(role, SESSION_NAME) if role else aws
    name = settings.org_guard_policy_name
    summary = next(
        (
            policy
            for policy in org.items(
                "organizations", "list_policies", "Policies", PAGE_SIZE, Filter=SCP_TYPE
            )
            if policy["Name"] == name
        ),
        None,
    )
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
