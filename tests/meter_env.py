"""What the meter's tests share: the ledger table in moto, and clock instants."""

from __future__ import annotations

from datetime import UTC, datetime

from components.core.settings.budgets import ledger_table_name
from components.meter.function.ledger import KEYS


def create_ledger(dynamodb, stack: str = "test") -> str:
    """The table the program creates for ``stack``, with the same keys, in moto."""
    name = ledger_table_name(stack)
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": key, "KeyType": kind} for key, kind in KEYS],
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key, _ in KEYS],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
