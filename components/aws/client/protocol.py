"""An answer is AWS's only if it speaks the service's protocol: never read junk as "nothing".

botocore is lenient on purpose: a JSON service's body that is not JSON becomes ``{"message":
body}``, and an answer without the list a call asked for reads as an empty list. Behind a proxy,
a captive portal or a mistyped ``AWS_ENDPOINT_URL`` that leniency turns an HTML page served with
HTTP 200 into "no profiles, no findings". Every client of ``session.Aws`` therefore checks, before
botocore parses it, that a successful answer has the protocol's content type and a body of its
syntax and, for JSON, fields of the types the service model gives them (``check_response``,
``shapes``); that botocore's own parsing of any answer, an error's included, does not fail
(``GuardedParserFactory``: whatever it raises, an XML page without the result element or a date
that is not one, means the answer is not the protocol); after parsing, that it holds what the
operation always returns (``REQUIRED``, and a paginated list's result key: ``missing_result``,
both checked by ``check_parsed`` for every call); and reading a field AWS always sends but this
answer lacks raises ``MissingField`` instead of a ``KeyError`` traceback (``Answer``). Each
failure is one ``AwsError`` line that says the endpoint is probably not AWS.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree import ElementTree

from botocore import xform_name
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.parsers import ResponseParserError, ResponseParserFactory

from components.aws.client.errors import AwsError, NotTheProtocol, not_the_api
from components.aws.client.models import core_session
from components.aws.client.shapes import body_problem

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
    ("dynamodb", "DescribeTable"): ("Table",),
    ("dynamodb", "BatchGetItem"): ("Responses",),
}


class MissingField(AwsError, KeyError):
    """A field AWS always sends is missing from an answer (also a ``KeyError``, for callers
    that look a field up and handle its absence)."""

    __str__ = BaseException.__str__


def check_response(operation_model: Any, response_dict: Mapping[str, Any], **_: Any) -> None:
    """botocore's ``before-parse`` hook: refuse a successful answer in another protocol.

    Raises:
        NotTheProtocol: an HTML page, another content type, a body that does not parse, or a
            JSON field of another type than the service model's.
    """
    status = response_dict.get("status_code", 0)
    if not 200 <= status < 300 or operation_model.has_streaming_output:
        return  # errors are read by GuardedParser, worded by errors.translate; streams by callers
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
    if not body.strip():
        return
    if "json" not in protocol:
        if not _parses_as_xml(body):
            raise NotTheProtocol(f"its HTTP {status} body is not {_syntax(protocol)}")
        return
    try:
        document = json.loads(body)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise NotTheProtocol(f"its HTTP {status} body is not {_syntax(protocol)}")
    problem = body_problem(operation_model.output_shape, document)
    if problem:
        raise NotTheProtocol(problem)


def _parses_as_xml(body: bytes) -> bool:
    try:
        ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return False
    return True


class GuardedParser:
    """botocore's parser of a protocol, whose every failure is ``NotTheProtocol``.

    botocore parses an answer outside the code that turns its failures into ``BotoCoreError``:
    an XML page without the operation's result element is a ``KeyError``, an error answer whose
    JSON body is a list an ``AttributeError``, a date that is not one a ``ValueError``. Any of
    them means the endpoint did not answer in the service's protocol.
    """

    def __init__(self, parser: Any):
        self._parser = parser

    def parse(self, response: Mapping[str, Any], shape: Any) -> Any:
        try:
            return self._parser.parse(response, shape)
        except ResponseParserError:
            raise  # botocore's own word for an answer it cannot read (errors.translate)
        except Exception as error:
            detail = " ".join(f"{type(error).__name__}: {error}".split())
            raise NotTheProtocol(
                f"its HTTP {response.get('status_code', 0)} answer cannot be read as the "
                f"service's protocol ({detail[:200]})"
            ) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parser, name)


class GuardedParserFactory(ResponseParserFactory):
    """botocore's ``response_parser_factory`` component, making ``GuardedParser`` s."""

    def create_parser(self, protocol_name: str) -> Any:
        return GuardedParser(super().create_parser(protocol_name))


def _syntax(protocol: str) -> str:
    return "a JSON object" if "json" in protocol else "XML"


def _at(page: Any, path: str) -> Any:
    """The field at ``path`` (``IsTruncated``, ``Result.Marker``) of ``page``, or ``None``."""
    for name in path.split("."):
        page = page.get(name) if isinstance(page, Mapping) else None
    return page


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


class ParsedCheck:
    """botocore's ``after-call`` hook of one client: a successful answer holds what it must.

    That is the fields of ``REQUIRED`` and, for a call that has a paginator, one of its result
    keys: every call is checked where botocore makes it, whether the command calls through
    ``Aws.call``, ``Aws.pages`` or the client itself (the meter's code, which cannot import this
    package, is handed such clients).
    """

    def __init__(self, client: Any, service: str):
        self._client = client
        self._service = service
        self._keys: dict[str, list[str]] = {}

    def __call__(self, http_response: Any, parsed: Mapping[str, Any], model: Any, **_: Any) -> None:
        if http_response is None or not 200 <= http_response.status_code < 300:
            return
        operation = model.name
        missing = missing_required(self._service, operation, parsed) or missing_result(
            self._result_keys(operation), parsed
        )
        if missing:
            raise AwsError(missing_message(f"AWS {self._service} {operation}", missing))
        unmarked = truncated_without_token(self._pagination(operation), parsed)
        if unmarked:
            raise not_the_api(self._service, operation, unmarked)

    def _result_keys(self, operation: str) -> list[str]:
        if operation not in self._keys:
            method = xform_name(operation)
            keys: list[str] = []
            if self._client.can_paginate(method):
                paginator = self._client.get_paginator(method)
                keys = [key.expression for key in paginator.result_keys or ()]
            self._keys[operation] = keys
        return self._keys[operation]

    def _pagination(self, operation: str) -> Mapping[str, Any]:
        """botocore's pagination model of ``operation`` (empty for a call without one)."""
        return _pagination_model(self._client.meta.service_model.service_name, operation)


@functools.cache
def _pagination_model(service: str, operation: str) -> Mapping[str, Any]:
    """botocore's own pagination model of an operation (``more_results``, ``output_token``)."""
    try:
        return core_session().get_paginator_model(service).get_paginator(operation)
    except (UnknownServiceError, DataNotFoundError, ValueError):
        return {}


def truncated_without_token(pagination: Mapping[str, Any], page: Mapping[str, Any]) -> str | None:
    """What is wrong with a page whose flag says more follow (IAM's ``IsTruncated``) but that
    gives no token to ask for them: botocore would stop there, and the list read as complete.
    ``None`` for a page that is not such."""
    flag = pagination.get("more_results")
    tokens = pagination.get("output_token")
    if not flag or not tokens:
        return None
    if _at(page, flag) is not True:
        return None
    names = [tokens] if isinstance(tokens, str) else list(tokens)
    if any(_at(page, name) for name in names):
        return None
    return f"its answer says {flag} but gives no {' or '.join(names)} to read the rest"
