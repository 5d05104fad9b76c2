"""The documents: seed statements verbatim, guards scoped to this project, stable text, sizes.

What each statement stops is proven by evaluating the text (test_attacks.py); here the text
itself: its order, its scoping to the project's names, domain and partition, its determinism,
and that it fits IAM's limits.
"""

from __future__ import annotations

import json
import re

import pytest

from components.core import statement_ids as sid
from components.core.settings.stack import Settings
from components.policies import guards, studio_guards
from components.policies import member as policy
from components.policies.execution_role import (
    STUDIO_OPEN_SID,
    build_execution_role_policy,
    execution_role_policy_text,
    execution_role_policy_texts,
)


def statements(text: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(text)["Statement"]}


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


#: Every guard, in the order the member policy lists them after the seed.
GUARDS = [
    sid.UNTAGGED_PRINCIPAL,
    sid.ACCESS_TAG_BINDING,
    sid.TAGS,
    sid.MANAGED_PRINCIPALS,
    sid.TRUSTED_PRINCIPALS,
    sid.LEAVE_GROUP,
    sid.CHANGE_POLICY,
    sid.DETACH_ROLE_POLICY,
    sid.IMPERSONATION,
    sid.PROFILE_ADMIN,
    sid.STUDIO_CODE,
    sid.OTHER_SPACES,
    sid.PRIVATE_APPS,
    sid.PROFILE_APPS,
    sid.SESSIONS,
    sid.IDENTITY_PROVIDERS,
    sid.PROFILE_ACCESS_TAGS,
]


def test_hardened_keeps_the_seed_first_and_adds_one_deny_per_family_of_attacks():
    hardened = statements(policy.policy_text(Settings(), "hardened"))
    seed = statements(policy.policy_text(Settings(), "seed"))
    assert list(hardened)[:2] == list(seed)
    assert all(hardened[sid] == seed[sid] for sid in seed)
    assert list(hardened)[2:] == GUARDS
    assert all(hardened[sid]["Effect"] == "Deny" for sid in GUARDS)


def test_the_execution_role_guard_carries_the_same_guards_and_opens_only_its_own_studio():
    guard = statements(execution_role_policy_text(Settings()))
    assert list(guard) == [STUDIO_OPEN_SID, *GUARDS[1:]]
    assert guard[sid.ACCESS_TAG_BINDING]["Condition"]["Null"] == {
        "aws:PrincipalTag/studiouserid": "false"
    }, "untagged shared execution roles are the norm; a tag on one must be its own"
    member = statements(policy.policy_text(Settings()))
    for statement_id in (
        sid.TAGS,
        sid.LEAVE_GROUP,
        sid.IMPERSONATION,
        sid.IDENTITY_PROVIDERS,
    ):
        assert guard[statement_id] == member[statement_id], (
            f"{statement_id}: one builder, the same statement"
        )
    assert guard[STUDIO_OPEN_SID]["NotResource"] == (
        "arn:aws:sagemaker:*:*:user-profile/${sagemaker:DomainId, '-'}/${sagemaker:UserProfileName, '-'}"
    ), "a notebook is named by its Studio context, never by a tag its session could be given"


def test_default_variant_is_hardened():
    assert policy.policy_text(Settings()) == policy.policy_text(Settings(), "hardened")
    assert policy.policy_text(Settings(policy="seed")) == policy.policy_text(Settings(), "seed")


def test_guards_are_scoped_to_this_projects_names_tag_and_domain():
    settings = Settings(
        group_name="ml-studio", policy_name="ml-deny", tag_key="owner", domain_id="d-abc"
    )
    hardened = statements(policy.policy_text(settings))
    assert hardened[sid.LEAVE_GROUP]["Resource"] == [
        "arn:aws:iam::*:group/ml-studio",
        "arn:aws:iam::*:group/*/ml-studio",
    ], "the group under any path, so moving it does not escape the guard"
    both = ["arn:aws:iam::*:policy/ml-deny", "arn:aws:iam::*:policy/ml-deny-*"]
    assert hardened[sid.CHANGE_POLICY]["Resource"] == both
    assert hardened[sid.DETACH_ROLE_POLICY]["Condition"] == {"ArnLike": {"iam:PolicyARN": both}}
    assert hardened[sid.UNTAGGED_PRINCIPAL]["Condition"] == {
        "Null": {"aws:PrincipalTag/owner": "true"}
    }
    assert hardened[sid.TAGS]["Condition"] == {
        "ForAnyValue:StringEqualsIgnoreCase": {
            "aws:TagKeys": ["owner", "owner-profile", "sagemaker:user-profile-arn"]
        },
        "Null": {"sagemaker:TaggingAction": "true"},
    }
    assert hardened[sid.IMPERSONATION]["Condition"] == {
        "StringNotEquals": {"aws:ResourceTag/owner": "${aws:PrincipalTag/owner, '-'}"},
        "Null": {"aws:ResourceTag/owner": "false"},
    }
    assert hardened[sid.PROFILE_ADMIN]["Resource"] == [
        "arn:aws:sagemaker:*:*:user-profile/*",
        "arn:aws:sagemaker:*:*:domain/*",
    ], "every domain: a domain of one's own could share the managed domain's file system"
    assert "sagemaker:CreateDomain" in hardened[sid.PROFILE_ADMIN]["Action"]
    assert hardened[sid.ACCESS_TAG_BINDING]["Condition"] == {
        "ArnNotLike": {
            "aws:PrincipalArn": [
                "arn:aws:iam::*:user/studio-access/${aws:PrincipalTag/owner-profile, '-'}/"
                "${aws:PrincipalTag/owner, '-'}",
                "arn:aws:iam::*:role/studio-access/${aws:PrincipalTag/owner-profile, '-'}/"
                "${aws:PrincipalTag/owner, '-'}",
            ]
        }
    }, "the member policy binds every caller: its tags must be spelled by its own ARN"
    assert hardened[sid.MANAGED_PRINCIPALS]["Resource"] == [
        "arn:aws:iam::*:user/studio-access/*",
        "arn:aws:iam::*:role/studio-access/*",
        "arn:aws:iam::*:role/aws-reserved/*",
    ], "Identity Center's permission-set roles too: the organization guard honours their tags"
    assert hardened[sid.OTHER_SPACES]["Condition"]["ArnNotLike"] == {
        "sagemaker:OwnerUserProfileArn": [
            "arn:aws:sagemaker:*:*:user-profile/d-abc/${aws:PrincipalTag/owner-profile, '-'}"
        ]
    }
    assert "studiouserid" not in policy.policy_text(settings)


def test_every_variable_has_a_default_so_no_evaluator_can_read_a_missing_tag_as_a_match():
    """A negated operator against a variable with no value: the IAM User Guide says it matches,
    some evaluators say it does not. With ``${key, '-'}`` there is no null to disagree about;
    the seed's verbatim statement is one exception, and the Null guard covers it. The other is a
    variable whose key the statement's own ``Null`` condition requires: it always has a value,
    and without a default an empty one reads the same under every evaluator."""
    settings = Settings(federation="saml", saml_provider_arn="arn:aws:iam::1:saml-provider/C")
    for text in (policy.policy_text(settings), execution_role_policy_text(settings)):
        for statement in json.loads(text)["Statement"]:
            variables = re.findall(r"\$\{[^}]*\}", json.dumps(statement))
            present = [
                key
                for key, value in statement.get("Condition", {}).get("Null", {}).items()
                if value == "false"
            ]
            if statement["Sid"] != policy.SEED_DENY_SID:
                assert all(v.endswith(", '-'}") or v[2:-1] in present for v in variables), (
                    statement["Sid"],
                    variables,
                )


@pytest.mark.parametrize("variant", ["hardened", "seed"])
def test_text_is_deterministic_account_agnostic_and_independent_of_the_roster(variant):
    texts = {policy.policy_text(Settings(), variant) for _ in range(3)}
    assert len(texts) == 1
    text = texts.pop()
    assert not re.search(r"\d{12}", text), "no account id in the document"
    assert text == json.dumps(json.loads(text), indent=2), "stable formatting"


def test_a_typical_stack_takes_one_managed_policy_per_document():
    typical = Settings(
        domain_id="d-abcdefghijkl",
        default_execution_role_arn="arn:aws:iam::123456789012:role/service-role/"
        "AmazonSageMaker-ExecutionRole-20240101T000000",
        per_user_execution_roles=True,
        execution_role_policy_arns=("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",),
    )
    assert len(policy.policy_texts(typical)) == 1
    assert len(execution_role_policy_texts(typical)) == 1


def test_names_too_long_for_one_policy_split_it_in_order_into_parts_that_fit():
    longest = Settings(
        group_name="g" * 128, policy_name="p" * 113, tag_key="k" * 120, domain_id="d-" + "a" * 61
    )
    for texts, document in (
        (policy.policy_texts(longest), policy.build_policy(longest)),
        (execution_role_policy_texts(longest), build_execution_role_policy(longest)),
    ):
        assert len(texts) == 2
        assert all(policy.counted_size(text) <= policy.MANAGED_POLICY_MAX for text in texts)
        assert policy.merged(texts) == document, "every statement, in order, exactly once"
    printed = json.loads(policy.policy_text(longest))
    assert printed == [json.loads(text) for text in policy.policy_texts(longest)]
    assert policy.part_names("p", 3) == ["p", "p-2", "p-3"]


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="unknown policy variant"):
        policy.build_policy(Settings(), "lenient")


def _operations(service: str) -> list[str]:
    import botocore.session

    return botocore.session.get_session().get_service_model(service).operation_names


def _covered(patterns, service: str, operation: str) -> bool:
    import fnmatch

    return any(fnmatch.fnmatchcase(f"{service}:{operation}", p) for p in patterns)


@pytest.mark.parametrize(
    ("patterns", "service", "subject", "reads"),
    [
        (guards.IDENTITY_PROVIDER_WRITES, "iam", "Provider", ("Get", "List")),
        (studio_guards.STUDIO_CODE_WRITES, "sagemaker", "Image", ("Describe", "List", "Search")),
        (
            studio_guards.STUDIO_CODE_WRITES,
            "sagemaker",
            "StudioLifecycleConfig",
            ("Describe", "List"),
        ),
    ],
)
def test_the_action_patterns_cover_every_write_and_no_read_of_the_aws_model(
    patterns, service, subject, reads
):
    """Wildcards keep the documents short; botocore's service model keeps them exact."""
    for operation in _operations(service):
        if subject not in operation or "InstanceProfile" in operation:
            continue
        is_read = operation.startswith(reads)
        is_tag = operation.startswith(("Tag", "Untag", "AddTags", "DeleteTags"))
        assert _covered(patterns, service, operation) == (not is_read and not is_tag), operation
