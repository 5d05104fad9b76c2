"""Audit the guards: the member policy and the execution-role guard, their text and attachments.

Tags decide who opens what only while the Deny statements are in place: the member policy on the
group and on every role principal, the execution-role guard on every execution role a managed
profile runs with. A detached policy, or a default version someone rewrote, silently turns the
isolation off; the documents are compared as parsed JSON with the exact text the project builds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from components import kinds
from components.aws.audit.arn_case import case_variant
from components.aws.audit.findings import Finding, finding
from components.aws.read.iam_inventory import IamInventory, ManagedPolicy, Principal
from components.aws.read.studio_inventory import Domain
from components.core.settings.stack import Settings
from components.kinds.execution_roles import execution_role_name
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import part_names, policy_texts
from components.roster.users import UserSpec

_RESTORE = "run pulumi up to restore it"


def policy_findings(
    users: Sequence[UserSpec], settings: Settings, iam: IamInventory, domain: Domain
) -> list[Finding]:
    """Missing or rewritten policies, missing attachments, and unmanaged members of the group."""
    member = iam.policy(settings.policy_name)
    guard = iam.policy(settings.execution_role_policy_name)
    found = _documents(iam, settings.policy_name, policy_texts(settings), "member policy")
    found += _documents(
        iam,
        settings.execution_role_policy_name,
        execution_role_policy_texts(settings),
        "execution-role guard",
    )
    found += _group(users, settings, iam, member)
    active = [user for user in users if user.active]
    for user in active:
        kind = kinds.kind_of(user.principal_type)
        entity = kind.iam_entity
        # A principal outside the group carries the member policy itself.
        role = iam.principal(entity, user.id) if entity and not kind.joins_group else None
        if role is not None and member is not None and member.arn not in role.attached:
            found.append(_detached("role-attachment-missing", role, member, f"user {user.id!r}"))
    found += _execution_roles(active, settings, iam, guard, domain)
    found += _domain_default(settings, domain)
    return found


def _documents(iam: IamInventory, name: str, texts: list[str], what: str) -> list[Finding]:
    """Each managed policy of a document (one, or the parts of a split one) as the project
    builds it."""
    found = []
    for part, text in zip(part_names(name, len(texts)), texts, strict=True):
        found += _document(iam.policy(part), part, text, what)
    return found


def _document(policy: ManagedPolicy | None, name: str, expected: str, what: str) -> list[Finding]:
    if policy is None:
        return [
            finding(
                "policy-missing",
                f"IAM policy {name}",
                f"the {what} {name} does not exist",
                "run pulumi up to create it",
            )
        ]
    if policy.document != json.loads(expected):
        return [
            finding(
                "policy-text-differs",
                policy.arn,
                f"the default version of the {what} differs from the text the project builds",
                f"{_RESTORE}; find who changed it (CloudTrail: CreatePolicyVersion, "
                "SetDefaultPolicyVersion); python -m components policy prints the expected text",
            )
        ]
    return []


def _group(
    users: Sequence[UserSpec], settings: Settings, iam: IamInventory, member: ManagedPolicy | None
) -> list[Finding]:
    group = iam.group(settings.group_name)
    if group is None:
        return [
            finding(
                "group-missing",
                f"IAM group {settings.group_name}",
                f"the group {settings.group_name} does not exist",
                "run pulumi up to create it",
            )
        ]
    found = []
    if member is not None and member.arn not in group.attached:
        found.append(
            finding(
                "group-attachment-missing",
                group.arn,
                f"the member policy is not attached to the group {group.name}: its members "
                "open every profile",
                f"{_RESTORE}; find who detached it (CloudTrail: DetachGroupPolicy)",
            )
        )
    managed = {
        u.id.lower() for u in users if u.active and kinds.kind_of(u.principal_type).joins_group
    }
    found += [
        finding(
            "unmanaged-group-member",
            user.arn,
            f"IAM user {user.name} is a member of {group.name} but not in users/",
            "add it to users/, or remove it from the group",
        )
        for user in iam.users
        if group.name.lower() in (g.lower() for g in user.groups)
        and user.name.lower() not in managed
    ]
    return found


def _execution_roles(
    active: Sequence[UserSpec],
    settings: Settings,
    iam: IamInventory,
    guard: ManagedPolicy | None,
    domain: Domain,
) -> list[Finding]:
    """Every execution role of a managed profile or a shared space exists and carries the guard
    (the shared spaces' role as configured, and as the domain has it)."""
    configured = [settings.default_execution_role_arn, settings.shared_space_role_arn]
    configured += [domain.default_space_execution_role]
    shared = [arn for arn in configured if arn]
    shared += [u.execution_role_arn for u in active if u.execution_role_arn]
    found = []
    for arn in dict.fromkeys(shared):
        role = iam.role_by_arn(arn) or case_variant(iam, arn)  # the case: arn-case-differs
        if role is None:
            found.append(
                finding(
                    "execution-role-missing",
                    arn,
                    f"the execution role {arn} does not exist",
                    "create it, or correct defaultExecutionRoleArn, "
                    "defaultSpaceExecutionRoleArn or execution_role_arn",
                )
            )
        elif guard is not None and guard.arn not in role.attached:
            found.append(_detached("execution-guard-missing", role, guard, "a managed profile"))
    if settings.per_user_execution_roles:
        for user in active:
            role = iam.principal("role", execution_role_name(user.id))
            if role and not user.execution_role_arn and guard and guard.arn not in role.attached:
                found.append(_detached("execution-guard-missing", role, guard, f"user {user.id!r}"))
    return found


def _detached(kind: str, role: Principal, policy: ManagedPolicy, owner: str) -> Finding:
    return finding(
        kind,
        role.arn,
        f"role {role.name} (of {owner}) lacks {policy.name}",
        f"{_RESTORE}; find who detached it (CloudTrail: DetachRolePolicy)",
    )


def _domain_default(settings: Settings, domain: Domain) -> list[Finding]:
    found = []
    expected = settings.default_execution_role_arn
    if expected is not None and domain.default_execution_role != expected:
        found.append(
            finding(
                "domain-default-role-differs",
                domain.arn,
                f"the domain's default execution role is "
                f"{domain.default_execution_role or 'not set'}, not defaultExecutionRoleArn "
                f"{expected}: the guard is on the wrong role",
                "set defaultExecutionRoleArn to the domain's role (or change the domain's)",
            )
        )
    space = settings.shared_space_role_arn
    actual = domain.default_space_execution_role
    if space is not None and actual is not None and actual != space:
        found.append(
            finding(
                "domain-space-role-differs",
                domain.arn,
                f"the domain's shared spaces run as {actual} (DefaultSpaceSettings), not "
                f"defaultSpaceExecutionRoleArn {space}: check proves the wrong role, and every "
                "member's app in a shared space runs as one it did not judge",
                "set defaultSpaceExecutionRoleArn to the domain's role (or change the domain's: "
                "aws sagemaker update-domain --default-space-settings ExecutionRole=…)",
            )
        )
    return found
