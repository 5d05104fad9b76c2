"""The audit's report: plain lines for a terminal, Markdown for a reviewer, JSON for scripts.

The Markdown report is meant for a job summary: a verdict first, then one table row per finding,
errors before warnings. Every value comes from the account (names, tags), so it is escaped
before it reaches Markdown; JSON carries the same findings and the call counts.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .formats import code, md

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from ..account.audit_result import AuditResult

ERROR, WARNING = "error", "warning"


def render(result: AuditResult, fmt: str) -> str:
    """The report in ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return _json(result)
    if fmt == "markdown":
        return _markdown(result)
    lines = [
        f"{f.severity}: {f.resource}: {f.message}\n  what to do: {f.action}"
        for f in result.findings
    ]
    lines.append(f"audit of {result.scope}: {result.verdict}")
    return "\n".join(lines) + "\n"


def _json(result: AuditResult) -> str:
    document = {
        "domain": result.domain_id,
        "account": result.account,
        "region": result.region,
        "summary": {
            "errors": result.count(ERROR),
            "warnings": result.count(WARNING),
            "profiles": result.profiles,
            "principals": result.principals,
        },
        "calls": dict(result.calls),
        "findings": [f.as_dict() for f in result.findings],
    }
    return json.dumps(document, indent=2) + "\n"


def _markdown(result: AuditResult) -> str:
    icon = "❌" if result.count(ERROR) else ("⚠️" if result.findings else "✅")
    lines = [
        "## Studio Access audit",
        "",
        f"{icon} **{md(result.verdict)}**",
        "",
        f"Audited {md(result.scope)}.",
        "",
    ]
    if result.findings:
        lines += ["| severity | finding | resource | what to do |", "|---|---|---|---|"]
        lines += [
            f"| {f.severity} | {md(f.message)} | {code(f.resource, in_table=True)} | {md(f.action)} |"
            for f in result.findings
        ]
        lines.append("")
    return "\n".join(lines)
