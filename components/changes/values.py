"""A changed value before and after, in a reviewer's words: who may assume a role, which role runs.

A change of who may become a person is the most dangerous edit a pull request makes, and a field
name alone (``principal``) hides it. So the report shows which principals a role now trusts and
which it no longer does, and the execution role before and after, always in full: an item cut
short or counted as "and N more" could hide the one that lets an outsider in.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from components.core.access_dates import DATE_KEYS
from components.roster.users import UserSpec


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
                out.append(moved(f"principal.{field.name}", old, new))
    if "team" in changed:
        out.append(f"team {shown(before.team)} → {shown(after.team)}")
    if "execution_role_arn" in changed:
        default = "the domain's default"
        old_role = shown(before.execution_role_arn, default)
        out.append(f"execution_role_arn {old_role} → {shown(after.execution_role_arn, default)}")
    return out


def _day(value) -> str:
    return value.isoformat() if value is not None else "none"


def moved(name: str, old: object, new: object) -> str:
    """``name A → B``; for lists, the items added and removed, each in full."""
    if isinstance(old, tuple | list) or isinstance(new, tuple | list):
        before = list(old) if isinstance(old, tuple | list) else []
        after = list(new) if isinstance(new, tuple | list) else []
        added = [item for item in after if item not in before]
        removed = [item for item in before if item not in after]
        parts = [
            f"{word} {', '.join(map(str, items))}"
            for word, items in (("added", added), ("removed", removed))
            if items
        ]
        return f"{name}: {'; '.join(parts) or 'the same items, reordered'}"
    return f"{name} {shown(old)} → {shown(new)}"


def shown(value: object, unset: str = "none") -> str:
    """A value in full on one line: a list's items joined by commas."""
    if value is None or value == ():
        return unset
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)
