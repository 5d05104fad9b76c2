"""What ``activity`` reads from CloudTrail, and how one event's fields are read.

``LookupEvents`` filters by one attribute per request, so the command asks for each event name
in turn (``EventName``): a handful of requests when nothing happened, never a read of every
SageMaker call (Studio's UI polls ``Describe*`` and ``List*`` all day). IAM is a global service:
CloudTrail's event history keeps its events in the partition's first region (``us-east-1`` for
``aws``), so the IAM names are read there; STS records a sign-in in the region of the endpoint
called, so the federation names are read in both.

A record of the event history carries the whole CloudTrail event as JSON text
(``CloudTrailEvent``): ``userIdentity`` (who), ``requestParameters`` (on what), ``errorCode``
(``AccessDenied`` when a guard stopped it), ``sourceIPAddress`` and ``userAgent``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: Studio's sign-in, remote IDE sessions, apps and spaces: CloudTrail management events.
SIGN_IN = "CreatePresignedDomainUrl"
SESSION = "StartSession"
APP_START = "CreateApp"
STUDIO_EVENTS = (
    SIGN_IN,
    SESSION,
    APP_START,
    "DeleteApp",
    "CreateSpace",
    "UpdateSpace",
    "DeleteSpace",
)
#: What counts as using one's access: a sign-in, a session, an app started (people of an
#: Identity Center domain never call the sign-in API; their apps still start).
USE_EVENTS = (SIGN_IN, SESSION, APP_START)
#: The guarded tag and trust changes: SageMaker's ``AddTags`` in the stack's region, IAM's in
#: the global region.
SAGEMAKER_CHANGES = ("AddTags",)
IAM_CHANGES = ("TagUser", "TagRole", "UpdateAssumeRolePolicy")
#: The sign-ins of a federated session, whose session tags (and source identity) name its person.
FEDERATION_EVENTS = ("AssumeRoleWithSAML", "AssumeRoleWithWebIdentity")
#: Error codes of a request a policy refused.
DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "Client.UnauthorizedOperation",
    }
)
#: The largest page ``LookupEvents`` returns (``MaxResults``).
PAGE_SIZE = 50

#: The region whose event history holds a partition's global (IAM) events.
GLOBAL_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


@dataclass(frozen=True)
class Event:
    """One CloudTrail event, as much of it as the report uses.

    Attributes:
        id: ``eventID``, unique per event (the same event is never counted twice).
        name: ``eventName``.
        time: when it happened (``eventTime``).
        identity: ``userIdentity``, as CloudTrail recorded it.
        parameters: ``requestParameters`` (empty when CloudTrail recorded none).
        response: ``responseElements`` (empty when none).
        error: ``errorCode``, or ``None`` for a request that succeeded.
        source_ip: ``sourceIPAddress``.
        user_agent: ``userAgent``.
        additional: ``additionalEventData`` (Identity Center's sign-ins name the user there).
        readable: ``False`` when ``CloudTrailEvent`` was not a JSON object (then only the
            record's own fields are known, and the event is reported as unattributed).
    """

    id: str
    name: str
    time: datetime | None
    identity: dict[str, Any]
    parameters: dict[str, Any]
    response: dict[str, Any]
    error: str | None
    source_ip: str
    user_agent: str
    readable: bool = True
    additional: dict[str, Any] = field(default_factory=dict)

    @property
    def denied(self) -> bool:
        """Whether a policy refused the request."""
        return self.error in DENIED_CODES

    def parameter(self, *names: str) -> str | None:
        """The first of ``names`` among the request's parameters (as text), else ``None``.

        CloudTrail spells SageMaker's parameters in lower camel case (``userProfileName``); the
        API's own spelling (``UserProfileName``) is accepted too.
        """
        for name in names:
            for spelling in (name, name[:1].upper() + name[1:]):
                value = self.parameters.get(spelling)
                if isinstance(value, str) and value:
                    return value
        return None


def read_event(record: dict[str, Any]) -> Event:
    """The ``Event`` of one ``LookupEvents`` record (``Events[]``)."""
    text = record.get("CloudTrailEvent")
    try:
        body = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        body = None
    readable = isinstance(body, dict)
    body = body if isinstance(body, dict) else {}
    time = record.get("EventTime")
    return Event(
        id=str(body.get("eventID") or record.get("EventId") or ""),
        name=str(body.get("eventName") or record.get("EventName") or ""),
        time=time if isinstance(time, datetime) else None,
        identity=_mapping(body.get("userIdentity")),
        parameters=_mapping(body.get("requestParameters")),
        response=_mapping(body.get("responseElements")),
        error=body.get("errorCode") if isinstance(body.get("errorCode"), str) else None,
        source_ip=str(body.get("sourceIPAddress") or ""),
        user_agent=str(body.get("userAgent") or ""),
        readable=readable,
        additional=_mapping(body.get("additionalEventData")),
    )


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def nested(mapping: dict[str, Any], *path: str) -> str | None:
    """The text at ``path`` inside nested mappings, else ``None``."""
    value: object = mapping
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) and value else None


def global_region(partition: str) -> str:
    """The region whose event history holds IAM's events in ``partition``."""
    return GLOBAL_REGIONS.get(partition, "us-east-1")
