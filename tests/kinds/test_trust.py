"""Role trust policies built from ``principal.trusted``."""

import json

import pytest

from components.kinds.execution_roles import trust_policy_text as execution_role_trust_text
from components.kinds.role_trust import SAML_AUDIENCES, trust_policy, trust_policy_text

SAML_AUDIENCE = SAML_AUDIENCES["aws"]


def test_accounts_roles_and_saml_providers():
    trusted = [
        "arn:aws:iam::111122223333:saml-provider/Corp",
        "arn:aws:iam::111122223333:role/Admins",
        "444455556666",
    ]
    assert trust_policy(trusted)["Statement"] == [
        {
            "Sid": "AssumeFromTrustedPrincipals",
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::111122223333:role/Admins", "444455556666"]},
            "Action": "sts:AssumeRole",
        },
        {
            "Sid": "AssumeWithSaml",
            "Effect": "Allow",
            "Principal": {"Federated": ["arn:aws:iam::111122223333:saml-provider/Corp"]},
            "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"SAML:aud": SAML_AUDIENCE}},
        },
    ]


def test_session_tags_are_never_trusted():
    text = trust_policy_text(
        ["arn:aws:iam::111122223333:role/Admins", "arn:aws:iam::1:saml-provider/x"]
    )
    assert "TagSession" not in text
    assert json.loads(text)["Version"] == "2012-10-17"


def test_a_role_nobody_can_assume_is_refused():
    with pytest.raises(ValueError):
        trust_policy([])


@pytest.mark.parametrize(
    ("partition", "audience"),
    [
        ("aws", "https://signin.aws.amazon.com/saml"),
        ("aws-cn", "https://signin.amazonaws.cn/saml"),
        ("aws-us-gov", "https://signin.amazonaws-us-gov.com/saml"),
    ],
)
def test_saml_sign_in_uses_the_partitions_audience(partition, audience):
    provider = f"arn:{partition}:iam::111122223333:saml-provider/Corp"
    (statement,) = trust_policy([provider], partition)["Statement"]
    assert statement["Condition"] == {"StringEquals": {"SAML:aud": audience}}


def test_a_per_user_execution_role_trusts_sagemaker_alone():
    (statement,) = json.loads(execution_role_trust_text())["Statement"]
    assert statement["Principal"] == {"Service": "sagemaker.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole", "no session tags, no other service"
