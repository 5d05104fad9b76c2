"""``activity`` at scale: 10,000 events over 200 pages, all read and paced, in flat memory.

The fake CloudTrail makes each page's events when it is asked for them, so the only memory that
grows with the number of events is the command's own; ``tracemalloc`` measures it for 100 and
for 2,000 events. The pacer runs on a test clock: the requests are spaced as CloudTrail's
limit requires (2 per second) without the test waiting for it.
"""

from __future__ import annotations

import itertools
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest
from aws_env import DOMAIN, REGION
from fake_cloudtrail import ACCOUNT, FakeCloudTrail, FakeCloudTrailServer
from test_aws_activity import FakeClock

from components.activity.command import run_activity
from components.activity.events import IAM_CHANGES, SAGEMAKER_CHANGES, STUDIO_EVENTS
from components.activity.lookup import Pacer
from components.roster.stack_files import load_stack_settings

pytest_plugins = ("aws_fixtures",)

NOW = datetime.now(UTC).replace(microsecond=0)
ALICE = f"arn:aws:iam::{ACCOUNT}:user/studio-access/alice/alice"
OUTSIDER = f"arn:aws:iam::{ACCOUNT}:user/mallory"


def app_start(index: int) -> dict:
    """The ``index``-th newest ``CreateApp``: alice's, every 10th an outsider's, every 100th
    denied on bob's profile."""
    arn = OUTSIDER if index % 10 == 0 else ALICE
    body = {
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser",
            "arn": arn,
            "accountId": ACCOUNT,
            "principalId": "AIDAEXAMPLE",
            "userName": arn.rsplit("/", 1)[-1],
        },
        "eventTime": (NOW - timedelta(seconds=60 + index)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "sagemaker.amazonaws.com",
        "eventName": "CreateApp",
        "awsRegion": REGION,
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0",
        "requestParameters": {
            "domainId": DOMAIN,
            "userProfileName": "bob" if index % 100 == 0 else "alice",
            "appType": "JupyterLab",
            "appName": f"app-{index}",
            "resourceSpec": {"instanceType": "ml.t3.medium"},
        },
        "responseElements": {
            "appArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:app/{DOMAIN}/alice/jupyterlab/app-{index}"
        },
        "requestID": f"r-{index:08d}",
        "eventID": f"e-{index:08d}",
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
    }
    if index % 100 == 0:
        body["errorCode"] = "AccessDenied"
    return body


@pytest.fixture
def stack(project, aws_env, monkeypatch):
    project.user("alice")
    project.user("bob")
    fake = FakeCloudTrail()
    with FakeCloudTrailServer(fake) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDTRAIL", server.url)
        yield fake


def _run(fake: FakeCloudTrail, count: int, measure: bool = False):
    clock = FakeClock()
    fake.clock = clock
    fake.requests.clear()
    fake.generated = ("CreateApp", count, app_start)
    settings = load_stack_settings("test")
    if measure:
        tracemalloc.start()
    try:
        report = run_activity(
            settings,
            since=NOW - timedelta(days=90),
            now=NOW,
            unused_days=90,
            source="Pulumi.test.yaml",
            pacer=Pacer(clock=clock, sleep=clock.sleep),
        )
        _, peak = tracemalloc.get_traced_memory() if measure else (0, 0)
    finally:
        tracemalloc.stop()
    return report, peak, clock


def test_ten_thousand_events_over_two_hundred_pages_all_read_and_paced(stack):
    report, _, clock = _run(stack, 10_000)
    pages = [
        body
        for _, _, body in stack.requests
        if body["LookupAttributes"][0]["AttributeValue"] == "CreateApp"
    ]
    assert len(pages) == 200 and all(body["MaxResults"] == 50 for body in pages)
    assert report.tally.events == report.tally.counted == 10_000
    alice = report.tally.people["alice"]
    assert alice.apps_started == 9_000 and sum(alice.events.values()) == 9_000
    (outsider,) = report.tally.unattributed.values()
    assert len(outsider.event_ids) == 1_000 and outsider.denied == 100
    assert len(report.tally.denied) == 100
    # every request paced: 2 per second, 200 pages plus one per other event name
    lookups = 200 + len(STUDIO_EVENTS) - 1 + len(SAGEMAKER_CHANGES) + len(IAM_CHANGES)
    assert report.requests == len(stack.requests) == lookups
    times = [t for t, _, _ in stack.requests]
    assert all(b - a >= 0.5 - 1e-9 for a, b in itertools.pairwise(times))
    assert clock.now - 1000.0 == pytest.approx((lookups - 1) * 0.5)


def test_memory_stays_flat_as_the_events_grow(stack):
    """Each event is counted and forgotten: 20 times the events (40 pages) cost next to nothing
    more. Measured with ``tracemalloc``, which slows every allocation, so on 2,000 events."""
    small, small_peak, _ = _run(stack, 100, measure=True)
    large, peak, _ = _run(stack, 2_000, measure=True)
    assert (small.tally.events, large.tally.events) == (100, 2_000)
    growth = peak - small_peak
    print(f"{growth / 1e6:.2f} MB more for 2,000 events than for 100")
    assert growth < 4 * 1024 * 1024, f"{growth / 1e6:.1f} MB more for 2,000 events"
