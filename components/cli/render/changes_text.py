"""``check --base``'s list of changes in the text and github formats: one line per change.

The same facts as the pull request report's "This change" (``report_changes``), for a log: who
is added, removed or changed (with each value before and after, the dates too), whose Studio
settings move, which stack settings move and what that does, and which files could not be read.
"""

from __future__ import annotations

from pathlib import Path

from components.changes.access import access_summary
from components.changes.studio import show
from components.changes.users import Changes, change_effect, removal_effect
from components.changes.values import value_changes
from components.cli.render.report_changes import own_settings
from components.core.problems import printable
from components.core.settings.stack import Settings


def changes_text(changes: Changes, settings: Settings) -> str:
    """``changes since REF:`` and a line per change, or ``none``."""
    lines = [f"changes since {changes.base}:"]
    for user in changes.added:
        terms = access_summary(user)
        lines.append(
            f"  added   {user.id} ({user.principal_type}, profile {user.profile_name})"
            + (f"; {printable(terms)}" if terms else "")
            + (f"; Studio settings: {printable(own)}" if (own := own_settings(user)) else "")
            + (
                f" (its file could not be read at {changes.base})"
                if user.id in changes.repaired
                else ""
            )
        )
    lines += [f"  removed {u.id}: {removal_effect(u, settings)}" for u in changes.removed]
    for before, after, fields in changes.changed:
        parts = [*value_changes(before, after, fields), change_effect(before, after, settings)]
        effect = "; ".join(part for part in parts if part)
        lines.append(
            f"  changed {after.id}: {', '.join(fields)}"
            + (f"; {printable(effect)}" if effect else "")
        )
    for change in changes.studio:
        keys = "; ".join(
            f"{key} {show(key, old)} -> {show(key, new)}" for key, old, new in change.keys
        )
        lines.append(f"  studio  {', '.join(change.users)}: {keys}")
    for stack in changes.stack:
        effect = f": {stack.effect}" if stack.effect else ""
        lines.append(printable(f"  stack   {stack.key} {stack.before} -> {stack.after}{effect}"))
    unread = _unread(changes)
    lines += unread
    if changes.empty and not unread:
        lines.append("  none")
    return "\n".join(lines)


def _unread(changes: Changes) -> list[str]:
    """The files one side could not read; a file read now is judged as it is now."""
    fixed = {Path(u.source).name for u in changes.added if u.id in changes.repaired}
    lines = [f"  not read (not judged) {name}" for name in changes.unreadable]
    for name in changes.unreadable_base:
        judged = "judged as it is now" if Path(name).name in fixed else "not judged"
        lines.append(f"  not read at {changes.base} ({judged}) {name}")
    return lines
