"""A changed value before and after, in a reviewer's words: who may assume a role, which role runs.

A change of who may become a person is the most dangerous edit a pull request makes, and a field
name alone (``principal``) hides it. So the report shows what was trusted and what is, and the
execution role before and after; long values are shortened where a reviewer would still see the
difference, and the full report's reader has the file itself.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from components.core.access_dates import DATE_KEYS
from components.roster.users import UserSpec

#: Items of a list value shown before "and N more".
ITEMS_SHOWN = 3
#: Characters of one item shown before "…" (an ARN is rarely longer).
ITEM_CHARS = 120


def value_changes(before: UserSpec, after: UserSpec, changed: tuple[str, ...]) -> list[str]:
    """``expires A → B`` (and ``review_after``), ``principal.trusted A → B``, ``team`` and
    ``execution_role_arn`` likewise, for ``changed``: every format shows the same moves.

    A principal of another kind is described by ``change_effect`` (what is deleted and created);
    here only a principal of the same kind whose settings move.
    """
    out = [
        f"{key} {_day(getattr(before, key))} → {_day(getattr(after, key))}"
        for key in DATE_KEYS
        if key in changed
    ]
    if "principal" in changed and type(before.principal) is type(after.principal):
        assert is_dataclass(before.principal)
        for field in fields(before.principal):
            old, new = getattr(before.principal, field.name), getattr(after.principal, field.name)
            if old != new:
                out.append(f"principal.{field.name} {shown(old)} → {shown(new)}")
    if "team" in changed:
        out.append(f"team {shown(before.team)} → {shown(after.team)}")
    if "execution_role_arn" in changed:
        default = "the domain's default"
        old_role = shown(before.execution_role_arn, default)
        out.append(f"execution_role_arn {old_role} → {shown(after.execution_role_arn, default)}")
    return out


def _day(value) -> str:
    return value.isoformat() if value is not None else "none"


def shown(value: object, unset: str = "none") -> str:
    """A value on one short line: lists by their first items, long items cut with ``…``."""
    if value is None or value == ():
        return unset
    if isinstance(value, tuple | list):
        items = [_cut(str(item)) for item in value[:ITEMS_SHOWN]]
        more = f" and {len(value) - ITEMS_SHOWN:,} more" if len(value) > ITEMS_SHOWN else ""
        return ", ".join(items) + more
    return _cut(str(value))


def _cut(text: str) -> str:
    return text if len(text) <= ITEM_CHARS else text[: ITEM_CHARS - 1] + "…"
