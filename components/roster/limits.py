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

#: SageMaker ``DomainId``.
DOMAIN_ID_PATTERN = r"^d-(-*[a-z0-9]){1,61}$"
DOMAIN_ID_RE = _compile(DOMAIN_ID_PATTERN)

#: IAM user and role names (1–64) and IAM group and policy names (1–128).
IAM_NAME_PATTERN = r"^[\w+=,.@-]+$"
IAM_NAME_RE = _compile(IAM_NAME_PATTERN)
IAM_PRINCIPAL_NAME_MAX = 64
IAM_GROUP_OR_POLICY_NAME_MAX = 128

#: Role ARNs, as IAM and SageMaker (``RoleArn``) state them.
ROLE_ARN_PATTERN = r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$"
ROLE_ARN_RE = _compile(ROLE_ARN_PATTERN)

#: Who may be trusted to assume a role: an account, an IAM role or user, or a SAML provider.
ACCOUNT_ID_PATTERN = r"^\d{12}$"
TRUSTED_ARN_PATTERN = (
    r"^arn:aws[a-z\-]*:iam::\d{12}:(root|(role|user)/?[a-zA-Z_0-9+=,.@\-_/]+"
    r"|saml-provider/[a-zA-Z_0-9.\-]+)$"
)
TRUSTED_RE = _compile(rf"{ACCOUNT_ID_PATTERN}|{TRUSTED_ARN_PATTERN}")
SAML_PROVIDER_RE = _compile(r"^arn:aws[a-z\-]*:iam::\d{12}:saml-provider/")

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
