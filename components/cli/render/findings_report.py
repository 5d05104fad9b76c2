"""The JSON and Markdown forms shared by the commands that report findings on the live account.

``audit`` and ``verify`` both end in a list of findings (severity, resource, message, what to
do) about one domain; a script reads the same document from either, and a reviewer the same
table in the job summary or the drift issue. Every value comes from the account, so it is
escaped before it reaches Markdown.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from components.cli.render.formats import code, md

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from components.aws.audit.findings import Finding

ERROR, WARNING = "error", "warning"


class FindingsResult(Protocol):
    """What ``audit``'s and ``verify``'s results have in common."""

    @property
    def domain_id(self) -> str: ...
    @property
    def account(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def calls(self) -> Mapping[str, int]: ...
    @property
    def findings(self) -> Sequence[Finding]: ...

    def count(self, severity: str) -> int: ...


def render(
    result: FindingsResult,
    fmt: str,
    command: tuple[str, str],
    scope: str,
    verdict: str,
    **summary: object,
) -> str:
    """The report in ``text`` (a line per finding, then the verdict), ``markdown`` or ``json``
    (with ``summary``'s figures beside the counts).

    Args:
        command: its name and its past tense (``("audit", "Audited")``), for the headings.
        scope: what was looked at (``domain d-… in account … (region)``).
    """
    name, done = command
    if fmt == "json":
        return json_document(result, **summary)
    if fmt == "markdown":
        return markdown(result, name, verdict, f"{done} {scope}.")
    lines = [
        f"{f.severity}: {f.resource}: {f.message}\n  what to do: {f.action}"
        for f in result.findings
    ]
    lines.append(f"{name} of {scope}: {verdict}")
    return "\n".join(lines) + "\n"


def json_document(result: FindingsResult, **summary: object) -> str:
    """The findings as JSON, with the error and warning counts and ``summary``'s own figures."""
    document = {
        "domain": result.domain_id,
        "account": result.account,
        "region": result.region,
        "summary": {
            "errors": result.count(ERROR),
            "warnings": result.count(WARNING),
            **summary,
        },
        "calls": dict(result.calls),
        "findings": [f.as_dict() for f in result.findings],
    }
    return json.dumps(document, indent=2) + "\n"


def markdown(result: FindingsResult, title: str, verdict: str, scope: str) -> str:
    """A verdict line, what was looked at, then one table row per finding."""
    icon = "❌" if result.count(ERROR) else ("⚠️" if result.findings else "✅")
    lines = [f"## Studio Access {title}", "", f"{icon} **{md(verdict)}**", "", md(scope), ""]
    if result.findings:
        lines += ["| severity | finding | resource | what to do |", "|---|---|---|---|"]
        lines += [
            f"| {f.severity} | {md(f.message)} | {code(f.resource, in_table=True)} | {md(f.action)} |"
            for f in result.findings
        ]
        lines.append("")
    return "\n".join(lines)
