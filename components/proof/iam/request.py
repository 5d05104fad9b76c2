"""One API call to authorize: its action, resource and request context, read once.

Key names are case-insensitive and values become tuples of strings here, once per request, so
that every statement of every policy reads them as they are (``evaluator`` has the rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from components.proof.iam.policy_text import ContextValue, MultiValue, Values


@dataclass(frozen=True)
class Request:
    """One API call to authorize: action, resource ARN and request context.

    Context values are a string, a boolean, or a list of strings for multivalued keys such as
    ``aws:TagKeys``. Key names are case-insensitive, so they are lowercased once, here.
    """

    action: str
    resource: str
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    _action: str = field(init=False, repr=False, compare=False)
    _values: Values = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_action", self.action.lower())
        object.__setattr__(self, "_values", _context_values(self.context))


def _context_values(context: Mapping[str, ContextValue]) -> Values:
    """Lowercase the key names and turn every value into a tuple of strings.

    An empty list is left out: AWS treats a key that "resolves to a null dataset" like a missing
    one (condition operators page, ForAllValues).
    """
    values: Values = {}
    seen: set[str] = set()
    for key, value in context.items():
        name = key.lower()
        if name in seen:
            raise ValueError(f"context key {key!r} is given twice (key names are case-insensitive)")
        seen.add(name)
        if isinstance(value, str):
            values[name] = (value,)
        elif isinstance(value, bool):
            values[name] = (_contexttext(value, key),)
        elif items := tuple(value):
            values[name] = MultiValue(_contexttext(item, key) for item in items)
    return values


def _contexttext(item: object, key: str) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return item
    raise TypeError(f"context key {key!r}: values are strings or booleans, not {item!r}")
