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
from .ledger import Ledger, Piece
from .rates import RateTable

#: How often one app's transaction is tried when overlapping runs keep moving its ``seen``.
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
    seen = ledger.seen(app.key for app in apps)
    for app in apps:
        _meter(ledger, app, seen.get(app.key), int(now), rates, result)
    result.enforcement = enforce(sagemaker, ledger, config, apps, now)
    result.writes = ledger.writes
    return result


def _meter(
    ledger: Ledger,
    app: RunningApp,
    before: int | None,
    now: int,
    rates: RateTable,
    result: RunResult,
) -> None:
    price = rates.price(app.instance_type)
    if not price.exact and app.instance_type:
        result.unpriced[app.instance_type] = price.usd_per_hour
    for _ in range(ATTEMPTS):
        start = before if before is not None else max(app.created, month_start(now))
        if start >= now:
            return  # a later or overlapping run has counted this time already
        pieces = [
            Piece(month, seconds, Decimal(str(price.usd_per_hour)) * seconds / 3600)
            for month, seconds in split_by_month(start, now)
        ]
        if ledger.record(app.key, app.line, before, now, pieces):
            result.seconds += now - start
            result.usd += float(sum(p.usd for p in pieces))
            return
        before = ledger.seen([app.key]).get(app.key)
