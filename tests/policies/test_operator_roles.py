"""The operator's own roles: their stack keys, their trust, and ``ci-policy --role R [--trust]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.cli.main import main
from components.core.problems import InputError
from components.core.settings.stack import Settings
from components.policies.ci.roles import CI_ROLES, ci_documents, policy_size
from components.policies.ci.trust import trust_policy

WORKLOAD = "111122223333"
MANAGEMENT = "999988887777"
DEPLOY = f"arn:aws:iam::{WORKLOAD}:role/studio-access-ci-deploy"
PREVIEW = f"arn:aws:iam::{WORKLOAD}:role/studio-access-ci-preview"
AUDIT = f"arn:aws:iam::{WORKLOAD}:role/studio-access-ci-audit"
ORG = f"arn:aws:iam::{MANAGEMENT}:role/studio-access-org"
ORG_READ = f"arn:aws:iam::{MANAGEMENT}:role/studio-access-org-read"
IDC = f"arn:aws:iam::{MANAGEMENT}:role/studio-access-identity-center"
IDC_READ = f"arn:aws:iam::{MANAGEMENT}:role/studio-access-identity-center-read"
APPLICATION = f"arn:aws:sso::{MANAGEMENT}:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
REQUIRED = (
    "  studio-access:domainId: d-abc123def456\n"
    "  studio-access:defaultExecutionRoleArn: arn:aws:iam::111122223333:role/service-role/Exec\n"
)
#: The stack the issue names: guard and both management roles, IAM users, Identity Center domain.
FULL = f"""config:
  aws:region: eu-west-1
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::111122223333:role/service-role/Exec
  studio-access:authMode: sso
  studio-access:identityStoreId: d-1234567890
  studio-access:ssoApplicationArn: {APPLICATION}
  studio-access:orgGuard: true
  studio-access:deployRoleArn: {DEPLOY}
  studio-access:orgGuardTargets: [ou-ab12-cdef3456, "{WORKLOAD}"]
  studio-access:orgGuardRoleArn: {ORG}
  studio-access:orgReadRoleArn: {ORG_READ}
  studio-access:identityCenterRoleArn: {IDC}
  studio-access:identityCenterReadRoleArn: {IDC_READ}
  studio-access:githubRepository: example-org/studio-access
"""


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``studio-access ARGS`` in a project of its own with stack ``full``: ``(code, out, err)``."""
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.full.yaml").write_text(FULL)
    (tmp_path / "users").mkdir()
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def settings(**values: object) -> Settings:
    return Settings.from_mapping(values, source="Pulumi.s.yaml")


# -- stack keys ---------------------------------------------------------------------------------


def test_preview_and_audit_default_to_the_deploy_roles_name_with_their_word():
    derived = settings(deployRoleArn=DEPLOY)
    assert (derived.preview_role_arn, derived.audit_role_arn) == (PREVIEW, AUDIT)
    named = settings(deployRoleArn=DEPLOY, previewRoleArn=f"arn:aws:iam::{WORKLOAD}:role/pr")
    assert named.preview_role_arn.endswith(":role/pr") and named.audit_role_arn == AUDIT
    other = settings(deployRoleArn=f"arn:aws:iam::{WORKLOAD}:role/pulumi-up")
    assert other.preview_role_arn is None, "no 'deploy' in the name: nothing to derive"
    assert Settings().preview_role_arn is None, "every key is optional"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"githubRepository": "studio-access"}, "githubRepository 'studio-access' is not a GitHub"),
        ({"previewRoleArn": "role/preview"}, "previewRoleArn: 'role/preview' is not a valid ARN"),
        ({"deployRoleArn": DEPLOY, "previewRoleArn": DEPLOY}, "previewRoleArn is deployRoleArn"),
        ({"orgGuardRoleArn": ORG, "auditRoleArn": ORG}, "auditRoleArn is orgGuardRoleArn"),
        ({"orgGuardRoleArn": ORG, "orgReadRoleArn": ORG}, "orgReadRoleArn is orgGuardRoleArn"),
        (
            {"identityCenterRoleArn": IDC, "identityCenterReadRoleArn": IDC},
            "identityCenterReadRoleArn is identityCenterRoleArn",
        ),
        ({"previewRoleArn": AUDIT, "auditRoleArn": AUDIT}, "previewRoleArn is auditRoleArn"),
        (
            {"aws:region": "cn-north-1", "orgReadRoleArn": ORG_READ},
            "orgReadRoleArn: ",
        ),
    ],
)
def test_each_key_is_validated_with_its_place(values, message):
    region = values.pop("aws:region", None)
    with pytest.raises(InputError) as raised:
        Settings.from_mapping(values, source="Pulumi.s.yaml", region=region)
    assert any(message in p.message for p in raised.value.problems), raised.value.problems
    assert all(p.path == "Pulumi.s.yaml" for p in raised.value.problems)


def test_a_stack_file_error_names_file_and_line(cli, tmp_path):
    (tmp_path / "Pulumi.bad.yaml").write_text(
        f"config:\n  studio-access:deployRoleArn: {DEPLOY}\n"
        f"  studio-access:previewRoleArn: {DEPLOY}\n{REQUIRED}"
    )
    code, _, err = cli("check", "--stack", "bad")
    assert code == 1
    assert "Pulumi.bad.yaml:3:" in err or "Pulumi.bad.yaml:3:" in _, err


# -- trust --------------------------------------------------------------------------------------


def test_the_ci_roles_trust_githubs_provider_with_sub_pinned_per_role(cli):
    subjects = {
        "preview": "repo:example-org/studio-access:pull_request",
        "audit": "repo:example-org/studio-access:ref:refs/heads/main",
        "deploy": "repo:example-org/studio-access:environment:production",
    }
    for role, subject in subjects.items():
        code, out, _ = cli("ci-policy", "--role", role, "--trust", "--stack", "full")
        assert code == 0
        (statement,) = json.loads(out)["Statement"]
        assert statement["Principal"] == {
            "Federated": f"arn:aws:iam::{WORKLOAD}:oidc-provider/token.actions.githubusercontent.com"
        }
        assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
        assert statement["Condition"] == {
            "StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": subject,
            }
        }


def test_the_management_roles_trust_exactly_the_ci_roles_that_need_them(cli):
    expected = {
        "org-read": sorted([PREVIEW, AUDIT]),
        "identity-center-read": sorted([PREVIEW, AUDIT]),
        "org": DEPLOY,
        "identity-center": DEPLOY,
    }
    for role, trusted in expected.items():
        code, out, _ = cli("ci-policy", "--role", role, "--trust", "--stack", "full")
        assert code == 0, role
        (statement,) = json.loads(out)["Statement"]
        assert statement["Principal"] == {"AWS": trusted}, role
        assert statement["Action"] == "sts:AssumeRole" and "Condition" not in statement


def test_trust_without_the_repository_is_an_error_naming_the_key(cli, tmp_path):
    (tmp_path / "Pulumi.bare.yaml").write_text(
        f"config:\n  studio-access:deployRoleArn: {DEPLOY}\n{REQUIRED}"
    )
    code, out, err = cli("ci-policy", "--role", "preview", "--trust", "--stack", "bare")
    assert (code, out) == (1, "")
    assert "githubRepository" in err and "Traceback" not in err
    code, _, err = cli("ci-policy", "--role", "org", "--trust", "--stack", "bare")
    assert code == 2 and "orgGuardRoleArn" in err


def test_trust_policies_fit_their_limit():
    full = Settings.from_mapping(
        {k.split(":", 1)[1]: v for k, v in _config(FULL).items() if k.startswith("studio-")},
        region="eu-west-1",
    )
    for role in CI_ROLES:
        assert policy_size(trust_policy(role, full)) <= 2048, role


def _config(text: str) -> dict:
    import yaml

    return yaml.safe_load(text)["config"]


# -- ci-policy ----------------------------------------------------------------------------------


def test_ci_policy_lists_every_role_in_its_help(cli, capsys):
    with pytest.raises(SystemExit):
        main(["ci-policy", "--help"])
    out = capsys.readouterr().out
    for role in CI_ROLES:
        assert role in out


def test_every_role_of_the_full_stack_prints_documents_within_the_managed_policy_limit(cli):
    for role in CI_ROLES:
        code, out, err = cli("ci-policy", "--role", role, "--stack", "full")
        assert code == 0, (role, err)
        loaded = json.loads(out)
        parts = loaded if isinstance(loaded, list) else [loaded]
        assert 1 <= len(parts) <= 10
        for part in parts:
            assert part["Version"] == "2012-10-17"
            assert policy_size(part) <= 6144, role


def test_a_document_too_big_for_one_policy_is_split_in_order():
    big = Settings(
        domain_id="d-abc123def456",
        org_guard=True,
        deploy_role_arn=DEPLOY,
        org_guard_targets=tuple(f"ou-ab12-{i:08d}" for i in range(60)),
    )
    parts = ci_documents("deploy", big)
    assert len(parts) >= 2
    assert all(policy_size(part) <= 6144 for part in parts)


# -- the program's management-account providers ------------------------------------------------


def test_with_read_and_write_roles_the_providers_name_a_profile_each_job_defines(tmp_path, cli):
    """The state records the provider's inputs, which ``preview --refresh`` reuses: a role ARN
    there would be the write role for the preview too. A profile is the same in every job."""
    from tests.pulumi_harness import run_program

    (tmp_path / "users").mkdir(exist_ok=True)
    config = {k: v for k, v in _config(FULL).items()}
    values = {
        key.split(":", 1)[1] if key.startswith("studio-access:") else key: (
            json.dumps(value) if isinstance(value, (list, bool)) else str(value)
        )
        for key, value in config.items()
    }
    run = run_program(values, cwd=tmp_path)
    providers = {p.name: p.inputs for p in run.mocks.of_type("pulumi:providers:aws")}
    assert providers["studio-access-org-guard-provider"]["profile"] == "studio-access-org"
    assert "assumeRoles" not in providers["studio-access-org-guard-provider"]
    [identity_center] = [p for n, p in providers.items() if n != "studio-access-org-guard-provider"]
    assert identity_center["profile"] == "studio-access-identity-center"
    assert "assumeRoles" not in identity_center
    code, out, _ = cli("ci-policy", "--role", "preview", "--aws-config", "--stack", "full")
    assert code == 0
    assert out == (
        f"[profile studio-access-org]\nrole_arn = {ORG_READ}\ncredential_source = Environment\n\n"
        f"[profile studio-access-identity-center]\nrole_arn = {IDC_READ}\n"
        "credential_source = Environment\n"
    )
    code, out, _ = cli("ci-policy", "--role", "deploy", "--aws-config", "--stack", "full")
    assert f"role_arn = {ORG}\n" in out and f"role_arn = {IDC}\n" in out
    assert ORG_READ not in out and IDC_READ not in out
    code, _, err = cli("ci-policy", "--role", "org", "--aws-config", "--stack", "full")
    assert code == 2 and "only for the CI roles" in err


def test_a_bad_deploy_role_is_reported_once_at_its_own_line(tmp_path):
    """The preview and audit roles derived from it repeat nothing, and name no key the file lacks."""
    from components.core.problems import InputError
    from components.roster.stack_files import load_stack_settings

    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.hv.yaml").write_text(
        "config:\n"
        "  studio-access:domainId: d-abc123\n"
        "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec\n"
        "  studio-access:deployRoleArn: arn:aws:iam::123456789012:role/ci-deploy*\n"
    )
    with pytest.raises(InputError) as raised:
        load_stack_settings("hv", tmp_path)
    messages = [str(p) for p in raised.value.problems]
    assert len(messages) == 1 and "Pulumi.hv.yaml:4:3:" in messages[0], messages
    assert "deployRoleArn" in messages[0]
