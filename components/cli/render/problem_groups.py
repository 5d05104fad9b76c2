"""Identical problems said once, with every place they occur: how reports stay readable at scale.

A thousand role files that trust a bare account give a thousand identical warnings; a reviewer
needs the warning once and the files it concerns ("1,000 files: … users/a.yaml, … and 997 more").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components.cli.render.formats import code, md
from components.core.problems import Problem

#: How many places a grouped problem names before it counts the rest.
PLACES_SHOWN = 3


@dataclass(frozen=True)
class ProblemGroup:
    """One message with its severity and every ``path[:line]`` it was reported at, in order."""

    severity: str
    message: str
    places: tuple[str, ...]

    @property
    def where(self) -> str:
        """``1,000 files`` (or ``places``, when one file has it on several lines)."""
        files = len({p.rsplit(":", 1)[0] if ":" in p else p for p in self.places})
        noun = "files" if files == len(self.places) else "places"
        return f"{len(self.places):,} {noun}"


def grouped(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Group identical messages of the same severity; errors first, then in order of appearance."""
    groups: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        groups.setdefault((problem.severity, problem.message), []).append(place(problem))
    ordered = sorted(groups.items(), key=lambda item: item[0][0] != "error")
    return [ProblemGroup(sev, message, tuple(places)) for (sev, message), places in ordered]


def place(problem: Problem) -> str:
    """``users/bob.yaml:3``, or the path alone for a problem with the whole file."""
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def markdown_item(group: ProblemGroup, shown: int | None = PLACES_SHOWN) -> str:
    """One Markdown list item: ``- `users/a.yaml:3` error: …`` or the grouped form, naming
    the first ``shown`` places (``None``: all, as the full report does)."""
    icon = "❌" if group.severity == "error" else "⚠️"
    if len(group.places) == 1:
        return f"- {icon} {code(group.places[0])} {group.severity}: {md(_clip(group.message))}"
    names = ", ".join(code(p) for p in group.places[:shown])
    more = len(group.places) - len(group.places[:shown])
    if more > 0:
        names += f", … and {more:,} more"
    return f"- {icon} {group.where}, {group.severity}: {md(_clip(group.message))}: {names}"


def counted(groups: Sequence[ProblemGroup], severity: str) -> int:
    """How many problems of ``severity`` the groups hold (each place counts)."""
    return sum(len(g.places) for g in groups if g.severity == severity)


#: A message longer than this (it may quote a huge value from a file) is cut in reports.
MESSAGE_MAX = 1000


def _clip(message: str) -> str:
    return message if len(message) <= MESSAGE_MAX else message[:MESSAGE_MAX] + " …"
