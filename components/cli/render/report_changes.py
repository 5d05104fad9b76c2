"""What a pull request does, in a reviewer's words: the first thing the PR report says.

Reviewers approve people, not YAML: who gains access to which profile, who loses it, whose
settings, budget or expiry move, and which profiles are deleted or kept. Each kind of change has
its own lines, and people with the same change share one line naming a few of them, so a change
of 1,000 files is still read from the top. When the list is over its share of the comment, each
kind names fewer people per line, then is cut within itself ("and N more"): no kind of change may
vanish because another is long. The full report names everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from components.changes.access import access_summary
from components.changes.stack_settings import StackChange
from components.changes.studio import SettingsChange, show
from components.changes.users import Changes, change_effect, removal_effect
from components.changes.values import value_changes
from components.cli.render.formats import code, md, plural
from components.cli.render.report_budget import Budget, bounded
from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.roster.users import UserSpec

#: How many people a line names, tried from the most down, when the comment cannot name all
#: of a kind's people within its share (the full report always names everyone).
NAMES_SHOWN = (3_000, 1_000, 300, 100, 30, 10)
#: Unreadable files named before "and N more".
FILES_SHOWN = 20

_Entry = tuple[UserSpec | None, UserSpec, tuple[str, ...]]


def change_summary(changes: Changes) -> str:
    """``1 user gains access; 1 user loses it; 2 users change; 3 files deleted; …``."""
    gains, loses, other = _sorted(changes)
    edits = [entry for entry in other if entry[2] != ("removed",)]
    parts = []
    if gains:
        parts.append(
            f"{plural(len(gains), 'user')} {'gains' if len(gains) == 1 else 'gain'} access"
        )
    if loses:
        parts.append(f"{plural(len(loses), 'user')} {'loses' if len(loses) == 1 else 'lose'} it")
    if edits:
        parts.append(f"{plural(len(edits), 'user')} {'changes' if len(edits) == 1 else 'change'}")
    if changes.removed:
        parts.append(f"{plural(len(changes.removed), 'file')} deleted")
    moved = len({user for change in changes.studio for user in change.users})
    if moved:
        parts.append(f"Studio settings of {plural(moved, 'user')} move")
    if changes.stack:
        keys = ", ".join(change.key for change in changes.stack)
        parts.append(
            f"{plural(len(changes.stack), 'stack setting')} {_verb(changes.stack)}: {keys}"
        )
    if unread := len(changes.unreadable) + len(changes.unreadable_base):
        parts.append(f"{plural(unread, 'file')} could not be read")
    return "; ".join(parts) if parts else "no user is added, removed or changed"


def _verb(items: Sequence[object]) -> str:
    return "changes" if len(items) == 1 else "change"


def change_kinds(
    changes: Changes, settings: Settings, names: int | None = None
) -> list[tuple[str, str, list[str]]]:
    """``(word, words, items)`` for each kind of change, in the order a reviewer reads them.

    ``names``: how many people one line names before it counts the rest (``None``: all).
    """
    gains, loses, other = _sorted(changes)
    repaired = frozenset(changes.repaired)
    plain = [
        user
        for before, user, _ in gains
        if before is None and _plain(user) and user.id not in repaired
    ]
    removed = [entry for entry in other if entry[2] == ("removed",)]
    edits = [entry for entry in other if entry[2] != ("removed",) and entry[0] is not None]
    parked = [entry[1] for entry in other if entry[0] is None]
    kinds = [
        (
            "gain",
            "gains",
            _plain_gains(plain, names)
            + [_gain(e, changes.base, repaired) for e in gains if e[1] not in plain],
        ),
        ("loss", "losses", _alike(loses, "➖", lambda e: _loss(e, settings), names)),
        ("edit", "edits", _alike(edits, "✏️", lambda e: _other(e, settings), names)),
        ("deletion", "deletions", _alike(removed, "🗑️", lambda e: _deleted(e, settings), names)),
        ("offboarded addition", "offboarded additions", _alike_added(parked, names)),
        (
            "settings change",
            "settings changes",
            [*map(stack_line, changes.stack)]
            + [settings_line(change, names) for change in changes.studio],
        ),
        ("unreadable file", "unreadable files", unreadable_lines(changes)),
    ]
    return [kind for kind in kinds if kind[2]]


def change_items(changes: Changes, settings: Settings) -> list[str]:
    """Every line of every kind of change (the full report's list)."""
    return [item for _, _, items in change_kinds(changes, settings) for item in items]


def bounded_changes(
    changes: Changes, settings: Settings, share: int | None, budget: Budget
) -> list[str]:
    """Every kind of change within ``share`` characters, each cut within itself if need be.

    The smallest kinds are served first and each takes at most an equal part of what is left,
    so a long kind gives way to the others rather than the reverse. A kind over its part names
    fewer people per line (the most of ``NAMES_SHOWN`` that fits) before lines are cut.
    """
    kinds = change_kinds(changes, settings)
    if share is None:
        return [item for _, _, items in kinds for item in items]
    sizes = [sum(len(item) + 1 for item in items) for _, _, items in kinds]
    parts: dict[int, int | None] = {}
    left = share
    for done, index in enumerate(sorted(range(len(kinds)), key=sizes.__getitem__)):
        if left is None:
            parts[index] = None
            continue
        part = min(sizes[index] + 200, left // (len(kinds) - done))
        parts[index] = part
        left -= part
    out: list[str] = []
    for index, (word, words, items) in enumerate(kinds):
        items = _fewer_names(changes, settings, (index, words), items, parts[index], budget)
        out += bounded(items, parts[index], budget, word, words, keep=1)
    return out


def _fewer_names(
    changes: Changes,
    settings: Settings,
    kind: tuple[int, str],
    items: list[str],
    part: int | None,
    budget: Budget,
) -> list[str]:
    """The lines of ``kind`` (its index and name) naming as many people as ``part`` characters
    hold: all of them when they fit, else the most of ``NAMES_SHOWN`` that fits, noted as left
    out."""
    if part is None or _size(items) <= part - 200:
        return items
    index, words = kind
    fewer = items
    for most in NAMES_SHOWN:
        fewer = change_kinds(changes, settings, most)[index][2]
        if _size(fewer) <= part - 200:
            break
    if fewer != items:
        budget.omitted.append(f"names beyond the first {most:,} on each line of {words}")
    return fewer


def _size(items: list[str]) -> int:
    return sum(len(item) + 1 for item in items)


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


def unreadable_lines(changes: Changes) -> list[str]:
    """The files left out of the comparison because one side could not read them."""
    fixed = {Path(u.source).name for u in changes.added if u.id in changes.repaired}
    at_base = f"at {code(changes.base[:12])}"
    lost = [path for path in changes.unreadable_base if Path(path).name not in fixed]
    out = []
    for files, where in ((changes.unreadable, "in this change"), (lost, at_base)):
        if files:
            out.append(
                f"- ⚠️ {plural(len(files), 'user file')} could not be read {where}, so "
                f"{'its person is' if len(files) == 1 else 'their people are'} not judged "
                f"here (not listed above, neither added nor removed): {_files(files)}"
            )
    if read_now := [path for path in changes.unreadable_base if Path(path).name in fixed]:
        out.append(
            f"- ⚠️ {plural(len(read_now), 'user file')} could not be read {at_base}: what "
            f"{'it says' if len(read_now) == 1 else 'they say'} now is listed above as a gain, "
            f"what {'it' if len(read_now) == 1 else 'they'} granted before is unknown: "
            f"{_files(read_now)}"
        )
    return out


def _files(files: Sequence[str]) -> str:
    names = ", ".join(code(name) for name in files[:FILES_SHOWN])
    if len(files) > FILES_SHOWN:
        names += f" and {len(files) - FILES_SHOWN:,} more"
    return names


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
    """A new user with nothing to tell but their id: their own profile, no dates or reason,
    no Studio settings of their own."""
    return user.profile_name == user.id and not access_summary(user) and not user.studio.values


def own_settings(user: UserSpec) -> str:
    """``Studio: ebs_max_gb 50 GB; …``: what a new person's own file sets, part of their gain
    (what the stack and their team set is told when it moves, not for each new person)."""
    return "; ".join(f"{key} {show(key, value)}" for key, value in user.studio.values)


def _plain_gains(users: list[UserSpec], most: int | None) -> list[str]:
    """New users who open a profile of their own name, one line per kind of principal."""
    if len(users) < 2:
        return [_gain((None, user, ()), "", frozenset()) for user in users]
    items = []
    for word in dict.fromkeys(kind_of(u.principal_type).word for u in users):
        ids = [u.id for u in users if kind_of(u.principal_type).word == word]
        items.append(
            f"- ➕ {plural(len(ids), word)}, each opening the profile of its id: "
            f"{_names(ids, most)}"
        )
    return items


def _alike(
    entries: list[_Entry], icon: str, line: Callable[[_Entry], str], most: int | None
) -> list[str]:
    """One line per entry, or per group whose lines differ only in the person's names.

    A group's line counts its people, shows the change as it reads for the first one, then names
    them (the first ``most``; ``None``: all).
    """
    groups: dict[str, list[_Entry]] = {}
    for entry in entries:
        groups.setdefault(_anonymous(line(entry), entry), []).append(entry)
    out = []
    for group in groups.values():
        first = group[0][1]
        if len(group) == 1:
            out.append(line(group[0]))
            continue
        text = line(group[0]).removeprefix(f"- {icon} {code(first.id)}").lstrip(",: ")
        out.append(
            f"- {icon} {plural(len(group), 'user')} alike (as for {code(first.id)}: {text}): "
            f"{_names([e[1].id for e in group], most)}"
        )
    return out


def _anonymous(line: str, entry: _Entry) -> str:
    """``line`` without the person's id: the same for everyone changed alike.

    The profile name is left out too only where it says nothing new: it is the id, or it was
    the person's before. A profile a change names (a rename onto someone else's retained
    profile) stays in the line, so it is never hidden behind another person's example.
    """
    before, user = entry[0], entry[1]
    names = {user.id}
    if user.profile_name == user.id or (
        before is not None and before.profile_name == user.profile_name
    ):
        names.add(user.profile_name)
    for name in names:
        line = line.replace(code(name), "\0").replace(md(repr(name)), "\0")
    return line


def _alike_added(users: list[UserSpec], most: int | None) -> list[str]:
    return _alike([(None, user, ()) for user in users], "➕", _parked, most)


def _names(ids: Sequence[str], most: int | None) -> str:
    """The ids as code, the first ``most`` of them (``None``: all) and a count of the rest."""
    if most is None or len(ids) <= most:
        return ", ".join(code(i) for i in ids)
    return ", ".join(code(i) for i in ids[:most]) + f" and {len(ids) - most:,} more"


def _gain(entry: _Entry, base: str, repaired: frozenset[str]) -> str:
    """``➕ id opens profile P (kind); terms``, noting a file the base could not read."""
    before, user, _ = entry
    kind = kind_of(user.principal_type).word
    terms = access_summary(user)
    again = " again" if before is not None else ""
    line = f"- ➕ {code(user.id)} opens profile {code(user.profile_name)}{again} ({kind})"
    line += f"; {md(terms)}" if terms else ""
    if own := own_settings(user):
        line += f"; Studio settings: {md(own)}"
    if user.id in repaired:
        line += f" (its file could not be read at {code(base[:12])}: what it granted is unknown)"
    return line


def _loss(entry: _Entry, settings: Settings) -> str:
    before, user, fields = entry
    if fields == ("removed",):
        return f"- ➖ {code(user.id)}, file deleted: {md(removal_effect(user, settings))}"
    assert before is not None
    return f"- ➖ {code(user.id)} {md(change_effect(before, user, settings))}"


def _parked(entry: _Entry) -> str:
    user = entry[1]
    return f"- ➕ {code(user.id)} added offboarded: opens nothing, profile {code(user.profile_name)} kept"


def _deleted(entry: _Entry, settings: Settings) -> str:
    return f"- 🗑️ {code(entry[1].id)}, file deleted: {md(removal_effect(entry[1], settings))}"


def _other(entry: _Entry, settings: Settings) -> str:
    before, user, fields = entry
    assert before is not None
    effect = change_effect(before, user, settings)
    values = value_changes(before, user, fields)
    details = "; ".join(md(part) for part in [*values, effect] if part)
    names = ", ".join(code(f) for f in fields)
    return f"- ✏️ {code(user.id)} ({names})" + (f": {details}" if details else "")


def settings_line(change: SettingsChange, most: int | None = None) -> str:
    """One change of effective Studio settings, with everyone it applies to (the first
    ``most``; ``None``: all)."""
    names = _names(change.users, most)
    keys = "; ".join(
        f"{code(key)} {md(show(key, old))} → {md(show(key, new))}" for key, old, new in change.keys
    )
    return f"- ⚙️ Studio settings of {names}: {keys}"


def stack_line(change: StackChange) -> str:
    """A stack setting that moves, with what the move does where the product knows it."""
    line = f"- ⚙️ Stack setting {code(change.key)} {md(change.before)} → {md(change.after)}"
    return line + (f": {md(change.effect)}" if change.effect else "")
