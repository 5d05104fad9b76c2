"""Audit the ARNs the stack and users/ name against the ones IAM stores, letter case included.

IAM treats ``role/DataScience`` and ``role/datascience`` as one role (names are unique ignoring
case), but a policy compares ARNs case-sensitively: a guard or exemption written with the other
case names nobody, and every Deny on it misses. Only the account itself knows how IAM spells a
role, so ``audit`` names the stored ARN for each configured one that differs only in case.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from components.aws.audit.findings import Finding, finding
from components.aws.read.iam_inventory import IamInventory, Principal
from components.core.settings.stack import CONFIG_KEYS, Settings
from components.roster.users import UserSpec


def case_variant(iam: IamInventory, arn: str) -> Principal | None:
    """The user or role whose ARN equals ``arn`` ignoring case only, or ``None``."""
    if iam.role_by_arn(arn) is not None:
        return None
    folded = arn.lower()
    return next((p for p in (*iam.roles, *iam.users) if p.arn.lower() == folded), None)


def arn_case_findings(
    users: Sequence[UserSpec], settings: Settings, iam: IamInventory
) -> list[Finding]:
    """One finding per configured ARN that IAM stores in another letter case."""
    found = []
    for where, arn in dict.fromkeys(_configured(users, settings)):
        stored = case_variant(iam, arn)
        if stored is None or stored.arn == arn:
            continue
        found.append(
            finding(
                "arn-case-differs",
                stored.arn,
                f"{where} names {arn}, but IAM stores it as {stored.arn}: policies compare ARNs "
                "case-sensitively, so every guard and exemption written with it misses",
                f"copy {stored.arn} into {where}",
            )
        )
    return found


def _configured(users: Sequence[UserSpec], settings: Settings) -> Iterator[tuple[str, str]]:
    """``(where, arn)`` of every IAM user or role ARN the stack settings and users/ name."""
    for key, attribute in CONFIG_KEYS:
        value = getattr(settings, attribute)
        for arn in value if isinstance(value, tuple) else (value,):
            if _principal_arn(arn):
                yield key, arn
    for user in users:
        if _principal_arn(user.execution_role_arn):
            yield f"{user.source} (execution_role_arn)", user.execution_role_arn  # type: ignore[misc]
        for arn in getattr(user.principal, "trusted", ()):
            if _principal_arn(arn):
                yield f"{user.source} (trusted)", arn


def _principal_arn(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.startswith("arn:")
        and (":role/" in value or ":user/" in value)
    )
