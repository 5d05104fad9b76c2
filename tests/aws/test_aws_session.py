"""The way into AWS: standard configuration, counted calls, and one clear message per failure."""

from __future__ import annotations

import io
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from aws_env import DEFAULT_ROLE, DOMAIN
from botocore.exceptions import ClientError
from junk_endpoint import junk_endpoint

from components.aws.client import session
from components.aws.client.errors import AwsError, translate
from components.aws.client.progress import Progress
from components.aws.client.session import connect
from components.aws.permissions import (
    adopt_actions,
    audit_actions,
    drain_actions,
    org_guard_role_actions,
)
from components.aws.read.studio_inventory import read_domain, read_profiles
from components.core.settings.stack import Settings

pytest_plugins = ("aws_fixtures",)


def test_the_stack_region_wins_and_the_endpoint_comes_from_the_environment(sagemaker):
    aws, settings = connect(Settings(domain_id=DOMAIN, region="eu-west-1"))
    assert aws.region == "eu-west-1" and settings.partition == "aws"
    assert aws.call("sagemaker", "describe_domain", DomainId=DOMAIN)["DomainArn"].endswith(DOMAIN)
    config = aws.client("sagemaker").meta.config
    assert config.retries == {"mode": "standard"}
    assert aws.calls.count("sagemaker", "DescribeDomain") == 1


def test_a_region_from_the_aws_profile_sets_the_partition(aws_env, monkeypatch, tmp_path):
    monkeypatch.delenv("AWS_REGION")
    config = tmp_path / "config"
    config.write_text("[default]\nregion = cn-north-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    aws, settings = connect(Settings(region=None))
    assert aws.region == "cn-north-1" and settings.partition == "aws-cn"


def test_pages_are_counted_one_call_each(sagemaker):
    for n in range(250):
        sagemaker.add_profile(DOMAIN, f"p{n}")
    aws, _ = connect(Settings(region="eu-west-1"))
    names = list(aws.items("sagemaker", "list_user_profiles", "UserProfiles", 100))
    assert len(names) == 250
    assert aws.calls.count("sagemaker", "ListUserProfiles") == 3
    assert aws.calls.summary() == "3 AWS API calls (sagemaker 3)"


def _cli_error(cli, project, *args: str):
    run = cli(*args, "--stack", "test")
    assert run.code == 1, run.out + run.err
    assert run.err.startswith("error: ") and run.err.count("\n") == 1, run.err
    assert "Traceback" not in run.err
    return run.err


@pytest.mark.parametrize("command", ["adopt", "audit"])
def test_no_credentials_is_one_message(aws_env, monkeypatch, project, cli, command):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # never reached
    err = _cli_error(cli, project, command)
    assert "no usable AWS credentials" in err and "AWS_PROFILE" in err


@pytest.mark.parametrize("command", ["adopt", "audit"])
def test_no_region_is_one_message(aws_env, monkeypatch, project, cli, command):
    monkeypatch.delenv("AWS_REGION")
    (project.root / "Pulumi.test.yaml").write_text(
        f"config:\n  studio-access:domainId: {DOMAIN}\n"
        f"  studio-access:defaultExecutionRoleArn: {DEFAULT_ROLE}\n"
    )
    err = _cli_error(cli, project, command)
    assert "no AWS region: set aws:region" in err


def test_an_unreachable_endpoint_is_one_message(aws_env, monkeypatch, project, cli):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    err = _cli_error(cli, project, "audit")
    assert "cannot reach the endpoint" in err and "AWS_ENDPOINT_URL_SAGEMAKER" in err


def test_a_missing_domain_is_one_message(sagemaker, project, cli):
    project.stack(domainId="d-other")
    err = _cli_error(cli, project, "audit")
    assert "SageMaker domain d-other does not exist in region eu-west-1" in err


def test_an_unexpected_error_code_keeps_the_aws_message():
    error = ClientError({"Error": {"Code": "Odd", "Message": "it broke"}}, "ListTags")
    translated = translate(error, "sagemaker", "ListTags")
    assert isinstance(translated, AwsError) and translated.code == "Odd"
    assert str(translated).startswith("AWS sagemaker ListTags failed: Odd: it broke. What to do")


def test_the_actions_each_command_needs_are_listed_and_read_only_where_promised():
    settings = Settings(
        org_guard=True,
        org_guard_role_arn="arn:aws:iam::111111111111:role/Org",
        org_read_role_arn="arn:aws:iam::111111111111:role/OrgRead",
    )
    reads = ("Describe", "List", "Get")
    for actions in (adopt_actions(), audit_actions(settings)):
        assert all(a.split(":")[1].startswith(reads) or a == "sts:AssumeRole" for a in actions)
    assert "iam:GetAccountAuthorizationDetails" in audit_actions(Settings())
    assert "sts:AssumeRole" in audit_actions(settings)
    assert "organizations:DescribePolicy" in org_guard_role_actions()
    assert "organizations:DescribePolicy" in audit_actions(Settings(org_guard=True))
    assert not any(a.startswith(("organizations:", "sts:")) for a in audit_actions(Settings()))
    assert {"sagemaker:DeleteApp", "sagemaker:DeleteSpace"} <= set(drain_actions())


def test_access_denied_midway_through_the_threads_is_one_message(iam, sagemaker, project, cli):
    # Untagged profiles outside users/ are findings audit confirms with ListTags, on threads.
    for name in ("alice", "bob", "carol"):
        sagemaker.add_profile(DOMAIN, name)
    sagemaker.denied.add("ListTags")
    err = _cli_error(cli, project, "audit")
    assert "AWS sagemaker ListTags failed: AccessDeniedException" in err
    assert "allow sagemaker:ListTags for the credentials in use" in err


def test_the_tagging_api_denied_names_its_iam_action(iam, sagemaker, project, cli):
    sagemaker.add_profile(DOMAIN, "alice", {"studiouserid": "alice"})
    sagemaker.denied.add("GetResources")
    err = _cli_error(cli, project, "audit")
    assert "AWS tag GetResources failed: AccessDeniedException" in err
    assert "allow tag:GetResources for the credentials in use" in err


# ---------------------------------------------------------------------------------------------
# bounded calls: an endpoint that never answers, one that is not AWS


@contextmanager
def silent_endpoint() -> Iterator[str]:
    """A local socket that accepts connections and never answers; yields its URL."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            held.append(connection)  # kept open, never read from, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        server.close()


def plain_http_endpoint(status: int):
    """A local web server that is not AWS: every request gets ``status`` and an empty body."""
    return junk_endpoint(b"", None, status)


def test_the_default_limits_give_up_within_a_minute():
    """attempts × (connect + read) plus the longest backoff botocore's standard mode can wait."""
    from botocore.retries import standard

    attempts = standard.DEFAULT_MAX_ATTEMPTS
    backoff = standard.ExponentialBackoff()
    longest_waits = sum(
        min(backoff._BASE**i, backoff._max_backoff)  # throttling scale (1 s) is the longest
        for i in range(attempts - 1)
    )
    worst = attempts * (session.CONNECT_TIMEOUT + session.READ_TIMEOUT) + longest_waits
    assert worst < 60, worst


def test_every_client_has_the_timeouts(aws_env):
    aws, _ = connect(Settings(region="eu-west-1"))
    config = aws.client("sagemaker").meta.config
    assert (config.connect_timeout, config.read_timeout) == (3.0, 15.0)
    assert config.retries == {"mode": "standard"}, "attempts stay boto3's (AWS_MAX_ATTEMPTS)"


def test_an_endpoint_that_never_answers_fails_in_time_with_one_line(
    aws_env, monkeypatch, project, cli
):
    monkeypatch.setenv("STUDIO_ACCESS_AWS_READ_TIMEOUT", "0.3")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    with silent_endpoint() as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", url)
        started = time.monotonic()
        err = _cli_error(cli, project, "audit")
        elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    assert (
        "AWS sagemaker DescribeDomain: the endpoint accepted the connection but did not answer"
        in err
    )
    assert "STUDIO_ACCESS_AWS_READ_TIMEOUT and AWS_MAX_ATTEMPTS set how long to wait" in err


@pytest.mark.parametrize("value", ["soon", "0", "-1", "inf", "nan"])
def test_a_bad_timeout_setting_is_a_usage_error(aws_env, monkeypatch, project, cli, value):
    monkeypatch.setenv("STUDIO_ACCESS_AWS_CONNECT_TIMEOUT", value)
    run = cli("audit", "--stack", "test")
    assert run.code == 2, run.err
    assert (
        f"STUDIO_ACCESS_AWS_CONNECT_TIMEOUT={value!r} is not a positive number of seconds"
        in run.err
    )


def test_a_non_aws_404_says_so_and_points_at_the_endpoint(aws_env, monkeypatch, project, cli):
    with plain_http_endpoint(404) as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", url)
        err = _cli_error(cli, project, "audit")
    assert (
        "AWS sagemaker DescribeDomain failed: the endpoint answered HTTP 404 without an AWS "
        "error code, so it is probably not the AWS API" in err
    )
    assert "AWS_ENDPOINT_URL_SAGEMAKER" in err and "message above" not in err


def test_an_answer_that_is_not_an_aws_response_is_one_message(aws_env, monkeypatch, project, cli):
    with plain_http_endpoint(404) as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", url)
        aws, _ = connect(Settings(region="eu-west-1"))
        with pytest.raises(AwsError) as error:
            aws.call("iam", "get_account_authorization_details")
    assert "is not an AWS API response" in str(error.value)
    assert "AWS_ENDPOINT_URL_IAM" in str(error.value)


def test_an_aws_error_without_a_message_names_where_to_look():
    error = ClientError({"Error": {"Code": "ValidationException", "Message": ""}}, "ListTags")
    text = str(translate(error, "sagemaker", "ListTags"))
    assert text.startswith("AWS sagemaker ListTags failed: ValidationException, without a message")
    assert "look ValidationException up among the errors of sagemaker:ListTags" in text
    assert "message above" not in text


# ---------------------------------------------------------------------------------------------
# progress on a terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_and_cleared():
    stream = Terminal()
    with Progress("profiles read", 3, stream) as progress:
        for _ in range(3):
            progress.tick()
    text = stream.getvalue()
    assert "\rprofiles read: 1/3" in text and "\rprofiles read: 3/3" in text
    assert text.endswith("\r" + " " * len("profiles read: 3/3") + "\r"), "the line is cleared"


def test_progress_stays_off_logs_and_pipes():
    stream = io.StringIO()
    with Progress("profiles read", 3, stream) as progress:
        progress.tick(3)
    assert stream.getvalue() == "" and progress.done == 3


def test_many_profiles_are_counted_on_the_terminal(sagemaker, monkeypatch):
    for n in range(30):
        sagemaker.add_profile(DOMAIN, f"p{n}")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    aws, _ = connect(Settings(region="eu-west-1"))
    profiles = read_profiles(aws, read_domain(aws, DOMAIN))
    assert len(profiles) == 30
    assert "profiles read: 30/30" in terminal.getvalue()
