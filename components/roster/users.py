"""The roster: ``users/*.yaml`` read into validated, frozen ``UserSpec`` values.

This is the product's main input and its main attack surface: files arrive through pull requests
written by many people. Every rule of docs/users.md's key table is enforced before a single
resource is registered, and every problem in every file is collected with its file, line and
column so that one run shows them all. The folder is listed by ``user_folder``, each file read by
``user_file`` into a ``user_spec.UserSpec``; this module reads the folder as a whole and checks
what the files say together. It knows YAML and validation only; it never imports ``pulumi``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from components import kinds
from components.core.problems import InputError, Problem
from components.core.settings import regions
from components.core.settings.stack import Settings
from components.roster import role_names
from components.roster.two_processes import map_in_two
from components.roster.user_file import EXTRA_TAGS_MAX, PRINCIPAL_KEYS, USER_KEYS, parse_user
from components.roster.user_folder import read_user_files
from components.roster.user_spec import EMAIL_TAG, UserSpec

__all__ = [
    "EMAIL_TAG",
    "EXTRA_TAGS_MAX",
    "PRINCIPAL_KEYS",
    "USER_KEYS",
    "Reading",
    "Roster",
    "UserSpec",
    "across_files",
    "load_roster",
    "parse_user",
    "read_roster",
]


@dataclass(frozen=True)
class Roster:
    """Every valid user of a folder, sorted by id, plus the warnings met while reading it."""

    users: tuple[UserSpec, ...]
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A folder read as far as it can be, errors or not (``read_roster``).

    Attributes:
        users: the user of every file that parsed, sorted by id.
        unreadable: the labels of the ``*.yaml`` files that yielded no user: a pull request's
            report names them as not judged, never as people removed.
        problems: every problem of every file and of the files together, in file order.
    """

    users: tuple[UserSpec, ...]
    unreadable: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def load_roster(
    users_dir: str | os.PathLike[str], settings: Settings | None = None, *, in_two: bool = False
) -> Roster:
    """Read and validate every ``*.yaml`` file of ``users_dir``.

    Args:
        users_dir: the folder; file names in messages are ``users_dir/<name>`` as given.
        settings: the stack's settings (default: the built-in defaults): the access tag key,
            which extra tags may not use; the partition every ARN must be of; the sign-in mode,
            which decides the kinds of principal a file may name.
        in_two: read a large folder on two processes (``two_processes``): only for a caller
            that knows its process runs no other thread (the offline CLI commands, not the
            program under Pulumi's engine nor the AWS commands), since a forked child holds a
            copy of every lock another thread may have held.

    Raises:
        InputError: with every problem of every file (warnings included), when any is an error.
    """
    reading = read_roster(users_dir, settings, in_two=in_two)
    if reading.failed:
        raise InputError(list(reading.problems))
    return Roster(reading.users, tuple(sorted(reading.problems)))


def read_roster(
    users_dir: str | os.PathLike[str], settings: Settings | None = None, *, in_two: bool = False
) -> Reading:
    """Read every file ``load_roster`` reads, keeping what parses even when others fail.

    Only a pull request's account of what it changes uses users beside errors; nothing is
    proven or deployed from a ``Reading`` that ``failed``.
    """
    settings = settings or Settings()
    problems: list[Problem] = []
    users: list[UserSpec] = []
    files = read_user_files(Path(users_dir), problems)
    folder = str(users_dir)
    unreadable = {p.path for p in problems if p.severity == "error" and p.path != folder}
    read = partial(_read_one, settings=settings)
    for (label, _), (user, found) in zip(
        files, map_in_two(read, files) if in_two else map(read, files), strict=True
    ):
        problems += found
        if user is not None:
            users.append(user)
        else:
            unreadable.add(label)
    if not files and not problems:
        problems.append(Problem(folder, 0, 0, "no user files (*.yaml) found", "warning"))
    problems += across_files(users, settings, users_dir)
    users.sort(key=lambda u: u.id)
    return Reading(tuple(users), tuple(sorted(unreadable)), tuple(problems))


def _read_one(file: tuple[str, bytes], settings: Settings) -> tuple[UserSpec | None, list[Problem]]:
    """One file's spec (or ``None``) and its problems, as a value another process can return."""
    problems: list[Problem] = []
    return parse_user(*file, problems, settings), problems


def across_files(
    users: list[UserSpec], settings: Settings, users_dir: str | os.PathLike[str]
) -> list[Problem]:
    """What the files say together: colliding ids and profile names, each kind's shared rules."""
    problems: list[Problem] = []
    _check_unique(users, problems)
    problems += role_names.roster_problems(users, settings)
    problems += regions.roster_problems((user.studio for user in users), settings.region)
    by_kind: dict[str, list[UserSpec]] = {kind.name: [] for kind in kinds.KINDS}
    for user in users:  # one pass: at 50,000 people, a pass per kind costs
        by_kind[user.principal.kind].append(user)
    for kind in kinds.KINDS:
        mine = by_kind[kind.name]
        for found in kind.roster_problems(mine):
            line = found.line or found.person.source_line
            problems.append(Problem(found.person.source, line, found.column, found.message))
        for message in kind.stack_warnings(mine, settings, users):
            problems.append(Problem(str(users_dir), 0, 0, message, "warning"))
    return problems


def _check_unique(users: list[UserSpec], problems: list[Problem]) -> None:
    """Refuse ids and profile names that collide, also when they differ only in case.

    IAM names are unique case-insensitively, while the policy compares tags case-sensitively:
    ``Alice`` and ``alice`` must never both exist. Each is reported at the key that says it (a
    ``profile_name`` left out is the ``id``'s), so that the reviewer lands on the value to change.
    """
    reported: set[tuple[str, str]] = set()
    for attribute, what in (("id", "id"), ("profile_name", "profile name")):
        seen: dict[str, UserSpec] = {}
        for user in users:
            value = getattr(user, attribute)
            other = seen.setdefault(value.lower(), user)
            if other is user or (other.source, user.source) in reported:
                continue
            reported.add((other.source, user.source))
            same = "" if getattr(other, attribute) == value else " (ignoring case)"
            message = f"{what} {value!r} collides{same} with {getattr(other, attribute)!r} in {other.source}"
            problems.append(Problem(user.source, user.line_of(attribute), 1, message))
