"""A Deny statement as every document writes it, and the exemptions the organization guard adds.

The member policy, the execution-role guard and the organization guard write their Deny
statements through ``deny``, so that a statement's keys always come in one order and the text
never changes between runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Statement = dict[str, Any]
Condition = Mapping[str, Mapping[str, Any]]


def deny(
    sid: str,
    action: Sequence[str] | str | None = None,
    resource: Sequence[str] | str | None = None,
    *,
    not_action: Sequence[str] | None = None,
    not_resource: Sequence[str] | None = None,
    condition: Condition | None = None,
) -> Statement:
    """A Deny statement with its keys in a fixed order, so the text never changes between runs."""
    statement: Statement = {"Sid": sid, "Effect": "Deny"}
    if not_action is not None:
        statement["NotAction"] = _one(not_action)
    else:
        statement["Action"] = _one(action or "*")
    if not_resource is not None:
        statement["NotResource"] = _one(not_resource)
    else:
        statement["Resource"] = _one(resource or "*")
    if condition:
        statement["Condition"] = {operator: dict(keys) for operator, keys in condition.items()}
    return statement


def _one(value: Sequence[str] | str) -> str | list[str]:
    if isinstance(value, str):
        return value
    return value[0] if len(value) == 1 else list(value)


def with_exemption(statements: list[Statement], exempt: Condition | None) -> list[Statement]:
    """Add ``exempt`` (operator -> key -> values) to every statement's condition."""
    if not exempt:
        return statements
    for statement in statements:
        condition = statement.setdefault("Condition", {})
        for operator, keys in exempt.items():
            condition[operator] = {**condition.get(operator, {}), **keys}
    return statements
