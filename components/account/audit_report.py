"""The audit's report: plain lines for a terminal, Markdown for a reviewer, JSON for scripts.

The Markdown report is meant for a job summary: a verdict first, then one table row per finding,
errors before warnings. Every value comes from the account (names, tags), so it is escaped
before it reaches Markdown; JSON carries the same findings and the call counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from .findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class AuditResult:
    """Everything the report shows.

    Attributes:
        domain_id: the audited domain.
        account: the account that holds it.
        region: the region audited.
        findings: every finding, sorted (errors first).
        profiles: how many profiles the domain has.
        principals: how many IAM users and roles the account has.
        calls: AWS API calls per ``service:Operation``.
    """

    domain_id: str
    account: str
    region: str
    findings: tuple[Finding, ...]
    profiles: int
    principals: int
    calls: Mapping[str, int]

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def verdict(self) -> str:
        errors, warnings = self.count(ERROR), self.count(WARNING)
        if not errors and not warnings:
            return "clean: the account matches users/ and the stack settings"
        return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"

    @property
    def scope(self) -> str:
        total = sum(self.calls.values())
        return (
            f"domain {self.domain_id} (account {self.account}, {self.region}): "
            f"{_plural(self.profiles, 'profile')}, {_plural(self.principals, 'IAM principal')}, "
            f"{_plural(total, 'AWS API call')}"
        )


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
        f"{icon} **{_md(result.verdict)}**",
        "",
        f"Audited {_md(result.scope)}.",
        "",
    ]
    if result.findings:
        lines += ["| severity | finding | resource | what to do |", "|---|---|---|---|"]
        lines += [
            f"| {f.severity} | {_md(f.message)} | {_code(f.resource)} | {_md(f.action)} |"
            for f in result.findings
        ]
        lines.append("")
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _one_line(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _md(text: str) -> str:
    """Free text with Markdown's and HTML's control characters escaped, on one line."""
    text = _one_line(text)
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, f"\\{ch}")
    return text


def _code(text: str) -> str:
    """A code span no content can break out of (pipes escaped for the table)."""
    text = _one_line(text).replace("|", "\\|")
    fence = "`"
    while fence in text:
        fence += "`"
    return (
        f"{fence} {text} {fence}"
        if text.startswith("`") or text.endswith("`")
        else f"{fence}{text}{fence}"
    )
