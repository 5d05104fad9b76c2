"""``audit``: compare the live account with users/ and the stack settings, read-only.

The read costs a number of calls that grows with pages, not with profiles or principals
(``docs/aws-commands.md`` states the formula): one ``DescribeDomain``, ``ceil(profiles / 100)``
``ListUserProfiles`` and as many ``tag:GetResources`` for the profiles' tags, a bounded number
of ``ListTags`` to confirm the findings that depend on tags (``profile_tags``),
``ceil(IAM entities / 1,000)`` ``GetAccountAuthorizationDetails`` for every user, role, group
and customer managed policy at once, and with the organization guard a handful of
Organizations calls. The comparisons themselves run on that snapshot, offline.
"""

from __future__ import annotations

from ..roster.problems import InputError, Problem
from ..roster.settings import Settings
from ..roster.users import load_roster
from .audit_identity import principal_findings, profile_findings
from .audit_org import org_findings
from .audit_policies import policy_findings
from .audit_result import AuditResult
from .iam_inventory import read_iam
from .profile_tags import confirmed_findings, read_profiles_by_page
from .session import connect
from .studio_inventory import read_domain


def run_audit(settings: Settings, *, source: str) -> AuditResult:
    """Audit the stack's account: every finding, and what was read to find them.

    Raises:
        InputError: users/ is invalid, or the stack names no domain.
        AwsError: an AWS call failed.
    """
    if not settings.domain_id:
        raise InputError([Problem(source, 0, 0, "audit needs the stack's domainId")])
    users = load_roster(settings.users_dir, settings).users
    aws, settings = connect(settings)
    domain = read_domain(aws, settings.domain_id)
    profiles = read_profiles_by_page(aws, domain)
    iam = read_iam(aws)
    tagged, profiles = confirmed_findings(
        aws, domain, profiles, lambda seen: profile_findings(users, settings, iam, seen)
    )
    findings = [
        *principal_findings(users, settings, iam),
        *tagged,
        *policy_findings(users, settings, iam, domain),
        *org_findings(aws, settings),
    ]
    return AuditResult(
        domain_id=domain.id,
        account=domain.account,
        region=aws.region,
        findings=tuple(sorted(findings)),
        profiles=len(profiles),
        principals=len(iam.principals),
        calls=aws.calls.by_operation(),
    )
