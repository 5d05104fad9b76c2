"""Why a person has access, and until when: ``reason``, ``expires`` and ``review_after``.

Access granted without an end outlives the project it was granted for. A user file may say why
the person needs it (``reason``), the last day it holds (``expires``) and when someone should look
at it again (``review_after``); ``check`` warns before either date and ``expire`` ends what is past
(``access_checks`` judges, this module only reads). Dates have one form, ``YYYY-MM-DD``: YAML
reads an unquoted ``2025-06-30`` as a timestamp, which is accepted as the date it is, while a
date-time, a number or ``30/06/2025`` is refused with its line, so that nobody has to guess which
day ``06/07`` means.

"Today" is the UTC date, or ``STUDIO_ACCESS_TODAY`` when set: a nightly job in any timezone and a
rerun of an old job judge the same day the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime

import yaml

from components.core.fields import STR, FieldReader, kind
from components.core.problems import UsageError

#: Overrides today's date (``YYYY-MM-DD``) for every command that judges dates.
TODAY_ENV = "STUDIO_ACCESS_TODAY"
#: The keys that hold dates, in the order docs/users.md documents them.
DATE_KEYS = ("expires", "review_after")
#: A reason is a sentence or a ticket reference, not a document.
REASON_MAX = 1000
#: The one accepted form; ECMA-262 for the schema, ``\Z`` for Python (no final newline).
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def today(environ: Mapping[str, str] = os.environ) -> date:
    """Today's date in UTC, or the date ``STUDIO_ACCESS_TODAY`` names.

    Raises:
        UsageError: the variable is set but is not a ``YYYY-MM-DD`` date.
    """
    text = environ.get(TODAY_ENV, "")
    if not text:
        return datetime.now(UTC).date()
    value = parse_date(text)
    if value is None:
        raise UsageError(f"{TODAY_ENV}={text!r} is not a date in the form YYYY-MM-DD")
    return value


def parse_date(text: str) -> date | None:
    """``text`` as a date when it is exactly ``YYYY-MM-DD`` and a day of the calendar."""
    if not _DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_access(
    reader: FieldReader, fields: dict[str, yaml.Node]
) -> tuple[str | None, date | None, date | None]:
    """``(reason, expires, review_after)`` of a user file, each ``None`` when absent or invalid.

    Every invalid value is reported on ``reader`` at its line and column.
    """
    reason = reader.string(fields, "reason", _check_reason)
    expires = _read_date(reader, fields.get("expires"), "expires")
    review_after = _read_date(reader, fields.get("review_after"), "review_after")
    return reason, expires, review_after


def _read_date(reader: FieldReader, node: yaml.Node | None, key: str) -> date | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (STR, _TIMESTAMP):
        example = f"for example {key}: 2025-06-30"
        reader.report(node, f"{key} must be a date YYYY-MM-DD, got {kind(node)} ({example})")
        return None
    text = node.value.strip()
    problem = date_problem(key, text, timestamp=node.tag == _TIMESTAMP)
    if problem:
        reader.report(node, problem)
        return None
    return parse_date(text)


def date_problem(key: str, text: str, *, timestamp: bool = False) -> str | None:
    """Why ``text`` is not a date for ``key``, or ``None``: the one wording of the rule, which
    ``read-request`` gives too, so that an access request hears what the user file would.

    Args:
        timestamp: YAML read the value as a timestamp (a date-time): its time of day is named.
    """
    if parse_date(text) is not None:
        return None
    if timestamp and parse_date(text[:10]) is not None:
        return f"{key} {text!r} has a time of day; write the date alone: {key}: {text[:10]}"
    if _DATE_RE.match(text):
        return f"{key} {text!r} is not a day of the calendar"
    return f"{key} {text!r} is not a date in the form YYYY-MM-DD (for example {key}: 2025-06-30)"


def _check_reason(value: str) -> str | None:
    if not value.strip():
        return "reason is empty: say why this person needs access (a sentence or a ticket)"
    if len(value) > REASON_MAX:
        return f"reason is {len(value)} characters; at most {REASON_MAX}"
    return None
