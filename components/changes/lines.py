"""Which files, and which of their lines, a pull request changes since its base.

A reviewer acts on what the change touches. Warnings about files it leaves alone are standing:
the pull request report folds them away and ``check --format github`` annotates none of them, so
a pull request that never touched a file is not told about it again. Read from ``git diff``
between the base and the working tree (a local run sees uncommitted edits too), plus the
untracked files, which are new in full.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

#: ``@@ -12,3 +12,4 @@``: the lines of the new side a hunk covers.
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class ChangedLines:
    """The files a change touches, each with its changed lines (``None``: the whole file).

    Attributes:
        files: absolute paths of every file added, changed or deleted, each mapped to the lines
            of its new side that were added or changed; ``None`` for a new or deleted file.
    """

    files: dict[str, frozenset[int] | None]
    #: Messages of problems about a folder as a whole that the base already had (a per-stack
    #: warning): standing, not the change's doing, so never annotated on every pull request.
    standing: frozenset[str] = frozenset()

    def touches_file(self, path: str) -> bool:
        """Whether the change adds, edits or deletes ``path`` (as a problem names it)."""
        return _absolute(path) in self.files

    def touches_folder(self, path: str, message: str | None = None) -> bool:
        """Whether ``path`` is a folder the change adds, edits or deletes a file in, and a problem
        of that folder saying ``message`` is new since the base.

        A problem about the users folder as a whole (the stack creates more IAM roles than the
        quota allows) is the doing of a change to any of its files, unless the base had it too.
        """
        return _absolute(path) in self._folders and message not in self.standing

    @cached_property
    def _folders(self) -> frozenset[str]:
        return frozenset(str(parent) for name in self.files for parent in Path(name).parents)

    def touches(self, path: str, line: int) -> bool:
        """Whether ``line`` of ``path`` is new or changed (line 0: anywhere in the file)."""
        where = _absolute(path)
        if where not in self.files:
            return False
        lines = self.files[where]
        return not line or lines is None or line in lines


def changed_lines(base: str, where: Path) -> ChangedLines:
    """Compare the working tree of the repository holding ``where`` with commit ``base``.

    Raises:
        ChangesError: git is missing, ``where`` is not in a repository or ``base`` is unknown.
    """
    from components.changes.users import _git

    top = Path(_git(where, "rev-parse", "--show-toplevel").strip()).resolve()
    files: dict[str, frozenset[int] | None] = {}
    names = _git(top, "diff", "--no-renames", "--name-status", "-z", base, "--").split("\0")
    for status, name in zip(names[::2], names[1::2], strict=False):
        if name:
            # A new or deleted file is changed as a whole; edits are narrowed by their hunks.
            files[str(top / name)] = None if status in ("A", "D") else frozenset()
    for name in _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0"):
        if name:
            files[str(top / name)] = None
    for name, lines in _hunks(_git(top, "-c", "core.quotePath=false", *_DIFF, base, "--")):
        path = str(top / name)
        if files.get(path) is not None:
            files[path] = files[path] | lines  # type: ignore[operator]
    return ChangedLines(files)


_DIFF = ("diff", "--no-renames", "--no-color", "--no-ext-diff", "--unified=0")


def _hunks(diff: str) -> list[tuple[str, frozenset[int]]]:
    """Each edited file's name and the new-side lines its hunks add or change."""
    found: list[tuple[str, frozenset[int]]] = []
    name, lines = "", set[int]()
    for line in diff.splitlines():
        if line.startswith("+++ "):
            if name:
                found.append((name, frozenset(lines)))
            target = _unquote(line[4:])
            name = target[2:] if target.startswith("b/") else ""  # "/dev/null": deleted
            lines = set()
        elif name and (match := _HUNK.match(line)):
            start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
            lines.update(range(start, start + count))
    if name:
        found.append((name, frozenset(lines)))
    return found


#: The C-style escapes git writes in a quoted file name, besides ``\\ooo`` octal bytes.
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(target: str) -> str:
    """The file name of a ``+++`` line as git wrote it.

    Git puts a name holding ``"``, ``\\``, a control character or (without
    ``core.quotePath=false``) a non-ASCII byte in double quotes with C-style escapes, octal
    bytes for UTF-8; and it ends a name holding a space with a TAB, for ``patch``'s sake.
    Misread, that file's changed lines would never be found.
    """
    target = target.removesuffix("\t")
    if not (len(target) >= 2 and target.startswith('"') and target.endswith('"')):
        return target
    raw = bytearray()
    body, i = target[1:-1], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 == len(body):
            raw += ch.encode("utf-8", "surrogateescape")
            i += 1
        elif body[i + 1 : i + 4].isdigit() and len(body[i + 1 : i + 4]) == 3:
            raw.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            escaped = body[i + 1]
            if escaped in _ESCAPES:
                raw.append(_ESCAPES[escaped])
            else:
                raw += escaped.encode("utf-8", "surrogateescape")
            i += 2
    return raw.decode("utf-8", "surrogateescape")


def _absolute(path: str) -> str:
    return os.path.realpath(path)
