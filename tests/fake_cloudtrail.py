"""A fake CloudTrail on localhost: ``LookupEvents`` of the event history, as the API describes it.

moto's CloudTrail has no event history to look up, so the tests start this server and point
boto3 at it through ``AWS_ENDPOINT_URL_CLOUDTRAIL``, the standard variable: the product code runs
unchanged. CloudTrail speaks ``awsJson1_1`` (``POST /`` with
``X-Amz-Target: CloudTrail_20131101.LookupEvents``); timestamps travel as epoch seconds.

What the API reference says and this fake does: one lookup attribute per request (more is
``InvalidLookupAttributesException``), ``MaxResults`` at most 50, ``NextToken`` pages, events
between ``StartTime`` and ``EndTime`` newest first, each record with ``CloudTrailEvent`` (the
whole event as JSON text). Events may come from a list or from a generator function (index ->
event), so a test of 10,000 events holds none of them. Each request is recorded with the time of
the test's clock, so the pacing can be checked without waiting.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from local_endpoint import ApiError, JsonHandler, LocalServer

ACCOUNT = "123456789012"
TARGET = "CloudTrail_20131101."
MAX_RESULTS = 50


def record(event: dict[str, Any]) -> dict[str, Any]:
    """The ``LookupEvents`` record of a CloudTrail event (``eventID``, ``eventName``, …)."""
    when = datetime.strptime(event["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    identity = event.get("userIdentity", {})
    return {
        "EventId": event["eventID"],
        "EventName": event["eventName"],
        "ReadOnly": "false",
        "AccessKeyId": identity.get("accessKeyId", ""),
        "EventTime": when.timestamp(),
        "EventSource": event.get("eventSource", "sagemaker.amazonaws.com"),
        "Username": identity.get("userName", ""),
        "Resources": [],
        "CloudTrailEvent": json.dumps(event),
    }


@dataclass
class FakeCloudTrail:
    """The event history of one account, and the requests received.

    Attributes:
        events: CloudTrail events (JSON objects), any order; or ``generated`` instead.
        generated: ``(event name, count, index -> event)``: the events of that name, made on
            request, newest first, never stored (the lookups of other names find none).
        clock: the test's clock; each request records its time.
        requests: ``(time, region, request body)`` of every request, in order.
        ignore_filter: answer every lookup with every event, as a careless endpoint would.
        throttle: how many of the next requests get ``ThrottlingException`` (CloudTrail's answer
            beyond its rate).
        junk: answer with an HTML page instead of the API's JSON, as a proxy would.
    """

    events: list[dict[str, Any]] = field(default_factory=list)
    generated: tuple[str, int, Callable[[int], dict[str, Any]]] | None = None
    clock: Callable[[], float] = lambda: 0.0
    requests: list[tuple[float, str, dict]] = field(default_factory=list)
    ignore_filter: bool = False
    throttle: int = 0
    junk: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def lookup_events(self, body: dict[str, Any], region: str) -> dict[str, Any]:
        with self.lock:
            self.requests.append((self.clock(), region, body))
            if self.throttle > 0:
                self.throttle -= 1
                raise ApiError("ThrottlingException", "Rate exceeded")
        attributes = body.get("LookupAttributes") or []
        if len(attributes) > 1:
            raise ApiError("InvalidLookupAttributesException", "only one attribute is allowed")
        size = body.get("MaxResults", MAX_RESULTS)
        if not 1 <= size <= MAX_RESULTS:
            raise ApiError("InvalidMaxResultsException", "MaxResults must be 1 to 50")
        start = int(body.get("NextToken") or 0)
        if self.generated is not None:
            name, count, make = self.generated
            if attributes and attributes[0]["AttributeValue"] != name:
                count = 0
            chosen = [make(i) for i in range(start, min(start + size, count))]
            more = start + size < count
        else:
            matching = [e for e in self._sorted() if self._matches(e, attributes, body)]
            chosen, more = matching[start : start + size], start + size < len(matching)
        answer: dict[str, Any] = {"Events": [record(e) for e in chosen]}
        if more:
            answer["NextToken"] = str(start + size)
        return answer

    def _sorted(self) -> list[dict[str, Any]]:
        return sorted(self.events, key=lambda e: e["eventTime"], reverse=True)

    def _matches(self, event: dict, attributes: list, body: dict) -> bool:
        when = datetime.strptime(event["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        epoch = when.replace(tzinfo=UTC).timestamp()
        if "StartTime" in body and epoch < body["StartTime"]:
            return False
        if "EndTime" in body and epoch > body["EndTime"]:
            return False
        if self.ignore_filter or not attributes:
            return True
        key, value = attributes[0]["AttributeKey"], attributes[0]["AttributeValue"]
        if key != "EventName":
            raise ApiError(
                "InvalidLookupAttributesException", f"the fake knows EventName, not {key}"
            )
        return event["eventName"] == value


class _Handler(JsonHandler):
    fake: FakeCloudTrail

    def do_POST(self) -> None:
        if not self.fake.junk:
            super().do_POST()
            return
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        page = b"<html><body>Sign in to the proxy</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def answer(self, target: str, body: dict[str, Any]) -> dict[str, Any]:
        # botocore's model sends the service's full target prefix
        # (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101); both spellings are CloudTrail's.
        if not target.endswith(TARGET + "LookupEvents"):
            raise ApiError("UnknownOperationException", f"unknown operation {target}")
        credential = self.headers.get("Authorization", "")
        region = credential.split("Credential=", 1)[-1].split("/")[2] if "/" in credential else ""
        return self.fake.lookup_events(body, region)


class FakeCloudTrailServer(LocalServer):
    """``FakeCloudTrail`` served on a free localhost port."""

    def __init__(self, fake: FakeCloudTrail):
        super().__init__(_Handler, fake)
