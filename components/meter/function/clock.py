"""Calendar months in UTC: a budget is per calendar month, and time is split where one turns."""

from __future__ import annotations

from datetime import UTC, datetime


def month_of(epoch: float) -> str:
    """``YYYY-MM`` of an instant."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m")


def month_start(epoch: float) -> int:
    """The first second of the month of ``epoch``."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return int(datetime(moment.year, moment.month, 1, tzinfo=UTC).timestamp())


def next_month_start(epoch: float) -> int:
    moment = datetime.fromtimestamp(epoch, UTC)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return int(datetime(year, month, 1, tzinfo=UTC).timestamp())


def split_by_month(start: int, end: int) -> list[tuple[str, int, int]]:
    """``(month, seconds, start)`` of ``[start, end)``, one per calendar month it touches."""
    pieces = []
    while start < end:
        cut = min(end, next_month_start(start))
        pieces.append((month_of(start), cut - start, start))
        start = cut
    return pieces


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
