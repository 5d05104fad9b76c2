"""Read the body GitHub renders from the "Access request" issue form into ``new-user``'s values.

GitHub writes a submitted form as Markdown: for each field, ``### <label>``, a blank line, and
the value (``_No response_`` when left empty). The labels below must be the form's
(``.github/ISSUE_TEMPLATE/access-request.yml``; a test keeps them equal). The body is the
requester's text, so nothing here trusts it: a heading that appears twice, a missing heading or
an unknown kind of principal is a problem, and the values are only read, never run; ``new-user``
and ``check`` judge them afterwards.

A kind of principal the form offers names its dropdown option (``Kind.issue_form_label``); the
form's dropdown and the workflow's ``case``, which turns the kind into ``new-user``'s options, list
it too.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from components import kinds
from components.core.access_dates import date_problem
from components.core.problems import InputError, Problem
from components.roster.user_file import id_problem

#: ``(output name, the form's label)``, in the form's order.
FIELDS = (
    ("id", "User id"),
    ("email", "E-mail"),
    ("kind", "Kind of principal"),
    ("trusted", "Trusted principals"),
    ("team", "Team"),
    ("reason", "Reason"),
    ("expires", "Expires"),
)
#: The form's required fields.
REQUIRED = ("id", "kind", "reason", "expires")
#: The dropdown's options and the kind each one names (the workflow's ``case`` takes the kind).
KINDS = {kind.issue_form_label: kind.name for kind in kinds.KINDS if kind.issue_form_label}
#: What GitHub writes for a field left empty.
NO_RESPONSE = "_No response_"
#: Where problems with the request are reported.
SOURCE = "access request"


@dataclass(frozen=True)
class Request:
    """The values of one access request, as ``new-user`` takes them (``""``: not given)."""

    values: Mapping[str, str]

    def github_output(self) -> str:
        """The values in the syntax of ``$GITHUB_OUTPUT``, each between its own random delimiter.

        A random delimiter per value is what GitHub documents for multiline outputs: a value can
        never end its own block early, nor set another output.
        """
        blocks = []
        for name, value in self.values.items():
            delimiter = f"studio_access_{secrets.token_hex(16)}"
            blocks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
        return "".join(blocks)


def read_request(body: str) -> Request:
    """The values of the form's rendered ``body``.

    Raises:
        InputError: every problem found (not the form's body, a heading twice, a required value
            missing, an unknown kind of principal).
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    labels = {label: name for name, label in FIELDS}
    sections: dict[str, list[str]] = {}
    problems: list[Problem] = []
    current: list[str] | None = None
    for number, line in enumerate(text.split("\n"), 1):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in labels:
            name = labels[heading]
            if name in sections:
                problems.append(Problem(SOURCE, number, 1, f"the heading '### {heading}' is twice"))
            current = sections.setdefault(name, [])
        elif current is not None:
            current.append(line)
    if not sections:  # one line for a body that is not the form's, not one per heading
        headings = ", ".join(f"### {label}" for _, label in FIELDS[:2])
        what = "empty" if not text.strip() else "not the access-request form"
        message = f"the body is {what}: none of the form's headings ({headings}, …) is there"
        raise InputError([Problem(SOURCE, 0, 0, message)])
    values = {name: _value(sections.get(name, [])) for name, _ in FIELDS}
    for name, label in FIELDS:
        if name not in sections:
            problems.append(Problem(SOURCE, 0, 0, f"no '### {label}': is this the form's body?"))
        elif name in REQUIRED and not values[name]:
            problems.append(Problem(SOURCE, 0, 0, f"{label} is required"))
    problems += [Problem(SOURCE, 0, 0, message) for message in _value_problems(values)]
    if problems:
        raise InputError(problems)
    values["kind"] = KINDS[values["kind"]]
    values["trusted"] = "\n".join(_list_items(values["trusted"]))
    values["reason"] = " ".join(values["reason"].split())
    return Request(values)


def _value_problems(values: Mapping[str, str]) -> list[str]:
    """What ``new-user`` would refuse of the values alone, in its words (the same validators),
    so that the requester hears it at once; the stack's rules (teams, ``maxAccessDays``) stay
    ``new-user``'s and ``check``'s, which know the stack.

    A form field fills the ``new-user`` option of its name (Trusted principals: ``--trusted``):
    given for a kind whose options lack it, the workflow would drop it silently, so it is refused.
    """
    problems = [p for p in (_id_problem(values["id"]), _date_problem(values["expires"])) if p]
    label = values["kind"]
    if label and label not in KINDS:
        problems.append(f"unknown kind {label!r}; one of {', '.join(KINDS)}")
        return problems
    for name, field_label in FIELDS:
        if label and name in _PASSED_AS_OPTIONS and _list_items(values[name]):
            takers = [k for k, kind in KINDS.items() if _takes(kind, name)]
            if label not in takers:
                problems.append(
                    f"{field_label} apply to {' or '.join(takers)} only, not to {label}: leave "
                    f"them empty, or choose {' or '.join(takers)}"
                )
    return problems


#: The form fields that only some kinds take, as the ``new-user`` option of the same name.
_PASSED_AS_OPTIONS = ("trusted",)


def _takes(kind: str, option: str) -> bool:
    """Whether ``kind``'s ``new-user`` options include ``option`` (``trusted``: ``--trusted``)."""
    return any(o.dest == option for o in kinds.kind_of(kind).cli_options())


def _id_problem(value: str) -> str | None:
    return id_problem(value) if value else None


def _date_problem(value: str) -> str | None:
    return date_problem("expires", value) if value else None


def _value(lines: list[str]) -> str:
    value = "\n".join(lines).strip()
    return "" if value == NO_RESPONSE else value


def _list_items(text: str) -> list[str]:
    """One entry per line; a Markdown bullet or backticks around it are the writer's, not the value's."""
    items = []
    for line in text.split("\n"):
        item = re.sub(r"^[-*+]\s+", "", line.strip()).strip("`").strip()
        if item:
            items.append(item)
    return items
