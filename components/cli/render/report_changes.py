"""What a pull request does, in a reviewer's words: the first thing the PR report says.

Reviewers approve people, not YAML: who gains access to which profile, who loses it, whose
settings, budget or expiry move, and which profiles are deleted or kept. Every list is one line
per person or per group of people with the same change, so a change of 1,000 files is still read
from the top.
"""

from __future__ import annotations

from components.changes.access import access_summary
from components.changes.studio import SettingsChange, show
from components.changes.users import Changes, change_effect, removal_effect
from components.cli.render.formats import code, md, plural
from components.core.access_dates import DATE_KEYS
from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.roster.users import UserSpec

#: A change of Studio settings names at most this many users, then counts the rest.
SETTINGS_USERS_SHOWN = 10
#: New users opening profiles of their own name are listed on one line, this many by name.
NAMES_SHOWN = 100


def change_summary(changes: Changes) -> str:
    """``1 user gains access, 1 loses it, 2 change; Studio settings of 3 users move``."""
    gains, loses, other = _sorted(changes)
    parts = []
    if gains:
        parts.append(
            f"{plural(len(gains), 'user')} {'gains' if len(gains) == 1 else 'gain'} access"
        )
    if loses:
        parts.append(f"{plural(len(loses), 'user')} {'loses' if len(loses) == 1 else 'lose'} it")
    if other:
        parts.append(f"{plural(len(other), 'user')} {'changes' if len(other) == 1 else 'change'}")
    moved = len({user for change in changes.studio for user in change.users})
    if moved:
        parts.append(f"Studio settings of {plural(moved, 'user')} move")
    return "; ".join(parts) if parts else "no user is added, removed or changed"


def change_items(changes: Changes, settings: Settings) -> list[str]:
    """One Markdown list item per person (or per group with the same new settings)."""
    gains, loses, other = _sorted(changes)
    plain = [user for before, user, _ in gains if before is None and _plain(user)]
    items = _plain_gains(plain)
    items += [_gain(entry) for entry in gains if entry[1] not in plain]
    items += [_loss(entry, settings) for entry in loses]
    items += [_other(entry, settings) for entry in other]
    items += [settings_line(change) for change in changes.studio]
    return items


def deletion_note(changes: Changes, settings: Settings) -> list[str]:
    """The warning a reviewer needs when profiles (and their storage) are about to be deleted."""
    if settings.retain_profiles or not (
        changes.removed or any(b.profile_name != a.profile_name for b, a, _ in changes.changed)
    ):
        return []
    return [
        "⚠️ `profileDeletion: delete`: deleting a profile first deletes its apps and spaces "
        "(`drain`), and a space's storage, the user's home directory, is destroyed with it."
    ]


_Entry = tuple[UserSpec | None, UserSpec, tuple[str, ...]]


def _sorted(changes: Changes) -> tuple[list[_Entry], list[_Entry], list[_Entry]]:
    """Split every added, removed and changed user into gains, losses and other changes."""
    gains: list[_Entry] = []
    loses: list[_Entry] = []
    other: list[_Entry] = []
    for user in changes.added:
        (gains if user.active else other).append((None, user, ()))
    for user in changes.removed:
        (loses if user.active else other).append((user, user, ("removed",)))
    for before, after, fields in changes.changed:
        if before.active != after.active:
            (gains if after.active else loses).append((before, after, fields))
        else:
            other.append((before, after, fields))
    return gains, loses, other


def _plain(user: UserSpec) -> bool:
    """A new user with nothing to tell but their id: their own profile, no dates or reason."""
    return user.profile_name == user.id and not access_summary(user)


def _plain_gains(users: list[UserSpec]) -> list[str]:
    """New users who open a profile of their own name, one line per kind of principal."""
    if len(users) < 2:
        return [_gain((None, user, ())) for user in users]
    items = []
    for word in dict.fromkeys(kind_of(u.principal_type).word for u in users):
        ids = [u.id for u in users if kind_of(u.principal_type).word == word]
        names = ", ".join(code(i) for i in ids[:NAMES_SHOWN])
        if len(ids) > NAMES_SHOWN:
            names += f" and {len(ids) - NAMES_SHOWN:,} more"
        items.append(f"- ➕ {plural(len(ids), word)}, each opening the profile of its id: {names}")
    return items


def _gain(entry: _Entry) -> str:
    before, user, _ = entry
    kind = kind_of(user.principal_type).word
    terms = access_summary(user)
    again = " again" if before is not None else ""
    return f"- ➕ {code(user.id)} opens profile {code(user.profile_name)}{again} ({kind})" + (
        f"; {md(terms)}" if terms else ""
    )


def _loss(entry: _Entry, settings: Settings) -> str:
    before, user, fields = entry
    if fields == ("removed",):
        return f"- ➖ {code(user.id)}, file deleted: {md(removal_effect(user, settings))}"
    assert before is not None
    return f"- ➖ {code(user.id)} {md(change_effect(before, user, settings))}"


def _other(entry: _Entry, settings: Settings) -> str:
    before, user, fields = entry
    if before is None:
        return f"- ➕ {code(user.id)} added offboarded: opens nothing, profile {code(user.profile_name)} kept"
    if fields == ("removed",):
        return f"- 🗑️ {code(user.id)}, file deleted: {md(removal_effect(user, settings))}"
    effect = change_effect(before, user, settings)
    dates = [
        f"{key} {_day(getattr(before, key))} → {_day(getattr(user, key))}"
        for key in DATE_KEYS
        if key in fields
    ]
    details = "; ".join(md(part) for part in [*dates, effect] if part)
    names = ", ".join(code(f) for f in fields)
    return f"- ✏️ {code(user.id)} ({names})" + (f": {details}" if details else "")


def _day(value) -> str:
    return value.isoformat() if value is not None else "none"


def settings_line(change: SettingsChange) -> str:
    """One change of effective Studio settings, with everyone it applies to."""
    names = ", ".join(code(user) for user in change.users[:SETTINGS_USERS_SHOWN])
    if len(change.users) > SETTINGS_USERS_SHOWN:
        names += f" and {len(change.users) - SETTINGS_USERS_SHOWN:,} more"
    keys = "; ".join(
        f"{code(key)} {md(show(key, old))} → {md(show(key, new))}" for key, old, new in change.keys
    )
    return f"- ⚙️ Studio settings of {names}: {keys}"
