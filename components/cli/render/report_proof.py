"""The standing part of the PR report: the proof per kind of principal, the attacks, the matrix.

None of it changes with a typical pull request, so each is folded under ``<details>``; a
reviewer opens it to see why the one-line verdict holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from components.cli.render.formats import code, md
from components.cli.render.report_budget import Budget, bounded
from components.cli.render.verdict import ORG_GUARD_REMEDY, counts
from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.proof.isolation import Proof, Verdict
from components.proof.matrix import Row
from components.roster.users import UserSpec

#: Callers grouped into the report's columns, by what binds them.
_GROUPS = (
    ("members", "member"),
    ("execution roles", "execution"),
    ("outsiders", "none"),
    ("break-glass", "exempt"),
)
#: A matrix cell of the PR report names at most this many profiles, then counts the rest.
PROFILES_SHOWN = 10


def bound_section(users: Sequence[UserSpec], settings: Settings, proof: Proof) -> list[str]:
    """Who is bound, by what, with the stack's choices and the documents' sizes."""
    guard = "on" if settings.org_guard else "**off**"
    proven = sum(1 for v in proof.verdicts if v.proven and v.attacks)
    out = [
        f"<details><summary>The proof per kind of principal: {proven} of "
        f"{len(proof.verdicts)} proven, {len(proof.unbound)} not bound</summary>",
        "",
        "| users | member policy | access tag | removed profiles | organization guard |",
        "|---|---|---|---|---|",
        f"| {counts(users)} | `{settings.policy}` | `{settings.tag_key}` | "
        f"{settings.profile_deletion} | {guard} |",
        "",
    ]
    out += [_each(users), ""]
    if unbound := proof.unbound:
        names = ", ".join(v.caller.title for v in unbound)
        out += [
            f"⚠️ **Not bound: {names}.** They can open any profile, and so can a member who "
            "uses admin rights to create an IAM user or role of its own (a new principal is "
            f"an outsider); {md(ORG_GUARD_REMEDY)}.",
            "",
        ]
    out += ["| principal | bound by | verdict |", "|---|---|---|"]
    for verdict in proof.verdicts:
        out.append(
            f"| {verdict.caller.title} | {_bound_by(proof, verdict)} | {_cell(proof, verdict)} |"
        )
    out += ["", "| document | size (characters) | limit |", "|---|---:|---:|"]
    out += [f"| {name} | {size:,} | {limit:,} |" for name, size, limit in proof.sizes]
    return [*out, "", "</details>", ""]


def _each(users: Sequence[UserSpec]) -> str:
    """What the proof means for every person, in one sentence (none: nobody to prove for)."""
    if not users:
        return (
            "There is no one to prove for: the roster has no user, so no principal of this stack "
            "opens any profile."
        )
    shared = {kind_of(u.principal_type) for u in users}
    if len(shared) == 1 and (each := shared.pop().each_user):
        return f"{_each_of(users)} {each}"
    return (
        f"{_each_of(users)} opens exactly its own Studio profile, in the sessions "
        "of its own principal, also with admin rights beside it; untagged principals and "
        "untagged profiles open nothing."
    )


def _each_of(users: Sequence[UserSpec]) -> str:
    return "The one user" if len(users) == 1 else f"Each of the {len(users):,} users"


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


def attack_section(proof: Proof, budget: Budget) -> list[str]:
    """Every attack, per group of callers, and the statement that stops it, folded away."""
    groups = [
        (name, [v for v in proof.verdicts if v.caller.bound_by == bound_by])
        for name, bound_by in _GROUPS
    ]
    # The deploy role is judged on its work only; the break-glass roles on attacks too.
    groups = [
        (name, [v for v in vs if v.attacks or v.caller.bound_by != "exempt"]) for name, vs in groups
    ]
    groups = [(name, verdicts) for name, verdicts in groups if verdicts]
    names = list(dict.fromkeys(o.scenario.name for v in proof.verdicts for o in v.attacks))
    stopped_by: dict[str, str | None] = {}
    for verdict in proof.verdicts:
        for outcome in verdict.attacks:
            if outcome.ok:
                stopped_by.setdefault(outcome.scenario.name, outcome.stopped_by)
    rows = [
        f"| {md(name)} | {' | '.join(_attack_cell(name, vs) for _, vs in groups)} | "
        f"{code(stopped_by.get(name) or 'nothing', in_table=True)} |"
        for name in names
    ]
    open_count = sum(len(v.open_attacks) for v in proof.verdicts if v.bound)
    state = f"{open_count} open" if open_count else "every one stopped"
    if proof.unbound:
        state += f" where bound ({len(proof.unbound)} kind(s) of caller not bound)"
    out = [
        f"<details><summary>Attacks: {len(names)} tried on every kind of principal, {state}"
        "</summary>",
        "",
        "With an `Action: *` admin policy, and with SageMaker full access, beside.",
        "",
        "| an attacker… | " + " | ".join(name for name, _ in groups) + " | stopped by |",
        "|---|" + "---|" * len(groups) + "---|",
        *bounded(rows, budget.share("attacks"), budget, "attack", "attacks", table=True),
        "",
        *_benign_lines(proof),
        "",
        "</details>",
        "",
    ]
    budget.spend(out)
    return out


def _benign_lines(proof: Proof) -> list[str]:
    blocked = [(v, o) for v in proof.verdicts for o in v.blocked_benign]
    benign = sum(len(v.benign) for v in proof.verdicts)
    out = (
        [
            f"- ❌ benign request denied for the {v.caller.title}: {md(o.scenario.name)}"
            for v, o in blocked
        ]
        if blocked
        else [f"Benign requests still allowed: {benign} of {benign} (every kind of principal)."]
    )
    if proof.failures:
        out += ["", "**Isolation failures:**", ""]
        out += [f"- {md(f)}" for f in proof.failures]
    return out


def _attack_cell(name: str, verdicts: Sequence[Verdict]) -> str:
    if not any(v.bound for v in verdicts):
        return "not bound"
    outcomes = [o for v in verdicts for o in v.attacks if o.scenario.name == name]
    if not outcomes:
        return "–"
    return "✅" if all(o.ok for o in outcomes) else "❌"


def matrix_rows(matrix: Sequence[Row], most: int | None = None) -> list[str]:
    """The matrix as a Markdown table (header included), each cell naming ``most`` profiles."""
    rows = ["| principal | type | can open |", "|---|---|---|"]
    for r in matrix:
        profiles = r.profiles if most is None else r.profiles[:most]
        shown = ", ".join(code(p, in_table=True) for p in profiles)
        if len(r.profiles) > len(profiles):
            shown += f" and {len(r.profiles) - len(profiles):,} more"
        principal = code(r.principal, in_table=True)
        rows.append(f"| {principal} | {r.principal_type} | {shown or 'nothing'} |")
    return rows


def matrix_section(matrix: Sequence[Row], budget: Budget) -> list[str]:
    """Who can open what, folded away, as far as the comment's characters reach."""
    table = matrix_rows(matrix, None if budget.left is None else PROFILES_SHOWN)
    out = [
        f"<details><summary>Who can open what: {len(matrix):,} principals</summary>",
        "",
        *table[:2],
        *bounded(
            table[2:], budget.share("matrix"), budget, "matrix row", "matrix rows", table=True
        ),
        "",
        "</details>",
        "",
    ]
    budget.spend(out)
    return out


def markdown_matrix(matrix: Sequence[Row]) -> str:
    """The ``matrix --format markdown`` table, complete."""
    return "\n".join(matrix_rows(matrix)) + "\n"


def text_matrix(matrix: Sequence[Row]) -> str:
    width = max((len(r.principal) for r in matrix), default=0)
    return "".join(
        f"{r.principal:<{width}}  ({r.principal_type})  -> {', '.join(r.profiles) or 'nothing'}\n"
        for r in matrix
    )
