"""``meter --once`` against the fake SageMaker and moto's DynamoDB: spend, exactly once, the cap.

Every test drives the CLI as an operator would, with ``--now`` as the clock, and reads the
ledger back through ``usage --format json``.
"""

from __future__ import annotations

import json

import boto3
import pytest
from aws_env import DOMAIN, REGION
from meter_env import at, create_ledger, iso
from moto import mock_aws

from components.meter.function.rates import RateTable

pytest_plugins = ("aws_fixtures",)

T0 = at("2026-12-01T10:00:00")
RATES = RateTable.load(REGION)
G5, T3 = "ml.g5.xlarge", "ml.t3.medium"
TAG = "studiouserid-over-budget"


@pytest.fixture
def dynamodb(aws_env):
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        create_ledger(client)
        yield client


@pytest.fixture
def studio(sagemaker, project, dynamodb):
    """alice (GPU, $100), bob (small, $50), carol ($5: crosses it), dave (no budget), a shared space."""
    project.stack(studio={"monthly_budget_usd": 100}, teams={"small": {"monthly_budget_usd": 50}})
    project.user("alice")
    project.user("bob", "team: small\n")
    project.user("carol", "studio:\n  monthly_budget_usd: 5\n  budget_warning_percent: 50\n")
    project.user("dave", "studio:\n  monthly_budget_usd: 1000\n")
    for name in ("alice", "bob", "carol", "dave"):
        sagemaker.add_profile(DOMAIN, name, {"studiouserid": name})
        sagemaker.add_space(DOMAIN, f"{name}-private", owner=name)
        sagemaker.add_app(
            DOMAIN, "JupyterServer", "default", profile=name, instance_type="system", created=T0
        )
    sagemaker.add_app(
        DOMAIN, "JupyterLab", "default", space="alice-private", instance_type=G5, created=T0
    )
    sagemaker.add_app(
        DOMAIN, "JupyterLab", "default", space="bob-private", instance_type=T3, created=T0
    )
    sagemaker.add_app(
        DOMAIN, "JupyterLab", "default", space="carol-private", instance_type=G5, created=T0
    )
    sagemaker.add_app(
        DOMAIN, "KernelGateway", "datascience", profile="carol", instance_type=T3, created=T0
    )
    sagemaker.add_space(DOMAIN, "team", owner="alice", sharing="Shared")
    sagemaker.add_app(DOMAIN, "JupyterLab", "default", space="team", instance_type=T3, created=T0)
    return sagemaker


def meter(cli, when: float) -> dict:
    run = cli("meter", "--once", "--now", iso(when), "--stack", "test")
    assert run.code == 0, run.err
    return json.loads(run.out)


def usage(cli) -> dict[str, dict]:
    run = cli("usage", "--month", "2026-12", "--format", "json", "--stack", "test")
    assert run.code == 0, run.err
    return {line["person"]: line for line in json.loads(run.out)["people"]}


def expected(hours: float, *types: str) -> float:
    return sum(RATES.price(t).usd_per_hour for t in types) * hours


def close_to(value: float, target: float) -> bool:
    return abs(value - target) <= 0.05 * target


def test_spend_is_rate_times_time_whatever_the_runs_do(cli, studio):
    # Runs every 5 minutes for an hour, one retried, two overlapping, then 50 minutes missed.
    times = [T0 + 300 * i for i in range(1, 13)]
    for when in times:
        meter(cli, when)
        if when == times[3]:
            meter(cli, when)  # a retry of the same run
    meter(cli, T0 + 3600 + 150)
    meter(cli, T0 + 3600 + 120)  # a late invocation that started before the one above
    meter(cli, T0 + 2 * 3600)  # 50 minutes of missed runs, caught up
    lines = usage(cli)
    assert close_to(lines["alice"]["usd"], expected(2, G5))
    assert close_to(lines["bob"]["usd"], expected(2, T3))
    assert close_to(lines["shared"]["usd"], expected(2, T3))
    assert lines["alice"]["hours"] == pytest.approx(4.0)  # two apps, one free
    assert lines["alice"]["budgetUsd"] == 100 and lines["bob"]["budgetUsd"] == 50
    assert lines["shared"]["budgetUsd"] is None


def test_a_repeated_run_counts_nothing_twice(cli, studio):
    meter(cli, T0 + 600)
    first = usage(cli)
    again = meter(cli, T0 + 600)
    assert again["secondsCounted"] == 0 and again["ledgerWrites"] == 0
    earlier = meter(cli, T0 + 300)  # a delayed invocation from before
    assert earlier["secondsCounted"] == 0
    assert usage(cli) == first


def test_crossing_the_budget_stops_the_persons_apps_and_closes_studio(cli, studio):
    assert meter(cli, T0 + 2 * 3600)["warned"] == ["carol"]  # $3.20 of $5: past 50 %
    assert usage(cli)["carol"]["warnedAt"] is not None
    assert usage(cli)["carol"]["overBudgetAt"] is None
    result = meter(cli, T0 + 4 * 3600)  # $6.41 > $5
    assert result["closed"] == ["carol"]
    assert sorted(result["stoppedApps"]) == [
        f"{DOMAIN}/carol-private/default",
        f"{DOMAIN}/carol/datascience",
        f"{DOMAIN}/carol/default",
    ]
    carol_apps = [a for a in studio.apps if "carol" in (a["UserProfileName"] or a["SpaceName"])]
    assert {a["Status"] for a in carol_apps} == {"Deleting"}
    tags = {t["Key"]: t["Value"] for t in studio.profiles[(DOMAIN, "carol")]["Tags"]}
    assert tags[TAG] == "2026-12"
    for other in ("alice", "bob", "dave"):
        assert TAG not in {t["Key"] for t in studio.profiles[(DOMAIN, other)]["Tags"]}
    others = [a for a in studio.apps if "carol" not in (a["UserProfileName"] or a["SpaceName"])]
    assert {a["Status"] for a in others} == {"InService"}
    assert usage(cli)["carol"]["overBudgetAt"] is not None
    # Closed once: the next run changes nothing for carol.
    assert meter(cli, T0 + 4 * 3600 + 300)["closed"] == []


def test_an_app_started_while_closed_is_stopped_by_the_next_run(cli, studio):
    meter(cli, T0 + 4 * 3600)
    studio.add_app(
        DOMAIN,
        "JupyterLab",
        "again",
        space="carol-private",
        instance_type=T3,
        created=T0 + 4 * 3600 + 60,
    )
    result = meter(cli, T0 + 4 * 3600 + 300)
    assert result["stoppedApps"] == [f"{DOMAIN}/carol-private/again"]


def test_the_month_turning_reopens_studio(cli, studio):
    meter(cli, T0 + 4 * 3600)
    carol = studio.profiles[(DOMAIN, "carol")]
    assert TAG in {t["Key"] for t in carol["Tags"]}
    result = meter(cli, at("2027-01-01T00:05:00"))
    assert result["reopened"] == ["carol"]
    assert TAG not in {t["Key"] for t in carol["Tags"]}


def test_a_raised_budget_reopens_studio(cli, studio, project):
    meter(cli, T0 + 4 * 3600)
    project.user("carol", "studio:\n  monthly_budget_usd: 500\n")
    result = meter(cli, T0 + 4 * 3600 + 300)
    assert result["reopened"] == ["carol"]
    assert TAG not in {t["Key"] for t in studio.profiles[(DOMAIN, "carol")]["Tags"]}


def test_time_is_split_where_the_month_turns(cli, studio):
    meter(cli, at("2026-12-31T23:00:00"))
    meter(cli, at("2027-01-01T01:00:00"))
    run = cli("usage", "--month", "2027-01", "--format", "json", "--stack", "test")
    january = {line["person"]: line for line in json.loads(run.out)["people"]}
    assert january["bob"]["usd"] == pytest.approx(expected(1, T3), abs=0.01)
    assert january["bob"]["hours"] == pytest.approx(2.0)  # the free JupyterServer too


def test_an_unknown_instance_type_is_priced_at_its_familys_highest_and_reported(cli, studio):
    studio.add_app(
        DOMAIN,
        "JupyterLab",
        "big",
        space="dave-private",
        instance_type="ml.g5.48xlarge",
        created=T0,
    )
    result = meter(cli, T0 + 3600)
    dearest = max(r for t, r in RATES.rates.items() if t.startswith("ml.g5."))
    assert result["unpricedInstanceTypes"] == {"ml.g5.48xlarge": dearest}
    assert close_to(usage(cli)["dave"]["usd"], dearest)


def test_usage_markdown_has_the_chart_and_the_top_spenders(cli, studio):
    meter(cli, T0 + 3600)
    run = cli("usage", "--month", "2026-12", "--format", "markdown", "--stack", "test")
    assert run.code == 0
    assert "```mermaid" in run.out and "xychart-beta" in run.out
    assert run.out.index("`carol`") < run.out.index("`bob`")  # dearest first


def test_meter_creates_a_missing_ledger_and_usage_without_one_is_one_line(cli, sagemaker, project):
    project.stack(studio={"monthly_budget_usd": 100})
    project.user("dana")
    sagemaker.add_profile(DOMAIN, "dana", {"studiouserid": "dana"})
    sagemaker.add_app(DOMAIN, "KernelGateway", "k", profile="dana", instance_type=T3, created=T0)
    with mock_aws():
        missing = cli("usage", "--stack", "test")
        assert missing.code == 1 and missing.err.count("\n") == 1
        assert "Traceback" not in missing.err
        run = cli("meter", "--once", "--now", iso(T0 + 3600), "--stack", "test")
        assert run.code == 0, run.err
        assert "created the ledger table studio-access-meter-test" in run.err
        assert json.loads(run.out)["secondsCounted"] == 3600


def test_overlapping_runs_count_each_second_once(cli, studio, project):
    """Run B starts and finishes while run A is between reading the ledger and writing it."""
    from pathlib import Path

    from components.meter.command import meter_config
    from components.meter.function.run import run_once
    from components.roster.stack_files import load_stack_settings

    config = meter_config(load_stack_settings("test"), Path("users"), "test")
    sagemaker = boto3.client("sagemaker", region_name=REGION)
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    meter(cli, T0 + 300)

    class Ledger:
        """DynamoDB that lets run B go first, as soon as run A has read what it has seen."""

        def __init__(self):
            self.done = False

        def __getattr__(self, name):
            return getattr(dynamodb, name)

        def batch_get_item(self, **request):
            answer = dynamodb.batch_get_item(**request)
            if not self.done:
                self.done = True
                run_once(sagemaker, dynamodb, config, RATES, T0 + 630)  # run B
            return answer

    run_once(sagemaker, Ledger(), config, RATES, T0 + 600)  # run A
    meter(cli, T0 + 900)
    lines = usage(cli)
    assert lines["alice"]["hours"] == pytest.approx(0.5)  # 900 s of two apps
    assert lines["bob"]["usd"] == pytest.approx(expected(0.25, T3), abs=1e-4)


def test_the_markdown_stays_small_for_thousands_of_people():
    from components.cli.render.usage_report import CHART, render
    from components.meter.command import UsageLine

    lines = [UsageLine(f"person-{i:04d}", 5000.0 - i, 10.0, 100.0, None, None) for i in range(3000)]
    markdown = render("2026-12", lines, "markdown")
    assert len(markdown) < 4000
    assert f'"{3000 - CHART} others"' in markdown


def _refused(cli, when: float) -> str:
    run = cli("meter", "--once", "--now", iso(when), "--stack", "test")
    assert run.code == 1, run.out + run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    return run.err


def test_a_running_app_without_a_creation_time_is_not_billed_nor_stopped(cli, studio):
    studio.add_app(DOMAIN, "JupyterLab", "ageless", space="carol-private", instance_type=G5)
    err = _refused(cli, T0 + 4 * 3600)
    assert "AWS sagemaker ListApps" in err and "CreationTime" in err
    assert studio.mutations() == []
    assert all(line["usd"] == 0 for line in usage(cli).values())


def test_an_app_of_another_domain_is_not_metered_here(cli, studio):
    app = {"DomainId": "d-other", "UserProfileName": "carol", "AppType": "KernelGateway"}
    entry = {**app, "AppName": "k", "Status": "InService", "CreationTime": T0}
    studio.junk["ListApps"] = (
        200,
        "application/x-amz-json-1.1",
        json.dumps({"Apps": [entry]}).encode(),
    )
    err = _refused(cli, T0 + 4 * 3600)
    assert "an entry of domain 'd-other' in the answer for d-test1" in err
    assert studio.mutations() == []
