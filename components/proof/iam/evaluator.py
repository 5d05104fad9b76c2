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
  colon-separated parts one by one. A key the request gives as a list is multivalued, even with
  one element, and needs a set operator ("Multivalued context keys require a condition set
  operator"); the docs do not say what happens without one, so that raises ``PolicyError``.
* Where the docs leave AWS's reading open, ``PolicyError`` rather than a guess: an ``Arn*``
  operator on a request value that is not an ARN; an empty value (``""``) under
  ``${key, 'default'}`` when reading it as empty or as missing decides differently.
* ``sts:GetCallerIdentity`` needs no permission and is never denied (STS API Reference).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from components.proof.iam.conditions import Clause
from components.proof.iam.policy_text import (
    EMPTY_READS_AS_MISSING,
    ContextValue,
    MultiValue,
    Operand,
    Part,
    PolicyError,
    Values,
    glob,
    parse,
    resource_matcher,
)

__all__ = ["Decision", "Policy", "PolicyError", "Request", "Statement", "evaluate"]


_VERSIONS = ("2012-10-17", "2008-10-17")
_STATEMENT_KEYS = frozenset(
    {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)
_SID = re.compile(r"[A-Za-z0-9]+")
_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[A-Za-z0-9_*?-]+")


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


# --- statements and policies --------------------------------------------------------------------


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


#: How a decision names the service control policies as a whole when none of them allows.
SCP_LAYER = "service control policies"


#: "No permissions are required to perform this operation. If an administrator attaches a policy
#: to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can
#: still perform this operation" (STS API Reference, GetCallerIdentity).
NEVER_DENIED = frozenset({"sts:getcalleridentity"})
#: How a decision names what allowed an action that no policy can deny.
NO_POLICY_NEEDED = "no permission required"


def evaluate(
    policies: Sequence[Policy], request: Request, scps: Sequence[Policy] | None = None
) -> Decision:
    """Decide a request against all identity-based policies of one principal.

    Every Deny is checked before any Allow, because an explicit Deny wins wherever it is.

    With ``scps`` (the service control policies that apply to the principal's account, for
    example ``FullAWSAccess`` and an organization guard), the request also needs an Allow from
    them: "SCPs don't grant permissions"; a principal is allowed only what both its identity
    policies and the SCPs allow, and an explicit Deny in either wins
    (reference_policies_evaluation-logic_policy-eval-denyallow.html, orgs_manage_policies_scps.html).
    Principals that no SCP binds (the management account, service-linked roles) are evaluated
    without ``scps``.

    ``sts:GetCallerIdentity`` is allowed whatever the policies say, as AWS does. A request with an
    empty single value (a tag set to ``""``) is decided twice: with ``${key, 'default'}`` taking
    the empty value, and taking the default; the IAM User Guide does not say which one AWS does.

    Raises:
        PolicyError: the two readings of an empty value decide differently, or a policy uses
            something this evaluator does not implement.
    """
    if request._action in NEVER_DENIED:
        return Decision(True, "Allow", None, NO_POLICY_NEEDED)
    decision = _decide(policies, request, scps, request._values)
    if ("",) in request._values.values():
        other = _decide(policies, request, scps, {**request._values, EMPTY_READS_AS_MISSING: ("",)})
        if (other.allowed, other.effect) != (decision.allowed, decision.effect):
            empty = sorted(k for k, v in request._values.items() if v == ("",))
            raise PolicyError(
                f"{request.action} on {request.resource}: the empty value of "
                f"{', '.join(empty)} decides differently when ${{key, 'default'}} reads it as "
                f"empty ({decision.effect}) or as missing ({other.effect}); AWS does not "
                "document which reading it takes, so the policy must not depend on it"
            )
    return decision


def _decide(
    policies: Sequence[Policy], request: Request, scps: Sequence[Policy] | None, values: Values
) -> Decision:
    layers = [policies] if scps is None else [scps, policies]
    for layer in layers:
        for policy in layer:
            for statement in policy.for_action(request._action)[0]:
                if statement.applies(request, values):
                    return Decision(False, "Deny", statement.sid, policy.name)
    if scps is not None and _first_allow(scps, request, values) is None:
        return Decision(False, "ImplicitDeny", None, SCP_LAYER)
    if allow := _first_allow(policies, request, values):
        policy, statement = allow
        return Decision(True, "Allow", statement.sid, policy.name)
    return Decision(False, "ImplicitDeny", None, None)


def _first_allow(
    policies: Sequence[Policy], request: Request, values: Values
) -> tuple[Policy, Statement] | None:
    for policy in policies:
        for statement in policy.for_action(request._action)[1]:
            if statement.applies(request, values):
                return policy, statement
    return None
