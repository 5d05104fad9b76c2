"""The managed principals and profiles read back: existence, group, guards, trust, access tags.

Principals come from the ``GetAccountAuthorizationDetails`` snapshot; the profiles' tags from the
Resource Groups Tagging API by the page, and every profile whose tag looks wrong is read again
with SageMaker's ``ListTags`` (the tagging index can lag), at most ``CONFIRM_MAX`` of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from components.aws.audit.findings import Finding
from components.aws.client.parallel import concurrently
from components.aws.client.session import Aws
from components.aws.read.iam_inventory import IamInventory, Principal
from components.aws.read.profile_tags import CONFIRM_MAX, read_profiles_by_page
from components.aws.read.studio_inventory import Domain, Profile, with_tags
from components.aws.verify.canonical import same
from components.aws.verify.expected import MEMBER, Expected, ManagedPrincipal
from components.aws.verify.findings import finding
from components.core.settings.stack import Settings

_RESTORE = "run pulumi up to restore it"


def principal_findings(
    want: Expected, settings: Settings, iam: IamInventory, guards: Mapping[str, Sequence[str]]
) -> list[Finding]:
    """Every managed user and role: present, in the group, guarded, trusted and tagged as built.

    Args:
        guards: ``member`` and ``guard`` -> the ARNs of the live policy's parts (a missing part
            is left out: ``guards`` reports it).
    """
    found: list[Finding] = []
    for expected in want.principals:
        live = iam.principal(expected.kind, expected.name)
        if live is None:
            found.append(
                finding(
                    "principal-missing",
                    f"IAM {expected.kind} {expected.name}",
                    f"the IAM {expected.kind} {expected.name} of {expected.owner} does not exist",
                    "run pulumi up to create it",
                )
            )
            continue
        found += _one(expected, live, settings, guards)
    return found


def _one(
    expected: ManagedPrincipal,
    live: Principal,
    settings: Settings,
    guards: Mapping[str, Sequence[str]],
) -> list[Finding]:
    found = [
        finding(
            "access-tag-differs",
            live.arn,
            f"{live.kind} {live.name} of {expected.owner} has {key}="
            f"{live.tags.get(key, '(none)')!s}, not {value}",
            f"{_RESTORE}; find who retagged it (CloudTrail: Tag{live.kind.title()}, "
            f"Untag{live.kind.title()})",
        )
        for key, value in expected.tags.items()
        if live.tags.get(key) != value
    ]
    if expected.trust is not None and not same(live.trust or {}, expected.trust):
        found.append(
            finding(
                "trust-differs",
                live.arn,
                f"the trust policy of role {live.name} of {expected.owner} differs from the one "
                "the commit builds: someone else may assume it",
                f"{_RESTORE}; find who changed it (CloudTrail: UpdateAssumeRolePolicy)",
            )
        )
    if expected.in_group and settings.group_name.lower() not in (g.lower() for g in live.groups):
        found.append(
            finding(
                "group-membership-missing",
                live.arn,
                f"user {live.name} of {expected.owner} is not in the group {settings.group_name}: "
                "the member policy does not bind it",
                f"{_RESTORE}; find who removed it (CloudTrail: RemoveUserFromGroup)",
            )
        )
    for guard in expected.guards:
        for arn in guards.get(guard, ()):
            if arn in live.attached:
                continue
            name = arn.rsplit("/", 1)[-1]
            what = "member policy" if guard == MEMBER else "execution-role guard"
            found.append(
                finding(
                    "guard-detached",
                    live.arn,
                    f"the {what} {name} is not attached to role {live.name} of {expected.owner}",
                    f"{_RESTORE}; find who detached it (CloudTrail: DetachRolePolicy)",
                )
            )
    return found


def profile_findings(aws: Aws, settings: Settings, want: Expected, domain: Domain) -> list[Finding]:
    """Every profile users/ names exists and carries exactly its access tag."""
    profiles = read_profiles_by_page(aws, domain)
    found = _profiles(settings, want, profiles)
    suspects = [f.resource for f in found if f.kind == "access-tag-differs"][:CONFIRM_MAX]
    if not suspects:
        return found
    aws.client("sagemaker")  # created before the threads share it
    chosen = [p for p in profiles if p.arn in set(suspects)]
    fresh = {p.name: p for p in concurrently(lambda p: with_tags(aws, domain, p), chosen) if p}
    profiles = [fresh.get(p.name, p) for p in profiles]
    return _profiles(settings, want, profiles)


def _profiles(settings: Settings, want: Expected, profiles: Sequence[Profile]) -> list[Finding]:
    live = {p.name: p for p in profiles}
    found = []
    for name, value in sorted(want.profiles.items()):
        profile = live.get(name)
        if profile is None:
            found.append(
                finding(
                    "profile-missing",
                    f"profile {name}",
                    f"the profile {name} does not exist in domain {settings.domain_id}",
                    "run pulumi up to create it",
                )
            )
        elif profile.tags.get(settings.tag_key) != value:
            has = profile.tags.get(settings.tag_key)
            found.append(
                finding(
                    "access-tag-differs",
                    profile.arn,
                    f"profile {name} has {settings.tag_key}={has if has is not None else '(none)'}"
                    f", not {value if value is not None else '(none: offboarded)'}",
                    f"{_RESTORE}; find who retagged it (CloudTrail: AddTags, DeleteTags)",
                )
            )
    return found
