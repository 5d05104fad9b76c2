"""The stack's SageMaker domain and its user profiles, with their tags.

``ListUserProfiles`` gives names and statuses, 100 per page, but no tags and no ARN; SageMaker has
no call that returns the tags of many profiles, so ``read_profiles`` calls ``ListTags`` once per
profile (on a few threads); ``audit`` reads the tags by the page instead (``profile_tags``) and
uses ``with_tags`` only to confirm what it finds. The profile's ARN is built from the domain's;
should SageMaker ever refuse that ARN, ``DescribeUserProfile`` supplies the real one for that
profile, at one more call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from components.aws.client.errors import AwsError
from components.aws.client.parallel import concurrently
from components.aws.client.session import Aws
from components.aws.read.answers import check_auth_mode, domain_arn_account, domain_items
from components.aws.read.iam_inventory import tags_of

#: The largest page ``ListUserProfiles`` returns.
PROFILE_PAGE_SIZE = 100
#: ``ListTags`` pages: at least 50; a resource has at most 50 tags, so one page each.
TAG_PAGE_SIZE = 100
_GONE = ("ResourceNotFound",)
_UNKNOWN_ARN = ("ResourceNotFound", "ValidationException")


@dataclass(frozen=True)
class Domain:
    """A SageMaker domain: its id, ARN and default execution role (and the shared spaces' role,
    ``DefaultSpaceSettings.ExecutionRole``); how it signs people in (``IAM`` or ``SSO``) and, in
    ``SSO`` mode, its Identity Center application."""

    id: str
    arn: str
    account: str
    default_execution_role: str | None = None
    default_space_execution_role: str | None = None
    auth_mode: str | None = None
    sso_application_arn: str | None = None

    def profile_arn(self, name: str) -> str:
        """The ARN of the profile ``name`` of this domain."""
        prefix = self.arn.rsplit(":", 1)[0]
        return f"{prefix}:user-profile/{self.id}/{name}"


@dataclass(frozen=True)
class Profile:
    """A user profile: name, status, ARN, tags and (when described) its own execution role and,
    in an Identity Center domain, the user it is bound to (``SingleSignOnUserValue``)."""

    name: str
    status: str
    arn: str
    tags: Mapping[str, str] = field(default_factory=dict)
    execution_role: str | None = None
    sso_user: str | None = None


def read_domain(aws: Aws, domain_id: str) -> Domain:
    """Describe the domain, once its answer is shown to be about it (``answers``).

    Raises:
        AwsError: when it does not exist in the region, or cannot be read, or the answer is
            about another domain or region, or signs people in some way the model does not name.
    """
    response = aws.call("sagemaker", "describe_domain", tolerate=_GONE, DomainId=domain_id)
    if response is None:
        raise AwsError(
            f"SageMaker domain {domain_id} does not exist in region {aws.region}: check "
            "domainId and aws:region in the stack file"
        )
    account = domain_arn_account(response, domain_id, aws.region)
    check_auth_mode(response.get("AuthMode"), _auth_modes(aws))
    role = response.get("DefaultUserSettings", {}).get("ExecutionRole")
    return Domain(
        id=domain_id,
        arn=response["DomainArn"],
        account=account,
        default_execution_role=role,
        default_space_execution_role=response.get("DefaultSpaceSettings", {}).get("ExecutionRole"),
        auth_mode=response.get("AuthMode"),
        sso_application_arn=response.get("SingleSignOnApplicationArn"),
    )


def _auth_modes(aws: Aws) -> list[str]:
    """The ``AuthMode`` values of SageMaker's model (``SSO``, ``IAM``)."""
    model = aws.client("sagemaker").meta.service_model.operation_model("DescribeDomain")
    return list(model.output_shape.members["AuthMode"].enum)


def read_profiles(aws: Aws, domain: Domain, describe: bool = False) -> list[Profile]:
    """Every profile of the domain with its tags; with ``describe``, also its execution role.

    Costs ``ceil(profiles / 100)`` ``ListUserProfiles`` calls and one ``ListTags`` per profile,
    plus one ``DescribeUserProfile`` per profile with ``describe``. A profile deleted while it is
    read is left out.
    """
    summaries = list_profiles(aws, domain)
    aws.client("sagemaker")  # created before the threads share it

    def read(summary: Mapping) -> Profile | None:
        name = summary["UserProfileName"]
        profile = Profile(name, summary.get("Status", ""), domain.profile_arn(name))
        return _described(aws, domain, profile) if describe else with_tags(aws, domain, profile)

    return [p for p in concurrently(read, summaries, label="profiles read") if p is not None]


def list_profiles(aws: Aws, domain: Domain) -> list[Mapping]:
    """The domain's profile summaries (``ListUserProfiles``, ``ceil(profiles / 100)`` calls).

    Raises:
        AwsError: an entry of another domain, or a profile listed twice (``answers``).
    """
    entries = aws.items(
        "sagemaker",
        "list_user_profiles",
        "UserProfiles",
        PROFILE_PAGE_SIZE,
        DomainIdEquals=domain.id,
    )
    return domain_items(entries, "ListUserProfiles", domain.id, ("UserProfileName",))


def with_tags(aws: Aws, domain: Domain, profile: Profile) -> Profile | None:
    """``profile`` with its tags from ``ListTags``; ``None`` when it no longer exists.

    Its real ARN is looked up (``DescribeUserProfile``) if SageMaker refuses the one it has.
    """
    tags = _tags(aws, profile.arn)
    if tags is None:
        return _described(aws, domain, profile)
    return Profile(profile.name, profile.status, profile.arn, tags, profile.execution_role)


def _described(aws: Aws, domain: Domain, profile: Profile) -> Profile | None:
    """``profile`` with its ARN and execution role from ``DescribeUserProfile``, and its tags."""
    response = aws.call(
        "sagemaker",
        "describe_user_profile",
        tolerate=_GONE,
        DomainId=domain.id,
        UserProfileName=profile.name,
    )
    if response is None:
        return None
    arn = response["UserProfileArn"]
    tags = _tags(aws, arn)
    if tags is None:
        return None
    return Profile(
        name=profile.name,
        status=response.get("Status", profile.status),
        arn=arn,
        tags=tags,
        execution_role=response.get("UserSettings", {}).get("ExecutionRole"),
        sso_user=response.get("SingleSignOnUserValue"),
    )


def _tags(aws: Aws, arn: str) -> dict[str, str] | None:
    """The tags of ``arn``, or ``None`` when SageMaker knows no such resource."""
    tags: list = []
    try:
        for page in aws.pages("sagemaker", "list_tags", TAG_PAGE_SIZE, ResourceArn=arn):
            tags += page.get("Tags", [])
    except AwsError as error:
        # ListTags reports an unknown ARN as a validation error, not as ResourceNotFound.
        if error.code in _UNKNOWN_ARN:
            return None
        raise
    return tags_of(tags)
