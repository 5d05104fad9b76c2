"""The Pulumi program in an IAM Identity Center stack, under the SDK's mocks.

Per active Identity Center user: the directory lookup, one application assignment and a
profile bound to the user by name, tagged, created after the assignment; no IAM user or member
role. Offboarded: no assignment, the profile kept bound and untagged. A user the directory lacks
stops the preview with the file's name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest
from pulumi_harness import GET_USER, ProgramRun, RecordingMocks, directory_user_id, run_program

DOMAIN = "d-abc123def456"
DEFAULT_ROLE = "arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-Default"
APPLICATION = "arn:aws:sso::999988887777:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
STORE = "d-9067abcdef"
SSO = {
    "domainId": DOMAIN,
    "defaultExecutionRoleArn": DEFAULT_ROLE,
    "authMode": "sso",
    "identityStoreId": STORE,
    "ssoApplicationArn": APPLICATION,
}
ASSIGNMENT = "aws:ssoadmin/applicationAssignment:ApplicationAssignment"
PROFILE = "aws:sagemaker/userProfile:UserProfile"
PROVIDER = "pulumi:providers:aws"

USERS = {
    "ana": "id: ana\nemail: ana@example.com\nprincipal:\n  type: identity-center\n"
    "  user_name: ana@example.com\ntags: {team: nlp}\n",
    "bob": "id: bob\nprofile_name: bob-471\nprincipal: {type: identity-center, user_name: Bob}\n",
    "carol": "id: carol\nprincipal: {type: identity-center, user_name: carol}\n"
    "status: offboarded\n",
}


def _folder(root: Path, users: dict[str, str] = USERS) -> Path:
    (root / "users").mkdir(parents=True)
    for user_id, text in users.items():
        (root / "users" / f"{user_id}.yaml").write_text(text)
    return root


@pytest.fixture
def run(tmp_path: Path) -> ProgramRun:
    return run_program(SSO, cwd=_folder(tmp_path))


def _one(run: ProgramRun, typ: str, name: str):
    found = [r for r in run.mocks.of_type(typ) if r.name == name]
    assert len(found) == 1, f"{name}: expected one {typ}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize(
    ("user_id", "user_name", "profile_name", "tags"),
    [
        ("ana", "ana@example.com", "ana", {"team": "nlp", "email": "ana@example.com"}),
        ("bob", "Bob", "bob-471", {}),
    ],
)
def test_an_active_user_is_assigned_and_gets_a_bound_tagged_profile(
    run, user_id, user_name, profile_name, tags
):
    assignment = _one(run, ASSIGNMENT, f"{user_id}-assignment")
    assert assignment.inputs == {
        "applicationArn": APPLICATION,
        "principalId": directory_user_id(user_name),
        "principalType": "USER",
    }
    profile = _one(run, PROFILE, f"{user_id}-profile")
    assert profile.inputs["domainId"] == DOMAIN
    assert profile.inputs["userProfileName"] == profile_name
    assert profile.inputs["singleSignOnUserIdentifier"] == "UserName"
    assert profile.inputs["singleSignOnUserValue"] == user_name
    assert profile.inputs["tags"] == {**tags, "studiouserid": user_id}
    request = run.monitor.requests[f"{user_id}-profile"]
    assert any(d.endswith(f"::{user_id}-assignment") for d in request.dependencies), (
        "SageMaker creates an Identity Center user's profile only once the user is assigned"
    )
    for child in (assignment.name, profile.name):
        assert f"StudioUser::{user_id}" in run.monitor.requests[child].parent


def test_the_lookup_finds_each_user_by_name_in_the_stacks_directory(run):
    lookups = [c for c in run.mocks.calls if c.token == GET_USER]
    assert sorted(
        c.args["alternateIdentifier"]["uniqueAttribute"]["attributeValue"] for c in lookups
    ) == [
        "Bob",
        "ana@example.com",
    ]
    for call in lookups:
        assert call.args["identityStoreId"] == STORE
        assert call.args["alternateIdentifier"]["uniqueAttribute"]["attributePath"] == "UserName"


def test_nothing_of_iam_is_created_for_a_person(run):
    assert run.mocks.of_type("aws:iam/user:User") == []
    assert run.mocks.of_type("aws:iam/userGroupMembership:UserGroupMembership") == []
    roles = sorted(r.name for r in run.mocks.of_type("aws:iam/role:Role"))
    assert roles == ["ana.execution-role", "bob.execution-role"], "per-user execution roles only"
    assert {u["principalArn"] for u in run.outputs["users"].values()} == {None}


def test_per_user_execution_roles_are_the_default(run):
    for user_id in ("ana", "bob"):
        profile = _one(run, PROFILE, f"{user_id}-profile")
        role = _one(run, "aws:iam/role:Role", f"{user_id}.execution-role")
        assert profile.inputs["userSettings"] == {
            "executionRole": f"arn:aws:iam::123456789012:role/{role.inputs['name']}"
        }
    attached = {
        r.inputs["policyArn"]
        for r in run.mocks.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    }
    assert "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess" in attached


def test_an_offboarded_user_keeps_a_bound_untagged_profile_and_no_assignment(run):
    assert not [r for r in run.mocks.of_type(ASSIGNMENT) if r.name.startswith("carol")]
    assert not [c for c in run.mocks.calls if "carol" in str(c.args)]
    profile = _one(run, PROFILE, "carol-profile")
    assert profile.inputs["tags"] == {}
    assert profile.inputs["singleSignOnUserValue"] == "carol"
    assert run.retain_on_delete("carol-profile")
    assert run.monitor.requests["carol-profile"].dependencies == []
    assert run.outputs["users"]["carol"]["executionRoleArn"] is None


def test_identity_center_is_reached_through_the_stacks_provider_by_default(run):
    assert run.mocks.of_type(PROVIDER) == []
    assert all(c.provider == "" for c in run.mocks.calls if c.token == GET_USER)
    assert run.monitor.requests["ana-assignment"].provider == ""


@pytest.mark.parametrize(
    ("config", "region", "role"),
    [
        ({"identityCenterRegion": "us-east-1"}, "us-east-1", None),
        (
            {"identityCenterRoleArn": "arn:aws:iam::999988887777:role/studio-access-idc"},
            "eu-west-1",
            "arn:aws:iam::999988887777:role/studio-access-idc",
        ),
    ],
)
def test_another_region_or_account_gets_a_provider_of_its_own(tmp_path, config, region, role):
    run = run_program({**SSO, **config, "aws:region": "eu-west-1"}, cwd=_folder(tmp_path))
    (provider,) = run.mocks.of_type(PROVIDER)
    assert provider.name == "studio-access-identity-center"
    assert provider.inputs["region"] == region
    if role:  # a provider's configuration reaches it as JSON text
        assert json.loads(provider.inputs["assumeRoles"]) == [
            {"roleArn": role, "sessionName": "studio-access-identity-center"}
        ]
    else:
        assert "assumeRoles" not in provider.inputs
    urn = run.monitor.requests["ana-assignment"].provider
    assert "::studio-access-identity-center::" in urn
    assert {c.provider for c in run.mocks.calls if c.token == GET_USER} == {urn}
    assert run.monitor.requests["ana-profile"].provider == "", "profiles stay with the stack"


@pytest.mark.parametrize("empty", [False, True], ids=["invoke-fails", "empty-result"])
def test_a_user_the_directory_lacks_stops_the_preview_naming_the_file(tmp_path, empty):
    mocks = RecordingMocks(missing_users={"Bob"}, empty_results=empty)
    with pytest.raises(pulumi.RunError) as raised:
        run_program(SSO, cwd=_folder(tmp_path), mocks=mocks, preview=True)
    message = str(raised.value)
    assert message.startswith("users/bob.yaml:3:1: error: Identity Center user 'Bob' is not in ")
    assert f"identity store {STORE}: correct principal.user_name" in message
    assert ("USER not found" in message) != empty, "the provider's words are kept when it has any"
    assert not [r for r in mocks.of_type(ASSIGNMENT) if r.name == "bob-assignment"]


def test_an_iam_principal_in_an_sso_stack_deploys_nothing(tmp_path):
    users = {**USERS, "dan": "id: dan\nprincipal: {type: role, trusted: ['111122223333']}\n"}
    mocks = RecordingMocks()
    with pytest.raises(pulumi.RunError, match=r"invalid input, nothing deployed") as raised:
        run_program(SSO, cwd=_folder(tmp_path, users), mocks=mocks)
    assert "users/dan.yaml:2:19: error: IAM principals sign in to domains in IAM mode only" in str(
        raised.value
    )
    assert mocks.resources == []
