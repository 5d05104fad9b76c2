"""How ``check`` speaks: plain lines for terminals, workflow commands for GitHub, Markdown for reviewers.

Everything printed may carry text from a pull request (file names, unknown keys), so each format
escapes it: GitHub workflow commands are escaped as the runner expects (a newline in a message
could otherwise start a command of its own), Markdown values are placed in code spans.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..proof.isolation import Proof
from ..proof.matrix import Row
from ..roster.changes import Changes, removal_effect
from ..roster.problems import Problem
from ..roster.settings import Settings
from ..roster.users import UserSpec

REPORT_MARKER = "<!-- studio-access-report -->"
#: Beyond this many users the matrix is folded away in the PR report.
MATRIX_INLINE_MAX = 50


def text_problem(problem: Problem) -> str:
    return str(problem)


def github_problem(problem: Problem) -> str:
    """Format as a GitHub workflow command, so the PR shows it on the offending line."""
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.column:
        properties.append(f"col={problem.column}")
    return f"::{problem.severity} {','.join(properties)}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def code(text: str) -> str:
    """A Markdown code span that no content can break out of."""
    text = _one_line(text)
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def summary_line(users: Sequence[UserSpec], proof: Proof) -> str:
    """The one-line verdict printed after the problems."""
    roles = sum(u.principal_type == "role" for u in users)
    counts = f"{len(users)} users ({len(users) - roles} IAM users, {roles} roles)"
    if proof.ok:
        return (
            f"ok: {counts}; isolation proven with the {proof.variant} policy: each principal opens "
            f"exactly its own profile ({proof.evaluations} requests evaluated)"
        )
    return f"FAILED: {counts}; the {proof.variant} policy does not isolate them"


def proof_problems(proof: Proof, source: str) -> list[Problem]:
    """The proof's failures, and for ``seed`` its open attacks as warnings, as problems."""
    problems = [Problem(source, 0, 0, f"isolation: {f}") for f in proof.failures]
    severity = "warning" if proof.variant == "seed" else "error"
    problems += [
        Problem(
            source,
            0,
            0,
            f"attack not stopped by the {proof.variant} policy: a member {o.scenario.name}",
            severity,
        )
        for o in proof.open_attacks
    ]
    problems += [
        Problem(
            source,
            0,
            0,
            f"the policy denies a benign request: a member {o.scenario.name} ({o.decision.sid})",
        )
        for o in proof.blocked_benign
    ]
    return problems


def markdown_report(
    users: Sequence[UserSpec],
    settings: Settings,
    proof: Proof | None,
    problems: Sequence[Problem],
    changes: Changes | None,
    matrix: Sequence[Row] | None,
) -> str:
    """The report a reviewer reads on the pull request."""
    out = [REPORT_MARKER, "## Studio Access", ""]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        out.append(
            f"❌ **{len(errors)} problem(s) found; nothing will be deployed until they are fixed.**"
        )
    elif proof is not None and proof.ok:
        out.append(
            f"✅ **Isolation proven** with the `{proof.variant}` policy: each of the {len(users)} "
            "principals can open exactly its own Studio profile, also with admin rights beside; "
            "untagged principals and untagged profiles open nothing."
        )
    out.append("")
    roles = sum(u.principal_type == "role" for u in users)
    out += [
        "| users | IAM users | roles | policy | access tag | removed profiles |",
        "|---:|---:|---:|---|---|---|",
        f"| {len(users)} | {len(users) - roles} | {roles} | `{settings.policy}` | `{settings.tag_key}` | "
        f"{settings.profile_deletion} |",
        "",
    ]
    if problems:
        out += ["### Problems", ""]
        out += [f"- {code(_where(p))} {p.severity}: {_md(p.message)}" for p in problems]
        out.append("")
    if changes is not None:
        out += _changes_section(changes, settings)
    if proof is not None:
        out += _attack_section(proof)
    if matrix is not None:
        out += _matrix_section(matrix)
    return "\n".join(out).rstrip() + "\n"


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def _changes_section(changes: Changes, settings: Settings) -> list[str]:
    out = [f"### Changes since {code(changes.base[:12])}", ""]
    if changes.empty:
        return [*out, "No user is added, removed or changed.", ""]
    for user in changes.added:
        kind = "IAM user" if user.principal_type == "user" else "IAM role"
        out.append(f"- ➕ added {code(user.id)}: {kind}, profile {code(user.profile_name)}")
    for user in changes.removed:
        out.append(f"- ➖ removed {code(user.id)}: {_md(removal_effect(user, settings))}")
    for _, user, fields in changes.changed:
        out.append(f"- ✏️ changed {code(user.id)}: {', '.join(code(f) for f in fields)}")
    return [*out, ""]


def _attack_section(proof: Proof) -> list[str]:
    out = [
        f"### Attacks (the `{proof.variant}` policy, with an `Action: *` admin policy beside it)",
        "",
        "| a group member… | result | stopped by |",
        "|---|---|---|",
    ]
    for outcome in proof.attacks:
        result = "✅ stopped" if outcome.ok else "❌ **succeeds**"
        out.append(
            f"| {outcome.scenario.name} | {result} | {code(outcome.stopped_by or 'no statement')} |"
        )
    blocked = proof.blocked_benign
    out.append("")
    if blocked:
        out += [f"- ❌ benign request denied: {o.scenario.name}" for o in blocked]
    else:
        out.append(
            f"Benign requests still allowed with admin rights: {len(proof.benign)} of {len(proof.benign)}."
        )
    if proof.failures:
        out += ["", "**Isolation failures:**", ""]
        out += [f"- {_md(f)}" for f in proof.failures]
    return [*out, ""]


def _matrix_section(matrix: Sequence[Row]) -> list[str]:
    rows = ["| principal | type | can open |", "|---|---|---|"]
    rows += [
        f"| {code(r.principal)} | {r.principal_type} | {', '.join(code(p) for p in r.profiles) or 'nothing'} |"
        for r in matrix
    ]
    if len(matrix) > MATRIX_INLINE_MAX:
        return ["<details><summary>Who can open what</summary>", "", *rows, "", "</details>", ""]
    return ["### Who can open what", "", *rows, ""]


def _one_line(text: str) -> str:
    """Replace line breaks and other non-printable characters (a CR is a Markdown break too)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _md(text: str) -> str:
    """Escape Markdown and HTML control characters in free text, on one line."""
    text = _one_line(text)
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, f"\\{ch}")
    return text


def markdown_matrix(matrix: Sequence[Row]) -> str:
    return "\n".join(_matrix_section(matrix)[2:]).rstrip() + "\n"


def text_matrix(matrix: Sequence[Row]) -> str:
    width = max((len(r.principal) for r in matrix), default=0)
    return "".join(
        f"{r.principal:<{width}}  ({r.principal_type})  -> {', '.join(r.profiles) or 'nothing'}\n"
        for r in matrix
    )
