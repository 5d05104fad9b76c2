"""The policy document: seed statements verbatim, guards scoped to this project, stable text."""

from __future__ import annotations

import json
import re

import pytest

from components.policies import member as policy
from components.roster.settings import Settings

IAM_MANAGED_POLICY_MAX = 6144  # characters, not counting whitespace


def statements(settings: Settings, variant: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(policy.policy_text(settings, variant))["Statement"]}


def test_seed_variant_is_exactly_the_two_seed_statements():
    assert json.loads(policy.policy_text(Settings(), "seed")) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenySageMakerProfileAccessUnlessTagsMatch",
                "Effect": "Deny",
                "Action": "sagemaker:CreatePresignedDomainUrl",
                "Resource": "arn:aws:sagemaker:*:*:user-profile/*",
                "Condition": {
                    "StringNotEquals": {
                        "sagemaker:ResourceTag/studiouserid": "${aws:PrincipalTag/studiouserid}"
                    }
                },
            },
            {
                "Sid": "AmazonSageMakerPresignedUrlPolicy",
                "Effect": "Allow",
                "Action": [
                    "sagemaker:List*",
                    "sagemaker:Describe*",
                    "sagemaker:CreatePresignedDomainUrl",
                ],
                "Resource": "*",
            },
        ],
    }


def test_hardened_keeps_the_seed_first_and_adds_one_guard_per_attack():
    hardened = statements(Settings(), "hardened")
    seed = statements(Settings(), "seed")
    assert list(hardened)[:2] == list(seed)
    assert all(hardened[sid] == seed[sid] for sid in seed)
    assert list(hardened)[2:] == [
        policy.UNTAGGED_PRINCIPAL_SID,
        policy.PROFILE_TAG_SID,
        policy.PRINCIPAL_TAG_SID,
        policy.LEAVE_GROUP_SID,
        policy.CHANGE_POLICY_SID,
        policy.DETACH_ROLE_POLICY_SID,
        policy.IMPERSONATION_SID,
    ]
    assert all(hardened[sid]["Effect"] == "Deny" for sid in list(hardened)[2:])


def test_default_variant_is_hardened():
    assert policy.policy_text(Settings()) == policy.policy_text(Settings(), "hardened")
    assert policy.policy_text(Settings(policy="seed")) == policy.policy_text(Settings(), "seed")


def test_guards_are_scoped_to_this_projects_group_and_policy():
    settings = Settings(group_name="ml-studio", policy_name="ml-deny", tag_key="owner")
    hardened = statements(settings, "hardened")
    assert hardened[policy.LEAVE_GROUP_SID]["Resource"] == "arn:aws:iam::*:group/ml-studio"
    assert hardened[policy.CHANGE_POLICY_SID]["Resource"] == "arn:aws:iam::*:policy/ml-deny"
    assert hardened[policy.DETACH_ROLE_POLICY_SID]["Condition"] == {
        "ArnLike": {"iam:PolicyARN": "arn:aws:iam::*:policy/ml-deny"}
    }
    assert hardened[policy.UNTAGGED_PRINCIPAL_SID]["Condition"] == {
        "Null": {"aws:PrincipalTag/owner": "true"}
    }
    for sid in (policy.PROFILE_TAG_SID, policy.PRINCIPAL_TAG_SID):
        assert hardened[sid]["Condition"] == {
            "ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": ["owner"]}
        }
    assert hardened[policy.IMPERSONATION_SID]["Condition"] == {
        "StringNotEquals": {"aws:ResourceTag/owner": "${aws:PrincipalTag/owner}"},
        "Null": {"aws:ResourceTag/owner": "false"},
    }
    assert "studiouserid" not in policy.policy_text(settings)


@pytest.mark.parametrize("variant", ["hardened", "seed"])
def test_text_is_deterministic_and_account_agnostic(variant):
    texts = {policy.policy_text(Settings(domain_id=d), variant) for d in (None, "d-abc", "d-xyz")}
    assert len(texts) == 1, "the same text for every stack with the same names"
    text = texts.pop()
    assert not re.search(r"\d{12}", text), "no account id in the document"
    assert text == json.dumps(json.loads(text), indent=2), "stable formatting"


@pytest.mark.parametrize("variant", ["hardened", "seed"])
def test_size_is_below_the_managed_policy_limit(variant):
    longest = Settings(group_name="g" * 128, policy_name="p" * 128, tag_key="k" * 120)
    text = policy.policy_text(longest, variant)
    assert len(re.sub(r"\s", "", text)) < IAM_MANAGED_POLICY_MAX
    assert len(policy.policy_text(Settings(), variant)) < IAM_MANAGED_POLICY_MAX, (
        "even with whitespace"
    )


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="unknown policy variant"):
        policy.build_policy(Settings(), "lenient")
