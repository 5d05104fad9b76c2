"""The ``AWS_*`` settings boto3 reads, checked before the first call: a usage error, not a traceback.

boto3 reads its configuration from the environment lazily and reports a bad value however the
code that reads it happens to fail: ``AWS_MAX_ATTEMPTS=abc`` is a bare ``ValueError`` from
``int()``, ``AWS_ENDPOINT_URL='not a url'`` an "Invalid endpoint" ``ValueError``, a boolean such as
``AWS_USE_FIPS_ENDPOINT=maybe`` is silently read as false, ``AWS_REQUEST_CHECKSUM_CALCULATION=x``
an ``InvalidChecksumConfigError`` once a client is made, a missing ``AWS_CA_BUNDLE`` file fails
only once an https endpoint is called. The booleans, numbers and choices are taken from
botocore's own tables (``configprovider``'s variables and their conversions, ``args``' lists of
valid values), so a variable botocore adds is checked as botocore reads it. Each is a mistake in how the command
was run, so it is one line naming the variable and what it takes, and exit code 2
(``UsageError``), before anything is called.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping

from botocore import args, configprovider
from botocore.exceptions import (
    InvalidChecksumConfigError,
    InvalidConfigError,
    InvalidDefaultsMode,
    InvalidRegionError,
    InvalidRetryConfigurationError,
    InvalidSTSRegionalEndpointsConfigError,
)
from botocore.utils import ensure_boolean

from components.core.problems import UsageError

_BOOLEAN = ("true", "false")
#: Variables botocore reads as a number (``int``) or a boolean (``ensure_boolean``: anything but
#: ``true`` is false), from its own table of the session's variables.
_TABLES = (
    configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES,
    configprovider.DEFAULT_S3_CONFIG_VARS,
)
_NUMBERS = tuple(row[1] for t in _TABLES for row in t.values() if row[1] and row[3] is int)
_BOOLEANS = {
    row[1]: _BOOLEAN for t in _TABLES for row in t.values() if row[1] and row[3] is ensure_boolean
}
#: Variables with a fixed set of values: botocore's lists where it has them (``args``), else
#: the values its code compares with.
_CHOICES: dict[str, tuple[str, ...]] = {
    **_BOOLEANS,
    "AWS_EC2_METADATA_DISABLED": _BOOLEAN,  # read by botocore.utils, outside the table
    "AWS_STS_REGIONAL_ENDPOINTS": tuple(args.VALID_REGIONAL_ENDPOINTS_CONFIG),
    "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": tuple(args.VALID_REGIONAL_ENDPOINTS_CONFIG),
    "AWS_REQUEST_CHECKSUM_CALCULATION": tuple(args.VALID_REQUEST_CHECKSUM_CALCULATION_CONFIG),
    "AWS_RESPONSE_CHECKSUM_VALIDATION": tuple(args.VALID_RESPONSE_CHECKSUM_VALIDATION_CONFIG),
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": tuple(args.VALID_ACCOUNT_ID_ENDPOINT_MODE_CONFIG),
    "AWS_ENDPOINT_DISCOVERY_ENABLED": (*_BOOLEAN, "auto"),
    "AWS_RETRY_MODE": ("legacy", "standard", "adaptive"),
    "AWS_DEFAULTS_MODE": ("legacy", "auto", "standard", "in-region", "cross-region", "mobile"),
}
#: Variables that hold a whole number of at least 1 (the others botocore reads with ``int``
#: take any whole number from 0).
_COUNTS = ("AWS_MAX_ATTEMPTS", "AWS_METADATA_SERVICE_NUM_ATTEMPTS")
#: botocore's rule for a region name (it becomes a host name label).
_REGION = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")
_REGIONS = ("AWS_REGION", "AWS_DEFAULT_REGION")
_ENDPOINT = "AWS_ENDPOINT_URL"
_CA_BUNDLE = "AWS_CA_BUNDLE"

#: What botocore raises for a configuration value it refuses while making a client.
CONFIG_ERRORS = (
    ValueError,
    InvalidChecksumConfigError,
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
    if name in _NUMBERS and not text.isdigit():
        return "is not a whole number"
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
