"""The whole Pulumi program under the SDK's mocks: what ``pulumi up`` would create, per user."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pulumi
import pytest
from pulumi_harness import PROJECT_DIR, ProgramRun, RecordingMocks, run_program

from components.core.settings.stack import Settings
from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.policies.org_guard import scp_text, scp_texts

DOMAIN = "d-abc123def456"
DEFAULT_ROLE = "arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-Default"
#: The keys a deployment needs.
BASE = {"domainId": DOMAIN, "defaultExecutionRoleArn": DEFAULT_ROLE}
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
    return run_program(BASE, cwd=write_users(tmp_path, USERS))


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
    principal_tags = {**expected_tags, "studiouserid-profile": profile_name}
    suffix = "user" if principal_type == USER else "role"
    principal = one(run, principal_type, f"{user_id}-{suffix}")
    assert principal.inputs["name"] == user_id, f"{principal.name}: principal name"
    assert principal.inputs["tags"] == principal_tags, f"{principal.name}: tags"

    profile = one(run, PROFILE, f"{user_id}-profile")
    assert profile.inputs["domainId"] == DOMAIN, f"{profile.name}: domain"
    assert profile.inputs["userProfileName"] == profile_name, f"{profile.name}: profile name"
    assert profile.inputs["tags"] == expected_tags, (
        f"{profile.name}: the principal's tags, without the profile tag"
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


def test_one_group_two_policies_one_group_attachment_and_nothing_exclusive(run):
    group = run.mocks.of_type("aws:iam/group:Group")
    policy = run.mocks.of_type("aws:iam/policy:Policy")
    attachments = run.mocks.of_type("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
    assert [g.inputs["name"] for g in group] == ["sagemaker-studio-users"]
    assert [p.inputs["name"] for p in policy] == [
        "sagemaker-studio-isolation",
        "sagemaker-studio-isolation-execution-role",
    ]
    settings = Settings(domain_id=DOMAIN, default_execution_role_arn=DEFAULT_ROLE)
    assert policy[0].inputs["policy"] == policy_text(settings), (
        "deployed text equals `policy` output"
    )
    assert policy[1].inputs["policy"] == execution_role_policy_text(settings), (
        "deployed text equals `policy --execution-role` output"
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
        "executionRoleArn": None,
        "profileArn": f"arn:aws:sagemaker:eu-west-1:123456789012:user-profile/{DOMAIN}/erik-studio",
        "profileName": "erik-studio",
    }
    assert run.outputs["users"]["fay"]["principalArn"] == "arn:aws:iam::123456789012:role/fay"


@pytest.mark.parametrize(("mode", "retained"), [("retain", True), ("delete", False)])
def test_profile_deletion_decides_what_happens_to_profiles(tmp_path, mode, retained):
    run = run_program({**BASE, "profileDeletion": mode}, cwd=write_users(tmp_path, USERS))
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
        **BASE,
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
        default_execution_role_arn=DEFAULT_ROLE,
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
    run = run_program({**BASE, "usersDir": "people"}, cwd=tmp_path)
    assert [r.inputs["name"] for r in run.mocks.of_type(USER)] == ["dana"]


def test_names_come_from_ids_so_adding_a_user_replaces_nothing(tmp_path):
    first = run_program(BASE, cwd=write_users(tmp_path / "a", {"erik": USERS["erik"]}))
    second = run_program(BASE, cwd=write_users(tmp_path / "b", USERS))
    before = {(r.type, r.name): r.inputs for r in first.mocks.resources}
    after = {(r.type, r.name): r.inputs for r in second.mocks.resources}
    assert all(after[key] == inputs for key, inputs in before.items()), "erik's resources unchanged"


@pytest.mark.parametrize(
    ("files", "config", "expected"),
    [
        (
            {"dana": "id: dana\nemial: x@example.com\n"},
            BASE,
            "users/dana.yaml:2:1: error: unknown key 'emial'",
        ),
        (
            {"dana": "id: [dana]\n"},
            BASE,
            "users/dana.yaml:1:5: error: id must be a string",
        ),
        (
            {"dana": USERS["dana"], "Dana": "id: Dana\n"},
            BASE,
            "write 'dana': SageMaker lower-cases some profile ARNs",
        ),
        ({"dana": USERS["dana"]}, {}, "domainId is required"),
        ({"dana": USERS["dana"]}, {"domainId": DOMAIN}, "defaultExecutionRoleArn is required"),
        (
            {"dana": USERS["dana"]},
            {**BASE, "orgGuard": "true"},
            "orgGuard needs deployRoleArn",
        ),
        (
            {"dana": "id: dana\nexecution_role_arn: arn:aws:iam::111122223333:role/X\n"},
            {**BASE, "aws:region": "cn-north-1"},
            "is an ARN of partition 'aws', but the stack's region is in partition 'aws-cn'",
        ),
        (
            {"dana": "id: dana\ntags: {Owner: x}\n"},
            {**BASE, "tagKey": "owner"},
            "is the access tag",
        ),
        ({"dana": USERS["dana"]}, {"domainId": "abc"}, "is not a SageMaker domain id"),
        (
            {"dana": USERS["dana"]},
            {**BASE, "polcy": "seed"},
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
    run = run_program(BASE, cwd=PROJECT_DIR)
    ids = sorted(p.stem for p in (PROJECT_DIR / "users").glob("*.yaml"))
    assert sorted(run.outputs["users"]) == ids


GUARD_ARN = "arn:aws:iam::123456789012:policy/sagemaker-studio-isolation-execution-role"


def test_every_shared_execution_role_gets_the_guard_once_without_losing_its_policies(tmp_path):
    users = {
        **USERS,
        "hal": "id: hal\nexecution_role_arn: arn:aws:iam::111122223333:role/FayExec\n",
    }
    run = run_program(BASE, cwd=write_users(tmp_path, users))
    guarded = {
        a.name: a.inputs
        for a in run.mocks.of_type(ROLE_ATTACHMENT)
        if a.name.startswith("studio-access-execution-guard-")
    }
    assert guarded == {
        f"studio-access-execution-guard-{role}": {"role": role, "policyArn": GUARD_ARN}
        for role in ("AmazonSageMaker-ExecutionRole-Default", "ErikExec", "FayExec")
    }, "the domain default, and each execution_role_arn once, by name"
    assert not run.mocks.of_type("aws:iam/policyAttachment:PolicyAttachment")


def test_per_user_execution_roles_are_tagged_trust_sagemaker_and_carry_the_guard(tmp_path):
    config = {
        **BASE,
        "perUserExecutionRoles": "true",
        "executionRolePolicyArns": '["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]',
    }
    run = run_program(config, cwd=write_users(tmp_path, USERS))
    role = one(run, ROLE, "dana.execution-role")
    assert role.inputs["name"] == "dana-studio-execution"
    assert role.inputs["tags"] == {
        "email": "dana@example.com",
        "studiouserid": "dana",
        "studiouserid-profile": "dana",
    }
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert [s["Principal"] for s in trust["Statement"]] == [{"Service": "sagemaker.amazonaws.com"}]
    assert one(run, ROLE_ATTACHMENT, "dana.execution-guard").inputs == {
        "role": "dana-studio-execution",
        "policyArn": GUARD_ARN,
    }
    assert one(run, ROLE_ATTACHMENT, "dana.execution-policy.AmazonSageMakerFullAccess").inputs == {
        "role": "dana-studio-execution",
        "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
    }
    profile = one(run, PROFILE, "dana-profile")
    assert profile.inputs["userSettings"] == {
        "executionRole": "arn:aws:iam::123456789012:role/dana-studio-execution"
    }
    assert not [r for r in run.mocks.of_type(ROLE) if r.name == "erik.execution-role"], (
        "a user with its own execution_role_arn gets no role from the program"
    )


def test_an_offboarded_user_has_no_principal_and_a_kept_profile_without_the_access_tag(tmp_path):
    users = {**USERS, "dana": "id: dana\nemail: dana@example.com\nstatus: offboarded\n"}
    run = run_program(BASE, cwd=write_users(tmp_path, users))
    dana = [r for r in run.mocks.resources if r.name.startswith("dana-")]
    assert [r.name for r in dana] == ["dana-profile"], "no user, membership or attachment"
    profile = one(run, PROFILE, "dana-profile")
    assert profile.inputs["tags"] == {"email": "dana@example.com"}, "the access tag is removed"
    assert run.retain_on_delete("dana-profile")
    assert run.outputs["users"]["dana"]["principalArn"] is None


def test_the_organization_guard_is_an_scp_through_the_org_role(tmp_path):
    config = {
        **BASE,
        "aws:region": "eu-west-1",
        "orgGuard": "true",
        "deployRoleArn": "arn:aws:iam::111122223333:role/studio-access-ci-deploy",
        "orgGuardTargets": '["ou-ab12-cdef3456", "111122223333"]',
        "orgGuardRoleArn": "arn:aws:iam::999988887777:role/studio-access-org",
    }
    run = run_program(config, cwd=write_users(tmp_path, USERS))
    [provider] = run.mocks.of_type("pulumi:providers:aws")
    assume_roles = provider.inputs["assumeRoles"]
    if isinstance(assume_roles, str):  # provider configuration reaches the engine as JSON text
        assume_roles = json.loads(assume_roles)
    assert assume_roles[0]["roleArn"] == config["orgGuardRoleArn"]
    policies = run.mocks.of_type("aws:organizations/policy:Policy")
    settings = Settings(
        domain_id=DOMAIN,
        default_execution_role_arn=DEFAULT_ROLE,
        org_guard=True,
        deploy_role_arn=config["deployRoleArn"],
        org_guard_targets=("ou-ab12-cdef3456", "111122223333"),
        region="eu-west-1",
    )
    texts = scp_texts(settings)
    assert [p.name for p in policies] == [
        "studio-access-org-guard-policy",
        *(f"studio-access-org-guard-policy-{i}" for i in range(2, len(texts) + 1)),
    ], "the first SCP keeps its name; the others are numbered"
    assert [p.inputs["type"] for p in policies] == ["SERVICE_CONTROL_POLICY"] * len(texts)
    # Each SCP is created with the tag the write roles' policies require to change it.
    assert [p.inputs["tags"] for p in policies] == [
        {"studio-access": "d-abc123def456/sagemaker-studio-isolation-org-guard"}
    ] * len(texts)
    assert [p.inputs["content"] for p in policies] == texts, "deployed texts equal `scp` output"
    assert json.loads(scp_text(settings)) == [json.loads(t) for t in texts]
    attachments = run.mocks.of_type("aws:organizations/policyAttachment:PolicyAttachment")
    assert sorted(a.inputs["targetId"] for a in attachments) == sorted(
        ["111122223333", "ou-ab12-cdef3456"] * len(texts)
    ), "every SCP on every target"
    for name in (*(p.name for p in policies), *(a.name for a in attachments)):
        assert run.monitor.requests[name].provider.startswith(provider_urn_prefix()), name
    assert run.outputs["orgGuardPolicyId"] == "studio-access-org-guard-policy-id"
    assert run.outputs["orgGuardPolicyIds"] == [f"{p.name}-id" for p in policies]


def provider_urn_prefix() -> str:
    return (
        "urn:pulumi:test::studio-access::studio-access:index:StudioOrgGuard$pulumi:providers:aws::"
    )


def test_without_the_guard_no_organizations_resource_exists(run):
    assert not [r for r in run.mocks.resources if "organizations" in r.type]
    assert "orgGuardPolicyId" not in run.outputs


def test_a_china_stack_deploys_documents_of_its_partition(tmp_path):
    role = "arn:aws-cn:iam::111122223333:role/service-role/Default"
    config = {"domainId": DOMAIN, "defaultExecutionRoleArn": role, "aws:region": "cn-north-1"}
    run = run_program(config, cwd=write_users(tmp_path, {"dana": USERS["dana"]}))
    for policy in run.mocks.of_type("aws:iam/policy:Policy"):
        arns = re.findall(r"arn:[a-z-]+:", policy.inputs["policy"])
        assert arns and set(arns) == {"arn:aws-cn:"}, policy.name


def test_no_two_users_children_share_a_name_whatever_their_ids(tmp_path):
    """Pulumi names a child by its parent's type, not its parent's name: ``a``'s per-user
    execution role must not be the role of a user whose id is ``a-execution``."""
    users = {
        "a": "id: a\n",
        "a-execution": "id: a-execution\nprincipal: {type: role, trusted: ['444455556666']}\n",
    }
    config = {
        **BASE,
        "perUserExecutionRoles": "true",
        "executionRolePolicyArns": '["arn:aws:iam::aws:policy/policy"]',
    }
    run = run_program(config, cwd=write_users(tmp_path, users))
    keys = [(r.type, r.name) for r in run.mocks.resources]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


@pytest.mark.parametrize(
    ("user_id", "typ", "suffix", "path"),
    [
        ("dana", USER, "user", "/studio-access/dana/"),
        ("erik", USER, "user", "/studio-access/erik-studio/"),
        ("fay", ROLE, "role", "/studio-access/fay/"),
        ("gus", ROLE, "role", "/studio-access/gus2/"),
    ],
)
def test_every_principal_lives_where_its_arn_spells_its_tags(run, user_id, typ, suffix, path):
    """The binding honours a tag only on the principal whose ARN spells it: the program creates
    each under /studio-access/<profile name>/ named after the id."""
    principal = one(run, typ, f"{user_id}-{suffix}")
    assert principal.inputs["path"] == path, f"{principal.name}: path"
    profile_name = path.split("/")[2]
    assert principal.inputs["tags"]["studiouserid-profile"] == profile_name
    assert principal.inputs["name"] == principal.inputs["tags"]["studiouserid"] == user_id


def test_roles_are_replaced_in_place_of_their_name(run):
    """A role's path is fixed: moving one means replacing it, and its name must be free first."""
    for name in ("fay-role", "gus-role"):
        assert run.monitor.requests[name].deleteBeforeReplace, name
    for name in ("dana-user", "erik-user"):
        assert not run.monitor.requests[name].deleteBeforeReplace, f"{name}: users move in place"


def test_a_per_user_execution_role_lives_under_its_owners_path(tmp_path):
    config = {
        **BASE,
        "perUserExecutionRoles": "true",
        "executionRolePolicyArns": '["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]',
    }
    run = run_program(
        config, cwd=write_users(tmp_path, {"dana": USERS["dana"], "gus": USERS["gus"]})
    )
    role = one(run, ROLE, "gus.execution-role")
    assert role.inputs["path"] == "/studio-access/gus2/gus/"
    assert role.inputs["name"] == "gus-studio-execution"
    assert run.monitor.requests["gus.execution-role"].deleteBeforeReplace


def test_a_document_too_large_for_one_managed_policy_is_deployed_in_parts(tmp_path):
    """Long names make the member policy and the guard outgrow IAM's 6,144 characters: each is
    split into managed policies that fit, every part attached wherever the document goes (the
    group, each member role, each execution role)."""
    long = {"tagKey": "k" * 120, "groupName": "g" * 128, "policyName": "p" * 113}
    run = run_program({**BASE, **long}, cwd=write_users(tmp_path, USERS))
    settings = Settings(
        domain_id=DOMAIN,
        default_execution_role_arn=DEFAULT_ROLE,
        tag_key=long["tagKey"],
        group_name=long["groupName"],
        policy_name=long["policyName"],
    )
    policies = {r.inputs["name"]: r for r in run.mocks.of_type("aws:iam/policy:Policy")}
    member, guard = "p" * 113, "p" * 113 + "-execution-role"
    assert set(policies) == {member, member + "-2", guard, guard + "-2"}
    parts = [json.loads(policies[name].inputs["policy"]) for name in (member, member + "-2")]
    assert parts == json.loads(policy_text(settings))
    for name, policy in policies.items():
        assert len(re.sub(r"\s", "", policy.inputs["policy"])) <= 6144, name

    def arn(name: str) -> str:
        return f"arn:aws:iam::123456789012:policy/{name}"

    group = {
        r.inputs["policyArn"]
        for r in run.mocks.of_type("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
    }
    assert group == {arn(member), arn(member + "-2")}
    by_role: dict[str, set[str]] = {}
    for attachment in run.mocks.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment"):
        by_role.setdefault(attachment.inputs["role"], set()).add(attachment.inputs["policyArn"])
    assert by_role[DEFAULT_ROLE.rsplit("/", 1)[-1]] == {arn(guard), arn(guard + "-2")}
    assert by_role["fay"] == {arn(member), arn(member + "-2")}


def test_the_shared_spaces_execution_role_gets_the_execution_role_guard(tmp_path):
    """defaultSpaceExecutionRoleArn: apps in shared spaces run as it, so it carries the guard as
    the domain's default role does; without the key the default role is the spaces' role too."""
    space_role = "arn:aws:iam::111122223333:role/service-role/SharedSpaces"
    run = run_program(
        {**BASE, "defaultSpaceExecutionRoleArn": space_role},
        cwd=write_users(tmp_path, {"dana": USERS["dana"]}),
    )
    guard = one(run, "aws:iam/policy:Policy", "studio-access-execution-guard")
    attached = {
        r.inputs["role"]: r
        for r in run.mocks.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if r.inputs["policyArn"] == f"arn:aws:iam::123456789012:policy/{guard.inputs['name']}"
    }
    assert set(attached) == {"SharedSpaces", DEFAULT_ROLE.rsplit("/", 1)[-1]}
    assert parent_of(run, attached["SharedSpaces"].name).endswith("StudioAccess::studio-access")
