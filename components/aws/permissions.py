"""The exact IAM actions each AWS command calls, for the CI roles' policies and the docs.

Listed from the calls the modules make, one action per API operation (IAM authorizes a paginated
list once per page with the same action). ``adopt``, ``audit``, ``verify`` and ``activity``
only read; ``drain`` deletes apps and spaces, and belongs to the deploy role, which the
organization guard already exempts for exactly that. ``ci-policy --role audit`` (the role of the
nightly drift job, and of ``verify`` after a deployment) is built from ``AUDIT_ROLE_COMMANDS``
(``audit``'s, ``verify``'s and ``activity``'s calls), so a call added here reaches that role's
policy. Nothing here imports boto3.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from components import kinds
from components.core.settings.stack import Settings

#: Reading the domain, its profiles and their tags (``DescribeUserProfile``: execution roles for
#: ``adopt``; for ``audit`` only when SageMaker refuses a profile ARN built from the domain's).
PROFILE_READS = (
    "sagemaker:DescribeDomain",
    "sagemaker:DescribeUserProfile",
    "sagemaker:ListTags",
    "sagemaker:ListUserProfiles",
)
#: Every user, role, group and customer managed policy with tags, attachments and documents.
IAM_READS = ("iam:GetAccountAuthorizationDetails",)
#: The profiles' tags by the page (``audit``; ``ListTags`` then confirms what it finds).
TAGGING_READS = ("tag:GetResources",)
#: The organization guard: find the SCP by name, read its text and its targets.
ORGANIZATIONS_READS = (
    "organizations:DescribePolicy",
    "organizations:ListPolicies",
    "organizations:ListTargetsForPolicy",
)
#: Reading CloudTrail's event history (``activity``): the one read it needs in an IAM domain.
ACTIVITY_READS = ("cloudtrail:LookupEvents",)
#: ``verify``'s second opinions: IAM's policy simulator and Access Analyzer's check of a changed
#: document. Both read: neither changes anything (their access level is Read).
POLICY_CHECKS = ("access-analyzer:CheckNoNewAccess", "iam:SimulatePrincipalPolicy")
#: Listing, deleting and waiting for a profile's apps and spaces.
DRAIN_ACTIONS = (
    "sagemaker:DeleteApp",
    "sagemaker:DeleteSpace",
    "sagemaker:DescribeApp",
    "sagemaker:DescribeSpace",
    "sagemaker:ListApps",
    "sagemaker:ListSpaces",
)


def adopt_actions(settings: Settings | None = None) -> tuple[str, ...]:
    """What ``adopt`` calls (read-only); with a kind that reads IAM Identity Center (an Identity
    Center domain's people), its reads too (``Kind.identity_center_reads``)."""
    settings = settings or Settings()
    return tuple(sorted(IAM_READS + PROFILE_READS + _identity_center("adopt", settings)))


def audit_actions(settings: Settings) -> tuple[str, ...]:
    """What ``audit`` calls with the caller's credentials (read-only).

    With ``orgGuard`` and an ``orgReadRoleArn``, the Organizations reads are made by that role
    (``org_guard_role_actions``), so the caller needs ``sts:AssumeRole`` on it instead.
    """
    actions: tuple[str, ...] = (
        IAM_READS + PROFILE_READS + TAGGING_READS + _identity_center("audit", settings)
    )
    if settings.org_guard:
        actions += ("sts:AssumeRole",) if settings.org_read_role_arn else ORGANIZATIONS_READS
    return tuple(sorted(set(actions)))


def activity_actions(settings: Settings) -> tuple[str, ...]:
    """What ``activity`` calls with the caller's credentials (read-only): ``LookupEvents``; in an
    Identity Center domain also ``GetUserId``, or, as ``audit`` does, ``sts:AssumeRole`` on
    ``identityCenterReadRoleArn`` when it is set, which then makes that call."""
    return tuple(sorted(ACTIVITY_READS + _identity_center("activity", settings)))


def verify_actions(settings: Settings) -> tuple[str, ...]:
    """What ``verify`` calls with the caller's credentials (read-only): audit's reads of IAM,
    the profiles and the organization guard (as ``orgReadRoleArn`` when it is set), the policy
    simulator and Access Analyzer's check."""
    actions: tuple[str, ...] = IAM_READS + PROFILE_READS + TAGGING_READS + POLICY_CHECKS
    if settings.org_guard:
        actions += ("sts:AssumeRole",) if settings.org_read_role_arn else ORGANIZATIONS_READS
    return tuple(sorted(set(actions)))


#: The commands the nightly job runs as the audit role, each with what it calls: with the audit
#: role's own credentials, as the org read role, as the Identity Center read role. The audit role
#: and the read roles (``ci-policy --role audit|org-read|identity-center-read``) grant the union of
#: these, and only reads; a command added to the nightly job adds its line to each table.
AUDIT_ROLE_COMMANDS: dict[str, Callable[[Settings], tuple[str, ...]]] = {
    "audit": audit_actions,
    "activity": activity_actions,
    "verify": verify_actions,
}
ORG_READ_ROLE_COMMANDS: dict[str, Callable[[Settings], tuple[str, ...]]] = {
    "audit": lambda settings: ORGANIZATIONS_READS,
    "verify": lambda settings: ORGANIZATIONS_READS,
}
IDENTITY_CENTER_READ_ROLE_COMMANDS: dict[str, Callable[[Settings], tuple[str, ...]]] = {
    "audit": lambda settings: kinds.identity_center_reads("audit", settings),
    "activity": lambda settings: kinds.identity_center_reads("activity", settings),
}


def audit_role_actions(settings: Settings) -> tuple[str, ...]:
    """What the nightly job's commands call with the audit role's own credentials."""
    return _union(AUDIT_ROLE_COMMANDS, settings)


def org_read_role_actions(settings: Settings) -> tuple[str, ...]:
    """What the nightly job's commands call as ``orgReadRoleArn``."""
    return _union(ORG_READ_ROLE_COMMANDS, settings)


def identity_center_read_role_actions(settings: Settings) -> tuple[str, ...]:
    """What the nightly job's commands call as ``identityCenterReadRoleArn``."""
    return _union(IDENTITY_CENTER_READ_ROLE_COMMANDS, settings)


def _union(
    commands: dict[str, Callable[[Settings], tuple[str, ...]]], settings: Settings
) -> tuple[str, ...]:
    return tuple(sorted({action for actions in commands.values() for action in actions(settings)}))


def identity_center_role_actions(settings: Settings) -> tuple[str, ...]:
    """What ``adopt`` and ``audit`` call as ``identityCenterReadRoleArn`` (read-only)."""
    return _union(
        {c: partial(kinds.identity_center_reads, c) for c in ("adopt", "audit")}, settings
    )


def _identity_center(command: str, settings: Settings) -> tuple[str, ...]:
    """The caller's part in Identity Center for ``command``: every kind's reads there, or
    assuming the role that makes them."""
    reads = kinds.identity_center_reads(command, settings)
    if not reads:
        return ()
    return ("sts:AssumeRole",) if settings.identity_center_read_role_arn else reads


def org_guard_role_actions() -> tuple[str, ...]:
    """What ``audit`` calls as ``orgReadRoleArn`` (read-only)."""
    return ORGANIZATIONS_READS


def drain_actions() -> tuple[str, ...]:
    """What ``drain`` calls (``--dry-run`` needs only ``ListApps`` and ``ListSpaces``)."""
    return DRAIN_ACTIONS
