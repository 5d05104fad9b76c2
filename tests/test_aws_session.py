"""The way into AWS: standard configuration, counted calls, and one clear message per failure."""

from __future__ import annotations

import pytest
from aws_env import DEFAULT_ROLE, DOMAIN
from botocore.exceptions import ClientError

from components.account.errors import AwsError, translate
from components.account.permissions import (
    adopt_actions,
    audit_actions,
    drain_actions,
    org_guard_role_actions,
)
from components.account.session import connect
from components.roster.settings import Settings

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
    settings = Settings(org_guard=True, org_guard_role_arn="arn:aws:iam::111111111111:role/Org")
    reads = ("Describe", "List", "Get")
    for actions in (adopt_actions(), audit_actions(settings)):
        assert all(a.split(":")[1].startswith(reads) or a == "sts:AssumeRole" for a in actions)
    assert "iam:GetAccountAuthorizationDetails" in audit_actions(Settings())
    assert "sts:AssumeRole" in audit_actions(settings)
    assert "organizations:DescribePolicy" in org_guard_role_actions()
    assert "organizations:DescribePolicy" in audit_actions(Settings(org_guard=True))
    assert not any(a.startswith(("organizations:", "sts:")) for a in audit_actions(Settings()))
    assert {"sagemaker:DeleteApp", "sagemaker:DeleteSpace"} <= set(drain_actions())


def test_access_denied_midway_through_the_threads_is_one_message(sagemaker, project, cli):
    for name in ("alice", "bob", "carol"):
        sagemaker.add_profile(DOMAIN, name)
    sagemaker.denied.add("ListTags")
    err = _cli_error(cli, project, "audit")
    assert "AWS sagemaker ListTags failed: AccessDeniedException" in err
    assert "allow sagemaker:ListTags for the credentials in use" in err
