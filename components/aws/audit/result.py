"""What an audit found: the findings, what was audited, and what it cost in API calls.

Data only; the CLI renders it (``cli/render/audit_report.py``) as text, Markdown or JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from components.aws.audit.findings import ERROR, WARNING, Finding


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


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
