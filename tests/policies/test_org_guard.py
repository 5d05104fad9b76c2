"""The organization guard (SCP): within AWS's size limit, constant in the roster, exempting only
the deploy and break-glass roles, and refused with the stack file named when misconfigured."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import PROJECT_DIR

from components.core import statement_ids as sid
from components.core.problems import InputError
from components.core.settings.stack import Settings
from components.policies.org_guard import EXEMPT_ROLES_SID, SCP_MAX, scp_text, scp_texts
from components.proof.isolation import prove
from components.roster.users import UserSpec

DEPLOY = "arn:aws:iam::123456789012:role/ci/studio-access-ci-deploy"
GUARD = Settings(
    domain_id="d-abc123",
    org_guard=True,
    deploy_role_arn=DEPLOY,
    break_glass_role_arns=("arn:aws:iam::123456789012:role/BreakGlass",),
    org_guard_targets=("ou-ab12-cdef3456",),
)


def users(count: int) -> tuple[UserSpec, ...]:
    return tuple(UserSpec(f"user-{i:04d}", f"user-{i:04d}") for i in range(count))


def test_the_scp_is_minified_within_the_limit_and_the_same_for_3_and_3000_users():
    texts = scp_texts(GUARD)
    assert 1 < len(texts) <= 4, "split in order into as few SCPs as fit, FullAWSAccess beside"
    for text in texts:
        assert len(text) <= SCP_MAX
        assert text == json.dumps(json.loads(text), separators=(",", ":")), "every character counts"
    assert json.loads(scp_text(GUARD)) == [json.loads(text) for text in texts], (
        "scp prints the list of documents"
    )
    small, large = prove(users(3), GUARD), prove(users(3000), GUARD)
    assert small.ok and large.ok
    assert small.sizes == large.sizes, "the text does not depend on the roster"


def test_the_exemption_names_exactly_the_deploy_and_break_glass_roles():
    statements = {s["Sid"]: s for t in scp_texts(GUARD) for s in json.loads(t)["Statement"]}
    exempt = {"aws:PrincipalArn": [DEPLOY, "arn:aws:iam::123456789012:role/BreakGlass"]}
    deploy_only = {"aws:PrincipalArn": [DEPLOY]}
    for statement_id, exemption in (
        (sid.TAGS, deploy_only),
        (sid.MANAGED_PRINCIPALS, deploy_only),
        (sid.IMPERSONATION, deploy_only),
        (sid.PROFILE_ADMIN, exempt),
        (sid.OTHER_SPACES, exempt),
        (sid.TRUSTED_PRINCIPALS, deploy_only),
        (sid.PROFILE_ACCESS_TAGS, deploy_only),
        (sid.STUDIO_CODE, exempt),
    ):
        condition = statements[statement_id]["Condition"]["ArnNotLike"]
        assert condition == {**condition, **exemption}, statement_id
    for statement_id in (
        "DenySageMakerProfileAccessUnlessTagsMatch",
        sid.UNTAGGED_PRINCIPAL,
        sid.SESSIONS,
        sid.ASSUME_OTHER_ROLE,
        sid.IDENTITY_PROVIDERS,
        EXEMPT_ROLES_SID,
    ):
        condition = json.dumps(statements[statement_id].get("Condition", {}))
        assert DEPLOY not in condition, (
            f"{statement_id}: nobody is exempt from who opens what, or from changing the exempt roles"
        )
    assert statements[EXEMPT_ROLES_SID]["Resource"] == exempt["aws:PrincipalArn"]


def _crowded(count: int) -> Settings:
    roles = tuple(
        f"arn:aws:iam::123456789012:role/BreakGlass-{i:02d}-{'x' * 40}" for i in range(count)
    )
    return Settings(**{**GUARD.__dict__, "break_glass_role_arns": roles})


def test_more_exempt_roles_split_the_guard_into_more_scps():
    assert len(scp_texts(_crowded(12))) > len(scp_texts(GUARD))
    assert all(len(text) <= SCP_MAX for text in scp_texts(_crowded(12)))


def test_too_many_exempt_roles_are_refused_saying_what_to_shorten():
    with pytest.raises(
        InputError, match=r"needs \d+ SCPs, but a target takes 5 including FullAWSAccess"
    ):
        scp_texts(_crowded(30))


def run(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "studio-access:orgGuard: true\n",
            "Pulumi.g.yaml: error: studio-access:orgGuard needs deployRoleArn",
        ),
        (
            f"studio-access:orgGuard: true\n  studio-access:deployRoleArn: {DEPLOY}\n",
            "Pulumi.g.yaml: error: studio-access:orgGuard needs orgGuardTargets",
        ),
        (
            f"studio-access:orgGuard: true\n  studio-access:deployRoleArn: {DEPLOY}\n  studio-access:orgGuardTargets: [ou-1]\n",
            "Pulumi.g.yaml:4:3: error: studio-access:orgGuardTargets: 'ou-1' is not an account id",
        ),
        (
            "studio-access:orgGuard: true\n  studio-access:deployRoleArn: arn:aws:iam::1234:role/x\n  studio-access:orgGuardTargets: [r-ab12]\n",
            "Pulumi.g.yaml:3:3: error: studio-access:deployRoleArn: 'arn:aws:iam::1234:role/x' is not a valid ARN",
        ),
    ],
)
def test_bad_settings_are_refused_naming_the_stack_file(tmp_path, config, expected):
    (tmp_path / "Pulumi.g.yaml").write_text(f"config:\n  {config}")
    for command in (
        ("scp", "--stack", "g"),
        ("check", "--users", str(PROJECT_DIR / "users"), "--stack", "g"),
    ):
        result = run(tmp_path, *command)
        assert result.returncode == 1, result.stdout + result.stderr
        assert expected in result.stdout + result.stderr, command
        assert "Traceback" not in result.stderr


def test_scp_prints_exactly_what_is_deployed_and_check_reports_the_guard_on(tmp_path):
    (tmp_path / "Pulumi.g.yaml").write_text(
        f"config:\n  studio-access:domainId: d-abc123\n  studio-access:orgGuard: true\n"
        "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec\n"
        f"  studio-access:deployRoleArn: {DEPLOY}\n"
        "  studio-access:breakGlassRoleArns: [arn:aws:iam::123456789012:role/BreakGlass]\n"
        "  studio-access:orgGuardTargets: [ou-ab12-cdef3456]\n"
    )
    deployed = Settings(
        **{**GUARD.__dict__, "default_execution_role_arn": "arn:aws:iam::123456789012:role/Exec"}
    )
    assert run(tmp_path, "scp", "--stack", "g").stdout == scp_text(deployed) + "\n"
    check = run(tmp_path, "check", "--users", str(PROJECT_DIR / "users"), "--stack", "g")
    assert check.returncode == 0, check.stdout
    assert "outsiders are not bound" not in check.stdout, "the warning goes once the guard is on"
    assert "NOT bound" not in check.stdout
    assert "  proven     administrator outside the group" in check.stdout
    assert "  exempt     deploy role" in check.stdout
    report = run(
        tmp_path,
        "check",
        "--users",
        str(PROJECT_DIR / "users"),
        "--stack",
        "g",
        "--format",
        "markdown",
    ).stdout
    assert "| on |" in report
    assert "| administrator outside the group | the organization guard | ✅ proven |" in report


def test_scp_without_a_deploy_role_explains_what_is_missing(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    result = run(tmp_path, "scp")
    assert result.returncode == 1
    assert (
        "the organization guard exempts the deploy role: set studio-access:deployRoleArn"
        in result.stderr
    )
