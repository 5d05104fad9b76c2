"""A JSON answer checked against the operation's output shape, before botocore parses it.

botocore's JSON parsers trust the body: a string where the model has a list is iterated letter by
letter, a number where it has a string is handed on as a number, a ``null`` inside a list becomes
``None``. The commands would then fail far from the cause (``'int' object has no attribute
'lower'``) or, worse, read nonsense as an answer. The service model botocore already loaded says
what each field is, so a body whose fields are not what the model says is refused here, naming
the field, as an answer that is not the AWS API's (``protocol.check_response``).

A ``null`` member is accepted (botocore reads it as absent, and a field the commands need is
checked after parsing: ``protocol.REQUIRED``); a ``null`` inside a list or map is not: AWS never
sends one. Fields the model does not know are ignored, as botocore ignores them.
"""

from __future__ import annotations

from typing import Any

from botocore.utils import parse_timestamp

#: JSON value -> how a message names its type.
_NAMES = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
#: Model type -> what a message says the field should be.
_WANTED = {
    "structure": "an object",
    "map": "an object",
    "list": "a list",
    "string": "a string",
    "blob": "a string",
    "integer": "a whole number",
    "long": "a whole number",
    "float": "a number",
    "double": "a number",
    "boolean": "true or false",
    "timestamp": "a time",
}
_FLOAT_WORDS = ("NaN", "Infinity", "-Infinity")


def body_problem(output_shape: Any, body: Any) -> str | None:
    """What is wrong with the JSON ``body`` of a successful answer, or ``None``.

    A rest-json output's members that come from headers or the status code are not in the body,
    and one with a ``payload`` is that member alone.
    """
    if output_shape is None:
        return None
    payload = output_shape.serialization.get("payload")
    if payload:
        member = output_shape.members[payload]
        return _problem(member, body, payload) if member.type_name == "structure" else None
    return _structure(output_shape, body, "", body_only=True)


def _problem(shape: Any, value: Any, path: str) -> str | None:
    kind = shape.type_name
    if getattr(shape, "is_document_type", False):
        return None
    if kind == "structure":
        return _structure(shape, value, path)
    if kind == "list":
        return _list(shape, value, path)
    if kind == "map":
        return _map(shape, value, path)
    if _scalar_fits(kind, value):
        return None
    return _wrong(kind, value, path)


def _structure(shape: Any, value: Any, path: str, body_only: bool = False) -> str | None:
    if not isinstance(value, dict):
        return _wrong("structure", value, path or "the body")
    for name, member in shape.members.items():
        if body_only and member.serialization.get("location"):
            continue
        key = member.serialization.get("name", name)
        item = value.get(key)
        if item is not None:
            problem = _problem(member, item, f"{path}.{key}" if path else key)
            if problem:
                return problem
    return None


def _list(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, list):
        return _wrong("list", value, path)
    for index, item in enumerate(value):
        problem = _problem(shape.member, item, f"{path}[{index}]")
        if problem:
            return problem
    return None


def _map(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, dict):
        return _wrong("map", value, path)
    for key, item in value.items():
        problem = _problem(shape.value, item, f"{path}[{key!r}]")
        if problem:
            return problem
    return None


def _scalar_fits(kind: str, value: Any) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind in ("string", "blob", "character"):
        return isinstance(value, str)
    if kind in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("float", "double"):
        return number or value in _FLOAT_WORDS
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "timestamp":
        return number or (isinstance(value, str) and _is_time(value))
    return True  # a type this check does not know is left to botocore


def _is_time(text: str) -> bool:
    try:
        parse_timestamp(text)
    except (ValueError, OverflowError, OSError):
        return False
    return True


def _wrong(kind: str, value: Any, path: str) -> str:
    found = "null" if value is None else _NAMES.get(type(value), f"the number {value!r}")
    if isinstance(value, str):
        found = f"the string {_clip(value)}"
    return f"{path} is {found}, where the service sends {_WANTED.get(kind, kind)}"


def _clip(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")
