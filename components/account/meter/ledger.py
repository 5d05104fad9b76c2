"""The DynamoDB ledger: how far each app has been metered, and each person's month.

One table, keys ``pk`` and ``sk`` (strings), billed on demand:

* ``app#<domain>#<owner>#<type>#<name>#<created>``, ``app``: ``seen``, the instant up to which the
  app's time is already counted;
* ``spend#<YYYY-MM>``, ``<person>``: ``usd`` and ``seconds`` of the month, ``warnedAt`` and
  ``overAt`` once the warning share and the budget were crossed;
* ``closed``, ``<profile>``: a person whose Studio the meter closed, and for which month.

Time is counted exactly once because ``record`` moves an app's ``seen`` forward and adds the time
in between to the month in one transaction, on the condition that ``seen`` is still what the run
read: of two overlapping runs only one counts a given second, a retried run finds its work done,
and a run after missed ones counts everything since the last (a missed run is caught up).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: The table's keys, as ``CreateTable`` (and the program's ``aws.dynamodb.Table``) name them.
KEYS = (("pk", "HASH"), ("sk", "RANGE"))
#: How many keys one ``BatchGetItem`` reads.
BATCH = 100
CLOSED = "closed"
_MONEY = Decimal("0.000001")


@dataclass(frozen=True)
class Piece:
    """Time of one app in one month, and what it cost."""

    month: str
    seconds: int
    usd: Decimal


@dataclass(frozen=True)
class Spend:
    """One line of a month: dollars and seconds so far, and when the marks were set."""

    person: str
    usd: float
    seconds: int
    warned_at: str | None = None
    over_at: str | None = None


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
            request = {
                self.table: {
                    "Keys": [
                        {"pk": {"S": k}, "sk": {"S": "app"}} for k in keys[start : start + BATCH]
                    ],
                    "ConsistentRead": True,
                    "ProjectionExpression": "pk, seen",
                }
            }
            while request:
                answer = self.client.batch_get_item(RequestItems=request)
                for item in answer.get("Responses", {}).get(self.table, []):
                    found[item["pk"]["S"]] = int(item["seen"]["N"])
                request = answer.get("UnprocessedKeys") or {}
        return found

    def record(
        self, app_key: str, person: str, before: int | None, now: int, pieces: list[Piece]
    ) -> bool:
        """Count ``pieces`` for ``person`` and move the app's ``seen`` from ``before`` to ``now``.

        Returns False, writing nothing, when another run moved ``seen`` first.
        """
        condition: dict[str, Any] = (
            {"ConditionExpression": "attribute_not_exists(pk)"}
            if before is None
            else {
                "ConditionExpression": "seen = :before",
                "ExpressionAttributeValues": {":before": {"N": str(before)}},
            }
        )
        move = {
            "Put": {
                "TableName": self.table,
                "Item": {
                    "pk": {"S": app_key},
                    "sk": {"S": "app"},
                    "seen": {"N": str(now)},
                    "person": {"S": person},
                },
                **condition,
            }
        }
        adds = [
            {
                "Update": {
                    "TableName": self.table,
                    "Key": {"pk": {"S": f"spend#{piece.month}"}, "sk": {"S": person}},
                    "UpdateExpression": "ADD usd :usd, seconds :seconds",
                    "ExpressionAttributeValues": {
                        ":usd": {"N": str(piece.usd.quantize(_MONEY))},
                        ":seconds": {"N": str(piece.seconds)},
                    },
                }
            }
            for piece in pieces
        ]
        try:
            self.client.transact_write_items(TransactItems=[move, *adds])
        except self.client.exceptions.TransactionCanceledException:
            return False
        self.writes += 1 + len(adds)
        return True

    def month(self, month: str) -> dict[str, Spend]:
        """Every line of ``month`` (``YYYY-MM``), by person."""
        lines = {}
        for item in self._query(f"spend#{month}"):
            person = item["sk"]["S"]
            lines[person] = Spend(
                person,
                float(item.get("usd", {}).get("N", "0")),
                int(item.get("seconds", {}).get("N", "0")),
                item.get("warnedAt", {}).get("S"),
                item.get("overAt", {}).get("S"),
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
        return {
            item["sk"]["S"]: {"person": item["person"]["S"], "month": item["month"]["S"]}
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
        while True:
            answer = self.client.query(**request)
            yield from answer.get("Items", [])
            if "LastEvaluatedKey" not in answer:
                return
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
