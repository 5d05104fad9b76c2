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

    def touches_file(self, path: str) -> bool:
        """Whether the change adds, edits or deletes ``path`` (as a problem names it)."""
        return _absolute(path) in self.files

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
            target = line[4:]
            # Quoted names (tabs, quotes) keep the whole file: it was listed as changed above.
            name = target[2:] if target.startswith("b/") else ""
            lines = set()
        elif name and (match := _HUNK.match(line)):
            start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
            lines.update(range(start, start + count))
    if name:
        found.append((name, frozenset(lines)))
    return found


def _absolute(path: str) -> str:
    return os.path.realpath(path)
