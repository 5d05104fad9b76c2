"""Split a document's statements into as few documents as fit a size limit, in order.

IAM and AWS Organizations cap a policy's size; a guard that grows past the cap is split rather
than shortened, and a principal carries every part (a role or group takes up to ten managed
policies, a target up to five SCPs). Statements keep their order and no statement is split, so
the same settings always give the same parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Document = dict[str, Any]


def pack(
    statements: list[dict[str, Any]], size: Callable[[Document], int], limit: int
) -> list[Document]:
    """Greedy, in order: each document takes statements until the next would not fit.

    Raises:
        ValueError: a statement alone exceeds ``limit``, with its id and size.
    """
    documents: list[list[dict[str, Any]]] = [[]]
    for statement in statements:
        trial = documents[-1] + [statement]
        if size(_document(trial)) <= limit:
            documents[-1] = trial
            continue
        if size(_document([statement])) > limit:
            raise ValueError(
                f"statement {statement.get('Sid')} alone is {size(_document([statement]))} "
                f"characters, over the limit of {limit}"
            )
        documents.append([statement])
    return [_document(part) for part in documents if part]


def _document(statements: list[dict[str, Any]]) -> Document:
    return {"Version": "2012-10-17", "Statement": statements}
