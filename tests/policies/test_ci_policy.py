"""The CI roles' IAM policies: determinism, read-only preview, complete and scoped deploy.

The actions each resource needs are listed here independently of ``components/policies/ci/roles.py``
(from what the AWS provider calls on create, read, update and delete), and the policy is
evaluated against them with IAM's own matching rules for actions and resources (``*`` and ``?``
wildcards, case-insensitive actions), so a missing or mis-scoped action fails a test.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from components.aws.permissions import (
    audit_actions,
    audit_role_actions,
    drain_actions,
    identity_center_read_role_actions,
    org_guard_role_actions,
    org_read_role_actions,
    verify_actions,
)
from components.core.settings.stack import Settings
from components.policies.ci import roles as ci
from components.policies.ci.roles import CI_ROLES, applicable_roles


def _reads(role: str, settings: Settings) -> tuple[tuple[str, ...], dict]:
    """What ``ci-policy`` passes: the nightly commands' actions, by the role that makes them."""
    return audit_role_actions(settings) if role == "audit" else (), {
        "org_reads": org_read_role_actions(settings),
        "identity_center_reads": identity_center_read_role_actions(settings),
    }


def ci_policy(role: str, settings: Settings) -> dict:
    """Every statement ``ci-policy --role ROLE`` prints, as one document."""
    actions, reads = _reads(role, settings)
    return ci.ci_policy(role, settings, actions, **reads)


def ci_policy_text(role: str, settings: Settings) -> str:
    actions, reads = _reads(role, settings)
    return ci.ci_policy_text(role, settings, actions, **reads)


def ci_documents(role: str, settings: Settings) -> list[dict]:
    actions, reads = _reads(role, settings)
    return ci.ci_documents(role, settings, actions, **reads)


ROOT = Path(__file__).resolve().parents[2]

ACCOUNT = "123456789012"
DOMAIN = "d-abc123xyz"
SETTINGS = Settings(domain_id=DOMAIN)
#: The roles of the GitHub workflows (``org`` exists only with an org role, tested apart).
PIPELINE_ROLES = ("preview", "deploy", "audit")
#: What only ``audit`` reads: never the preview role's, whose credentials PR code holds.
AUDIT_ONLY = (
    "iam:GetAccountAuthorizationDetails",
    "sagemaker:ListUserProfiles",
    "sagemaker:DescribeDomain",
    "organizations:ListPolicies",
    "tag:GetResources",
    "cloudtrail:LookupEvents",
    "iam:SimulatePrincipalPolicy",
    "access-analyzer:CheckNoNewAccess",
)
#: Actions IAM classes as Read whose names are not reads (``verify``'s checks).
READ_CHECKS = ("iam:SimulatePrincipalPolicy", "access-analyzer:CheckNoNewAccess")
ORG = dict(
    domain_id=DOMAIN,
    org_guard=True,
    deploy_role_arn="arn:aws:iam::123456789012:role/studio-access-ci-deploy",
    org_guard_targets=("ou-ab12-cdef3456", "r-ab12", "210987654321"),
    org_guard_role_arn="arn:aws:iam::999988887777:role/studio-access-org",
    org_read_role_arn="arn:aws:iam::999988887777:role/studio-access-org-read",
)
ORG_GUARDED = Settings(**ORG)
ORG_DIRECT = Settings(**{**ORG, "org_guard_role_arn": None, "org_read_role_arn": None})


def _arns(settings: Settings, domain: str = DOMAIN) -> dict[str, str]:
    """Concrete ARNs of one resource of each kind, as AWS would present them."""
    return {
        "group": f"arn:aws:iam::{ACCOUNT}:group/{settings.group_name}",
        "policy": f"arn:aws:iam::{ACCOUNT}:policy/{settings.policy_name}",
        "user": f"arn:aws:iam::{ACCOUNT}:user/alice",
        "role": f"arn:aws:iam::{ACCOUNT}:role/bob",
        "mfa": f"arn:aws:iam::{ACCOUNT}:mfa/alice",
        "profile": f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:user-profile/{domain}/alice",
        "any": "*",
    }


#: What ``pulumi preview --refresh`` reads, per resource kind.
READS = {
    "group": ["iam:GetGroup", "iam:ListAttachedGroupPolicies"],
    "policy": [
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:ListPolicyTags",
    ],
    "user": ["iam:GetUser", "iam:ListUserTags", "iam:ListGroupsForUser"],
    "role": [
        "iam:GetRole",
        "iam:ListRoleTags",
        "iam:ListRolePolicies",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
    ],
    "profile": ["sagemaker:DescribeUserProfile", "sagemaker:ListTags"],
}

#: What ``pulumi up`` additionally calls to create, update and delete, per resource kind.
WRITES = {
    # Group, GroupPolicyAttachment, UserGroupMembership
    "group": [
        "iam:CreateGroup",
        "iam:UpdateGroup",
        "iam:DeleteGroup",
        "iam:AttachGroupPolicy",
        "iam:DetachGroupPolicy",
        "iam:AddUserToGroup",
        "iam:RemoveUserFromGroup",
    ],
    # Policy (versions pruned below the limit of five on update, all removed on delete)
    "policy": [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicyVersion",
        "iam:DeletePolicy",
        "iam:TagPolicy",
        "iam:UntagPolicy",
    ],
    # User with force_destroy
    "user": [
        "iam:CreateUser",
        "iam:TagUser",
        "iam:UntagUser",
        "iam:UpdateUser",
        "iam:DeleteUser",
        "iam:ListAccessKeys",
        "iam:DeleteAccessKey",
        "iam:ListSSHPublicKeys",
        "iam:DeleteSSHPublicKey",
        "iam:ListMFADevices",
        "iam:DeactivateMFADevice",
        "iam:DeleteLoginProfile",
        "iam:ListSigningCertificates",
        "iam:DeleteSigningCertificate",
        "iam:ListServiceSpecificCredentials",
        "iam:DeleteServiceSpecificCredential",
    ],
    "mfa": ["iam:DeleteVirtualMFADevice"],
    "any": ["iam:ListVirtualMFADevices"],
    # Role with force_detach_policies, RolePolicyAttachment, execution role
    "role": [
        "iam:CreateRole",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRole",
        "iam:ListInstanceProfilesForRole",
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:PassRole",
    ],
    "profile": [
        "sagemaker:CreateUserProfile",
        "sagemaker:UpdateUserProfile",
        "sagemaker:AddTags",
        "sagemaker:DeleteTags",
    ],
}

#: Changes to an existing principal: allowed only when it carries the access tag.
TAG_CONDITIONED = {
    "user": [
        "iam:UntagUser",
        "iam:UpdateUser",
        "iam:DeleteUser",
        "iam:DeleteAccessKey",
        "iam:DeleteSSHPublicKey",
        "iam:DeactivateMFADevice",
        "iam:DeleteLoginProfile",
        "iam:DeleteSigningCertificate",
        "iam:DeleteServiceSpecificCredential",
    ],
    "role": [
        "iam:UntagRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRole",
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:DeleteRolePolicy",
    ],
}

WRITE_PREFIXES = (
    "Create",
    "Delete",
    "Put",
    "Tag",
    "Untag",
    "Update",
    "Attach",
    "Detach",
    "Add",
    "Remove",
    "Pass",
    "Set",
    "Deactivate",
    "Enable",
    "Upload",
    "Change",
    "Reset",
    "Start",
    "Stop",
)


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _wildcard(pattern: str, value: str, *, case_sensitive: bool) -> bool:
    regex = fnmatch.translate(pattern)  # IAM wildcards: * and ?, no character classes here
    return re.fullmatch(regex, value, 0 if case_sensitive else re.IGNORECASE) is not None


def _statements_allowing(document: dict, action: str, resource: str) -> list[dict]:
    """The Allow statements whose Action and Resource match (conditions are not evaluated)."""
    return [
        s
        for s in document["Statement"]
        if s["Effect"] == "Allow"
        and any(_wildcard(a, action, case_sensitive=False) for a in _as_list(s["Action"]))
        and any(_wildcard(r, resource, case_sensitive=True) for r in _as_list(s["Resource"]))
    ]


def _actions(document: dict) -> set[str]:
    return {a for s in document["Statement"] for a in _as_list(s["Action"])}


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PIPELINE_ROLES)
def test_text_is_deterministic_two_space_json(role):
    text = ci_policy_text(role, SETTINGS)
    assert text == ci_policy_text(role, Settings(domain_id=DOMAIN))
    assert text == json.dumps(ci_policy(role, SETTINGS), indent=2)
    assert json.loads(text) == ci_policy(role, SETTINGS)


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="admin"):
        ci_policy("admin", SETTINGS)
    with pytest.raises(ValueError):
        ci_policy_text("Preview", SETTINGS)
    with pytest.raises(ValueError, match="audit_actions"):
        ci.ci_policy("audit", SETTINGS)


@pytest.mark.parametrize("role", PIPELINE_ROLES)
@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        SETTINGS,
        Settings(domain_id=DOMAIN, profile_deletion="delete"),
        Settings(domain_id="d-" + "a" * 61, group_name="g" * 128, policy_name="p" * 113),
        ORG_GUARDED,
        Settings(**{**ORG, "org_guard_role_arn": None}),
    ],
)
def test_well_formed_and_within_the_managed_policy_size_limit(role, settings):
    document = ci_policy(role, settings)
    assert document["Version"] == "2012-10-17"
    sids = [s["Sid"] for s in document["Statement"]]
    assert len(sids) == len(set(sids)), "Sids must be unique"
    assert all(re.fullmatch(r"[A-Za-z0-9]+", sid) for sid in sids), "IAM Sids are alphanumeric"
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        assert set(statement) <= {"Sid", "Effect", "Action", "Resource", "Condition"}
        actions = _as_list(statement["Action"])
        assert actions == sorted(actions) and len(actions) == len(set(actions))
        assert all(
            re.fullmatch(
                r"(iam|sagemaker|organizations|sts|tag|cloudtrail|access-analyzer):[A-Za-z]+", a
            )
            for a in actions
        ), actions
    # IAM counts a managed policy's size without whitespace: at most 6,144 characters; a role
    # that needs more gets several managed policies, printed as a JSON list.
    parts = ci_documents(role, settings)
    text = ci_policy_text(role, settings)
    assert json.loads(text) == (parts[0] if len(parts) == 1 else parts)
    assert [s for part in parts for s in part["Statement"]] == document["Statement"]
    for part in parts:
        assert len(re.sub(r"\s", "", json.dumps(part))) <= 6144


@pytest.mark.parametrize("role", ["preview", "audit"])
@pytest.mark.parametrize(
    "settings", [SETTINGS, ORG_GUARDED, ORG_DIRECT], ids=["plain", "org", "direct"]
)
def test_preview_and_audit_are_read_only(role, settings):
    actions = _actions(ci_policy(role, settings))
    for action in actions:
        verb = action.split(":", 1)[1]
        reads = ("Get", "List", "Describe", "Lookup")  # LookupEvents: IAM's access level Read
        assert verb.startswith(reads) or action == "sts:AssumeRole" or action in READ_CHECKS, action
        assert not verb.startswith(WRITE_PREFIXES) or action == "sts:AssumeRole", action
    assert not any("*" in action for action in actions), "no wildcards in a read-only policy"


@pytest.mark.parametrize(
    "settings", [SETTINGS, ORG_GUARDED, ORG_DIRECT], ids=["plain", "org", "direct"]
)
def test_the_preview_role_holds_nothing_only_the_audit_needs(settings):
    """Pull requests' code runs under the preview role: no account-wide reads there."""
    preview, audit = (
        _actions(ci_policy("preview", settings)),
        _actions(ci_policy("audit", settings)),
    )
    assert not preview & set(AUDIT_ONLY), preview & set(AUDIT_ONLY)
    assert set(audit_actions(settings)) | set(verify_actions(settings)) <= audit
    assert audit - preview <= set(AUDIT_ONLY), "the audit role adds what audit reads, nothing else"
    document = ci_policy("audit", settings)
    (domain,) = _statements_allowing(
        document,
        "sagemaker:DescribeDomain",
        f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:domain/{DOMAIN}",
    )
    assert domain["Resource"] == f"arn:aws:sagemaker:*:*:domain/{DOMAIN}"
    assert not _statements_allowing(
        document,
        "sagemaker:DescribeDomain",
        f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:domain/d-other",
    )


def test_the_audit_role_follows_what_audit_calls(monkeypatch):
    """Built from ``audit_actions``: an action added there (a paged tag read) reaches the role."""
    from components.aws import permissions

    monkeypatch.setattr(
        permissions, "PROFILE_READS", (*permissions.PROFILE_READS, "tag:GetResources")
    )
    document = ci_policy("audit", SETTINGS)
    (statement,) = _statements_allowing(document, "tag:GetResources", "*")
    assert statement["Sid"] == "AuditAccountWideReads"
    monkeypatch.setattr(permissions, "PROFILE_READS", ("sagemaker:DeleteUserProfile",))
    with pytest.raises(ValueError, match="read-only"):
        ci_policy("audit", SETTINGS)


def test_preview_reads_everything_refresh_needs():
    document = ci_policy("preview", SETTINGS)
    arns = _arns(SETTINGS)
    for kind, actions in READS.items():
        for action in actions:
            assert _statements_allowing(document, action, arns[kind]), f"{action} on {kind}"


def test_deploy_is_preview_plus_writes():
    preview, deploy = ci_policy("preview", SETTINGS), ci_policy("deploy", SETTINGS)
    assert deploy["Statement"][: len(preview["Statement"])] == preview["Statement"]
    assert _actions(preview) < _actions(deploy)


def test_deploy_covers_every_action_of_every_resource_type():
    document = ci_policy("deploy", SETTINGS)
    arns = _arns(SETTINGS)
    for table in (READS, WRITES):
        for kind, actions in table.items():
            for action in actions:
                assert _statements_allowing(document, action, arns[kind]), f"{action} on {kind}"


def test_profile_deletion_is_granted_only_when_profiles_are_deleted():
    arn = _arns(SETTINGS)["profile"]
    retain = ci_policy("deploy", Settings(domain_id=DOMAIN, profile_deletion="retain"))
    delete = ci_policy("deploy", Settings(domain_id=DOMAIN, profile_deletion="delete"))
    assert not _statements_allowing(retain, "sagemaker:DeleteUserProfile", arn)
    assert _statements_allowing(delete, "sagemaker:DeleteUserProfile", arn)
    assert not _statements_allowing(
        ci_policy("preview", SETTINGS), "sagemaker:DeleteUserProfile", arn
    )


def test_group_and_policy_are_scoped_to_the_configured_names():
    settings = Settings(domain_id=DOMAIN, group_name="team-a-studio", policy_name="team-a-guard")
    other = Settings(domain_id=DOMAIN, group_name="admins", policy_name="AdministratorAccess")
    for role in PIPELINE_ROLES:
        document = ci_policy(role, settings)
        resources = {r for s in document["Statement"] for r in _as_list(s["Resource"])}
        assert "arn:aws:iam::*:group/team-a-studio" in resources
        assert "arn:aws:iam::*:policy/team-a-guard" in resources
        assert "arn:aws:iam::*:policy/team-a-guard-execution-role" in resources
        assert not any(":group/" in r and r.endswith("*") for r in resources)
        assert not any(":policy/" in r and r.endswith("*") for r in resources)
        for action in ("iam:GetGroup", "iam:GetPolicy"):
            for kind in ("group", "policy"):
                assert not _statements_allowing(document, action, _arns(other)[kind])
    deploy = ci_policy("deploy", settings)
    for action, kind in (
        ("iam:DeleteGroup", "group"),
        ("iam:AddUserToGroup", "group"),
        ("iam:RemoveUserFromGroup", "group"),
        ("iam:CreatePolicyVersion", "policy"),
        ("iam:DeletePolicy", "policy"),
    ):
        assert _statements_allowing(deploy, action, _arns(settings)[kind])
        assert not _statements_allowing(deploy, action, _arns(other)[kind]), action


def test_only_the_project_policies_can_be_attached():
    settings = Settings(domain_id=DOMAIN, policy_name="team-a-guard")
    deploy = ci_policy("deploy", settings)
    arns = _arns(settings)
    (statement,) = _statements_allowing(deploy, "iam:AttachGroupPolicy", arns["group"])
    # The policy, and its further parts when it is split (team-a-guard-2, -3).
    assert statement["Condition"]["ArnLike"] == {
        "iam:PolicyARN": [
            "arn:aws:iam::*:policy/team-a-guard",
            "arn:aws:iam::*:policy/team-a-guard-?",
        ]
    }
    to_roles = _statements_allowing(deploy, "iam:AttachRolePolicy", arns["role"])
    assert sorted(s["Condition"]["ArnLike"]["iam:PolicyARN"] for s in to_roles) == [
        ["arn:aws:iam::*:policy/team-a-guard", "arn:aws:iam::*:policy/team-a-guard-?"],
        [
            "arn:aws:iam::*:policy/team-a-guard-execution-role",
            "arn:aws:iam::*:policy/team-a-guard-execution-role-?",
        ],
    ]
    (member,) = [
        s for s in to_roles if s["Condition"]["ArnLike"]["iam:PolicyARN"][0].endswith("guard")
    ]
    assert member["Condition"]["Null"] == {"aws:ResourceTag/studiouserid": "false"}, (
        "the member policy only on this project's (tagged) roles; the guard on any execution role"
    )


def test_profiles_are_scoped_to_the_configured_domain():
    for role in PIPELINE_ROLES:
        document = ci_policy(role, SETTINGS)
        own = _arns(SETTINGS)["profile"]
        foreign = _arns(SETTINGS, domain="d-otherdomain1")["profile"]
        assert _statements_allowing(document, "sagemaker:DescribeUserProfile", own)
        assert not _statements_allowing(document, "sagemaker:DescribeUserProfile", foreign)
        assert not _statements_allowing(document, "sagemaker:CreateUserProfile", foreign)
        assert not _statements_allowing(document, "sagemaker:ListTags", "*")
        assert not _statements_allowing(
            document,
            "sagemaker:ListTags",
            f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:domain/{DOMAIN}",
        )


def test_without_a_domain_profiles_in_any_domain_are_covered():
    document = ci_policy("deploy", Settings())
    resources = {r for s in document["Statement"] for r in _as_list(s["Resource"])}
    assert "arn:aws:sagemaker:*:*:user-profile/*/*" in resources
    assert _statements_allowing(document, "sagemaker:CreateUserProfile", _arns(SETTINGS)["profile"])


def test_changes_to_existing_principals_require_the_access_tag():
    for tag_key in ("studiouserid", "team-access"):
        settings = Settings(domain_id=DOMAIN, tag_key=tag_key)
        deploy = ci_policy("deploy", settings)
        arns = _arns(settings)
        for kind, actions in TAG_CONDITIONED.items():
            for action in actions:
                statements = _statements_allowing(deploy, action, arns[kind])
                assert statements, action
                for statement in statements:
                    guard_only = (
                        statement["Condition"].get("ArnLike", {}).get("iam:PolicyARN", [""])
                    )
                    if guard_only[0].endswith("-execution-role"):
                        continue  # the guard comes off an untagged execution role: tested below
                    assert statement["Condition"]["Null"] == {
                        f"aws:ResourceTag/{tag_key}": "false"
                    }, action
        for action, kind in (("iam:CreateUser", "user"), ("iam:CreateRole", "role")):
            (statement,) = _statements_allowing(deploy, action, arns[kind])
            assert statement["Condition"] == {"Null": {f"aws:RequestTag/{tag_key}": "false"}}


def test_pass_role_only_to_sagemaker():
    deploy = ci_policy("deploy", SETTINGS)
    (statement,) = _statements_allowing(deploy, "iam:PassRole", _arns(SETTINGS)["role"])
    assert statement["Action"] == ["iam:PassRole"]
    assert statement["Condition"] == {
        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}
    }


#: Actions without a resource type, for which IAM only accepts "*".
UNSCOPED = {
    "access-analyzer:CheckNoNewAccess",
    "iam:GetAccountAuthorizationDetails",
    "tag:GetResources",
    "cloudtrail:LookupEvents",  # no resource-level permissions (Service Authorization Reference)
    "sagemaker:ListUserProfiles",
    "organizations:ListPolicies",
    "iam:ListVirtualMFADevices",
    "sagemaker:ListApps",
    "sagemaker:ListSpaces",
    "organizations:CreatePolicy",
    "organizations:DescribePolicy",
    "organizations:ListPoliciesForTarget",
    "organizations:ListTagsForResource",
    "organizations:ListTargetsForPolicy",
}


@pytest.mark.parametrize(
    "settings",
    [SETTINGS, Settings(domain_id=DOMAIN, profile_deletion="delete"), ORG_GUARDED, ORG_DIRECT],
)
def test_no_wildcard_actions_and_no_unscoped_resources(settings):
    roles = (*PIPELINE_ROLES, "org") if settings.org_guard_role_arn else PIPELINE_ROLES
    for role in roles:
        for statement in ci_policy(role, settings)["Statement"]:
            assert not any("*" in a for a in _as_list(statement["Action"])), statement["Sid"]
            if "*" in _as_list(statement["Resource"]):
                assert set(statement["Action"]) <= UNSCOPED, statement["Sid"]


def test_nothing_outside_the_managed_resources():
    """No state-backend, STS or other service actions: those are documented in docs/setup.md."""
    for role in PIPELINE_ROLES:
        services = {a.split(":", 1)[0] for a in _actions(ci_policy(role, SETTINGS))}
        # tag: the audit's GetResources, cloudtrail: activity's LookupEvents, access-analyzer:
        # verify's check; only the audit role holds them.
        assert services == (
            {"iam", "sagemaker", "tag", "cloudtrail", "access-analyzer"}
            if role == "audit"
            else {"iam", "sagemaker"}
        )
        deploy_only = _actions(ci_policy("deploy", SETTINGS))
        for dangerous in (
            "iam:CreateAccessKey",
            "iam:CreateLoginProfile",
            "iam:PutRolePolicy",
            "iam:PutUserPolicy",
            "iam:AttachUserPolicy",
            "iam:SetDefaultPolicyVersion",
            "sagemaker:CreatePresignedDomainUrl",
        ):
            assert dangerous not in deploy_only, dangerous


def test_module_does_not_import_pulumi():
    code = (
        "import sys, components.policies.ci.roles as m; "
        "from components.core.settings.stack import Settings; "
        "m.ci_policy_text('deploy', Settings()); "
        "assert not any(n == 'pulumi' or n.startswith(('pulumi.', 'pulumi_')) for n in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_guard_may_come_on_and_off_any_execution_role_and_nothing_else_may():
    deploy = ci_policy("deploy", SETTINGS)
    shared = f"arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-1"
    for action in ("iam:AttachRolePolicy", "iam:DetachRolePolicy"):
        statements = _statements_allowing(deploy, action, shared)
        unconditioned = [s for s in statements if "Null" not in s["Condition"]]
        assert [s["Condition"] for s in unconditioned] == [
            {
                "ArnLike": {
                    "iam:PolicyARN": [
                        "arn:aws:iam::*:policy/sagemaker-studio-isolation-execution-role",
                        "arn:aws:iam::*:policy/sagemaker-studio-isolation-execution-role-?",
                    ]
                }
            }
        ], action


def test_per_user_execution_roles_get_only_the_listed_policies():
    settings = Settings(
        domain_id=DOMAIN,
        per_user_execution_roles=True,
        execution_role_policy_arns=("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",),
    )
    (statement,) = [
        s
        for s in ci_policy("deploy", settings)["Statement"]
        if s["Sid"] == "AttachExecutionPoliciesToTaggedRoles"
    ]
    assert statement["Condition"] == {
        "Null": {"aws:ResourceTag/studiouserid": "false"},
        "ArnEquals": {"iam:PolicyARN": ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]},
    }
    assert "AttachExecutionPoliciesToTaggedRoles" not in {
        s["Sid"] for s in ci_policy("deploy", SETTINGS)["Statement"]
    }


def test_drain_is_granted_only_when_profiles_are_deleted_and_only_in_the_domain():
    delete = ci_policy("deploy", Settings(domain_id=DOMAIN, profile_deletion="delete"))
    app = f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:app/{DOMAIN}/bob-space/JupyterLab/default"
    space = f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:space/{DOMAIN}/bob-space"
    assert _statements_allowing(delete, "sagemaker:DeleteApp", app)
    assert _statements_allowing(delete, "sagemaker:DeleteSpace", space)
    assert not _statements_allowing(delete, "sagemaker:DeleteApp", app.replace(DOMAIN, "d-other"))
    assert not _statements_allowing(ci_policy("deploy", SETTINGS), "sagemaker:DeleteApp", app)
    assert not _statements_allowing(ci_policy("preview", SETTINGS), "sagemaker:DeleteSpace", space)
    preview = ci_policy("preview", Settings(domain_id=DOMAIN, profile_deletion="delete"))
    assert _statements_allowing(preview, "sagemaker:ListApps", "*"), "drain --dry-run on PRs"
    assert not _statements_allowing(preview, "sagemaker:DeleteApp", app), "and nothing more"


def test_with_org_roles_preview_and_audit_assume_the_read_role_and_deploy_the_write_role():
    def assumed(role: str) -> list[str]:
        return [
            arn
            for s in ci_policy(role, ORG_GUARDED)["Statement"]
            if "sts:AssumeRole" in s["Action"]
            for arn in _as_list(s["Resource"])
        ]

    assert assumed("preview") == assumed("audit") == [ORG["org_read_role_arn"]]
    assert assumed("deploy") == [ORG["org_guard_role_arn"]]
    for role in PIPELINE_ROLES:
        assert not any(
            a.startswith("organizations:") for a in _actions(ci_policy(role, ORG_GUARDED))
        )
    read = _actions(ci_policy("org-read", ORG_GUARDED))
    assert all(a.split(":")[1].startswith(("Describe", "List")) for a in read), read
    org_role = ci_policy("org", ORG_GUARDED)
    policy = "arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-12345678"
    owned = {
        "StringEquals": {
            "aws:ResourceTag/studio-access": "d-abc123xyz/sagemaker-studio-isolation-org-guard"
        }
    }
    attach = _statements_allowing(org_role, "organizations:AttachPolicy", policy)
    assert [s["Condition"] for s in attach] == [owned]
    targets = [
        "arn:aws:organizations::*:ou/o-*/ou-ab12-cdef3456",
        "arn:aws:organizations::*:root/o-*/r-ab12",
        "arn:aws:organizations::*:account/o-*/210987654321",
    ]
    (to_targets,) = _statements_allowing(org_role, "organizations:AttachPolicy", targets[0])
    assert to_targets["Resource"] == targets and "Condition" not in to_targets
    for action in ("UpdatePolicy", "DeletePolicy", "DetachPolicy", "TagResource", "UntagResource"):
        for statement in _statements_allowing(org_role, f"organizations:{action}", policy):
            assert statement["Condition"]["StringEquals"]["aws:ResourceTag/studio-access"] == (
                "d-abc123xyz/sagemaker-studio-isolation-org-guard"
            ), action


def test_without_an_org_role_the_deploy_role_manages_the_guard_and_preview_reads_it():
    deploy, preview = ci_policy("deploy", ORG_DIRECT), ci_policy("preview", ORG_DIRECT)
    assert "organizations:UpdatePolicy" in _actions(deploy)
    reads = {
        "organizations:DescribePolicy",
        "organizations:ListPoliciesForTarget",
        "organizations:ListTagsForResource",
        "organizations:ListTargetsForPolicy",
    }
    assert {a for a in _actions(preview) if a.startswith("organizations:")} == reads
    audit = ci_policy("audit", ORG_DIRECT)
    assert {a for a in _actions(audit) if a.startswith("organizations:")} == reads | {
        "organizations:ListPolicies"
    }, "audit finds the guard by name"


def test_the_org_role_needs_an_org_guard_with_an_org_role():
    with pytest.raises(ValueError, match="orgGuardRoleArn"):
        ci_policy("org", SETTINGS)
    with pytest.raises(ValueError, match="orgReadRoleArn"):
        ci_policy("org-read", ORG_DIRECT)


@pytest.mark.parametrize(
    ("region", "partition"), [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")]
)
def test_every_arn_is_of_the_stacks_partition(region, partition):
    settings = Settings(
        **{
            **ORG,
            "region": region,
            "org_guard_role_arn": f"arn:{partition}:iam::999988887777:role/org",
            "deploy_role_arn": f"arn:{partition}:iam::123456789012:role/deploy",
            "auth_mode": "sso",
            "identity_store_id": "d-1234567890",
            "sso_application_arn": f"arn:{partition}:sso::999988887777:application/"
            "ssoins-1234567890abcdef/apl-1234567890abcdef",
            "identity_center_role_arn": f"arn:{partition}:iam::999988887777:role/idc",
            "org_read_role_arn": f"arn:{partition}:iam::999988887777:role/org-read",
            "identity_center_read_role_arn": f"arn:{partition}:iam::999988887777:role/idc-read",
        }
    )
    assert applicable_roles(settings) == CI_ROLES
    for role in CI_ROLES:
        text = ci_policy_text(role, settings)
        assert set(re.findall(r"arn:([a-z-]+):", text)) == {partition}, role


@pytest.mark.parametrize(
    "settings", [SETTINGS, ORG_GUARDED, ORG_DIRECT], ids=["plain", "org-role", "org-direct"]
)
def test_the_ci_roles_grant_what_the_aws_commands_call(settings):
    """The audit role runs audit (nightly drift); the deploy role runs drain before up."""
    audit = _actions(ci_policy("audit", settings))
    assert set(audit_actions(settings)) <= audit, set(audit_actions(settings)) - audit
    deleting = Settings(**{**settings.__dict__, "profile_deletion": "delete"})
    deploy = _actions(ci_policy("deploy", deleting))
    assert set(drain_actions()) <= deploy, set(drain_actions()) - deploy
    if settings.org_read_role_arn:
        org = _actions(ci_policy("org-read", settings))
        assert set(org_guard_role_actions()) <= org


def test_a_metered_stack_adds_the_meters_resources_and_nothing_else():
    """With a budget, the CI roles get the meter's own statements, scoped by its name."""
    from components.core.settings.studio import StudioLevel
    from components.policies.ci.roles import ci_policy as policy
    from components.proof.iam.evaluator import Policy, Request, evaluate

    metered = Settings(
        **{**SETTINGS.__dict__, "studio": StudioLevel(values=(("monthly_budget_usd", 50.0),))}
    )
    deploy = Policy(policy("deploy", metered), "deploy")
    preview = Policy(policy("preview", metered), "preview")
    audit = Policy(policy("audit", metered, audit_actions(metered)), "audit")
    table = f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/studio-access-meter-prod"
    function = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:studio-access-meter-prod"
    role = f"arn:aws:iam::{ACCOUNT}:role/studio-access/_meter/studio-access-meter-prod"
    for action, resource in (
        ("dynamodb:CreateTable", table),
        ("lambda:UpdateFunctionCode", function),
        ("iam:PutRolePolicy", role),
    ):
        assert evaluate([deploy], Request(action, resource)).allowed, action
        assert not evaluate([preview], Request(action, resource)).allowed, action
    assert evaluate([preview], Request("dynamodb:DescribeTable", table)).allowed
    assert evaluate([audit], Request("dynamodb:Query", table)).allowed
    assert not evaluate([audit], Request("dynamodb:PutItem", table)).allowed
    passed = {"iam:PassedToService": "lambda.amazonaws.com"}
    assert evaluate([deploy], Request("iam:PassRole", role, passed)).allowed
    assert not evaluate(
        [deploy], Request("iam:PassRole", role, {"iam:PassedToService": "ec2.amazonaws.com"})
    ).allowed
    for outside in (
        f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/other",
        f"arn:aws:iam::{ACCOUNT}:role/studio-access/bob/bob",
        f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:other",
    ):
        for action in ("dynamodb:DeleteTable", "iam:PutRolePolicy", "lambda:UpdateFunctionCode"):
            assert not evaluate([deploy], Request(action, outside)).allowed, (action, outside)
    assert policy("deploy", SETTINGS) == policy("deploy", Settings(**SETTINGS.__dict__)), (
        "no meter, no change"
    )


def test_two_stacks_with_default_names_never_reach_each_others_guard_or_permission_set():
    """The owner tag carries the domain: stack A's write roles match none of stack B's tags."""
    from components.kinds.federated import permission_set_owner_tag
    from components.policies.ci.org_access import owner_tag

    a, b = (Settings(domain_id=domain) for domain in ("d-aaaaaaaaaaaa", "d-bbbbbbbbbbbb"))
    assert owner_tag(a) != owner_tag(b)
    assert permission_set_owner_tag(a) != permission_set_owner_tag(b)
    assert owner_tag(a) == {"studio-access": "d-aaaaaaaaaaaa/sagemaker-studio-isolation-org-guard"}


def test_the_deploy_role_manages_every_part_of_a_split_document_and_no_other_policy():
    """The member policy and the guard may go out in up to three parts (member.part_names)."""
    from components.policies.member import MAX_PARTS, part_names

    deploy = ci_policy("deploy", SETTINGS)
    names = [
        *part_names(SETTINGS.policy_name, MAX_PARTS),
        *part_names(SETTINGS.execution_role_policy_name, MAX_PARTS),
    ]
    for name in names:
        arn = f"arn:aws:iam::{ACCOUNT}:policy/{name}"
        for action in ("iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy"):
            assert _statements_allowing(deploy, action, arn), (action, name)
    for other in ("AdministratorAccess", f"{SETTINGS.policy_name}-extra", "x-sagemaker-studio"):
        arn = f"arn:aws:iam::{ACCOUNT}:policy/{other}"
        assert not _statements_allowing(deploy, "iam:CreatePolicyVersion", arn), other
