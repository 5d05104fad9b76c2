"""The over-budget guard: Studio stays closed to whoever the meter marked, and nobody else marks.

The meter marks a person who spent their month's budget with a tag on their profile,
``<tagKey>-over-budget=<YYYY-MM>`` (``core.settings.budgets``). In the member policy and the
execution-role guard alike:

* ``DenyStudioOverBudget``: no presigned URL opens a profile carrying the mark;
* the mark's key is one of the keys ``DenyAccessTagChanges`` guards: no bound principal sets or
  removes it (on a profile, a principal, a session), under any casing of the key. Only the
  meter's role and the deploy role, which no guard here binds, may.

Both only in a stack whose ``studio`` or a team sets a budget (``stack_has_budgets``): a user
file's budget alone is refused by ``check``. Kept apart from ``guards`` so the budget is one
module: ``guards`` calls these two functions.
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.settings.budgets import over_budget_tag_key, stack_has_budgets
from components.core.settings.stack import Settings

Statement = dict[str, object]


def guarded_tag_keys(settings: Settings) -> list[str]:
    """The mark's key, for ``guards.tag_guard``'s list: guarded exactly like the access tag."""
    return [over_budget_tag_key(settings.tag_key)] if stack_has_budgets(settings) else []


def budget_guards(settings: Settings) -> list[Statement]:
    """No presigned URL opens a profile carrying the mark (any profile: the tag decides)."""
    if not stack_has_budgets(settings):
        return []
    key = over_budget_tag_key(settings.tag_key)
    return [
        {
            "Sid": sid.OVER_BUDGET,
            "Effect": "Deny",
            "Action": "sagemaker:CreatePresignedDomainUrl",
            "Resource": "*",
            "Condition": {"Null": {f"sagemaker:ResourceTag/{key}": "false"}},
        }
    ]
