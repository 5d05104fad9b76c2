"""IAM Identity Center stacks offline: settings, user files, new-user, check's verdict, ci-policy.

Every rule is asked through the CLI, as a pull request meets it: the error names the file and
the line, the exit code is 1 (2 for a command used wrongly), and nothing else is judged.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from components.aws.permissions import adopt_actions, audit_actions
from components.cli.main import main
from components.core.settings.stack import Settings
from components.kinds.identity_center import IdentityCenterPrincipal
from components.policies.ci.roles import ci_policy
from components.proof.callers import callers
from components.proof.isolation import prove
from components.roster.users import UserSpec

APPLICATION = "arn:aws:sso::999988887777:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
SSO_STACK = f"""config:
  aws:region: eu-west-1
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/service-role/Default
  studio-access:authMode: sso
  studio-access:identityStoreId: d-1234567890
  studio-access:ssoApplicationArn: {APPLICATION}
"""
IAM_STACK = (
    "\n".join(
        line
        for line in SSO_STACK.splitlines()
        if not line.startswith(
            (
                "  studio-access:authMode",
                "  studio-access:identityStoreId",
                "  studio-access:ssoApplicationArn",
            )
        )
    )
    + "\n"
)
ANA = "id: ana\nprincipal:\n  type: identity-center\n  user_name: ana@example.com\n"
BOB = "id: bob\nprofile_name: bob-471\nprincipal: {type: identity-center, user_name: Bob}\n"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``studio-access ARGS`` in a project folder of its own: ``(code, stdout, stderr)``."""
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "users").mkdir()
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def stack(name: str, text: str) -> None:
    Path(f"Pulumi.{name}.yaml").write_text(text)


def users(**files: str) -> None:
    for user_id, text in files.items():
        Path("users", f"{user_id}.yaml").write_text(text)


# -- stack settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "  studio-access:authMode: sso\n",
            [
                "Pulumi.s.yaml: error: studio-access:identityStoreId is required with authMode: "
                "sso: pulumi config set identityStoreId d-1234567890",
                "Pulumi.s.yaml: error: studio-access:ssoApplicationArn is required with authMode: "
                "sso: pulumi config set ssoApplicationArn arn:aws:sso::123456789012:application/",
            ],
        ),
        (
            "  studio-access:identityStoreId: d-1234567890\n",
            [
                "Pulumi.s.yaml:3:3: error: studio-access:identityStoreId applies to authMode: sso "
                "only (authMode is 'iam')"
            ],
        ),
        (
            "  studio-access:authMode: sso\n  studio-access:identityStoreId: D-12\n"
            "  studio-access:ssoApplicationArn: arn:aws:sso:::instance/ssoins-1234567890abcdef\n",
            [
                "Pulumi.s.yaml:4:3: error: studio-access:identityStoreId: 'D-12' is not valid; "
                "for example d-1234567890",
                "Pulumi.s.yaml:5:3: error: studio-access:ssoApplicationArn: 'arn:aws:sso:::instance/",
            ],
        ),
        (
            "  studio-access:authMode: sso\n  studio-access:identityStoreId: d-1234567890\n"
            f"  studio-access:ssoApplicationArn: {APPLICATION.replace('aws', 'aws-cn', 1)}\n"
            "  studio-access:identityCenterRegion: us-gov-west-1\n"
            "  studio-access:identityCenterRoleArn: arn:aws:iam::1234:role/x\n",
            [
                "Pulumi.s.yaml:5:3: error: studio-access:ssoApplicationArn: 'arn:aws-cn:sso::",
                "is an ARN of partition 'aws-cn', but the stack's region is in partition 'aws'",
                "Pulumi.s.yaml:6:3: error: studio-access:identityCenterRegion 'us-gov-west-1' is "
                "in partition 'aws-us-gov', but the stack's region is in 'aws'",
                "Pulumi.s.yaml:7:3: error: studio-access:identityCenterRoleArn: "
                "'arn:aws:iam::1234:role/x' is not a valid ARN",
            ],
        ),
        (
            "  studio-access:identityCenterRegion: Frankfurt\n",
            [
                "Pulumi.s.yaml:3:3: error: studio-access:identityCenterRegion: 'Frankfurt' is not "
                "a region name of partition 'aws': for example af-south-1"
            ],
        ),
    ],
    ids=["sso-needs-both", "iam-has-no-store", "shapes", "partitions", "region"],
)
def test_every_identity_center_setting_is_checked_where_it_stands(cli, lines, expected):
    stack("s", "config:\n  aws:region: eu-west-1\n" + lines)
    code, out, _ = cli("check", "--stack", "s")
    assert code == 1
    for text in expected:
        assert text in out, out
    assert out.splitlines()[-1].startswith("FAILED")


def test_sso_defaults_to_per_user_execution_roles_with_sagemakers_policy():
    sso = {"authMode": "sso", "identityStoreId": "d-1234567890", "ssoApplicationArn": APPLICATION}
    settings = Settings.from_mapping(sso, region="eu-west-1")
    assert settings.per_user_execution_roles is True
    assert settings.execution_role_policy_arns == (
        "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
    )
    shared = Settings.from_mapping({**sso, "perUserExecutionRoles": "false"})
    assert (shared.per_user_execution_roles, shared.execution_role_policy_arns) == (False, ())
    own = Settings.from_mapping({**sso, "executionRolePolicyArns": '["arn:aws:iam::aws:policy/X"]'})
    assert own.execution_role_policy_arns == ("arn:aws:iam::aws:policy/X",)
    assert Settings.from_mapping({}).per_user_execution_roles is False, "iam stacks unchanged"


# -- user files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stack_text", "text", "expected"),
    [
        (
            "",
            ANA,
            "users/ana.yaml:3:9: error: Identity Center users sign in to domains in IAM Identity "
            "Center mode only, and this stack's authMode is 'iam': set authMode: sso",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: role, trusted: [arn:aws:iam::123456789012:role/A]}\n",
            "users/ana.yaml:2:19: error: IAM principals sign in to domains in IAM mode only, and "
            "this stack's authMode is 'sso': use principal: {type: identity-center, user_name: …}",
        ),
        (
            SSO_STACK,
            "id: ana\nemail: ana@example.com\n",
            "users/ana.yaml:1:5: error: everyone signs in through IAM Identity Center in this "
            "stack (authMode: sso): add principal: {type: identity-center, user_name: <their "
            "Identity Center UserName>}",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal:\n  user_name: ana\n",
            "users/ana.yaml:3:3: error: everyone signs in through IAM Identity Center",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: identity-center}\n",
            "users/ana.yaml:2:12: error: an Identity Center principal needs principal.user_name",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: identity-center, user_name: ana silva}\n",
            "users/ana.yaml:2:47: error: principal.user_name 'ana silva' is not an Identity "
            "Center UserName: 1-128 letters, digits, symbols and punctuation, without spaces",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: identity-center, user_name: " + "a" * 129 + "}\n",
            "is not an Identity Center UserName: 1-128 letters",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: identity-center, user_name: 12345}\n",
            "users/ana.yaml:2:47: error: user_name must be a string, got a number; quote it: "
            'user_name: "12345"',
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: identity-center, user_name: ana, trusted: ['1']}\n",
            "users/ana.yaml:2:52: error: principal.trusted applies to role principals only",
        ),
        (
            SSO_STACK,
            "id: ana\nprincipal: {type: identity-center, username: ana}\n",
            "users/ana.yaml:2:36: error: unknown key 'username' in principal; did you mean "
            "'user_name'?",
        ),
    ],
    ids=[
        "idc-in-iam-stack",
        "iam-in-sso-stack",
        "no-principal-in-sso",
        "no-type-in-sso",
        "no-user-name",
        "space",
        "too-long",
        "number",
        "other-kinds-key",
        "typo",
    ],
)
def test_every_user_file_rule_names_the_file_and_line(cli, stack_text, text, expected):
    args = ("check",)
    if stack_text:
        stack("sso", stack_text)
        args += ("--stack", "sso")
    users(ana=text)
    code, out, _ = cli(*args)
    assert code == 1
    assert expected in out, out
    assert out.splitlines()[-1].startswith("FAILED: "), "no verdict for a folder with errors"


def test_a_user_name_is_one_persons_also_ignoring_case(cli):
    stack("sso", SSO_STACK)
    users(ana=ANA, bob=BOB, zoe="id: zoe\nprincipal: {type: identity-center, user_name: BOB}\n")
    code, out, _ = cli("check", "--stack", "sso")
    assert code == 1
    assert (
        "users/zoe.yaml:2:47: error: principal.user_name 'BOB' is also user bob's (ignoring case), "
        "in users/bob.yaml: SageMaker binds one profile to each Identity Center user" in out
    )


def test_a_mixed_folder_in_an_iam_stack_fails_on_the_identity_center_file_only(cli):
    users(alice="id: alice\n", ana=ANA)
    code, out, _ = cli("check")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert [line.split(":")[0] for line in errors] == ["users/ana.yaml"]


# -- check's verdict --------------------------------------------------------------------------


def test_check_proves_the_identity_center_user_in_studio(cli):
    stack("sso", SSO_STACK)
    users(ana=ANA, bob=BOB, carol=BOB.replace("bob", "carol").replace("Bob", "carol"))
    code, out, _ = cli("check", "--stack", "sso")
    assert code == 0, out
    assert re.search(r"  proven     Identity Center user in Studio: (\d+) of \1 attacks", out)
    assert out.splitlines()[-1].startswith(
        "ok: 3 users (3 Identity Center users); isolation proven with the hardened member policy "
        "for: Identity Center user in Studio, execution role (domain default), execution role "
        "(per user)"
    )
    assert "run their notebooks as" not in out, "per-user roles: nothing shared"


def test_the_pr_report_says_how_identity_center_users_sign_in(cli):
    stack("sso", SSO_STACK)
    users(ana=ANA, bob=BOB)
    code, out, _ = cli("check", "--stack", "sso", "--format", "markdown")
    assert code == 0
    assert (
        "Each of the 2 users signs in through IAM Identity Center to the one profile bound to "
        "them, and their notebooks reach no colleague's profile, space or app." in out
    )
    assert "| Identity Center user in Studio | execution-role guard | ✅ proven |" in out
    assert "| 2 users (2 Identity Center users) |" in out


def test_a_shared_execution_role_is_a_warning_that_says_what_it_shares(cli):
    stack("sso", SSO_STACK + "  studio-access:perUserExecutionRoles: false\n")
    users(ana=ANA, bob=BOB)
    code, out, _ = cli("check", "--stack", "sso")
    assert code == 0, out
    assert (
        "users: warning: 2 Identity Center users (ana, bob) run their notebooks as the domain's "
        "default execution role, arn:aws:iam::123456789012:role/service-role/Default, which every "
        "profile Studio creates on first sign-in shares: each can read and change whatever that "
        "role reaches" in out
    )
    assert "leave perUserExecutionRoles unset (true with authMode: sso)" in out
    assert re.search(r"  proven     Identity Center user in Studio: (\d+) of \1 attacks", out)


def test_several_files_naming_one_execution_role_share_it_too(cli):
    stack("sso", SSO_STACK)
    role = "execution_role_arn: arn:aws:iam::123456789012:role/Shared\n"
    users(ana=ANA + role, bob=BOB + role)
    code, out, _ = cli("check", "--stack", "sso")
    assert code == 0
    assert "2 Identity Center users (ana, bob) run their notebooks as one execution role" in out


@pytest.mark.parametrize("per_user", [True, False])
def test_the_identity_center_caller_acts_through_its_profiles_execution_role(per_user):
    settings = Settings(
        domain_id="d-abc123def456",
        auth_mode="sso",
        per_user_execution_roles=per_user,
        execution_role_policy_arns=("arn:aws:iam::aws:policy/X",),
        default_execution_role_arn="arn:aws:iam::123456789012:role/service-role/Default",
    )
    (caller,) = [c for c in callers(settings) if c.kind == "identity-center-user"]
    assert (caller.studio, caller.bound_by) == (True, "execution")
    assert [c.bound_by for c in callers(settings)].count("member") == 0, "no IAM members"
    if per_user:
        assert caller.arn == "{iam}:role/studio-access/alice/alice/alice-studio-execution"
        assert caller.tagged
    else:
        assert (caller.arn, caller.tagged) == ("{default_role}", False)
    user = UserSpec("ana", "ana", IdentityCenterPrincipal("ana"))
    proof = prove([user], settings)
    verdict = next(v for v in proof.verdicts if v.caller.kind == "identity-center-user")
    assert proof.ok and verdict.proven
    opened = next(o for o in verdict.attacks if o.scenario.name == "opens a colleague's profile")
    assert not opened.decision.allowed and opened.credited == "DenyOpeningOtherProfilesFromStudio"


def test_the_matrix_of_an_identity_center_stack_is_one_profile_each(cli):
    stack("sso", SSO_STACK)
    users(ana=ANA, bob=BOB)
    code, out, _ = cli("matrix", "--stack", "sso", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["isolated"] is True
    assert {p["principal"]: p["profiles"] for p in document["principals"]} == {
        "ana": ["ana"],
        "bob": ["bob-471"],
        "(untagged principal)": [],
    }


def test_check_base_refuses_moving_a_profile_to_another_user(cli, tmp_path):
    stack("sso", SSO_STACK)
    users(ana=ANA)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    users(ana=ANA.replace("ana@example.com", "ana.silva@example.com"))
    code, out, _ = cli("check", "--stack", "sso", "--base", "HEAD")
    assert code == 1
    assert (
        "users/ana.yaml:4:1: error: principal.user_name of 'ana' changes from "
        "'ana@example.com' to 'ana.silva@example.com': SageMaker binds a profile to one "
        "Identity Center user for good" in out
    )


def test_offboarding_an_identity_center_user_says_sign_in_ends(cli, tmp_path):
    stack("sso", SSO_STACK)
    users(ana=ANA)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    users(ana=ANA + "status: offboarded\n")
    code, out, _ = cli("check", "--stack", "sso", "--base", "HEAD")
    assert code == 0, out
    assert (
        "changed ana: status; offboarded: the application assignment of Identity Center user "
        "'ana' deleted (access revoked)" in out
    )


# -- new-user ---------------------------------------------------------------------------------


def test_new_user_writes_an_identity_center_file_that_check_accepts(cli, schema_errors):
    stack("sso", SSO_STACK)
    code, _, err = cli(
        "new-user", "ana", "--identity-center", "Ana.Silva@example.com", "--stack", "sso"
    )
    assert (code, err) == (0, ""), err
    text = Path("users/ana.yaml").read_text()
    assert 'principal:\n  type: identity-center\n  user_name: "Ana.Silva@example.com"\n' in text
    assert "#   user_name: identity-center only, required" in text
    assert "# trusted:" not in text, "only the keys of kinds this stack signs in with"
    assert cli("check", "--stack", "sso")[0] == 0
    assert schema_errors([Path("users/ana.yaml")]) == {}


@pytest.mark.parametrize(
    ("stack_text", "args", "code", "message"),
    [
        (
            IAM_STACK,
            ("--identity-center", "ana"),
            1,
            "Identity Center users sign in to domains in IAM Identity Center mode only",
        ),
        (
            SSO_STACK,
            (),
            2,
            "error: this stack signs people in through IAM Identity Center (authMode: sso): pass "
            "--identity-center USER_NAME",
        ),
        (
            SSO_STACK,
            ("--identity-center", "ana", "--role", "--trusted", "123456789012"),
            2,
            "error: --role and --identity-center name different kinds of principal: choose one",
        ),
        (SSO_STACK, ("--identity-center", "a b"), 1, "'a b' is not an Identity Center UserName"),
    ],
    ids=["iam-stack", "sso-without-user", "two-kinds", "bad-name"],
)
def test_new_user_refuses_what_check_would(cli, stack_text, args, code, message):
    stack("s", stack_text)
    result = cli("new-user", "ana", *args, "--stack", "s")
    assert result[0] == code
    assert message in result[2], result[2]
    assert not Path("users/ana.yaml").exists()


def test_the_schema_knows_the_kind(schema_errors, tmp_path):
    good, bad, wrong = tmp_path / "good.yaml", tmp_path / "bad.yaml", tmp_path / "wrong.yaml"
    good.write_text(ANA)
    bad.write_text("id: bad\nprincipal: {type: identity-center, user_name: 'a b'}\n")
    wrong.write_text("id: wrong\nprincipal: {type: identity-center}\n")
    refused = schema_errors([good, bad, wrong])
    assert set(refused) == {"bad.yaml", "wrong.yaml"}


# -- ci-policy and the AWS commands' permissions -----------------------------------------------


SSO = Settings(
    domain_id="d-abc123def456",
    auth_mode="sso",
    identity_store_id="d-1234567890",
    sso_application_arn=APPLICATION,
)
ROLE = "arn:aws:iam::999988887777:role/studio-access-identity-center"
DIRECTORY = [
    "arn:aws:identitystore::*:identitystore/d-1234567890",
    "arn:aws:identitystore:::user/*",
    "arn:aws:identitystore:::group/*",
]
APPLICATION_AND_INSTANCE = [APPLICATION, "arn:aws:sso:::instance/ssoins-1234567890abcdef"]


def _statements(document: dict, prefix: str) -> dict[str, tuple[list[str], object]]:
    return {
        s["Sid"]: (s["Action"], s["Resource"])
        for s in document["Statement"]
        if any(a.startswith(prefix) for a in s["Action"])
    }


def test_the_ci_roles_read_the_directory_and_only_deploy_assigns():
    preview = _statements(ci_policy("preview", SSO), ("identitystore:", "sso:"))
    assert preview == {
        "ReadIdentityCenterDirectory": (
            [
                "identitystore:DescribeGroup",
                "identitystore:DescribeUser",
                "identitystore:GetUserId",
            ],
            DIRECTORY,
        ),
        "ReadStudioApplicationAssignments": (
            ["sso:DescribeApplicationAssignment", "sso:ListApplicationAssignments"],
            APPLICATION_AND_INSTANCE,
        ),
    }
    deploy = _statements(ci_policy("deploy", SSO), ("identitystore:", "sso:"))
    assert deploy["AssignPeopleToStudio"] == (
        ["sso:CreateApplicationAssignment", "sso:DeleteApplicationAssignment"],
        APPLICATION,
    ), "the domain's application only"
    assert _statements(ci_policy("deploy", Settings(domain_id="d-abc")), "sso:") == {}


READ_ROLE = "arn:aws:iam::999988887777:role/studio-access-identity-center-read"


def test_with_identity_center_roles_deploy_assumes_the_write_role_preview_the_read_role():
    settings = Settings(
        **{
            **SSO.__dict__,
            "identity_center_role_arn": ROLE,
            "identity_center_read_role_arn": READ_ROLE,
        }
    )
    for role, sid, arn in (
        ("preview", "AssumeIdentityCenterReadRole", READ_ROLE),
        ("audit", "AssumeIdentityCenterReadRole", READ_ROLE),
        ("deploy", "AssumeIdentityCenterRole", ROLE),
    ):
        document = ci_policy(role, settings, audit_actions(settings) if role == "audit" else ())
        assert not _statements(document, ("identitystore:", "sso:")), role
        assumed = [s for s in document["Statement"] if "sts:AssumeRole" in s["Action"]]
        assert assumed == [
            {"Sid": sid, "Effect": "Allow", "Action": ["sts:AssumeRole"], "Resource": arn}
        ], role
    own = ci_policy("identity-center", settings)
    assert {s["Sid"] for s in own["Statement"]} == {
        "ReadIdentityCenterDirectory",
        "ReadStudioApplicationAssignments",
        "AssignPeopleToStudio",
    }
    read = ci_policy("identity-center-read", settings)
    assert {s["Sid"] for s in read["Statement"]} == {
        "ReadIdentityCenterDirectory",
        "ReadStudioApplicationAssignments",
    }
    with pytest.raises(ValueError, match="identityCenterRoleArn"):
        ci_policy("identity-center", SSO)
    with pytest.raises(ValueError, match="identityCenterReadRoleArn"):
        ci_policy("identity-center-read", SSO)


def test_ci_policy_for_a_role_the_stack_does_not_assume_is_a_usage_error(cli):
    stack("sso", SSO_STACK)
    code, _, err = cli("ci-policy", "--role", "identity-center", "--stack", "sso")
    assert code == 2
    assert (
        "error: ci-policy --role identity-center needs identityCenterRoleArn in a stack that "
        "uses Identity Center" in err
    )


@pytest.mark.parametrize("role_arn", [None, READ_ROLE], ids=["direct", "assumed"])
def test_the_audit_role_may_make_every_call_of_audit_and_adopt(role_arn):
    settings = Settings(
        **{
            **SSO.__dict__,
            "identity_center_role_arn": ROLE,
            "identity_center_read_role_arn": role_arn,
        }
    )
    audit = ci_policy("audit", settings, audit_actions(settings))
    granted = {a for s in audit["Statement"] for a in s["Action"]}
    assert set(audit_actions(settings)) <= granted
    assert set(adopt_actions(settings)) <= granted
    if role_arn:
        in_role = {
            a for s in ci_policy("identity-center-read", settings)["Statement"] for a in s["Action"]
        }
        assert {"identitystore:DescribeUser", "sso:ListApplicationAssignments"} <= in_role
    else:
        assert "sso:ListApplicationAssignments" in audit_actions(settings)


@pytest.mark.parametrize("workload", [False, True], ids=["elsewhere", "in the workload account"])
def test_check_warns_when_identity_center_is_administered_in_the_workload_account(cli, workload):
    """Identity Center beside members and notebooks: say what binds whoever writes to it."""
    account = "123456789012" if workload else "999988887777"
    stack("sso", SSO_STACK.replace("999988887777", account))
    users(ana=ANA, bob=BOB)
    code, out, _ = cli("check", "--stack", "sso")
    assert code == 0, out
    found = re.findall(
        r"users: warning: (\w+): Identity Center is administered in account 123456789012, "
        r"the workload account where members and notebooks live.*"
        r"DenyChangingWhomIdentityCenterVouchesFor, in the member policy and the "
        r"execution-role guard.*organization guard",
        out,
    )
    assert found == (["ssoApplicationArn"] if workload else []), out
