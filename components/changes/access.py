"""Judge ``expires`` and ``review_after`` against today, on main and on a pull request.

On main, ``check`` must keep working when a date passes: the deployment of everyone else cannot
wait for one person's expiry, so a date that is near or past is a **warning** there (and the
nightly ``expire`` opens the pull request that ends the access). A pull request is where a date
is set and where a reviewer is present, so there it is an **error**:

* a new or changed ``expires`` or ``review_after`` further ahead than ``maxAccessDays``;
* an active user past ``expires`` whose file the pull request adds or changes (extend the date
  or offboard; a pull request that touches the person must not carry an expired grant along).

Reading the dates is ``access_dates``'s job; this module only compares them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from components.core.access_dates import DATE_KEYS
from components.core.problems import Problem
from components.core.settings.stack import Settings
from components.roster.users import UserSpec

if TYPE_CHECKING:  # only a pull request's check (--base) has changes, and git to read them
    from components.changes.users import Changes

#: How many days before ``expires`` or ``review_after`` ``check`` starts to warn.
WARN_DAYS = 14


def access_problems(
    users: Sequence[UserSpec], settings: Settings, changes: Changes | None, today: date
) -> list[Problem]:
    """Every date problem of ``users``; with ``changes`` (``check --base``), the pull request's."""
    if changes is None:
        return lifecycle_problems(users, today)
    touched = {user.id for user in changes.added} | {after.id for _, after, _ in changes.changed}
    return lifecycle_problems(users, today, touched) + limit_problems(
        changes, settings.max_access_days, today
    )


def lifecycle_problems(
    users: Sequence[UserSpec], today: date, touched: Collection[str] = ()
) -> list[Problem]:
    """Warnings for active users whose dates are near or past.

    An active user past ``expires`` is an error instead when their id is in ``touched`` (the
    pull request adds or changes their file). Offboarded users are not judged: their access
    has already ended.
    """
    problems = []
    for user in users:
        if not user.active:
            continue
        if user.expires is not None:
            problems += _expiry(user, user.expires, today, user.id in touched)
        if user.review_after is not None:
            problems += _review(user, user.review_after, today)
    return problems


def _expiry(user: UserSpec, expires: date, today: date, touched: bool) -> list[Problem]:
    days = (expires - today).days
    line = user.line_of("expires")
    if days < 0:
        message = (
            f"the access of {user.id!r} has expired: its last day was {expires.isoformat()} "
            f"({_ago(-days)}); set 'status: offboarded' (studio-access expire does) or extend "
            "expires"
        )
        if touched:
            message += "; a pull request that changes this file must do one or the other"
        return [Problem(user.source, line, 1, message, "error" if touched else "warning")]
    if days <= WARN_DAYS:
        message = (
            f"the last day of access of {user.id!r} is {expires.isoformat()} ({_ahead(days)}): "
            "extend expires if it is still needed"
        )
        return [Problem(user.source, line, 1, message, "warning")]
    return []


def _review(user: UserSpec, review_after: date, today: date) -> list[Problem]:
    days = (review_after - today).days
    if days > WARN_DAYS:
        return []
    day = review_after.isoformat()
    when = f"since {day} ({_ago(-days)})" if days < 0 else f"on {day} ({_ahead(days)})"
    message = (
        f"the access of {user.id!r} is due for review {when}: confirm it and move "
        "review_after ahead, or offboard"
    )
    return [Problem(user.source, user.line_of("review_after"), 1, message, "warning")]


def limit_problems(changes: Changes, max_days: int, today: date) -> list[Problem]:
    """Errors for dates a pull request sets further ahead than ``max_days`` from ``today``."""
    latest = today + timedelta(days=max_days)
    candidates: list[tuple[UserSpec, tuple[str, ...]]] = [
        (user, DATE_KEYS) for user in changes.added
    ]
    candidates += [
        (after, tuple(key for key in DATE_KEYS if key in fields))
        for _, after, fields in changes.changed
    ]
    problems = []
    for user, keys in candidates:
        for key in keys:
            value = getattr(user, key)
            if value is not None and value > latest:
                problems.append(
                    Problem(
                        user.source,
                        user.line_of(key),
                        1,
                        f"{key} {value.isoformat()} is {(value - today).days} days ahead; a pull "
                        f"request may set it at most maxAccessDays ({max_days}) ahead, until "
                        f"{latest.isoformat()}",
                    )
                )
    return problems


def _ago(days: int) -> str:
    return "yesterday" if days == 1 else f"{days} days ago"


def _ahead(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def access_summary(user: UserSpec) -> str:
    """``until 2026-06-30, review after 2026-03-31; reason: …`` for a reviewer, or ``""``."""
    dates = [f"until {user.expires.isoformat()}"] if user.expires else []
    dates += [f"review after {user.review_after.isoformat()}"] if user.review_after else []
    parts = [", ".join(dates)] if dates else []
    parts += [f"reason: {user.reason}"] if user.reason else []
    return "; ".join(parts)
