"""Hostile values are refused where they stand, never crashed on, and never reach a document.

Policy text (``${`` variables, ``*`` and ``?`` wildcards) inside an ARN, names that collide with a
role the stack creates, regions and keys that only fail at deploy time, IAM's path length: each
is one ``file:line`` problem, exit 1, no traceback; and the proof's templates treat whatever the
stack names as plain text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, STACK_REQUIRED

from components.core import policy_safe
from components.core.problems import InputError
from components.core.requests import Scenario
from components.core.settings import provider_keys, regions
from components.core.settings.stack import Settings
from components.proof.callers import callers
from components.proof.scenarios import request
from components.roster.stack_files import load_stack_settings
from components.roster.users import load_roster

ROLE = "arn:aws:iam::123456789012:role"
HOSTILE_PATHS = ["a${x}", "a${aws:username}", "{x}", "a}b", "a$b", "a*b", "a?b"]


def stack(tmp_path: Path, lines: str, users: dict[str, str] | None = None) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.s.yaml").write_text(f"config:\n  aws:region: eu-west-1\n{lines}")
    folder = tmp_path / "users"
    folder.mkdir()
    for name, text in (users or {"alice.yaml": "id: alice\n"}).items():
        (folder / name).write_text(text)
    return tmp_path


def stack_problems(tmp_path: Path, lines: str) -> list[str]:
    folder = stack(tmp_path, lines + STACK_REQUIRED)
    with pytest.raises(InputError) as error:
        load_stack_settings("s", folder)
    return [str(p).replace(f"{folder}/", "") for p in error.value.problems]


def roster_problems(tmp_path: Path, files: dict[str, str], settings: Settings) -> list[str]:
    folder = tmp_path / "users"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    with pytest.raises(InputError) as error:
        load_roster(folder, settings)
    return [str(p).replace(f"{tmp_path}/", "") for p in error.value.errors]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
    )


# --- policy text in ARNs ------------------------------------------------------------------------


@pytest.mark.parametrize("path", HOSTILE_PATHS)
@pytest.mark.parametrize(
    "key",
    [
        "deployRoleArn",
        "orgGuardRoleArn",
        "identityCenterRoleArn",
        "breakGlassRoleArns",
        "executionRolePolicyArns",
        "previewRoleArn",
        "auditRoleArn",
    ],
)
def test_policy_text_in_a_stack_arn_is_refused_where_it_stands(tmp_path, key, path):
    arn = f"{ROLE}/{path}/X"
    if key == "executionRolePolicyArns":
        arn = f"arn:aws:iam::aws:policy/{path}/X"
    value = f"['{arn}']" if key.endswith("Arns") else f"'{arn}'"
    found = stack_problems(tmp_path, f"  studio-access:{key}: {value}\n")
    assert f"Pulumi.s.yaml:3:3: error: studio-access:{key}: {arn!r} contains " in found[0], found
    assert "policy variable" in found[0]


def test_check_and_scp_refuse_a_variable_in_the_default_role_without_a_traceback(tmp_path):
    """Once a KeyError in check, and a policy variable inside the SCP's exemption."""
    folder = stack(
        tmp_path,
        "  studio-access:domainId: d-abc123\n"
        f"  studio-access:defaultExecutionRoleArn: {ROLE}/a${{x}}/Exec\n"
        "  studio-access:orgGuard: true\n"
        f"  studio-access:deployRoleArn: {ROLE}/ci/a${{aws:username}}\n"
        "  studio-access:orgGuardTargets: ['123456789012']\n",
    )
    for command in (["check", "--stack", "s"], ["scp", "--stack", "s"], ["policy", "--stack", "s"]):
        result = run(folder, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stdout == "" or "FAILED" in result.stdout
        output = result.stdout + result.stderr
        assert "Pulumi.s.yaml:4:3: error: studio-access:defaultExecutionRoleArn:" in output
        assert "Pulumi.s.yaml:6:3: error: studio-access:deployRoleArn:" in output


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_policy_text_in_a_user_files_arns_is_refused(tmp_path, path):
    files = {
        "alice.yaml": f"id: alice\nexecution_role_arn: {ROLE}/{path}/Exec\n",
        "bob.yaml": f"id: bob\nprincipal:\n  type: role\n  trusted: ['{ROLE}/{path}/Admin']\n",
    }
    found = roster_problems(tmp_path, files, Settings())
    assert found[0].startswith("users/alice.yaml:2:21: error: execution_role_arn: "), found
    assert found[1].startswith("users/bob.yaml:4:13: error: trusted: "), found
    assert all("policy variable" in line for line in found)


def test_the_grammar_still_speaks_for_what_is_no_arn_at_all():
    assert policy_safe.special_problem("trusted", "*") is None
    assert policy_safe.special_problem("trusted", "arn:aws:iam::1:role/*") is not None


def test_the_proofs_templates_take_configured_arns_as_plain_text():
    """A brace in a configured ARN (were one ever to get past the roster) is text, not a field."""
    settings = Settings(
        default_execution_role_arn=f"{ROLE}/a{{x}}/{{iam}}",
        deploy_role_arn=f"{ROLE}/{{self}}",
        org_guard=True,
        org_guard_targets=("123456789012",),
    )
    found = {caller.kind: caller for caller in callers(settings)}
    notebook = found["execution-default"]
    scenario = Scenario("reads its own ARN", "iam:GetRole", "{self}", {"k:deploy": "{deploy}"})
    made = request(scenario, settings, notebook)
    assert made.resource == f"{ROLE}/a{{x}}/{{iam}}"
    assert made.context["aws:PrincipalArn"] == f"{ROLE}/a{{x}}/{{iam}}"
    assert made.context["k:deploy"] == f"{ROLE}/{{self}}"


# --- roles the stack creates --------------------------------------------------------------------

SAML = Settings(
    federation="saml",
    saml_provider_arn="arn:aws:iam::123456789012:saml-provider/Corp",
    federated_role_name="Studio-Users",
)
PER_USER = Settings(
    per_user_execution_roles=True,
    execution_role_policy_arns=("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",),
)


def role_file(user_id: str, extra: str = "") -> str:
    return f"id: {user_id}\n{extra}principal:\n  type: role\n  trusted: ['123456789012']\n"


@pytest.mark.parametrize(
    ("settings", "files", "expected"),
    [
        pytest.param(
            Settings(),
            {"bob-studio-execution.yaml": "id: bob-studio-execution\n"},
            "users/bob-studio-execution.yaml:1:1: error: id 'bob-studio-execution' ends like "
            "the execution role the program creates per user",
            id="an id ending like a per-user execution role",
        ),
        pytest.param(
            SAML,
            {"studio-users.yaml": role_file("studio-users")},
            "users/studio-users.yaml:1:1: error: IAM role 'studio-users' would be created twice: "
            "as the member role of users/studio-users.yaml and as the shared role of federated "
            "sessions (federatedRoleName 'Studio-Users')",
            id="federatedRoleName equal to a member's role, ignoring case",
        ),
        pytest.param(
            Settings(),
            {
                "alice.yaml": f"id: alice\nexecution_role_arn: {ROLE}/studio-access/bob/bob\n",
                "bob.yaml": role_file("bob"),
            },
            f"users/alice.yaml:2:1: error: execution_role_arn '{ROLE}/studio-access/bob/bob' "
            "names the member role of users/bob.yaml",
            id="execution_role_arn naming another member's role",
        ),
        pytest.param(
            PER_USER,
            {
                "alice.yaml": f"id: alice\nexecution_role_arn: {ROLE}/x/bob-studio-execution\n",
                "bob.yaml": "id: bob\n",
            },
            "names the execution role the program creates for users/bob.yaml",
            id="execution_role_arn naming another user's per-user execution role",
        ),
        pytest.param(
            Settings(),
            {"alice.yaml": f"id: alice\nexecution_role_arn: {ROLE}/studio-access/x/y\n"},
            "names a role under /studio-access/, which the program manages",
            id="execution_role_arn under the program's own path",
        ),
        pytest.param(
            Settings(deploy_role_arn=f"{ROLE}/ci/Bob"),
            {"bob.yaml": role_file("bob")},
            f"users/bob.yaml:1:1: error: the stack's deployRoleArn '{ROLE}/ci/Bob' has the name "
            "of the member role of users/bob.yaml",
            id="a deploy role with a member role's name",
        ),
    ],
)
def test_names_that_collide_with_a_role_of_the_stack_are_refused(
    tmp_path, settings, files, expected
):
    found = roster_problems(tmp_path, files, settings)
    assert any(expected in line for line in found), found


def test_a_roster_without_collisions_passes(tmp_path):
    folder = tmp_path / "users"
    folder.mkdir()
    (folder / "alice.yaml").write_text(role_file("alice"))
    (folder / "bob.yaml").write_text(f"id: bob\nexecution_role_arn: {ROLE}/service-role/Bob\n")
    assert [u.id for u in load_roster(folder, PER_USER).users] == ["alice", "bob"]
    assert [u.id for u in load_roster(folder, SAML).users] == ["alice", "bob"]


# --- what fails only at deploy time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            "  aws:regoin: eu-west-1\n",
            "Pulumi.s.yaml:3:3: error: unknown configuration key aws:regoin: the AWS provider "
            "ignores it, so its setting would silently not apply; did you mean aws:region?",
            id="a stray aws: key",
        ),
        pytest.param(
            "  studio-access:identityCenterRegion: us-east-9\n"
            "  studio-access:authMode: sso\n"
            "  studio-access:identityStoreId: d-1234567890\n",
            "Pulumi.s.yaml:3:3: error: studio-access:identityCenterRegion: 'us-east-9' is not a "
            "region name of partition 'aws': did you mean us-east-",
            id="identityCenterRegion that does not exist",
        ),
        pytest.param(
            "  studio-access:studio:\n"
            "    lifecycle_config_arns:\n"
            "      - arn:aws:sagemaker:us-east-1:123456789012:studio-lifecycle-config/x\n",
            "Pulumi.s.yaml:5:9: error: studio-access:studio.lifecycle_config_arns: "
            "'arn:aws:sagemaker:us-east-1:123456789012:studio-lifecycle-config/x' is in region "
            "us-east-1, but the stack deploys to eu-west-1",
            id="a lifecycle configuration of another region",
        ),
        pytest.param(
            "  studio-access:teams:\n"
            "    gpu:\n"
            "      lifecycle_config_arns:\n"
            "        jupyterlab: [arn:aws:sagemaker:eu-west-1:123456789012:studio-lifecycle-config/x]\n"
            "        code_editor: [arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/x]\n",
            "Pulumi.s.yaml:7:23: error: studio-access:teams.gpu.lifecycle_config_arns: "
            "'arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/x' is in region "
            "eu-west-2",
            id="a team's lifecycle configuration of another region, per app",
        ),
        pytest.param(
            f"  studio-access:deployRoleArn: {ROLE}/{'p/' * 256}Deploy\n",
            "is 513 characters long; IAM allows at most 512",
            id="a role path longer than IAM allows",
        ),
    ],
)
def test_what_fails_only_at_deploy_is_refused_offline(tmp_path, lines, expected):
    found = stack_problems(tmp_path, lines)
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("eu-wst-1", "did you mean eu-west-1?"),
        ("EU-WEST-1", "did you mean eu-west-1?"),
        ("cn-nort-1", "did you mean cn-north-1?"),
        ("us-gov-west-9", "did you mean us-gov-west-1?"),
    ],
)
def test_a_misspelt_region_names_the_nearest_one(region, expected):
    assert expected in (regions.region_problem(region) or "")


def test_the_regions_are_botocores():
    botocore = pytest.importorskip("botocore.session")
    session = botocore.get_session()
    for partition in ("aws", "aws-cn", "aws-us-gov"):
        listed = set(regions.partition_regions()[partition])
        assert set(session.get_available_regions("sagemaker", partition)) <= listed
        assert all(regions.region_problem(region) is None for region in listed)


def test_a_user_files_lifecycle_configuration_of_another_region_is_refused(tmp_path):
    files = {
        "alice.yaml": "id: alice\nstudio:\n  lifecycle_config_arns:\n"
        "    - arn:aws:sagemaker:eu-west-3:123456789012:studio-lifecycle-config/x\n"
    }
    found = roster_problems(tmp_path, files, Settings(region="eu-west-1"))
    assert found[0].startswith(
        "users/alice.yaml:4:7: error: studio.lifecycle_config_arns: "
        "'arn:aws:sagemaker:eu-west-3:123456789012:studio-lifecycle-config/x' is in region eu-west-3"
    ), found


def test_a_users_path_longer_than_iam_allows_is_refused(tmp_path):
    files = {"alice.yaml": f"id: alice\nexecution_role_arn: {ROLE}/{'p/' * 256}Exec\n"}
    found = roster_problems(tmp_path, files, Settings())
    assert "IAM allows at most 512" in found[0], found


def test_the_aws_keys_are_the_installed_providers():
    assert set(provider_keys.provider_keys()) == set(provider_keys.KNOWN_KEYS)
    assert provider_keys.unknown_key_problem("profile") is None
    assert "did you mean aws:profile?" in (provider_keys.unknown_key_problem("Profile") or "")
