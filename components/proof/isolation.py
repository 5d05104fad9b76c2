"""The isolation proof: evaluate the deployed texts and show who opens what, per kind of principal.

For members, comparing all N² principal/profile pairs is needless: the member policy decides
``CreatePresignedDomainUrl`` from the two tag values alone (equal, different, or missing), so the
proof

1. evaluates representative requests for every such relation, with and without an ``Action: *``
   admin policy beside the member policy;
2. evaluates, for one user of each shape the roster has (its kind of principal, and whether its
   profile name is its id), the request for its own profile (must be allowed) and for another
   user's profile (must be denied even with admin rights). One per shape suffices: the documents
   do not depend on the roster, and ids and profile names are lower-case letters, digits and
   hyphens, which no policy wildcard or separator can match, so renaming one user into another
   of the same shape changes no decision;
3. checks what the argument rests on: ids are unique, also ignoring case, and so are profile
   names; ``StudioUser`` tags a user's principal and profile with the same value, its id.

Then, for every kind of caller (``callers``), it judges every attack (``attacks``) with admin
rights and with SageMaker full access beside, requiring the statement named for it to deny on its
own, and every benign request (``benign``). A kind that nothing of this project binds (outsiders
without the organization guard) is reported as not bound, never as proven.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components import kinds
from components.core.requests import Caller, Scenario
from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import MANAGED_POLICY_MAX, counted_size, policy_texts
from components.policies.org_guard import SCP_MAX, scp_texts
from components.proof.callers import (
    ADMIN_POLICY,
    FULL_AWS_ACCESS,
    MEMBER,
    SAGEMAKER_FULL_ACCESS,
    Documents,
    callers,
)
from components.proof.iam.evaluator import Decision, Policy, Request, evaluate
from components.proof.requests.attacks import ATTACKS
from components.proof.requests.benign import BENIGN, BREAK_GLASS_WORK, DEPLOY_ROLE_WORK
from components.proof.scenarios import open_profile
from components.proof.scenarios import request as scenario_request
from components.roster.users import UserSpec


def all_scenarios() -> tuple[tuple[Scenario, ...], tuple[Scenario, ...]]:
    """``(attacks, benign requests)``: the proof's own, then each kind of principal's."""
    added = [s for kind in kinds.KINDS for s in kind.scenarios()]
    attacks = (*ATTACKS, *(s for s in added if not s.allowed))
    benign = (*BENIGN, *DEPLOY_ROLE_WORK, *BREAK_GLASS_WORK, *(s for s in added if s.allowed))
    return attacks, benign


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


def compile_policy(settings: Settings, variant: str | None = None) -> Policy:
    """Compile the member policy's exact deployed text (not the dict it was built from)."""
    return Documents(settings, variant).member


def prove(
    users: Sequence[UserSpec],
    settings: Settings,
    variant: str | None = None,
    *,
    allow_unproven: bool = False,
) -> Proof:
    """Prove isolation for ``users`` under the stack's documents (and the given member variant).

    With ``allow_unproven``, what the ``seed`` policy leaves open to members is a warning.
    """
    documents = Documents(settings, variant)
    role_arns = tuple(dict.fromkeys(u.execution_role_arn for u in users if u.execution_role_arn))
    judged = callers(settings, role_arns)
    if any(caller.bound_by == MEMBER for caller in judged):
        failures, evaluations = _member_relations(users, settings, documents.member)
    else:  # nobody opens a profile with a presigned URL (an Identity Center domain)
        failures, evaluations = _uniqueness_failures(users), 0
    judge = _Judge(settings, documents)
    verdicts = tuple(judge.verdict(caller) for caller in judged)
    return Proof(
        documents.variant,
        len(users),
        evaluations + judge.evaluations,
        tuple(failures),
        verdicts,
        document_sizes(settings, documents.variant),
        allow_unproven,
    )


def document_sizes(
    settings: Settings, variant: str | None = None
) -> tuple[tuple[str, int, int], ...]:
    """Every document the stack deploys, with the size AWS counts and AWS's limit."""
    sizes = [
        *_parts("member policy", policy_texts(settings, variant), counted_size, MANAGED_POLICY_MAX),
        *_parts(
            "execution-role guard",
            execution_role_policy_texts(settings),
            counted_size,
            MANAGED_POLICY_MAX,
        ),
    ]
    if settings.org_guard:
        sizes += _parts("organization guard (SCP)", scp_texts(settings), len, SCP_MAX)
    return tuple(sizes)


def _parts(what: str, texts: list[str], size, limit: int) -> list[tuple[str, int, int]]:
    """One entry per deployed part: ``what``, or ``what`` with ``1 of 2``… when it is split."""
    if len(texts) == 1:
        return [(what, size(texts[0]), limit)]
    named = what[:-1] + " {}" + ")" if what.endswith(")") else what + " ({})"
    return [
        (named.format(f"{index} of {len(texts)}"), size(text), limit)
        for index, text in enumerate(texts, start=1)
    ]


def _member_relations(
    users: Sequence[UserSpec], settings: Settings, member: Policy
) -> tuple[list[str], int]:
    """Steps 1-3 of the module docstring: tag relations, every user, uniqueness."""
    alone, with_admin = [member], [member, ADMIN_POLICY]
    failures: list[str] = []
    evaluations = 0
    for what, principal_tag, profile_tag, allowed in RELATIONS:
        for policies, beside in ((alone, ""), (with_admin, " with admin rights beside")):
            decision = evaluate(policies, open_profile(settings, principal_tag, profile_tag))
            evaluations += 1
            if decision.allowed != allowed:
                verb = "cannot" if allowed else "can"
                failures.append(f"a principal {verb} open {what}{beside} ({decided_by(decision)})")
    failures += _uniqueness_failures(users)
    shapes = _one_per_shape(u for u in users if u.active)
    for index, user in enumerate(shapes):
        arn = kind_of(user.principal_type).session_arn(user, settings)
        if arn is None:
            continue  # signs in without a session the member policy judges
        own = evaluate(
            alone,
            open_profile(settings, user.id, user.id, user.profile_name, user.profile_name, arn),
        )
        evaluations += 1
        if not own.allowed:
            failures.append(
                f"{user.id} cannot open its own profile {user.profile_name!r} ({decided_by(own)})"
            )
        other = shapes[(index + 1) % len(shapes)] if len(shapes) > 1 else _someone_else(user)
        decision = evaluate(
            with_admin,
            open_profile(settings, user.id, other.id, other.profile_name, user.profile_name, arn),
        )
        evaluations += 1
        if decision.allowed:
            failures.append(
                f"{user.id} can open {other.id}'s profile {other.profile_name!r} "
                f"with admin rights beside ({decided_by(decision)})"
            )
    return failures, evaluations


def _one_per_shape(users: Iterable[UserSpec]) -> list[UserSpec]:
    """The first user of each shape: kind of principal, and whether the profile is named as the id."""
    found: dict[tuple[str, bool], UserSpec] = {}
    for user in users:
        found.setdefault((user.principal_type, user.profile_name == user.id), user)
    return list(found.values())


def _someone_else(user: UserSpec) -> UserSpec:
    """A colleague of ``user`` when the roster has no other shape to pick from."""
    return UserSpec(f"{user.id}-x", f"{user.profile_name}-x")


class _Judge:
    """Judges every scenario for one kind of caller, counting the evaluations."""

    def __init__(self, settings: Settings, documents: Documents):
        self.settings = settings
        self.documents = documents
        self.evaluations = 0
        self._alone: dict[str, list[tuple[Policy, bool]]] = {}

    def verdict(self, caller: Caller) -> Verdict:
        if not self.documents.bound(caller):
            return Verdict(caller, False)
        guard_on = self.documents.scps is not None
        all_attacks, all_benign = all_scenarios()
        attacks = tuple(
            self._attack(caller, s) for s in all_attacks if s.applies(self.settings, caller)
        )
        benign = tuple(
            self._benign(caller, s, s.expected(guard_on))
            for s in all_benign
            if s.applies(self.settings, caller)
        )
        return Verdict(caller, True, attacks, benign)

    def _decide(self, caller: Caller, request: Request, beside: Policy) -> Decision:
        self.evaluations += 1
        policies = [*self.documents.identity(caller), beside]
        return evaluate(policies, request, self.documents.scps)

    def _attack(self, caller: Caller, scenario: Scenario) -> Outcome:
        request = scenario_request(scenario, self.settings, caller)
        decision = self._decide(caller, request, ADMIN_POLICY)
        with_sagemaker = self._decide(caller, request, SAGEMAKER_FULL_ACCESS)
        credited = next(
            (sid for sid in scenario.closes if self._denies_alone(caller, sid, request)), None
        )
        return Outcome(scenario, False, decision, with_sagemaker, credited)

    def _benign(self, caller: Caller, scenario: Scenario, expected: bool) -> Outcome:
        request = scenario_request(scenario, self.settings, caller)
        return Outcome(scenario, expected, self._decide(caller, request, ADMIN_POLICY))

    def _denies_alone(self, caller: Caller, sid: str, request: Request) -> bool:
        """Whether statement ``sid`` of the caller's documents denies ``request`` by itself."""
        for policy, is_scp in self._statements(sid):
            if is_scp and self.documents.scps is None:
                continue
            if not is_scp and policy.name not in {p.name for p in self.documents.identity(caller)}:
                continue
            self.evaluations += 1
            if is_scp:
                decision = evaluate([ADMIN_POLICY], request, [FULL_AWS_ACCESS, policy])
            else:
                decision = evaluate([policy, ADMIN_POLICY], request)
            if decision.effect == "Deny":
                return True
        return False

    def _statements(self, sid: str) -> list[tuple[Policy, bool]]:
        """Statement ``sid`` of each document that has it, as a policy of its own."""
        if sid not in self._alone:
            found = []
            for document, is_scp in self._documents():
                for statement in document.raw_statements:
                    if statement.get("Sid") == sid:
                        found.append(
                            (
                                Policy(
                                    {"Version": "2012-10-17", "Statement": [statement]},
                                    name=document.name,
                                ),
                                is_scp,
                            )
                        )
            self._alone[sid] = found
        return self._alone[sid]

    def _documents(self) -> list[tuple[Policy, bool]]:
        documents = [(self.documents.member, False), (self.documents.execution, False)]
        documents += [(guard, True) for guard in self.documents.guards]
        return documents


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


def decided_by(decision: Decision) -> str:
    """Which statement decided, in a reviewer's words."""
    if decision.sid is None:
        return (
            f"not allowed by the {decision.policy}" if decision.policy else "no statement allows it"
        )
    verb = {"Allow": "allowed", "Deny": "denied"}.get(decision.effect, "decided")
    where = f" in {decision.policy}" if decision.policy else ""
    return f"{verb} by {decision.sid}{where}"
