"""One run of the meter: count every running app's unseen time, then apply the budgets.

``run_once`` is what the Lambda function calls every ``meterIntervalMinutes`` and what
``meter --once`` calls locally, with the same clients and the same clock argument. An app seen
for the first time is counted from its creation, but not before the month began; from then on
from the instant the ledger says it was last counted (``ledger``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .apps import RunningApp, running_apps
from .cap import Enforcement, enforce
from .clock import month_of, month_start, split_by_month
from .config import MeterConfig
from .ledger import TRANSACTION, Entry, Ledger, Piece
from .rates import RateTable

#: How often an app's time is tried when overlapping runs keep moving its ``seen``.
ATTEMPTS = 3


@dataclass
class RunResult:
    """What one run did, for the function's log and ``meter --once``'s output."""

    month: str
    apps: int = 0
    seconds: int = 0
    usd: float = 0.0
    writes: int = 0
    unpriced: dict[str, float] = field(default_factory=dict)
    enforcement: Enforcement = field(default_factory=Enforcement)

    def summary(self) -> dict[str, object]:
        return {
            "month": self.month,
            "apps": self.apps,
            "secondsCounted": self.seconds,
            "usdCounted": round(self.usd, 6),
            "ledgerWrites": self.writes,
            "unpricedInstanceTypes": dict(sorted(self.unpriced.items())),
            **self.enforcement.summary(),
        }


def run_once(
    sagemaker: Any, dynamodb: Any, config: MeterConfig, rates: RateTable, now: float
) -> RunResult:
    """Meter the domain's running apps up to ``now`` (seconds since the epoch), then the cap."""
    ledger = Ledger(dynamodb, config.table)
    result = RunResult(month_of(now))
    apps = running_apps(sagemaker, config)
    result.apps = len(apps)
    pending = {app.key: app for app in apps}
    for _ in range(ATTEMPTS):
        seen = ledger.seen(pending)
        entries = [
            entry
            for key, app in pending.items()
            if (entry := _entry(app, seen.get(key), int(now), rates, result)) is not None
        ]
        failed = {e.app_key for chunk in _chunks(entries) for e in ledger.record(chunk)}
        for entry in entries:
            if entry.app_key not in failed:
                result.seconds += sum(p.seconds for p in entry.pieces)
                result.usd += float(sum(p.usd for p in entry.pieces))
        pending = {key: pending[key] for key in failed}
        if not pending:
            break
    result.enforcement = enforce(sagemaker, ledger, config, apps, now)
    result.writes = ledger.writes
    return result


def _entry(
    app: RunningApp, before: int | None, now: int, rates: RateTable, result: RunResult
) -> Entry | None:
    """The app's time since the ledger last counted it (from its start, new), or ``None``."""
    price = rates.price(app.instance_type)
    if not price.exact and app.instance_type:
        result.unpriced[app.instance_type] = price.usd_per_hour
    start = before if before is not None else max(app.created, month_start(now))
    if start >= now:
        return None  # a later or overlapping run has counted this time already
    rate = Decimal(str(price.usd_per_hour))
    pieces = tuple(
        Piece(month, seconds, rate * seconds / 3600, begin)
        for month, seconds, begin in split_by_month(start, now)
    )
    return Entry(app.key, app.line, before, now, pieces)


def _chunks(entries: list[Entry]) -> list[list[Entry]]:
    """Entries in groups whose transactions stay within DynamoDB's 100 items."""
    chunks: list[list[Entry]] = [[]]
    size = 0
    for entry in entries:
        if size + entry.items > TRANSACTION:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += entry.items
    return [chunk for chunk in chunks if chunk]
