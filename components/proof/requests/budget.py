"""The attacks on the meter's over-budget mark: opening Studio while marked, clearing the mark.

A member (or a notebook) over budget would like Studio back before the month turns: by opening
the marked profile anyway, by deleting the mark, or by marking a colleague. Part of ``attacks``.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import statement_ids as sid
from components.core.requests import Caller, Scenario
from components.core.settings.budgets import OVER_BUDGET_SUFFIX, stack_has_budgets
from components.core.settings.stack import Settings
from components.proof.scenarios import WITH_PROFILE, tag_keys, tagged

MARK = "{key}" + OVER_BUDGET_SUFFIX


@dataclass(frozen=True)
class _BudgetScenario(Scenario):
    """Asked only of a stack that meters: elsewhere there is no mark to attack."""

    def applies(self, settings: Settings, caller: Caller) -> bool:
        return stack_has_budgets(settings) and super().applies(settings, caller)


BUDGET = (
    _BudgetScenario(
        "opens its own profile while the meter has closed it (over budget)",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/alice",
        {**tagged("alice"), f"sagemaker:ResourceTag/{MARK}": "2026-12"},
        closes=(sid.OVER_BUDGET,),
        kinds=WITH_PROFILE,
    ),
    *(
        _BudgetScenario(what, action, resource, context, closes=(sid.TAGS,), kinds=WITH_PROFILE)
        for what, action, resource, context in (
            (
                "removes the over-budget mark from its own profile (sagemaker:DeleteTags)",
                "sagemaker:DeleteTags",
                "{sm}:user-profile/{domain}/alice",
                tag_keys(MARK),
            ),
            (
                "overwrites its own over-budget mark with another month (sagemaker:AddTags)",
                "sagemaker:AddTags",
                "{sm}:user-profile/{domain}/alice",
                tag_keys(MARK, value="2020-01"),
            ),
            (
                "marks a colleague over budget (sagemaker:AddTags)",
                "sagemaker:AddTags",
                "{sm}:user-profile/{domain}/bob",
                {**tag_keys(MARK, value="2026-12"), **tagged("bob")},
            ),
            (
                "removes the mark under another casing of the key (sagemaker:DeleteTags)",
                "sagemaker:DeleteTags",
                "{sm}:user-profile/{domain}/alice",
                tag_keys("{key}" + OVER_BUDGET_SUFFIX.upper()),
            ),
        )
    ),
)
