"""What the isolation proof finds: how each scenario was decided, per kind of caller and in all.

``isolation`` builds these values; the CLI's reports render them.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core.requests import Caller, Scenario
from components.proof.iam.evaluator import Decision


@dataclass(frozen=True)
class Outcome:
    """How one scenario was decided for one kind of caller, and whether that is right.

    Attributes:
        scenario: the request and what must happen to it.
        expected: whether it must be allowed (for this caller, with or without the guard).
        decision: the decision with admin rights beside.
        with_sagemaker: for attacks, the decision with SageMaker full access beside instead.
        credited: for attacks, the statement meant to stop it that denies it on its own.
    """

    scenario: Scenario
    expected: bool
    decision: Decision
    with_sagemaker: Decision | None = None
    credited: str | None = None

    @property
    def ok(self) -> bool:
        if self.scenario.allowed:
            return self.decision.allowed == self.expected
        denied = not self.decision.allowed and not (
            self.with_sagemaker and self.with_sagemaker.allowed
        )
        return denied and self.credited is not None

    @property
    def stopped_by(self) -> str | None:
        """The statement to credit: the named guard when it denies alone, else the decider."""
        return self.credited or self.decision.sid


@dataclass(frozen=True)
class Verdict:
    """What the proof found for one kind of caller."""

    caller: Caller
    bound: bool
    attacks: tuple[Outcome, ...] = ()
    benign: tuple[Outcome, ...] = ()

    @property
    def open_attacks(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.attacks if not o.ok)

    @property
    def blocked_benign(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.benign if not o.ok)

    @property
    def proven(self) -> bool:
        """Bound, every attack stopped by its guard, every benign request allowed."""
        return self.bound and not self.open_attacks and not self.blocked_benign


@dataclass(frozen=True)
class Proof:
    """The verdict for one roster and one stack.

    Attributes:
        variant: the member policy's variant, ``hardened`` or ``seed``.
        users: how many users the roster holds.
        evaluations: how many requests were evaluated.
        failures: each isolation failure between members, naming the pair and the statement.
        verdicts: one per kind of caller.
        sizes: (document, characters counted, limit) for every document deployed.
        allow_unproven: whether the members' open attacks under the ``seed`` policy are accepted
            (``check --allow-unproven``): then they are warnings, else errors.
    """

    variant: str
    users: int
    evaluations: int
    failures: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    sizes: tuple[tuple[str, int, int], ...]
    allow_unproven: bool = False

    @property
    def isolated(self) -> bool:
        """Whether every member opens exactly its own profile."""
        return not self.failures

    @property
    def unbound(self) -> tuple[Verdict, ...]:
        """Kinds of caller that nothing of this project binds."""
        return tuple(v for v in self.verdicts if not v.bound)

    def tolerated(self, verdict: Verdict) -> bool:
        """Whether a verdict's open attacks are only warnings: members under the ``seed`` policy,
        when someone accepted that they are not proven."""
        return (
            self.allow_unproven and self.variant == "seed" and verdict.caller.bound_by == "member"
        )

    @property
    def ok(self) -> bool:
        """Members isolated, and every bound kind proven (``seed`` members only warned about)."""
        bound = [v for v in self.verdicts if v.bound]
        return self.isolated and all(
            not v.blocked_benign and (not v.open_attacks or self.tolerated(v)) for v in bound
        )


def decided_by(decision: Decision) -> str:
    """Which statement decided, in a reviewer's words."""
    if decision.sid is None:
        return (
            f"not allowed by the {decision.policy}" if decision.policy else "no statement allows it"
        )
    verb = {"Allow": "allowed", "Deny": "denied"}.get(decision.effect, "decided")
    where = f" in {decision.policy}" if decision.policy else ""
    return f"{verb} by {decision.sid}{where}"
