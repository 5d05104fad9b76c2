"""The requests ``verify`` asks IAM's policy simulator, built with the proof, decided by it too.

For each class of caller the stack has and ``verify`` found a live principal for, the proof's
decisive requests (``DECISIVE``: its own profile, a colleague's, an untagged one, a colleague's
private space and app, retagging, passing a session tag, changing Studio's code) are filled in
as the proof fills them, with the live principal's ARN, its person's tags, and the account's id
and region in place of the proof's examples. The product's evaluator decides each on the
documents ``check`` proved (with the built SCPs, and again without them when the organization
guard is on); ``aws.verify.probes`` asks the simulator the same and compares.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from components.core.requests import Caller, ContextValue, Scenario
from components.core.settings.stack import Settings
from components.policies.guards import PRESIGNED_URL_ACTION
from components.proof.callers import ACCOUNT, EXECUTION, MEMBER, REGION, Documents, callers
from components.proof.iam.evaluator import Request, evaluate
from components.proof.isolation import decided_by
from components.proof.requests.attacks import ATTACKS
from components.proof.scenarios import request, tagged

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from components.aws.verify.probes import Probe, Sample

#: The attacks whose decisions carry the proof, by the proof's own names.
DECISIVE = (
    "opens a colleague's profile",
    "opens an untagged profile",
    "starts a remote session in a colleague's space (sagemaker:StartSession)",
    "creates an app in a colleague's private space (sagemaker:CreateApp)",
    "retags a colleague's profile with its own id (sagemaker:AddTags)",
    "passes a colleague's id as a session tag (sts:TagSession)",
    "points an app image configuration at its own image (sagemaker:UpdateAppImageConfig)",
)
#: The callers a live principal can stand for (an Identity Center user acts as an execution
#: role; outsiders and exempt roles are nobody the stack creates).
SAMPLED = (
    "member-user",
    "member-role",
    "federated-session",
    "execution-default",
    "execution-custom",
    "execution-per-user",
)
#: The callers that open a profile of their own with a presigned URL.
OWN_PROFILE = frozenset({"member-user", "member-role", "federated-session", "execution-per-user"})


def decisive_scenarios() -> tuple[Scenario, ...]:
    """The proof's scenarios named in ``DECISIVE``, in that order.

    Raises:
        LookupError: a name the proof no longer has (a test keeps this list in step).
    """
    by_name: dict[str, Scenario] = {}
    for scenario in ATTACKS:  # the first of a name: later ones are other callers' (break-glass)
        by_name.setdefault(scenario.name, scenario)
    missing = [name for name in DECISIVE if name not in by_name]
    if missing:
        raise LookupError(f"the proof has no attack named {missing[0]!r}")
    return tuple(by_name[name] for name in DECISIVE)


class ProbeBuilder:
    """``aws.verify.command.ProbeBuilder`` for one stack and roster."""

    def __init__(self, settings: Settings, execution_role_arns: tuple[str, ...] = ()):
        self.settings = settings
        self.documents = Documents(settings)
        judged = callers(settings, execution_role_arns)
        self.callers = [
            c for c in judged if c.kind in SAMPLED and c.bound_by in (MEMBER, EXECUTION)
        ]

    def __call__(self, samples: Sequence[Sample], account: str, region: str) -> list[Probe]:
        from components.aws.verify.probes import Probe

        by_kind = {sample.kind: sample for sample in samples}
        runs = (True, False) if self.documents.scps else (False,)
        probes: list[Probe] = []
        for caller in self.callers:
            sample = by_kind.get(caller.kind)
            if sample is None:
                continue  # a class without a live principal: verify reports it
            live = _live_caller(caller, sample)
            for scenario in self._scenarios(live, sample):
                asked = _localized(request(scenario, self.settings, live), account, region)
                for with_org in runs:
                    scps = self.documents.scps if with_org else None
                    decision = evaluate(self.documents.identity(live), asked, scps)
                    probes.append(
                        Probe(
                            kind=caller.kind,
                            what=scenario.name,
                            source_arn=sample.arn,
                            action=asked.action,
                            resource=asked.resource,
                            context=dict(asked.context),
                            with_organization=with_org,
                            effect=decision.effect,
                            decided_by=decided_by(decision),
                        )
                    )
        return probes

    def _scenarios(self, caller: Caller, sample: Sample) -> list[Scenario]:
        found = []
        if caller.kind in OWN_PROFILE:
            found.append(
                Scenario(
                    "opens its own profile",
                    PRESIGNED_URL_ACTION,
                    "{sm}:user-profile/{domain}/" + sample.profile_name,
                    tagged(sample.user_id),
                    allowed=True,
                )
            )
        found += [s for s in decisive_scenarios() if s.applies(self.settings, caller)]
        return found


def _live_caller(caller: Caller, sample: Sample) -> Caller:
    """``caller`` as the live principal: its ARN, and its person's tags where it has tags."""
    tags = {"{key}": sample.user_id, "{profile_key}": sample.profile_name} if caller.tags else {}
    return Caller(caller.kind, caller.title, sample.arn, tags, caller.studio, caller.bound_by)


def _localized(asked: Request, account: str, region: str) -> Request:
    """``asked`` in the live account and region instead of the proof's example ones."""

    def local_text(value: str) -> str:
        if value == ACCOUNT:
            return account
        return value.replace(f":{REGION}:{ACCOUNT}:", f":{region}:{account}:").replace(
            f"::{ACCOUNT}:", f"::{account}:"
        )

    def local(value: ContextValue) -> ContextValue:
        if isinstance(value, str):
            return local_text(value)
        if isinstance(value, list | tuple):
            return [local_text(item) for item in value]
        return value

    context = {key: local(value) for key, value in asked.context.items()}
    return Request(asked.action, local_text(asked.resource), context)
