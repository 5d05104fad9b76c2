"""Every IAM document the project generates, linted with parliament, the field's IAM linter.

An unknown action or condition key in a Deny silently denies nothing, so each finding fails the
test unless it is listed below with the reason it is a false positive; each such reason is
checked against an independent source where one is available offline.
"""

from __future__ import annotations

import json

import botocore.session
import pytest
from parliament import analyze_policy_string

from components.aws.permissions import (
    audit_role_actions,
    identity_center_read_role_actions,
    org_read_role_actions,
)
from components.core.settings.stack import Settings
from components.core.settings.studio import StudioLevel
from components.kinds.execution_roles import trust_policy_text as execution_role_trust_text
from components.kinds.role_trust import trust_policy_text
from components.policies.ci.roles import CI_ROLES, ci_policy_text
from components.policies.ci.trust import GITHUB_SUBJECTS, TRUSTED_CI_ROLES
from components.policies.ci.trust import trust_policy_text as trust_text
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import policy_text, policy_texts
from components.policies.meter_role import LAMBDA_TRUST, meter_role_policy_text
from components.policies.org_guard import scp_texts

#: (issue, text in the finding's detail) -> why it is not a defect.
KNOWN = {
    ("UNKNOWN_ACTION", "sagemaker:StartSession"): (
        "StartSession (remote IDE sessions into a space, 2025) is newer than parliament's bundled "
        "reference; the Service Authorization Reference lists it with resource type space"
    ),
    ("UNKNOWN_CONDITION_FOR_ACTION", "sagemaker:ResourceTag/"): (
        "parliament consults only an action's own condition keys; the reference lists "
        "sagemaker:ResourceTag/${TagKey} on the user-profile resource type, the resource of "
        "CreatePresignedDomainUrl (and AWS's own example policy uses it)"
    ),
    ("RESOURCE_STAR", "sagemaker:DescribeAction"): (
        "the seed's Allow (List*, Describe*, CreatePresignedDomainUrl on *) is the design's starting point, kept "
        "verbatim; every guard beside it is a Deny"
    ),
}

for _action in ("AddRegion", "RemoveRegion", "ReserveUser"):
    KNOWN[("UNKNOWN_ACTION", f"identitystore:{_action}")] = KNOWN[
        ("UNKNOWN_ACTION", f"sso:{_action}")
    ] = (
        "Identity Center writes newer than parliament's bundled reference (multi-Region "
        "replication, reserving a user name); the Service Authorization Reference lists them"
    )

KNOWN[("RESOURCE_MISMATCH", "organizations:AttachPolicy")] = (
    "AttachPolicy and DetachPolicy name two resources, the policy and the target; IAM authorizes "
    "each against the statements that name it, so the guard's tag condition sits on the policy's "
    "statement and the configured targets have a statement of their own (parliament expects both "
    "in one statement, where the tag condition would then have to hold for the target too)"
)

KNOWN[("RESOURCE_MISMATCH", "sso:CreateAccountAssignment")] = (
    "as for AttachPolicy: an account assignment names the instance, the permission set and the "
    "account; the owner tag conditions the permission set's statement, the workload account has "
    "one of its own, and each resource is authorized by the statements that name it"
)
KNOWN[("UNKNOWN_CONDITION_FOR_ACTION", "token.actions.githubusercontent.com:")] = (
    "a trust policy of an OIDC provider conditions on the provider's claims, named after its "
    "host; IAM's docs for GitHub's provider use token.actions.githubusercontent.com:aud and :sub "
    "(parliament knows only the global and service keys)"
)

REGIONS = ("eu-west-1", "cn-north-1", "us-gov-west-1")


def stack(region: str) -> Settings:
    partition = {"eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov"}[region]
    return Settings(
        domain_id="d-abc123",
        region=region,
        profile_deletion="delete",
        per_user_execution_roles=True,
        execution_role_policy_arns=(f"arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess",),
        org_guard=True,
        deploy_role_arn=f"arn:{partition}:iam::123456789012:role/deploy",
        org_guard_role_arn=f"arn:{partition}:iam::999988887777:role/org",
        org_read_role_arn=f"arn:{partition}:iam::999988887777:role/org-read",
        org_guard_targets=("ou-ab12-cdef3456", "r-ab12", "123456789012"),
        github_repository="example-org/studio-access",
        auth_mode="sso",
        identity_store_id="d-1234567890",
        sso_application_arn=f"arn:{partition}:sso::999988887777:application/"
        "ssoins-1234567890abcdef/apl-1234567890abcdef",
        identity_center_role_arn=f"arn:{partition}:iam::999988887777:role/idc",
        identity_center_read_role_arn=f"arn:{partition}:iam::999988887777:role/idc-read",
    )


def federated(region: str) -> Settings:
    """The permission set's writes, directly in the deploy role's policy."""
    partition = stack(region).partition
    return Settings(
        domain_id="d-abc123",
        region=region,
        deploy_role_arn=f"arn:{partition}:iam::123456789012:role/deploy",
        federation="identity-center",
        identity_center_instance_arn=f"arn:{partition}:sso:::instance/ssoins-1234567890abcdef",
        identity_center_group_id="90676e2f1e-1234abcd-5678-90ab-cdef-1234567890ab",
    )


def parts(text: str) -> list[str]:
    """Each managed policy of ``ci-policy``'s output (one document, or a list of them)."""
    loaded = json.loads(text)
    return [json.dumps(part) for part in (loaded if isinstance(loaded, list) else [loaded])]


def ci_texts(role: str, settings: Settings) -> list[str]:
    actions = audit_role_actions(settings) if role == "audit" else ()
    return parts(
        ci_policy_text(
            role,
            settings,
            actions,
            org_reads=org_read_role_actions(settings),
            identity_center_reads=identity_center_read_role_actions(settings),
        )
    )


def as_identity_policy(trust: str) -> str:
    """A trust policy's actions and conditions, in the identity-policy form parliament reads.

    parliament has no mode for trust policies (they name a Principal and no Resource); the
    resource a trust policy governs is the role itself, so that is what the statement gets.
    """
    document = json.loads(trust)
    for statement in document["Statement"]:
        statement.pop("Principal")
        statement["Resource"] = "arn:aws:iam::123456789012:role/the-role"
    return json.dumps(document)


def identity_center_stacks():
    """Stacks that involve Identity Center, guarded: their documents in full (the CI roles'
    are linted above)."""
    guarded = stack("eu-west-1")
    yield "identity-center-domain", guarded
    yield (
        "identity-center-federation",
        Settings(
            **{
                **federated("eu-west-1").__dict__,
                "org_guard": True,
                "org_guard_targets": guarded.org_guard_targets,
                "identity_center_role_arn": guarded.identity_center_role_arn,
                "break_glass_role_arns": ("arn:aws:iam::123456789012:role/BreakGlass",),
            }
        ),
    )


def documents():
    for region in REGIONS:
        settings = stack(region)
        direct = Settings(
            **{
                **settings.__dict__,
                "org_guard_role_arn": None,
                "org_read_role_arn": None,
                "identity_center_role_arn": None,
                "identity_center_read_role_arn": None,
            }
        )
        for index, text in enumerate(policy_texts(settings, "hardened"), start=1):
            yield f"{region}/member-hardened-{index}", text
        yield f"{region}/member-seed", policy_text(settings, "seed")
        for index, text in enumerate(execution_role_policy_texts(settings), start=1):
            yield f"{region}/execution-role-guard-{index}", text
        yield f"{region}/meter-role", meter_role_policy_text(settings, "prod")
        for index, text in enumerate(scp_texts(settings), start=1):
            yield f"{region}/scp-{index}", text
        for role in CI_ROLES:
            for index, text in enumerate(ci_texts(role, settings), start=1):
                yield f"{region}/ci-{role}-{index}", text
            if role in GITHUB_SUBJECTS or role in TRUSTED_CI_ROLES:
                yield f"{region}/trust-{role}", as_identity_policy(trust_text(role, settings))
        for role in ("preview", "deploy", "audit"):
            for index, text in enumerate(ci_texts(role, direct), start=1):
                yield f"{region}/ci-{role}-without-management-roles-{index}", text
        for index, text in enumerate(ci_texts("deploy", federated(region)), start=1):
            yield f"{region}/ci-deploy-permission-set-{index}", text
    for name, settings in identity_center_stacks():
        for document, texts in (
            ("member", policy_texts(settings)),
            ("execution-role-guard", execution_role_policy_texts(settings)),
            ("scp", scp_texts(settings)),
        ):
            for index, text in enumerate(texts, start=1):
                yield f"{name}/{document}-{index}", text
    metered = Settings(
        **{
            **stack("eu-west-1").__dict__,
            "studio": StudioLevel(values=(("monthly_budget_usd", 5.0),)),
        }
    )
    for role in ("preview", "deploy", "audit"):
        for index, text in enumerate(ci_texts(role, metered), start=1):
            yield f"metered/ci-{role}-{index}", text
    trusted = [
        "123456789012",
        "arn:aws:iam::123456789012:role/Admins",
        "arn:aws:iam::123456789012:saml-provider/Corp",
    ]
    yield "role-trust", as_identity_policy(trust_policy_text(trusted))
    yield "execution-role-trust", as_identity_policy(execution_role_trust_text())
    yield "meter-role-trust", as_identity_policy(json.dumps(LAMBDA_TRUST))


@pytest.mark.parametrize(("name", "text"), list(documents()), ids=[n for n, _ in documents()])
def test_parliament_finds_nothing_but_the_known_false_positives(name, text):
    findings = analyze_policy_string(text).findings
    unexplained = [
        f"{f.issue}: {f.detail}"
        for f in findings
        if not any(issue == f.issue and needle in json.dumps(f.detail) for issue, needle in KNOWN)
    ]
    assert not unexplained, unexplained


def test_start_session_is_a_sagemaker_operation():
    """The first known false positive, checked against botocore's SageMaker service model."""
    model = botocore.session.get_session().get_service_model("sagemaker")
    assert "StartSession" in model.operation_names
    resource = model.operation_model("StartSession").input_shape.members["ResourceIdentifier"]
    assert "sagemaker" in resource.metadata["pattern"]
