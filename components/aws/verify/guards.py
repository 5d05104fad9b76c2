"""The guards read back: the member policy's and the execution-role guard's default versions,
the group and the execution roles they are attached to, and the permission set's inline policy.

The texts come from ``GetAccountAuthorizationDetails`` (already read for the principals), so
this costs no call of its own unless a text differs: then Access Analyzer says how (``analyzer``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from components.aws.audit.findings import WARNING, Finding
from components.aws.client.session import Aws
from components.aws.read.iam_inventory import IamInventory, ManagedPolicy
from components.aws.verify.analyzer import EQUIVALENT, meaning
from components.aws.verify.canonical import same
from components.aws.verify.expected import Expected
from components.aws.verify.findings import finding
from components.core.settings.stack import Settings
from components.policies.member import part_names

_RESTORE = "run pulumi up to restore it"
#: Where Identity Center creates the roles of its permission sets, and their names' prefix.
IDENTITY_CENTER_PATH = "/aws-reserved/sso.amazonaws.com/"
PERMISSION_SET_ROLE = "AWSReservedSSO_"


def parts(
    iam: IamInventory, name: str, texts: Sequence[str]
) -> list[tuple[str, ManagedPolicy | None]]:
    """Each managed policy of a document (one, or the parts of a split one): its name as the
    program names it, and the live policy of that name, if any."""
    return [(part, iam.policy(part)) for part in part_names(name, len(texts))]


def guard_findings(
    aws: Aws, want: Expected, settings: Settings, iam: IamInventory
) -> list[Finding]:
    """The two managed guards: present, as built, attached to the group and execution roles."""
    members = parts(iam, settings.policy_name, want.member_texts)
    guards = parts(iam, settings.execution_role_policy_name, want.guard_texts)
    found: list[Finding] = []
    for (name, policy), text in zip(members, want.member_texts, strict=True):
        found += _policy(aws, policy, name, text, "member policy")
    for (name, policy), text in zip(guards, want.guard_texts, strict=True):
        found += _policy(aws, policy, name, text, "execution-role guard")
    group = iam.group(settings.group_name)
    if group is None:
        found.append(
            finding(
                "principal-missing",
                f"IAM group {settings.group_name}",
                f"the group {settings.group_name} does not exist",
                "run pulumi up to create it",
            )
        )
    else:
        found += [
            _detached(group.arn, f"the group {group.name}", member, "DetachGroupPolicy")
            for _, member in members
            if member is not None and member.arn not in group.attached
        ]
    for arn in want.shared_execution_roles:
        role = iam.role_by_arn(arn)
        if role is None:
            found.append(
                finding(
                    "principal-missing",
                    arn,
                    f"the execution role {arn} does not exist",
                    "create it, or correct defaultExecutionRoleArn or execution_role_arn",
                )
            )
        else:
            found += [
                _detached(arn, f"the execution role {role.name}", guard, "DetachRolePolicy")
                for _, guard in guards
                if guard is not None and guard.arn not in role.attached
            ]
    return found + _permission_set(aws, want, iam)


def _policy(
    aws: Aws, policy: ManagedPolicy | None, name: str, built: str, what: str
) -> list[Finding]:
    if policy is None:
        return [
            finding(
                "guard-missing",
                f"IAM policy {name}",
                f"the {what} {name} does not exist",
                "run pulumi up to create it",
            )
        ]
    return text_findings(
        aws,
        policy.document,
        built,
        policy.arn,
        f"the default version of the {what} {name}",
        f"{_RESTORE}; find who changed it (CloudTrail: CreatePolicyVersion, "
        "SetDefaultPolicyVersion)",
    )


def text_findings(
    aws: Aws,
    live: Mapping[str, Any] | None,
    built: str,
    resource: str,
    what: str,
    action: str,
    kind: str = "guard-text-differs",
) -> list[Finding]:
    """Nothing when ``live`` is ``built`` in canonical form, else one finding that says, from
    Access Analyzer, how it differs (a warning when equivalent)."""
    if live is not None and same(live, built):
        return []
    if live is None:
        return [finding(kind, resource, f"{what} has no readable document", action)]
    verdict = meaning(aws, live, built)
    return [
        finding(
            kind,
            resource,
            f"{what} differs from the text the commit builds: IAM Access Analyzer finds it "
            f"{verdict}",
            action,
            severity=WARNING if verdict == EQUIVALENT else "",
        )
    ]


def _detached(resource: str, where: str, policy: ManagedPolicy, event: str) -> Finding:
    return finding(
        "guard-detached",
        resource,
        f"{policy.name} is not attached to {where}",
        f"{_RESTORE}; find who detached it (CloudTrail: {event})",
    )


def _permission_set(aws: Aws, want: Expected, iam: IamInventory) -> list[Finding]:
    """The roles Identity Center made for the permission set carry the member policy inline."""
    if want.permission_set is None:
        return []
    prefix = f"{PERMISSION_SET_ROLE}{want.permission_set}_".lower()
    roles = [
        r
        for r in iam.roles
        if r.path.startswith(IDENTITY_CENTER_PATH) and r.name.lower().startswith(prefix)
    ]
    if not roles:
        return [
            finding(
                "principal-missing",
                f"permission set {want.permission_set}",
                f"no role of the permission set {want.permission_set} exists in this account: "
                "it is not provisioned here",
                "run pulumi up; check the account assignment in IAM Identity Center",
            )
        ]
    found = []
    for role in roles:
        documents = list(role.inline.values())
        live = documents[0] if len(documents) == 1 else None
        found += text_findings(
            aws,
            live,
            want.permission_set_text,
            role.arn,
            f"the inline policy of {role.name} (permission set {want.permission_set})",
            "run pulumi up to restore the permission set's inline policy, then re-provision it",
        )
    return found
