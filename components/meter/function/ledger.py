"""The DynamoDB ledger: how far each app has been metered, and each person's month.

One table, keys ``pk`` and ``sk`` (strings), billed on demand:

* ``app#<domain>#<owner>#<type>#<name>#<created>``, ``app``: ``seen``, the instant up to which the
  app's time is already counted;
* ``spend#<YYYY-MM>``, ``<person>``: ``usd`` and ``seconds`` of the month, ``warnedAt`` and
  ``overAt`` once the warning share and the budget were crossed;
* ``closed``, ``<profile>``: a person whose Studio the meter closed, and for which month.

Time is counted exactly once because ``record`` moves an app's ``seen`` forward and adds the time
in between to the month in one transaction (of up to 100 items: many apps at once), on the
condition that ``seen`` is still what the run read: of two overlapping runs only one counts a given second, a retried run finds its work done,
and a run after missed ones counts everything since the last (a missed run is caught up).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .answers import Malformed, Tokens, attribute, number

#: The table's keys, as ``CreateTable`` (and the program's ``aws.dynamodb.Table``) name them.
KEYS = (("pk", "HASH"), ("sk", "RANGE"))
#: How many keys one ``BatchGetItem`` reads, and items one ``TransactWriteItems`` writes.
BATCH = 100
TRANSACTION = 100
CLOSED = "closed"
_MONEY = Decimal("0.000001")


@dataclass(frozen=True)
class Piece:
    """Time of one app in one month, and what it cost."""

    month: str
    seconds: int
    usd: Decimal
    start: int = 0


@dataclass(frozen=True)
class Entry:
    """One app's unseen time: whose line it goes to, and ``seen`` before and after."""

    app_key: str
    person: str
    before: int | None
    now: int
    pieces: tuple[Piece, ...]

    @property
    def items(self) -> int:
        """How many items of a transaction the entry may need: its app, its months' lines."""
        return 1 + len(self.pieces)


def _move(table: str, entry: Entry) -> dict[str, Any]:
    """The app's ``seen`` moved to ``now``, on the condition that it is still ``before``."""
    condition: dict[str, Any] = (
        {"ConditionExpression": "attribute_not_exists(pk)"}
        if entry.before is None
        else {
            "ConditionExpression": "seen = :before",
            "ExpressionAttributeValues": {":before": {"N": str(entry.before)}},
        }
    )
    return {
        "Put": {
            "TableName": table,
            "Item": {
                "pk": {"S": entry.app_key},
                "sk": {"S": "app"},
                "seen": {"N": str(entry.now)},
                "person": {"S": entry.person},
            },
            **condition,
        }
    }


@dataclass(frozen=True)
class Spend:
    """One line of a month: dollars and seconds so far, and when the marks were set."""

    person: str
    usd: float
    seconds: int
    warned_at: str | None = None
    over_at: str | None = None


#: How often keys DynamoDB leaves unprocessed (throttled reads) are asked for again before the
#: run stops with an error: a table that never answers them must not hold the run until its
#: deadline.
UNPROCESSED_TRIES = 8
#: How a retry waits; replaced in tests.
pause = time.sleep


class Ledger:
    """The table, through a low-level DynamoDB client; counts the items it writes."""

    def __init__(self, client: Any, table: str):
        self.client = client
        self.table = table
        self.writes = 0

    def seen(self, app_keys: Iterable[str]) -> dict[str, int]:
        """``seen`` of each app the ledger knows (consistent reads, 100 keys a call)."""
        keys = list(dict.fromkeys(app_keys))
        found: dict[str, int] = {}
        for start in range(0, len(keys), BATCH):
            request: dict[str, Any] = {
                self.table: {
                    "Keys": [
                        {"pk": {"S": k}, "sk": {"S": "app"}} for k in keys[start : start + BATCH]
                    ],
                    "ConsistentRead": True,
                    "ProjectionExpression": "pk, seen",
                }
            }
            for attempt in range(UNPROCESSED_TRIES):
                if attempt:  # DynamoDB's advice: back off, then ask again
                    pause(min(0.05 * 2**attempt, 1.0))
                answer = self.client.batch_get_item(RequestItems=request)
                for item in answer.get("Responses", {}).get(self.table, []):
                    where = self._where("BatchGetItem")
                    found[attribute(item, "pk", "S", where)] = int(number(item, "seen", where))
                request = answer.get("UnprocessedKeys") or {}
                if not request:
                    break
            else:
                left = len(request.get(self.table, {}).get("Keys", []))
                raise Malformed(
                    f"DynamoDB BatchGetItem left {left} key(s) unprocessed after "
                    f"{UNPROCESSED_TRIES} tries"
                )
        return found

    def record(self, entries: list[Entry]) -> list[Entry]:
        """Count each entry's pieces and move its app's ``seen``, all in one transaction.

        The months' lines of several apps of one person are added together (a transaction names
        an item once). Returns the entries that were not counted because another run moved their
        app's ``seen`` first; when the transaction fails for another reason (a conflict with a
        concurrent one), all of them, to be tried again.
        """
        if not entries:
            return []
        adds: dict[tuple[str, str], list[Decimal | int]] = {}
        for entry in entries:
            for piece in entry.pieces:
                total = adds.setdefault((piece.month, entry.person), [Decimal(0), 0])
                total[0] += piece.usd
                total[1] += piece.seconds
        items = [_move(self.table, entry) for entry in entries]
        items += [
            {
                "Update": {
                    "TableName": self.table,
                    "Key": {"pk": {"S": f"spend#{month}"}, "sk": {"S": person}},
                    "UpdateExpression": "ADD usd :usd, seconds :seconds",
                    "ExpressionAttributeValues": {
                        ":usd": {"N": str(Decimal(usd).quantize(_MONEY))},
                        ":seconds": {"N": str(seconds)},
                    },
                }
            }
            for (month, person), (usd, seconds) in adds.items()
        ]
        try:
            self.client.transact_write_items(TransactItems=items)
        except self.client.exceptions.TransactionCanceledException as error:
            reasons = error.response.get("CancellationReasons") or []
            failed = [
                entry
                for entry, reason in zip(entries, reasons, strict=False)
                if reason.get("Code") == "ConditionalCheckFailed"
            ]
            return failed or list(entries)
        self.writes += len(items)
        return []

    def month(self, month: str) -> dict[str, Spend]:
        """Every line of ``month`` (``YYYY-MM``), by person."""
        lines = {}
        where = self._where("Query")
        for item in self._query(f"spend#{month}"):
            person = attribute(item, "sk", "S", where)
            lines[person] = Spend(
                person,
                number(item, "usd", where, default="0"),
                int(number(item, "seconds", where, default="0")),
                attribute(item, "warnedAt", "S", where) if "warnedAt" in item else None,
                attribute(item, "overAt", "S", where) if "overAt" in item else None,
            )
        return lines

    def mark(self, month: str, person: str, mark: str, when: str) -> bool:
        """Set ``warnedAt`` or ``overAt`` of a line once; False if it was set already."""
        try:
            self.client.update_item(
                TableName=self.table,
                Key={"pk": {"S": f"spend#{month}"}, "sk": {"S": person}},
                UpdateExpression="SET #mark = :when",
                ConditionExpression="attribute_not_exists(#mark)",
                ExpressionAttributeNames={"#mark": mark},
                ExpressionAttributeValues={":when": {"S": when}},
            )
        except self.client.exceptions.ConditionalCheckFailedException:
            return False
        self.writes += 1
        return True

    def closed(self) -> dict[str, dict[str, str]]:
        """Profile -> ``{person, month}`` of everyone whose Studio the meter closed."""
        where = self._where("Query")
        return {
            attribute(item, "sk", "S", where): {
                "person": attribute(item, "person", "S", where),
                "month": attribute(item, "month", "S", where),
            }
            for item in self._query(CLOSED)
        }

    def close(self, profile: str, person: str, month: str) -> None:
        self.client.put_item(
            TableName=self.table,
            Item={
                "pk": {"S": CLOSED},
                "sk": {"S": profile},
                "person": {"S": person},
                "month": {"S": month},
            },
        )
        self.writes += 1

    def reopen(self, profile: str) -> None:
        self.client.delete_item(
            TableName=self.table, Key={"pk": {"S": CLOSED}, "sk": {"S": profile}}
        )
        self.writes += 1

    def _query(self, pk: str) -> Iterator[dict[str, Any]]:
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "ConsistentRead": True,
        }
        tokens = Tokens(self._where("Query"))
        while True:
            answer = self.client.query(**request)
            yield from answer.get("Items", [])
            if "LastEvaluatedKey" not in answer:
                return
            tokens.add(answer["LastEvaluatedKey"])
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def _where(self, operation: str) -> str:
        return f"AWS dynamodb {operation}: the ledger {self.table}"
