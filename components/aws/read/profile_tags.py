"""The profiles' tags for ``audit``, read by the page and confirmed where a finding depends on them.

SageMaker's ``ListTags`` takes one ARN, so reading every profile's tags that way costs one call per
profile: 5,000 calls for 5,000 profiles, which SageMaker throttles. The Resource Groups Tagging
API's ``GetResources`` returns the tags of 100 profiles per call (``ResourceTypeFilters``
``sagemaker:user-profile``), so the read grows with pages. Its index is eventually consistent:
a tag changed a moment ago may not show yet. So every profile whose finding depends on its tags
is read again with ``ListTags``, and the findings are made again from what SageMaker says; a
finding the index alone produced disappears. The confirmations are bounded (``CONFIRM_MAX``): past
the bound, a finding stays as the index shows it and says so. A profile the index does not list
(never tagged, or too new to be indexed) counts as untagged until confirmed.

Calls: ``ceil(profiles in the region / 100)`` ``tag:GetResources`` plus at most ``CONFIRM_MAX``
``sagemaker:ListTags`` (a refused ARN adds a ``DescribeUserProfile``), besides the
``ListUserProfiles`` pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from components.aws.audit.findings import Finding
from components.aws.client.parallel import concurrently
from components.aws.client.session import Aws
from components.aws.read.iam_inventory import tags_of
from components.aws.read.studio_inventory import Domain, Profile, list_profiles, with_tags

#: ``GetResources``' largest page.
TAGGING_PAGE_SIZE = 100
#: The resource type the tagging API knows user profiles by.
PROFILE_TYPE = "sagemaker:user-profile"
#: At most this many profiles are confirmed with ``ListTags`` in one audit (errors first).
CONFIRM_MAX = 50
#: The findings whose existence or severity follows from a profile's tags.
TAG_FINDINGS = ("unmanaged-profile", "profile-tag-mismatch", "offboarded-profile-tagged")

Judge = Callable[[Sequence[Profile]], list[Finding]]


def read_profiles_by_page(aws: Aws, domain: Domain) -> list[Profile]:
    """Every profile of the domain, with its tags as the tagging API's index shows them."""
    summaries = list_profiles(aws, domain)
    prefix = domain.profile_arn("").lower()
    indexed: dict[str, tuple[str, dict[str, str]]] = {}
    for item in aws.items(
        "tag",
        "get_resources",
        "ResourceTagMappingList",
        TAGGING_PAGE_SIZE,
        ResourceTypeFilters=[PROFILE_TYPE],
    ):
        arn = item.get("ResourceARN", "")
        if arn.lower().startswith(prefix):  # the region's profiles of every domain are listed
            indexed[arn[len(prefix) :].lower()] = (arn, tags_of(item.get("Tags", [])))
    profiles = []
    for summary in summaries:
        name = summary["UserProfileName"]
        arn, tags = indexed.get(name.lower(), (domain.profile_arn(name), {}))
        profiles.append(Profile(name, summary.get("Status", ""), arn, tags))
    return profiles


def confirmed_findings(
    aws: Aws, domain: Domain, profiles: Sequence[Profile], judge: Judge
) -> tuple[list[Finding], list[Profile]]:
    """``judge(profiles)``, made again after the profiles it blames for their tags are re-read.

    Returns:
        The findings, and the profiles as finally judged (the confirmed ones with SageMaker's
        tags; one deleted meanwhile is left out).
    """
    findings = judge(profiles)
    by_arn = {profile.arn: profile for profile in profiles}
    suspects = list(
        dict.fromkeys(
            by_arn[f.resource].name
            for f in sorted(findings)
            if f.kind in TAG_FINDINGS and f.resource in by_arn
        )
    )
    if not suspects:
        return findings, list(profiles)
    chosen = set(suspects[:CONFIRM_MAX])
    aws.client("sagemaker")  # created before the threads share it
    fresh = concurrently(
        lambda p: with_tags(aws, domain, p), [p for p in profiles if p.name in chosen]
    )
    read = {p.name: p for p in fresh if p is not None}
    profiles = [read.get(p.name, p) for p in profiles if p.name not in chosen or p.name in read]
    findings = judge(profiles)
    if len(suspects) > CONFIRM_MAX:
        later = set(suspects[CONFIRM_MAX:])
        unconfirmed = {p.arn for p in profiles if p.name in later}
        findings = [_unconfirmed(f) if f.resource in unconfirmed else f for f in findings]
    return findings, profiles


def _unconfirmed(finding: Finding) -> Finding:
    if finding.kind not in TAG_FINDINGS:
        return finding
    note = (
        f" (tags as the Resource Groups Tagging API lists them; more than {CONFIRM_MAX} "
        "profiles had findings, so this one was not confirmed with ListTags)"
    )
    return dataclasses.replace(finding, message=finding.message + note)
