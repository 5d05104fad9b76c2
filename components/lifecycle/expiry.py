"""``expire``: offboard, in the files themselves, every active user past ``expires``.

The nightly job opens a pull request with the result, so the change must read like one a person
would make: only the ``status`` line differs (``status: active`` becomes ``status: offboarded``),
or, where the file has no ``status``, one line is added after its last key. Comments, order,
quoting and line endings stay as they were. The edited text is parsed again before it is written
and must give the same user with ``status: offboarded``; a file that cannot be edited that way
(a flow mapping ``{id: alice, …}``, a ``status`` over several lines) is reported, never rewritten.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.core.yaml_source import SourceError, compose_file
from components.roster.users import UserSpec, load_roster, parse_user

OFFBOARDED = "offboarded"
_BY_HAND = "cannot set status: offboarded in place (%s): set it by hand"


def expired(users: Sequence[UserSpec], today: date) -> list[UserSpec]:
    """The active users whose last day of access (``expires``) is before ``today``."""
    return [u for u in users if u.active and u.expires is not None and u.expires < today]


def expire_users(
    users_dir: str | os.PathLike[str], settings: Settings, today: date
) -> tuple[list[Path], list[Problem]]:
    """Set ``status: offboarded`` in the file of every expired user of ``users_dir``.

    Returns:
        The files changed, and the problems of the files that could not be changed (those are
        left as they were; the others are written).

    Raises:
        InputError: the folder fails ``check``'s rules: nothing is changed.
    """
    roster = load_roster(users_dir, settings)
    changed, problems = [], []
    for user in expired(roster.users, today):
        try:
            _offboard_file(user, settings)
        except InputError as error:
            problems += error.problems
        else:
            changed.append(Path(user.source))
    return changed, problems


def _offboard_file(user: UserSpec, settings: Settings) -> None:
    path = Path(user.source)
    data = path.read_bytes()
    text = offboarded_text(user.source, data)
    found: list[Problem] = []
    after = parse_user(user.source, text.encode("utf-8"), found, settings)
    errors = [p for p in found if p.severity == "error"]
    if after != dataclasses.replace(user, status=OFFBOARDED) or errors:
        raise InputError(
            [_problem(user, "editing the file in place would change more than its status")]
        )
    _replace_file(path, text.encode("utf-8"))


def offboarded_text(label: str, data: bytes) -> str:
    """The text of a user file with ``status: offboarded``, every other character kept.

    Raises:
        InputError: the file cannot be edited on one line (see the module's docstring).
    """
    try:
        root = compose_file(label, data)
    except SourceError as error:
        raise InputError([error.problem]) from None
    text = data.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        raise InputError([Problem(label, 1, 1, _BY_HAND % "the file is not a block mapping")])
    status = next((value for key, value in root.value if key.value == "status"), None)
    if status is not None:
        start, end = status.start_mark, status.end_mark
        if not isinstance(status, yaml.ScalarNode) or start.line != end.line:
            raise InputError(
                [Problem(label, start.line + 1, 1, _BY_HAND % "its status is not on one line")]
            )
        line = lines[start.line]
        lines[start.line] = line[: start.column] + OFFBOARDED + line[end.column :]
    else:
        newline = "\r\n" if "\r\n" in text else "\n"
        last = _last_leaf(root).end_mark
        at = last.line if last.column == 0 else last.line + 1
        if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        indent = " " * root.value[0][0].start_mark.column
        lines.insert(at, f"{indent}status: {OFFBOARDED}{newline}")
    return bom + "".join(lines)


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The last node of a block collection's last entry: where the mapping's text ends."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a hidden file beside it, so a reader never sees half."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _problem(user: UserSpec, message: str) -> Problem:
    return Problem(user.source, user.line_of("status"), 1, message)
