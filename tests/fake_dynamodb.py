"""A fake DynamoDB endpoint on localhost, for the meter's benchmark at scale.

moto's DynamoDB copies every table for each transaction, which turns 2,000 apps into minutes;
this endpoint holds the meter's one table in a dictionary and answers the ``awsJson1_0`` calls the
ledger makes (target ``DynamoDB_20120810.<Op>``), with DynamoDB's documented behaviour for them:
conditional puts and updates, ``ADD`` to numbers, transactions that apply all or nothing and
report ``CancellationReasons``, paged ``BatchGetItem``. It understands exactly the expressions
``components/meter/function/ledger.py`` writes, and refuses any other. The meter's tests use
moto; this is for measuring. Reached through ``AWS_ENDPOINT_URL_DYNAMODB``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from local_endpoint import ApiError, JsonHandler, LocalServer

TARGET = "DynamoDB_20120810."


@dataclass
class FakeDynamoDB:
    """One table's items by ``(pk, sk)``, and the number of items written."""

    items: dict[tuple[str, str], dict] = field(default_factory=dict)
    writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, operation: str, body: dict) -> dict:
        with self.lock:
            handler = getattr(self, f"_op_{operation}", None)
            if handler is None:
                raise ApiError("UnknownOperationException", f"{operation} is not faked")
            return handler(body)

    @staticmethod
    def _key(key: dict) -> tuple[str, str]:
        return key["pk"]["S"], key["sk"]["S"]

    def _op_BatchGetItem(self, body: dict) -> dict:
        responses: dict[str, list] = {}
        for table, request in body["RequestItems"].items():
            found = [self.items[k] for k in map(self._key, request["Keys"]) if k in self.items]
            responses[table] = found
        return {"Responses": responses, "UnprocessedKeys": {}}

    def _op_TransactWriteItems(self, body: dict) -> dict:
        actions = body["TransactItems"]
        reasons = [{"Code": "None"} for _ in actions]
        failed = False
        for index, action in enumerate(actions):
            kind, request = next(iter(action.items()))
            key = self._key(request["Item"] if kind == "Put" else request["Key"])
            if not self._holds(request, self.items.get(key)):
                reasons[index] = {"Code": "ConditionalCheckFailed"}
                failed = True
        if failed:
            raise _Cancelled(reasons)
        for action in actions:
            kind, request = next(iter(action.items()))
            self._apply(kind, request)
        return {}

    def _op_UpdateItem(self, body: dict) -> dict:
        if not self._holds(body, self.items.get(self._key(body["Key"]))):
            raise ApiError("ConditionalCheckFailedException", "The conditional request failed")
        self._apply("Update", body)
        return {}

    def _op_PutItem(self, body: dict) -> dict:
        self._apply("Put", body)
        return {}

    def _op_DeleteItem(self, body: dict) -> dict:
        self.items.pop(self._key(body["Key"]), None)
        self.writes += 1
        return {}

    def _op_Query(self, body: dict) -> dict:
        pk = body["ExpressionAttributeValues"][":pk"]["S"]
        return {"Items": [item for (p, _), item in sorted(self.items.items()) if p == pk]}

    def _holds(self, request: dict, item: dict | None) -> bool:
        condition = request.get("ConditionExpression")
        names = request.get("ExpressionAttributeNames", {})
        values = request.get("ExpressionAttributeValues", {})
        if condition is None:
            return True
        if condition == "attribute_not_exists(pk)":
            return item is None
        if condition == "seen = :before":
            return item is not None and item.get("seen") == values[":before"]
        if condition == "attribute_not_exists(#mark)":
            return item is None or names["#mark"] not in item
        raise ApiError("ValidationException", f"the fake does not evaluate {condition!r}")

    def _apply(self, kind: str, request: dict) -> None:
        self.writes += 1
        if kind == "Put":
            self.items[self._key(request["Item"])] = request["Item"]
            return
        key = self._key(request["Key"])
        item = self.items.setdefault(key, dict(request["Key"]))
        expression, values = request["UpdateExpression"], request["ExpressionAttributeValues"]
        if expression == "ADD usd :usd, seconds :seconds":
            for name in ("usd", "seconds"):
                total = Decimal(item.get(name, {"N": "0"})["N"]) + Decimal(values[f":{name}"]["N"])
                item[name] = {"N": str(total)}
        elif expression == "SET #mark = :when":
            item[request["ExpressionAttributeNames"]["#mark"]] = values[":when"]
        else:
            raise ApiError("ValidationException", f"the fake does not apply {expression!r}")


class _Cancelled(ApiError):
    def __init__(self, reasons: list[dict]):
        super().__init__(
            "TransactionCanceledException", "Transaction cancelled", CancellationReasons=reasons
        )


class _Handler(JsonHandler):
    fake: FakeDynamoDB

    def answer(self, target: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.fake.handle(target.removeprefix(TARGET), body)


class FakeDynamoDBServer(LocalServer):
    """``FakeDynamoDB`` served on a free localhost port, in a thread."""

    def __init__(self, fake: FakeDynamoDB):
        super().__init__(_Handler, fake)
