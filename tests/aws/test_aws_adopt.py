"""``adopt``: valid users/ files and an import file that names resources as the program does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from aws_deploy import make_role
from aws_env import DEFAULT_ROLE, DEFAULT_ROLE_NAME, DOMAIN, SAML
from conftest import PROJECT_DIR
from fake_sagemaker import ACCOUNT

from components.core.settings.stack import Settings
from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text

pytest_plugins = ("aws_fixtures",)

GROUP = "sagemaker-studio-users"
MEMBER = f"arn:aws:iam::{ACCOUNT}:policy/sagemaker-studio-isolation"
GUARD = f"arn:aws:iam::{ACCOUNT}:policy/sagemaker-studio-isolation-execution-role"
BOB_ROLE = f"arn:aws:iam::{ACCOUNT}:role/BobExec"
BOB_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Federated": SAML}, "Action": "sts:AssumeRoleWithSAML"},
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root", "Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        },
    ],
}


def _tag(**tags: str) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


@pytest.fixture
def domain(iam, sagemaker, project):
    """A domain managed by hand: the group and policies exist, users/ knows only dave."""
    settings = Settings(
        domain_id=DOMAIN, region="eu-west-1", default_execution_role_arn=DEFAULT_ROLE
    )
    iam.create_group(GroupName=GROUP)
    iam.create_policy(PolicyName="sagemaker-studio-isolation", PolicyDocument=policy_text(settings))
    iam.create_policy(
        PolicyName="sagemaker-studio-isolation-execution-role",
        PolicyDocument=execution_role_policy_text(settings),
    )
    iam.attach_group_policy(GroupName=GROUP, PolicyArn=MEMBER)
    iam.attach_role_policy(RoleName=DEFAULT_ROLE_NAME, PolicyArn=GUARD)
    iam.create_user(UserName="alice", Tags=_tag(studiouserid="alice"))
    iam.add_user_to_group(UserName="alice", GroupName=GROUP)
    sagemaker.add_profile(
        DOMAIN,
        "alice",
        {
            "studiouserid": "alice",
            "email": "alice@example.com",
            "team": "nlp",
            "aws:cloudformation:stack-name": "old",
        },
    )
    make_role(iam, "bob", BOB_TRUST, Tags=_tag(studiouserid="bob"))
    iam.attach_role_policy(RoleName="bob", PolicyArn=MEMBER)
    make_role(iam, "BobExec")
    sagemaker.add_profile(DOMAIN, "bob-profile", {"studiouserid": "bob"}, execution_role=BOB_ROLE)
    sagemaker.add_profile(DOMAIN, "carol", execution_role=DEFAULT_ROLE)
    sagemaker.add_profile(DOMAIN, "weird", {"studiouserid": "not an id!"})
    sagemaker.add_profile(DOMAIN, "dave", {"studiouserid": "dave"})
    project.user("dave")
    iam.create_user(UserName="erin")
    make_role(iam, "erin")
    sagemaker.add_profile(DOMAIN, "erin")
    make_role(iam, "frank", Path="/team/", Tags=_tag(studiouserid="frank"))
    sagemaker.add_profile(DOMAIN, "frank", {"studiouserid": "frank"})
    iam.create_user(UserName="ghost", Tags=_tag(studiouserid="ghost"))
    return project


def adopt(cli, *args: str):
    return cli("adopt", "--stack", "test", *args)


def test_adopt_writes_valid_files_for_the_profiles_users_lacks(domain, cli):
    dave = (domain.users / "dave.yaml").read_text()
    run = adopt(cli)
    assert run.code == 0, run.err
    assert sorted(p.name for p in domain.users.iterdir()) == [
        "alice.yaml",
        "bob.yaml",
        "carol.yaml",
        "dave.yaml",
    ]
    assert (domain.users / "dave.yaml").read_text() == dave
    check = subprocess.run(
        [sys.executable, "-m", "components", "check", "--users", str(domain.users)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_files_carry_what_the_profiles_and_principals_have(domain, cli):
    assert adopt(cli).code == 0
    from components.roster.users import load_roster

    users = {u.id: u for u in load_roster(domain.users).users}
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    assert (alice.principal_type, alice.email, alice.tags) == (
        "user",
        "alice@example.com",
        (("team", "nlp"),),
    )
    assert (bob.principal_type, bob.profile_name, bob.execution_role_arn) == (
        "role",
        "bob-profile",
        BOB_ROLE,
    )
    assert bob.principal.trusted == (SAML, f"arn:aws:iam::{ACCOUNT}:root")
    assert (carol.principal_type, carol.execution_role_arn, carol.tags) == ("user", None, ())


def test_the_summary_says_what_was_skipped_and_why(domain, cli):
    run = adopt(cli)
    assert "adopted 3 profile(s); 1 already in users/" in run.out
    assert "weird: its access tag 'not an id!' is not a valid id" in run.out
    assert "erin: both an IAM user and an IAM role are named erin" in run.out
    assert "frank: the trust policy of role frank names no account, role, user or SAML" in run.out
    assert (
        "IAM user alice: pulumi up moves it to the path /studio-access/alice/ (in place)" in run.out
    )
    assert (
        "IAM role bob: pulumi up replaces it under the path /studio-access/bob-profile/" in run.out
    )
    assert "# updates, and the roles noted above replaced under /studio-access/" in run.out
    assert "no IAM principal named carol yet: pulumi up creates IAM user carol" in run.out
    assert "trust entries not kept (users/ cannot name them): ec2.amazonaws.com" in run.out
    assert "tags kept by AWS, not adopted: aws:cloudformation:stack-name" in run.out
    assert "IAM user ghost (studiouserid='ghost')" in run.out
    assert "pulumi import --file adopt-import.json --generate-code=false --stack test" in run.out


def _entries(project) -> dict[str, dict]:
    document = json.loads((project.root / "adopt-import.json").read_text())
    assert set(document) == {"nameTable", "resources"}
    return {entry["logicalName"]: entry for entry in document["resources"]}


def test_the_import_file_names_every_profile_with_its_parent(domain, cli):
    assert adopt(cli).code == 0
    entries = _entries(domain)
    for user_id, profile in (("alice", "alice"), ("bob", "bob-profile"), ("carol", "carol")):
        entry = entries[f"{user_id}-profile"]
        assert entry["type"] == "aws:sagemaker/userProfile:UserProfile"
        assert (
            entry["id"] == f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:user-profile/{DOMAIN}/{profile}"
        )
        parent = entries[user_id]
        assert entry["parent"] == parent["name"]
        assert parent == {
            "type": "studio-access:index:StudioUser",
            "name": f"StudioUser:{user_id}",
            "logicalName": user_id,
            "component": True,
        }
    assert entries["alice-membership"]["id"] == f"alice/{GROUP}"
    assert entries["bob-policy"]["id"] == f"bob/{MEMBER}"
    assert entries["studio-access-group-policy"]["id"] == f"{GROUP}/{MEMBER}"
    assert (
        entries[f"studio-access-execution-guard-{DEFAULT_ROLE_NAME}"]["id"]
        == f"{DEFAULT_ROLE_NAME}/{GUARD}"
    )
    assert "carol-user" not in entries and "studio-access-execution-guard-BobExec" not in entries
    assert not any(name.startswith(("erin", "frank", "weird", "dave", "ghost")) for name in entries)


def test_the_import_file_matches_what_the_program_registers(domain, cli):
    """Each entry's type, logical name, parent and id agree with the program's registration."""
    from pulumi_harness import run_program

    assert adopt(cli).code == 0
    entries = _entries(domain)
    config = {"domainId": DOMAIN, "defaultExecutionRoleArn": DEFAULT_ROLE}
    run = run_program(config, cwd=domain.root)
    registered = {r.name: r for r in run.mocks.resources}
    by_name = {e["name"]: e for e in entries.values()}
    for logical, entry in entries.items():
        request = run.monitor.requests[logical]
        assert request.type == entry["type"], logical
        if "parent" in entry:
            parent = by_name[entry["parent"]]
            assert request.parent.endswith(f"{parent['type']}::{parent['logicalName']}"), logical
        if "id" in entry:
            assert entry["id"] == _import_id(entry["type"], registered[logical].inputs), logical


def _import_id(type_: str, inputs: dict) -> str:
    """The import id the pulumi-aws docs give for a resource with these inputs."""
    short = type_.rsplit(":", 1)[-1]
    if short == "UserProfile":
        return f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:user-profile/{inputs['domainId']}/{inputs['userProfileName']}"
    if short == "Policy":
        return f"arn:aws:iam::{ACCOUNT}:policy/{inputs['name']}"
    if short == "UserGroupMembership":
        return f"{inputs['user']}/{'/'.join(inputs['groups'])}"
    if short in ("RolePolicyAttachment", "GroupPolicyAttachment"):
        owner = inputs.get("role") or inputs.get("group")
        return f"{owner}/{inputs['policyArn']}"
    return inputs["name"]


def test_only_users_leaves_the_stack_resources_out(domain, cli):
    assert adopt(cli, "--only-users").code == 0
    assert not any(name.startswith("studio-access") for name in _entries(domain))


def test_a_second_run_adopts_nothing_and_overwrites_nothing(domain, cli):
    assert adopt(cli).code == 0
    before = {p.name: p.read_text() for p in domain.users.iterdir()}
    run = adopt(cli)
    assert run.code == 0 and "adopted 0 profile(s); 4 already in users/" in run.out
    assert {p.name: p.read_text() for p in domain.users.iterdir()} == before


def test_an_invalid_users_folder_is_refused_before_any_aws_call(domain, sagemaker, cli):
    (domain.users / "broken.yaml").write_text("id: [\n")
    run = adopt(cli)
    assert run.code == 1 and "broken.yaml" in run.err
    assert sagemaker.calls == []
