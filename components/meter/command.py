"""``meter --once`` and ``usage``: the meter's code run locally, and the ledger read back.

Both build the meter's configuration from the repository exactly as the program packages it
(``plan.meter``), and find the ledger by the stack's name (``studio-access-meter-<stack>``),
so neither needs Pulumi. Clients come from ``components.aws.client`` (``regional``): boto3's
standard configuration (``AWS_ENDPOINT_URL_*`` points them at any endpoint), with the checks every
AWS command has: ``AWS_*`` settings, answers that are not the AWS API's, the ``--timeout``
deadline, and errors worded for the call that failed. The meter's own code (``function``) cannot
import them, so it is handed such clients; what it finds unreadable (``Malformed``: an item the
meter never writes, a next token received twice) is one line too.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.aws.client.errors import CALL_ERRORS, AwsError
from components.aws.client.session import regional
from components.core.problems import UsageError
from components.core.settings.stack import Settings
from components.meter.function.answers import Malformed
from components.meter.function.clock import month_of
from components.meter.function.config import MeterConfig
from components.meter.function.ledger import KEYS, Ledger
from components.meter.function.rates import RateTable
from components.meter.function.run import run_once
from components.plan.meter import meter_document
from components.roster.studio_effective import effective_settings
from components.roster.users import load_roster


def meter_config(settings: Settings, users_dir: Path, stack: str | None) -> MeterConfig:
    """The configuration the program would package for this stack."""
    roster = load_roster(users_dir, settings)
    effective = effective_settings(roster.users, settings)
    return MeterConfig.from_json(
        json.dumps(meter_document(settings, roster.users, effective, stack))
    )


def run_meter(settings: Settings, users_dir: Path, stack: str | None, now: float) -> dict:
    """One run of the meter at ``now``; what it did, as the function logs it."""
    config = _deployable(meter_config(settings, users_dir, stack))
    try:
        rates = RateTable.load(config.region)
    except KeyError as error:
        raise UsageError(str(error.args[0])) from None
    aws = regional(config.region)
    dynamodb = aws.client("dynamodb")
    try:
        _ensure_ledger(dynamodb, config.table)
        result = run_once(aws.client("sagemaker"), dynamodb, config, rates, now)
    except CALL_ERRORS as error:
        raise aws.explain(error) from None
    except Malformed as error:
        raise _unreadable(error) from None
    return {"ratesAsOf": rates.as_of, **result.summary()}


@dataclass(frozen=True)
class UsageLine:
    """One person's month: spend, budget, and the marks the meter set."""

    person: str
    usd: float
    hours: float
    budget: float | None
    warned_at: str | None
    over_at: str | None

    @property
    def percent(self) -> float | None:
        return None if not self.budget else round(100 * self.usd / self.budget, 1)


def read_usage(
    settings: Settings, users_dir: Path, stack: str | None, month: str | None, now: float
) -> tuple[str, list[UsageLine]]:
    """``(month, lines)``: month-to-date spend per person, dearest first, from the ledger."""
    config = _deployable(meter_config(settings, users_dir, stack))
    month = month or month_of(now)
    aws = regional(config.region)
    try:
        spend = Ledger(aws.client("dynamodb"), config.table).month(month)
    except CALL_ERRORS as error:
        raise aws.explain(error) from None
    except Malformed as error:
        raise _unreadable(error) from None
    lines = []
    for person, line in spend.items():
        budget = config.budget_of(person)
        lines.append(
            UsageLine(
                person,
                round(line.usd, 6),
                round(line.seconds / 3600, 4),
                budget.usd if budget else None,
                line.warned_at,
                line.over_at,
            )
        )
    return month, sorted(lines, key=lambda line: (-line.usd, line.person))


def _ensure_ledger(dynamodb: Any, table: str) -> None:
    """Create the ledger where it does not exist yet: a local endpoint, a first run by hand.

    The program creates it in the account (``resources/meter.py``), with the same keys.
    """
    try:
        dynamodb.describe_table(TableName=table)
        return
    except dynamodb.exceptions.ResourceNotFoundException:
        pass
    dynamodb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": key, "KeyType": kind} for key, kind in KEYS],
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key, _ in KEYS],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
    print(f"created the ledger table {table}: it did not exist", file=sys.stderr)


def _deployable(config: MeterConfig) -> MeterConfig:
    if not config.domain_id or not config.region:
        raise UsageError("the meter needs the stack's domainId and aws:region: pass --stack S")
    return config


def _unreadable(error: Malformed) -> AwsError:
    return AwsError(
        f"{error}. Check the region and any AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE> in the "
        "environment; the ledger holds only what the meter writes"
    )
