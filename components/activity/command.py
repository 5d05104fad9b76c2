"""``activity``: read the window's events, attribute each, and return the report's data.

The reads come in an order that lets one pass attribute everything: first the federated
sign-ins (their session tags name the people of later sessions), then ``CreateSpace`` (a
space's owner), then the other Studio events and the guarded changes. Each record is read,
attributed, counted and forgotten; an event met twice (the same id in two reads) is counted
once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from components import kinds
from components.activity import lookup as lookups
from components.activity.callers import Sessions, attribute_caller
from components.activity.events import (
    FEDERATION_EVENTS,
    IAM_CHANGES,
    SAGEMAKER_CHANGES,
    STUDIO_EVENTS,
    global_region,
    read_event,
)
from components.activity.lookup import EventReader, Lookup, Pacer
from components.activity.people import People, read_people
from components.activity.tally import PersonActivity, Tally
from components.activity.targets import Spaces, find_target
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.roster.users import UserSpec, load_roster

#: How far back CloudTrail's event history goes.
HISTORY_DAYS = 90


@dataclass(frozen=True)
class ActivityReport:
    """What ``activity`` found, for the CLI to render.

    Attributes:
        start, end: the window read.
        unused_days: the ``--unused-days`` asked for.
        unused: active people without use in the last ``unused_days``, or ``None`` when the
            window is shorter than that (not judged).
        notes: what the reader should know about the read (history limits, lookups that failed).
    """

    domain_id: str
    region: str
    start: datetime
    end: datetime
    unused_days: int
    tally: Tally
    unused: list[PersonActivity] | None
    requests: int
    notes: tuple[str, ...]


def run_activity(
    settings: Settings,
    *,
    since: datetime,
    now: datetime,
    unused_days: int,
    source: str,
    pacer: Pacer | None = None,
) -> ActivityReport:
    """Read CloudTrail for the stack's domain from ``since`` to ``now``.

    Raises:
        InputError: users/ is invalid, or the stack names no domain.
        AwsError: a CloudTrail request failed.
    """
    from components.aws.client.session import connect

    if not settings.domain_id:
        raise InputError([Problem(source, 0, 0, "activity needs the stack's domainId")])
    users = load_roster(settings.users_dir, settings).users
    aws, settings = connect(settings)
    people = read_people(users, settings, _user_id_resolver(aws, settings, users))
    reader = EventReader(aws, pacer or lookups.default_pacer())
    tally = Tally({u.id: PersonActivity(u.id, u.active) for u in users})
    for record in _records(reader, settings, since, now, people):
        tally.add(*record)
    tally.done()
    judged = now - since >= timedelta(days=unused_days)
    return ActivityReport(
        domain_id=settings.domain_id or "",
        region=aws.region,
        start=since,
        end=now,
        unused_days=unused_days,
        tally=tally,
        unused=tally.unused(now, unused_days) if judged else None,
        requests=reader.pages,
        notes=_notes(since, now, unused_days, judged, people),
    )


def _records(
    reader: EventReader, settings: Settings, since: datetime, now: datetime, people: People
) -> Iterator[tuple]:
    """Each event of the window once, with its caller and target; the sign-ins and the spaces'
    creations are read first and remembered."""
    seen: set[str] = set()
    sessions, spaces = Sessions(), Spaces()
    for lookup in _plan(settings, aws_region=settings.region or ""):
        for record in reader.records(lookup, since, now):
            event = read_event(record)
            if event.readable and event.name != lookup.event_name:
                continue  # an endpoint that ignored the filter: the event has its own read
            if lookup.event_name in FEDERATION_EVENTS:
                sessions.add(event, people)
                continue
            if event.id in seen:
                continue
            seen.add(event.id)
            if event.name == "CreateSpace":
                spaces.add(event, people.domain_id)
            yield (
                event,
                attribute_caller(event, people, sessions),
                find_target(event, people, spaces),
            )


def _plan(settings: Settings, aws_region: str) -> list[Lookup]:
    """The reads, in the order that attributes everything in one pass."""
    home, world = aws_region, global_region(settings.partition)
    plan: list[Lookup] = []
    if kinds.sign_in_roles(settings):  # a shared sign-in: the identity provider's events
        regions = dict.fromkeys((home, world))
        plan += [Lookup(r, name) for name in FEDERATION_EVENTS for r in regions]
    studio = ("CreateSpace", *(n for n in STUDIO_EVENTS if n != "CreateSpace"))
    plan += [Lookup(home, name) for name in (*studio, *SAGEMAKER_CHANGES)]
    plan += [Lookup(world, name) for name in IAM_CHANGES]
    return plan


def _user_id_resolver(aws, settings: Settings, users: Sequence[UserSpec]):
    """Looks up the directory ids of the Identity Center people, when an event needs them."""

    def resolve() -> Mapping[str, str]:
        from components.aws.read.application_assignments import connect_identity_center, user_id

        directory = connect_identity_center(aws, settings)
        found: dict[str, str] = {}
        for user in users:
            name = kinds.kind_of(user.principal.kind).directory_user_name(user.principal)
            directory_id = user_id(directory, settings, name) if name else None
            if directory_id:
                found[directory_id] = user.id
        return found

    return resolve if settings.identity_store_id else None


def _notes(
    since: datetime, now: datetime, unused_days: int, judged: bool, people: People
) -> tuple[str, ...]:
    notes = []
    if now - since > timedelta(days=HISTORY_DAYS):
        notes.append(
            f"CloudTrail's event history keeps {HISTORY_DAYS} days: events before "
            f"{(now - timedelta(days=HISTORY_DAYS)):%Y-%m-%d} are not in it (read an "
            "organization trail with Athena instead, docs/aws-commands.md)"
        )
    if not judged:
        notes.append(
            f"unused access not judged: the window is shorter than --unused-days {unused_days}"
        )
    if people.lookup_problem:
        notes.append(people.lookup_problem)
    return tuple(notes)
