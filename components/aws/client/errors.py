"""Every way an AWS call can fail, turned into one message that says what to do.

A traceback tells an operator nothing they can act on; "iam GetAccountAuthorizationDetails was
denied: grant iam:GetAccountAuthorizationDetails" does. The CLI prints ``AwsError`` as one line
on stderr and exits 1, the same as for any other problem with the input.
"""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PaginationError,
    PartialCredentialsError,
    ReadTimeoutError,
    TokenRetrievalError,
)
from botocore.parsers import ResponseParserError

from components.core.problems import StudioAccessError


class NotTheProtocol(Exception):
    """A successful answer that is not the service's protocol (``protocol.check_response``)."""


#: Everything a call can raise that ``translate`` turns into one message (botocore raises a
#: response it cannot parse, such as an HTML page from a proxy, outside ``BotoCoreError``).
CALL_ERRORS = (ClientError, BotoCoreError, ResponseParserError, NotTheProtocol)

#: Where the permissions each command needs are listed.
PERMISSIONS_DOC = "docs/aws-commands.md"

_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnrecognizedClientException",
    "AuthorizationError",
}
_EXPIRED = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidClientTokenId"}
_THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
}
_NOT_FOUND = {
    "ResourceNotFound",
    "NoSuchEntity",
    "NoSuchEntityException",
    "PolicyNotFoundException",
}
_ORGANIZATIONS = {"AWSOrganizationsNotInUseException", "AccessDeniedForDependencyException"}
#: The endpoint variable of a service whose IAM prefix is not its boto3 service id.
_ENDPOINT_NAMES = {"tag": "RESOURCE_GROUPS_TAGGING_API", "access-analyzer": "ACCESSANALYZER"}
#: boto3's service name -> the prefix IAM names its actions with, where the two differ.
_ACTION_PREFIXES = {"sso-admin": "sso"}


class AwsError(StudioAccessError):
    """An AWS call failed; ``str(error)`` is the whole message, ready for stderr.

    Attributes:
        code: the error code AWS returned (``AccessDeniedException``), if it answered at all.
    """

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


def translate(error: Exception, service: str, operation: str) -> AwsError:
    """Return the ``AwsError`` that explains ``error`` raised by ``service``'s ``operation``.

    Args:
        error: what boto3 or botocore raised.
        service: the IAM service prefix (``sagemaker``, ``iam``, ``sts``, ``organizations``).
        operation: the API operation (``ListUserProfiles``).
    """
    where = f"AWS {service} {operation}"
    action = f"{_ACTION_PREFIXES.get(service, service)}:{operation}"
    endpoint = _ENDPOINT_NAMES.get(service, service.upper().replace("-", "_"))
    endpoint_hint = (
        "Check the network and the region; an AWS_ENDPOINT_URL or "
        f"AWS_ENDPOINT_URL_{endpoint} in the environment redirects the calls"
    )
    if isinstance(error, ClientError):
        return _client_error(error, where, action, endpoint_hint)
    if isinstance(error, NoCredentialsError | PartialCredentialsError | TokenRetrievalError):
        return AwsError(
            f"{where}: no usable AWS credentials ({error}). Sign in (aws sso login, or set "
            "AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run where a role "
            "provides them (GitHub OIDC, an instance or task role)"
        )
    if isinstance(error, NoRegionError):
        return no_region()
    if isinstance(error, ReadTimeoutError):
        return AwsError(
            f"{where}: the endpoint accepted the connection but did not answer ({error}), on "
            f"every attempt. {endpoint_hint}; STUDIO_ACCESS_AWS_READ_TIMEOUT and AWS_MAX_ATTEMPTS "
            "set how long to wait"
        )
    if isinstance(error, EndpointConnectionError | ConnectTimeoutError):
        return AwsError(f"{where}: cannot reach the endpoint ({error}). {endpoint_hint}")
    if isinstance(error, NotTheProtocol):
        return AwsError(
            f"{where} did not answer as the AWS API does (probably not the AWS API): {error}. "
            f"{endpoint_hint}"
        )
    if isinstance(error, PaginationError):  # a next token received twice: a list without end
        detail = " ".join(str(error).split()).removeprefix("Error during pagination: ")
        return AwsError(
            f"{where} did not answer as the AWS API does (probably not the AWS API): {detail}. "
            f"{endpoint_hint}"
        )
    if isinstance(error, ResponseParserError):
        return AwsError(
            f"{where}: the endpoint's answer is not an AWS API response, so it is probably not "
            f"the AWS API. {endpoint_hint}"
        )
    if isinstance(error, BotoCoreError):
        return AwsError(f"{where} failed: {' '.join(str(error).split())}")
    raise error


def not_the_api(service: str, operation: str, detail: str) -> AwsError:
    """The error for an answer of ``service``'s ``operation`` that AWS would not give: ``detail``
    says what is wrong with it (for checks made after botocore parsed it)."""
    return translate(NotTheProtocol(detail), service, operation)


def no_region() -> AwsError:
    """The error for a run that knows no region to call."""
    return AwsError(
        "no AWS region: set aws:region in Pulumi.<stack>.yaml (and pass --stack), or "
        "AWS_REGION in the environment"
    )


def _client_error(error: ClientError, where: str, action: str, endpoint_hint: str) -> AwsError:
    """One message for an error the endpoint answered with: AWS's code and message, and what to do.

    An answer with a bare HTTP status for its code (``404``) came from something that is not an
    AWS API, and one without a message leaves nothing to read: each says so instead of pointing
    at a message that is not there.
    """
    details = error.response.get("Error", {})
    code = details.get("Code") or "Unknown"
    message = details.get("Message") or ""
    if code.isdigit():
        status = f"HTTP {code}" + (f" ({message})" if message else "")
        return AwsError(
            f"{where} failed: the endpoint answered {status} without an AWS error code, so it "
            f"is probably not the AWS API. {endpoint_hint}",
            code,
        )
    if not message:
        hint = _client_hint(code, action, has_message=False)
        return AwsError(f"{where} failed: {code}, without a message from AWS. {hint}", code)
    return AwsError(f"{where} failed: {code}: {message}. {_client_hint(code, action)}", code)


def _client_hint(code: str, action: str, has_message: bool = True) -> str:
    """What to do about an error code AWS returned."""
    if code in _DENIED:
        return (
            f"What to do: allow {action} for the credentials in use ({PERMISSIONS_DOC} lists "
            "every action this command needs)"
        )
    if code in _EXPIRED:
        return "What to do: the credentials are expired or invalid; sign in again"
    if code in _THROTTLED:
        return "What to do: AWS throttled the calls after the retries; run the command again later"
    if code in _NOT_FOUND:
        return (
            "What to do: check the names in the stack settings (domainId, groupName, policyName, "
            "ssoApplicationArn, identityStoreId)"
        )
    if code in _ORGANIZATIONS:
        return (
            "What to do: call Organizations from the management or delegated administrator "
            "account (set orgGuardRoleArn)"
        )
    if not has_message:
        return (
            f"What to do: look {code} up among the errors of {action} in the AWS API reference; "
            "run the command again once it is fixed"
        )
    return "What to do: read the AWS message above; run the command again once it is fixed"


def error_code(error: Exception) -> str | None:
    """The AWS error code of a ``ClientError``, else ``None``."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code")
    return None
