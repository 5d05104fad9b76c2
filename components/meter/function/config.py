"""What one stack's meter needs to know, as the JSON document the program packages with it.

The document is written from the stack's settings and users/ (``plan.meter``); the
function reads it from its archive, ``meter --once`` builds it the same way from the repository.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

#: Where the function finds the document: beside the ``meter`` package in the archive.
CONFIG_FILE = "meter_config.json"
#: The line of apps in shared spaces, which belong to nobody.
SHARED = "shared"


@dataclass(frozen=True)
class Budget:
    """One person's cap: the profile they open, the month's budget and the warning share."""

    person: str
    usd: float | None
    warning_percent: int = 80


@dataclass(frozen=True)
class MeterConfig:
    """One stack's meter.

    Attributes:
        domain_id: the SageMaker domain whose apps are metered.
        table: the DynamoDB ledger.
        region: the stack's region, whose rates apply.
        over_budget_tag: the profile tag that closes Studio to a person (``<tagKey>-over-budget``).
        people: profile name -> the person and their budget (``usd`` ``None``: metered, no cap).
    """

    domain_id: str
    table: str
    region: str
    over_budget_tag: str
    people: dict[str, Budget] = field(default_factory=dict)

    def person_of(self, profile: str) -> str:
        """The ledger line of a profile: its person's id, or the profile's own name."""
        known = self.people.get(profile)
        return known.person if known else profile

    def budget_of(self, person: str) -> Budget | None:
        return self._by_person().get(person)

    def profile_of(self, person: str) -> str | None:
        for profile, budget in self.people.items():
            if budget.person == person:
                return profile
        return None

    def _by_person(self) -> dict[str, Budget]:
        cached = self.__dict__.get("_persons")
        if cached is None:
            cached = {b.person: b for b in self.people.values()}
            object.__setattr__(self, "_persons", cached)
        return cached

    def to_json(self) -> str:
        document = {
            "domainId": self.domain_id,
            "table": self.table,
            "region": self.region,
            "overBudgetTag": self.over_budget_tag,
            "people": {
                profile: {
                    "person": b.person,
                    "budgetUsd": b.usd,
                    "warningPercent": b.warning_percent,
                }
                for profile, b in sorted(self.people.items())
            },
        }
        return json.dumps(document, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> MeterConfig:
        document = json.loads(text)
        return cls(
            domain_id=document["domainId"],
            table=document["table"],
            region=document["region"],
            over_budget_tag=document["overBudgetTag"],
            people={
                profile: Budget(item["person"], item["budgetUsd"], item["warningPercent"])
                for profile, item in document["people"].items()
            },
        )

    @classmethod
    def packaged(cls) -> MeterConfig:
        """The document the program put beside this package in the function's archive."""
        return cls.from_json((Path(__file__).resolve().parent.parent / CONFIG_FILE).read_text())
