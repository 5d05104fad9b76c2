"""Reading CloudTrail's event history: ``LookupEvents``, page by page, at its documented rate.

CloudTrail allows ``LookupEvents`` 2 requests per second per account and region, and throttles
beyond. ``Pacer`` spaces every HTTP request the CloudTrail clients send (botocore's retries
included: it hooks ``before-send``) at least ``1 / rate`` seconds apart, so a long read neither
trips the limit nor leans on the retries; a throttled request is still retried by botocore's
standard mode, as every other command's calls are. The clock and the sleep are parameters, so
a test checks the pacing without waiting.

Pages are yielded as they arrive and each record as its page is read: nothing is held beyond
the page being read (50 events at most).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from components.activity.events import PAGE_SIZE
from components.aws.client.errors import AwsError
from components.aws.client.session import Aws

#: ``LookupEvents``' documented limit: requests per second, per account and region.
REQUESTS_PER_SECOND = 2.0


@dataclass
class Pacer:
    """Spaces requests at least ``1 / rate`` seconds apart.

    Attributes:
        rate: requests per second at most.
        clock: seconds, monotonic (``time.monotonic``).
        sleep: waits that many seconds (``time.sleep``).
        requests: the requests paced so far.
        waited: the seconds spent waiting.
    """

    rate: float = REQUESTS_PER_SECOND
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    waited: float = 0.0
    _last: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, **_: Any) -> None:
        """Block until the next request may go (a botocore ``before-send`` handler: returning
        ``None`` lets the request through)."""
        with self._lock:
            now = self.clock()
            if self._last is not None:
                due = self._last + 1.0 / self.rate
                if due > now:
                    self.sleep(due - now)
                    self.waited += due - now
                    now = due
            self._last = now
            self.requests += 1


def default_pacer() -> Pacer:
    """The pacer of a command run: ``LookupEvents``' documented rate, the real clock."""
    return Pacer()


@dataclass(frozen=True)
class Lookup:
    """One filtered read: an event name in a region."""

    region: str
    event_name: str


class EventReader:
    """Reads filtered pages of the event history, in any region, through one ``Pacer``.

    Args:
        aws: the session of the stack's region; other regions use the same credentials.
        pacer: spaces every request (one pacer for every region: the limit is per region, so
            this is never faster than allowed).
    """

    def __init__(self, aws: Aws, pacer: Pacer):
        self._aws = aws
        self._pacer = pacer
        self._regions: dict[str, Aws] = {}

    @property
    def pages(self) -> int:
        """The requests sent so far (each returns one page)."""
        return self._pacer.requests

    def records(self, lookup: Lookup, start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
        """Every record of ``lookup`` between ``start`` and ``end``, newest first, page by page.

        Raises:
            AwsError: a request failed after botocore's retries.
        """
        pages = self._in(lookup.region).pages(
            "cloudtrail",
            "lookup_events",
            page_size=PAGE_SIZE,
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": lookup.event_name}],
            StartTime=start,
            EndTime=end,
        )
        for page in pages:
            events = page.get("Events")
            if not isinstance(events, list):  # a 200 that is not CloudTrail's answer
                raise AwsError(
                    "AWS cloudtrail LookupEvents: the endpoint's answer has no Events list, so "
                    "it is probably not the AWS API. Check the network and the region; an "
                    "AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_CLOUDTRAIL in the environment "
                    "redirects the calls"
                )
            yield from (e for e in events if isinstance(e, dict))

    def _in(self, region: str) -> Aws:
        if region not in self._regions:
            aws = self._aws if region == self._aws.region else self._aws.in_region(region)
            client = aws.client("cloudtrail")
            client.meta.events.register("before-send.cloudtrail.LookupEvents", self._pacer.wait)
            self._regions[region] = aws
        return self._regions[region]
