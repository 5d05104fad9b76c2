"""Well-formed answers about something else: another domain, region or account, an entry listed
twice, an AuthMode the model does not name. Every command refuses them with one line (exit 1),
before it reports, writes a file or calls once per entry."""

from __future__ import annotations

import json

import pytest
from aws_env import DOMAIN, REGION
from fake_sagemaker import ACCOUNT

pytest_plugins = ("aws_fixtures", "verify_fixtures")

JSON = "application/x-amz-json-1.1"
ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/{DOMAIN}"


def _run(cli, base: str, command: str):
    args = {
        "audit": ("audit", "--stack", "test"),
        "adopt": ("adopt", "--stack", "test", "--users", "adopted"),
        "drain": ("drain", "--stack", "test", "--base", base, "--dry-run"),
        "verify": ("verify", "--stack", "test"),
    }[command]
    return cli(*args)


def _one_line(run, code: int = 1) -> str:
    assert run.code == code, run.out + run.err
    assert run.err.startswith("error: ") and run.err.count("\n") == 1, run.err
    assert "Traceback" not in run.err + run.out
    return run.err


DOMAIN_ANSWERS = {
    "junk arn": ({"DomainArn": "junk"}, "DomainArn 'junk' is not a SageMaker domain's ARN"),
    "empty arn": ({"DomainArn": ""}, "DomainArn '' is not a SageMaker domain's ARN"),
    "another id": ({"DomainId": "d-other"}, "about domain 'd-other' (DomainId)"),
    "arn of another domain": (
        {"DomainArn": ARN.replace(DOMAIN, "d-other")},
        "names domain d-other, not d-test1",
    ),
    "arn of another region": (
        {"DomainArn": ARN.replace(REGION, "us-east-1")},
        "is in region us-east-1, not eu-west-1",
    ),
    "arn of another account": (
        {"DomainArn": ARN.replace(ACCOUNT, "999999999999")},
        "in account 999999999999, but the credentials' IAM principals are in account " + ACCOUNT,
    ),
    "unknown auth mode": ({"AuthMode": "LDAP"}, "AuthMode 'LDAP' is none of SSO, IAM"),
}


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_an_answer_about_another_domain_is_refused(bob_removed, sagemaker, cli, command):
    # Every answer asked of one deployment: the account is set up once per command.
    domain = dict(sagemaker.domains[DOMAIN])
    for case, (change, words) in DOMAIN_ANSWERS.items():
        sagemaker.domains[DOMAIN] = {**domain, **change}
        err = _one_line(_run(cli, bob_removed, command))
        assert "AWS sagemaker DescribeDomain did not answer as the AWS API does" in err, case
        assert words in err, case


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_a_domain_of_the_other_auth_mode_is_reported_alike(
    bob_removed, sagemaker, cli, project, command
):
    sagemaker.domains[DOMAIN]["AuthMode"] = "SSO"
    run = _run(cli, bob_removed, command)
    assert run.code == 1, run.out + run.err
    assert "signs people in with AuthMode SSO, but the stack's authMode is iam" in run.out + run.err
    assert not (project.root / "adopted").exists() or not list((project.root / "adopted").iterdir())


def _listing(key: str, entries: list[dict]) -> tuple[int, str, bytes]:
    return (200, JSON, json.dumps({key: entries}).encode())


def _profile(name: str, domain: str = DOMAIN) -> dict:
    return {"DomainId": domain, "UserProfileName": name, "Status": "InService"}


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_a_profile_of_another_domain_is_refused(bob_removed, sagemaker, cli, project, command):
    sagemaker.junk["ListUserProfiles"] = _listing(
        "UserProfiles", [_profile("alice"), _profile("zed", "d-other")]
    )
    err = _one_line(_run(cli, bob_removed, command))
    assert "AWS sagemaker ListUserProfiles did not answer as the AWS API does" in err
    assert "UserProfileName 'zed' of domain 'd-other'" in err
    assert not (project.root / "import.json").exists()


@pytest.mark.parametrize("command", ["audit", "adopt", "verify"])
def test_a_profile_listed_twice_is_refused_before_it_is_read(bob_removed, sagemaker, cli, command):
    sagemaker.junk["ListUserProfiles"] = _listing("UserProfiles", [_profile("zed")] * 500)
    err = _one_line(_run(cli, bob_removed, command))
    assert "it lists UserProfileName 'zed' twice" in err
    reads = [op for op, _ in sagemaker.calls if op in ("ListTags", "DescribeUserProfile")]
    assert reads == []


SPACE = {"DomainId": DOMAIN, "SpaceName": "s", "OwnershipSettingsSummary": {}}
APP = {"DomainId": DOMAIN, "UserProfileName": "bob", "AppType": "JupyterLab", "AppName": "a"}


@pytest.mark.parametrize(
    ("operation", "key", "entries", "words"),
    [
        ("ListSpaces", "Spaces", [{**SPACE, "DomainId": "d-other"}], "of domain 'd-other'"),
        ("ListSpaces", "Spaces", [SPACE, SPACE], "SpaceName 's' twice"),
        ("ListApps", "Apps", [{**APP, "DomainId": "d-other"}], "of domain 'd-other'"),
        ("ListApps", "Apps", [APP, APP], "AppName 'a' twice"),
    ],
    ids=["space elsewhere", "space twice", "app elsewhere", "app twice"],
)
def test_drain_refuses_spaces_and_apps_of_another_domain_or_twice(
    bob_removed, sagemaker, cli, operation, key, entries, words
):
    sagemaker.junk[operation] = _listing(key, entries)
    err = _one_line(_run(cli, bob_removed, "drain"))
    assert f"AWS sagemaker {operation} did not answer as the AWS API does" in err
    assert words in err
