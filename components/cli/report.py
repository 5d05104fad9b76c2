"""The report a reviewer reads on every pull request: verdict, who is bound, changes, attacks, matrix.

It says exactly what the proof showed, per kind of principal, and who is not bound; a reviewer
must never read "isolation proven" where it was not.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..proof.isolation import Proof, Verdict
from ..proof.matrix import Row
from ..roster.access_checks import access_summary
from ..roster.changes import Changes, change_effect, removal_effect
from ..roster.principals import kind_of
from ..roster.problems import Problem
from ..roster.settings import Settings
from ..roster.studio_changes import SettingsChange, show
from ..roster.users import UserSpec
from .formats import code, md
from .verdict import ORG_GUARD_REMEDY, counts, proven_for

REPORT_MARKER = "<!-- studio-access-report -->"
#: A change of Studio settings names at most this many users, then counts the rest.
SETTINGS_USERS_SHOWN = 10
#: Beyond this many users the matrix is folded away in the PR report.
MATRIX_INLINE_MAX = 50
#: Callers grouped into the report's columns, by what binds them.
_GROUPS = (
    ("members", "member"),
    ("execution roles", "execution"),
    ("outsiders", "none"),
    ("break-glass", "exempt"),
)


def markdown_report(
    users: Sequence[UserSpec],
    settings: Settings,
    proof: Proof | None,
    problems: Sequence[Problem],
    changes: Changes | None,
    matrix: Sequence[Row] | None,
) -> str:
    """The report a reviewer reads on the pull request."""
    out = [REPORT_MARKER, "## Studio Access", "", *_headline(users, proof, problems), ""]
    guard = "on" if settings.org_guard else "**off**"
    out += [
        "| users | member policy | access tag | removed profiles | organization guard |",
        "|---|---|---|---|---|",
        f"| {counts(users)} | `{settings.policy}` | `{settings.tag_key}` | {settings.profile_deletion} | {guard} |",
        "",
    ]
    if problems:
        out += ["### Problems", ""]
        out += [f"- {code(_where(p))} {p.severity}: {md(p.message)}" for p in problems]
        out.append("")
    if changes is not None:
        out += _changes_section(changes, settings)
    if proof is not None:
        out += _bound_section(proof) + _attack_section(proof)
    if matrix is not None:
        out += matrix_section(matrix)
    return "\n".join(out).rstrip() + "\n"


def _headline(
    users: Sequence[UserSpec], proof: Proof | None, problems: Sequence[Problem]
) -> list[str]:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return [
            f"❌ **{len(errors)} problem(s) found; nothing will be deployed until they are fixed.**"
        ]
    if proof is None or not proof.ok:
        return []
    each = (
        f"Each of the {len(users)} users opens exactly its own Studio profile, in the sessions "
        "of its own principal, also with admin rights beside it; untagged principals and "
        "untagged profiles open nothing."
    )
    if users and all(u.principal_type == "identity-center" for u in users):
        each = (
            f"Each of the {len(users)} users signs in through IAM Identity Center to the one "
            "profile bound to them, and their notebooks reach no colleague's profile, space or app."
        )
    lines = [
        f"✅ **Isolation proven** with the `{proof.variant}` member policy for: {proven_for(proof)}. "
        + each
    ]
    if unbound := proof.unbound:
        names = ", ".join(v.caller.title for v in unbound)
        lines += [
            "",
            f"⚠️ **Not bound: {names}.** They can open any profile, and so can a member who "
            "uses admin rights to create an IAM user or role of its own (a new principal is "
            f"an outsider); {md(ORG_GUARD_REMEDY)}.",
        ]
    return lines


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def _changes_section(changes: Changes, settings: Settings) -> list[str]:
    out = [f"### Changes since {code(changes.base[:12])}", ""]
    if changes.empty:
        return [*out, "No user is added, removed or changed.", ""]
    for user in changes.added:
        kind = kind_of(user.principal_type).word
        summary = access_summary(user)
        terms = f"; {md(summary)}" if summary else ""
        out.append(f"- ➕ added {code(user.id)}: {kind}, profile {code(user.profile_name)}{terms}")
    for user in changes.removed:
        out.append(f"- ➖ removed {code(user.id)}: {md(removal_effect(user, settings))}")
    for before, after, fields in changes.changed:
        effect = change_effect(before, after, settings)
        detail = f": {md(effect)}" if effect else ""
        out.append(f"- ✏️ changed {code(after.id)} ({', '.join(code(f) for f in fields)}){detail}")
    out += [_settings_line(change) for change in changes.studio]
    if not settings.retain_profiles and (
        changes.removed or any(b.profile_name != a.profile_name for b, a, _ in changes.changed)
    ):
        out += [
            "",
            "⚠️ `profileDeletion: delete`: deleting a profile first deletes its apps and spaces "
            "(`drain`), and a space's storage, the user's home directory, is destroyed with it.",
        ]
    return [*out, ""]


def _settings_line(change: SettingsChange) -> str:
    """One change of effective Studio settings, with everyone it applies to."""
    names = ", ".join(code(user) for user in change.users[:SETTINGS_USERS_SHOWN])
    if len(change.users) > SETTINGS_USERS_SHOWN:
        names += f" and {len(change.users) - SETTINGS_USERS_SHOWN:,} more"
    keys = "; ".join(
        f"{code(key)} {md(show(key, old))} → {md(show(key, new))}" for key, old, new in change.keys
    )
    return f"- ⚙️ Studio settings of {names}: {keys}"


def _bound_section(proof: Proof) -> list[str]:
    out = ["### Who is bound", "", "| principal | bound by | verdict |", "|---|---|---|"]
    for verdict in proof.verdicts:
        out.append(
            f"| {verdict.caller.title} | {_bound_by(proof, verdict)} | {_cell(proof, verdict)} |"
        )
    out += ["", "| document | size (characters) | limit |", "|---|---:|---:|"]
    out += [f"| {name} | {size:,} | {limit:,} |" for name, size, limit in proof.sizes]
    return [*out, ""]


def _bound_by(proof: Proof, verdict: Verdict) -> str:
    guard = (
        " and the organization guard"
        if any(v.caller.bound_by == "exempt" for v in proof.verdicts)
        else ""
    )
    return {
        "member": f"member policy{guard}",
        "execution": f"execution-role guard{guard}",
        "none": "the organization guard" if verdict.bound else "nothing (no organization guard)",
        "exempt": "exempt from the organization guard",
    }[verdict.caller.bound_by]


def _cell(proof: Proof, verdict: Verdict) -> str:
    if not verdict.bound:
        return "⚠️ not bound"
    if verdict.proven:
        return "✅ proven" if verdict.attacks else "✅ can do its work"
    return "⚠️ attacks open (seed policy)" if proof.tolerated(verdict) else "❌ **fails**"


def _attack_section(proof: Proof) -> list[str]:
    groups = [
        (name, [v for v in proof.verdicts if v.caller.bound_by == bound_by])
        for name, bound_by in _GROUPS
    ]
    # The deploy role is judged on its work only; the break-glass roles on attacks too.
    groups = [
        (name, [v for v in vs if v.attacks or v.caller.bound_by != "exempt"]) for name, vs in groups
    ]
    groups = [(name, verdicts) for name, verdicts in groups if verdicts]
    out = [
        "### Attacks (with an `Action: *` admin policy, and with SageMaker full access, beside)",
        "",
        "| an attacker… | " + " | ".join(name for name, _ in groups) + " | stopped by |",
        "|---|" + "---|" * len(groups) + "---|",
    ]
    names = dict.fromkeys(o.scenario.name for v in proof.verdicts for o in v.attacks)
    for name in names:
        cells = [_attack_cell(name, verdicts) for _, verdicts in groups]
        stopped = next(
            (
                o.stopped_by
                for v in proof.verdicts
                for o in v.attacks
                if o.scenario.name == name and o.ok
            ),
            None,
        )
        out.append(f"| {md(name)} | {' | '.join(cells)} | {code(stopped or 'nothing')} |")
    blocked = [(v, o) for v in proof.verdicts for o in v.blocked_benign]
    benign = sum(len(v.benign) for v in proof.verdicts)
    out.append("")
    if blocked:
        out += [
            f"- ❌ benign request denied for the {v.caller.title}: {md(o.scenario.name)}"
            for v, o in blocked
        ]
    else:
        out.append(
            f"Benign requests still allowed: {benign} of {benign} (every kind of principal)."
        )
    if proof.failures:
        out += ["", "**Isolation failures:**", ""]
        out += [f"- {md(f)}" for f in proof.failures]
    return [*out, ""]


def _attack_cell(name: str, verdicts: Sequence[Verdict]) -> str:
    if not any(v.bound for v in verdicts):
        return "not bound"
    outcomes = [o for v in verdicts for o in v.attacks if o.scenario.name == name]
    if not outcomes:
        return "–"
    return "✅" if all(o.ok for o in outcomes) else "❌"


def matrix_section(matrix: Sequence[Row]) -> list[str]:
    rows = ["| principal | type | can open |", "|---|---|---|"]
    rows += [
        f"| {code(r.principal)} | {r.principal_type} | {', '.join(code(p) for p in r.profiles) or 'nothing'} |"
        for r in matrix
    ]
    if len(matrix) > MATRIX_INLINE_MAX:
        return ["<details><summary>Who can open what</summary>", "", *rows, "", "</details>", ""]
    return ["### Who can open what (members)", "", *rows, ""]


def markdown_matrix(matrix: Sequence[Row]) -> str:
    return "\n".join(matrix_section(matrix)[2:]).rstrip() + "\n"


def text_matrix(matrix: Sequence[Row]) -> str:
    width = max((len(r.principal) for r in matrix), default=0)
    return "".join(
        f"{r.principal:<{width}}  ({r.principal_type})  -> {', '.join(r.profiles) or 'nothing'}\n"
        for r in matrix
    )
