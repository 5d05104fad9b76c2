"""Names, patterns and lengths that AWS enforces, in one place.

Every limit here is copied from the AWS API models (botocore's service models for SageMaker and
IAM), so that a file ``check`` accepts is one the APIs accept too. The roster, the stack settings
and the JSON Schema all read from this module; nothing else spells a limit.
"""

from __future__ import annotations

import re
import unicodedata


def _compile(pattern: str) -> re.Pattern[str]:
    """Compile an ECMA-262 pattern of this module so that Python matches what the schema does.

    Python's ``$`` also matches before a final newline and its ``\\d`` and ``\\w`` match any
    Unicode digit or letter; ECMA-262 (and AWS) do neither, so ``$`` becomes ``\\Z`` and the
    classes are ASCII-only.
    """
    return re.compile(pattern.replace("$", r"\Z"), re.ASCII)


#: SageMaker ``UserProfileName``: letters and digits, inner hyphens, at most 63 characters.
PROFILE_NAME_PATTERN = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
PROFILE_NAME_RE = _compile(PROFILE_NAME_PATTERN)
PROFILE_NAME_MAX = 63

#: A user's id and profile name: SageMaker's ``UserProfileName`` in lower case only. SageMaker is
#: reported to lower-case some profile ARNs (presigned URLs for a profile named ``PowerUser``
#: fail), while every ARN condition of the guards compares case-sensitively: a name with upper
#: case could lock its owner out of their own Studio.
ID_PATTERN = r"^[a-z0-9](-*[a-z0-9]){0,62}$"
ID_RE = _compile(ID_PATTERN)

#: SageMaker ``DomainId``.
DOMAIN_ID_PATTERN = r"^d-(-*[a-z0-9]){1,61}$"
DOMAIN_ID_RE = _compile(DOMAIN_ID_PATTERN)

#: IAM user and role names (1–64) and IAM group and policy names (1–128).
IAM_NAME_PATTERN = r"^[\w+=,.@-]+$"
IAM_NAME_RE = _compile(IAM_NAME_PATTERN)
IAM_PRINCIPAL_NAME_MAX = 64
IAM_GROUP_OR_POLICY_NAME_MAX = 128

#: The AWS partitions this project supports, and how a region names its own: every ARN the
#: project builds or accepts is of the stack's partition (docs/architecture.md, "Partitions").
PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
_PARTITION_PREFIXES = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"))
#: The region names of each partition, as botocore's partition data gives them (``regionRegex``
#: in ``botocore/data/endpoints.json``); ``tests/core/test_partitions.py`` compares the two.
REGION_PATTERNS = {
    "aws": r"^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$",
    "aws-cn": r"^cn-\w+-\d+$",
    "aws-us-gov": r"^us-gov-\w+-\d+$",
}
_REGION_RES = {partition: _compile(pattern) for partition, pattern in REGION_PATTERNS.items()}

#: A 12-digit AWS account id.
ACCOUNT_ID_PATTERN = r"^\d{12}$"
ACCOUNT_ID_RE = _compile(ACCOUNT_ID_PATTERN)

#: IAM's grammar for the ARNs a stack or a user file names. A path is ``/`` or ``/a/b/`` of
#: printable ASCII without ``*``, ``?`` and ``/`` in a segment (IAM "Path" rules); user and role
#: names are 1-64 of ``[\w+=,.@-]`` and SAML provider names 1-128 of ``[\w._-]``.
_PARTITION = "(aws|aws-cn|aws-us-gov)"
_PATH = r"(?:[\x21-\x29\x2B-\x2E\x30-\x3E\x40-\x7E]+/)*"
_PRINCIPAL_NAME = r"[\w+=,.@-]{1,64}"
ROLE_ARN_PATTERN = rf"^arn:{_PARTITION}:iam::\d{{12}}:role/{_PATH}{_PRINCIPAL_NAME}$"
ROLE_ARN_RE = _compile(ROLE_ARN_PATTERN)
#: The longest ARN IAM and SageMaker accept for a role (``RoleArn``).
ROLE_ARN_MAX = 2048
#: IAM's ``Path`` of a user, role or policy: at most 512 characters, slashes included.
IAM_PATH_MAX = 512
TRUSTED_ARN_PATTERN = (
    rf"^arn:{_PARTITION}:iam::\d{{12}}:(root|(role|user)/{_PATH}{_PRINCIPAL_NAME}"
    r"|saml-provider/[\w.-]{1,128})$"
)
TRUSTED_RE = _compile(rf"{ACCOUNT_ID_PATTERN}|{TRUSTED_ARN_PATTERN}")
SAML_PROVIDER_RE = _compile(rf"^arn:{_PARTITION}:iam::\d{{12}}:saml-provider/")
#: Managed policies: customer managed (an account) or AWS managed (``aws``), with a path.
POLICY_ARN_PATTERN = rf"^arn:{_PARTITION}:iam::(\d{{12}}|aws):policy/{_PATH}[\w+=,.@-]{{1,128}}$"
POLICY_ARN_RE = _compile(POLICY_ARN_PATTERN)
#: Organizations targets: an account id, an organizational unit or the root.
ORG_TARGET_RE = _compile(r"^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")


def iam_path_problem(arn: str) -> str | None:
    """Why the path of an IAM user, role or policy ARN is longer than IAM allows, or ``None``."""
    resource = arn.split(":", 5)[-1]
    if "/" not in resource:
        return None
    path = "/" + resource.split("/", 1)[1].rpartition("/")[0] + "/"
    if len(path) <= IAM_PATH_MAX:
        return None
    return (
        f"the IAM path of {arn[:60]!r}… is {len(path)} characters long; IAM allows at most "
        f"{IAM_PATH_MAX}"
    )


def partition_of(region: str | None) -> str:
    """The partition of ``region``: ``cn-*`` is ``aws-cn``, ``us-gov-*`` ``aws-us-gov``, else ``aws``."""
    for prefix, partition in _PARTITION_PREFIXES:
        if region and region.startswith(prefix):
            return partition
    return "aws"


def region_problem(region: str) -> str | None:
    """Why ``region`` is not a region of the partition its name selects, or ``None``.

    A misspelt region (``eu-wst-1x``) would otherwise pass as partition ``aws`` and fail only
    when the provider first calls AWS; the ISO partitions are not supported.
    """
    partition = partition_of(region)
    if _REGION_RES[partition].match(region):
        return None
    return (
        f"{region!r} is not a region name of partition {partition!r} "
        f"({REGION_PATTERNS[partition]}), for example eu-west-1, cn-north-1 or us-gov-west-1"
    )


def arn_partition(arn: str) -> str | None:
    """The partition an ARN names (``arn:<partition>:…``), or ``None`` for a plain account id."""
    return arn.split(":", 2)[1] if arn.startswith("arn:") and arn.count(":") >= 2 else None


def partition_problem(arn: str, partition: str) -> str | None:
    """Why ``arn`` cannot be used in a stack of ``partition``, or ``None`` if it can."""
    named = arn_partition(arn)
    if named is None or named == partition:
        return None
    return (
        f"{arn!r} is an ARN of partition {named!r}, but the stack's region is in partition "
        f"{partition!r}: write arn:{partition}:…"
    )


#: IAM Identity Center (botocore's ``identitystore`` and ``sso-admin`` models). An identity store
#: is ``d-`` and ten hex digits, or a UUID, optionally as its ARN; an application of the domain is
#: ``arn:…:sso::<account>:application/ssoins-…/apl-…`` (``ApplicationArn``).
IDENTITY_STORE_ID_PATTERN = (
    r"^(arn:(aws|aws-cn|aws-us-gov):identitystore::\d{12}:identitystore/)?"
    r"(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
IDENTITY_STORE_ID_RE = _compile(IDENTITY_STORE_ID_PATTERN)
IDENTITY_STORE_ID_MAX = 93
SSO_APPLICATION_ARN_PATTERN = rf"^arn:{_PARTITION}:sso::\d{{12}}:application/(sso)?ins-[a-zA-Z0-9-.]{{16}}/apl-[a-zA-Z0-9]{{16}}$"
SSO_APPLICATION_ARN_RE = _compile(SSO_APPLICATION_ARN_PATTERN)
SSO_APPLICATION_ARN_MAX = 1224
#: An Identity Center ``UserName``: 1-128 letters, marks, symbols, numbers and punctuation
#: (``[\p{L}\p{M}\p{S}\p{N}\p{P}]+``): no spaces, no control characters. SageMaker's
#: ``SingleSignOnUserValue`` (at most 256) takes every such name.
USER_NAME_PATTERN = r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$"
USER_NAME_MAX = 128
#: A region name (``eu-west-1``, ``us-gov-west-1``, ``cn-north-1``).
REGION_RE = _compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")


def is_user_name(text: str) -> bool:
    """Whether ``text`` is an Identity Center ``UserName`` (categories L, M, S, N and P only)."""
    return 1 <= len(text) <= USER_NAME_MAX and all(
        unicodedata.category(ch)[0] in "LMSNP" for ch in text
    )


#: Tag keys (1–128) and values (0–256) of ``[\p{L}\p{Z}\p{N}_.:/=+\-@]``, in both services.
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
TAG_CHARSET_PATTERN = r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"
#: IAM and SageMaker both allow 50 tags on a resource.
TAGS_PER_RESOURCE_MAX = 50
_TAG_ASCII_RE = _compile(r"^[A-Za-z0-9 _.:/=+\-@]*$")
_TAG_PUNCTUATION = frozenset("_.:/=+-@")

#: E-mail addresses whose characters are all valid in a tag value.
EMAIL_PATTERN = r"^[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$"
EMAIL_RE = _compile(EMAIL_PATTERN)


def is_tag_text(text: str) -> bool:
    """Return whether every character of ``text`` is allowed in an AWS tag key or value.

    Python's ``re`` has no ``\\p{L}`` classes, so non-ASCII characters are checked by their
    Unicode category (letters ``L*``, separators ``Z*``, numbers ``N*``).
    """
    if _TAG_ASCII_RE.match(text):
        return True
    return all(ch in _TAG_PUNCTUATION or unicodedata.category(ch)[0] in "LZN" for ch in text)


#: SageMaker ``IdleTimeoutInMinutes``: idle shutdown after 60 minutes to 365 days.
IDLE_TIMEOUT_MIN = 60
IDLE_TIMEOUT_MAX = 525_600
#: SageMaker ``SpaceEbsVolumeSizeInGb``: a space's storage, default and maximum alike.
SPACE_EBS_GB_MIN = 5
SPACE_EBS_GB_MAX = 16_384
#: SageMaker ``StudioLifecycleConfigArn`` (at most 256 characters), with the name of a
#: ``StudioLifecycleConfigName`` (the ``UserProfileName`` rule).
STUDIO_LIFECYCLE_CONFIG_ARN_MAX = 256
STUDIO_LIFECYCLE_CONFIG_ARN_PATTERN = (
    rf"^arn:{_PARTITION}:sagemaker:[a-z0-9-]+:\d{{12}}:studio-lifecycle-config/"
    r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
)
STUDIO_LIFECYCLE_CONFIG_ARN_RE = _compile(STUDIO_LIFECYCLE_CONFIG_ARN_PATTERN)


#: IAM Identity Center (sso-admin, identitystore models): an instance, a group's id, a permission
#: set's name.
SSO_INSTANCE_ARN_PATTERN = r"^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$"
SSO_INSTANCE_ARN_RE = _compile(SSO_INSTANCE_ARN_PATTERN)
IDENTITY_STORE_GROUP_ID_RE = _compile(
    r"^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$"
)
PERMISSION_SET_NAME_RE = _compile(r"^[\w+=,.@-]{1,32}$")
