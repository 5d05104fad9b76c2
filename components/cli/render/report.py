"""The report a reviewer reads on every pull request, read in ten seconds at any size.

First the verdict in one line and what the change does (who gains access to which profile, who
loses it, whose settings or dates move, what is deleted or kept), then the problems of the files
it changes; everything standing (warnings about files it leaves alone, the proof per kind of
principal, the attack table, the matrix) is folded under ``<details>``. The comment stays under
``COMMENT_LIMIT`` characters whatever the roster's size: each section gets a share, says what it
left out, and names where the full report is.

It says exactly what the proof showed, per kind of principal, and who is not bound; a reviewer
must never read "isolation proven" where it was not.
"""

from __future__ import annotations

from collections.abc import Sequence

from components.changes.lines import ChangedLines
from components.changes.users import Changes
from components.cli.render import operator_verdict, report_proof
from components.cli.render.formats import code
from components.cli.render.problem_groups import (
    PLACES_SHOWN,
    ProblemGroup,
    counted,
    grouped,
    markdown_item,
)
from components.cli.render.report_budget import Budget, bounded
from components.cli.render.report_changes import bounded_changes, change_summary, deletion_note
from components.cli.render.verdict import counts, proven_for
from components.core.problems import Problem
from components.core.settings.stack import Settings
from components.proof.isolation import Proof
from components.proof.matrix import Row
from components.proof.operators.roles import OperatorProof
from components.roster.users import UserSpec

REPORT_MARKER = "<!-- studio-access-report -->"
#: GitHub refuses comments over 65,536 characters; the report stays well below.
COMMENT_LIMIT = 60_000
#: Where the full report is, when the caller does not say (a local run).
FULL_REPORT_HINT = "`studio-access check --format markdown --full-report FILE`"
#: Where the pull-request workflow puts the file ``--full-report`` writes.
WORKFLOW_FULL_REPORT = (
    "on a pull request: the check job's summary and its artifact studio-access-report"
)
#: Characters kept back for the verdict, the headings and the note on what was left out.
RESERVE = 2_500

# Re-exported for the ``matrix`` command and older callers.
markdown_matrix = report_proof.markdown_matrix
text_matrix = report_proof.text_matrix


def markdown_report(
    users: Sequence[UserSpec],
    settings: Settings,
    proof: Proof | None,
    problems: Sequence[Problem],
    changes: Changes | None,
    matrix: Sequence[Row] | None,
    *,
    changed: ChangedLines | None = None,
    limit: int | None = COMMENT_LIMIT,
    full_report: str = FULL_REPORT_HINT,
    operator: OperatorProof | None = None,
) -> str:
    """The report a reviewer reads on the pull request.

    Args:
        changed: the files and lines the pull request changes: problems of other files are
            standing and folded away. ``None``: every problem is shown first.
        limit: the most characters the report may have; ``None`` for the full report.
        full_report: where the full report is, named when something was left out.
        operator: the operator roles' proof, shown folded after the proof per principal.
    """
    budget = Budget(None if limit is None else limit - RESERVE, [])
    mine, elsewhere, standing = _split(problems, changed)
    sections = {
        "changes": _changes_section(changes, settings, budget) if changes is not None else [],
    }
    title = "Problems" if changed is None else "Problems in this change"
    sections["problems"] = _problems_section(title, mine, budget)
    title = "Errors in files this change does not touch (they fail the check too)"
    sections["problems"] += _problems_section(title, elsewhere, budget)
    sections["proof"] = report_proof.bound_section(users, settings, proof) if proof else []
    if operator is not None:
        sections["proof"] += operator_verdict.markdown_section(operator)
    budget.spend(sections["proof"])
    sections["attacks"] = report_proof.attack_section(proof, budget) if proof else []
    sections["standing"] = _standing_section(standing, budget)
    sections["matrix"] = report_proof.matrix_section(matrix, budget) if matrix is not None else []
    head = [REPORT_MARKER, "## Studio Access", "", _verdict(users, proof, problems), ""]
    if budget.omitted:
        head += [
            f"_Left out of this comment: {'; '.join(budget.omitted)}. The full report: "
            f"{full_report}._",
            "",
        ]
    order = ("changes", "problems", "proof", "attacks", "standing", "matrix")
    out = head + [line for name in order for line in sections[name]]
    return _fit("\n".join(out).rstrip() + "\n", limit, full_report)


def _split(
    problems: Sequence[Problem], changed: ChangedLines | None
) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """The problems of changed files (and of a folder whose files change: the users folder's
    quotas), the errors elsewhere (they fail too), the standing rest."""
    if changed is None:
        return list(problems), [], []
    mine = [p for p in problems if _touched(changed, p)]
    elsewhere = [p for p in problems if not _touched(changed, p)]
    errors = [p for p in elsewhere if p.severity == "error"]
    return mine, errors, [p for p in elsewhere if p.severity != "error"]


def _touched(changed: ChangedLines, problem: Problem) -> bool:
    """A problem of a changed file, or about a folder the change adds, edits or deletes files in."""
    return changed.touches_file(problem.path) or changed.touches_folder(
        problem.path, problem.message
    )


def _verdict(users: Sequence[UserSpec], proof: Proof | None, problems: Sequence[Problem]) -> str:
    """The whole verdict in one line."""
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        return f"❌ **{errors} problem(s) found; nothing will be deployed until they are fixed.**"
    if proof is None or not proof.ok:
        return "❌ **Isolation is not proven.**"
    line = (
        f"✅ **Isolation proven** with the `{proof.variant}` member policy for: "
        f"{proven_for(proof)}; {counts(users)}."
    )
    if unbound := proof.unbound:
        line += (
            f" ⚠️ **Not bound: {', '.join(v.caller.title for v in unbound)}** "
            "(no organization guard; see the proof below)."
        )
    return line


def _changes_section(changes: Changes, settings: Settings, budget: Budget) -> list[str]:
    out = [f"### This change (since {code(changes.base[:12])})", "", change_summary(changes), ""]
    items = bounded_changes(changes, settings, budget.share("changes"), budget)
    out += [*items, ""] if items else []
    if note := deletion_note(changes, settings):
        out += [*note, ""]
    budget.spend(out)
    return out


def _problems_section(title: str, problems: list[Problem], budget: Budget) -> list[str]:
    if not problems:
        return []
    groups = grouped(problems)
    errors, warnings = counted(groups, "error"), counted(groups, "warning")
    out = [f"### {title}: {_tally(errors, warnings)}", ""]
    out += bounded(
        [markdown_item(g, _places(budget)) for g in groups],
        budget.share("problems"),
        budget,
        "problem",
        "problems",
    )
    out.append("")
    budget.spend(out)
    return out


def _standing_section(problems: list[Problem], budget: Budget) -> list[str]:
    if not problems:
        return []
    groups: list[ProblemGroup] = grouped(problems)
    items = bounded(
        [markdown_item(g, _places(budget)) for g in groups],
        budget.share("standing"),
        budget,
        "standing warning",
        "standing warnings",
    )
    out = [
        f"<details><summary>Standing warnings: {len(problems):,}, about files this change "
        "does not touch</summary>",
        "",
        *items,
        "",
        "</details>",
        "",
    ]
    budget.spend(out)
    return out


def _places(budget: Budget) -> int | None:
    """How many places a grouped problem names: all of them in the full report."""
    return None if budget.left is None else PLACES_SHOWN


def _tally(errors: int, warnings: int) -> str:
    parts = [f"{errors:,} error(s)"] if errors else []
    parts += [f"{warnings:,} warning(s)"] if warnings else []
    return ", ".join(parts)


def _fit(text: str, limit: int | None, full_report: str) -> str:
    """A last guard: never more than ``limit`` characters, cut between sections."""
    if limit is None or len(text) <= limit:
        return text
    note = f"\n_Cut here to stay under {limit:,} characters. The full report: {full_report}._\n"
    cut = text.rfind("\n### ", 0, limit - len(note))
    details = text.rfind("\n<details>", 0, limit - len(note))
    return text[: max(cut, details, 0)].rstrip() + "\n" + note
