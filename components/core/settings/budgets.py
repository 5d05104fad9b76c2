"""Budgets as Studio settings: a person's monthly spend cap and when to warn, and the meter's keys.

``monthly_budget_usd`` and ``budget_warning_percent`` are Studio keys like the idle timeouts: set
in the stack's ``studio``, a team's settings or a user's ``studio:``, the most specific winning
(``studio_effective``). They are read here so that ``studio_settings`` only lists them. A budget
is dollars and cents, nothing finer: ``200``, ``99.5`` or ``"1250.75"`` (the engine passes text).

``meterIntervalMinutes`` is the stack key of the meter's schedule; the meter exists only when
some level sets a budget (``meter_needed``), and its DynamoDB ledger is named from the stack
(``ledger_table_name``), so the CLI finds it without Pulumi.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from components.core.problems import Problem
from components.core.yaml_values import spelled

BUDGET_KEY = "monthly_budget_usd"
WARNING_KEY = "budget_warning_percent"
#: The keys, in the order the docs list them after the other Studio keys.
BUDGET_KEYS = (BUDGET_KEY, WARNING_KEY)
DEFAULT_WARNING_PERCENT = 80
#: The largest budget accepted: a million dollars a month is no longer a cap.
BUDGET_MAX = Decimal("1000000")
METER_INTERVAL_KEY = "meterIntervalMinutes"
METER_INTERVAL_DEFAULT = 5
METER_INTERVAL_RANGE = (2, 60)
#: The profile tag that says a person is over budget (its value is the month), beside the access tag.
OVER_BUDGET_SUFFIX = "-over-budget"
_MONEY_RE = re.compile(r"[0-9]{1,7}(\.[0-9]{1,2})?")


#: The meter's stack key and the ``Settings`` attribute it sets (``settings.CONFIG_KEYS``).
METER_KEYS = ((METER_INTERVAL_KEY, "meter_interval_minutes"),)


@dataclass(frozen=True)
class MeterSettings:
    """The meter's stack settings, part of ``Settings``.

    Attributes:
        meter_interval_minutes: ``meterIntervalMinutes`` (default 5, 2-60); how often the meter's
            schedule invokes it, when some person has a budget.
    """

    meter_interval_minutes: int = METER_INTERVAL_DEFAULT


class _Stack(Protocol):
    @property
    def meter_interval_minutes(self) -> int: ...


class _Level(Protocol):
    """A person's own Studio settings (``studio.StudioLevel``)."""

    def as_dict(self) -> dict[str, Any]: ...
    def where(self, path: str) -> tuple[str, int, int]: ...


class _User(Protocol):
    @property
    def studio(self) -> _Level: ...


class _Reporter(Protocol):
    def report(self, path: str, message: str) -> None: ...


def over_budget_tag_key(tag_key: str) -> str:
    """``<tagKey>-over-budget``: set by the meter on a profile whose person spent their budget."""
    return f"{tag_key}{OVER_BUDGET_SUFFIX}"


def ledger_table_name(stack: str | None) -> str:
    """The meter's DynamoDB table: found from the stack's name alone (``meter``, ``usage``)."""
    return f"studio-access-meter-{stack or 'default'}"


def read_budget(value: object, path: str, name: str, source: _Reporter) -> float | None:
    """A positive amount of dollars with at most two decimals (``200``, ``99.5``, ``"12.25"``)."""
    text = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, str):
        text = value.strip().lstrip("$")
    amount = None
    if text is not None and _MONEY_RE.fullmatch(text):
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
    if amount is None or not Decimal(0) < amount <= BUDGET_MAX:
        shown = spelled(value) if isinstance(value, str | int | float) else type(value).__name__
        source.report(
            path,
            f"{name} must be a positive amount of US dollars with at most two decimals, up to "
            f"{BUDGET_MAX:,}, such as 200 or 99.50, got {shown}",
        )
        return None
    return float(amount)


def read_warning(value: object, path: str, name: str, source: _Reporter) -> int | None:
    """A whole percentage of the budget from 1 to 100 (digits in quotes are read as the number)."""
    number = value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,3}", value.strip()):
        number = int(value)
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 100:
        shown = spelled(value) if isinstance(value, str | int | float) else type(value).__name__
        source.report(path, f"{name} must be a whole percentage from 1 to 100, got {shown}")
        return None
    return number


#: The readers ``studio_settings`` uses for these keys.
READERS = {BUDGET_KEY: read_budget, WARNING_KEY: read_warning}


def show(key: str, value: object) -> str:
    """A budget as a reviewer reads it: ``$200``, ``$99.50``, ``80 %``."""
    if key == WARNING_KEY:
        return f"{value} %"
    amount = float(value)  # type: ignore[arg-type]
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"


def budget_of(values: Mapping[str, Any]) -> tuple[float, int] | None:
    """``(budget, warning percent)`` of one person's effective settings, or ``None``: no cap."""
    if BUDGET_KEY not in values:
        return None
    return float(values[BUDGET_KEY]), int(values.get(WARNING_KEY, DEFAULT_WARNING_PERCENT))


def stack_has_budgets(settings: object) -> bool:
    """Whether the stack's ``studio`` or a team sets a budget: the guards then carry the cap.

    The member policy is built from the stack's settings alone and is close to IAM's size
    limit, so the over-budget statements are added only to stacks that meter.
    """
    levels = [getattr(settings, "studio", None)]
    levels += [level for _, level in getattr(settings, "teams", None) or ()]
    return any(level is not None and BUDGET_KEY in level.as_dict() for level in levels)


def user_budget_problems(users: Sequence[_User], settings: object) -> list[Problem]:
    """A budget in a user file needs one in the stack's ``studio`` or a team's (see above)."""
    if stack_has_budgets(settings):
        return []
    return [
        Problem(
            *user.studio.where(BUDGET_KEY),
            f"studio.{BUDGET_KEY} needs a budget in the stack too (studio-access:studio or a "
            "team's settings; a high one will do): the guard that closes Studio at the budget "
            "is part of the stack's policies",
        )
        for user in users
        if BUDGET_KEY in user.studio.as_dict()
    ]


def settings_problems(settings: _Stack) -> list[tuple[str, str]]:
    """``(key, message)`` when ``meterIntervalMinutes`` is outside 2-60 minutes."""
    low, high = METER_INTERVAL_RANGE
    value = settings.meter_interval_minutes
    if isinstance(value, int) and low <= value <= high:
        return []
    return [
        (
            METER_INTERVAL_KEY,
            f"{METER_INTERVAL_KEY} must be a whole number of minutes from {low} to {high}, "
            f"got {value!r}",
        )
    ]
