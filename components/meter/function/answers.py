"""What the meter reads, checked: an item or a page it cannot read is one clear error, not a crash.

The ledger holds only what the meter writes, and AWS sends what its model says; an item without
a key, a number that is not one, or a list whose next token repeats means the table is not the
meter's or the endpoint is not AWS. The function then fails with a message saying which (the
Lambda's log, ``meter --once``, ``usage``), instead of a ``KeyError`` or a loop that pages
forever. Standard library only: this folder is packaged as it is (``function``).
"""

from __future__ import annotations

import json
from typing import Any


class Malformed(Exception):
    """An answer the meter cannot read; ``str(error)`` says where and what."""


def attribute(item: Any, key: str, kind: str, where: str) -> str:
    """The ``kind`` (``S``, ``N``) value of DynamoDB attribute ``key`` of ``item``.

    Raises:
        Malformed: ``item`` has no such attribute of that type.
    """
    value = item.get(key) if isinstance(item, dict) else None
    text = value.get(kind) if isinstance(value, dict) else None
    if not isinstance(text, str):
        raise Malformed(f"{where} holds an item without a {key} of type {kind}: {show(item)}")
    return text


def number(item: Any, key: str, where: str, default: str | None = None) -> float:
    """The number attribute ``key`` of ``item`` (``default`` where it is absent)."""
    if default is not None and isinstance(item, dict) and key not in item:
        return float(default)
    text = attribute(item, key, "N", where)
    try:
        return float(text)
    except ValueError:
        raise Malformed(
            f"{where} holds an item whose {key} is not a number: {show(item)}"
        ) from None


def field(entry: Any, key: str, where: str) -> Any:
    """``entry[key]`` of an entry of an AWS list, which AWS always sends.

    Raises:
        Malformed: the entry is not an object or lacks the field.
    """
    if not isinstance(entry, dict) or entry.get(key) is None:
        raise Malformed(
            f"{where}: an entry has no {key}, which AWS always sends, so the endpoint is "
            f"probably not the AWS API: {show(entry)}"
        )
    return entry[key]


class Tokens:
    """The next tokens of one paginated read: one received twice would page forever."""

    def __init__(self, where: str):
        self._where = where
        self._seen: set[str] = set()

    def add(self, token: Any) -> None:
        """Note ``token``.

        Raises:
            Malformed: it was received before.
        """
        key = json.dumps(token, sort_keys=True, default=str)
        if key in self._seen:
            raise Malformed(
                f"{self._where}: the same next token received twice, so the list would never "
                "end; the endpoint is probably not the AWS API"
            )
        self._seen.add(key)


def show(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 120 else text[:120] + "…"
