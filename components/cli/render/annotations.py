"""``check --format github``: annotations on the lines a pull request changes, and only there.

A warning about a file the pull request never touched is standing: annotating it on every pull
request teaches reviewers to ignore annotations. So, with ``--base``, only problems on changed
lines (or about a changed file as a whole) become annotations, and a problem about a folder whose
files the change touches (IAM's quotas, for the users folder), or about a file it deletes (no line
is left to point at), an annotation without a file; the others are plain log lines, and errors
among them (they still fail the check) are counted in one annotation without a place.
Identical messages are annotated at their first ``SAME_SHOWN`` places and counted after that.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from components.changes.lines import ChangedLines
from components.cli.render.formats import github_problem, text_problem
from components.core.problems import Problem

#: How many places of one identical message get an annotation each.
SAME_SHOWN = 10


def github_annotations(problems: Sequence[Problem], changed: ChangedLines | None) -> list[str]:
    """The workflow commands and log lines for ``problems`` (``changed``: the PR's lines)."""
    lines: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    outside = 0
    for problem in problems:
        if changed is not None and changed.touches_folder(problem.path, problem.message):
            lines.append(_placeless(problem))  # GitHub annotates files, not folders
            continue
        if changed is not None and _deleted(problem.path, changed):
            lines.append(_placeless(problem, f"{problem.path} (deleted): "))
            continue
        if changed is not None and not changed.touches(problem.path, problem.line):
            lines.append(text_problem(problem))
            outside += problem.severity == "error"
            continue
        key = (problem.severity, problem.message)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= SAME_SHOWN:
            lines.append(github_problem(problem))
        else:
            lines.append(text_problem(problem))
    for (severity, message), count in seen.items():
        if count > SAME_SHOWN:
            more = Problem("", 0, 0, f"{count - SAME_SHOWN:,} more files: {message}", severity)
            lines.append(_placeless(more))
    if outside:
        lines.append(
            f"::error::{outside:,} error(s) outside the lines this change touches (listed in the "
            "log above and in the report): they fail the check too"
        )
    return lines


def _deleted(path: str, changed: ChangedLines) -> bool:
    """Whether the change deletes ``path``: a file gone has no line to annotate."""
    return changed.touches_file(path) and not os.path.lexists(path)


def _placeless(problem: Problem, where: str = "") -> str:
    """An annotation with no file: ``::warning::message`` (``where``: the file it is about)."""
    placeless = Problem("", 0, 0, where + problem.message, problem.severity)
    return github_problem(placeless).replace(" file=::", "::", 1)
