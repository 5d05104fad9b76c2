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

from components.account.permissions import audit_actions
from components.policies.ci import ci_policy_text
from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.policies.org_guard import scp_texts
from components.roster.execution_roles import trust_policy_text as execution_role_trust_text
from components.roster.principals.iam_role import trust_policy_text
from components.roster.settings import Settings

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
        org_guard_targets=("ou-ab12-cdef3456", "r-ab12", "123456789012"),
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


def documents():
    for region in REGIONS:
        settings = stack(region)
        direct = Settings(**{**settings.__dict__, "org_guard_role_arn": None})
        yield f"{region}/member-hardened", policy_text(settings, "hardened")
        yield f"{region}/member-seed", policy_text(settings, "seed")
        yield f"{region}/execution-role-guard", execution_role_policy_text(settings)
        for index, text in enumerate(scp_texts(settings), start=1):
            yield f"{region}/scp-{index}", text
        for role in ("preview", "deploy", "audit", "org"):
            yield f"{region}/ci-{role}", ci_policy_text(role, settings, audit_actions(settings))
        for role in ("preview", "deploy", "audit"):
            yield (
                f"{region}/ci-{role}-without-org-role",
                ci_policy_text(role, direct, audit_actions(direct)),
            )
    trusted = [
        "123456789012",
        "arn:aws:iam::123456789012:role/Admins",
        "arn:aws:iam::123456789012:saml-provider/Corp",
    ]
    yield "role-trust", as_identity_policy(trust_policy_text(trusted))
    yield "execution-role-trust", as_identity_policy(execution_role_trust_text())


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
