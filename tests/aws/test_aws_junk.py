"""Every AWS command against an endpoint that is not AWS: one line and exit 1, never an empty
answer or a traceback; a setting boto3 cannot use: exit 2; a slow drip: the overall deadline."""

from __future__ import annotations

import time

import pytest
from junk_endpoint import slow_drip

pytest_plugins = ("aws_fixtures", "verify_fixtures")

HTML = (200, "text/html; charset=utf-8", b"<html><body><h1>Welcome to the proxy</h1></body></html>")
EMPTY = (200, "application/x-amz-json-1.1", b"{}")
NOT_JSON = (200, "application/x-amz-json-1.1", b"Service Unavailable, try later")
WRONG_TYPE = (200, "text/plain", b'{"UserProfiles": []}')


def _commands(base: str) -> dict[str, tuple[str, ...]]:
    return {
        "audit": ("audit", "--stack", "test"),
        "adopt": ("adopt", "--stack", "test", "--users", "adopted"),
        "drain": ("drain", "--stack", "test", "--base", base, "--dry-run"),
        "verify": ("verify", "--stack", "test"),
    }


def _one_line(run, code: int = 1) -> str:
    assert run.code == code, run.out + run.err
    assert run.err.startswith("error: ") and run.err.count("\n") == 1, run.err
    assert "Traceback" not in run.err + run.out
    return run.err


#: The list call each command makes to SageMaker.
LISTS = {
    "audit": "ListUserProfiles",
    "adopt": "ListUserProfiles",
    "drain": "ListApps",
    "verify": "ListUserProfiles",
}


@pytest.mark.parametrize("command", list(LISTS))
def test_junk_on_a_list_call_is_an_error_not_an_empty_list(bob_removed, sagemaker, cli, command):
    junks = {"html": HTML, "empty": EMPTY, "text": NOT_JSON, "type": WRONG_TYPE}
    for name, junk in junks.items():
        sagemaker.junk[LISTS[command]] = junk
        err = _one_line(cli(*_commands(bob_removed)[command]))
        assert f"AWS sagemaker {LISTS[command]}" in err, name
        assert "probably not the AWS API" in err and "AWS_ENDPOINT_URL" in err, name


#: The result key of each list call.
RESULTS = {"ListUserProfiles": "UserProfiles", "ListApps": "Apps", "ListSpaces": "Spaces"}
WRONG = {
    "null": (b"[null]", "[0] is null"),
    "number": (b"[3]", "[0] is the number 3"),
    "string": (b'"abc"', "is the string 'abc', where the service sends a list"),
    "object": (b'{"a": 1}', "is an object, where the service sends a list"),
}


@pytest.mark.parametrize(
    ("command", "operation"), [*LISTS.items(), ("drain", "ListSpaces")], ids=str
)
def test_a_list_of_the_wrong_type_is_an_error_not_a_crash(
    bob_removed, sagemaker, cli, command, operation
):
    key = RESULTS[operation]
    for wrong, (value, words) in WRONG.items():
        sagemaker.junk[operation] = (*EMPTY[:2], b'{"%s": %s}' % (key.encode(), value))
        err = _one_line(cli(*_commands(bob_removed)[command]))
        assert f"AWS sagemaker {operation} did not answer as the AWS API does" in err, wrong
        assert f"{key}{words}" in err or f"{key} {words}" in err, wrong


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_a_profile_name_that_is_not_a_string_is_an_error(bob_removed, sagemaker, cli, command):
    sagemaker.junk["ListUserProfiles"] = (
        *EMPTY[:2],
        b'{"UserProfiles": [{"DomainId": "d-test1", "UserProfileName": 5}]}',
    )
    err = _one_line(cli(*_commands(bob_removed)[command]))
    assert (
        "UserProfiles[0].UserProfileName is the number 5, where the service sends a string" in err
    )
    assert "Parameter validation" not in err


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_an_answer_whose_body_is_not_an_object_is_an_error(bob_removed, sagemaker, cli, command):
    for status, body in ((400, b"[]"), (500, b"null"), (200, b"[1]")):
        sagemaker.junk["DescribeDomain"] = (status, EMPTY[1], body)
        err = _one_line(cli(*_commands(bob_removed)[command]))
        assert "AWS sagemaker DescribeDomain did not answer as the AWS API does" in err, status
        assert f"HTTP {status}" in err


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_an_empty_answer_to_describe_domain_is_an_error(bob_removed, sagemaker, cli, command):
    sagemaker.junk["DescribeDomain"] = EMPTY
    err = _one_line(cli(*_commands(bob_removed)[command]))
    assert "AWS sagemaker DescribeDomain: the answer has no DomainArn" in err


def test_html_from_iam_is_an_error(bob_removed, simulator, cli):
    simulator.junk = HTML[2]
    err = _one_line(cli("verify", "--stack", "test"))
    assert "AWS iam SimulatePrincipalPolicy" in err and "content type text/html" in err


@pytest.fixture
def changed(aws_env, project):
    """bob's file deleted under profileDeletion: delete; nothing bob_removed (no call is made)."""
    project.stack(profileDeletion="delete")
    project.user("alice")
    project.user("bob")
    base = project.commit("alice and bob")
    (project.users / "bob.yaml").unlink()
    return base


@pytest.mark.parametrize("command", ["audit", "adopt", "drain", "verify"])
@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("AWS_MAX_ATTEMPTS", "abc"),
        ("AWS_MAX_ATTEMPTS", "0"),
        ("AWS_ENDPOINT_URL", "not a url"),
        ("AWS_ENDPOINT_URL_SAGEMAKER", "ftp://example.com"),
        ("AWS_RETRY_MODE", "fast"),
        ("AWS_REGION", "eu west 1"),
        ("AWS_USE_FIPS_ENDPOINT", "maybe"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "yes"),
        ("AWS_REQUEST_CHECKSUM_CALCULATION", "bogus"),
        ("AWS_RESPONSE_CHECKSUM_VALIDATION", "bogus"),
        ("AWS_STS_REGIONAL_ENDPOINTS", "global"),
        ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes"),
    ],
)
def test_a_setting_boto3_cannot_use_is_a_usage_error(
    changed, monkeypatch, cli, command, variable, value
):
    monkeypatch.setenv(variable, value)
    err = _one_line(cli(*_commands(changed)[command]), code=2)
    assert f"{variable}={value!r}" in err


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_a_slow_drip_ends_at_the_deadline_with_one_line(bob_removed, monkeypatch, cli, command):
    with slow_drip() as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", url)
        started = time.monotonic()
        err = _one_line(cli(*_commands(bob_removed)[command], "--timeout", "1.5"))
        elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    assert f"{command} did not finish within 1.5 s (--timeout)" in err


def test_drain_has_the_deadline_too(bob_removed, monkeypatch, cli):
    with slow_drip() as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", url)
        started = time.monotonic()
        run = cli(*_commands(bob_removed)["drain"], "--timeout", "0.5")
        elapsed = time.monotonic() - started
    err = _one_line(run)
    assert elapsed < 10, elapsed
    assert "drain did not finish within 6 s (--timeout 0.5 and 5.5 s to finish)" in err


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "--stack", "test"),
        ("activity", "--stack", "test"),
        ("meter", "--once", "--stack", "test"),
        ("usage", "--stack", "test"),
        ("prices", "--region", "eu-west-1"),
    ],
    ids=lambda command: command[0],
)
@pytest.mark.parametrize("value", ["inf", "1e10", "86401", "nan", "0", "-1"])
def test_a_timeout_past_a_day_or_not_positive_is_a_usage_error(
    changed, cli, capsys, command, value
):
    with pytest.raises(SystemExit) as exited:
        cli(*command, "--timeout", value)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert (
        f"argument --timeout: {value!r} is not a number of seconds above 0 and at most 86400" in err
    )
