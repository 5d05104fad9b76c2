"""The organization guard read back: each SCP's content and the targets it is attached to.

Only with ``orgGuard``. Organizations answers from the management account or a delegated
administrator, so ``verify`` assumes the org read role when there is one, as ``audit`` does.
Calls: ``ceil(SCPs / 20)`` ``ListPolicies``, and per SCP of the guard one ``DescribePolicy`` and
``ceil(targets / 20)`` ``ListTargetsForPolicy``; two ``CheckNoNewAccess`` for a changed text.
"""

from __future__ import annotations

import json

from components.aws.audit.findings import Finding
from components.aws.audit.organization import PAGE_SIZE, built_scps, deployed_scps
from components.aws.client.session import Aws
from components.aws.verify.findings import finding
from components.aws.verify.guards import text_findings
from components.core.settings.stack import Settings

SESSION_NAME = "studio-access-verify"


def scp_findings(aws: Aws, settings: Settings) -> list[Finding]:
    """Each SCP of the guard exists, holds the built text and is attached to every target."""
    if not settings.org_guard:
        return []
    org, deployed = deployed_scps(aws, settings, SESSION_NAME)
    found = []
    for name, built in built_scps(settings):
        summary = deployed.get(name)
        if summary is None:
            found.append(
                finding(
                    "scp-missing",
                    f"SCP {name}",
                    f"orgGuard is on but the organization has no service control policy {name}",
                    "run pulumi up to create and attach it",
                )
            )
            continue
        policy = org.call("organizations", "describe_policy", PolicyId=summary["Id"])["Policy"]
        found += text_findings(
            aws,
            _parsed(policy.get("Content")),
            built,
            summary["Arn"],
            f"the content of SCP {name}",
            "run pulumi up to restore it; find who changed it (CloudTrail: UpdatePolicy)",
            kind="scp-text-differs",
        )
        found += _targets(org, settings, summary)
    return found


def _parsed(content: object) -> dict | None:
    try:
        document = json.loads(content) if isinstance(content, str) else None
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _targets(org: Aws, settings: Settings, summary: dict) -> list[Finding]:
    attached = {
        target["TargetId"]
        for target in org.items(
            "organizations", "list_targets_for_policy", "Targets", PAGE_SIZE, PolicyId=summary["Id"]
        )
    }
    wanted = set(settings.org_guard_targets)
    found = [
        finding(
            "scp-detached",
            summary["Arn"],
            f"SCP {summary['Name']} is not attached to {target}: the guard binds nobody there",
            "run pulumi up to attach it; find who detached it (CloudTrail: DetachPolicy)",
        )
        for target in sorted(wanted - attached)
    ]
    found += [
        finding(
            "scp-extra-target",
            summary["Arn"],
            f"SCP {summary['Name']} is also attached to {target}, which orgGuardTargets does "
            "not list",
            "add it to orgGuardTargets, or detach it there",
        )
        for target in sorted(attached - wanted)
    ]
    return found
