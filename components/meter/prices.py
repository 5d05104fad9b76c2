"""``prices --region R``: refresh the meter's rate table from the AWS Price List API.

``GetProducts`` for ``AmazonSageMaker`` in the region, on-demand terms only: every product that
is a Studio instance hour (its ``usagetype`` or ``component`` names Studio, its ``instanceName``
an ``ml.`` type) gives the hourly USD rate of its instance type. The region's rates in
``components/meter/function/rates.json`` are replaced, the as-of date set to today, and the change
is committed and reviewed like code. The Price List API answers in ``us-east-1`` (and a few other
regions) whatever region it prices.

The calls go through ``components.aws.client`` like every AWS command's (its checks of the
``AWS_*`` settings and of the answers, its pagination, which stops at a next token received
twice); a price list entry that is not a product document, a product of another region or
service, or a Studio instance whose highest hourly price is 0 USD (which would meter nothing) is
an answer that is not the AWS API's, not a region without prices. An empty list is the endpoint's
fault too (exit 1), unless botocore's own endpoint data knows no SageMaker in that region: then
the region was mistyped or is not covered (exit 2).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from components.aws.client.environment import region_problem
from components.aws.client.errors import AwsError, not_the_api
from components.aws.client.models import core_session
from components.aws.client.session import Aws, regional
from components.core.problems import UsageError
from components.meter.function.rates import RATES_FILE

#: Where the Price List API is served from.
PRICING_REGION = "us-east-1"
SERVICE_CODE = "AmazonSageMaker"
PAGE = 100


def studio_rates(aws: Aws, region: str) -> dict[str, float]:
    """Instance type -> USD per hour of Studio apps in ``region``, from ``GetProducts``.

    Raises:
        AwsError: a call failed, or an entry of the list is not a product document.
    """
    rates: dict[str, float] = {}
    for text in aws.items(
        "pricing",
        "get_products",
        "PriceList",
        PAGE,
        ServiceCode=SERVICE_CODE,
        Filters=[{"Type": "TERM_MATCH", "Field": "regionCode", "Value": region}],
        FormatVersion="aws_v1",
    ):
        found = _studio_rate(_about(_product(text), region))
        if found is not None:
            instance, usd = found
            rates[instance] = max(usd, rates.get(instance, 0.0))
    free = sorted(instance for instance, usd in rates.items() if usd <= 0)
    if free:
        raise _not_the_api(
            f"it prices a Studio hour of {', '.join(free[:3])} in {region} at 0 USD, which would "
            "meter nothing"
        )
    return dict(sorted(rates.items()))


def _about(product: dict[str, Any], region: str) -> dict[str, Any]:
    """``product``, once it is shown to be a SageMaker product of ``region`` (the request's
    filter and service code).

    Raises:
        AwsError: it is of another region or service.
    """
    attributes = _object(_object(product, "product"), "attributes")
    where = attributes.get("regionCode")
    if where != region:
        raise _not_the_api(f"asked for {region}'s prices, it lists a product of {where!r}")
    services = {
        product.get("serviceCode"),
        _object(product, "product").get("serviceCode"),
        attributes.get("servicecode"),
    } - {None}
    if services - {SERVICE_CODE}:
        raise _not_the_api(
            f"asked for {SERVICE_CODE}'s prices, it lists a product of "
            f"{', '.join(sorted(map(str, services - {SERVICE_CODE})))}"
        )
    return product


def _product(text: Any) -> dict[str, Any]:
    try:
        product = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        product = None
    if not isinstance(product, dict):
        raise _not_the_api(f"a PriceList entry is not a JSON object: {str(text)[:80]!r}")
    return product


def _studio_rate(product: dict[str, Any]) -> tuple[str, float] | None:
    attributes = _object(_object(product, "product"), "attributes")
    instance = attributes.get("instanceName") or attributes.get("instanceType") or ""
    kind = f"{attributes.get('usagetype', '')} {attributes.get('component', '')}".lower()
    if not isinstance(instance, str) or not instance.startswith("ml.") or "studio" not in kind:
        return None
    for term in _object(_object(product, "terms"), "OnDemand").values():
        for dimension in _object(term, "priceDimensions").values():
            usd = _object(dimension, "pricePerUnit").get("USD")  # a dimension is an object
            unit = dimension.get("unit", "")
            if usd is not None and str(unit).lower().startswith("hr"):
                return instance, _usd(usd)
    return None


def _object(parent: Any, key: str) -> dict[str, Any]:
    """``parent[key]``, an object (``{}`` where it is absent), of ``parent``, an object."""
    if not isinstance(parent, dict):
        raise _not_the_api(f"a product holds {str(parent)[:40]!r} where an object belongs")
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise _not_the_api(f"a product's {key} is not an object")
    return value


def _usd(value: Any) -> float:
    try:
        usd = float(value)
    except (TypeError, ValueError):
        usd = -1.0
    if not 0 <= usd < float("inf"):
        raise _not_the_api(f"a price in USD is not an amount: {str(value)[:40]!r}")
    return usd


def _not_the_api(detail: str) -> AwsError:
    return not_the_api("pricing", "GetProducts", detail)


def _nothing_listed(region: str) -> Exception:
    """An empty price list: the region's fault if botocore knows no SageMaker there, else the
    endpoint's."""
    session = core_session()
    known = {
        name
        for partition in session.get_available_partitions()
        for name in session.get_available_regions("sagemaker", partition)
    }
    if region not in known:
        return UsageError(
            f"--region {region}: the Price List API lists no SageMaker Studio instance price "
            "there, and SageMaker is not offered in it as far as botocore knows (a typo?)"
        )
    return _not_the_api(
        f"it lists no SageMaker Studio instance price in {region}, where SageMaker is offered"
    )


def refresh(
    region: str, path: Path = RATES_FILE, today: str | None = None, aws: Aws | None = None
) -> dict[str, float]:
    """Replace ``region``'s rates in the table at ``path``; return them.

    ``aws``: where to call the Price List API (default: ``PRICING_REGION``).

    Raises:
        UsageError: ``region`` is not a region name, or one where botocore knows no SageMaker
            and the API lists no Studio instance price for it.
        AwsError: when the API cannot be called, does not answer as AWS does, or lists no
            Studio instance price for a region SageMaker is offered in.
    """
    problem = region_problem(region)
    if problem:
        raise UsageError(f"--region {region!r} {problem}")
    rates = studio_rates(aws or regional(PRICING_REGION), region)
    if not rates:
        raise _nothing_listed(region)
    document = json.loads(path.read_text(encoding="utf-8"))
    as_of = today or datetime.now(UTC).strftime("%Y-%m-%d")
    document["regions"][region] = {"asOf": as_of, "rates": rates}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return rates
