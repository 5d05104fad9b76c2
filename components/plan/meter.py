"""The meter's configuration document, from the stack's settings and the roster.

The program packages it with the Lambda function (``meter_config.json``); ``meter --once`` and
``usage`` build it the same way from the repository, so all three agree on whose profile is whose
and on every budget. The keys are those ``components/meter/function/config.py`` reads. There is no
meter unless some person's effective settings set ``monthly_budget_usd``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from components.core.settings import budgets as budget_settings
from components.core.settings.stack import Settings
from components.roster.studio_effective import Effective
from components.roster.users import UserSpec


def needs_meter(users: Sequence[UserSpec], effective: Mapping[str, Effective]) -> bool:
    """Whether any active person has a budget: only then does the program deploy the meter."""
    return any(
        budget_settings.budget_of(effective[u.id].as_dict()) is not None
        for u in users
        if u.active and u.id in effective
    )


def meter_document(
    settings: Settings,
    users: Sequence[UserSpec],
    effective: Mapping[str, Effective],
    stack: str | None,
) -> dict[str, object]:
    """The document: the domain, the ledger, the region, the tag, and each profile's person.

    Every profile is listed, budget or not, so that its apps are charged to its person's line.
    """
    people = {}
    for user in users:
        cap = (
            budget_settings.budget_of(effective[user.id].as_dict())
            if user.id in effective
            else None
        )
        people[user.profile_name] = {
            "person": user.id,
            "budgetUsd": cap[0] if cap else None,
            "warningPercent": cap[1] if cap else budget_settings.DEFAULT_WARNING_PERCENT,
        }
    return {
        "domainId": settings.domain_id or "",
        "table": budget_settings.ledger_table_name(stack),
        "region": settings.region or "",
        "overBudgetTag": budget_settings.over_budget_tag_key(settings.tag_key),
        "people": dict(sorted(people.items())),
    }
