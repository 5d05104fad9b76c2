"""An answer is AWS's only if it speaks the service's protocol: never read junk as "nothing".

botocore is lenient on purpose: a JSON service's body that is not JSON becomes ``{"message":
body}``, and an answer without the list a call asked for reads as an empty list. Behind a proxy,
a captive portal or a mistyped ``AWS_ENDPOINT_URL`` that leniency turns an HTML page served with
HTTP 200 into "no profiles, no findings". Every client of ``session.Aws`` therefore checks, before
botocore parses it, that a successful answer has the protocol's content type and a body of its
syntax (``check_response``); after parsing, that it holds what the operation always returns
(``REQUIRED``, and a paginated list's result key: ``missing_result``); and reading a field AWS
always sends but this answer lacks raises ``MissingField`` instead of a ``KeyError`` traceback
(``Answer``). Each failure is one ``AwsError`` line that says the endpoint is probably not AWS.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree import ElementTree

from components.aws.client.errors import AwsError, NotTheProtocol

#: The content types each protocol answers with (AWS always sends one; a missing one is judged
#: by the body alone, as some local stand-ins omit it).
_CONTENT_TYPES = {
    "json": ("application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/json"),
    "rest-json": ("application/json", "application/x-amz-json-1.1"),
    "smithy-rpc-v2-cbor": ("application/cbor",),
    "query": ("text/xml", "application/xml"),
    "rest-xml": ("text/xml", "application/xml"),
    "ec2": ("text/xml", "application/xml"),
}
#: (service prefix, operation) -> top-level fields AWS always returns on success, that the
#: commands read. A list call's result key is checked from its paginator instead.
REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("sagemaker", "DescribeDomain"): ("DomainArn",),
    ("sagemaker", "DescribeUserProfile"): ("UserProfileArn",),
    ("sagemaker", "DescribeApp"): ("Status",),
    ("sagemaker", "DescribeSpace"): ("Status",),
    ("sts", "AssumeRole"): ("Credentials",),
    ("sts", "GetCallerIdentity"): ("Account", "Arn"),
    ("organizations", "DescribePolicy"): ("Policy",),
    ("iam", "SimulatePrincipalPolicy"): ("EvaluationResults",),
    ("access-analyzer", "CheckNoNewAccess"): ("result",),
    ("identitystore", "GetUserId"): ("UserId",),
}


class MissingField(AwsError, KeyError):
    """A field AWS always sends is missing from an answer (also a ``KeyError``, for callers
    that look a field up and handle its absence)."""

    __str__ = BaseException.__str__


def check_response(operation_model: Any, response_dict: Mapping[str, Any], **_: Any) -> None:
    """botocore's ``before-parse`` hook: refuse a successful answer in another protocol.

    Raises:
        NotTheProtocol: an HTML page, another content type, or a body that does not parse.
    """
    status = response_dict.get("status_code", 0)
    if not 200 <= status < 300 or operation_model.has_streaming_output:
        return  # errors are worded by errors.translate; streams are read by their caller
    protocol = operation_model.service_model.resolved_protocol
    headers = response_dict.get("headers") or {}
    content_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
    body = response_dict.get("body") or b""
    allowed = _CONTENT_TYPES.get(protocol)
    if allowed is None:
        return
    if content_type and content_type not in allowed:
        raise NotTheProtocol(
            f"it answered HTTP {status} with content type {content_type}, not {allowed[0]}"
        )
    if body.strip() and not _parses(protocol, body):
        raise NotTheProtocol(f"its HTTP {status} body is not {_syntax(protocol)}")


def _parses(protocol: str, body: bytes) -> bool:
    try:
        if "json" in protocol:
            return isinstance(json.loads(body), dict)
        if "xml" in protocol or protocol in ("query", "ec2"):
            ElementTree.fromstring(body)
        return True
    except (ValueError, ElementTree.ParseError):
        return False


def _syntax(protocol: str) -> str:
    return "a JSON object" if "json" in protocol else "XML"


def missing_required(service: str, operation: str, answer: Mapping[str, Any]) -> str | None:
    """The first field of ``REQUIRED`` this successful answer lacks, if any."""
    return next((f for f in REQUIRED.get((service, operation), ()) if f not in answer), None)


def missing_result(result_keys: Iterable[str], page: Mapping[str, Any]) -> str | None:
    """A page of a list that holds none of its paginator's result keys: the list's name."""
    keys = [key.split(".")[0].split("[")[0] for key in result_keys]
    if not keys or any(key in page for key in keys):
        return None
    return " or ".join(keys)


def missing_message(where: str, field: str) -> str:
    """The one line for an answer without a field the service always sends."""
    return (
        f"{where}: the answer has no {field}, which the service always sends, so the endpoint "
        "is probably not the AWS API (or a proxy rewrote its answer). Check the network and the "
        "region; an AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE> in the environment redirects "
        "the calls"
    )


class Answer(dict):
    """A parsed answer whose missing fields raise ``MissingField`` with the call's name."""

    where: str = "AWS"

    def __missing__(self, key: str) -> Any:
        raise MissingField(missing_message(self.where, repr(key)))


def answer(value: Any, where: str) -> Any:
    """``value`` with every mapping in it an ``Answer`` naming ``where`` (``AWS iam GetRole``)."""
    if isinstance(value, dict):
        wrapped = Answer((key, answer(item, where)) for key, item in value.items())
        wrapped.where = where
        return wrapped
    if isinstance(value, list):
        return [answer(item, where) for item in value]
    return value
