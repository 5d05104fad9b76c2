"""The ``AWS_*`` settings boto3 reads, checked before the first call: a usage error, not a traceback.

boto3 reads its configuration from the environment lazily and reports a bad value however the
code that reads it happens to fail: ``AWS_MAX_ATTEMPTS=abc`` is a bare ``ValueError`` from
``int()``, ``AWS_ENDPOINT_URL='not a url'`` an "Invalid endpoint" ``ValueError``, a boolean such as
``AWS_USE_FIPS_ENDPOINT=maybe`` is silently read as false, a missing ``AWS_CA_BUNDLE`` file fails
only once an https endpoint is called. Each is a mistake in how the command
was run, so it is one line naming the variable and what it takes, and exit code 2
(``UsageError``), before anything is called.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping

from botocore.exceptions import (
    InvalidConfigError,
    InvalidDefaultsMode,
    InvalidRegionError,
    InvalidRetryConfigurationError,
    InvalidSTSRegionalEndpointsConfigError,
)

from components.core.problems import UsageError

#: Variables with a fixed set of values (boto3's own lists).
_CHOICES = {
    "AWS_RETRY_MODE": ("legacy", "standard", "adaptive"),
    "AWS_STS_REGIONAL_ENDPOINTS": ("legacy", "regional"),
    "AWS_DEFAULTS_MODE": ("legacy", "auto", "standard", "in-region", "cross-region", "mobile"),
    "AWS_USE_FIPS_ENDPOINT": ("true", "false"),
    "AWS_USE_DUALSTACK_ENDPOINT": ("true", "false"),
    "AWS_EC2_METADATA_DISABLED": ("true", "false"),
}
#: Variables that hold a whole number of at least 1.
_COUNTS = ("AWS_MAX_ATTEMPTS", "AWS_METADATA_SERVICE_NUM_ATTEMPTS")
#: botocore's rule for a region name (it becomes a host name label).
_REGION = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")
_REGIONS = ("AWS_REGION", "AWS_DEFAULT_REGION")
_ENDPOINT = "AWS_ENDPOINT_URL"
_CA_BUNDLE = "AWS_CA_BUNDLE"

#: What botocore raises for a configuration value it refuses while making a client.
CONFIG_ERRORS = (
    ValueError,
    InvalidConfigError,
    InvalidDefaultsMode,
    InvalidRegionError,
    InvalidRetryConfigurationError,
    InvalidSTSRegionalEndpointsConfigError,
)


def check_environment(environ: Mapping[str, str] | None = None) -> None:
    """Refuse an ``AWS_*`` value boto3 cannot use.

    Raises:
        UsageError: naming the first such variable, its value and what it takes.
    """
    environ = os.environ if environ is None else environ
    for name in sorted(environ):
        problem = _problem(name, environ[name])
        if problem:
            raise UsageError(
                f"{name}={environ[name]!r} {problem}; fix or unset it (docs/aws-commands.md)"
            )


def _problem(name: str, value: str) -> str | None:
    text = value.strip()
    if not text:
        return None  # boto3 reads an empty variable as unset
    if name in _CHOICES and text.lower() not in _CHOICES[name]:
        return f"is not one of {', '.join(_CHOICES[name])}"
    if name in _COUNTS and not (text.isdigit() and int(text) >= 1):
        return "is not a whole number of at least 1"
    if name in _REGIONS:
        return region_problem(text)
    if name == _CA_BUNDLE and not os.path.isfile(text):
        return "is not a file (the certificate bundle to trust)"
    if name == _ENDPOINT or name.startswith(_ENDPOINT + "_"):
        return _endpoint_problem(text)
    return None


def region_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a region name (botocore's rule), or ``None``."""
    if not _REGION.fullmatch(text):
        return "is not a region name (such as eu-west-1)"
    return None


def _endpoint_problem(text: str) -> str | None:
    try:
        url = urllib.parse.urlsplit(text)
        url.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "is not a URL"
    if url.scheme not in ("http", "https") or not url.hostname:
        return "is not an http:// or https:// URL with a host"
    return None


def config_error(error: Exception) -> UsageError:
    """The usage error for a configuration value botocore refused while making a client."""
    return UsageError(
        f"the AWS configuration is not usable ({error}); check the AWS_* variables and the AWS "
        "config file (docs/aws-commands.md)"
    )
