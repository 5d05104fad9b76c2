"""``prices``: the rate table refreshed from the Price List API (botocore's Stubber), and read."""

from __future__ import annotations

import json
import shutil

import boto3
import pytest
from botocore.stub import Stubber

from components.aws.client.errors import AwsError
from components.aws.client.session import Aws
from components.core.problems import UsageError
from components.meter.function.rates import RATES_FILE, RateTable
from components.meter.prices import refresh


def product(instance: str, usd: str, usagetype: str = "EUW1-Studio:{}") -> str:
    return json.dumps(
        {
            "product": {
                "productFamily": "ML Instance",
                "attributes": {
                    "instanceName": instance,
                    "regionCode": "eu-west-1",
                    "usagetype": usagetype.format(instance),
                },
            },
            "terms": {
                "OnDemand": {
                    "SKU.JRTCKXETXF": {
                        "priceDimensions": {
                            "SKU.JRTCKXETXF.6YS6EN2CT7": {
                                "unit": "Hrs",
                                "pricePerUnit": {"USD": usd},
                            }
                        }
                    }
                }
            },
        }
    )


def pricing_api() -> Aws:
    """The Price List API's calls through the shared client, with dummy credentials."""
    session = boto3.Session(
        aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1"
    )
    return Aws(session, "us-east-1")


def request(token: str | None = None) -> dict:
    expected = {
        "ServiceCode": "AmazonSageMaker",
        "Filters": [{"Type": "TERM_MATCH", "Field": "regionCode", "Value": "eu-west-1"}],
        "FormatVersion": "aws_v1",
        "MaxResults": 100,
    }
    return {**expected, "NextToken": token} if token else expected


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "rates.json"
    shutil.copy(RATES_FILE, path)
    return path


def test_refresh_reads_every_page_and_keeps_studio_hours_only(table):
    aws = pricing_api()
    with Stubber(aws.client("pricing")) as stub:
        stub.add_response(
            "get_products",
            {
                "PriceList": [
                    product("ml.t3.medium", "0.0530"),
                    product("ml.m5.large", "0.1290", usagetype="EUW1-Notebk:{}"),  # not Studio
                ],
                "NextToken": "page2",
                "FormatVersion": "aws_v1",
            },
            request(),
        )
        stub.add_response(
            "get_products",
            {"PriceList": [product("ml.g5.xlarge", "1.5600")], "FormatVersion": "aws_v1"},
            request("page2"),
        )
        rates = refresh("eu-west-1", table, today="2026-12-05", aws=aws)
    assert rates == {"ml.g5.xlarge": 1.56, "ml.t3.medium": 0.053}
    loaded = RateTable.load("eu-west-1", table)
    assert loaded.as_of == "2026-12-05" and loaded.rates == rates
    assert RateTable.load("us-east-1", table).rates == RateTable.load("us-east-1").rates


def test_an_empty_list_for_a_sagemaker_region_is_the_endpoints_fault(table):
    before = table.read_text()
    aws = pricing_api()
    with Stubber(aws.client("pricing")) as stub:
        stub.add_response("get_products", {"PriceList": [], "FormatVersion": "aws_v1"}, request())
        with pytest.raises(AwsError, match="no SageMaker Studio instance price in eu-west-1"):
            refresh("eu-west-1", table, aws=aws)
    assert table.read_text() == before


def test_an_empty_list_for_a_region_without_sagemaker_is_a_usage_error(table):
    before = table.read_text()
    aws = pricing_api()
    with Stubber(aws.client("pricing")) as stub:
        asked = request()
        asked["Filters"] = [{**asked["Filters"][0], "Value": "xx-nowhere-1"}]
        stub.add_response("get_products", {"PriceList": [], "FormatVersion": "aws_v1"}, asked)
        with pytest.raises(UsageError, match="SageMaker is not offered in it"):
            refresh("xx-nowhere-1", table, aws=aws)
    assert table.read_text() == before


def _elsewhere(**change: str) -> str:
    document = json.loads(product("ml.t3.medium", "0.0530"))
    document.update({k: v for k, v in change.items() if k == "serviceCode"})
    document["product"]["attributes"].update(
        {k: v for k, v in change.items() if k != "serviceCode"}
    )
    return json.dumps(document)


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (
            _elsewhere(regionCode="us-east-1"),
            "asked for eu-west-1's prices, it lists a product of 'us-east-1'",
        ),
        (_elsewhere(serviceCode="AmazonEC2"), "it lists a product of AmazonEC2"),
        (_elsewhere(servicecode="AmazonEC2"), "it lists a product of AmazonEC2"),
        (product("ml.t3.medium", "0"), "ml.t3.medium in eu-west-1 at 0 USD"),
    ],
    ids=["region", "service", "service attribute", "free"],
)
def test_a_product_of_another_region_or_service_or_a_free_hour_is_refused(table, entry, words):
    before = table.read_text()
    aws = pricing_api()
    with Stubber(aws.client("pricing")) as stub:
        listed = {
            "PriceList": [product("ml.g5.xlarge", "1.5600"), entry],
            "FormatVersion": "aws_v1",
        }
        stub.add_response("get_products", listed, request())
        with pytest.raises(AwsError) as error:
            refresh("eu-west-1", table, aws=aws)
    assert "AWS pricing GetProducts did not answer as the AWS API does" in str(error.value)
    assert words in str(error.value)
    assert table.read_text() == before


def test_the_committed_table_has_a_date_and_rates_per_region():
    document = json.loads(RATES_FILE.read_text())
    for region, entry in document["regions"].items():
        assert entry["asOf"] and entry["rates"], region
        assert all(t.startswith("ml.") and r > 0 for t, r in entry["rates"].items())


def test_unknown_types_cost_their_familys_highest_rate_or_the_regions():
    table = RateTable(
        "r", "2026-12-01", {"ml.g5.xlarge": 1.0, "ml.g5.2xlarge": 2.0, "ml.t3.medium": 0.05}
    )
    assert table.price("ml.g5.xlarge").exact
    assert (table.price("ml.g5.48xlarge").usd_per_hour, table.price("ml.g5.48xlarge").exact) == (
        2.0,
        False,
    )
    assert table.price("ml.p5.48xlarge").usd_per_hour == 2.0
    assert table.price("system").usd_per_hour == 0.0
