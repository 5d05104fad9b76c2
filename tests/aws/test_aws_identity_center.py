"""``adopt`` and ``audit`` in an IAM Identity Center domain, against the local fakes.

Studio creates a profile when an assigned user first signs in, with a random suffix
(``ana-471``) and bound to the user by ``SingleSignOnUserValue``: adopt must bind the file by
that value and keep the name; audit must see every way in that users/ does not declare.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from aws_deploy import deploy
from aws_env import DEFAULT_ROLE, DOMAIN
from fake_identity_center import APPLICATION, STORE
from fake_sagemaker import ACCOUNT

from components.roster.stack_files import load_stack_settings
from components.roster.users import load_roster

pytest_plugins = ("aws_fixtures",)

SSO = {"authMode": "sso", "identityStoreId": STORE, "ssoApplicationArn": APPLICATION}
ALLOW_NOTHING = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "none:null", "Resource": "*"}],
}
PROVIDER_URN = "urn:pulumi:test::studio-access::pulumi:providers:aws::studio-access-identity-center"


def _sso_domain(sagemaker, project, **config: object) -> None:
    sagemaker.add_domain(DOMAIN, DEFAULT_ROLE, application=APPLICATION)
    project.stack(**SSO, **config)


@pytest.fixture
def studio(iam, sagemaker, identity_center, project):
    """An Identity Center domain as Studio leaves it: profiles made on first sign-in.

    ana and Bob.Smith are assigned and signed in; carol signed in, then lost her assignment;
    ana@other.org's name makes the same id as ana's; frank's profile carries an access tag;
    erin already has a file (profile erin) but Studio made her erin-555; ghost left the
    directory; noone's profile is bound to nobody; a group is assigned too.
    """
    _sso_domain(sagemaker, project)
    for name, profile, assigned in (
        ("ana@example.com", "ana-471", True),
        ("Bob.Smith@Example.com", "bob-smith-902", True),
        ("carol", "carol-123", False),
        ("ana@other.org", "ana-808", True),
        ("frank@example.com", "frank-1", True),
        ("erin", "erin-555", True),
    ):
        identity_center.add_user(name, assigned=assigned)
        tags = {"studiouserid": "frank"} if name.startswith("frank") else {}
        sagemaker.add_profile(DOMAIN, profile, tags, execution_role=DEFAULT_ROLE, sso_user=name)
    sagemaker.add_profile(DOMAIN, "ghost-1", sso_user="ghost")
    sagemaker.add_profile(DOMAIN, "noone")
    identity_center.add_group("data-science", assigned=True)
    project.user("erin", "principal: {type: identity-center, user_name: erin}\n")
    return project


def adopt(cli, *args: str):
    return cli("adopt", "--stack", "test", *args)


def _users(project) -> dict:
    settings = load_stack_settings("test", project.root)
    return {u.id: u for u in load_roster(project.users, settings).users}


def _entries(project) -> tuple[dict, dict[str, dict]]:
    document = json.loads((project.root / "adopt-import.json").read_text())
    return document["nameTable"], {e["logicalName"]: e for e in document["resources"]}


def test_adopt_binds_each_profile_by_its_user_and_keeps_its_name(studio, cli):
    run = adopt(cli)
    assert run.code == 0, run.err
    users = _users(studio)
    expected = {
        "ana": ("ana@example.com", "ana-471"),
        "bob-smith": ("Bob.Smith@Example.com", "bob-smith-902"),
        "carol": ("carol", "carol-123"),
        "ana-808": ("ana@other.org", "ana-808"),
        "frank": ("frank@example.com", "frank-1"),
        "erin": ("erin", "erin"),
    }
    assert {
        user_id: (u.principal.user_name, u.profile_name) for user_id, u in users.items()
    } == expected
    assert all(u.principal_type == "identity-center" for u in users.values())
    ana = (studio.users / "ana.yaml").read_text()
    assert "  type: identity-center\n" in ana and 'user_name: "ana@example.com"' in ana
    assert "profile_name: ana-471" in ana
    check = subprocess.run(
        [sys.executable, "-m", "components", "check", "--stack", "test"],
        cwd=studio.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "proven     Identity Center user in Studio" in check.stdout


def test_adopt_says_what_it_skipped_and_what_up_will_change(studio, cli):
    run = adopt(cli)
    assert "adopted 5 profile(s); 0 already in users/" in run.out
    assert "users/ana.yaml: profile ana-471, Identity Center user 'ana@example.com'" in run.out
    assert (
        "erin-555: Identity Center user 'erin' is 'erin''s (users/erin.yaml), whose "
        "profile_name is 'erin': SageMaker keeps one profile per user; set profile_name: "
        "erin-555 there" in run.out
    )
    assert "ghost-1: Identity Center user 'ghost' is not in identity store" in run.out
    assert "noone: it is bound to no Identity Center user (no SingleSignOnUserValue)" in run.out
    assert (
        "note: Identity Center user 'carol' is not assigned to the domain's application: "
        "pulumi up assigns them" in run.out
    )
    assert "pulumi up gives it one of its own (perUserExecutionRoles)" in run.out
    assert "groups assigned to the domain's application (1)" in run.out
    assert "pulumi up --target" not in run.out


def test_the_import_file_carries_the_existing_assignments(studio, identity_center, cli):
    assert adopt(cli).code == 0
    table, entries = _entries(studio)
    assert table == {}
    ana = identity_center.user_id("ana@example.com")
    assert entries["ana-assignment"] == {
        "type": "aws:ssoadmin/applicationAssignment:ApplicationAssignment",
        "name": "ApplicationAssignment:ana-assignment",
        "logicalName": "ana-assignment",
        "id": f"{APPLICATION},{ana},USER",
        "parent": "StudioUser:ana",
    }
    assert entries["ana-profile"]["id"] == (
        f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:user-profile/{DOMAIN}/ana-471"
    )
    assert "carol-profile" in entries and "carol-assignment" not in entries
    assert not any(name.startswith(("erin", "ghost", "noone")) for name in entries)


def test_the_import_file_matches_what_the_program_registers(studio, cli):
    """Type, logical name, parent and import id of every entry agree with the program."""
    from pulumi_harness import run_program

    assert adopt(cli).code == 0
    _, entries = _entries(studio)
    config = {"domainId": DOMAIN, "defaultExecutionRoleArn": DEFAULT_ROLE, **SSO}
    run = run_program(config, cwd=studio.root)
    registered = {r.name: r for r in run.mocks.resources}
    assignments = [e for e in entries.values() if e["type"].endswith(":ApplicationAssignment")]
    assert len(assignments) == 4
    for entry in entries.values():
        request = run.monitor.requests[entry["logicalName"]]
        assert request.type == entry["type"], entry["logicalName"]
    for entry in assignments:
        inputs = registered[entry["logicalName"]].inputs
        import_id = f"{inputs['applicationArn']},{inputs['principalId']},{inputs['principalType']}"
        assert entry["id"] == import_id, entry["logicalName"]
    for user_id, profile in (("ana", "ana-471"), ("bob-smith", "bob-smith-902")):
        inputs = registered[f"{user_id}-profile"].inputs
        assert inputs["userProfileName"] == profile
        assert entries[f"{user_id}-profile"]["id"].endswith(f"/{profile}")


def test_with_a_provider_of_its_own_the_assignments_are_imported_with_it(
    iam, sagemaker, identity_center, project, cli
):
    _sso_domain(sagemaker, project, identityCenterRegion="us-east-1")
    identity_center.add_user("ana", assigned=True)
    sagemaker.add_profile(DOMAIN, "ana-1", sso_user="ana")
    run = adopt(cli)
    assert run.code == 0, run.err
    table, entries = _entries(project)
    assert table == {"studio-access-identity-center": PROVIDER_URN}
    assert entries["ana-assignment"]["provider"] == "studio-access-identity-center"
    assert "provider" not in entries["ana-profile"]
    assert f"pulumi up --target '{PROVIDER_URN}' --stack test" in run.out
    assert run.out.index("--target") < run.out.index("pulumi import --file")


def test_an_identity_center_role_is_assumed_for_identity_center(
    iam, sagemaker, identity_center, project, cli
):
    role = f"arn:aws:iam::{ACCOUNT}:role/IdentityCenterReader"
    _sso_domain(sagemaker, project, identityCenterRoleArn=role)
    identity_center.add_user("ana", assigned=True)
    sagemaker.add_profile(DOMAIN, "ana-1", sso_user="ana")
    run = adopt(cli)
    assert run.code == 0, run.err
    assert "sts 1" in run.out
    assert ("sso-admin", "ListApplicationAssignments") in {
        (service, op) for service, op, _ in identity_center.calls
    }


def test_adopt_refuses_an_sso_stack_for_a_domain_in_iam_mode(
    iam, sagemaker, identity_center, project, cli
):
    project.stack(**SSO)
    run = adopt(cli)
    assert run.code == 1
    assert (
        "domain d-test1 signs people in with AuthMode IAM, but the stack's authMode is sso"
        in run.err
    )
    assert identity_center.calls == []


# -- audit -----------------------------------------------------------------------------------


@pytest.fixture
def deployed(iam, sagemaker, identity_center, project):
    """ana and bob active, carol offboarded, deployed in an Identity Center domain (with
    per-user execution roles, the default; moto knows no AWS managed policies)."""
    work = iam.create_policy(PolicyName="StudioWork", PolicyDocument=json.dumps(ALLOW_NOTHING))
    _sso_domain(sagemaker, project, executionRolePolicyArns=[work["Policy"]["Arn"]])
    for name in ("ana", "bob", "carol"):
        identity_center.add_user(name)
    project.user("ana", "principal: {type: identity-center, user_name: ana}\nprofile_name: ana-1\n")
    project.user("bob", "principal: {type: identity-center, user_name: bob}\n")
    project.user(
        "carol", "principal: {type: identity-center, user_name: carol}\nstatus: offboarded\n"
    )
    deploy(iam, sagemaker, project.root, identity_center)
    return project


def audit(cli):
    run = cli("audit", "--stack", "test", "--format", "json")
    return run, {(f["kind"], f["severity"]) for f in json.loads(run.out)["findings"]}


def test_a_deployed_identity_center_domain_is_clean(deployed, identity_center, cli):
    run, found = audit(cli)
    assert (run.code, found) == (0, set()), run.out + run.err
    assignments = identity_center.assignments[APPLICATION]
    assert sorted(identity_center.users[i] for _, i in assignments) == ["ana", "bob"]


def test_a_group_assignment_is_found(deployed, identity_center, cli):
    identity_center.add_group("everyone", assigned=True)
    run, found = audit(cli)
    assert run.code == 1 and found == {("group-assignment", "error")}
    assert "group everyone is assigned to the domain's application" in run.out


def test_assignments_no_active_file_declares_are_found(deployed, identity_center, cli):
    identity_center.assign("USER", identity_center.user_id("carol"))
    identity_center.add_user("mallory", assigned=True)
    run, found = audit(cli)
    assert run.code == 1 and found == {("undeclared-assignment", "error")}
    messages = [f["message"] for f in json.loads(run.out)["findings"]]
    assert any("'carol' is assigned" in m and "offboarded" in m for m in messages)
    assert any("'mallory' is assigned" in m and "named by no file" in m for m in messages)


def test_a_missing_assignment_is_a_warning(deployed, identity_center, cli):
    bob = identity_center.user_id("bob")
    identity_center.assignments[APPLICATION].remove(("USER", bob))
    run, found = audit(cli)
    assert run.code == 0 and found == {("assignment-missing", "warning")}


def test_a_profile_studio_made_for_an_undeclared_user_is_found(
    deployed, sagemaker, identity_center, cli
):
    identity_center.add_user("zed", assigned=False)
    sagemaker.add_profile(DOMAIN, "zed-123", sso_user="zed")
    run, found = audit(cli)
    assert run.code == 0 and found == {("undeclared-sso-profile", "warning")}, found
    identity_center.assign("USER", identity_center.user_id("zed"))
    run, found = audit(cli)
    assert run.code == 1
    assert found == {("undeclared-sso-profile", "error"), ("undeclared-assignment", "error")}


def test_a_profile_bound_to_another_user_than_its_file_is_found(deployed, sagemaker, cli):
    profile = sagemaker.profiles[(DOMAIN, "bob")]
    profile["SingleSignOnUserValue"] = "ana"
    run, found = audit(cli)
    assert run.code == 1 and ("sso-binding-differs", "error") in found
    assert "is bound to Identity Center user 'ana', not to 'bob'" in run.out


def test_the_domains_application_and_mode_are_compared(deployed, sagemaker, cli):
    other = APPLICATION.replace("apl-abcdef1234567890", "apl-0000000000000000")
    sagemaker.domains[DOMAIN]["SingleSignOnApplicationArn"] = other
    run, found = audit(cli)
    assert run.code == 1 and found == {("sso-application-differs", "error")}
    sagemaker.add_domain(DOMAIN, DEFAULT_ROLE)
    run, found = audit(cli)
    assert run.code == 1 and ("auth-mode-differs", "error") in found
    assert "signs people in with AuthMode IAM, but the stack's authMode is sso" in run.out
