"""What ``check`` concludes, in words: per kind of principal, never wider than the proof.

The product's value is a security claim, so the verdict names who isolation is proven for, and
says just as plainly who is not bound (outsiders, until the organization guard is on).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from components.cli.render.formats import plural
from components.core.problems import Problem
from components.proof.isolation import Proof, Verdict
from components.roster.users import UserSpec

#: The remedy for outsiders, named wherever they are reported as not bound.
ORG_GUARD_REMEDY = (
    "only an organization guard binds them: set orgGuard: true with deployRoleArn and "
    "orgGuardTargets (see docs/security.md)"
)


def counts(users: Sequence[UserSpec]) -> str:
    """``3 users (1 IAM user, 2 IAM roles)``, by kind of principal, with the offboarded apart.

    ``0 users`` alone: empty parentheses would read as if something were left out.
    """
    from components.kinds import KINDS

    tally = Counter(u.principal.kind for u in users if u.active)
    active = sum(tally.values())
    found = [(kind, tally[kind.name]) for kind in KINDS]
    parts = [plural(count, kind.word) for kind, count in found if count]
    if offboarded := len(users) - active:
        parts.append(f"{offboarded:,} offboarded")
    return f"{plural(len(users), 'user')}" + (f" ({', '.join(parts)})" if parts else "")


def proven_for(proof: Proof) -> str:
    """The kinds of principal isolation is proven for, in a reviewer's words."""
    return ", ".join(v.caller.title for v in proof.verdicts if v.proven and v.attacks)


def summary_line(users: Sequence[UserSpec], proof: Proof) -> str:
    """The one-line verdict printed after the problems."""
    if not proof.ok:
        return f"FAILED: {counts(users)}; the documents do not isolate them (problems above)"
    line = (
        f"ok: {counts(users)}; isolation proven with the {proof.variant} member policy for: "
        f"{proven_for(proof)} ({proof.evaluations} requests evaluated)"
    )
    if unproven := [v for v in proof.verdicts if v.bound and v.open_attacks]:
        # Only what --allow-unproven accepted reaches here: the line must not read as a full proof.
        line += (
            f"; NOT proven (accepted with --allow-unproven): "
            f"{', '.join(v.caller.title for v in unproven)}"
        )
    if unbound := proof.unbound:
        line += f"; NOT bound: {', '.join(v.caller.title for v in unbound)} (no organization guard)"
    return line


def verdict_lines(proof: Proof) -> list[str]:
    """One line per kind of principal, then the size of every document deployed."""
    lines = []
    for verdict in proof.verdicts:
        lines.append(f"  {_state(proof, verdict):<10} {verdict.caller.title}: {_detail(verdict)}")
    sizes = "; ".join(
        f"{name} {size:,} of {limit:,} characters" for name, size, limit in proof.sizes
    )
    lines.append(f"  documents  {sizes}")
    return lines


def _state(proof: Proof, verdict: Verdict) -> str:
    if not verdict.bound:
        return "NOT BOUND"
    if verdict.proven:
        return "proven" if verdict.attacks else "exempt"
    return "warning" if proof.tolerated(verdict) and not verdict.blocked_benign else "FAILED"


def _detail(verdict: Verdict) -> str:
    if not verdict.bound:
        return "no policy of this stack binds it; the organization guard would (orgGuard)"
    if verdict.caller.bound_by == "exempt" and not verdict.attacks:
        return f"exempt from the organization guard; its work still allowed ({len(verdict.benign)} requests)"
    stopped = len(verdict.attacks) - len(verdict.open_attacks)
    allowed = len(verdict.benign) - len(verdict.blocked_benign)
    partly = (
        "partly exempt from the organization guard: " if verdict.caller.bound_by == "exempt" else ""
    )
    return (
        f"{partly}{stopped} of {plural(len(verdict.attacks), 'attack')} stopped, "
        f"{allowed} of {plural(len(verdict.benign), 'benign request')} allowed"
    )


def _seed_problem(place: tuple[str, int, int], verdict: Verdict, accepted: bool) -> Problem:
    """One problem for what the seed policy leaves open to a kind of member, where it is set.

    One per kind, never one per attack: the seed policy leaves dozens open to each, and a line
    for each would bury every other problem (``accepted``: ``--allow-unproven``, a warning).
    """
    opened = verdict.open_attacks
    leaves = (
        f"policy: seed leaves {len(opened)} of {plural(len(verdict.attacks), 'attack')} open to "
        f"the {verdict.caller.title} (for example, it {opened[0].scenario.name}): isolation is "
        "not proven"
    )
    if accepted:
        return Problem(*place, f"{leaves} (accepted with --allow-unproven)", "warning")
    return Problem(*place, f"{leaves}; set policy: hardened, or pass --allow-unproven to accept it")


def proof_problems(
    proof: Proof,
    source: str,
    policy_place: tuple[str, int, int] | None = None,
    guard_place: tuple[str, int, int] | None = None,
) -> list[Problem]:
    """The proof's failures, open attacks and blocked requests, and who is not bound, as problems.

    ``policy_place`` is where the stack sets ``policy``: what ``policy: seed`` leaves open is
    reported there (else at ``source``, the users folder). ``guard_place`` is where ``orgGuard``
    is set, or the stack file: who is not bound depends on the stack alone, so a pull request
    that changes the users folder is not told about it as if it were its doing.
    """
    problems = [Problem(source, 0, 0, f"isolation: {f}") for f in proof.failures]
    for verdict in proof.verdicts:
        who = verdict.caller.title
        severity = "warning" if proof.tolerated(verdict) else "error"
        if proof.variant == "seed" and verdict.open_attacks:
            accepted = severity == "warning"  # tolerated: --allow-unproven
            problems.append(_seed_problem(policy_place or (source, 0, 0), verdict, accepted))
        else:
            problems += [
                Problem(
                    source,
                    0,
                    0,
                    f"attack not stopped for the {who} (policy: {proof.variant}): it "
                    f"{o.scenario.name}",
                    severity,
                )
                for o in verdict.open_attacks
            ]
        # A benign request the policy denies is an error under either policy: never left unsaid.
        problems += [
            Problem(
                source,
                0,
                0,
                f"a benign request is denied for the {who}: it {o.scenario.name} ({o.decision.sid})",
            )
            for o in verdict.blocked_benign
        ]
    if unbound := proof.unbound:
        names = ", ".join(v.caller.title for v in unbound)
        problems.append(
            Problem(
                *(guard_place or (source, 0, 0)),
                f"outsiders are not bound ({names}): they can open any profile and change any "
                f"tag, since no identity policy of this stack reaches them; {ORG_GUARD_REMEDY}",
                "warning",
            )
        )
    return problems
