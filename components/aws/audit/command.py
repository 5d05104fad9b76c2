"""``audit``: compare the live account with users/ and the stack settings, read-only.

The read costs a number of calls that grows with pages, not with profiles or principals
(``docs/aws-commands.md`` states the formula): one ``DescribeDomain``, ``ceil(profiles / 100)``
``ListUserProfiles`` and as many ``tag:GetResources`` for the profiles' tags, a bounded number
of ``ListTags`` to confirm the findings that depend on tags (``profile_tags``),
``ceil(IAM entities / 1,000)`` ``GetAccountAuthorizationDetails`` for every user, role, group
and customer managed policy at once, and with the organization guard a handful of
Organizations calls. An Identity Center domain (``authMode: sso``) adds one
``DescribeUserProfile`` per profile (the user it is bound to), ``ceil(assignments / 100)``
``ListApplicationAssignments`` and one ``DescribeUser`` or ``DescribeGroup`` per assignment. The
comparisons themselves run on that snapshot, offline.
"""

from __future__ import annotations

from collections.abc import Sequence

from components import kinds
from components.aws.audit.arn_case import arn_case_findings
from components.aws.audit.directory_users import identity_center_findings
from components.aws.audit.findings import Finding
from components.aws.audit.identity import principal_findings, profile_findings
from components.aws.audit.organization import org_findings
from components.aws.audit.policies import policy_findings
from components.aws.audit.result import AuditResult
from components.aws.client.session import Aws, connect
from components.aws.read.answers import check_same_account
from components.aws.read.iam_inventory import IamInventory, read_iam
from components.aws.read.profile_tags import confirmed_findings, read_profiles_by_page
from components.aws.read.studio_inventory import Domain, Profile, read_domain, read_profiles
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.roster.users import UserSpec, load_roster


def run_audit(settings: Settings, *, source: str) -> AuditResult:
    """Audit the stack's account: every finding, and what was read to find them.

    Raises:
        InputError: users/ is invalid, or the stack names no domain.
        AwsError: an AWS call failed.
    """
    domain_id = settings.domain_id
    if not domain_id:
        raise InputError([Problem(source, 0, 0, "audit needs the stack's domainId")])
    users = load_roster(settings.users_dir, settings).users
    aws, settings = connect(settings)
    domain = read_domain(aws, domain_id)
    iam = read_iam(aws)
    check_same_account(domain.account, (p.arn for p in iam.principals), domain.id)
    profiles, tagged = _profiles_and_findings(aws, users, settings, domain, iam)
    sso = identity_center_findings(aws, users, settings, domain, profiles)
    # A profile bound to nobody's user is reported as that, not again as outside users/.
    bound = {f.resource for f in sso if f.kind == "undeclared-sso-profile"}
    findings = [
        *sso,
        *principal_findings(users, settings, iam),
        *(f for f in tagged if not (f.kind == "unmanaged-profile" and f.resource in bound)),
        *policy_findings(users, settings, iam, domain),
        *arn_case_findings(users, settings, iam),
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


def _profiles_and_findings(
    aws: Aws, users: Sequence[UserSpec], settings: Settings, domain: Domain, iam: IamInventory
) -> tuple[list[Profile], list[Finding]]:
    """The domain's profiles and what they show against users/.

    An Identity Center domain's profiles are each described, for the directory user each is
    bound to; their tags then come from SageMaker itself. Otherwise the tags are read by the
    page and the findings that depend on them confirmed (``profile_tags``).
    """

    def judge(seen: Sequence[Profile]) -> list[Finding]:
        return profile_findings(users, settings, iam, seen)

    if kinds.directory_kind(settings) is not None:
        profiles = read_profiles(aws, domain, describe=True)
        return profiles, judge(profiles)
    findings, profiles = confirmed_findings(aws, domain, read_profiles_by_page(aws, domain), judge)
    return profiles, findings
