"""Fixtures for ``verify``: IAM with a policy simulator in front, and IAM Access Analyzer.

Both are local fakes speaking the real protocols (``fake_iam_simulator``,
``fake_access_analyzer``), reached through ``AWS_ENDPOINT_URL_IAM`` and
``AWS_ENDPOINT_URL_ACCESSANALYZER``; IAM itself stays moto's (``aws_fixtures.iam``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aws_deploy import deploy
from aws_env import DOMAIN
from fake_access_analyzer import FakeAccessAnalyzer, FakeAccessAnalyzerServer
from fake_iam_simulator import FakeIamServer, FakeSimulator


@pytest.fixture
def simulator(iam, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSimulator]:
    """moto's IAM behind a policy simulator, for the duration of a test."""
    fake = FakeSimulator()
    with FakeIamServer(fake) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", server.url)
        yield fake


@pytest.fixture
def analyzer(aws_env, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAccessAnalyzer]:
    """The fake Access Analyzer, for the duration of a test."""
    fake = FakeAccessAnalyzer()
    with FakeAccessAnalyzerServer(fake) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_ACCESSANALYZER", server.url)
        yield fake


@pytest.fixture
def bob_removed(iam, sagemaker, simulator, analyzer, project) -> str:
    """alice and bob deployed, then bob's file deleted under profileDeletion: delete (a drain):
    the base commit, for ``drain --base``. Every AWS command has something to read."""
    project.stack(profileDeletion="delete")
    project.user("alice")
    project.user("bob")
    deploy(iam, sagemaker, project.root)
    base = project.commit("alice and bob")
    sagemaker.add_space(DOMAIN, "bob-private", owner="bob")
    (project.users / "bob.yaml").unlink()
    return base
