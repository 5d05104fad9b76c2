"""A small, strict evaluator for the identity-based IAM policies of one principal.

Why it exists: the isolation this project provides is a property of a policy *text*, and there is
no AWS on the machines that must prove it. The tests that show each attack is blocked, and
``check`` (which proves isolation for every user of a roster), evaluate that text here. A Deny
reported here that AWS would not apply is a false proof, so every rule below follows the IAM User
Guide, and anything this module does not implement raises ``PolicyError`` instead of being skipped.
A document is compiled once (wildcards become regexes, key names are lowercased) and then
evaluated for many requests. Standard library only; this module never imports pulumi.

Rules, with their IAM User Guide pages (https://docs.aws.amazon.com/IAM/latest/UserGuide/…):

* Explicit Deny beats Allow; without an applicable Allow the request is implicitly denied
  (reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html).
* Grammar: ``Version`` is ``2012-10-17`` or ``2008-10-17``; ``Id``, ``Principal`` and
  ``NotPrincipal`` "must not be included in identity-based policies"; an element must not hold
  the same key twice; ``Sid`` is alphanumeric (reference_policies_grammar.html) and unique within
  the policy (reference_policies_elements_sid.html).
* Actions: "The prefix and the action name are case insensitive" (…_elements_action.html);
  ``NotAction``/``NotResource`` match everything except what they list (…_elements_notaction.html,
  …_elements_notresource.html).
* Resources: case-sensitive; ``*`` and ``?`` work within a colon-separated segment, but "If the
  ``*`` wildcard is the last character of a resource ARN segment, it can expand to match beyond
  the colon boundaries"; after the fifth colon (the resource part) ``*`` crosses ``/`` and ``:``;
  variables are allowed only in that part (…_elements_resource.html).
* Policy variables (reference_policies_variables.html): only with Version ``2012-10-17``
  (otherwise literal text); ``${*}``, ``${?}``, ``${$}`` stand for those characters;
  ``${key, 'default'}`` supplies a default; a multivalued key cannot be a variable. "Policy
  variables with no value": a variable whose key has no value is "effectively null. There is no
  equal or like value", so ``StringEquals``/``StringLike`` do not match it, while "Inverted
  condition operators like StringNotEquals or StringNotLike do match against a null value"; in
  ``Resource``/``NotResource`` such an entry "will not match any resource". Here a value holding
  such a variable is dropped from its list, so it equals nothing: a negated operator whose values
  all drop matches (the design's Deny applies to an untagged principal).
* Conditions (…_elements_condition.html, …_elements_condition_operators.html,
  reference_policies_condition-logic-multiple-context-keys-or-values.html,
  reference_policies_condition-single-vs-multi-valued-context-keys.html): key names are
  case-insensitive; operators AND; keys in one operator AND; values of one key OR, or NOR for a
  negated operator. A key missing from the request: a negated operator matches, any other does
  not, except that ``…IfExists`` matches, ``ForAllValues`` matches ("also returns true if there
  are no context keys") and ``ForAnyValue`` does not; ``Null`` tests presence. ``ForAllValues``:
  every request value must match; ``ForAnyValue``: at least one. ``Arn*`` operators check the six
  colon-separated parts one by one. A key with several request values needs a set operator
  ("Multivalued context keys require a condition set operator"); the docs do not say what
  happens without one, so that raises ``PolicyError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["Decision", "Policy", "PolicyError", "Request", "Statement", "evaluate"]

ContextValue = str | bool | Sequence[str]
_Values = dict[str, tuple[str, ...]]
#: Resolved policy text: (text, wildcards_active) pieces. Escapes and variable values are literal.
_Chunks = tuple[tuple[str, bool], ...]
#: A parsed Resource entry or condition value: ("text" | "literal" | "var", text or key, default).
_Part = tuple[str, str, str | None]

_VERSIONS = ("2012-10-17", "2008-10-17")
_STATEMENT_KEYS = frozenset(
    {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)
_SID = re.compile(r"[A-Za-z0-9]+")
_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[A-Za-z0-9_*?-]+")
_VARIABLE = re.compile(r"\$\{([^{}]*)\}")
_VARIABLE_BODY = re.compile(r"([^\s,'${}]+)(?:\s*,\s*'([^']*)')?")
_OPERATOR = re.compile(r"(?:(ForAllValues|ForAnyValue):)?(\w+?)(IfExists)?")


class PolicyError(ValueError):
    """A malformed policy, or an element or operator this evaluator does not implement.

    Raised rather than ignored: skipping what is not understood could report a Deny that AWS
    would not apply, and so prove an isolation that does not exist.
    """


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
    _values: _Values = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_action", self.action.lower())
        object.__setattr__(self, "_values", _context_values(self.context))


@dataclass(frozen=True)
class Decision:
    """The outcome: ``effect`` is ``Allow``, ``Deny`` (explicit) or ``ImplicitDeny``.

    ``sid`` and ``policy`` name the deciding statement: the first matching Deny, else the first
    matching Allow; both are ``None`` for an implicit deny.
    """

    allowed: bool
    effect: str
    sid: str | None
    policy: str | None


def _context_values(context: Mapping[str, ContextValue]) -> _Values:
    """Lowercase the key names and turn every value into a tuple of strings.

    An empty list is left out: AWS treats a key that "resolves to a null dataset" like a missing
    one (condition operators page, ForAllValues).
    """
    values: _Values = {}
    seen: set[str] = set()
    for key, value in context.items():
        name = key.lower()
        if name in seen:
            raise ValueError(f"context key {key!r} is given twice (key names are case-insensitive)")
        seen.add(name)
        if isinstance(value, str):
            values[name] = (value,)
        elif items := (value,) if isinstance(value, bool) else tuple(value):
            values[name] = tuple(_context_text(item, key) for item in items)
    return values


def _context_text(item: object, key: str) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return item
    raise TypeError(f"context key {key!r}: values are strings or booleans, not {item!r}")


# --- policy text: variables and wildcards -------------------------------------------------------


def _parse(text: str, variables: bool) -> tuple[_Part, ...]:
    """Split policy text into wildcard text, escaped characters and variables."""
    if not variables:
        return (("text", text, None),)
    parts: list[_Part] = []
    pos = 0
    for found in _VARIABLE.finditer(text):
        parts.append(("text", text[pos : found.start()], None))
        body = found.group(1)
        if body in ("*", "?", "$"):
            parts.append(("literal", body, None))
        elif variable := _VARIABLE_BODY.fullmatch(body):
            parts.append(("var", variable[1].lower(), variable[2]))
        else:
            raise PolicyError(f"malformed policy variable {found.group(0)!r} in {text!r}")
        pos = found.end()
    parts.append(("text", text[pos:], None))
    if any(kind == "text" and "${" in piece for kind, piece, _ in parts):
        raise PolicyError(f"unterminated policy variable in {text!r}")
    return tuple(part for part in parts if part[1] or part[0] == "var")


def _resolve(parts: tuple[_Part, ...], values: _Values) -> _Chunks | None:
    """Substitute variables; ``None`` when one has no value and no default (it is "null")."""
    chunks: list[tuple[str, bool]] = []
    for kind, text, default in parts:
        if kind != "var":
            chunks.append((text, kind == "text"))
            continue
        value = values.get(text)
        if value is None:
            if default is None:
                return None
            chunks.append((default, False))
        elif len(value) > 1:
            raise PolicyError(
                f"${{{text}}} has several values; a multivalued key cannot be a variable"
            )
        else:
            chunks.append((value[0], False))
    return tuple(chunks)


def _regex(chunks: _Chunks, mode: str) -> re.Pattern[str]:
    """Translate ``*`` and ``?`` to a regex.

    ``glob`` (actions, ``StringLike``): plain wildcards over the whole string. ``resource`` and
    ``arn``: in the first five colon-separated segments a wildcard stays inside its segment,
    except that in ``resource`` a ``*`` ending a segment may run past colons; after the fifth
    colon both run freely. ``arn`` requires the six segments.
    """
    chars = [(char, wild) for text, wild in chunks for char in text]
    out: list[str] = []
    colons = 0
    for i, (char, wild) in enumerate(chars):
        free = mode == "glob" or colons >= 5
        if wild and char == "*":
            ends_segment = i + 1 == len(chars) or chars[i + 1][0] == ":"
            out.append(".*" if free or (mode == "resource" and ends_segment) else "[^:]*")
        elif wild and char == "?":
            out.append("." if free else "[^:]")
        else:
            out.append(re.escape(char))
        colons += char == ":"
    if mode == "arn" and colons < 5:
        text = "".join(text for text, _ in chunks)
        raise PolicyError(f"{text!r} is not an ARN (six colon-separated parts) for an Arn operator")
    return re.compile("".join(out), re.DOTALL)


def _text(chunks: _Chunks) -> str:
    return "".join(text for text, _ in chunks)


def _folded(chunks: _Chunks) -> str:
    return _text(chunks).lower()


@lru_cache(maxsize=8192)
def _glob(chunks: _Chunks) -> re.Pattern[str]:
    return _regex(chunks, "glob")


@lru_cache(maxsize=8192)
def _arn(chunks: _Chunks) -> re.Pattern[str]:
    return _regex(chunks, "arn")


@lru_cache(maxsize=8192)
def _resource(chunks: _Chunks) -> re.Pattern[str]:
    return _regex(chunks, "resource")


def _equal(matcher: str, value: str) -> bool:
    return matcher == value


def _equal_folded(matcher: str, value: str) -> bool:
    return matcher == value.lower()


def _full(matcher: re.Pattern[str], value: str) -> bool:
    return matcher.fullmatch(value) is not None


class _Operand:
    """One Resource entry or condition value, compiled once.

    Without variables its matcher (a string or a regex) is built here; with variables it is
    built per request from the substituted text, through the regex caches above.
    """

    __slots__ = ("_build", "_parts", "_static", "dynamic")

    def __init__(self, parts: tuple[_Part, ...], build: Callable[[_Chunks], Any]) -> None:
        self._parts = parts
        self._build = build
        self.dynamic = any(kind == "var" for kind, _, _ in parts)
        self._static = None if self.dynamic else build(_resolve(parts, {}) or ())

    def matcher(self, values: _Values) -> Any:
        """The matcher for this request, or ``None`` if a variable has no value."""
        if not self.dynamic:
            return self._static
        chunks = _resolve(self._parts, values)
        return None if chunks is None else self._build(chunks)


# --- conditions ---------------------------------------------------------------------------------

_Test = Callable[[Any, str], bool]
#: Base operator -> (matcher builder, test, negated). Bool compares "true"/"false" ignoring case.
_OPERATORS: dict[str, tuple[Callable[[_Chunks], Any], _Test, bool]] = {
    "StringEquals": (_text, _equal, False),
    "StringNotEquals": (_text, _equal, True),
    "StringEqualsIgnoreCase": (_folded, _equal_folded, False),
    "StringNotEqualsIgnoreCase": (_folded, _equal_folded, True),
    "StringLike": (_glob, _full, False),
    "StringNotLike": (_glob, _full, True),
    "ArnEquals": (_arn, _full, False),
    "ArnLike": (_arn, _full, False),
    "ArnNotEquals": (_arn, _full, True),
    "ArnNotLike": (_arn, _full, True),
    "Bool": (_folded, _equal_folded, False),
}


class _Clause:
    """One operator applied to one condition key and its policy values."""

    __slots__ = ("if_exists", "key", "negated", "null", "operands", "set_op", "test")

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
        self.set_op: str | None = parsed[1]
        self.if_exists = bool(parsed[3])
        texts = _condition_values(raw, f"{operator}/{key}")
        # Null and Bool take booleans only: the docs refuse variables with Null and disagree
        # about them with Bool, so a "${...}" value is refused for both.
        if base in ("Null", "Bool"):
            if any(text.lower() not in ("true", "false") for text in texts):
                raise PolicyError(f"{operator}/{key}: values must be 'true' or 'false'")
            texts = [text.lower() for text in texts]
        if base == "Null":
            self.null: frozenset[bool] | None = frozenset(text == "true" for text in texts)
            self.test, self.negated, self.operands = _equal, False, ()
        else:
            self.null = None
            build, self.test, self.negated = _OPERATORS[base]
            self.operands = tuple(_Operand(_parse(text, variables), build) for text in texts)

    def holds(self, values: _Values) -> bool:
        present = values.get(self.key)
        if self.null is not None:
            return (present is None) in self.null
        if present is None:
            if self.if_exists or self.set_op == "ForAllValues":
                return True
            return self.negated and self.set_op is None
        matchers = [m for operand in self.operands if (m := operand.matcher(values)) is not None]
        test, negated = self.test, self.negated
        hits = (any(test(m, value) for m in matchers) != negated for value in present)
        if self.set_op == "ForAllValues":
            return all(hits)
        if self.set_op == "ForAnyValue":
            return any(hits)
        if len(present) > 1:
            raise PolicyError(f"{self.key!r} has several values; use ForAllValues or ForAnyValue")
        return next(hits)


def _condition_values(raw: Any, where: str) -> list[str]:
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


# --- statements and policies --------------------------------------------------------------------


class _Names:
    """Action or Resource patterns: exact names in a set, the rest in one regex."""

    __slots__ = ("_dynamic", "_exact", "_regex")

    def __init__(self, operands: list[_Operand], exact: frozenset[str] = frozenset()) -> None:
        self._exact = exact
        static = [op.matcher({}).pattern for op in operands if not op.dynamic]
        self._regex = (
            re.compile("|".join(f"(?:{p})" for p in static), re.DOTALL) if static else None
        )
        self._dynamic = [op for op in operands if op.dynamic]

    def match(self, name: str, values: _Values) -> bool:
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
        wild = [_Operand((("text", n, None),), _glob) for n in names if "*" in n or "?" in n]
        self._actions = _Names(wild, frozenset(n for n in names if "*" not in n and "?" not in n))

        element, resources = _one_of(raw, "Resource", "NotResource", where)
        self._not_resource = element == "NotResource"
        operands = []
        for text in _strings(resources, f"{where}.{element}"):
            if text != "*" and not text.startswith("arn:"):
                raise PolicyError(f"{where}: {element} {text!r} must be '*' or an ARN")
            parts = _parse(text, variables)
            if "var" in [kind for kind, _, _ in parts] and _static_prefix_colons(parts) < 5:
                raise PolicyError(f"{where}: variables in {element} belong after the fifth colon")
            operands.append(_Operand(parts, _resource))
        self._resources = _Names(operands)

        condition = raw.get("Condition", None)
        self._conditions: tuple[_Clause, ...] = ()
        if condition is not None:
            if not isinstance(condition, Mapping) or not condition:
                raise PolicyError(f"{where}: Condition must be a non-empty object")
            clauses = []
            for operator, block in condition.items():
                if not isinstance(block, Mapping) or not block:
                    raise PolicyError(f"{where}: Condition {operator!r} must be a non-empty object")
                clauses += [_Clause(operator, k, v, variables) for k, v in block.items()]
            self._conditions = tuple(clauses)

    def applies(self, request: Request) -> bool:
        """Whether this statement's effect applies to the request."""
        values = request._values
        if self._actions.match(request._action, values) == self._not_action:
            return False
        if self._resources.match(request.resource, values) == self._not_resource:
            return False
        return all(clause.holds(values) for clause in self._conditions)


def _static_prefix_colons(parts: tuple[_Part, ...]) -> int:
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
        self.statements: tuple[Statement, ...] = tuple(
            Statement(statement, index, variables, name)
            for index, statement in enumerate(statements)
        )
        sids = [statement.get("Sid") for statement in statements if statement.get("Sid")]
        if duplicates := sorted({sid for sid in sids if sids.count(sid) > 1}):
            raise PolicyError(f"Sid must be unique within a policy: {', '.join(duplicates)}")
        self._denies = tuple(s for s in self.statements if s.effect == "Deny")
        self._allows = tuple(s for s in self.statements if s.effect == "Allow")

    def __repr__(self) -> str:
        return f"Policy(name={self.name!r}, statements={len(self.statements)})"


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


def evaluate(policies: Sequence[Policy], request: Request) -> Decision:
    """Decide a request against all identity-based policies of one principal.

    Every Deny is checked before any Allow, because an explicit Deny wins wherever it is.
    """
    for policy in policies:
        for statement in policy._denies:
            if statement.applies(request):
                return Decision(False, "Deny", statement.sid, policy.name)
    for policy in policies:
        for statement in policy._allows:
            if statement.applies(request):
                return Decision(True, "Allow", statement.sid, policy.name)
    return Decision(False, "ImplicitDeny", None, None)
