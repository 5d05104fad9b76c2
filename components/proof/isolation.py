"""The isolation proof: evaluate the policy text and show that each principal opens only its own profile.

Comparing all N² principal/profile pairs is needless: the policy decides ``CreatePresignedDomainUrl``
from the two tag values alone (equal, different, or missing), so the proof

1. evaluates representative requests for every such relation, with and without an ``Action: *``
   admin policy beside the isolation policy;
2. evaluates, for every user of the roster, the request for its own profile (must be allowed) and
   for another user's profile (must be denied even with admin rights);
3. checks what the argument rests on: ids are unique, also ignoring case, and so are profile
   names; ``StudioUser`` tags a user's principal and profile with the same value, its id.

It also judges every attack and benign request of ``scenarios`` against the same text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from ..policies.member import policy_text
from ..roster.settings import Settings
from ..roster.users import UserSpec
from .evaluator import Decision, Policy, evaluate
from .scenarios import ADMIN_POLICY, Scenario, attacks, benign, open_profile

#: (what, principal tag, profile tag, must be allowed): every relation two tags can have.
RELATIONS: tuple[tuple[str, str | None, str | None, bool], ...] = (
    ("own profile", "alice", "alice", True),
    ("another user's profile", "alice", "bob", False),
    ("a profile tagged with a differently cased id", "alice", "Alice", False),
    ("a profile tagged with a longer id", "alice", "alice-2", False),
    ("any profile, from an untagged principal", None, "alice", False),
    ("an untagged profile", "alice", None, False),
    ("an untagged profile, from an untagged principal", None, None, False),
)


@dataclass(frozen=True)
class Outcome:
    """How the policy (with admin rights beside) decided one scenario, and whether that is right.

    Attributes:
        scenario: the request and what must happen to it.
        decision: the evaluator's decision for the whole policy.
        guard_alone_denies: for attacks, whether the statement DESIGN.md names for it denies the
            request on its own (``None`` when the variant lacks that statement), so each guard is
            shown to do its own job rather than lean on another.
    """

    scenario: Scenario
    decision: Decision
    guard_alone_denies: bool | None = None

    @property
    def ok(self) -> bool:
        if self.decision.allowed != self.scenario.allowed:
            return False
        return self.guard_alone_denies is not False

    @property
    def stopped_by(self) -> str | None:
        """The statement to credit: the named guard when it denies alone, else the decider."""
        if self.guard_alone_denies:
            return self.scenario.closes
        return self.decision.sid


@dataclass(frozen=True)
class Proof:
    """The verdict for one roster and one policy variant.

    Attributes:
        variant: ``hardened`` or ``seed``.
        users: how many users the roster holds.
        evaluations: how many requests were evaluated.
        failures: each isolation failure, naming the pair and the deciding statement.
        attacks: each attack of DESIGN.md and how the policy decided it.
        benign: each request that must stay allowed and how it was decided.
    """

    variant: str
    users: int
    evaluations: int
    failures: tuple[str, ...]
    attacks: tuple[Outcome, ...]
    benign: tuple[Outcome, ...]

    @property
    def isolated(self) -> bool:
        """Whether every principal opens exactly its own profile."""
        return not self.failures

    @property
    def open_attacks(self) -> tuple[Outcome, ...]:
        """Attacks the policy lets through when the caller also holds admin rights."""
        return tuple(o for o in self.attacks if not o.ok)

    @property
    def blocked_benign(self) -> tuple[Outcome, ...]:
        """Requests the guards deny although they should not."""
        return tuple(o for o in self.benign if not o.ok)

    @property
    def ok(self) -> bool:
        """Isolation holds; for ``hardened`` every attack is also stopped and nothing benign is."""
        if self.variant == "seed":
            return self.isolated
        return self.isolated and not self.open_attacks and not self.blocked_benign


def compile_policy(settings: Settings, variant: str | None = None) -> Policy:
    """Compile the exact text that is deployed (not the dict it was built from)."""
    return Policy(policy_text(settings, variant), name=settings.policy_name)


def prove(users: Sequence[UserSpec], settings: Settings, variant: str | None = None) -> Proof:
    """Prove isolation for ``users`` under the configured (or given) policy variant."""
    variant = variant or settings.policy
    isolation = compile_policy(settings, variant)
    alone = [isolation]
    with_admin = [isolation, ADMIN_POLICY]
    failures: list[str] = []
    evaluations = 0

    for what, principal_tag, profile_tag, allowed in RELATIONS:
        for policies, beside in ((alone, ""), (with_admin, " with admin rights beside")):
            decision = evaluate(policies, open_profile(settings, principal_tag, profile_tag))
            evaluations += 1
            if decision.allowed != allowed:
                verb = "cannot" if allowed else "can"
                failures.append(f"a principal {verb} open {what}{beside} ({_decided_by(decision)})")

    failures += _uniqueness_failures(users)
    for index, user in enumerate(users):
        own = evaluate(alone, open_profile(settings, user.id, user.id, user.profile_name))
        evaluations += 1
        if not own.allowed:
            failures.append(
                f"{user.id} cannot open its own profile {user.profile_name!r} ({_decided_by(own)})"
            )
        if len(users) > 1:
            other = users[(index + 1) % len(users)]
            request = open_profile(settings, user.id, other.id, other.profile_name)
            decision = evaluate(with_admin, request)
            evaluations += 1
            if decision.allowed:
                failures.append(
                    f"{user.id} can open {other.id}'s profile {other.profile_name!r} "
                    f"with admin rights beside ({_decided_by(decision)})"
                )

    guards = _single_statement_policies(settings, variant)
    attack_outcomes = tuple(
        Outcome(
            s,
            evaluate(with_admin, s.request),
            not evaluate([guards[s.closes], ADMIN_POLICY], s.request).allowed
            if s.closes in guards
            else None,
        )
        for s in attacks(settings)
    )
    benign_outcomes = tuple(Outcome(s, evaluate(with_admin, s.request)) for s in benign(settings))
    evaluations += 2 * len(attack_outcomes) + len(benign_outcomes)
    return Proof(
        variant, len(users), evaluations, tuple(failures), attack_outcomes, benign_outcomes
    )


def _uniqueness_failures(users: Sequence[UserSpec]) -> list[str]:
    """Two users sharing a tag value (or a profile name) would open each other's profiles."""
    failures = []
    checks = (
        ("id", [u.id for u in users], "their principals share a tag value"),
        ("profile name", [u.profile_name for u in users], "two users would share one profile"),
    )
    for what, values, consequence in checks:
        seen: dict[str, str] = {}
        for value in values:
            folded = value.lower()
            if folded in seen:
                failures.append(
                    f"{what} {value!r} is not unique (also {seen[folded]!r}): {consequence}"
                )
            else:
                seen[folded] = value
    return failures


def _single_statement_policies(settings: Settings, variant: str) -> dict[str, Policy]:
    """Each statement of the deployed text as a policy of its own, by Sid."""
    document = json.loads(policy_text(settings, variant))
    return {
        statement["Sid"]: Policy(
            {"Version": document["Version"], "Statement": [statement]}, name=statement["Sid"]
        )
        for statement in document["Statement"]
        if "Sid" in statement
    }


def _decided_by(decision: Decision) -> str:
    if decision.sid is None:
        return "no statement allows it"
    verb = {"Allow": "allowed", "Deny": "denied"}.get(decision.effect, "decided")
    where = f" in {decision.policy}" if decision.policy else ""
    return f"{verb} by {decision.sid}{where}"
