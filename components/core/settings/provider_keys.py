"""The AWS provider's configuration keys (``aws:region``, ``aws:profile``, …), to catch a stray one.

Pulumi passes every ``aws:`` key of a stack file to the AWS provider, which ignores one it does
not know: ``aws:regoin: eu-west-1`` leaves the region unset and the stack deploys where the
environment points. The keys are those the installed ``pulumi_aws`` package reads
(``pulumi_aws/config/vars.py``), read as text so that ``check`` never imports it; without the
package (the check-only install) the keys of pulumi-aws 7, which ``tests/roster/test_stack_files.py``
holds equal to the installed package's.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import re
from pathlib import Path

NAMESPACE = "aws"
#: pulumi-aws 7's configuration keys (``pulumi_aws/config/vars.py``).
KNOWN_KEYS = (
    "accessKey",
    "allowedAccountIds",
    "assumeRoleWithWebIdentity",
    "assumeRoles",
    "customCaBundle",
    "defaultTags",
    "ec2MetadataServiceEndpoint",
    "ec2MetadataServiceEndpointMode",
    "endpoints",
    "forbiddenAccountIds",
    "httpProxy",
    "httpsProxy",
    "ignoreTags",
    "insecure",
    "maxRetries",
    "noProxy",
    "profile",
    "region",
    "retryMode",
    "s3UsEast1RegionalEndpoint",
    "s3UsePathStyle",
    "secretKey",
    "sharedConfigFiles",
    "sharedCredentialsFiles",
    "skipCredentialsValidation",
    "skipMetadataApiCheck",
    "skipRegionValidation",
    "skipRequestingAccountId",
    "stsRegion",
    "tagPolicyCompliance",
    "token",
    "tokenBucketRateLimiterCapacity",
    "useDualstackEndpoint",
    "useFipsEndpoint",
    "userAgents",
)
_READ = re.compile(r"__config__\.get\w*\('(\w+)'\)")


@functools.cache
def provider_keys() -> tuple[str, ...]:
    """The keys the installed AWS provider reads, else those of pulumi-aws 7."""
    spec = importlib.util.find_spec("pulumi_aws")
    for location in (spec.submodule_search_locations or []) if spec else []:
        try:
            text = Path(location, "config", "vars.py").read_text(encoding="utf-8")
        except OSError:
            continue
        if found := sorted(set(_READ.findall(text))):
            return tuple(found)
    return KNOWN_KEYS


def unknown_key_problem(name: str) -> str | None:
    """Why ``aws:<name>`` is not a key of the AWS provider (with the nearest one), or ``None``."""
    known = provider_keys()
    if name in known:
        return None
    near = difflib.get_close_matches(name, known, n=1) or [
        k for k in known if k.lower() == name.lower()
    ]
    hint = f"; did you mean {NAMESPACE}:{near[0]}?" if near else ""
    return (
        f"unknown configuration key {NAMESPACE}:{name}: the AWS provider ignores it, so its "
        f"setting would silently not apply{hint}"
    )
