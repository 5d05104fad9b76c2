"""``verify``: a deployed account verifies clean; each drift is found, reformatting is not."""

from __future__ import annotations

import json

import iam_action_data
import pytest
from aws_deploy import deploy, deploy_scp, organization
from aws_env import DEFAULT_ROLE_NAME, DOMAIN, SAML
from fake_sagemaker import ACCOUNT

from components.aws.verify.findings import FINDING_TYPES
from components.aws.verify.probes import MAX_SIMULATIONS
from components.policies.member import policy_text

pytest_plugins = ("aws_fixtures", "verify_fixtures")


@pytest.fixture
def account(iam, sagemaker, simulator, analyzer, project):
    """alice and bob (IAM users), carol (SAML role), dave (offboarded), deployed."""
    project.user("alice")
    project.user("bob")
    project.user("carol", f"principal:\n  type: role\n  trusted: [{SAML}]\n")
    project.user("dave", "status: offboarded\n")
    return deploy(iam, sagemaker, project.root)


def verify(cli, *args: str):
    return cli("verify", "--stack", "test", "--format", "json", *args)


def test_a_deployed_account_verifies_clean(account, cli, simulator, analyzer):
    run = verify(cli)
    assert run.code == 0, run.out + run.err
    report = json.loads(run.out)
    assert report["findings"] == []
    assert report["summary"]["simulated"] == len(simulator.simulations) > 0
    assert not analyzer.checks, "no text differs, so nothing is billed"
    text = cli("verify", "--stack", "test")
    assert text.code == 0 and "holds what check proved" in text.out


def findings(run) -> list[dict]:
    return json.loads(run.out)["findings"]


def planted(cli, kind: str, severity: str = "error") -> dict:
    """Exactly one finding, of ``kind``; exit 1 for an error."""
    run = verify(cli)
    assert run.code == (1 if severity == "error" else 0), run.out + run.err
    found = findings(run)
    assert [(f["kind"], f["severity"]) for f in found] == [(kind, severity)], found
    return found[0]


def _policy_arn(iam, name: str) -> str:
    return next(
        p["Arn"] for p in iam.list_policies(Scope="Local")["Policies"] if p["PolicyName"] == name
    )


def _new_default_version(iam, arn: str, document: str) -> None:
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=document, SetAsDefault=True)


def test_a_guard_with_a_new_allow_is_less_restrictive(account, iam, cli, analyzer):
    document = json.loads(policy_text(account))
    document["Statement"].append(
        {"Sid": "Backdoor", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
    )
    _new_default_version(iam, _policy_arn(iam, account.policy_name), json.dumps(document))
    found = planted(cli, "guard-text-differs")
    assert "IAM Access Analyzer finds it less restrictive" in found["message"]
    assert found["resource"].endswith(f":policy/{account.policy_name}")
    assert len(analyzer.checks) == 2, "CheckNoNewAccess both ways"
    assert {check[2] for check in analyzer.checks} == {"IDENTITY_POLICY"}


def test_a_guard_without_a_deny_is_less_restrictive(account, iam, cli):
    document = json.loads(policy_text(account))
    document["Statement"] = [s for s in document["Statement"] if s["Effect"] == "Allow"]
    _new_default_version(iam, _policy_arn(iam, account.policy_name), json.dumps(document))
    assert "less restrictive" in planted(cli, "guard-text-differs")["message"]


def test_a_guard_with_one_more_deny_is_more_restrictive(account, iam, cli):
    document = json.loads(policy_text(account))
    document["Statement"].append(
        {"Sid": "NoBilling", "Effect": "Deny", "Action": "aws-portal:*", "Resource": "*"}
    )
    _new_default_version(iam, _policy_arn(iam, account.policy_name), json.dumps(document))
    assert "more restrictive" in planted(cli, "guard-text-differs")["message"]


def test_the_same_text_reformatted_is_no_finding(account, iam, cli, analyzer):
    """Keys reordered, other whitespace, statements reordered, one-element lists as strings."""
    document = json.loads(policy_text(account))
    statements = []
    for statement in reversed(document["Statement"]):
        reordered = dict(reversed(list(statement.items())))
        for key in ("Action", "Resource", "NotAction", "NotResource"):
            value = reordered.get(key)
            if isinstance(value, str):
                reordered[key] = [value]
            elif isinstance(value, list) and len(value) == 1:
                reordered[key] = value[0]
        statements.append(reordered)
    text = json.dumps({"Statement": statements, "Version": document["Version"]}, indent=7)
    assert text != policy_text(account)
    _new_default_version(iam, _policy_arn(iam, account.policy_name), text)
    run = verify(cli)
    assert run.code == 0 and findings(run) == [], run.out + run.err
    assert not analyzer.checks


def test_the_member_policy_detached_from_the_group(account, iam, cli):
    iam.detach_group_policy(
        GroupName=account.group_name, PolicyArn=_policy_arn(iam, account.policy_name)
    )
    found = planted(cli, "guard-detached")
    assert f"not attached to the group {account.group_name}" in found["message"]


def test_the_guard_detached_from_an_execution_role(account, iam, cli):
    iam.detach_role_policy(
        RoleName=DEFAULT_ROLE_NAME,
        PolicyArn=_policy_arn(iam, account.execution_role_policy_name),
    )
    found = planted(cli, "guard-detached")
    assert found["resource"].endswith(f"role/service-role/{DEFAULT_ROLE_NAME}")


def test_the_member_policy_detached_from_a_member_role(account, iam, cli):
    iam.detach_role_policy(RoleName="carol", PolicyArn=_policy_arn(iam, account.policy_name))
    found = planted(cli, "guard-detached")
    assert found["resource"].endswith(":role/studio-access/carol/carol")


def test_a_member_out_of_the_group(account, iam, cli):
    iam.remove_user_from_group(UserName="bob", GroupName=account.group_name)
    assert "not in the group" in planted(cli, "group-membership-missing")["message"]


def test_a_changed_access_tag_on_a_principal(account, iam, cli):
    iam.tag_user(UserName="alice", Tags=[{"Key": "studiouserid", "Value": "bob"}])
    found = planted(cli, "access-tag-differs")
    assert "has studiouserid=bob, not alice" in found["message"]


def test_a_changed_access_tag_on_a_profile(account, sagemaker, cli):
    profile = sagemaker.profiles[(DOMAIN, "bob")]
    profile["Tags"] = [{"Key": "studiouserid", "Value": "alice"}]
    found = planted(cli, "access-tag-differs")
    assert "profile bob has studiouserid=alice, not bob" in found["message"]


def test_an_offboarded_profile_tagged_again(account, sagemaker, cli):
    sagemaker.profiles[(DOMAIN, "dave")]["Tags"] = [{"Key": "studiouserid", "Value": "dave"}]
    sagemaker.profiles[(DOMAIN, "dave")]["EverTagged"] = True
    assert "offboarded" in planted(cli, "access-tag-differs")["message"]


def test_a_rewritten_trust_policy(account, iam, cli):
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.update_assume_role_policy(RoleName="carol", PolicyDocument=json.dumps(trust))
    assert "someone else may assume it" in planted(cli, "trust-differs")["message"]


def test_a_deleted_principal(account, iam, cli):
    iam.remove_user_from_group(UserName="bob", GroupName=account.group_name)
    iam.delete_user(UserName="bob")
    assert planted(cli, "principal-missing")["resource"] == "IAM user bob"


def test_a_simulator_that_allows_a_colleagues_profile(account, cli, simulator):
    colleague = f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:user-profile/{DOMAIN}/bob"
    simulator.force[("sagemaker:CreatePresignedDomainUrl", colleague)] = "allowed"
    run = verify(cli)
    assert run.code == 1
    found = findings(run)
    assert {f["kind"] for f in found} == {"simulator-disagrees"}
    assert any(
        "opens a colleague's profile" in f["message"]
        and "IAM's policy simulator says allowed, the product's evaluator explicitDeny"
        in f["message"]
        for f in found
    ), found


@pytest.mark.parametrize(
    "about",
    [("s3:GetObject", "arn:aws:s3:::x"), ("s3:GetObject", None), (None, "arn:aws:s3:::x")],
    ids=["both", "action", "resource"],
)
def test_a_simulator_answer_about_another_request_is_refused(account, cli, simulator, about):
    simulator.about = about
    run = verify(cli)
    assert run.code == 1, run.out + run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert "AWS iam SimulatePrincipalPolicy did not answer as the AWS API does" in run.err
    _, action, resource, _, _ = simulator.simulations[0]
    assert f"asked about {action} on {resource}" in run.err
    assert f"it answered about {about[0] or action} on {about[1] or resource}" in run.err


def test_the_simulator_gets_the_tags_and_studio_keys_as_context(account, cli, simulator):
    assert verify(cli).code == 0
    by_source = {}
    for source, action, resource, context, excluded in simulator.simulations:
        by_source.setdefault(source, []).append((action, resource, context, excluded))
    alice = next(v for k, v in by_source.items() if k.endswith(":user/studio-access/alice/alice"))
    own = next(c for a, r, c, _ in alice if r.endswith("/alice"))
    assert own["aws:PrincipalTag/studiouserid"] == "alice"
    assert own["sagemaker:ResourceTag/studiouserid"] == "alice"
    notebook = next(v for k, v in by_source.items() if k.endswith(f"/{DEFAULT_ROLE_NAME}"))
    assert all(c["sagemaker:DomainId"] == DOMAIN for _, _, c, _ in notebook)
    assert all(excluded == ("scp",) for _, _, _, excluded in alice), "no guard: SCPs excluded"


def test_every_kind_of_finding_is_documented_in_the_table():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "aws-commands.md").read_text()
    table = doc.split("| verify finding | severity | what it means |\n", 1)[1].split("\n\n")[0]
    rows = [line.strip("|").split(" | ") for line in table.splitlines()[1:]]
    assert [row[0].strip().strip("`") for row in rows] == list(FINDING_TYPES)
    for kind, severity, meaning in rows:
        assert (severity.strip(), meaning.strip()) == FINDING_TYPES[kind.strip().strip("`")]


# ---------------------------------------------------------------------------------------------
# the organization guard


@pytest.fixture
def guarded(iam, sagemaker, simulator, analyzer, project):
    """The stack with the organization guard, read through orgGuardRoleArn; the SCPs deployed."""
    org, unit = organization()
    project.stack(
        orgGuard=True,
        deployRoleArn=f"arn:aws:iam::{ACCOUNT}:role/deploy",
        orgGuardTargets=[unit],
        orgGuardRoleArn=f"arn:aws:iam::{ACCOUNT}:role/OrgAudit",
    )
    project.user("alice")
    project.user("bob")
    settings = deploy(iam, sagemaker, project.root)
    policy_id = deploy_scp(org, settings, (unit,))
    return org, policy_id, unit


def test_the_guarded_account_verifies_clean_with_and_without_scps(guarded, cli, simulator):
    run = verify(cli)
    assert run.code == 0, run.out + run.err
    excluded = [s[4] for s in simulator.simulations]
    assert excluded.count(()) == excluded.count(("scp",)) > 0, "once with, once without"


def test_an_scp_detached_from_its_target(guarded, cli):
    org, policy_id, unit = guarded
    org.detach_policy(PolicyId=policy_id, TargetId=unit)
    found = planted(cli, "scp-detached")
    assert f"is not attached to {unit}" in found["message"]


def test_an_scp_with_a_removed_deny(guarded, cli, analyzer):
    org, policy_id, _ = guarded
    content = json.loads(org.describe_policy(PolicyId=policy_id)["Policy"]["Content"])
    content["Statement"] = content["Statement"][1:]
    org.update_policy(PolicyId=policy_id, Content=json.dumps(content))
    run = verify(cli)
    assert run.code == 1
    kinds = {f["kind"] for f in findings(run)}
    assert "scp-text-differs" in kinds, findings(run)
    message = next(f["message"] for f in findings(run) if f["kind"] == "scp-text-differs")
    assert "less restrictive" in message and len(analyzer.checks) == 2


# ---------------------------------------------------------------------------------------------
# the simulator's budget


def _simulations_for(iam, sagemaker, project, cli, simulator, users: int) -> int:
    for n in range(users):
        project.user(f"u{n:04d}")
    project.user("carol", f"principal:\n  type: role\n  trusted: [{SAML}]\n")
    deploy(iam, sagemaker, project.root)
    run = verify(cli)
    assert run.code == 0, run.out + run.err
    return len(simulator.simulations)


@pytest.mark.parametrize("users", [10, 1000])
def test_the_simulator_calls_do_not_grow_with_users(
    iam, sagemaker, simulator, analyzer, project, cli, users
):
    count = _simulations_for(iam, sagemaker, project, cli, simulator, users)
    assert count == 23 <= MAX_SIMULATIONS, "member user 8, member role 8, execution role 7"


# ---------------------------------------------------------------------------------------------
# the audit role


@pytest.mark.parametrize("org", [False, True], ids=["plain", "org-guard"])
def test_the_audit_role_holds_what_verify_calls_and_no_write(org):
    from components.aws.permissions import audit_role_actions, verify_actions
    from components.core.settings.stack import Settings
    from components.policies.ci.roles import ci_policy

    settings = Settings(
        domain_id=DOMAIN,
        org_guard=org,
        deploy_role_arn=f"arn:aws:iam::{ACCOUNT}:role/deploy" if org else None,
        org_guard_targets=("ou-ab12-cdef3456",) if org else (),
    )
    document = ci_policy("audit", settings, audit_role_actions(settings))
    granted = {a for s in document["Statement"] for a in s["Action"]}
    assert set(verify_actions(settings)) <= granted
    assert {"iam:SimulatePrincipalPolicy", "access-analyzer:CheckNoNewAccess"} <= granted
    levels = iam_action_data.access_levels()
    writes = {a for a in granted if levels[a.lower()] not in ("Read", "List")}
    assert writes <= {"sts:AssumeRole"}, writes


# ---------------------------------------------------------------------------------------------
# a document IAM's size limit splits


@pytest.fixture
def split(iam, sagemaker, simulator, analyzer, project):
    """Names so long that the member policy and the guard are each two managed policies."""
    project.stack(tagKey="k" * 120, groupName="g" * 128, policyName="p" * 113)
    project.user("alice")
    project.user("carol", f"principal:\n  type: role\n  trusted: [{SAML}]\n")
    return deploy(iam, sagemaker, project.root)


def test_a_split_document_verifies_clean_part_by_part(split, cli, simulator):
    run = verify(cli)
    assert run.code == 0 and findings(run) == [], run.out + run.err
    assert simulator.simulations, "the parts together decide as the built document"


def test_the_second_part_detached_from_the_group(split, iam, cli):
    second = _policy_arn(iam, split.policy_name + "-2")
    iam.detach_group_policy(GroupName=split.group_name, PolicyArn=second)
    found = planted(cli, "guard-detached")
    assert f"{split.policy_name}-2 is not attached to the group" in found["message"]


# ---------------------------------------------------------------------------------------------
# federation: the shared SAML role


@pytest.fixture
def federated(iam, sagemaker, simulator, analyzer, project):
    """Federated people signing in through one SAML role, deployed."""
    project.stack(federation="saml", samlProviderArn=SAML)
    project.user("alice", "principal: {type: federated}\n")
    project.user("bob", "principal: {type: federated}\n")
    return deploy(iam, sagemaker, project.root)


def test_the_saml_role_is_verified_and_simulated(federated, cli, simulator):
    run = verify(cli)
    assert run.code == 0 and findings(run) == [], run.out + run.err
    role = f"role/studio-access/{federated.federated_role_name}"
    sessions = [s for s in simulator.simulations if s[0].endswith(role)]
    assert len(sessions) == 8, "own profile and the seven decisive requests"


def test_the_saml_role_without_the_member_policy(federated, iam, cli):
    iam.detach_role_policy(
        RoleName=federated.federated_role_name, PolicyArn=_policy_arn(iam, federated.policy_name)
    )
    found = planted(cli, "guard-detached")
    assert "of the stack" in found["message"]
