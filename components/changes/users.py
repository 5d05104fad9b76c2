"""What a pull request changes in the roster: users added, removed and changed since a git ref.

Reviewers approve people, not YAML diffs. The base side is read straight from git (one
``git cat-file --batch`` process for all files, so a large roster costs one subprocess), parsed by
the same ``roster.parse_user``; files that were invalid at the base are left out of it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, fields
from pathlib import Path

from components import kinds
from components.changes.stack_settings import StackChange, stack_changes
from components.changes.studio import SettingsChange, base_settings, settings_changes
from components.core.problems import Problem, StudioAccessError
from components.core.settings.stack import Settings
from components.kinds.base import Kind
from components.roster.quotas import quota_problems
from components.roster.users import UserSpec, across_files, parse_user


class ChangesError(StudioAccessError):
    """Raised when the base ref or the users folder cannot be read from git."""


@dataclass(frozen=True)
class Changes:
    """The roster difference between ``base`` and the working tree.

    A file that cannot be read in the working tree is left out of the comparison on both sides
    and named in ``unreadable``: a file that fails to parse is not a person removed. One that
    could not be read at the base but can now is named in ``unreadable_base``, and its person is
    judged by what the file now says: among ``added`` (and in ``repaired``), since what they
    had before is unknown and what they get now is what the reviewer approves.
    """

    base: str
    added: tuple[UserSpec, ...]
    removed: tuple[UserSpec, ...]
    changed: tuple[tuple[UserSpec, UserSpec, tuple[str, ...]], ...]
    #: Changes of effective Studio settings, from the users' files and the stack's alike.
    studio: tuple[SettingsChange, ...] = ()
    #: The working tree's user files that could not be read, as the roster names them.
    unreadable: tuple[str, ...] = ()
    #: The user files that could not be read at ``base``, relative to the repository.
    unreadable_base: tuple[str, ...] = ()
    #: Every stack setting whose value moves (``stack_settings``), but the Studio settings,
    #: which ``studio`` reports per person.
    stack: tuple[StackChange, ...] = ()
    #: The ids among ``added`` whose file could not be read at ``base``.
    repaired: tuple[str, ...] = ()
    #: What the base's users folder as a whole was already warned or refused for.
    folder_messages: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.studio or self.stack)


def compare(
    base: str,
    users: tuple[UserSpec, ...],
    users_dir: Path,
    settings: Settings,
    stack: str | None = None,
    unreadable: tuple[str, ...] = (),
) -> Changes:
    """Compare the validated ``users`` of the working tree with the files at git ref ``base``.

    With ``stack``, the stack's Studio settings at ``base`` are read too (``studio_changes``).
    ``unreadable`` names the working tree's files that failed to parse: neither side's user of
    such a file is compared.

    Raises:
        ChangesError: when git is missing, the folder is not in a repository, or ``base`` is unknown.
    """
    before_users, broken = read_base(base, users_dir, settings)
    skip = {Path(label).name for label in unreadable}
    before_users = [u for u in before_users if Path(u.source).name not in skip]
    after_users = tuple(u for u in users if Path(u.source).name not in skip)
    broken_names = {Path(path).name for path in broken}
    repaired = {u.id for u in after_users if Path(u.source).name in broken_names}
    before = {u.id: u for u in before_users}
    after = {u.id: u for u in after_users}
    changed = []
    for user_id in sorted(before.keys() & after.keys()):
        differing = _differing_fields(before[user_id], after[user_id])
        if differing:
            changed.append((before[user_id], after[user_id], differing))
    old_settings = base_settings(base, stack, settings)
    return Changes(
        base=base,
        added=tuple(after[i] for i in sorted(after.keys() - before.keys())),
        removed=tuple(before[i] for i in sorted(before.keys() - after.keys())),
        changed=tuple(changed),
        studio=settings_changes(old_settings, before_users, after_users, settings),
        unreadable=tuple(sorted(unreadable)),
        unreadable_base=tuple(sorted(broken)),
        stack=stack_changes(old_settings, settings),
        repaired=tuple(sorted(repaired - before.keys())),
        folder_messages=_folder_messages(before_users, old_settings, users_dir),
    )


def _folder_messages(users: list[UserSpec], settings: Settings, users_dir: Path) -> frozenset[str]:
    """The messages of the problems about ``users_dir`` as a whole, as the base's users had them."""
    found = across_files(users, settings, users_dir) + quota_problems(users, settings, users_dir)
    return frozenset(p.message for p in found if p.path == str(users_dir))


def removal_effect(user: UserSpec, settings: Settings) -> str:
    """What ``pulumi up`` does when ``user``'s file is removed, in a reviewer's words."""
    if not settings.retain_profiles:
        gone = f"{_access_ends(user)}; " if user.active else ""
        return (
            f"{gone}profile {user.profile_name!r} deleted with its apps and spaces, whose "
            "storage (the home directory) is destroyed (profileDeletion: delete)"
        )
    if user.active:
        return (
            f"{_access_ends(user)}; profile {user.profile_name!r} and its data "
            "kept, still tagged with the id: refused, offboard first"
        )
    return (
        f"profile {user.profile_name!r} released: it stays in the domain with its data, "
        "untagged, and no longer managed (the user was offboarded)"
    )


def change_effect(before: UserSpec, after: UserSpec, settings: Settings) -> str:
    """What ``pulumi up`` does to a changed user's principal, profile and data."""
    effects = []
    if before.status != after.status:
        if after.active:
            created = _kind(after).signs_in_by
            again = f"{created} {after.id!r} created again, " if created else ""
            effects.append(f"returns: {again}profile {after.profile_name!r} tagged again")
        else:
            effects.append(
                f"offboarded: {_access_ends(before)}; profile {before.profile_name!r} and its "
                "data kept, its access tag removed"
            )
    if before.profile_name != after.profile_name:
        old = (
            "kept in the domain, unmanaged"
            if settings.retain_profiles
            else "deleted with its apps and spaces"
        )
        effects.append(
            f"profile {before.profile_name!r} replaced by a new, empty {after.profile_name!r} "
            f"(the old one is {old})"
        )
    if before.principal_type != after.principal_type:
        effects.append(
            f"signs in as {_kind(after).word} instead of {_kind(before).word}: "
            f"{_access_ends(before)}, {_kind(after).signs_in_by or 'nothing'} created instead"
        )
    return "; ".join(effects)


def removal_problems(changes: Changes, settings: Settings) -> list[Problem]:
    """Refuse deleting the file of an active user while removed profiles are retained.

    The principal would go, but the profile would stay tagged with the id, and whoever later gets
    that id, or any principal tagged with it, would open the old profile and its data.
    """
    if not settings.retain_profiles:
        return _rebinding_problems(changes)
    return [
        Problem(
            user.source,
            0,
            0,
            f"deleting the file of active user {user.id!r} is refused while profileDeletion is "
            "retain: the profile would keep its access tag, and a future principal with the same "
            "id would open it. Set 'status: offboarded' first, merge that, then delete the file",
        )
        for user in changes.removed
        if user.active
    ] + _rebinding_problems(changes)


def _rebinding_problems(changes: Changes) -> list[Problem]:
    """Refuse a change of a principal that its kind says cannot be deployed (``Kind.
    change_problems``: another Identity Center user for a profile bound to one)."""
    return [
        Problem(after.source, line, 0, message)
        for before, after, _ in changes.changed
        if before.principal_type == after.principal_type
        for line, message in _kind(after).change_problems(before, after)
    ]


def rename_problems(changes: Changes, settings: Settings) -> list[Problem]:
    """Refuse a new ``profile_name`` for an active user while removed profiles are retained.

    ``pulumi up`` replaces the profile: it creates the new one and, under ``retain``, leaves the
    old one in the domain, unmanaged and still carrying the access tag, which nothing will ever
    remove. Whoever holds the id then, or later, opens the old profile and its data: the hazard
    ``removal_problems`` refuses for a deleted file.
    """
    if not settings.retain_profiles:
        return []
    return [
        Problem(
            after.source,
            after.source_line,
            1,
            f"profile_name of active user {after.id!r} changes from {before.profile_name!r} to "
            f"{after.profile_name!r}, which is refused while profileDeletion is retain: the old "
            f"profile would stay in the domain, unmanaged, still tagged {settings.tag_key}="
            f"{before.id}, so the id's principal, present or future, would open it. Offboard "
            "first ('status: offboarded', merge: the old profile loses its tag), then change "
            "profile_name and set 'status: active' again; or remove the tag from the old profile "
            "by hand right after the deployment",
        )
        for before, after, _ in changes.changed
        if before.active and before.profile_name != after.profile_name
    ]


def _kind(user: UserSpec) -> Kind:
    return kinds.kind_of(user.principal_type)


def _access_ends(user: UserSpec) -> str:
    """How ``pulumi up`` ends the person's access: it deletes what they sign in by, or, for a
    kind the identity provider signs in, only the profile's tag stops their sessions."""
    deleted = _kind(user).signs_in_by
    if deleted:
        return f"{deleted} {user.id!r} deleted (access revoked)"
    return (
        f"{_kind(user).word} {user.id!r}: no principal of its own to delete (the identity "
        "provider still signs them in, and their sessions open no profile once it is untagged)"
    )


def resolve(base: str, where: Path) -> str:
    """The commit ``base`` names, as git sees it from ``where`` (a folder of the repository).

    ``check --base`` calls this before anything is judged, so an unknown ref is a usage error
    and never follows a verdict.

    Raises:
        ChangesError: git is missing, ``where`` is not in a repository, or ``base`` names no commit.
    """
    return _git(where, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()


def read_base(base: str, users_dir: Path, settings: Settings) -> tuple[list[UserSpec], list[str]]:
    """The valid users of ``users_dir`` at ``base``, and the paths of its files that were not."""
    where = users_dir if Path(users_dir).is_dir() else Path()  # a change may delete the folder
    top = _git(where, "rev-parse", "--show-toplevel").strip()
    folder = Path(users_dir).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if folder == "." else f"{folder}/"
    _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    try:
        names = _git(top, "ls-tree", "--name-only", f"{base}:{folder}" if prefix else base)
    except ChangesError:
        return [], []  # the folder did not exist yet at the base: every user is new
    paths = [
        f"{prefix}{name}"
        for name in names.splitlines()
        if name.endswith(".yaml") and "/" not in name
    ]
    if not paths:
        return [], []
    batch = subprocess.run(
        ["git", "-C", top, "cat-file", "--batch"],
        input="".join(f"{base}:{path}\n" for path in paths).encode(),
        capture_output=True,
        check=True,
    ).stdout
    users, broken = [], []
    offset = 0
    for path in paths:
        header_end = batch.index(b"\n", offset)
        header = batch[offset:header_end].split()
        offset = header_end + 1
        if len(header) != 3:  # "<name> missing": no body follows
            continue
        size = int(header[2])
        data = batch[offset : offset + size]
        offset += size + 1  # every object's body is followed by a newline, whatever its type
        if header[1] != b"blob":
            continue
        user = parse_user(path, data, [], settings)
        if user is not None:
            users.append(user)
        else:
            broken.append(path)
    return users, broken


def _git(cwd: Path | str, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise ChangesError("git is not installed; --base needs it") from None
    if result.returncode != 0:
        detail = result.stderr.strip() or "no such revision or path"
        raise ChangesError(f"git {' '.join(args)}: {detail}")
    return result.stdout


def _differing_fields(before: UserSpec, after: UserSpec) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in fields(UserSpec)
        if f.compare and getattr(before, f.name) != getattr(after, f.name)
    )
