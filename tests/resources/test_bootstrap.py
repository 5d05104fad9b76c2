"""The bootstrap program under Pulumi's mocks: GitHub's OIDC provider and every operator role,
with exactly the trusts and policies ``ci-policy --role R [--trust]`` prints."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from components.cli.main import main
from components.policies.ci.roles import CI_ROLES
from tests.pulumi_harness import PROJECT_DIR, run_program

PROGRAM = PROJECT_DIR / "bootstrap" / "__main__.py"
W, M = "111122223333", "999988887777"
STACK = {
    "aws:region": "eu-west-1",
    "studio-access:domainId": "d-abc123def456",
    "studio-access:defaultExecutionRoleArn": f"arn:aws:iam::{W}:role/service-role/Exec",
    "studio-access:authMode": "sso",
    "studio-access:identityStoreId": "d-1234567890",
    "studio-access:ssoApplicationArn": (
        f"arn:aws:sso::{M}:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
    ),
    "studio-access:orgGuard": True,
    "studio-access:deployRoleArn": f"arn:aws:iam::{W}:role/ci/studio-access-ci-deploy",
    "studio-access:orgGuardTargets": ["ou-ab12-cdef3456"],
    "studio-access:orgGuardRoleArn": f"arn:aws:iam::{M}:role/studio-access-org",
    "studio-access:orgReadRoleArn": f"arn:aws:iam::{M}:role/studio-access-org-read",
    "studio-access:identityCenterRoleArn": f"arn:aws:iam::{M}:role/studio-access-identity-center",
    "studio-access:identityCenterReadRoleArn": (
        f"arn:aws:iam::{M}:role/studio-access-identity-center-read"
    ),
    "studio-access:githubRepository": "example-org/studio-access",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's files the program reads: the main stack beside ``bootstrap/``."""
    (tmp_path / "bootstrap").mkdir()
    shutil.copy(PROJECT_DIR / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    (tmp_path / "Pulumi.prod.yaml").write_text(yaml.safe_dump({"config": STACK}))
    return tmp_path


def run(project: Path, **config: str):
    program = project / "bootstrap" / "__main__.py"
    shutil.copy(PROGRAM, program)
    values = {"stack": "prod", "aws:region": "eu-west-1", **config}
    return run_program(
        values, cwd=project / "bootstrap", program=program, project="studio-access-bootstrap"
    )


def printed(project: Path, monkeypatch, capsys, *args: str) -> str:
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["ci-policy", *args, "--stack", "prod"]) == 0
    return capsys.readouterr().out


def test_every_role_with_the_trust_and_policies_ci_policy_prints(project, monkeypatch, capsys):
    result = run(project, managementProfile="management")
    [oidc] = result.mocks.of_type("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert oidc.inputs["url"] == "https://token.actions.githubusercontent.com"
    assert oidc.inputs["clientIdLists"] == ["sts.amazonaws.com"]
    roles = {
        r.name.removeprefix("studio-access-operator-"): r
        for r in result.mocks.of_type("aws:iam/role:Role")
    }
    assert sorted(roles) == sorted(CI_ROLES)
    assert (roles["deploy"].inputs["name"], roles["deploy"].inputs["path"]) == (
        "studio-access-ci-deploy",
        "/ci/",
    )
    assert roles["preview"].inputs["name"] == "studio-access-ci-preview", "derived from deploy"
    policies = {p.name: p for p in result.mocks.of_type("aws:iam/policy:Policy")}
    for role, registered in roles.items():
        trust = printed(project, monkeypatch, capsys, "--role", role, "--trust")
        assert json.loads(registered.inputs["assumeRolePolicy"]) == json.loads(trust), role
        loaded = json.loads(printed(project, monkeypatch, capsys, "--role", role))
        parts = loaded if isinstance(loaded, list) else [loaded]
        mine = [
            json.loads(p.inputs["policy"])
            for n, p in policies.items()
            if n.startswith(f"studio-access-operator-{role}-")
            and n.removeprefix(f"studio-access-operator-{role}-").isdigit()
        ]
        assert mine == parts, role
    attachments = result.mocks.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert len(attachments) == len(policies)
    [provider] = result.mocks.of_type("pulumi:providers:aws")
    assert provider.inputs["profile"] == "management"
    for role in ("org-read", "org", "identity-center-read", "identity-center"):
        request = result.monitor.requests[f"studio-access-operator-{role}"]
        assert request.provider.startswith(provider.urn), role
    for role in ("preview", "audit", "deploy"):
        assert result.monitor.requests[f"studio-access-operator-{role}"].provider == ""


def test_the_state_backend_policy_when_the_bucket_and_key_are_named(project, monkeypatch, capsys):
    key = f"arn:aws:kms:eu-west-1:{W}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    result = run(project, stateBucket="studio-access-state", stateKmsKeyArn=key)
    inline = {p.name: p for p in result.mocks.of_type("aws:iam/rolePolicy:RolePolicy")}
    assert sorted(inline) == [
        f"studio-access-operator-{r}-state" for r in ("audit", "deploy", "preview")
    ]
    for role in ("preview", "deploy"):
        out = printed(
            project,
            monkeypatch,
            capsys,
            "--role",
            role,
            "--state-bucket",
            "studio-access-state",
            "--state-key",
            key,
        )
        assert json.loads(
            inline[f"studio-access-operator-{role}-state"].inputs["policy"]
        ) == json.loads(out)
    deploy = json.loads(inline["studio-access-operator-deploy-state"].inputs["policy"])
    assert "s3:PutObject" in json.dumps(deploy)
    assert "s3:PutObject" not in inline["studio-access-operator-preview-state"].inputs["policy"]


def test_an_existing_oidc_provider_is_not_created_twice(project):
    result = run(project, createOidcProvider="false")
    assert not result.mocks.of_type("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert result.mocks.of_type("aws:iam/role:Role")


def test_a_stack_without_the_repository_deploys_nothing(project):
    (project / "Pulumi.prod.yaml").write_text(
        yaml.safe_dump({"config": {k: v for k, v in STACK.items() if "github" not in k}})
    )
    with pytest.raises(Exception, match="githubRepository"):
        run(project)
