"""The cap: warn at the warning share, and at the budget stop the person's apps and close Studio.

Closing Studio is a tag on the person's profile, ``<tagKey>-over-budget=<YYYY-MM>``, which the
member policy evaluates (``policies.budget_guard``): no presigned URL opens a profile carrying
it. Only the meter's role and the deploy role may set or remove it. A person stays closed while
their month's spend is at or above their budget; the first run of a new month, or after a merged
change raised the budget, removes the tag. Every run also stops any app an over-budget person
still has running (one started from a Studio tab left open, say), so nothing runs for more than
one interval past the cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .apps import RunningApp
from .clock import iso, month_of
from .config import MeterConfig
from .ledger import Ledger

#: SageMaker's answers when an app is already going or gone: the goal is reached.
_GONE = ("ResourceInUse", "ResourceNotFound")


@dataclass
class Enforcement:
    """Whom a run warned, closed, reopened, and which apps it stopped (``domain/where/app``)."""

    warned: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, list[str]]:
        return {
            "warned": sorted(self.warned),
            "closed": sorted(self.closed),
            "reopened": sorted(self.reopened),
            "stoppedApps": sorted(self.stopped),
        }


def enforce(
    sagemaker: Any, ledger: Ledger, config: MeterConfig, apps: list[RunningApp], now: float
) -> Enforcement:
    """Apply every budget to the month's spend as the ledger now holds it."""
    month = month_of(now)
    done = Enforcement()
    spend = ledger.month(month)
    closed = ledger.closed()
    over: set[str] = set()
    for person, line in sorted(spend.items()):
        budget = config.budget_of(person)
        if budget is None or budget.usd is None:
            continue
        warn = line.usd >= budget.usd * budget.warning_percent / 100 and not line.warned_at
        if warn and ledger.mark(month, person, "warnedAt", iso(now)):
            done.warned.append(person)
        profile = config.profile_of(person)
        if line.usd < budget.usd or profile is None:
            continue
        over.add(profile)
        if closed.get(profile, {}).get("month") != month:
            _tag(sagemaker, config, profile, month)
            ledger.close(profile, person, month)
            ledger.mark(month, person, "overAt", iso(now))
            done.closed.append(person)
    for app in apps:
        if app.owner in over and _stop(sagemaker, app):
            done.stopped.append(f"{app.domain}/{app.profile or app.space}/{app.app_name}")
    for profile, entry in sorted(closed.items()):
        if profile not in over:
            _untag(sagemaker, config, profile)
            ledger.reopen(profile)
            done.reopened.append(entry["person"])
    return done


def _stop(sagemaker: Any, app: RunningApp) -> bool:
    try:
        sagemaker.delete_app(**app.delete_request())
    except sagemaker.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in _GONE:
            return False
        raise
    return True


def _profile_arn(sagemaker: Any, config: MeterConfig, profile: str) -> str | None:
    try:
        answer = sagemaker.describe_user_profile(DomainId=config.domain_id, UserProfileName=profile)
    except sagemaker.exceptions.ResourceNotFound:
        return None
    return answer["UserProfileArn"]


def _tag(sagemaker: Any, config: MeterConfig, profile: str, month: str) -> None:
    arn = _profile_arn(sagemaker, config, profile)
    if arn is not None:
        sagemaker.add_tags(ResourceArn=arn, Tags=[{"Key": config.over_budget_tag, "Value": month}])


def _untag(sagemaker: Any, config: MeterConfig, profile: str) -> None:
    arn = _profile_arn(sagemaker, config, profile)
    if arn is not None:
        sagemaker.delete_tags(ResourceArn=arn, TagKeys=[config.over_budget_tag])
