"""The audit's report: plain lines for a terminal, Markdown for a reviewer, JSON for scripts.

The Markdown report is meant for a job summary: a verdict first, then one table row per finding,
errors before warnings. Every value comes from the account (names, tags), so it is escaped
before it reaches Markdown; JSON carries the same findings and the call counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.cli.render import findings_report

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from components.aws.audit.result import AuditResult


def render(result: AuditResult, fmt: str) -> str:
    """The report in ``text``, ``markdown`` or ``json``."""
    return findings_report.render(
        result,
        fmt,
        ("audit", "Audited"),
        result.scope,
        result.verdict,
        profiles=result.profiles,
        principals=result.principals,
    )
