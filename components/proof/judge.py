"""Every attack and benign request judged for one kind of caller, against the stack's documents.

An attack must be denied with admin rights and with SageMaker full access beside, and the
statement named for it must deny it on its own; a benign request must be decided as expected.
The scenarios are the proof's own (``requests``), then each kind of principal's.
"""

from __future__ import annotations

from components import kinds
from components.core.requests import Caller, Scenario
from components.core.settings.stack import Settings
from components.proof.callers import (
    ADMIN_POLICY,
    FULL_AWS_ACCESS,
    SAGEMAKER_FULL_ACCESS,
    Documents,
)
from components.proof.iam.evaluator import Decision, Policy, Request, evaluate
from components.proof.requests.attacks import ATTACKS
from components.proof.requests.benign import BENIGN
from components.proof.requests.exempt import BREAK_GLASS_WORK, DEPLOY_ROLE_WORK
from components.proof.scenarios import request as scenario_request
from components.proof.verdicts import Outcome, Verdict


def all_scenarios() -> tuple[tuple[Scenario, ...], tuple[Scenario, ...]]:
    """``(attacks, benign requests)``: the proof's own, then each kind of principal's."""
    added = [s for kind in kinds.KINDS for s in kind.scenarios()]
    attacks = (*ATTACKS, *(s for s in added if not s.allowed))
    benign = (*BENIGN, *DEPLOY_ROLE_WORK, *BREAK_GLASS_WORK, *(s for s in added if s.allowed))
    return attacks, benign


class Judge:
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
