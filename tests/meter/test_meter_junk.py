"""``meter``, ``usage`` and ``prices`` against endpoints that are not AWS, and settings boto3
cannot use: one line on stderr and exit 1 (2 for a setting or an argument), never a traceback,
never an empty answer ("apps": 0, "nothing metered", "no price")."""

from __future__ import annotations

import time

import pytest
from junk_endpoint import JSON, junk_endpoint, slow_drip

pytest_plugins = ("aws_fixtures",)

METER = ("meter", "--once", "--stack", "test", "--timeout", "20")
USAGE = ("usage", "--stack", "test", "--timeout", "20")
PRICES = ("prices", "--region", "eu-west-1", "--timeout", "20")
COMMANDS = {"meter": METER, "usage": USAGE, "prices": PRICES}
#: What a proxy, a portal or another service may answer, for every call.
JUNK = {
    "empty": (JSON, b"{}"),
    "html": ("text/html", b"<html><body>Sign in</body></html>"),
    "text": (JSON, b"Service Unavailable"),
    "truncated": (JSON, b'{"Items": [{"pk": '),
    "xml": (JSON, b"<Error><Code>x</Code></Error>"),
    "list": (JSON, b"[]"),
}


@pytest.fixture
def stack(aws_env, project, monkeypatch, tmp_path):
    """A metered stack whose calls all go to a junk endpoint; the rate table a copy."""
    project.stack(studio={"monthly_budget_usd": 100})
    project.user("dana")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")

    def serve(content_type: str, body: bytes):
        context = junk_endpoint(body, content_type)
        monkeypatch.setenv("AWS_ENDPOINT_URL", context.__enter__())
        return context

    contexts = []
    yield lambda content_type, body: contexts.append(serve(content_type, body))
    for context in contexts:
        context.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def rates_untouched(monkeypatch, tmp_path):
    """``prices`` never writes the committed rate table from a test."""
    import shutil

    from components.meter import prices
    from components.meter.function.rates import RATES_FILE

    copy = tmp_path / "rates.json"
    shutil.copy(RATES_FILE, copy)
    monkeypatch.setattr(prices.refresh, "__defaults__", (copy, None, None))


def _one_line(run, code: int = 1) -> str:
    assert run.code == code, run.out + run.err
    assert run.err.startswith("error: ") and run.err.count("\n") == 1, run.err
    assert "Traceback" not in run.err and run.out == ""
    return run.err


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("junk", list(JUNK))
def test_junk_for_every_call_is_one_line_and_exit_1(stack, cli, command, junk):
    stack(*JUNK[junk])
    err = _one_line(cli(*COMMANDS[command]))
    assert "probably not the AWS API" in err
    assert "dynamodb/sagemaker" not in err and "meter run" not in err


def test_a_table_but_no_list_of_spaces_is_not_zero_apps(stack, cli):
    stack(JSON, b'{"Table": {"TableName": "studio-access-meter-test"}}')
    err = _one_line(cli(*METER))
    assert "AWS sagemaker ListSpaces: the answer has no Spaces" in err


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"Items": [{"pk": {"S": "x"}}], "Count": 1}', "holds an item without a sk of type S"),
        (
            b'{"Items": [{"pk": {"S": "x"}, "sk": {"S": "a"}, "usd": {"N": "lots"}}]}',
            "whose usd is not a number",
        ),
        (
            b'{"Items": [], "LastEvaluatedKey": {"pk": {"S": "x"}}}',
            "same next token received twice",
        ),
    ],
    ids=["no sk", "usd not a number", "repeated key"],
)
def test_a_ledger_item_the_meter_never_writes_is_one_line(stack, cli, body, words):
    stack(JSON, body)
    err = _one_line(cli(*USAGE))
    assert "AWS dynamodb Query: the ledger studio-access-meter-test" in err and words in err


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"PriceList": ["not json"]}', "a PriceList entry is not a JSON object"),
        (b'{"PriceList": ["[1,2]"]}', "a PriceList entry is not a JSON object"),
        (b'{"PriceList": [7]}', "PriceList[0] is the number 7"),
        (b'{"PriceList": [], "NextToken": "again"}', "same next token was received twice"),
        (
            b'{"PriceList": ["{\\"product\\": {\\"attributes\\": {\\"instanceName\\": \\"ml.t3\\",'
            b' \\"usagetype\\": \\"Studio\\", \\"regionCode\\": \\"eu-west-1\\"}},'
            b' \\"terms\\": {\\"OnDemand\\": [1]}}"]}',
            "OnDemand is not an object",
        ),
    ],
    ids=["text", "a list", "a number", "repeated token", "terms"],
)
def test_a_price_list_that_is_not_the_apis_is_exit_1_not_no_price(stack, cli, body, words):
    stack(JSON, body)
    err = _one_line(cli(*PRICES))
    assert err.startswith("error: AWS pricing GetProducts") and words in err


@pytest.mark.parametrize("region", ["bad region!", "", "eu_west_1"])
def test_a_region_that_is_not_one_is_a_usage_error(stack, cli, region):
    stack(JSON, b"{}")
    err = _one_line(cli("prices", "--region", region), code=2)
    assert f"--region {region!r} is not a region name" in err


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("AWS_MAX_ATTEMPTS", "abc"),
        ("AWS_ENDPOINT_URL", "not_a_url"),
        ("AWS_DEFAULTS_MODE", "weird"),
        ("AWS_RETRY_MODE", "bogus"),
        ("AWS_DEFAULT_REGION", "bad_region!"),
        ("AWS_CA_BUNDLE", "/no/such/bundle.pem"),
        ("AWS_PROFILE", "nosuch"),
        ("AWS_CONFIG_FILE", "broken"),
    ],
)
def test_a_setting_boto3_cannot_use_is_exit_2_naming_it(
    stack, cli, monkeypatch, tmp_path, command, variable, value
):
    stack(JSON, b"{}")
    if value == "broken":
        value = str(tmp_path / "config")
        (tmp_path / "config").write_text("[default\nregion = eu-west-1\n")
    monkeypatch.setenv(variable, value)
    err = _one_line(cli(*COMMANDS[command]), code=2)
    assert variable in err


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_slow_drip_ends_at_the_deadline(stack, cli, monkeypatch, command):
    with slow_drip() as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        started = time.monotonic()
        err = _one_line(cli(*COMMANDS[command][:-1], "1"))
        elapsed = time.monotonic() - started
    assert elapsed < 4, elapsed
    assert f"{command} did not finish within 1 s (--timeout)" in err


def test_keys_dynamodb_never_processes_stop_the_run_after_a_few_tries(monkeypatch):
    from components.meter.function import ledger
    from components.meter.function.answers import Malformed

    class Throttled:
        calls = 0

        def batch_get_item(self, RequestItems):
            Throttled.calls += 1
            return {"Responses": {}, "UnprocessedKeys": RequestItems}

    waits: list[float] = []
    monkeypatch.setattr(ledger, "pause", waits.append)
    with pytest.raises(Malformed, match=r"left 2 key\(s\) unprocessed after 8 tries"):
        ledger.Ledger(Throttled(), "t").seen(["a", "b"])
    assert Throttled.calls == ledger.UNPROCESSED_TRIES
    assert waits == sorted(waits) and max(waits) <= 1.0


def test_keys_processed_on_a_later_try_are_read(monkeypatch):
    from components.meter.function import ledger

    class Slow:
        calls = 0

        def batch_get_item(self, RequestItems):
            Slow.calls += 1
            if Slow.calls < 3:
                return {"Responses": {}, "UnprocessedKeys": RequestItems}
            keys = RequestItems["t"]["Keys"]
            items = [{"pk": key["pk"], "seen": {"N": "7"}} for key in keys]
            return {"Responses": {"t": items}, "UnprocessedKeys": {}}

    monkeypatch.setattr(ledger, "pause", lambda seconds: None)
    assert ledger.Ledger(Slow(), "t").seen(["a"]) == {"a": 7}
    assert Slow.calls == 3
