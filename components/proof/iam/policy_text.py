"""Policy text: policy variables and wildcards, compiled into matchers once per document.

Part of the evaluator (``evaluator`` has the rules and their IAM User Guide pages); kept apart so
each module does one job. Here: ``${key}`` and ``${key, 'default'}`` variables, the ``${*}``
escapes, and ``*``/``?`` wildcards with AWS's segment rules for ARNs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

ContextValue = str | bool | Sequence[str]


class MultiValue(tuple[str, ...]):
    """The values of a key the request gave as a list: multivalued even with one element.

    IAM tells single-valued from multivalued keys by the key, not by how many values one request
    has ("Single-valued vs. multivalued context keys"): ``aws:TagKeys`` with one tag is still a
    set, which needs a set operator and cannot be a policy variable.
    """

    __slots__ = ()


Values = dict[str, tuple[str, ...]]
#: A key no request can hold (context keys are ``service:name``): present in ``Values`` when an
#: empty tag value is to be read as "no value" by ``${key, 'default'}`` (``evaluator`` tries both
#: readings, since the IAM User Guide does not say which one AWS takes).
EMPTY_READS_AS_MISSING = "\x00empty-reads-as-missing"
#: Resolved policy text: (text, wildcards_active) pieces. Escapes and variable values are literal.
Chunks = tuple[tuple[str, bool], ...]
#: A parsed Resource entry or condition value: ("text" | "literal" | "var", text or key, default).
Part = tuple[str, str, str | None]

_VARIABLE = re.compile(r"\$\{([^{}]*)\}")
_WILDCARDS = re.compile(r"[*?]")
_VARIABLE_BODY = re.compile(r"([^\s,'${}]+)(?:\s*,\s*'([^']*)')?")


class PolicyError(ValueError):
    """A malformed policy, or an element or operator this evaluator does not implement.

    Raised rather than ignored: skipping what is not understood could report a Deny that AWS
    would not apply, and so prove an isolation that does not exist.
    """


def parse(text: str, variables: bool) -> tuple[Part, ...]:
    """Split policy text into wildcard text, escaped characters and variables."""
    if not variables:
        return (("text", text, None),)
    parts: list[Part] = []
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


def resolve(parts: tuple[Part, ...], values: Values) -> Chunks | None:
    """Substitute variables; ``None`` when one has no value and no default (it is "null")."""
    chunks: list[tuple[str, bool]] = []
    for kind, text, default in parts:
        if kind != "var":
            chunks.append((text, kind == "text"))
            continue
        value = values.get(text)
        if value == ("",) and default is not None and EMPTY_READS_AS_MISSING in values:
            value = None
        if value is None:
            if default is None:
                return None
            chunks.append((default, False))
        elif isinstance(value, MultiValue) or len(value) > 1:
            raise PolicyError(
                f"${{{text}}} is a list of values; a multivalued key cannot be a variable"
            )
        else:
            chunks.append((value[0], False))
    return tuple(chunks)


def regex(chunks: Chunks, mode: str) -> re.Pattern[str]:
    """Translate ``*`` and ``?`` to a regex.

    ``glob`` (actions, ``StringLike``): plain wildcards over the whole string. ``resource`` and
    ``arn``: in the first five colon-separated segments a wildcard stays inside its segment,
    except that in ``resource`` a ``*`` ending a segment may run past colons; after the fifth
    colon both run freely. ``arn`` requires the six segments.
    """
    text = "".join(piece for piece, _ in chunks)
    out: list[str] = []
    colons = 0
    start = 0  # where the current chunk starts in ``text``
    for piece, wild in chunks:
        done = 0  # what of ``piece`` is in ``out``; only wildcards need a look at their place
        for found in _WILDCARDS.finditer(piece) if wild else ():
            plain = piece[done : found.start()]
            out.append(re.escape(plain))
            colons += plain.count(":")
            free = mode == "glob" or colons >= 5
            if found[0] == "*":
                after = start + found.end()
                ends_segment = after == len(text) or text[after] == ":"
                out.append(".*" if free or (mode == "resource" and ends_segment) else "[^:]*")
            else:
                out.append("." if free else "[^:]")
            done = found.end()
        out.append(re.escape(piece[done:]))
        colons += piece.count(":", done)
        start += len(piece)
    if mode == "arn" and colons < 5:
        raise PolicyError(f"{text!r} is not an ARN (six colon-separated parts) for an Arn operator")
    return re.compile("".join(out), re.DOTALL)


def plain_text(chunks: Chunks) -> str:
    return "".join(text for text, _ in chunks)


def folded_text(chunks: Chunks) -> str:
    return plain_text(chunks).lower()


@lru_cache(maxsize=8192)
def glob(chunks: Chunks) -> re.Pattern[str]:
    return regex(chunks, "glob")


@lru_cache(maxsize=8192)
def arn_matcher(chunks: Chunks) -> re.Pattern[str]:
    return regex(chunks, "arn")


@lru_cache(maxsize=8192)
def resource_matcher(chunks: Chunks) -> re.Pattern[str]:
    return regex(chunks, "resource")


def equal(matcher: str, value: str) -> bool:
    return matcher == value


def equal_folded(matcher: str, value: str) -> bool:
    return matcher == value.lower()


def full(matcher: re.Pattern[str], value: str) -> bool:
    return matcher.fullmatch(value) is not None


class Operand:
    """One Resource entry or condition value, compiled once.

    Without variables its matcher (a string or a regex) is built here; with variables it is
    built per request from the substituted text, through the regex caches above.
    """

    __slots__ = ("_build", "_parts", "_static", "dynamic")

    def __init__(self, parts: tuple[Part, ...], build: Callable[[Chunks], Any]) -> None:
        self._parts = parts
        self._build = build
        self.dynamic = any(kind == "var" for kind, _, _ in parts)
        self._static = None if self.dynamic else build(resolve(parts, {}) or ())

    def matcher(self, values: Values) -> Any:
        """The matcher for this request, or ``None`` if a variable has no value."""
        if not self.dynamic:
            return self._static
        chunks = resolve(self._parts, values)
        return None if chunks is None else self._build(chunks)
