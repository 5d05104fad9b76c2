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
    PartialCredentialsError,
    ReadTimeoutError,
    TokenRetrievalError,
)

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
#: boto3's service name -> the prefix IAM names its actions with, where the two differ.
_ACTION_PREFIXES = {"sso-admin": "sso"}


class AwsError(Exception):
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
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "Unknown")
        message = error.response.get("Error", {}).get("Message", "") or "no message"
        return AwsError(f"{where} failed: {code}: {message}. {_client_hint(code, action)}", code)
    if isinstance(error, NoCredentialsError | PartialCredentialsError | TokenRetrievalError):
        return AwsError(
            f"{where}: no usable AWS credentials ({error}). Sign in (aws sso login, or set "
            "AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run where a role "
            "provides them (GitHub OIDC, an instance or task role)"
        )
    if isinstance(error, NoRegionError):
        return no_region()
    if isinstance(error, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError):
        return AwsError(
            f"{where}: cannot reach the endpoint ({error}). Check the network and the region; "
            f"an AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_{service.upper().replace('-', '_')} in the "
            "environment "
            "redirects the calls"
        )
    if isinstance(error, BotoCoreError):
        return AwsError(f"{where} failed: {error}")
    raise error


def no_region() -> AwsError:
    """The error for a run that knows no region to call."""
    return AwsError(
        "no AWS region: set aws:region in Pulumi.<stack>.yaml (and pass --stack), or "
        "AWS_REGION in the environment"
    )


def _client_hint(code: str, action: str) -> str:
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
        )
        "ssoApplicationArn, identityStoreId)"
    if code in _ORGANIZATIONS:
        return (
            "What to do: call Organizations from the management or delegated administrator "
            "account (set orgGuardRoleArn)"
        )
    return "What to do: read the AWS message above; run the command again once it is fixed"


def error_code(error: Exception) -> str | None:
    """The AWS error code of a ``ClientError``, else ``None``."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code")
    return None
