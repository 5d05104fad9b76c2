"""One configured way into AWS: boto3's standard configuration, counted calls, clear errors.

Nothing here is specific to a test or an environment: credentials come from boto3's default
chain (environment, ``AWS_PROFILE``, SSO, web identity, container and instance roles), the region
from the stack's ``aws:region`` or the environment, endpoints from boto3's own configuration (so
``AWS_ENDPOINT_URL`` and ``AWS_ENDPOINT_URL_<SERVICE>`` redirect calls without a line of code
here), and retries from botocore's ``standard`` mode. Every call and every page goes through
``Aws.call`` or ``Aws.pages``, which count it and turn any failure into an ``AwsError``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ..roster.settings import Settings
from .counter import CallCounter
from .errors import AwsError, error_code, no_region, translate

#: botocore's standard retry mode: exponential backoff with jitter, throttling retried.
CLIENT_CONFIG = Config(retries={"mode": "standard"}, user_agent_extra="studio-access")


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
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str) -> Any:
        """The boto3 client of ``service`` (``sagemaker``, ``iam``, ``sts``, ``organizations``)."""
        with self._lock:  # a boto3 session is not thread-safe; its clients are
            if service not in self._clients:
                try:
                    client = self._session.client(
                        service, region_name=self.region, config=CLIENT_CONFIG
                    )
                except BotoCoreError as error:
                    raise translate(error, service, "(client)") from None
                self.calls.attach(client, service)
                self._clients[service] = client
            return self._clients[service]

    def call(
        self, service: str, method: str, tolerate: Sequence[str] = (), **params: Any
    ) -> dict[str, Any] | None:
        """Call ``method`` (``describe_domain``) of ``service``; ``None`` for a tolerated error code.

        Raises:
            AwsError: for any other failure, with what to do about it.
        """
        client = self.client(service)
        try:
            return getattr(client, method)(**params)
        except ClientError as error:
            if error_code(error) in tolerate:
                return None
            raise translate(error, service, _operation(client, method)) from None
        except BotoCoreError as error:
            raise translate(error, service, _operation(client, method)) from None

    def pages(
        self, service: str, method: str, page_size: int | None = None, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Every page of a paginated list, through boto3's paginator for ``method``.

        Raises:
            AwsError: for any failure, on whichever page it happens.
        """
        client = self.client(service)
        config = {"PageSize": page_size} if page_size else {}
        try:
            yield from client.get_paginator(method).paginate(**params, PaginationConfig=config)
        except (ClientError, BotoCoreError) as error:
            raise translate(error, service, _operation(client, method)) from None

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
        session = boto3.Session(
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
        AwsError: no region at all, or an AWS profile that does not exist.
    """
    try:
        session = boto3.Session(region_name=settings.region)
    except BotoCoreError as error:
        raise AwsError(f"cannot open an AWS session: {error}") from None
    region = settings.region or session.region_name
    if not region:
        raise no_region()
    if region != settings.region:
        settings = dataclasses.replace(settings, region=region)
    return Aws(session, region), settings


def _operation(client: Any, method: str) -> str:
    """The API name of a client method: ``list_user_profiles`` is ``ListUserProfiles``."""
    return client.meta.method_to_api_mapping.get(method, method)
