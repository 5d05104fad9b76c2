"""One configured way into AWS: boto3's standard configuration, counted calls, clear errors.

Nothing here is specific to a test or an environment: credentials come from boto3's default
chain (environment, ``AWS_PROFILE``, SSO, web identity, container and instance roles), the region
from the stack's ``aws:region`` or the environment, endpoints from boto3's own configuration (so
``AWS_ENDPOINT_URL`` and ``AWS_ENDPOINT_URL_<SERVICE>`` redirect calls without a line of code
here), and retries from botocore's ``standard`` mode. Every call and every page goes through
``Aws.call`` or ``Aws.pages``, which count it and turn any failure into an ``AwsError``; an answer
that is not the service's protocol is such a failure (``protocol``), an ``AWS_*`` setting boto3
cannot use a usage error (``environment``), and no call starts after the command's overall
deadline (``deadline``).

Every call is bounded in time: an endpoint that accepts a connection and never answers fails
after ``attempts × (connect + read timeout)`` plus botocore's backoff, under a minute with the
defaults, instead of botocore's 60 s read timeout per attempt. The attempts follow boto3's own
``AWS_MAX_ATTEMPTS`` (or ``max_attempts`` in the AWS config file); boto3 has no setting for the
timeouts, so ``STUDIO_ACCESS_AWS_CONNECT_TIMEOUT`` and ``STUDIO_ACCESS_AWS_READ_TIMEOUT``
(seconds) set them (docs/aws-commands.md).
"""

from __future__ import annotations

import contextvars
import dataclasses
import os
import threading
from collections.abc import Iterator, Sequence
from typing import Any, overload

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ConfigParseError, ProfileNotFound

from components.aws.client import deadline
from components.aws.client.counter import CallCounter
from components.aws.client.environment import CONFIG_ERRORS, check_environment, config_error
from components.aws.client.errors import CALL_ERRORS, AwsError, error_code, no_region, translate
from components.aws.client.models import core_session
from components.aws.client.protocol import (
    GuardedParserFactory,
    ParsedCheck,
    answer,
    check_response,
)
from components.core.problems import UsageError
from components.core.settings.stack import Settings

#: Seconds to open a connection, and to wait for each read of an answer.
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 15.0
#: The environment variables that change them (boto3 itself has none for timeouts).
CONNECT_TIMEOUT_ENV = "STUDIO_ACCESS_AWS_CONNECT_TIMEOUT"
READ_TIMEOUT_ENV = "STUDIO_ACCESS_AWS_READ_TIMEOUT"


def client_config() -> Config:
    """botocore's standard retry mode (backoff with jitter, throttling retried), bounded timeouts.

    ``max_attempts`` is left to boto3 (``AWS_MAX_ATTEMPTS``, default 3 in standard mode).

    Raises:
        UsageError: a timeout variable that is not a positive number of seconds.
    """
    return Config(
        connect_timeout=_seconds(CONNECT_TIMEOUT_ENV, CONNECT_TIMEOUT),
        read_timeout=_seconds(READ_TIMEOUT_ENV, READ_TIMEOUT),
        retries={"mode": "standard"},
        user_agent_extra="studio-access",
    )


def _seconds(variable: str, default: float) -> float:
    text = os.environ.get(variable)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise UsageError(f"{variable}={text!r} is not a positive number of seconds")
    return value


#: boto3's name of a service whose IAM prefix differs: callers, counts and messages use the
#: prefix a policy grants (``tag:GetResources``).
BOTO3_NAMES = {"tag": "resourcegroupstaggingapi", "access-analyzer": "accessanalyzer"}


#: The call this thread made last, ``(service, operation)``: ``Aws.explain`` names it.
_CALLING: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "studio_access_aws_calling", default=("(unknown)", "(call)")
)


class Aws:
    """Clients of one boto3 session, created once per service and shared by threads.

    Attributes:
        region: the region every regional client calls.
        calls: the tally of every call made through this object (and the sessions it assumes).
    """

    def __init__(self, session: boto3.Session, region: str, calls: CallCounter | None = None):
        self._session = session
        self.region = region
        self.calls = calls or CallCounter()
        self._config = client_config()
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str) -> Any:
        """The boto3 client of ``service`` (``sagemaker``, ``iam``, ``sts``, ``organizations``, ``tag``)."""
        with self._lock:  # a boto3 session is not thread-safe; its clients are
            if service not in self._clients:
                try:
                    client = self._session.client(
                        BOTO3_NAMES.get(service, service),
                        region_name=self.region,
                        config=self._config,
                    )
                except CONFIG_ERRORS as error:
                    raise config_error(error) from None
                except BotoCoreError as error:
                    raise translate(error, service, "(client)") from None
                self._guard(client, service)
                self._clients[service] = client
            return self._clients[service]

    def _guard(self, client: Any, service: str) -> None:
        """Every call of ``client``, however it is made: named for errors, counted, within the
        deadline, its answer checked before and after botocore parses it (``protocol``)."""

        def calling(model: Any, **_: Any) -> None:
            _CALLING.set((service, model.name))

        def in_time(model: Any, **_: Any) -> None:
            deadline.check(f"AWS {service} {model.name}")

        client.meta.events.register("before-parameter-build", calling)
        self.calls.attach(client, service)
        client.meta.events.register("before-call", in_time)
        client.meta.events.register("before-parse", check_response)
        client.meta.events.register("after-call", ParsedCheck(client, service))

    def explain(self, error: Exception) -> AwsError:
        """The ``AwsError`` of a failure of the call this thread made last through a client of
        this object (for code that calls the clients itself, such as the meter's)."""
        service, operation = _CALLING.get()
        return translate(error, service, operation)

    @overload
    def call(
        self, service: str, method: str, tolerate: Sequence[str], **params: Any
    ) -> dict[str, Any] | None: ...
    @overload
    def call(self, service: str, method: str, **params: Any) -> dict[str, Any]: ...

    def call(
        self, service: str, method: str, tolerate: Sequence[str] = (), **params: Any
    ) -> dict[str, Any] | None:
        """Call ``method`` (``describe_domain``) of ``service``; ``None`` for a tolerated error code.

        Raises:
            AwsError: for any other failure, with what to do about it.
        """
        client = self.client(service)
        operation = _operation(client, method)
        where = f"AWS {service} {operation}"
        try:
            response = getattr(client, method)(**params)
        except CALL_ERRORS as error:
            if error_code(error) in tolerate:
                return None
            raise translate(error, service, operation) from None
        return answer(response, where)

    def pages(
        self, service: str, method: str, page_size: int | None = None, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Every page of a paginated list, through boto3's paginator for ``method``.

        Raises:
            AwsError: for any failure, on whichever page it happens.
        """
        client = self.client(service)
        operation = _operation(client, method)
        where = f"AWS {service} {operation}"
        config = {"PageSize": page_size} if page_size else {}
        paginator = client.get_paginator(method)
        try:
            for page in paginator.paginate(**params, PaginationConfig=config):
                yield answer(page, where)
                deadline.check(where)
        except CALL_ERRORS as error:
            raise translate(error, service, operation) from None

    def items(
        self, service: str, method: str, key: str, page_size: int | None = None, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Every item under ``key`` of every page."""
        for page in self.pages(service, method, page_size, **params):
            yield from page.get(key, [])

    def in_region(self, region: str) -> Aws:
        """An ``Aws`` of the same credentials calling ``region`` (Identity Center's, say),
        counting into the same tally."""
        return Aws(self._session, region, self.calls)

    def assume(self, role_arn: str, session_name: str) -> Aws:
        """An ``Aws`` acting as ``role_arn`` (sts:AssumeRole), counting into the same tally."""
        response = self.call("sts", "assume_role", RoleArn=role_arn, RoleSessionName=session_name)
        credentials = response["Credentials"]
        session = _boto3_session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name=self.region,
        )
        return Aws(session, self.region, self.calls)


def connect(settings: Settings) -> tuple[Aws, Settings]:
    """Open a session for the stack and return it with the settings of the region it calls.

    The region is the stack's ``aws:region``, else ``AWS_REGION`` or ``AWS_DEFAULT_REGION``
    (``Settings.region`` already holds that), else the region of the AWS profile in use. When it
    came from the profile, the settings are returned with it, so ARNs get its partition.

    Raises:
        AwsError: no region at all.
        UsageError: an ``AWS_*`` setting boto3 cannot use, an AWS profile that does not exist.
    """
    check_environment()
    session = _open(settings.region)
    region: str | None = settings.region or session.region_name
    if not region:
        raise no_region()
    if region != settings.region:
        settings = dataclasses.replace(settings, region=region)
    return Aws(session, region), settings


def regional(region: str) -> Aws:
    """An ``Aws`` calling ``region``, for commands without a stack's settings (the meter's).

    Raises:
        UsageError: an ``AWS_*`` setting boto3 cannot use.
        AwsError: the session cannot be opened.
    """
    check_environment()
    return Aws(_open(region), region)


def _open(region: str | None) -> boto3.Session:
    """boto3's session of the standard configuration, its answers parsed by ``GuardedParser``.

    An AWS profile that does not exist or a config file that does not parse is a mistake in how
    the command was run (exit 2), named by the variable that chose it.
    """
    try:
        return _boto3_session(region_name=region)
    except ProfileNotFound as error:
        raise UsageError(
            f"AWS_PROFILE: {error}; name a profile of the AWS config file or unset it"
        ) from None
    except ConfigParseError as error:
        raise UsageError(f"AWS_CONFIG_FILE: {error}; fix the file or point elsewhere") from None
    except BotoCoreError as error:
        raise AwsError(f"cannot open an AWS session: {error}") from None


def _boto3_session(**arguments: Any) -> boto3.Session:
    core = core_session()
    core.register_component("response_parser_factory", GuardedParserFactory())
    return boto3.Session(botocore_session=core, **arguments)


def _operation(client: Any, method: str) -> str:
    """The API name of a client method: ``list_user_profiles`` is ``ListUserProfiles``."""
    return client.meta.method_to_api_mapping.get(method, method)
