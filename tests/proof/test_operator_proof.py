"""``check``'s verdict on the operator's roles: PR code reaches no write through any chain.

Each attack is what a compromised pull request (the preview role's credentials), the nightly job
or the deploy role could try; each is run against the documents as generated, and against the
documents as they were before the read and write roles were split, which the proof must refuse.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from components.aws.permissions import (
    audit_role_actions,
    identity_center_read_role_actions,
    org_read_role_actions,
)
from components.cli.main import main
from components.core.settings.stack import Settings
from components.kinds.iam_role import IamRolePrincipal
from components.policies.ci import org_access
from components.policies.ci import trust as operator_trust
from components.policies.ci.roles import CommandReads
from components.policies.statements import allow
from components.proof.operators.roles import prove_operator_roles

W, M = "111122223333", "999988887777"
DEPLOY = f"arn:aws:iam::{W}:role/studio-access-ci-deploy"
PREVIEW = f"arn:aws:iam::{W}:role/studio-access-ci-preview"
ORG = f"arn:aws:iam::{M}:role/studio-access-org"
APPLICATION = f"arn:aws:sso::{M}:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
FULL = Settings(
    domain_id="d-abc123def456",
    auth_mode="sso",
    identity_store_id="d-1234567890",
    sso_application_arn=APPLICATION,
    org_guard=True,
    deploy_role_arn=DEPLOY,
    org_guard_targets=("ou-ab12-cdef3456", W),
    org_guard_role_arn=ORG,
    org_read_role_arn=f"arn:aws:iam::{M}:role/studio-access-org-read",
    identity_center_role_arn=f"arn:aws:iam::{M}:role/studio-access-identity-center",
    identity_center_read_role_arn=f"arn:aws:iam::{M}:role/studio-access-identity-center-read",
    github_repository="example-org/studio-access",
)
#: IAM sign-in (member roles exist only there), the guard through its read and write roles.
IAM_MODE = Settings(
    **{
        **FULL.__dict__,
        "auth_mode": "iam",
        "identity_store_id": None,
        "sso_application_arn": None,
        "identity_center_role_arn": None,
        "identity_center_read_role_arn": None,
    }
)
FEDERATED = Settings(
    domain_id="d-abc123def456",
    deploy_role_arn=DEPLOY,
    federation="identity-center",
    identity_center_instance_arn="arn:aws:sso:::instance/ssoins-0123456789abcdef",
    identity_center_group_id="90676e2f1e-1234abcd-5678-90ab-cdef-1234567890ab",
    org_guard=True,
    org_guard_targets=(W,),
)


def prove(settings: Settings, users=()):
    reads = CommandReads(
        audit_role_actions(settings),
        org_read_role_actions(settings),
        identity_center_read_role_actions(settings),
    )
    proof = prove_operator_roles(list(users), settings, reads)
    return proof, {v.role: v for v in proof.verdicts}


@pytest.mark.parametrize("settings", [FULL, FEDERATED, Settings()], ids=["roles", "direct", "bare"])
def test_as_generated_every_ci_role_is_proven(settings):
    proof, verdicts = prove(settings)
    assert proof.ok, [f for v in proof.verdicts for f in v.failures]
    assert set(verdicts) == {"preview", "audit", "deploy"}
    assert verdicts["preview"].denied > 10, "every write of the stack was tried"


def test_preview_and_audit_reach_the_read_roles_and_deploy_the_write_roles():
    _, verdicts = prove(FULL)
    assert verdicts["preview"].reached == ("org-read role", "identity-center-read role")
    assert verdicts["audit"].reached == ("org-read role", "identity-center-read role")
    assert verdicts["deploy"].reached == ("org role", "identity-center role")
    assert verdicts["deploy"].allowed >= 5, "its own work on the guard and the application"


def test_without_deploy_role_arn_the_write_role_trusts_the_deploy_role_as_generated():
    """A stack that names the Identity Center role but not yet the deploy role passes: the write
    role's trust is modelled as ``ci-policy --trust`` writes it (the deploy role only)."""
    settings = Settings(
        **{
            **FULL.__dict__,
            "org_guard": False,
            "deploy_role_arn": None,
            "preview_role_arn": None,
            "audit_role_arn": None,
            "org_guard_role_arn": None,
            "org_read_role_arn": None,
            "identity_center_read_role_arn": None,
        }
    )
    proof, verdicts = prove(settings)
    assert proof.ok, [f for v in proof.verdicts for f in v.failures]
    assert verdicts["deploy"].reached == ("identity-center role",)
    assert verdicts["preview"].reached == () and verdicts["audit"].reached == ()


def test_the_old_shared_org_role_is_refused_preview_reaches_detach_policy(monkeypatch):
    """As docs/setup.md once had it: one org role, trusted by all three CI roles."""
    monkeypatch.setitem(operator_trust.TRUSTED_CI_ROLES, "org", ("preview", "audit", "deploy"))

    def shared(settings, *, write):
        return [allow("AssumeOrgGuardRole", ("sts:AssumeRole",), [settings.org_guard_role_arn])]

    monkeypatch.setattr(org_access, "ci_statements", shared)
    proof, verdicts = prove(FULL)
    assert not proof.ok
    for role in ("preview", "audit"):
        failures = "\n".join(verdicts[role].failures)
        assert "reaches organizations:DetachPolicy through " in failures, role
        assert f"{role} role -> org role" in failures


def test_unscoped_scp_writes_are_refused_deploy_may_update_another_teams_scp(monkeypatch):
    unscoped = [
        allow(
            "ManageOrgGuardPolicy",
            ("organizations:UpdatePolicy", "organizations:DeletePolicy"),
            [org_access.policies_arn(FULL)],
        )
    ]
    monkeypatch.setattr(org_access, "write_statements", lambda settings: unscoped)
    _, verdicts = prove(FULL)
    failures = "\n".join(verdicts["deploy"].failures)
    assert (
        "may organizations:UpdatePolicy on another team's SCP through deploy role -> org role"
        in (failures)
    )
    assert "cannot organizations:DetachPolicy on the guard's SCP" in failures


def test_a_member_role_that_trusts_the_preview_role_is_a_way_to_a_profile():
    mallory = SimpleNamespace(
        id="mallory",
        profile_name="mallory",
        active=True,
        principal=IamRolePrincipal(trusted=(PREVIEW,)),
    )
    _, verdicts = prove(IAM_MODE, [mallory])
    failures = "\n".join(verdicts["preview"].failures)
    assert "opens a Studio profile through preview role -> member role mallory" in failures
    assert verdicts["audit"].proven, "the audit role is not trusted by it"


def test_a_member_role_trusting_the_workload_account_is_not_reached():
    """The account's root in the trust needs the caller's own sts:AssumeRole, which no CI role has."""
    anyone = SimpleNamespace(
        id="ana",
        profile_name="ana",
        active=True,
        principal=IamRolePrincipal(trusted=(W,)),
    )
    proof, verdicts = prove(IAM_MODE, [anyone])
    assert proof.ok
    assert "member role ana" not in verdicts["preview"].reached


def test_the_permission_set_writes_are_narrowed_to_the_programs_own():
    _, verdicts = prove(FEDERATED)
    assert verdicts["deploy"].proven
    assert verdicts["deploy"].denied >= 6 and verdicts["deploy"].allowed >= 4


# -- check -------------------------------------------------------------------------------------


def write_stack(folder: Path, name: str, settings: dict) -> None:
    lines = ["config:", "  aws:region: eu-west-1"]
    lines += [f"  studio-access:{key}: {json.dumps(value)}" for key, value in settings.items()]
    (folder / f"Pulumi.{name}.yaml").write_text("\n".join(lines) + "\n")


BASE = {
    "domainId": "d-abc123def456",
    "defaultExecutionRoleArn": f"arn:aws:iam::{W}:role/service-role/Exec",
    "orgGuard": True,
    "deployRoleArn": DEPLOY,
    "orgGuardRoleArn": ORG,
    "orgReadRoleArn": f"arn:aws:iam::{M}:role/studio-access-org-read",
    "githubRepository": "example-org/studio-access",
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "users").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_names_each_ci_roles_verdict_and_every_documents_size(project, capsys):
    write_stack(project, "org", {**BASE, "orgGuardTargets": ["ou-ab12-cdef3456"]})
    assert main(["check", "--stack", "org"]) == 0
    out = capsys.readouterr().out
    assert (
        "  proven     preview role: reaches no write, through 1 role it may assume (org-read role)"
        in out
    )
    assert "  proven     audit role: reaches no write" in out
    assert "  proven     deploy role: writes only what the program owns, through 1 role" in out
    assert "preview 1," in out and "of 6,144" in out and "org trust " in out and "of 2,048" in out


def test_the_pr_report_folds_each_ci_roles_verdict_and_the_documents_sizes(project, capsys):
    from markdown_it import MarkdownIt

    write_stack(project, "org", {**BASE, "orgGuardTargets": ["ou-ab12-cdef3456"]})
    assert main(["check", "--stack", "org", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    summary = "<details><summary>The operator's roles: 3 of 3 proven</summary>"
    assert summary in out
    section = out.split(summary, 1)[1].split("</details>", 1)[0]
    assert "| preview role | ✅ proven | reaches no write, through 1 role it may assume" in section
    assert "| deploy role | ✅ proven | writes only what the program owns" in section
    assert "| org trust | " in section and "| 2,048 |" in section
    tokens = MarkdownIt("commonmark").enable("table").parse(section)
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == 2, "the verdicts and the sizes, each a well-formed table"


def test_check_fails_when_an_operator_document_is_over_its_limit(project, capsys):
    targets = [f"ou-ab12-{i:08d}" for i in range(130)]
    write_stack(project, "wide", {**BASE, "orgGuardTargets": targets})
    assert main(["check", "--stack", "wide"]) == 1
    out = capsys.readouterr().out
    assert (
        "error: operator roles: ci-policy --role org-read: statement ReadOrgGuardTargets alone is"
        in out
    )
    assert main(["ci-policy", "--role", "org-read", "--stack", "wide"]) == 1


def test_check_warns_when_a_write_role_has_no_read_role(project, capsys):
    stack = {k: v for k, v in BASE.items() if k != "orgReadRoleArn"}
    write_stack(project, "old", {**stack, "orgGuardTargets": ["ou-ab12-cdef3456"]})
    assert main(["check", "--stack", "old"]) == 0
    out = capsys.readouterr().out
    assert "warning: orgGuardRoleArn is set without orgReadRoleArn" in out
