"""Condition operators: one operator applied to one context key, as IAM evaluates it.

Part of the evaluator (``evaluator`` lists the rules and their IAM User Guide pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from components.proof.iam.policy_text import (
    Chunks,
    MultiValue,
    Operand,
    PolicyError,
    Values,
    arn_matcher,
    equal,
    equal_folded,
    folded_text,
    full,
    glob,
    parse,
    plain_text,
)

_OPERATOR = re.compile(r"(?:(ForAllValues|ForAnyValue):)?(\w+?)(IfExists)?")

_Test = Callable[[Any, str], bool]
#: Base operator -> (matcher builder, test, negated). Bool compares "true"/"false" ignoring case.
_OPERATORS: dict[str, tuple[Callable[[Chunks], Any], _Test, bool]] = {
    "StringEquals": (plain_text, equal, False),
    "StringNotEquals": (plain_text, equal, True),
    "StringEqualsIgnoreCase": (folded_text, equal_folded, False),
    "StringNotEqualsIgnoreCase": (folded_text, equal_folded, True),
    "StringLike": (glob, full, False),
    "StringNotLike": (glob, full, True),
    "ArnEquals": (arn_matcher, full, False),
    "ArnLike": (arn_matcher, full, False),
    "ArnNotEquals": (arn_matcher, full, True),
    "ArnNotLike": (arn_matcher, full, True),
    "Bool": (folded_text, equal_folded, False),
}


class Clause:
    """One operator applied to one condition key and its policy values."""

    __slots__ = ("arn", "if_exists", "key", "negated", "null", "operands", "set_op", "test")

    def __init__(self, operator: str, key: str, raw: Any, variables: bool) -> None:
        parsed = _OPERATOR.fullmatch(operator)
        base = parsed[2] if parsed else ""
        if not parsed or (base != "Null" and base not in _OPERATORS):
            raise PolicyError(f"condition operator {operator!r} is not supported")
        if base == "Null" and (parsed[1] or parsed[3]):
            raise PolicyError(f"{operator!r}: Null takes neither IfExists nor a set operator")
        if not isinstance(key, str) or ":" not in key or "${" in key:
            raise PolicyError(f"{operator}: condition key {key!r} is not a context key name")
        self.key = key.lower()
        self.arn = base.startswith("Arn")
        self.set_op: str | None = parsed[1]
        self.if_exists = bool(parsed[3])
        texts = condition_values(raw, f"{operator}/{key}")
        # Null and Bool take booleans only: the docs refuse variables with Null and disagree
        # about them with Bool, so a "${...}" value is refused for both.
        if base in ("Null", "Bool"):
            if any(text.lower() not in ("true", "false") for text in texts):
                raise PolicyError(f"{operator}/{key}: values must be 'true' or 'false'")
            texts = [text.lower() for text in texts]
        if base == "Null":
            self.null: frozenset[bool] | None = frozenset(text == "true" for text in texts)
            self.test: _Test = equal
            self.negated = False
            self.operands: tuple[Operand, ...] = ()
        else:
            self.null = None
            build, self.test, self.negated = _OPERATORS[base]
            self.operands = tuple(Operand(parse(text, variables), build) for text in texts)

    def holds(self, values: Values) -> bool:
        present = values.get(self.key)
        if self.null is not None:
            return (present is None) in self.null
        if present is None:
            if self.if_exists or self.set_op == "ForAllValues":
                return True
            return self.negated and self.set_op is None
        matchers = [m for operand in self.operands if (m := operand.matcher(values)) is not None]
        if self.arn:
            _require_arns(self.key, present)
        if self.set_op is None:
            # One value, no set operator: the common case, and the proof's hot path.
            if isinstance(present, MultiValue) or len(present) > 1:
                raise PolicyError(
                    f"{self.key!r} is a list of values (multivalued); use ForAllValues or "
                    "ForAnyValue"
                )
            return self._hit(matchers, present[0])
        hits = (self._hit(matchers, value) for value in present)
        return all(hits) if self.set_op == "ForAllValues" else any(hits)

    def _hit(self, matchers: list[Any], value: str) -> bool:
        """Whether ``value`` matches any of the values (none of them, for a negated operator)."""
        test = self.test
        for matcher in matchers:
            if test(matcher, value):
                return not self.negated
        return self.negated


def _require_arns(key: str, present: tuple[str, ...]) -> None:
    """An ``Arn*`` operator compares ARNs part by part; the docs do not say what it does with a
    request value that is not an ARN (match nothing? compare it as text?), so that is refused."""
    for value in present:
        if not value.startswith("arn:") or value.count(":") < 5:
            raise PolicyError(
                f"{key!r} is {value!r}, which is not an ARN (six colon-separated parts): "
                "what an Arn operator does with it is undocumented"
            )


def condition_values(raw: Any, where: str) -> list[str]:
    """Condition values: a string, number or boolean, or a non-empty list of them."""
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise PolicyError(f"{where}: no values")
    texts = []
    for item in items:
        if isinstance(item, bool):
            texts.append("true" if item else "false")
        elif isinstance(item, str | int):
            texts.append(str(item))
        else:
            raise PolicyError(f"{where}: unsupported value {item!r}")
    return texts
