"""Fixtures for the AWS commands: a clean AWS environment, moto for IAM, the fake SageMaker.

Nothing reaches the network. The environment is emptied of every ``AWS_*`` variable and of any
config file, then given dummy credentials and a region; IAM, STS and Organizations are moto's
(in-process, ``moto.mock_aws``), SageMaker is ``fake_sagemaker`` on localhost, reached through
``AWS_ENDPOINT_URL_SAGEMAKER``, the variable boto3 reads for every client; the same server
answers the tagging API (``AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API``), and IAM Identity
Center is ``fake_identity_center``, reached the same way. The product code sees
an ordinary AWS account. Test modules load these with ``pytest_plugins = ("aws_fixtures",)``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from aws_env import DEFAULT_ROLE, DEFAULT_ROLE_NAME, DOMAIN, REGION, SAGEMAKER_TRUST, Project, Run
from conftest import PROJECT_DIR
from fake_identity_center import FakeIdentityCenter, FakeIdentityCenterServer
from fake_sagemaker import FakeSageMaker, FakeSageMakerServer
from moto import mock_aws

from components.cli.main import main


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AWS configuration from the machine: dummy credentials, one region, no metadata service."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)


@pytest.fixture
def sagemaker(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSageMaker]:
    """The fake SageMaker with the stack's domain, served for the duration of a test."""
    fake = FakeSageMaker(region=REGION)
    fake.add_domain(DOMAIN, DEFAULT_ROLE)
    with FakeSageMakerServer(fake) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", server.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", server.url)
        yield fake


@pytest.fixture
def identity_center(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIdentityCenter]:
    """The fake IAM Identity Center (identity store and SSO admin), served for a test."""
    fake = FakeIdentityCenter()
    with FakeIdentityCenterServer(fake) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSO_ADMIN", server.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_IDENTITYSTORE", server.url)
        yield fake


@pytest.fixture
def iam(aws_env: None) -> Iterator[object]:
    """moto's IAM (and STS, Organizations), with the domain's default execution role."""
    with mock_aws():
        client = boto3.client("iam", region_name=REGION)
        client.create_role(
            RoleName=DEFAULT_ROLE_NAME,
            Path="/service-role/",
            AssumeRolePolicyDocument=json.dumps(SAGEMAKER_TRUST),
        )
        yield client


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A fresh project (a git repository) as the working directory, with the test stack."""
    root = tmp_path / "project"
    (root / "users").mkdir(parents=True)
    shutil.copy(PROJECT_DIR / "Pulumi.yaml", root / "Pulumi.yaml")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.chdir(root)
    project = Project(root)
    project.stack()
    return project


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``python -m components ARGS`` in-process (so moto's mock applies) and capture it."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
