"""Identity-based policy documents compiled: ``Policy`` and its ``Statement``s.

The grammar is checked as the IAM User Guide writes it (``evaluator`` lists the rules and their
pages); wildcards become regexes and key names are lowercased once, so that a compiled policy is
evaluated for many requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from components.proof.iam.conditions import Clause
from components.proof.iam.policy_text import (
    Operand,
    Part,
    PolicyError,
    Values,
    glob,
    parse,
    resource_matcher,
)
from components.proof.iam.request import Request

_VERSIONS = ("2012-10-17", "2008-10-17")
_STATEMENT_KEYS = frozenset(
    {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)
_SID = re.compile(r"[A-Za-z0-9]+")
_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[A-Za-z0-9_*?-]+")


class _Names:
    """Action or Resource patterns: exact names in a set, the rest in one regex."""

    __slots__ = ("_dynamic", "_exact", "_regex")

    def __init__(self, operands: list[Operand], exact: frozenset[str] = frozenset()) -> None:
        self._exact = exact
        static = [op.matcher({}).pattern for op in operands if not op.dynamic]
        self._regex = (
            re.compile("|".join(f"(?:{p})" for p in static), re.DOTALL) if static else None
        )
        self._dynamic = [op for op in operands if op.dynamic]

    def match(self, name: str, values: Values) -> bool:
        if name in self._exact or (self._regex is not None and self._regex.fullmatch(name)):
            return True
        return any(
            (m := op.matcher(values)) is not None and m.fullmatch(name) for op in self._dynamic
        )


def _strings(raw: Any, element: str) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(isinstance(item, str) and item for item in items):
        raise PolicyError(f"{element} must be a non-empty string or a non-empty list of them")
    return items


def _one_of(raw: Mapping[str, Any], first: str, second: str, where: str) -> tuple[str, Any]:
    given = [key for key in (first, second) if key in raw]
    if len(given) != 1:
        raise PolicyError(f"{where}: exactly one of {first} and {second} is required")
    return given[0], raw[given[0]]


class Statement:
    """One compiled statement; ``sid`` is its Sid or ``[policy:]Statement[index]``."""

    __slots__ = (
        "_actions",
        "_conditions",
        "_not_action",
        "_not_resource",
        "_resources",
        "effect",
        "sid",
    )

    def __init__(self, raw: Any, index: int, variables: bool, policy: str | None) -> None:
        where = f"Statement[{index}]"
        if not isinstance(raw, Mapping):
            raise PolicyError(f"{where} must be an object")
        for key in raw:
            if key in ("Principal", "NotPrincipal"):
                raise PolicyError(
                    f"{where}: {key} must not be included in an identity-based policy"
                )
            if key not in _STATEMENT_KEYS:
                raise PolicyError(f"{where}: unknown element {key!r}")
        sid = raw.get("Sid")
        if sid is not None and not (isinstance(sid, str) and _SID.fullmatch(sid)):
            raise PolicyError(f"{where}: Sid {sid!r} must be letters and digits only")
        self.sid: str = sid or (f"{policy}:{where}" if policy else where)
        effect = raw.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise PolicyError(f"{where}: Effect must be 'Allow' or 'Deny', not {effect!r}")
        self.effect: str = effect

        element, actions = _one_of(raw, "Action", "NotAction", where)
        self._not_action = element == "NotAction"
        names = [action.lower() for action in _strings(actions, f"{where}.{element}")]
        if bad := [name for name in names if not _ACTION.fullmatch(name)]:
            raise PolicyError(f"{where}: {element} {bad[0]!r} is not '*' or 'service:action'")
        wild = [Operand((("text", n, None),), glob) for n in names if "*" in n or "?" in n]
        self._actions = _Names(wild, frozenset(n for n in names if "*" not in n and "?" not in n))

        element, resources = _one_of(raw, "Resource", "NotResource", where)
        self._not_resource = element == "NotResource"
        operands = []
        for text in _strings(resources, f"{where}.{element}"):
            if text != "*" and not text.startswith("arn:"):
                raise PolicyError(f"{where}: {element} {text!r} must be '*' or an ARN")
            parts = parse(text, variables)
            if "var" in [kind for kind, _, _ in parts] and _static_prefix_colons(parts) < 5:
                raise PolicyError(f"{where}: variables in {element} belong after the fifth colon")
            operands.append(Operand(parts, resource_matcher))
        self._resources = _Names(operands)

        condition = raw.get("Condition", None)
        self._conditions: tuple[Clause, ...] = ()
        if condition is not None:
            if not isinstance(condition, Mapping) or not condition:
                raise PolicyError(f"{where}: Condition must be a non-empty object")
            clauses = []
            for operator, block in condition.items():
                if not isinstance(block, Mapping) or not block:
                    raise PolicyError(f"{where}: Condition {operator!r} must be a non-empty object")
                clauses += [Clause(operator, k, v, variables) for k, v in block.items()]
            self._conditions = tuple(clauses)

    def covers(self, action: str) -> bool:
        """Whether ``action`` (lowercased) is one this statement's Action or NotAction covers."""
        return self._actions.match(action, {}) != self._not_action

    def applies(self, request: Request, values: Values | None = None) -> bool:
        """Whether this statement's effect applies to a request whose action it covers.

        ``Policy.for_action`` has already matched the action, once per action. ``values`` are
        the request's context as one reading of it takes them (``evaluate``).
        """
        values = request._values if values is None else values
        if self._resources.match(request.resource, values) == self._not_resource:
            return False
        return all(clause.holds(values) for clause in self._conditions)


def _static_prefix_colons(parts: tuple[Part, ...]) -> int:
    """Colons before the first variable: Resource variables must follow the fifth."""
    colons = 0
    for kind, text, _ in parts:
        if kind == "var":
            break
        colons += text.count(":")
    return colons


class Policy:
    """A compiled identity-based policy document (JSON text or an already parsed mapping)."""

    def __init__(self, document: Mapping[str, Any] | str, name: str | None = None) -> None:
        self.name = name
        raw = _load(document)
        for key in raw:
            if key == "Id":
                raise PolicyError("Id must not be included in an identity-based policy")
            if key not in ("Version", "Statement"):
                raise PolicyError(f"unknown policy element {key!r}")
        # "If you don't include the Version element ... variables ... are treated as literal strings."
        self.version: str = raw.get("Version", "2008-10-17")
        if self.version not in _VERSIONS:
            raise PolicyError(f"Version must be one of {_VERSIONS}, not {self.version!r}")
        statements = raw.get("Statement")
        if isinstance(statements, Mapping):
            statements = [statements]
        if not isinstance(statements, list) or not statements:
            raise PolicyError("Statement must be an object or a non-empty list of objects")
        variables = self.version == "2012-10-17"
        self.raw_statements: tuple[Mapping[str, Any], ...] = tuple(statements)
        self.statements: tuple[Statement, ...] = tuple(
            Statement(statement, index, variables, name)
            for index, statement in enumerate(statements)
        )
        sids = [statement.get("Sid") for statement in statements if statement.get("Sid")]
        if duplicates := sorted({sid for sid in sids if sids.count(sid) > 1}):
            raise PolicyError(f"Sid must be unique within a policy: {', '.join(duplicates)}")
        self._by_action: dict[str, tuple[tuple[Statement, ...], tuple[Statement, ...]]] = {}

    def __repr__(self) -> str:
        return f"Policy(name={self.name!r}, statements={len(self.statements)})"

    def for_action(self, action: str) -> tuple[tuple[Statement, ...], tuple[Statement, ...]]:
        """The Deny and the Allow statements whose Action (or NotAction) covers ``action``.

        Actions hold no policy variables, so this depends on the action alone and is computed
        once per action: a proof that asks one action thousands of times skips the rest.
        """
        found = self._by_action.get(action)
        if found is None:
            matching = [s for s in self.statements if s.covers(action)]
            found = (
                tuple(s for s in matching if s.effect == "Deny"),
                tuple(s for s in matching if s.effect == "Allow"),
            )
            self._by_action[action] = found
        return found


def _load(document: Mapping[str, Any] | str) -> Mapping[str, Any]:
    if isinstance(document, str):
        try:
            document = json.loads(
                document, object_pairs_hook=_unique_keys, parse_constant=_no_constant
            )
        except json.JSONDecodeError as error:
            raise PolicyError(f"policy is not valid JSON: {error}") from error
    if not isinstance(document, Mapping):
        raise PolicyError("a policy document must be a JSON object")
    return document


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The grammar: "Individual elements must not contain multiple instances of the same key"."""
    keys = [key for key, _ in pairs]
    if duplicates := sorted({key for key in keys if keys.count(key) > 1}):
        raise PolicyError(f"key given twice in one element: {', '.join(duplicates)}")
    return dict(pairs)


def _no_constant(name: str) -> None:
    raise PolicyError(f"{name} is not JSON")
