"""``prices --region R``: refresh the meter's rate table from the AWS Price List API.

``GetProducts`` for ``AmazonSageMaker`` in the region, on-demand terms only: every product that
is a Studio instance hour (its ``usagetype`` or ``component`` names Studio, its ``instanceName``
an ``ml.`` type) gives the hourly USD rate of its instance type. The region's rates in
``components/meter/function/rates.json`` are replaced, the as-of date set to today, and the change
is committed and reviewed like code. The Price List API answers in ``us-east-1`` (and a few other
regions) whatever region it prices.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3

from components.aws.client.errors import CALL_ERRORS, translate
from components.aws.client.session import client_config
from components.core.problems import UsageError
from components.meter.function.rates import RATES_FILE

#: Where the Price List API is served from.
PRICING_REGION = "us-east-1"
SERVICE_CODE = "AmazonSageMaker"


def studio_rates(pricing: Any, region: str) -> dict[str, float]:
    """Instance type -> USD per hour of Studio apps in ``region``, from ``GetProducts``."""
    rates: dict[str, float] = {}
    token = None
    while True:
        page = pricing.get_products(
            ServiceCode=SERVICE_CODE,
            Filters=[{"Type": "TERM_MATCH", "Field": "regionCode", "Value": region}],
            FormatVersion="aws_v1",
            MaxResults=100,
            **({"NextToken": token} if token else {}),
        )
        for text in page.get("PriceList", []):
            found = _studio_rate(json.loads(text) if isinstance(text, str) else text)
            if found is not None:
                instance, usd = found
                rates[instance] = max(usd, rates.get(instance, 0.0))
        token = page.get("NextToken")
        if not token:
            return dict(sorted(rates.items()))


def _studio_rate(product: dict[str, Any]) -> tuple[str, float] | None:
    attributes = product.get("product", {}).get("attributes", {})
    instance = attributes.get("instanceName") or attributes.get("instanceType") or ""
    kind = f"{attributes.get('usagetype', '')} {attributes.get('component', '')}".lower()
    if not instance.startswith("ml.") or "studio" not in kind:
        return None
    for term in product.get("terms", {}).get("OnDemand", {}).values():
        for dimension in term.get("priceDimensions", {}).values():
            usd = dimension.get("pricePerUnit", {}).get("USD")
            if usd is not None and dimension.get("unit", "").lower().startswith("hr"):
                return instance, float(usd)
    return None


def refresh(
    region: str, path: Path = RATES_FILE, today: str | None = None, pricing: Any = None
) -> dict[str, float]:
    """Replace ``region``'s rates in the table at ``path``; return them.

    ``pricing``: a Price List client (default: boto3's, in ``PRICING_REGION``).

    Raises:
        UsageError: when the API lists no Studio instance price for the region.
        AwsError: when the API cannot be called.
    """
    if pricing is None:
        pricing = boto3.client("pricing", region_name=PRICING_REGION, config=client_config())
    try:
        rates = studio_rates(pricing, region)
    except CALL_ERRORS as error:
        raise translate(error, "pricing", "GetProducts") from None
    if not rates:
        raise UsageError(f"the Price List API lists no SageMaker Studio instance price in {region}")
    document = json.loads(path.read_text(encoding="utf-8"))
    as_of = today or datetime.now(UTC).strftime("%Y-%m-%d")
    document["regions"][region] = {"asOf": as_of, "rates": rates}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return rates
