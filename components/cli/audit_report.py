"""The audit's report: plain lines for a terminal, Markdown for a reviewer, JSON for scripts.

The Markdown report is meant for a job summary: a verdict first, then one table row per finding,
errors before warnings. Every value comes from the account (names, tags), so it is escaped
before it reaches Markdown; JSON carries the same findings and the call counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .findings_report import json_document, markdown

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from ..account.audit_result import AuditResult


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
    return json_document(result, profiles=result.profiles, principals=result.principals)


def _markdown(result: AuditResult) -> str:
    return markdown(result, "audit", result.verdict, f"Audited {result.scope}.")
