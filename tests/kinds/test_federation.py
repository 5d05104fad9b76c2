"""Federated sign-in: one shared role or permission set, the profile the only per-person resource.

The program under the SDK's mocks for both variants, the settings each variant requires, the
file rules of a federated person, and IAM's quotas held against what a stack creates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, STACK_REQUIRED
from pulumi_harness import ACCOUNT, run_program

from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.kinds.federated import saml_trust_policy
from components.policies.member import combined_text, merged, policy_texts
from components.roster.quotas import quota_problems
from components.roster.users import UserSpec, load_roster, parse_user

DOMAIN = "d-abc123def456"
ROLE = "arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-Default"
OKTA = "arn:aws:iam::111122223333:saml-provider/Okta"
INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
GROUP = "0123456789-01234567-89ab-cdef-0123-456789abcdef"
SAML = {
    "domainId": DOMAIN,
    "defaultExecutionRoleArn": ROLE,
    "federation": "saml",
    "samlProviderArn": OKTA,
}
IDENTITY_CENTER = {
    "domainId": DOMAIN,
    "defaultExecutionRoleArn": ROLE,
    "federation": "identity-center",
    "identityCenterInstanceArn": INSTANCE,
    "identityCenterGroupId": GROUP,
}
IAM_TYPES = ("aws:iam/user:User", "aws:iam/role:Role")
SSO_TYPES = (
    "aws:ssoadmin/permissionSet:PermissionSet",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    "aws:ssoadmin/accountAssignment:AccountAssignment",
    "aws:ssoadmin/applicationAssignment:ApplicationAssignment",
)


def federated_folder(root: Path, count: int, offboarded: tuple[str, ...] = ()) -> Path:
    users = root / "users"
    users.mkdir(parents=True)
    for index in range(count):
        user_id = f"person-{index:03d}"
        status = "offboarded" if user_id in offboarded else "active"
        (users / f"{user_id}.yaml").write_text(
            f"id: {user_id}\nprincipal: {{type: federated}}\nstatus: {status}\n"
        )
    return root


def iam_and_sso(run) -> dict[str, int]:
    return {typ: len(run.mocks.of_type(typ)) for typ in (*IAM_TYPES, *SSO_TYPES)}


@pytest.mark.parametrize("config", [SAML, IDENTITY_CENTER], ids=["saml", "identity-center"])
def test_the_same_iam_and_identity_center_resources_for_3_and_for_300_people(tmp_path, config):
    small = run_program(config, cwd=federated_folder(tmp_path / "small", 3))
    large = run_program(config, cwd=federated_folder(tmp_path / "large", 300))
    assert iam_and_sso(small) == iam_and_sso(large)
    profiles = large.mocks.of_type("aws:sagemaker/userProfile:UserProfile")
    assert len(profiles) == 300, "the profile is the only per-person resource"


def test_saml_one_shared_role_that_trusts_only_the_provider_with_both_tags(tmp_path):
    run = run_program(SAML, cwd=federated_folder(tmp_path, 3))
    [role] = run.mocks.of_type("aws:iam/role:Role")
    assert (role.name, role.inputs["name"], role.inputs["path"]) == (
        "studio-access-federated-role",
        "studio-users",
        "/studio-access/",
    )
    assert "tags" not in role.inputs or not role.inputs["tags"], "the shared role carries no tag"
    trust = json.loads(role.inputs["assumeRolePolicy"])
    [statement] = trust["Statement"]
    assert statement["Principal"] == {"Federated": OKTA}, "that provider, and nobody else"
    assert statement["Action"] == ["sts:AssumeRoleWithSAML", "sts:TagSession"]
    assert statement["Condition"] == {
        "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"},
        "Null": {
            "aws:RequestTag/studiouserid": "false",
            "aws:RequestTag/studiouserid-profile": "false",
            "sts:TransitiveTagKeys": "true",
        },
        "ForAllValues:StringEquals": {"aws:TagKeys": ["studiouserid", "studiouserid-profile"]},
    }
    [attachment] = [
        a
        for a in run.mocks.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if a.name == "studio-access-federated-policy"
    ]
    assert attachment.inputs["role"] == "studio-users"
    assert attachment.inputs["policyArn"].endswith(":policy/sagemaker-studio-isolation")
    assert run.monitor.requests["studio-access-federated-role"].deleteBeforeReplace


def test_identity_center_one_permission_set_with_the_member_policy_assigned_to_the_group(tmp_path):
    run = run_program(IDENTITY_CENTER, cwd=federated_folder(tmp_path, 3))
    [permission_set] = run.mocks.of_type(SSO_TYPES[0])
    assert (permission_set.inputs["name"], permission_set.inputs["instanceArn"]) == (
        "StudioUser",
        INSTANCE,
    )
    # Created with the tag by which the deploy and Identity Center roles recognise it.
    assert permission_set.inputs["tags"] == {"studio-access": f"{DOMAIN}/StudioUser"}
    [inline] = run.mocks.of_type(SSO_TYPES[1])
    settings = Settings(
        domain_id=DOMAIN,
        default_execution_role_arn=ROLE,
        federation="identity-center",
        identity_center_instance_arn=INSTANCE,
        identity_center_group_id=GROUP,
    )
    assert inline.inputs["inlinePolicy"] == combined_text(settings), "the text check proves"
    [assignment] = run.mocks.of_type(SSO_TYPES[2])
    assert {
        k: assignment.inputs[k] for k in ("principalId", "principalType", "targetId", "targetType")
    } == {
        "principalId": GROUP,
        "principalType": "GROUP",
        "targetId": ACCOUNT,
        "targetType": "AWS_ACCOUNT",
    }
    assert not run.mocks.of_type("aws:iam/role:Role") and not run.mocks.of_type("aws:iam/user:User")


@pytest.mark.parametrize("config", [SAML, IDENTITY_CENTER], ids=["saml", "identity-center"])
def test_a_tagged_profile_per_active_person_and_an_untagged_one_when_offboarded(tmp_path, config):
    run = run_program(config, cwd=federated_folder(tmp_path, 3, offboarded=("person-001",)))
    profiles = {
        p.inputs["userProfileName"]: p
        for p in run.mocks.of_type("aws:sagemaker/userProfile:UserProfile")
    }
    assert profiles["person-000"].inputs["tags"] == {"studiouserid": "person-000"}
    assert "studiouserid" not in profiles["person-001"].inputs["tags"], (
        "a re-used id never opens the old profile"
    )
    assert run.outputs["users"]["person-000"]["principalArn"] is None, "no principal per person"


def test_the_member_policy_honours_the_tags_only_on_the_shared_sign_in():
    saml = Settings(federation="saml", saml_provider_arn=OKTA)
    center = Settings(
        federation="identity-center",
        identity_center_instance_arn=INSTANCE,
        identity_center_group_id=GROUP,
    )
    for settings, arn in (
        (saml, "arn:aws:iam::*:role/studio-access/studio-users"),
        (
            center,
            "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_StudioUser_????????????????",
        ),
    ):
        binding = next(
            s
            for s in merged(policy_texts(settings))["Statement"]
            if s["Sid"] == "DenyAccessTagOutsideItsPrincipal"
        )
        assert arn in binding["Condition"]["ArnNotLike"]["aws:PrincipalArn"]


def test_the_saml_trust_names_the_partitions_audience():
    china = Settings(
        federation="saml",
        saml_provider_arn="arn:aws-cn:iam::111122223333:saml-provider/Okta",
        region="cn-north-1",
    )
    condition = saml_trust_policy(china)["Statement"][0]["Condition"]
    assert condition["StringEquals"] == {"SAML:aud": "https://signin.amazonaws.cn/saml"}


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({"federation": "okta"}, "federation", "federation must be one of saml, identity-center"),
        ({"federation": "saml"}, "federation", "federation: saml needs samlProviderArn"),
        (
            {"federation": "saml", "samlProviderArn": "arn:aws:iam::111122223333:role/Okta"},
            "samlProviderArn",
            "is not a SAML provider ARN",
        ),
        (
            {"federation": "saml", "samlProviderArn": OKTA, "federatedRoleName": "a b"},
            "federatedRoleName",
            "is not an IAM role name",
        ),
        (
            {"federation": "identity-center"},
            "federation",
            "needs identityCenterInstanceArn",
        ),
        (
            {"federation": "identity-center", "identityCenterInstanceArn": INSTANCE},
            "federation",
            "needs identityCenterGroupId",
        ),
        (
            {
                "federation": "identity-center",
                "identityCenterInstanceArn": "arn:aws:sso:::instance/ssoins-x",
                "identityCenterGroupId": GROUP,
            },
            "identityCenterInstanceArn",
            "is not an Identity Center instance ARN; for example arn:aws:sso:::instance/",
        ),
        (
            {"federation": "saml", "samlProviderArn": OKTA, "permissionSetName": "Studio"},
            "permissionSetName",
            "permissionSetName applies to federation: identity-center only (federation is saml)",
        ),
        (
            {"samlProviderArn": OKTA},
            "samlProviderArn",
            "samlProviderArn applies to federation: saml only (federation is unset)",
        ),
        ({"iamRoleQuota": "0"}, "iamRoleQuota", "iamRoleQuota must be at least 1"),
    ],
)
def test_each_variant_requires_its_settings(tmp_path, values, key, message):
    lines = "".join(f"  studio-access:{k}: {json.dumps(v)}\n" for k, v in values.items())
    (tmp_path / "Pulumi.s.yaml").write_text("config:\n" + lines + STACK_REQUIRED)
    from components.roster.stack_files import load_stack_settings

    with pytest.raises(InputError) as error:
        load_stack_settings("s", tmp_path)
    [problem] = [p for p in error.value.problems if message in p.message]
    assert problem.message.startswith(f"studio-access:{key}")
    line = 2 + list(values).index(key) if key in values else 0
    assert problem.line == line, problem


def _parse(text: str, settings: Settings) -> tuple[UserSpec | None, list[Problem]]:
    problems: list[Problem] = []
    return parse_user("users/fiona.yaml", text.encode(), problems, settings), problems


def test_a_federated_person_needs_the_stacks_federation():
    spec, problems = _parse("id: fiona\nprincipal: {type: federated}\n", Settings())
    assert spec is None
    assert "the stack's federation, which is not set: pulumi config set federation saml" in (
        problems[0].message
    )
    spec, problems = _parse(
        "id: fiona\nprincipal: {type: federated}\n",
        Settings(federation="saml", saml_provider_arn=OKTA),
    )
    assert spec is not None and spec.principal_type == "federated" and problems == []


def test_a_federated_persons_profile_is_named_as_the_id(tmp_path):
    users = tmp_path / "users"
    users.mkdir()
    (users / "gil.yaml").write_text(
        "id: gil\nprincipal: {type: federated}\nprofile_name: gilbert\n"
    )
    with pytest.raises(InputError) as error:
        load_roster(users, Settings(federation="saml", saml_provider_arn=OKTA))
    [problem] = error.value.problems
    assert (problem.path, problem.line) == (str(users / "gil.yaml"), 3)
    assert "its profile is named as the id: remove profile_name 'gilbert'" in problem.message


def _people(count: int, kind: str) -> tuple[UserSpec, ...]:
    from components.kinds.iam_role import IamRolePrincipal

    principal = IamRolePrincipal(("123456789012",)) if kind == "role" else None
    extra = {"principal": principal} if principal else {}
    return tuple(UserSpec(f"p{i:05d}", f"p{i:05d}", **extra) for i in range(count))


@pytest.mark.parametrize(
    ("count", "kind", "settings", "severity", "message"),
    [
        (5001, "user", Settings(), "error", "5,001 IAM users, over IAM's limit of 5,000"),
        (4100, "user", Settings(), "warning", "4,100 IAM users, 82% of the 5,000 allowed"),
        (
            1001,
            "role",
            Settings(),
            "error",
            "1,001 IAM roles, over the account's role quota iamRoleQuota (1,000)",
        ),
        (1001, "role", Settings(iam_role_quota=2000), None, None),
        (1700, "role", Settings(iam_role_quota=2000), "warning", "85% of the 2,000 allowed"),
    ],
)
def test_iam_quotas_hold_for_what_the_stack_creates(count, kind, settings, severity, message):
    found = quota_problems(_people(count, kind), settings, Path("users"))
    if severity is None:
        assert found == []
        return
    [problem] = found
    assert (problem.severity, problem.path) == (severity, "users")
    assert message in problem.message
    if severity == "error":
        assert "federation" in problem.message, "the remedy is named"


def test_per_user_execution_roles_and_the_shared_role_count_as_roles():
    settings = Settings(
        per_user_execution_roles=True,
        execution_role_policy_arns=("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",),
        federation="saml",
        saml_provider_arn=OKTA,
        iam_role_quota=10,
    )
    [problem] = quota_problems(_people(10, "user"), settings, Path("users"))
    assert "11 IAM roles" in problem.message, "ten per-user roles and the shared one"


def test_check_reports_the_quota_on_the_users_folder(tmp_path):
    import subprocess
    import sys

    users = tmp_path / "users"
    users.mkdir()
    for index in range(5):
        (users / f"p{index}.yaml").write_text(f"id: p{index}\n")
    (tmp_path / "Pulumi.q.yaml").write_text(
        "config:\n  studio-access:iamRoleQuota: 1\n"
        + STACK_REQUIRED
        + "  studio-access:perUserExecutionRoles: true\n"
        "  studio-access:executionRolePolicyArns: [arn:aws:iam::aws:policy/AmazonSageMakerFullAccess]\n"
    )
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_DIR / "Pulumi.yaml").read_text())
    result = subprocess.run(
        [sys.executable, "-m", "components", "check", "--stack", "q", "--users", str(users)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"{users}: error: the stack creates 5 IAM roles, over the account's role quota" in (
        result.stdout
    )


@pytest.mark.parametrize("federation", ["saml", "identity-center"])
def test_the_ci_roles_manage_exactly_the_shared_sign_in(federation):
    from components.policies.ci.roles import ci_policy

    settings = Settings(
        domain_id=DOMAIN,
        federation=federation,
        saml_provider_arn=OKTA,
        identity_center_instance_arn=INSTANCE,
        identity_center_group_id=GROUP,
    )
    deploy = {s["Sid"]: s for s in ci_policy("deploy", settings)["Statement"]}
    preview = {s["Sid"]: s for s in ci_policy("preview", settings)["Statement"]}
    if federation == "saml":
        role = "arn:aws:iam::*:role/studio-access/studio-users"
        assert deploy["ManageFederatedRole"]["Resource"] == role
        assert "iam:CreateRole" in deploy["ManageFederatedRole"]["Action"]
        assert deploy["AttachMemberPolicyToFederatedRole"]["Condition"] == {
            "ArnLike": {"iam:PolicyARN": "arn:aws:iam::*:policy/sagemaker-studio-isolation"}
        }
        assert "ManageFederatedRole" not in preview and "ReadFederatedRole" in preview
    else:
        owned = deploy["ManageOwnedPermissionSet"]
        assert owned["Resource"] == "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/*"
        assert owned["Condition"] == {
            "StringEquals": {"aws:ResourceTag/studio-access": f"{DOMAIN}/StudioUser"}
        }
        assert "sso:PutInlinePolicyToPermissionSet" in owned["Action"]
        assert deploy["CreateOwnedPermissionSet"]["Condition"] == {
            "StringEquals": {"aws:RequestTag/studio-access": f"{DOMAIN}/StudioUser"}
        }
        # Without deployRoleArn the workload account is unknown; with it, only that account.
        assert deploy["AssignInTheWorkloadAccount"]["Resource"] == "arn:aws:sso:::account/*"
        assert "ManageOwnedPermissionSet" not in preview and "ReadPermissionSet" in preview


IDENTITY_CENTER_ROLE = "arn:aws:iam::999999999999:role/studio-access-identity-center"


def test_identity_center_is_reached_through_its_own_region_and_role(tmp_path):
    config = {
        **IDENTITY_CENTER,
        "identityCenterRegion": "us-east-1",
        "identityCenterRoleArn": IDENTITY_CENTER_ROLE,
    }
    run = run_program(config, cwd=federated_folder(tmp_path, 3))
    [provider] = run.mocks.of_type("pulumi:providers:aws")
    assert provider.inputs["region"] == "us-east-1"
    assert IDENTITY_CENTER_ROLE in json.dumps(provider.inputs["assumeRoles"])
    for typ in SSO_TYPES[:3]:
        [resource] = run.mocks.of_type(typ)
        assert run.monitor.requests[resource.name].provider.startswith(provider.urn), typ
    [account] = [c for c in run.mocks.calls if c.token.endswith("getCallerIdentity")]
    assert account.provider == "", (
        "the assignment targets the stack's account, not Identity Center's"
    )


def test_with_an_identity_center_role_the_ci_roles_only_assume_it_and_it_holds_the_writes():
    from components.policies.ci.roles import ci_policy

    settings = Settings(
        domain_id=DOMAIN,
        federation="identity-center",
        identity_center_instance_arn=INSTANCE,
        identity_center_group_id=GROUP,
        identity_center_role_arn=IDENTITY_CENTER_ROLE,
    )
    deploy = {s["Sid"]: s for s in ci_policy("deploy", settings)["Statement"]}
    assert "ManageOwnedPermissionSet" not in deploy
    assert deploy["AssumeIdentityCenterRole"]["Resource"] == IDENTITY_CENTER_ROLE
    role = {s["Sid"]: s for s in ci_policy("identity-center", settings)["Statement"]}
    assert set(role) == {
        "ReadPermissionSet",
        "CreateOwnedPermissionSet",
        "ManageOwnedPermissionSet",
        "ManagePermissionSetsInstance",
        "AssignInTheWorkloadAccount",
        "TagOwnedPermissionSet",
        "UntagOwnedPermissionSet",
    }


DEPLOY = "arn:aws:iam::111122223333:role/ci-deploy"
BREAK_GLASS = "arn:aws:iam::111122223333:role/break-glass"
GUARDED_IDENTITY_CENTER = Settings(
    domain_id=DOMAIN,
    federation="identity-center",
    identity_center_instance_arn=INSTANCE,
    identity_center_group_id=GROUP,
    identity_center_role_arn=IDENTITY_CENTER_ROLE,
    org_guard=True,
    deploy_role_arn=DEPLOY,
    break_glass_role_arns=(BREAK_GLASS,),
    org_guard_targets=("111122223333",),
)
RESERVED = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/"
PROFILES = "arn:aws:sagemaker:eu-west-1:111122223333:user-profile/d-abc123def456/"


def _under_the_guard(caller: str, action: str, resource: str, **context) -> bool:
    """Whether ``caller`` may, with admin rights, in an account the organization guard targets."""
    from components.policies.org_guard import scp_texts
    from components.proof.callers import ADMIN_POLICY, FULL_AWS_ACCESS
    from components.proof.iam.evaluator import Policy, Request, evaluate

    scps = [FULL_AWS_ACCESS, *(Policy(text) for text in scp_texts(GUARDED_IDENTITY_CENTER))]
    request = Request(action, resource, {"aws:PrincipalArn": caller, **context})
    return evaluate([ADMIN_POLICY], request, scps).allowed


ALICE_TAGS = {
    "aws:PrincipalTag/studiouserid": "alice",
    "aws:PrincipalTag/studiouserid-profile": "alice",
}


def test_other_permission_sets_keep_working_under_the_organization_guard():
    """Identity Center tags every permission set's sessions: its administrators' are not
    locked out, and their tags open only their own profile."""
    admin = f"{RESERVED}AWSReservedSSO_AdministratorAccess_0123456789abcdef"
    assert _under_the_guard(admin, "s3:ListBucket", "arn:aws:s3:::data", **ALICE_TAGS)
    opening = "sagemaker:CreatePresignedDomainUrl"
    bob = {"sagemaker:ResourceTag/studiouserid": "bob"}
    assert not _under_the_guard(admin, opening, f"{PROFILES}bob", **ALICE_TAGS, **bob)
    forged = "arn:aws:iam::111122223333:role/anything"
    assert not _under_the_guard(forged, "s3:ListBucket", "arn:aws:s3:::data", **ALICE_TAGS)


def test_only_the_permission_sets_own_roles_are_honoured_by_the_member_policy():
    from fnmatch import fnmatchcase

    statements = merged(policy_texts(GUARDED_IDENTITY_CENTER))["Statement"]
    [binding] = [s for s in statements if s["Sid"] == "DenyAccessTagOutsideItsPrincipal"]
    [pattern] = [
        arn for arn in binding["Condition"]["ArnNotLike"]["aws:PrincipalArn"] if "SSO" in arn
    ]
    own = f"{RESERVED}AWSReservedSSO_StudioUser_0123456789abcdef"
    assert fnmatchcase(own, pattern)
    assert not fnmatchcase(f"{RESERVED}AWSReservedSSO_StudioUser_Admin_0123456789abcdef", pattern)
    assert not fnmatchcase(
        f"{RESERVED}AWSReservedSSO_AdministratorAccess_0123456789abcdef", pattern
    )


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("identitystore:DeleteUser", "arn:aws:identitystore::111122223333:identitystore/d-1"),
        ("identitystore:CreateGroupMembership", "arn:aws:identitystore:::group/g"),
        ("sso:CreatePermissionSet", INSTANCE),
        ("sso:CreateAccountAssignment", INSTANCE),
        ("sso:PutInlinePolicyToPermissionSet", INSTANCE),
    ],
)
def test_only_the_deploy_and_identity_center_roles_change_who_identity_center_vouches_for(
    action, resource
):
    assert not _under_the_guard(BREAK_GLASS, action, resource), "break-glass keeps the guard"
    assert not _under_the_guard("arn:aws:iam::111122223333:role/admin", action, resource)
    assert _under_the_guard(IDENTITY_CENTER_ROLE, action, resource)
    assert _under_the_guard(DEPLOY, action, resource)


def test_nobody_bound_borrows_the_identity_center_roles_exemption():
    admin = "arn:aws:iam::111122223333:role/admin"
    assert not _under_the_guard(admin, "iam:UpdateAssumeRolePolicy", IDENTITY_CENTER_ROLE)


def test_new_user_writes_a_federated_person_that_check_accepts(tmp_path, monkeypatch, capsys):
    from components.cli.main import main

    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.s.yaml").write_text(
        "config:\n  aws:region: eu-west-1\n"
        + "".join(f"  studio-access:{key}: {value}\n" for key, value in SAML.items())
    )
    (tmp_path / "users").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["new-user", "ana", "--federated", "--stack", "s"]) == 0
    assert "principal:\n  type: federated\n" in (tmp_path / "users/ana.yaml").read_text()
    assert main(["check", "--stack", "s"]) == 0
    capsys.readouterr()
    assert main(["new-user", "bob", "--federated", "--role", "--stack", "s"]) == 2
    assert "--role and --federated name different kinds of principal" in capsys.readouterr().err
    # What check would refuse is refused before a file exists: the kind's rule, an unknown team.
    assert main(["new-user", "bo", "--federated", "--profile-name", "bobby", "--stack", "s"]) == 1
    assert "its profile is named as the id: remove profile_name 'bobby'" in capsys.readouterr().err
    assert main(["new-user", "bo", "--team", "gpu", "--stack", "s"]) == 1
    assert "team 'gpu' is not defined" in capsys.readouterr().err
    assert not (tmp_path / "users/bo.yaml").exists()


def test_check_warns_when_the_identity_provider_could_send_an_iam_members_id(tmp_path):
    folder = federated_folder(tmp_path, 2)
    (folder / "users" / "carl.yaml").write_text("id: carl\n")
    roster = load_roster(folder / "users", Settings(federation="saml", saml_provider_arn=OKTA))
    [warning] = [p for p in roster.warnings if "federation:" in p.message]
    assert "including the ids of those who sign in otherwise (carl)" in warning.message
    alone = load_roster(federated_folder(tmp_path / "b", 2) / "users", Settings(federation="saml"))
    assert not [p for p in alone.warnings if "federation:" in p.message]


def test_identity_center_role_in_the_workload_account_is_a_warning_saying_what_binds_it():
    from components.kinds.federated import KIND

    settings = Settings(
        default_execution_role_arn=ROLE,
        federation="identity-center",
        identity_center_instance_arn=INSTANCE,
        identity_center_group_id=GROUP,
        identity_center_role_arn=ROLE.rsplit(":", 1)[0] + ":role/idc",
    )
    [warning] = KIND.stack_warnings([], settings, [])
    assert warning.startswith("identityCenterRoleArn: Identity Center is administered in account")
    assert "DenyChangingWhomIdentityCenterVouchesFor" in warning and "orgGuard" in warning
    elsewhere = Settings(**{**settings.__dict__, "identity_center_role_arn": IDENTITY_CENTER_ROLE})
    assert KIND.stack_warnings([], elsewhere, []) == []
