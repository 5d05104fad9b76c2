"""How ``usage`` prints a month: a table for terminals, JSON for scripts, Markdown for the issue.

The Markdown form is what the nightly issue carries: the top spenders as a table and every
person's spend as a Mermaid bar chart, which GitHub renders.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

#: How many people the Markdown's table of top spenders lists, and its chart shows by name (the
#: rest are one bar, so the nightly issue's part stays under 4,000 characters).
TOP = 10
CHART = 20


def render(month: str, lines: Sequence[Any], form: str) -> str:
    """``lines`` (``meter.command.UsageLine``, dearest first) in ``form``."""
    if form == "json":
        return (
            json.dumps({"month": month, "people": [_json(line) for line in lines]}, indent=2) + "\n"
        )
    if form == "markdown":
        return _markdown(month, lines)
    return _text(month, lines)


def _json(line: Any) -> dict[str, object]:
    return {
        "person": line.person,
        "usd": line.usd,
        "hours": line.hours,
        "budgetUsd": line.budget,
        "percentOfBudget": line.percent,
        "warnedAt": line.warned_at,
        "overBudgetAt": line.over_at,
    }


def _state(line: Any) -> str:
    if line.over_at:
        return "over budget: Studio closed"
    if line.warned_at:
        return "warned"
    return ""


def _text(month: str, lines: Sequence[Any]) -> str:
    if not lines:
        return f"{month}: nothing metered\n"
    out = [f"{month}: spend per person (USD)"]
    for line in lines:
        budget = f" of ${line.budget:,.2f} ({line.percent:.0f} %)" if line.budget else ""
        state = f"  {_state(line)}" if _state(line) else ""
        out.append(f"  {line.person:<24} ${line.usd:>10,.2f}{budget}  {line.hours:,.1f} h{state}")
    out.append(f"  {'total':<24} ${sum(line.usd for line in lines):>10,.2f}")
    return "\n".join(out) + "\n"


def _markdown(month: str, lines: Sequence[Any]) -> str:
    if not lines:
        return f"### Studio spend, {month}\n\nNothing metered this month.\n"
    out = [
        f"### Studio spend, {month}",
        "",
        f"Total ${sum(line.usd for line in lines):,.2f}. Top spenders:",
        "",
        "| person | spend | budget | state |",
        "|---|---|---|---|",
    ]
    for line in lines[:TOP]:
        budget = f"${line.budget:,.2f} ({line.percent:.0f} %)" if line.budget else "–"
        out.append(f"| `{_safe(line.person)}` | ${line.usd:,.2f} | {budget} | {_state(line)} |")
    bars = [(_safe(line.person)[:24], line.usd) for line in lines[:CHART]]
    if len(lines) > CHART:
        bars.append((f"{len(lines) - CHART} others", sum(line.usd for line in lines[CHART:])))
    out += ["", "```mermaid", "xychart-beta", f'  title "Spend per person, {month} (USD)"']
    out.append("  x-axis [" + ", ".join(f'"{name}"' for name, _ in bars) + "]")
    out.append('  y-axis "USD"')
    out.append("  bar [" + ", ".join(f"{usd:.2f}" for _, usd in bars) + "]")
    out += ["```", ""]
    return "\n".join(out)


def _safe(text: str) -> str:
    """A person's id inside a code span or a chart label: no backticks, quotes or brackets."""
    return "".join(ch for ch in text if ch not in '`"[]|\n\r')
