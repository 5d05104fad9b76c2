"""The report, kept as events arrive: what each event adds, and nothing of the event itself.

Memory grows with people, callers, denied attempts and tag or trust changes, never with the
events read: an allowed event of a known person adds one to a counter; an unattributed one adds
its id to its caller's line (never dropped, and short); a denied attempt on someone else's
resource and a change of a guarded tag or trust policy are kept whole, since they are what the
report is for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from components.activity.callers import Caller
from components.activity.events import (
    APP_START,
    IAM_CHANGES,
    SAGEMAKER_CHANGES,
    SESSION,
    SIGN_IN,
    USE_EVENTS,
    Event,
)
from components.activity.targets import Target


@dataclass(frozen=True)
class Request:
    """One request listed whole: a denied attempt on a resource that is not (provably) the
    caller's, or a tag or trust change that went through."""

    time: datetime | None
    event: str
    caller: str
    person: str | None
    how: str
    target: str
    owner: str | None
    source_ip: str
    user_agent: str
    error: str
    event_id: str


@dataclass
class PersonActivity:
    """What one person did in the window."""

    id: str
    active: bool
    last_sign_in: datetime | None = None
    last_used: datetime | None = None
    sign_ins: int = 0
    sessions: int = 0
    apps_started: int = 0
    denied: int = 0
    events: Counter[str] = field(default_factory=Counter)
    via: Counter[str] = field(default_factory=Counter)

    def add(self, event: Event, caller: Caller) -> None:
        self.events[event.name] += 1
        self.via[caller.how] += 1
        if event.denied:
            self.denied += 1
            return
        if event.error:
            return
        if event.name == SIGN_IN:
            self.sign_ins += 1
            self.last_sign_in = _later(self.last_sign_in, event.time)
        elif event.name == SESSION:
            self.sessions += 1
        elif event.name == APP_START:
            self.apps_started += 1
        if event.name in USE_EVENTS:
            self.last_used = _later(self.last_used, event.time)


@dataclass
class Unattributed:
    """Every event of one caller that names no person of users/."""

    caller: str
    how: str
    events: Counter[str] = field(default_factory=Counter)
    denied: int = 0
    last: datetime | None = None
    event_ids: list[str] = field(default_factory=list)


@dataclass
class Tally:
    """The report as it grows.

    Attributes:
        people: every person of users/, in id order, with what they did.
        denied: the denied attempts on what is not the caller's, newest first once ``done``.
        changes: the guarded tag and trust changes that went through (``AddTags`` on the
            domain's resources, ``TagUser``/``TagRole``/``UpdateAssumeRolePolicy`` on managed
            principals), by anyone: the deploy role's are expected, anyone else's are not.
        unattributed: per caller (and reason), the events no rule attributes.
        out_of_scope: events of another domain, IAM changes to principals this stack does not
            manage, by event name: counted, not reported.
        events: how many events were read (in scope or not, each once).
    """

    people: dict[str, PersonActivity]
    denied: list[Request] = field(default_factory=list)
    changes: list[Request] = field(default_factory=list)
    unattributed: dict[tuple[str, str], Unattributed] = field(default_factory=dict)
    out_of_scope: Counter[str] = field(default_factory=Counter)
    events: int = 0
    counted: int = 0

    def add(self, event: Event, caller: Caller, target: Target) -> None:
        """Count ``event``, made by ``caller`` on ``target``."""
        self.events += 1
        if not target.in_scope:
            self.out_of_scope[event.name] += 1
            return
        self.counted += 1
        if caller.person is not None and caller.person in self.people:
            self.people[caller.person].add(event, caller)
        else:
            self._unattributed(event, caller)
        if event.denied and (target.owner is None or target.owner != caller.person):
            self.denied.append(_request(event, caller, target))
        elif not event.error and event.name in _CHANGES:
            self.changes.append(_request(event, caller, target))

    def _unattributed(self, event: Event, caller: Caller) -> None:
        key = (caller.name, caller.how)
        line = self.unattributed.get(key)
        if line is None:
            line = self.unattributed[key] = Unattributed(caller.name, caller.how)
        line.events[event.name] += 1
        line.denied += event.denied
        line.last = _later(line.last, event.time)
        line.event_ids.append(event.id)

    def unused(self, now: datetime, days: int) -> list[PersonActivity]:
        """Active people who used their access in no way since ``days`` before ``now``."""
        since = now - timedelta(days=days)
        return [
            p
            for p in self.people.values()
            if p.active and (p.last_used is None or p.last_used < since)
        ]

    def done(self) -> None:
        """Order what is listed: the newest first."""
        for requests in (self.denied, self.changes):
            requests.sort(key=lambda d: (d.time.timestamp() if d.time else 0.0, d.event_id))
            requests.reverse()


_CHANGES = frozenset((*SAGEMAKER_CHANGES, *IAM_CHANGES))


def _request(event: Event, caller: Caller, target: Target) -> Request:
    return Request(
        time=event.time,
        event=event.name,
        caller=caller.name,
        person=caller.person,
        how=caller.how,
        target=target.label,
        owner=target.owner,
        source_ip=event.source_ip,
        user_agent=event.user_agent,
        error=event.error or "",
        event_id=event.id,
    )


def _later(current: datetime | None, candidate: datetime | None) -> datetime | None:
    if candidate is None:
        return current
    return candidate if current is None or candidate > current else current
