"""The whole Pulumi program under the SDK's mocks: what ``pulumi up`` would create, per user."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest
from pulumi_harness import PROJECT_DIR, ProgramRun, RecordingMocks, run_program

from components.policies.member import policy_text
from components.roster.settings import Settings

DOMAIN = "d-abc123def456"
USER, ROLE = "aws:iam/user:User", "aws:iam/role:Role"
PROFILE = "aws:sagemaker/userProfile:UserProfile"
MEMBERSHIP = "aws:iam/userGroupMembership:UserGroupMembership"
ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"

USERS = {
    "dana": "id: dana\nemail: dana@example.com\n",
    "erik": (
        "id: erik\nprofile_name: erik-studio\n"
        "execution_role_arn: arn:aws:iam::111122223333:role/service-role/ErikExec\n"
        "tags: {team: nlp, project: search}\n"
    ),
    "fay": (
        "id: fay\nemail: fay@example.com\nprincipal:\n  type: role\n  trusted:\n"
        "    - arn:aws:iam::111122223333:saml-provider/Corp\n"
        "    - arn:aws:iam::111122223333:role/Admins\n"
        "execution_role_arn: arn:aws:iam::111122223333:role/FayExec\n"
        "tags: {team: vision}\n"
    ),
    "gus": "id: gus\nprincipal: {type: role, trusted: ['444455556666']}\nprofile_name: gus2\n",
}


def write_users(root: Path, users: dict[str, str]) -> Path:
    folder = root / "users"
    folder.mkdir(parents=True)
    for user_id, text in users.items():
        (folder / f"{user_id}.yaml").write_text(text)
    return root


@pytest.fixture
def run(tmp_path: Path) -> ProgramRun:
    return run_program({"domainId": DOMAIN}, cwd=write_users(tmp_path, USERS))


def one(run: ProgramRun, typ: str, name: str):
    found = [r for r in run.mocks.of_type(typ) if r.name == name]
    assert len(found) == 1, f"{name}: expected one {typ}, found {len(found)}"
    return found[0]


def parent_of(run: ProgramRun, name: str) -> str:
    return run.monitor.requests[name].parent


@pytest.mark.parametrize(
    ("user_id", "principal_type", "profile_name", "extra_tags", "email", "execution_role"),
    [
        ("dana", USER, "dana", {}, "dana@example.com", None),
        (
            "erik",
            USER,
            "erik-studio",
            {"team": "nlp", "project": "search"},
            None,
            "arn:aws:iam::111122223333:role/service-role/ErikExec",
        ),
        (
            "fay",
            ROLE,
            "fay",
            {"team": "vision"},
            "fay@example.com",
            "arn:aws:iam::111122223333:role/FayExec",
        ),
        ("gus", ROLE, "gus2", {}, None, None),
    ],
)
def test_each_user_gets_a_tagged_principal_and_profile(
    run, user_id, principal_type, profile_name, extra_tags, email, execution_role
):
    expected_tags = {**extra_tags, "studiouserid": user_id}
    if email:
        expected_tags["email"] = email
    suffix = "user" if principal_type == USER else "role"
    principal = one(run, principal_type, f"{user_id}-{suffix}")
    assert principal.inputs["name"] == user_id, f"{principal.name}: principal name"
    assert principal.inputs["tags"] == expected_tags, f"{principal.name}: tags"

    profile = one(run, PROFILE, f"{user_id}-profile")
    assert profile.inputs["domainId"] == DOMAIN, f"{profile.name}: domain"
    assert profile.inputs["userProfileName"] == profile_name, f"{profile.name}: profile name"
    assert profile.inputs["tags"] == principal.inputs["tags"], (
        f"{profile.name}: same tags as principal"
    )
    settings = profile.inputs.get("userSettings")
    if execution_role:
        assert settings == {"executionRole": execution_role}, f"{profile.name}: execution role"
    else:
        assert settings is None, f"{profile.name}: domain default execution role expected"

    for child in (principal.name, profile.name):
        assert "StudioUser::" + user_id in parent_of(run, child), (
            f"{child}: parent is the StudioUser"
        )


def test_iam_users_join_the_group_without_evicting_others(run):
    for user_id in ("dana", "erik"):
        membership = one(run, MEMBERSHIP, f"{user_id}-membership")
        assert membership.inputs == {"user": user_id, "groups": ["sagemaker-studio-users"]}, (
            membership.name
        )
        assert not [
            r for r in run.mocks.of_type(ROLE_ATTACHMENT) if r.name.startswith(f"{user_id}-")
        ]
        assert one(run, USER, f"{user_id}-user").inputs["forceDestroy"] is True


def test_roles_carry_the_policy_and_trust_only_the_listed_principals(run):
    policy_arn = "arn:aws:iam::123456789012:policy/sagemaker-studio-isolation"
    for user_id, aws, federated in (
        (
            "fay",
            ["arn:aws:iam::111122223333:role/Admins"],
            ["arn:aws:iam::111122223333:saml-provider/Corp"],
        ),
        ("gus", ["444455556666"], []),
    ):
        attachment = one(run, ROLE_ATTACHMENT, f"{user_id}-policy")
        assert attachment.inputs == {"role": user_id, "policyArn": policy_arn}, attachment.name
        role = one(run, ROLE, f"{user_id}-role")
        assert role.inputs["forceDetachPolicies"] is True, (
            f"{role.name}: removal must not stall on attachments"
        )
        trust = json.loads(role.inputs["assumeRolePolicy"])
        principals = {k: v for s in trust["Statement"] for k, v in s["Principal"].items()}
        assert principals.get("AWS", []) == aws, f"{role.name}: trusted AWS principals"
        assert principals.get("Federated", []) == federated, f"{role.name}: trusted SAML providers"
        actions = {s["Action"] for s in trust["Statement"]}
        assert "sts:TagSession" not in actions, (
            f"{role.name}: session tags would override the access tag"
        )
        assert not [r for r in run.mocks.of_type(MEMBERSHIP) if r.name.startswith(f"{user_id}-")]


def test_one_group_one_policy_one_attachment_and_nothing_exclusive(run):
    group = run.mocks.of_type("aws:iam/group:Group")
    policy = run.mocks.of_type("aws:iam/policy:Policy")
    attachments = run.mocks.of_type("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
    assert [g.inputs["name"] for g in group] == ["sagemaker-studio-users"]
    assert [p.inputs["name"] for p in policy] == ["sagemaker-studio-isolation"]
    assert policy[0].inputs["policy"] == policy_text(Settings()), (
        "deployed text equals `policy` output"
    )
    assert [(a.inputs["group"], a.inputs["policyArn"]) for a in attachments] == [
        ("sagemaker-studio-users", "arn:aws:iam::123456789012:policy/sagemaker-studio-isolation")
    ]
    types = {r.type for r in run.mocks.resources}
    assert "aws:iam/groupMembership:GroupMembership" not in types
    assert "aws:iam/policyAttachment:PolicyAttachment" not in types
    assert len(run.mocks.of_type(USER)) + len(run.mocks.of_type(ROLE)) == len(USERS)
    assert len(run.mocks.of_type(PROFILE)) == len(USERS)


def test_exports(run):
    assert run.outputs["groupName"] == "sagemaker-studio-users"
    assert run.outputs["policyArn"] == "arn:aws:iam::123456789012:policy/sagemaker-studio-isolation"
    assert set(run.outputs["users"]) == set(USERS)
    assert run.outputs["users"]["erik"] == {
        "principalArn": "arn:aws:iam::123456789012:user/erik",
        "profileArn": f"arn:aws:sagemaker:eu-west-1:123456789012:user-profile/{DOMAIN}/erik-studio",
        "profileName": "erik-studio",
    }
    assert run.outputs["users"]["fay"]["principalArn"] == "arn:aws:iam::123456789012:role/fay"


@pytest.mark.parametrize(("mode", "retained"), [("retain", True), ("delete", False)])
def test_profile_deletion_decides_what_happens_to_profiles(tmp_path, mode, retained):
    run = run_program(
        {"domainId": DOMAIN, "profileDeletion": mode}, cwd=write_users(tmp_path, USERS)
    )
    for user_id in USERS:
        assert run.retain_on_delete(f"{user_id}-profile") is retained, f"{user_id}-profile"
    principals = [r.name for r in run.mocks.resources if r.type in (USER, ROLE)]
    assert principals and not any(run.retain_on_delete(name) for name in principals), (
        "principals are always deleted with the file: that is what revokes access"
    )


def test_default_is_retain(run):
    assert run.retain_on_delete("dana-profile")


def test_configuration_reaches_every_resource(tmp_path):
    config = {
        "domainId": DOMAIN,
        "tagKey": "owner",
        "groupName": "ml-studio",
        "policyName": "ml-studio-deny",
        "policy": "seed",
    }
    run = run_program(config, cwd=write_users(tmp_path, {"dana": USERS["dana"]}))
    assert one(run, USER, "dana-user").inputs["tags"]["owner"] == "dana"
    assert one(run, PROFILE, "dana-profile").inputs["tags"]["owner"] == "dana"
    assert one(run, MEMBERSHIP, "dana-membership").inputs["groups"] == ["ml-studio"]
    policy = run.mocks.of_type("aws:iam/policy:Policy")[0]
    assert policy.inputs["name"] == "ml-studio-deny"
    settings = Settings(
        domain_id=DOMAIN,
        tag_key="owner",
        group_name="ml-studio",
        policy_name="ml-studio-deny",
        policy="seed",
    )
    assert policy.inputs["policy"] == policy_text(settings)
    assert len(json.loads(policy.inputs["policy"])["Statement"]) == 2


def test_users_dir_setting(tmp_path):
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "dana.yaml").write_text(USERS["dana"])
    run = run_program({"domainId": DOMAIN, "usersDir": "people"}, cwd=tmp_path)
    assert [r.inputs["name"] for r in run.mocks.of_type(USER)] == ["dana"]


def test_names_come_from_ids_so_adding_a_user_replaces_nothing(tmp_path):
    first = run_program(
        {"domainId": DOMAIN}, cwd=write_users(tmp_path / "a", {"erik": USERS["erik"]})
    )
    second = run_program({"domainId": DOMAIN}, cwd=write_users(tmp_path / "b", USERS))
    before = {(r.type, r.name): r.inputs for r in first.mocks.resources}
    after = {(r.type, r.name): r.inputs for r in second.mocks.resources}
    assert all(after[key] == inputs for key, inputs in before.items()), "erik's resources unchanged"


@pytest.mark.parametrize(
    ("files", "config", "expected"),
    [
        (
            {"dana": "id: dana\nemial: x@example.com\n"},
            {"domainId": DOMAIN},
            "users/dana.yaml:2:1: error: unknown key 'emial'",
        ),
        (
            {"dana": "id: [dana]\n"},
            {"domainId": DOMAIN},
            "users/dana.yaml:1:5: error: id must be a string",
        ),
        (
            {"dana": USERS["dana"], "Dana": "id: Dana\n"},
            {"domainId": DOMAIN},
            "collides (ignoring case)",
        ),
        ({"dana": USERS["dana"]}, {}, "domainId is required"),
        (
            {"dana": "id: dana\ntags: {Owner: x}\n"},
            {"domainId": DOMAIN, "tagKey": "owner"},
            "is the access tag",
        ),
        ({"dana": USERS["dana"]}, {"domainId": "abc"}, "is not a SageMaker domain id"),
        (
            {"dana": USERS["dana"]},
            {"domainId": DOMAIN, "polcy": "seed"},
            "did you mean studio-access:policy?",
        ),
    ],
)
def test_bad_input_stops_the_run_before_anything_is_registered(tmp_path, files, config, expected):
    mocks = RecordingMocks()
    with pytest.raises(pulumi.RunError) as error:
        run_program(config, cwd=write_users(tmp_path, files), mocks=mocks)
    assert expected in str(error.value)
    assert "nothing deployed" in str(error.value)
    assert mocks.resources == [], "no resource may be registered from bad input"


def test_the_repository_users_deploy(tmp_path):
    run = run_program({"domainId": DOMAIN}, cwd=PROJECT_DIR)
    ids = sorted(p.stem for p in (PROJECT_DIR / "users").glob("*.yaml"))
    assert sorted(run.outputs["users"]) == ids
