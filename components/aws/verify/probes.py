"""AWS's own evaluator as a second opinion: IAM's policy simulator on the proof's decisive requests.

For one sample principal of each class the stack has (a member IAM user, a member role, the
federated role, each kind of execution role), ``SimulatePrincipalPolicy`` decides each request
the CLI built with the proof, with the same context (the principal's tags, the resource's tags,
the Studio keys), and that decision is compared with the product evaluator's:

* the evaluator denies explicitly (a guard's Deny): the simulator must say ``explicitDeny``;
* the evaluator allows (the member policy's own Allow): the simulator must say ``allowed``;
* the evaluator finds no statement (an implicit deny): nothing is claimed, since the principal
  may hold other policies (``AmazonSageMakerFullAccess`` on an execution role) that allow it.

With the organization guard, every request is simulated twice: with the organization's policies
(the SCPs, compared with the evaluator given the built SCPs) and without any
(``PolicyExclusionList`` naming the ``scp`` type). One call per request; the number of calls
depends on the classes, never on the number of users, and never exceeds ``MAX_SIMULATIONS``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from components.aws.audit.findings import ERROR, Finding
from components.aws.client.errors import not_the_api
from components.aws.client.session import Aws
from components.aws.read.iam_inventory import IamInventory, ManagedPolicy
from components.aws.verify.expected import Expected
from components.aws.verify.findings import finding
from components.core.settings.stack import Settings

#: The most ``SimulatePrincipalPolicy`` calls one run makes, whatever the roster's size.
MAX_SIMULATIONS = 100
#: The simulator's words for the evaluator's effects.
SIMULATOR = {"Allow": "allowed", "Deny": "explicitDeny", "ImplicitDeny": "implicitDeny"}
_TYPES = {str: "string", bool: "boolean"}


@dataclass(frozen=True)
class Sample:
    """The live principal simulated for one class of caller.

    Attributes:
        kind: the proof's caller kind (``member-user``, ``execution-default``…).
        arn: the principal's ARN in the account (``PolicySourceArn``).
        user_id / profile_name: the person whose tags its requests carry.
    """

    kind: str
    arn: str
    user_id: str = "alice"
    profile_name: str = "alice"


@dataclass(frozen=True)
class Probe:
    """One request to simulate, and how the product's evaluator decided it.

    Attributes:
        kind: the caller kind of the sample.
        what: the request in a reviewer's words ("opens a colleague's profile").
        source_arn: the sample principal.
        action / resource / context: the request, as the evaluator judged it.
        with_organization: simulate with the organization's policies (else exclude them).
        effect: the evaluator's ``Allow``, ``Deny`` or ``ImplicitDeny``.
        decided_by: the statement and document that decided, for messages.
    """

    kind: str
    what: str
    source_arn: str
    action: str
    resource: str
    context: Mapping[str, object] = field(default_factory=dict)
    with_organization: bool = False
    effect: str = "ImplicitDeny"
    decided_by: str = ""


def samples(want: Expected, settings: Settings, iam: IamInventory) -> list[Sample]:
    """One live principal per class the stack manages (the first in users/ order)."""
    found: dict[str, Sample] = {}
    for principal in want.principals:
        live = iam.principal(principal.kind, principal.name)
        if principal.sample_kind and live is not None and principal.sample_kind not in found:
            person = (principal.user_id, principal.profile_name) if principal.user_id else ()
            found[principal.sample_kind] = Sample(principal.sample_kind, live.arn, *person)
    default = settings.default_execution_role_arn
    custom = next((a for a in want.shared_execution_roles if a != default), None)
    for kind, arn in (("execution-default", default), ("execution-custom", custom)):
        if arn and iam.role_by_arn(arn) is not None:
            found[kind] = Sample(kind, arn)
    return list(found.values())


class Dependencies:
    """What a probe's decision rests on, as the resources findings name.

    The simulator judges the account's documents, the evaluator the built ones: where they
    differ (a finding about the sample, its group, its guard, or an SCP) a disagreement is
    expected and says nothing about the evaluators, so such a probe is not simulated; the
    difference itself is the finding.
    """

    def __init__(
        self,
        settings: Settings,
        iam: IamInventory,
        members: Sequence[tuple[str, ManagedPolicy | None]],
        guards: Sequence[tuple[str, ManagedPolicy | None]],
    ):
        group = iam.group(settings.group_name)
        self._member = _resources(members) | {
            group.arn if group else f"IAM group {settings.group_name}"
        }
        self._guard = _resources(guards)

    def of(self, probe: Probe) -> set[str]:
        """The resources ``probe`` depends on, besides the SCPs (``organization_intact``)."""
        found = {probe.source_arn}
        found |= self._guard if probe.kind.startswith("execution") else self._member
        return found

    @staticmethod
    def organization_intact(findings: Sequence[Finding]) -> bool:
        """No error about the organization guard's SCPs."""
        return not any(f.kind.startswith("scp-") and f.severity == ERROR for f in findings)


def _resources(parts: Sequence[tuple[str, ManagedPolicy | None]]) -> set[str]:
    """How findings name each part of a guard: its ARN, or ``IAM policy <name>`` when missing."""
    return {policy.arn if policy else f"IAM policy {name}" for name, policy in parts}


def wanted_classes(want: Expected, settings: Settings) -> set[str]:
    """The classes the stack has: those ``samples`` looks for a principal of."""
    found = {p.sample_kind for p in want.principals if p.sample_kind}
    if settings.default_execution_role_arn:
        found.add("execution-default")
    if any(a != settings.default_execution_role_arn for a in want.shared_execution_roles):
        found.add("execution-custom")
    return found


def simulate(aws: Aws, probes: Sequence[Probe]) -> list[Finding]:
    """Each probe through ``SimulatePrincipalPolicy``, at most ``MAX_SIMULATIONS`` of them; a
    decision that contradicts the evaluator's is a finding naming both."""
    found = []
    for probe in probes[:MAX_SIMULATIONS]:
        decision = _decision(aws, probe)
        if _disagrees(probe.effect, decision):
            found.append(_disagreement(probe, decision))
    if len(probes) > MAX_SIMULATIONS:
        found.append(
            finding(
                "not-simulated",
                "SimulatePrincipalPolicy",
                f"{len(probes) - MAX_SIMULATIONS} of {len(probes)} requests were not simulated: "
                f"a run makes at most {MAX_SIMULATIONS} simulator calls",
                "nothing to do; the requests left out are listed last in the proof's order",
            )
        )
    return found


def _decision(aws: Aws, probe: Probe) -> str:
    params: dict[str, Any] = {
        "PolicySourceArn": probe.source_arn,
        "ActionNames": [probe.action],
        "ResourceArns": [probe.resource],
        "ContextEntries": context_entries(probe.context),
    }
    if not probe.with_organization:
        params["PolicyExclusionList"] = [{"PolicyType": "scp"}]
    response = aws.call("iam", "simulate_principal_policy", **params)
    results = response["EvaluationResults"]
    if len(results) != 1:
        return f"{len(results)} results"
    _check_about(results[0], probe)
    return str(results[0]["EvalDecision"])


def _check_about(result: Mapping[str, Any], probe: Probe) -> None:
    """The simulator's result is about the request asked (its action and resource): a decision
    about another request says nothing about this one.

    Raises:
        AwsError: the result names another action or resource.
    """
    action, resource = result["EvalActionName"], result.get("EvalResourceName", probe.resource)
    if str(action).lower() != probe.action.lower() or resource != probe.resource:
        raise not_the_api(
            "iam",
            "SimulatePrincipalPolicy",
            f"asked about {probe.action} on {probe.resource}, it answered about {action} on "
            f"{resource}",
        )


def context_entries(context: Mapping[str, object]) -> list[dict[str, object]]:
    """The request's context as the simulator's ``ContextEntries``."""
    entries: list[dict[str, object]] = []
    for key, value in sorted(context.items()):
        if isinstance(value, list | tuple):
            entries.append(
                {
                    "ContextKeyName": key,
                    "ContextKeyValues": list(value),
                    "ContextKeyType": "stringList",
                }
            )
        else:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            entries.append(
                {
                    "ContextKeyName": key,
                    "ContextKeyValues": [text],
                    "ContextKeyType": _TYPES.get(type(value), "string"),
                }
            )
    return entries


def _disagrees(effect: str, decision: str) -> bool:
    if effect == "ImplicitDeny":
        return False
    return SIMULATOR[effect] != decision


def _disagreement(probe: Probe, decision: str) -> Finding:
    scps = "with" if probe.with_organization else "without"
    return finding(
        "simulator-disagrees",
        probe.source_arn,
        f"{probe.kind}: {probe.what} ({probe.action} on {probe.resource}, {scps} organization "
        f"policies): IAM's policy simulator says {decision}, the product's evaluator "
        f"{SIMULATOR[probe.effect]} ({probe.decided_by})",
        "find the policy that decides otherwise (the simulator's MatchedStatements); if the "
        "account is as built, report the difference: the proof may be wrong",
    )
