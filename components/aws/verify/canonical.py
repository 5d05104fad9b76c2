"""A policy document's canonical form: what IAM means by it, not how it is written.

IAM returns a document re-serialized, and a person may write the same policy with other key
order, other whitespace, a one-element list as a plain string, or the statements in another
order. None of that changes a decision, so none of it is a finding: both sides are brought to
one form (keys sorted, scalars as text, every list sorted and without repeats, a one-element
list as its element) and compared. What remains different is a real change of text, which
``analyzer`` then judges by its meaning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def canonical(document: Any) -> Any:
    """The canonical form of ``document`` (a JSON text or its parsed value).

    Raises:
        ValueError: a text that is not JSON.
    """
    if isinstance(document, str | bytes):
        document = json.loads(document)
    return _form(document)


def _form(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _form(item) for key, item in sorted(value.items())}
    if isinstance(value, list | tuple):
        items = {_key(form): form for form in (_form(item) for item in value)}
        ordered = [items[key] for key in sorted(items)]
        return ordered[0] if len(ordered) == 1 else ordered
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return None
    return str(value)


def _key(form: Any) -> str:
    return json.dumps(form, sort_keys=True)


def same(left: Any, right: Any) -> bool:
    """Whether two documents are the same policy once brought to canonical form."""
    try:
        return canonical(left) == canonical(right)
    except ValueError:
        return False


def text(document: Any) -> str:
    """The canonical form as one line of JSON (for messages and hashes)."""
    return json.dumps(canonical(document), sort_keys=True, separators=(",", ":"))
