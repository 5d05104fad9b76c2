"""An Allow statement as the CI roles' policies write it: sorted actions, one resource or a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def allow(
    sid: str, actions: Iterable[str], resources: list[str], **condition: object
) -> dict[str, object]:
    """An Allow statement with its keys in a fixed order, so the text never changes between runs.

    Args:
        sid: the statement's id (letters and digits).
        actions: the actions, written sorted.
        resources: the ARN patterns; one is written as a string.
        condition: operator -> {key: value}, as IAM writes a Condition.
    """
    statement: dict[str, object] = {
        "Sid": sid,
        "Effect": "Allow",
        "Action": sorted(actions),
        "Resource": resources[0] if len(resources) == 1 else resources,
    }
    if condition:
        statement["Condition"] = condition
    return statement


def granted(statements: Iterable[Mapping[str, object]]) -> set[str]:
    """Every action ``statements`` list, each written by ``allow`` (its ``Action`` a list)."""
    found: set[str] = set()
    for statement in statements:
        actions = statement["Action"]
        if not isinstance(actions, list):
            raise TypeError(f"statement {statement.get('Sid')} does not list its actions")
        found.update(actions)
    return found
