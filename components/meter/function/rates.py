"""The rate table: dollars per instance hour, per region and instance type, with its as-of date.

The table is ``rates.json`` beside this module, committed and reviewed like code, and refreshed
from the AWS Price List API by ``prices --region R``. An instance type it lacks is metered at the
highest rate of its family (``ml.g5.48xlarge`` at the dearest ``ml.g5.*``; the whole region's
dearest when the family is unknown too), never at nothing, and the run reports it. Apps without an
instance (``system``, the JupyterServer of old Studio) cost nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

RATES_FILE = Path(__file__).resolve().parent / "rates.json"
#: The instance type of apps that run on no instance of their own.
FREE_TYPES = ("system", "")


@dataclass(frozen=True)
class Price:
    """An hourly rate, and whether the table named the instance type (``exact``) or a fallback."""

    usd_per_hour: float
    exact: bool = True


@dataclass(frozen=True)
class RateTable:
    """One region's rates; ``as_of`` is the date they were read from the Price List API."""

    region: str
    as_of: str
    rates: dict[str, float] = field(default_factory=dict)

    def price(self, instance_type: str | None) -> Price:
        """The rate of ``instance_type``: exact, else its family's highest, else the region's."""
        if not instance_type or instance_type in FREE_TYPES:
            return Price(0.0)
        if instance_type in self.rates:
            return Price(self.rates[instance_type])
        family = family_of(instance_type)
        same = [rate for name, rate in self.rates.items() if family_of(name) == family]
        return Price(max(same or self.rates.values() or [0.0]), exact=False)

    @classmethod
    def load(cls, region: str, path: Path = RATES_FILE) -> RateTable:
        """The table's rates for ``region``; an unknown region meters nothing it cannot price.

        Raises:
            KeyError: when the table has no rates for ``region`` (run ``prices --region``).
        """
        document = json.loads(path.read_text(encoding="utf-8"))
        if region not in document["regions"]:
            raise KeyError(
                f"the rate table has no prices for {region}: run prices --region {region}"
            )
        entry = document["regions"][region]
        return cls(region, entry["asOf"], dict(entry["rates"]))


def family_of(instance_type: str) -> str:
    """``ml.g5`` of ``ml.g5.xlarge``: what the dearest fallback is chosen among."""
    return instance_type.rsplit(".", 1)[0]
