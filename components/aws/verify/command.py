"""``verify``: read back what the proof rests on, judge it, and ask AWS's evaluator to agree.

The run, read-only: the roster and settings give what ``pulumi up`` creates (``expected``); one
``DescribeDomain``, the ``GetAccountAuthorizationDetails`` pages and the profiles' tags by the
page give what the account holds; with the organization guard, its SCPs and targets. Documents
that differ get two ``CheckNoNewAccess`` calls each. Then the CLI's probes (the proof's decisive
requests for one sample principal per class) go through the policy simulator. The number of calls
grows with pages of the account, never per user, except the bounded ``ListTags`` confirmations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from components import kinds
from components.aws.audit.directory_users import domain_findings
from components.aws.audit.findings import ERROR, Finding
from components.aws.client.session import connect
from components.aws.read.answers import check_same_account
from components.aws.read.iam_inventory import read_iam
from components.aws.read.studio_inventory import Domain, read_domain
from components.aws.verify.expected import GUARD, MEMBER, expected
from components.aws.verify.findings import finding
from components.aws.verify.guards import guard_findings, parts
from components.aws.verify.organization import scp_findings
from components.aws.verify.principals import principal_findings, profile_findings
from components.aws.verify.probes import (
    MAX_SIMULATIONS,
    Dependencies,
    Probe,
    Sample,
    samples,
    simulate,
    wanted_classes,
)
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.roster.users import load_roster

#: Builds the probes for the samples found: ``(samples, account, region)`` -> probes. The CLI's,
#: which may use the proof.
ProbeBuilder = Callable[[Sequence[Sample], str, str], Sequence[Probe]]


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` found, and what it cost.

    Attributes:
        account / region / domain_id: where it looked.
        findings: every finding, errors first.
        simulated: how many requests went through the policy simulator.
        calls: ``{"service:Operation": calls}``.
    """

    account: str
    region: str
    domain_id: str
    findings: tuple[Finding, ...]
    simulated: int
    calls: dict[str, int]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def ok(self) -> bool:
        return not self.count(ERROR)


def run_verify(settings: Settings, *, source: str, build_probes: ProbeBuilder) -> VerifyResult:
    """Verify the stack's account against users/ and the current commit's documents.

    Raises:
        InputError: users/ is invalid, or the stack names no domain.
        AwsError: an AWS call failed or answered with something that is not AWS's protocol.
    """
    domain_id = settings.domain_id
    if not domain_id:
        raise InputError([Problem(source, 0, 0, "verify needs the stack's domainId")])
    users = load_roster(settings.users_dir, settings).users
    aws, settings = connect(settings)
    want = expected(users, settings)
    domain = read_domain(aws, domain_id)
    iam = read_iam(aws)
    check_same_account(domain.account, (p.arn for p in iam.principals), domain.id)
    members = parts(iam, settings.policy_name, want.member_texts)
    guards = parts(iam, settings.execution_role_policy_name, want.guard_texts)
    arns = {
        MEMBER: [policy.arn for _, policy in members if policy],
        GUARD: [policy.arn for _, policy in guards if policy],
    }
    findings = [
        *_domain_findings(settings, domain),
        *guard_findings(aws, want, settings, iam),
        *principal_findings(want, settings, iam, arns),
        *profile_findings(aws, settings, want, domain),
        *scp_findings(aws, settings),
    ]
    found = samples(want, settings, iam)
    dependencies = Dependencies(settings, iam, members, guards)
    blocked = {f.resource for f in findings if f.severity == ERROR}
    organization = dependencies.organization_intact(findings)
    probes = [
        p
        for p in build_probes(found, domain.account, aws.region)
        if not blocked & dependencies.of(p) and (organization or not p.with_organization)
    ]
    findings += simulate(aws, probes)
    unsampled = sorted(wanted_classes(want, settings) - {sample.kind for sample in found})
    findings += [
        finding(
            "not-simulated",
            kind,
            f"no principal of the class {kind} exists in the account, so none was simulated",
            "run pulumi up; the class is simulated once one of its principals exists",
        )
        for kind in unsampled
    ]
    return VerifyResult(
        account=domain.account,
        region=aws.region,
        domain_id=domain.id,
        findings=tuple(sorted(findings)),
        simulated=min(len(probes), MAX_SIMULATIONS),
        calls=aws.calls.by_operation(),
    )


def _domain_findings(settings: Settings, domain: Domain) -> list[Finding]:
    """The domain signs people in as the stack says: audit's judgement, as verify's findings
    (so the two commands agree on a domain of another AuthMode)."""
    directory = kinds.directory_kind(settings) is not None
    return [
        finding(f.kind, f.resource, f.message, f.action)
        for f in domain_findings(settings, domain, directory)
    ]
