"""``audit``: a clean account is clean, and every kind of finding is found when it is planted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_deploy import deploy, deploy_scp, make_role, organization
from aws_env import DEFAULT_ROLE, DEFAULT_ROLE_NAME, DOMAIN, SAML
from fake_sagemaker import ACCOUNT

from components.aws.audit.findings import FINDING_TYPES
from components.policies.member import policy_text

pytest_plugins = ("aws_fixtures",)

DAVE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/DaveExec"


@pytest.fixture
def account(iam, sagemaker, project):
    """alice (user), bob (SAML role), carol (offboarded), dave (own execution role), deployed."""
    project.user("alice", "email: alice@example.com\ntags: {team: nlp}\n")
    project.user("bob", f"principal:\n  type: role\n  trusted: [{SAML}]\n")
    project.user("carol", "status: offboarded\n")
    project.user("dave", f"execution_role_arn: {DAVE_ROLE}\nprofile_name: dave-profile\n")
    make_role(iam, "DaveExec")
    return deploy(iam, sagemaker, project.root)


def audit(cli, *args: str):
    return cli("audit", "--stack", "test", *args)


def kinds(run) -> dict[str, str]:
    """``{kind: severity}`` of the findings in a JSON report."""
    report = json.loads(run.out)
    return {f["kind"]: f["severity"] for f in report["findings"]}


def planted(cli, kind: str, severity: str = "error") -> dict:
    run = audit(cli, "--format", "json")
    assert run.code == (1 if severity == "error" else 0), run.out + run.err
    found = kinds(run)
    assert found == {kind: severity}, found
    return json.loads(run.out)["findings"][0]


def test_a_clean_account_is_clean(account, cli):
    run = audit(cli)
    assert run.code == 0, run.out + run.err
    assert run.out.startswith(
        "audit of domain d-test1 (account 123456789012, eu-west-1): 4 profiles"
    )
    assert "clean: the account matches users/" in run.out


def test_markdown_is_a_report_for_a_reviewer(account, iam, cli):
    iam.create_user(UserName="mallory", Tags=[{"Key": "studiouserid", "Value": "alice"}])
    run = audit(cli, "--format", "markdown")
    assert run.code == 1
    assert run.out.startswith("## Studio Access audit\n\n❌ **1 error, 0 warnings**")
    assert "| severity | finding | resource | what to do |" in run.out
    assert "| error | IAM user mallory is not in users/" in run.out
    assert "`arn:aws:iam::123456789012:user/mallory`" in run.out


def test_a_principal_wearing_another_users_id_is_impersonation(account, iam, cli):
    iam.create_user(UserName="mallory", Tags=[{"Key": "studiouserid", "Value": "alice"}])
    found = planted(cli, "unmanaged-principal")
    assert "opens the profile of active user 'alice' (impersonation)" in found["message"]
    assert found["resource"].endswith(":user/mallory")


def test_a_leftover_principal_of_a_removed_user_is_an_error(account, iam, cli):
    make_role(iam, "gone", Tags=[{"Key": "studiouserid-profile", "Value": "gone"}])
    found = planted(cli, "unmanaged-principal")
    assert "an id no user in users/ has" in found["message"]


def test_the_principal_of_an_offboarded_user_coming_back_is_an_error(account, iam, cli):
    iam.create_user(UserName="carol", Tags=[{"Key": "studiouserid", "Value": "carol"}])
    found = planted(cli, "unmanaged-principal")
    assert "offboarded user 'carol'" in found["message"]


def test_a_managed_principal_with_another_tag_value(account, iam, cli):
    iam.tag_role(RoleName="bob", Tags=[{"Key": "studiouserid", "Value": "alice"}])
    found = planted(cli, "principal-tag-mismatch")
    assert "studiouserid='alice' instead of 'bob'" in found["message"]


def test_a_managed_principal_without_its_profile_tag(account, iam, cli):
    iam.untag_user(UserName="alice", TagKeys=["studiouserid-profile"])
    found = planted(cli, "principal-tag-mismatch")
    assert "no studiouserid-profile tag (wants 'alice')" in found["message"]


def test_a_principal_not_deployed_yet_is_a_warning(account, project, sagemaker, cli):
    project.user("erin")
    sagemaker.add_profile(DOMAIN, "erin", {"studiouserid": "erin"})
    found = planted(cli, "principal-missing", "warning")
    assert found["resource"] == "IAM user erin"


def test_an_untagged_profile_outside_users_is_a_warning(account, sagemaker, cli):
    sagemaker.add_profile(DOMAIN, "stray")
    found = planted(cli, "unmanaged-profile", "warning")
    assert "has no access tag" in found["message"]


def test_a_profile_outside_users_tagged_with_a_held_id_is_an_error(account, sagemaker, cli):
    sagemaker.add_profile(DOMAIN, "alice-old", {"studiouserid": "alice"})
    found = planted(cli, "unmanaged-profile")
    assert "user/studio-access/alice/alice hold(s): they open it" in found["message"]


def test_a_profile_outside_users_tagged_with_an_unheld_id_is_a_warning(account, sagemaker, cli):
    sagemaker.add_profile(DOMAIN, "ghost", {"studiouserid": "ghost"})
    found = planted(cli, "unmanaged-profile", "warning")
    assert "which no principal holds now" in found["message"]


def test_a_managed_profile_with_a_wrong_or_missing_tag(account, sagemaker, cli):
    sagemaker.profiles[(DOMAIN, "dave-profile")]["Tags"] = [
        {"Key": "studiouserid", "Value": "alice"}
    ]
    found = planted(cli, "profile-tag-mismatch")
    assert "profile dave-profile of user 'dave' has studiouserid='alice'" in found["message"]
    sagemaker.profiles[(DOMAIN, "dave-profile")]["Tags"] = []
    assert "has no access tag" in planted(cli, "profile-tag-mismatch")["message"]


def test_an_offboarded_users_profile_tagged_again(account, sagemaker, cli):
    sagemaker.profiles[(DOMAIN, "carol")]["Tags"] = [{"Key": "studiouserid", "Value": "carol"}]
    found = planted(cli, "offboarded-profile-tagged")
    assert "offboarded user 'carol'" in found["message"]


def test_a_profile_not_deployed_yet_is_a_warning(account, sagemaker, cli):
    del sagemaker.profiles[(DOMAIN, "carol")]
    planted(cli, "profile-missing", "warning")


def test_the_member_policy_rewritten(account, iam, cli):
    arn = f"arn:aws:iam::{ACCOUNT}:policy/{account.policy_name}"
    weaker = json.loads(policy_text(account))
    weaker["Statement"] = weaker["Statement"][1:]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(weaker), SetAsDefault=True)
    found = planted(cli, "policy-text-differs")
    assert found["resource"] == arn


def test_the_guard_policy_missing(account, iam, cli):
    arn = f"arn:aws:iam::{ACCOUNT}:policy/{account.execution_role_policy_name}"
    for role in (DEFAULT_ROLE_NAME, "DaveExec"):
        iam.detach_role_policy(RoleName=role, PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)
    found = planted(cli, "policy-missing")
    assert "execution-role guard" in found["message"]


def test_the_group_missing(account, iam, cli):
    member = f"arn:aws:iam::{ACCOUNT}:policy/{account.policy_name}"
    iam.detach_group_policy(GroupName=account.group_name, PolicyArn=member)
    iam.remove_user_from_group(GroupName=account.group_name, UserName="alice")
    iam.delete_group(GroupName=account.group_name)
    planted(cli, "group-missing")


def test_the_member_policy_detached_from_the_group(account, iam, cli):
    member = f"arn:aws:iam::{ACCOUNT}:policy/{account.policy_name}"
    iam.detach_group_policy(GroupName=account.group_name, PolicyArn=member)
    found = planted(cli, "group-attachment-missing")
    assert "its members open every profile" in found["message"]


def test_the_member_policy_detached_from_a_role_principal(account, iam, cli):
    member = f"arn:aws:iam::{ACCOUNT}:policy/{account.policy_name}"
    iam.detach_role_policy(RoleName="bob", PolicyArn=member)
    found = planted(cli, "role-attachment-missing")
    assert found["resource"].endswith(":role/studio-access/bob/bob")


def test_an_execution_role_that_does_not_exist(account, iam, project, cli):
    guard = f"arn:aws:iam::{ACCOUNT}:policy/{account.execution_role_policy_name}"
    iam.detach_role_policy(RoleName="DaveExec", PolicyArn=guard)
    iam.delete_role(RoleName="DaveExec")
    found = planted(cli, "execution-role-missing")
    assert found["resource"] == DAVE_ROLE


def test_the_guard_detached_from_the_default_execution_role(account, iam, cli):
    guard = f"arn:aws:iam::{ACCOUNT}:policy/{account.execution_role_policy_name}"
    iam.detach_role_policy(RoleName=DEFAULT_ROLE_NAME, PolicyArn=guard)
    found = planted(cli, "execution-guard-missing")
    assert found["resource"].endswith(f"role/service-role/{DEFAULT_ROLE_NAME}")


def test_the_guard_detached_from_a_per_user_execution_role(iam, sagemaker, project, cli):
    work = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    policy = iam.create_policy(PolicyName="Work", PolicyDocument=json.dumps(work))["Policy"]["Arn"]
    project.stack(perUserExecutionRoles=True, executionRolePolicyArns=[policy])
    project.user("alice")
    settings = deploy(iam, sagemaker, project.root)
    guard = f"arn:aws:iam::{ACCOUNT}:policy/{settings.execution_role_policy_name}"
    assert audit(cli).code == 0
    iam.detach_role_policy(RoleName="alice-studio-execution", PolicyArn=guard)
    found = planted(cli, "execution-guard-missing")
    assert "(of user 'alice')" in found["message"]


def test_the_domain_runs_notebooks_with_another_default_role(account, sagemaker, cli):
    sagemaker.domains[DOMAIN]["DefaultUserSettings"]["ExecutionRole"] = DAVE_ROLE
    found = planted(cli, "domain-default-role-differs")
    assert "the guard is on the wrong role" in found["message"]


def test_the_domain_runs_shared_spaces_as_another_role(account, sagemaker, cli):
    """DescribeDomain's DefaultSpaceSettings: a role other than the one check proved."""
    # Without defaultSpaceExecutionRoleArn the shared spaces run as the domain's default role.
    sagemaker.domains[DOMAIN]["DefaultSpaceSettings"] = {"ExecutionRole": DEFAULT_ROLE}
    assert audit(cli).code == 0, "the same role as defaultExecutionRoleArn: nothing to say"
    sagemaker.domains[DOMAIN]["DefaultSpaceSettings"] = {"ExecutionRole": DAVE_ROLE}
    found = planted(cli, "domain-space-role-differs")
    assert f"the domain's shared spaces run as {DAVE_ROLE}" in found["message"]


def test_an_unguarded_shared_space_role_is_found(iam, sagemaker, project, cli):
    """defaultSpaceExecutionRoleArn: guarded like the default role, and the domain's must match."""
    space_role = make_role(iam, "SharedSpaces")
    project.stack(defaultSpaceExecutionRoleArn=space_role)
    project.user("alice")
    settings = deploy(iam, sagemaker, project.root)
    sagemaker.domains[DOMAIN]["DefaultSpaceSettings"] = {"ExecutionRole": space_role}
    assert audit(cli).code == 0
    guard = f"arn:aws:iam::{ACCOUNT}:policy/{settings.execution_role_policy_name}"
    iam.detach_role_policy(RoleName="SharedSpaces", PolicyArn=guard)
    found = planted(cli, "execution-guard-missing")
    assert "role SharedSpaces" in found["message"]


def test_a_group_member_outside_users_is_a_warning(account, iam, cli):
    iam.create_user(UserName="eve")
    iam.add_user_to_group(UserName="eve", GroupName=account.group_name)
    planted(cli, "unmanaged-group-member", "warning")


@pytest.fixture
def guarded(iam, sagemaker, project):
    """The stack with the organization guard, read through orgGuardRoleArn; the SCP deployed."""
    org, unit = organization()
    project.stack(
        orgGuard=True,
        deployRoleArn=f"arn:aws:iam::{ACCOUNT}:role/deploy",
        orgGuardTargets=[unit],
        orgGuardRoleArn=f"arn:aws:iam::{ACCOUNT}:role/OrgAudit",
    )
    project.user("alice")
    settings = deploy(iam, sagemaker, project.root)
    policy_id = deploy_scp(org, settings, (unit,))
    return org, policy_id, unit


def test_the_organization_guard_in_place_is_clean_and_read_through_the_org_role(guarded, cli):
    run = audit(cli, "--format", "json")
    assert run.code == 0, run.out
    calls = json.loads(run.out)["calls"]
    assert calls["sts:AssumeRole"] == 1
    assert calls["organizations:DescribePolicy"] == 2, "one read per SCP of the guard (two)"


def test_the_scp_missing(guarded, cli):
    org, policy_id, unit = guarded
    org.detach_policy(PolicyId=policy_id, TargetId=unit)
    org.delete_policy(PolicyId=policy_id)
    planted(cli, "scp-missing")


def test_the_scp_rewritten(guarded, cli):
    org, policy_id, _ = guarded
    org.update_policy(
        PolicyId=policy_id, Content=json.dumps({"Version": "2012-10-17", "Statement": []})
    )
    planted(cli, "scp-text-differs")


def test_the_scp_detached(guarded, cli):
    org, policy_id, unit = guarded
    org.detach_policy(PolicyId=policy_id, TargetId=unit)
    found = planted(cli, "scp-targets-differ")
    assert f"is not attached to {unit}" in found["message"]


def test_an_arn_in_another_case_than_iams_names_the_stored_one(account, project, cli):
    """IAM finds role/daveexec; the guards, comparing case-sensitively, would not."""
    lower = DAVE_ROLE.replace("DaveExec", "daveexec")
    project.user("dave", f"execution_role_arn: {lower}\nprofile_name: dave-profile\n")
    found = planted(cli, "arn-case-differs")
    assert found["resource"] == DAVE_ROLE
    assert f"names {lower}, but IAM stores it as {DAVE_ROLE}" in found["message"]
    assert found["action"] == f"copy {DAVE_ROLE} into users/dave.yaml (execution_role_arn)"


def test_every_kind_of_finding_has_a_test():
    """Here, or (an Identity Center domain's) in test_aws_identity_center.py."""
    tested = "".join(
        (Path(__file__).parent / name).read_text(encoding="utf-8")
        for name in (Path(__file__).name, "test_aws_identity_center.py")
    )
    missing = [kind for kind in FINDING_TYPES if f'"{kind}"' not in tested]
    assert not missing, missing
