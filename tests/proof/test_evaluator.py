"""Tests for components.proof.iam.evaluator, one table per IAM rule.

Each case id names the IAM User Guide page and rule it checks (pages under
https://docs.aws.amazon.com/IAM/latest/UserGuide/): "operators" is
reference_policies_elements_condition_operators, "variables" is reference_policies_variables,
"multi-value" is reference_policies_condition-logic-multiple-context-keys-or-values, "set
operators" is reference_policies_condition-single-vs-multi-valued-context-keys, "resource" is
reference_policies_elements_resource, "grammar" is reference_policies_grammar.
"""

from __future__ import annotations

from typing import Any

import pytest

from components.proof.iam.evaluator import Decision, Policy, PolicyError, Request, evaluate

ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
PROFILE = "arn:aws:sagemaker:us-east-1:111122223333:user-profile/d-abc123/{}"


def doc(*statements: dict[str, Any], version: str = "2012-10-17") -> dict[str, Any]:
    return {"Version": version, "Statement": list(statements)}


def decide(
    statements: list[dict[str, Any]],
    action: str,
    resource: str,
    context: dict[str, Any] | None = None,
    version: str = "2012-10-17",
) -> str:
    policy = Policy(doc(*statements, version=version))
    return evaluate([policy], Request(action, resource, context or {})).effect


def deny_applies(
    condition: dict[str, Any], context: dict[str, Any], version: str = "2012-10-17"
) -> bool:
    """Whether a Deny carrying this condition applies to a request with this context."""
    statement = {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition}
    return decide([statement], "s3:GetObject", "arn:aws:s3:::b/k", context, version) == "Deny"


# --- evaluation logic ---------------------------------------------------------------------------

ADMIN = Policy(doc(ALLOW_ALL), name="AdministratorAccess")
GUARD = Policy(
    doc(
        {"Sid": "DenyBuckets", "Effect": "Deny", "Action": "s3:*", "Resource": "*"},
        {"Sid": "DenyObjects", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
        {"Sid": "AlsoEc2", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
    ),
    name="guard",
)


@pytest.mark.parametrize(
    ("policies", "action", "expected"),
    [
        pytest.param(
            [ADMIN, GUARD],
            "s3:GetObject",
            Decision(False, "Deny", "DenyBuckets", "guard"),
            id="evaluation: explicit Deny in one policy beats an Action '*' Allow in another; first Deny reported",
        ),
        pytest.param(
            [GUARD, ADMIN],
            "ec2:DescribeInstances",
            Decision(True, "Allow", "guard:Statement[2]", "guard"),
            id="evaluation: first matching Allow reported; Sid-less statement named by policy and index",
        ),
        pytest.param(
            [GUARD],
            "iam:CreateUser",
            Decision(False, "ImplicitDeny", None, None),
            id="evaluation: no applicable Allow is an implicit deny",
        ),
        pytest.param(
            [],
            "iam:CreateUser",
            Decision(False, "ImplicitDeny", None, None),
            id="evaluation: a principal without policies is denied by default",
        ),
    ],
)
def test_evaluation_logic(policies: list[Policy], action: str, expected: Decision) -> None:
    assert evaluate(policies, Request(action, "arn:aws:s3:::b")) == expected


def test_unnamed_policy_names_statements_by_index() -> None:
    decision = evaluate([Policy(doc(ALLOW_ALL))], Request("s3:GetObject", "arn:aws:s3:::b"))
    assert decision == Decision(True, "Allow", "Statement[0]", None)


def test_accepts_json_text_and_a_single_statement_object() -> None:
    text = (
        '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}'
    )
    assert evaluate([Policy(text), ADMIN], Request("s3:GetObject", "*")).effect == "Deny"


# --- Action, NotAction, Resource, NotResource ---------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "action", "resource", "expected"),
    [
        pytest.param(
            {"Effect": "Allow", "Action": "SageMaker:createPRESIGNEDdomainurl", "Resource": "*"},
            "sagemaker:CreatePresignedDomainUrl",
            "*",
            "Allow",
            id="action: prefix and action name are case insensitive",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"},
            "sagemaker:ListUserProfiles",
            "*",
            "Allow",
            id="action: * wildcard within the action name",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"},
            "sagemaker:DescribeUserProfile",
            "*",
            "ImplicitDeny",
            id="action: wildcard pattern does not match other actions",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:Get?bject", "Resource": "*"},
            "s3:GetObject",
            "*",
            "Allow",
            id="action: ? matches one character",
        ),
        pytest.param(
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            "s3:GetObject",
            "*",
            "Allow",
            id="notaction: Allow covers every action not listed",
        ),
        pytest.param(
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            "iam:CreateUser",
            "*",
            "ImplicitDeny",
            id="notaction: listed actions are not covered",
        ),
        pytest.param(
            {
                "Effect": "Allow",
                "Action": "iam:*",
                "Resource": "arn:aws:iam::111122223333:user/Bob",
            },
            "iam:GetUser",
            "arn:aws:iam::111122223333:user/bob",
            "ImplicitDeny",
            id="resource: matching is case sensitive",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:*"},
            "s3:GetObject",
            "arn:aws:s3:::bucket/key",
            "Allow",
            id="resource: a * that ends a segment expands beyond the colon boundaries",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "ec2:*", "Resource": "arn:aws:ec2:us-*-1:*:instance/*"},
            "ec2:StartInstances",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
            "Allow",
            id="resource: * inside a segment",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "ec2:*", "Resource": "arn:aws:ec2:us-*-1:*:instance/*"},
            "ec2:StartInstances",
            "arn:aws:ec2:us-east:x-1:111122223333:instance/i-1",
            "ImplicitDeny",
            id="resource: * not ending a segment stays within it",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::11112222333?:user/a"},
            "iam:GetUser",
            "arn:aws:iam::111122223333:user/a",
            "Allow",
            id="resource: ? matches one character",
        ),
        pytest.param(
            {
                "Effect": "Allow",
                "Action": "sagemaker:*",
                "Resource": "arn:aws:sagemaker:*:*:user-profile/*",
            },
            "sagemaker:CreatePresignedDomainUrl",
            PROFILE.format("alice"),
            "Allow",
            id="resource: * in the resource part crosses /",
        ),
        pytest.param(
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::HRBucket/Payroll/*"},
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/Other/x",
            "Deny",
            id="notresource: Deny covers every resource not listed",
        ),
        pytest.param(
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::HRBucket/Payroll/*"},
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/Payroll/x",
            "Allow",
            id="notresource: listed resources are not covered (the Allow-all applies)",
        ),
    ],
)
def test_action_and_resource(
    statement: dict[str, Any], action: str, resource: str, expected: str
) -> None:
    assert (
        decide(
            [statement, ALLOW_ALL] if statement["Effect"] == "Deny" else [statement],
            action,
            resource,
        )
        == expected
    )


# The Resource page's own example: which objects "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*" covers.
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("1/test/object.jpg", "Allow"),
        ("1/2/test/3/object.jpg", "Allow"),
        ("1///test///object.jpg", "Allow"),
        ("/test/object.jpg", "Allow"),
        ("1/test/", "Allow"),
        ("1-test/object.jpg", "ImplicitDeny"),
        ("test/object.jpg", "ImplicitDeny"),
        ("1/2/test.jpg", "ImplicitDeny"),
    ],
    ids=lambda value: f"resource: the page's */test/* example, {value}",
)
def test_resource_documented_example(key: str, expected: str) -> None:
    statement = {
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*",
    }
    assert (
        decide([statement], "s3:GetObject", f"arn:aws:s3:::amzn-s3-demo-bucket/{key}") == expected
    )


# --- policy variables in Resource ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "resource", "context", "version", "expected"),
    [
        pytest.param(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"},
            "arn:aws:s3:::b/alice/x",
            {"aws:username": "alice"},
            "2012-10-17",
            "Allow",
            id="variables: substituted from the request context",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${AWS:UserName}/*"},
            "arn:aws:s3:::b/bob/x",
            {"aws:username": "alice"},
            "2012-10-17",
            "ImplicitDeny",
            id="variables: key names are case-insensitive; another user's prefix does not match",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"},
            "arn:aws:s3:::b//x",
            {},
            "2012-10-17",
            "ImplicitDeny",
            id="variables with no value: a Resource entry with one matches no resource",
        ),
        pytest.param(
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/${aws:username}/*"},
            "arn:aws:s3:::b/alice/x",
            {},
            "2012-10-17",
            "Deny",
            id="variables with no value: a NotResource entry with one matches no resource, so it excludes nothing",
        ),
        pytest.param(
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}",
            },
            "arn:aws:s3:::b-company-wide",
            {},
            "2012-10-17",
            "Allow",
            id="variables: default value when the key has none",
        ),
        pytest.param(
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}",
            },
            "arn:aws:s3:::b-yellow",
            {"aws:PrincipalTag/team": "yellow"},
            "2012-10-17",
            "Allow",
            id="variables: the value wins over the default",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/a${*}"},
            "arn:aws:s3:::b/ab",
            {},
            "2012-10-17",
            "ImplicitDeny",
            id="variables: ${*} is a literal asterisk, not a wildcard",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}"},
            "arn:aws:s3:::b/${aws:username}",
            {"aws:username": "alice"},
            "2008-10-17",
            "Allow",
            id="version: with 2008-10-17 variables are literal text",
        ),
    ],
)
def test_resource_variables(
    statement: dict[str, Any], resource: str, context: dict[str, Any], version: str, expected: str
) -> None:
    statements = [statement, ALLOW_ALL] if statement["Effect"] == "Deny" else [statement]
    assert decide(statements, "s3:GetObject", resource, context, version) == expected


# --- condition operators ------------------------------------------------------------------------

TAG = "aws:PrincipalTag/team"
ROLE = "arn:aws:iam::111122223333:role/admin-x"


def case(condition: dict[str, Any], context: dict[str, Any], expected: bool, rule: str) -> Any:
    return pytest.param(condition, context, expected, id=rule)


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        # String operators
        case(
            {"StringEquals": {TAG: "nlp"}},
            {TAG: "nlp"},
            True,
            "operators: StringEquals exact match",
        ),
        case(
            {"StringEquals": {TAG: "nlp"}},
            {TAG: "NLP"},
            False,
            "operators: StringEquals is case sensitive",
        ),
        case(
            {"StringEquals": {TAG: "nlp"}},
            {},
            False,
            "operators: key not present, values do not match",
        ),
        case(
            {"StringNotEquals": {TAG: "nlp"}},
            {TAG: "cv"},
            True,
            "operators: StringNotEquals negated match",
        ),
        case(
            {"StringNotEquals": {TAG: "nlp"}},
            {TAG: "nlp"},
            False,
            "operators: StringNotEquals equal value",
        ),
        case(
            {"StringNotEquals": {TAG: "nlp"}},
            {},
            True,
            "operators: negated operator, key not present, condition true",
        ),
        case(
            {"StringEqualsIgnoreCase": {TAG: "nlp"}},
            {TAG: "NLP"},
            True,
            "operators: StringEqualsIgnoreCase",
        ),
        case(
            {"StringEqualsIgnoreCase": {TAG: "nlp"}},
            {},
            False,
            "operators: StringEqualsIgnoreCase key not present",
        ),
        case(
            {"StringNotEqualsIgnoreCase": {TAG: "nlp"}},
            {TAG: "NLP"},
            False,
            "operators: StringNotEqualsIgnoreCase equal ignoring case",
        ),
        case(
            {"StringNotEqualsIgnoreCase": {TAG: "nlp"}},
            {TAG: "cv"},
            True,
            "operators: StringNotEqualsIgnoreCase differs",
        ),
        case(
            {"StringLike": {"s3:prefix": "home/*"}},
            {"s3:prefix": "home/a/b"},
            True,
            "operators: StringLike * wildcard",
        ),
        case(
            {"StringLike": {"s3:prefix": "a?c"}},
            {"s3:prefix": "abbc"},
            False,
            "operators: StringLike ? is one character",
        ),
        case(
            {"StringLike": {"s3:prefix": "home"}},
            {"s3:prefix": "home/a"},
            False,
            "operators: StringLike partial match needs a wildcard",
        ),
        case(
            {"StringLike": {"s3:prefix": "home/*"}},
            {"s3:prefix": "Home/a"},
            False,
            "operators: StringLike is case sensitive",
        ),
        case(
            {"StringNotLike": {"s3:prefix": "home/*"}},
            {"s3:prefix": "tmp/a"},
            True,
            "operators: StringNotLike negated match",
        ),
        case(
            {"StringNotLike": {"s3:prefix": "home/*"}},
            {"s3:prefix": "home/a"},
            False,
            "operators: StringNotLike matching value",
        ),
        case(
            {"StringNotLike": {"s3:prefix": "home/*"}},
            {},
            True,
            "operators: StringNotLike, key not present, condition true",
        ),
        # ARN operators
        case(
            {"ArnEquals": {"aws:SourceArn": ROLE}},
            {"aws:SourceArn": ROLE},
            True,
            "operators: ArnEquals",
        ),
        case(
            {"ArnEquals": {"aws:SourceArn": "arn:aws:iam::*:role/admin-*"}},
            {"aws:SourceArn": ROLE},
            True,
            "operators: ArnEquals and ArnLike behave identically (wildcards)",
        ),
        case(
            {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/admin-*"}},
            {"aws:SourceArn": ROLE},
            True,
            "operators: ArnLike wildcards per part",
        ),
        case(
            {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/x"}},
            {"aws:SourceArn": "arn:aws:iam::1:2:role/x"},
            False,
            "operators: each of the six ARN parts is checked separately",
        ),
        case(
            {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/*"}},
            {"aws:SourceArn": "arn:aws:iam::1:role/a:b"},
            True,
            "operators: the sixth ARN part runs to the end, colons included",
        ),
        case(
            {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/Admin-*"}},
            {"aws:SourceArn": ROLE},
            False,
            "operators: Arn matching is case sensitive",
        ),
        case(
            {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/*"}},
            {},
            False,
            "operators: ArnLike key not present",
        ),
        case(
            {"ArnNotEquals": {"aws:SourceArn": ROLE}},
            {"aws:SourceArn": ROLE},
            False,
            "operators: ArnNotEquals same ARN",
        ),
        case(
            {"ArnNotLike": {"aws:SourceArn": "arn:aws:iam::*:role/admin-*"}},
            {"aws:SourceArn": "arn:aws:iam::1:role/dev"},
            True,
            "operators: ArnNotLike negated match",
        ),
        case(
            {"ArnNotLike": {"aws:SourceArn": "arn:aws:iam::*:role/*"}},
            {},
            True,
            "operators: ArnNotLike, key not present, condition true",
        ),
        # Bool and Null
        case(
            {"Bool": {"aws:SecureTransport": "false"}},
            {"aws:SecureTransport": False},
            True,
            "operators: Bool match",
        ),
        case(
            {"Bool": {"aws:SecureTransport": "false"}},
            {"aws:SecureTransport": "true"},
            False,
            "operators: Bool no match",
        ),
        case(
            {"Bool": {"aws:SecureTransport": False}},
            {"aws:SecureTransport": "false"},
            True,
            "grammar: condition values may be JSON booleans",
        ),
        case(
            {"Bool": {"aws:SecureTransport": "false"}}, {}, False, "operators: Bool key not present"
        ),
        case({"Null": {TAG: "true"}}, {}, True, "operators: Null true, key absent"),
        case({"Null": {TAG: "true"}}, {TAG: "nlp"}, False, "operators: Null true, key present"),
        case({"Null": {TAG: "false"}}, {TAG: "nlp"}, True, "operators: Null false, key present"),
        case({"Null": {TAG: "false"}}, {}, False, "operators: Null false, key absent"),
        case(
            {"Null": {"aws:TagKeys": "true"}},
            {"aws:TagKeys": []},
            True,
            "operators: an empty value is a null dataset",
        ),
        # ...IfExists
        case(
            {"StringEqualsIfExists": {TAG: "nlp"}},
            {},
            True,
            "operators: IfExists, key not present, condition true",
        ),
        case(
            {"StringEqualsIfExists": {TAG: "nlp"}},
            {TAG: "cv"},
            False,
            "operators: IfExists, key present, processed as specified",
        ),
        case(
            {"StringNotEqualsIfExists": {TAG: "nlp"}},
            {},
            True,
            "operators: Deny with StringNotEqualsIfExists still denies without the key",
        ),
        case(
            {"StringLikeIfExists": {"ec2:InstanceType": "t2.*"}},
            {"ec2:InstanceType": "m2.micro"},
            False,
            "operators: StringLikeIfExists example table",
        ),
        case(
            {"ArnLikeIfExists": {"aws:SourceArn": ROLE}},
            {},
            True,
            "operators: ArnLikeIfExists key not present",
        ),
        case(
            {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
            {},
            True,
            "notaction: BoolIfExists example denies without MFA information",
        ),
        # several values, keys and operators
        case(
            {"StringEquals": {TAG: ["nlp", "cv"]}},
            {TAG: "cv"},
            True,
            "multi-value: values of one key are ORed",
        ),
        case(
            {"StringNotEquals": {TAG: ["nlp", "cv"]}},
            {TAG: "cv"},
            False,
            "multi-value: negated operator values are NORed (equals one)",
        ),
        case(
            {"StringNotEquals": {TAG: ["nlp", "cv"]}},
            {TAG: "ops"},
            True,
            "multi-value: negated operator values are NORed (equals none)",
        ),
        case(
            {"StringEquals": {TAG: "nlp", "aws:username": "al"}},
            {TAG: "nlp", "aws:username": "bo"},
            False,
            "multi-value: keys in one operator are ANDed",
        ),
        case(
            {"StringEquals": {TAG: "nlp"}, "Bool": {"aws:SecureTransport": "true"}},
            {TAG: "nlp", "aws:SecureTransport": True},
            True,
            "multi-value: operators are ANDed (both true)",
        ),
        case(
            {"StringEquals": {TAG: "nlp"}, "Bool": {"aws:SecureTransport": "true"}},
            {TAG: "nlp"},
            False,
            "multi-value: operators are ANDed (one false)",
        ),
        case(
            {"StringEquals": {"AWS:PrincipalTag/TEAM": "nlp"}},
            {"aws:principaltag/team": "nlp"},
            True,
            "condition: context key names are case-insensitive",
        ),
        case(
            {"ForAnyValue:StringEquals": {TAG: "nlp"}},
            {TAG: ["nlp"]},
            True,
            "set operators: a one-element list is a set of one",
        ),
        # set operators
        case(
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
            {"aws:TagKeys": ["environment"]},
            True,
            "set operators: ForAllValues, every request value matches",
        ),
        case(
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
            {"aws:TagKeys": ["environment", "dept"]},
            False,
            "set operators: ForAllValues, one value does not match",
        ),
        case(
            {"ForAllValues:StringEquals": {"aws:TagKeys": "environment"}},
            {},
            True,
            "set operators: ForAllValues returns true if there are no context keys",
        ),
        case(
            {"ForAllValues:StringEquals": {"aws:TagKeys": "environment"}},
            {"aws:TagKeys": []},
            True,
            "operators: ForAllValues with a null dataset returns true",
        ),
        case(
            {
                "ForAllValues:StringEquals": {"aws:TagKeys": "environment"},
                "Null": {"aws:TagKeys": "false"},
            },
            {},
            False,
            "set operators: Null false stops ForAllValues matching a missing key",
        ),
        case(
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
            {"aws:TagKeys": ["environment", "dept"]},
            True,
            "set operators: ForAnyValue, one request value matches",
        ),
        case(
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
            {"aws:TagKeys": ["dept"]},
            False,
            "set operators: ForAnyValue, no value matches",
        ),
        case(
            {"ForAnyValue:StringEquals": {"aws:TagKeys": "environment"}},
            {},
            False,
            "set operators: ForAnyValue returns false if the key does not exist",
        ),
        case(
            {"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "environment"}},
            {},
            True,
            "operators: IfExists makes a missing key true, set operator or not",
        ),
        case(
            {"ForAllValues:StringNotEquals": {"aws:TagKeys": "a"}},
            {"aws:TagKeys": ["b", "c"]},
            True,
            "operators: ForAllValues:StringNotEquals, no request value matches",
        ),
        case(
            {"ForAllValues:StringNotEquals": {"aws:TagKeys": "a"}},
            {"aws:TagKeys": ["a", "c"]},
            False,
            "operators: ForAllValues:StringNotEquals, one request value matches",
        ),
        case(
            {"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}},
            {"aws:TagKeys": ["a", "c"]},
            True,
            "operators: ForAnyValue:StringNotEquals, one value does not match",
        ),
        case(
            {"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}},
            {"aws:TagKeys": ["a"]},
            False,
            "operators: ForAnyValue:StringNotEquals, every value matches",
        ),
        case(
            {"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}},
            {},
            False,
            "set operators: ForAnyValue, missing key, negated too",
        ),
        case(
            {"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": "Env"}},
            {"aws:TagKeys": ["x", "ENV"]},
            True,
            "operators: ForAnyValue:StringEqualsIgnoreCase",
        ),
        case(
            {"ForAllValues:StringNotEqualsIgnoreCase": {"aws:TagKeys": "Env"}},
            {"aws:TagKeys": ["x", "ENV"]},
            False,
            "operators: ForAllValues:StringNotEqualsIgnoreCase",
        ),
        case(
            {"ForAnyValue:StringLike": {"aws:TagKeys": "team-*"}},
            {"aws:TagKeys": ["x", "team-1"]},
            True,
            "operators: ForAnyValue:StringLike",
        ),
        case(
            {"ForAllValues:StringNotLike": {"aws:ResourceOrgPaths": "o-a/r-b/ou-media/*"}},
            {"aws:ResourceOrgPaths": ["o-a/r-b/ou-sports/x/"]},
            True,
            "operators: ForAllValues:StringNotLike example table",
        ),
        case(
            {"ForAllValues:ArnLike": {"logs:Arns": "arn:aws:cloudfront::1:distribution/*"}},
            {
                "logs:Arns": [
                    "arn:aws:cloudfront::1:distribution/a",
                    "arn:aws:cloudfront::2:distribution/b",
                ]
            },
            False,
            "operators: ForAllValues:ArnLike example table",
        ),
        case(
            {"ForAnyValue:ArnNotLike": {"logs:Arns": "arn:aws:cloudfront::1:distribution/*"}},
            {
                "logs:Arns": [
                    "arn:aws:cloudfront::1:distribution/a",
                    "arn:aws:cloudfront::2:distribution/b",
                ]
            },
            True,
            "operators: ForAnyValue:ArnNotLike",
        ),
        case(
            {"ForAllValues:Bool": {"k:flags": "true"}},
            {"k:flags": [True, "true"]},
            True,
            "operators: ForAllValues:Bool",
        ),
        case(
            {"ForAnyValue:Bool": {"k:flags": "false"}},
            {"k:flags": [True]},
            False,
            "operators: ForAnyValue:Bool",
        ),
        # policy variables in condition values
        case(
            {"StringEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}},
            {"s3:ExistingObjectTag/Team": "a", "aws:PrincipalTag/Team": "a"},
            True,
            "variables: substituted in condition values",
        ),
        case(
            {"StringEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}},
            {"s3:ExistingObjectTag/Team": "a"},
            False,
            "variables with no value: StringEquals does not match",
        ),
        case(
            {"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}},
            {"s3:ExistingObjectTag/Team": "a"},
            True,
            "variables with no value: negated operator matches, so the Deny applies",
        ),
        case(
            {"StringEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}},
            {"s3:ExistingObjectTag/Team": ""},
            False,
            "variables with no value: null does not even equal an empty tag value",
        ),
        case(
            {"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}},
            {"s3:ExistingObjectTag/Team": ""},
            True,
            "variables with no value: negated operator matches an empty tag value too",
        ),
        case(
            {"StringNotEquals": {"s3:ExistingObjectTag/Team": ["${aws:PrincipalTag/Team}", "a"]}},
            {"s3:ExistingObjectTag/Team": "a"},
            False,
            "variables with no value: the null value drops out, the other value still counts",
        ),
        case(
            {"StringLike": {"s3:prefix": "home/${aws:username}/*"}},
            {"s3:prefix": "home//x"},
            False,
            "variables with no value: StringLike does not match",
        ),
        case(
            {"StringNotLike": {"s3:prefix": "home/${aws:username}/*"}},
            {"s3:prefix": "home/x/y"},
            True,
            "variables with no value: StringNotLike matches",
        ),
        case(
            {"StringLike": {"s3:prefix": "home/${aws:username}/*"}},
            {"s3:prefix": "home/alice/x", "aws:username": "alice"},
            True,
            "operators: StringLike with a policy variable",
        ),
        case(
            {"StringLike": {"s3:prefix": "home/${aws:username}/*"}},
            {"s3:prefix": "home/bob/x", "aws:username": "alice"},
            False,
            "operators: StringLike with a policy variable, other user",
        ),
        case(
            {"StringEquals": {TAG: "${aws:username, 'nobody'}"}},
            {TAG: "nobody"},
            True,
            "variables: default value in a condition",
        ),
        case(
            {"StringLike": {"s3:prefix": "a${*}"}},
            {"s3:prefix": "ab"},
            False,
            "variables: ${*} is a literal * (no wildcard)",
        ),
        case(
            {"StringLike": {"s3:prefix": "a${*}"}},
            {"s3:prefix": "a*"},
            True,
            "variables: ${*} matches an asterisk",
        ),
        case(
            {"StringLike": {"s3:prefix": "a${?}"}},
            {"s3:prefix": "ab"},
            False,
            "variables: ${?} is a literal question mark",
        ),
        case(
            {"StringEquals": {"s3:prefix": "cost${$}"}},
            {"s3:prefix": "cost$"},
            True,
            "variables: ${$} is a dollar sign",
        ),
        case(
            {"ArnEquals": {"aws:SourceArn": "arn:aws:iam::${aws:PrincipalAccount}:role/x"}},
            {"aws:SourceArn": "arn:aws:iam::1:role/x", "aws:PrincipalAccount": "1"},
            True,
            "variables: supported with ARN operators",
        ),
        case(
            {"StringLike": {"s3:prefix": "${aws:PrincipalTag/team}"}},
            {"s3:prefix": "anything", TAG: "*"},
            False,
            "variables: a substituted value is literal text (this module's choice; undocumented)",
        ),
    ],
)
def test_condition(condition: dict[str, Any], context: dict[str, Any], expected: bool) -> None:
    assert deny_applies(condition, context) is expected


def test_version_2008_treats_condition_variables_as_text() -> None:
    condition = {"StringEquals": {"s3:prefix": "${aws:username}"}}
    context = {"s3:prefix": "${aws:username}", "aws:username": "alice"}
    assert deny_applies(condition, context, version="2008-10-17")
    assert not deny_applies(condition, context)


def test_missing_version_treats_variables_as_text() -> None:
    # variables: "If you don't include the Version element ... variables like ${aws:username}
    # are treated as literal strings in the policy."
    policy = Policy(
        {
            "Statement": {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "arn:aws:s3:::b/${aws:username}",
            }
        }
    )
    assert policy.version == "2008-10-17"
    request = Request("s3:GetObject", "arn:aws:s3:::b/alice", {"aws:username": "alice"})
    assert evaluate([policy], request).effect == "ImplicitDeny"


# --- the design's isolation policy --------------------------------------------------------------

SEED = Policy(
    doc(
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
    ),
    name="seed",
)


def open_profile(principal_tag: str | None, profile_tag: str | None, owner: str) -> str:
    context = {}
    if principal_tag is not None:
        context["aws:PrincipalTag/studiouserid"] = principal_tag
    if profile_tag is not None:
        context["sagemaker:ResourceTag/studiouserid"] = profile_tag
    request = Request("sagemaker:CreatePresignedDomainUrl", PROFILE.format(owner), context)
    return evaluate([ADMIN, SEED], request).effect


@pytest.mark.parametrize(
    ("principal_tag", "profile_tag", "expected"),
    [
        pytest.param("alice", "alice", "Allow", id="design: own profile opens"),
        pytest.param(
            "alice", "bob", "Deny", id="design: another profile is denied even with admin rights"
        ),
        pytest.param(
            "alice", "Alice", "Deny", id="operators: the tag comparison is case sensitive"
        ),
        pytest.param(
            None, "bob", "Deny", id="variables with no value: an untagged principal is denied"
        ),
        pytest.param(
            "alice", None, "Deny", id="operators: an untagged profile is denied (key not present)"
        ),
    ],
)
def test_seed_policy_isolation(
    principal_tag: str | None, profile_tag: str | None, expected: str
) -> None:
    assert open_profile(principal_tag, profile_tag, profile_tag or "x") == expected


def test_compile_once_evaluate_ten_thousand_requests() -> None:
    outcomes = {"Allow": 0, "Deny": 0}
    for n in range(10_000):
        me, owner = f"user{n % 100}", f"user{n % 7}"
        outcomes[open_profile(me, owner, owner)] += 1
    assert outcomes["Allow"] == sum(1 for n in range(10_000) if n % 100 == n % 7)
    assert sum(outcomes.values()) == 10_000


# --- refused documents --------------------------------------------------------------------------


def statement(**changes: Any) -> dict[str, Any]:
    base = {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def with_condition(condition: Any) -> dict[str, Any]:
    return doc(statement(Condition=condition))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param(
            '{"Version": "2012-10-17", "Statement": [', "not valid JSON", id="malformed JSON"
        ),
        pytest.param("[]", "JSON object", id="JSON that is not an object"),
        pytest.param(
            '{"Statement": [], "Statement": []}', "twice", id="grammar: no key twice in one element"
        ),
        pytest.param('{"Version": NaN}', "NaN", id="JSON: NaN is not JSON"),
        pytest.param(
            {"Version": "2012-10-17", "Statement": [statement()], "Extra": 1},
            "unknown policy element",
            id="unknown top-level key",
        ),
        pytest.param(
            {"Id": "x", "Statement": [statement()]},
            "identity-based",
            id="grammar: Id not in identity-based policies",
        ),
        pytest.param(
            doc(statement(Actions="s3:*")), "unknown element 'Actions'", id="unknown statement key"
        ),
        pytest.param(
            doc(statement(Principal="*")),
            "identity-based",
            id="grammar: Principal not in identity-based policies",
        ),
        pytest.param(
            doc(statement(NotPrincipal={"AWS": "1"})),
            "identity-based",
            id="grammar: NotPrincipal not in identity-based policies",
        ),
        pytest.param(
            {"Version": "2012-10-18", "Statement": [statement()]},
            "Version",
            id="version: only 2008-10-17 and 2012-10-17",
        ),
        pytest.param(
            {"Version": "2012-10-17", "Statement": []},
            "Statement",
            id="grammar: at least one statement",
        ),
        pytest.param({"Version": "2012-10-17"}, "Statement", id="grammar: Statement is required"),
        pytest.param(
            doc(statement(Effect="allow")), "Effect", id="effect: Allow or Deny, case sensitive"
        ),
        pytest.param(doc(statement(Effect=None)), "Effect", id="effect: required"),
        pytest.param(
            doc(statement(NotAction="s3:*")),
            "exactly one of Action",
            id="action: not both Action and NotAction",
        ),
        pytest.param(
            doc(statement(Action=None)),
            "exactly one of Action",
            id="action: Action or NotAction required",
        ),
        pytest.param(
            doc(statement(NotResource="*")),
            "exactly one of Resource",
            id="resource: not both Resource and NotResource",
        ),
        pytest.param(
            doc(statement(Resource=None)),
            "exactly one of Resource",
            id="resource: Resource or NotResource required",
        ),
        pytest.param(
            doc(statement(Action=[])), "non-empty", id="grammar: arrays take one or more values"
        ),
        pytest.param(
            doc(statement(Action="GetObject")),
            "service:action",
            id="grammar: action is service namespace, colon, name",
        ),
        pytest.param(doc(statement(Resource="bucket")), "ARN", id="resource: an ARN or *"),
        pytest.param(
            doc(statement(Sid="A"), statement(Sid="A")), "unique", id="sid: unique within a policy"
        ),
        pytest.param(
            doc(statement(Sid="my-sid")), "letters and digits", id="grammar: Sid is alphanumeric"
        ),
        pytest.param(
            with_condition({"NumericEquals": {"s3:max-keys": "10"}}),
            "not supported",
            id="operators: NumericEquals is not implemented here",
        ),
        pytest.param(
            with_condition({"DateLessThan": {"aws:CurrentTime": "2020-01-01"}}),
            "not supported",
            id="operators: Date operators are not implemented here",
        ),
        pytest.param(
            with_condition({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
            "not supported",
            id="operators: IpAddress is not implemented here",
        ),
        pytest.param(
            with_condition({"StringEqualz": {TAG: "a"}}),
            "not supported",
            id="operators: unknown operator",
        ),
        pytest.param(
            with_condition({"stringequals": {TAG: "a"}}),
            "not supported",
            id="operators: operator names as documented",
        ),
        pytest.param(
            with_condition({"ForSomeValues:StringEquals": {TAG: "a"}}),
            "not supported",
            id="set operators: only ForAllValues and ForAnyValue",
        ),
        pytest.param(
            with_condition({"NullIfExists": {TAG: "true"}}),
            "Null",
            id="operators: IfExists on any operator except Null",
        ),
        pytest.param(
            with_condition({"ForAnyValue:Null": {TAG: "true"}}),
            "Null",
            id="operators: Null is a standalone existence check",
        ),
        pytest.param(
            with_condition({"Null": {TAG: "${aws:username}"}}),
            "true",
            id="operators: no policy variable with Null",
        ),
        pytest.param(
            with_condition({"Bool": {"aws:SecureTransport": "yes"}}),
            "true",
            id="operators: Bool compares to true or false",
        ),
        pytest.param(
            with_condition({"ArnLike": {"aws:SourceArn": "arn:aws:iam"}}),
            "not an ARN",
            id="operators: Arn values have six parts",
        ),
        pytest.param(
            with_condition({"StringEquals": {TAG: 1.5}}),
            "unsupported value",
            id="grammar: condition values are strings, numbers, booleans",
        ),
        pytest.param(
            with_condition({"StringEquals": {TAG: []}}),
            "no values",
            id="grammar: at least one condition value",
        ),
        pytest.param(
            with_condition({"StringEquals": {"team": "a"}}),
            "context key",
            id="condition: keys are prefix:name",
        ),
        pytest.param(
            with_condition({}), "non-empty", id="grammar: a condition holds at least one operator"
        ),
        pytest.param(
            with_condition({"StringEquals": {}}),
            "non-empty",
            id="grammar: an operator holds at least one key",
        ),
        pytest.param(
            with_condition({"StringEquals": {TAG: "${aws:username"}}),
            "unterminated",
            id="variables: unterminated variable",
        ),
        pytest.param(
            with_condition({"StringEquals": {TAG: "${aws:username, nobody}"}}),
            "malformed",
            id="variables: default value in single quotes",
        ),
        pytest.param(
            doc(statement(Resource="arn:aws:s3:${aws:region}::b")),
            "fifth colon",
            id="variables: in Resource only after the fifth colon",
        ),
    ],
)
def test_refused(document: Any, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        Policy(document)


@pytest.mark.parametrize(
    ("condition", "context", "message"),
    [
        pytest.param(
            {"StringEquals": {"aws:TagKeys": "a"}},
            {"aws:TagKeys": ["a", "b"]},
            "ForAllValues or ForAnyValue",
            id="set operators: multivalued keys require a set operator",
        ),
        pytest.param(
            {"StringEquals": {TAG: "${aws:TagKeys}"}},
            {TAG: "a", "aws:TagKeys": ["a", "b"]},
            "multivalued",
            id="variables: a multivalued key cannot be a variable",
        ),
        pytest.param(
            {"StringEquals": {TAG: "nlp"}},
            {TAG: ["nlp"]},
            "ForAllValues or ForAnyValue",
            id="set operators: a one-element list stays a list (multivalued)",
        ),
        pytest.param(
            {"StringEquals": {TAG: "${aws:TagKeys}"}},
            {TAG: "a", "aws:TagKeys": ["a"]},
            "multivalued",
            id="variables: a one-element list cannot be a variable either",
        ),
        pytest.param(
            {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/*"}},
            {"aws:SourceArn": "admin"},
            "not an ARN",
            id="operators: an Arn operator on a request value that is not an ARN is undocumented",
        ),
        pytest.param(
            {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::1:role/x"}},
            {"aws:PrincipalArn": "arn:aws:iam::1"},
            "not an ARN",
            id="operators: a negated Arn operator refuses a non-ARN request value too",
        ),
        pytest.param(
            {"ForAnyValue:ArnLike": {"k:arns": "arn:aws:iam::*:role/*"}},
            {"k:arns": ["arn:aws:iam::1:role/x", "x"]},
            "not an ARN",
            id="operators: every value of a set is checked for Arn operators",
        ),
        pytest.param(
            {"StringNotEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, '-'}"}},
            {"aws:ResourceTag/team": "-", "aws:PrincipalTag/team": ""},
            "reads it as",
            id="variables: an empty tag value whose default reading changes the decision",
        ),
        pytest.param(
            {"ArnLike": {"aws:SourceArn": "${aws:username}"}},
            {"aws:SourceArn": ROLE, "aws:username": "a"},
            "not an ARN",
            id="operators: Arn values have six parts after substitution",
        ),
    ],
)
def test_refused_at_evaluation(
    condition: dict[str, Any], context: dict[str, Any], message: str
) -> None:
    with pytest.raises(PolicyError, match=message):
        deny_applies(condition, context)


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        pytest.param(
            {"StringNotEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, '-'}"}},
            {"aws:ResourceTag/team": "nlp", "aws:PrincipalTag/team": ""},
            True,
            id="both readings ('' and '-') differ from the resource's tag: the Deny applies",
        ),
        pytest.param(
            {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}},
            {"aws:ResourceTag/team": "", "aws:PrincipalTag/team": ""},
            True,
            id="without a default there is one reading: the empty value itself",
        ),
        pytest.param(
            {"StringNotLike": {"aws:ResourceTag/team": ["", "-"]}},
            {"aws:ResourceTag/team": ""},
            False,
            id="an empty value outside any variable is simply empty",
        ),
    ],
)
def test_an_empty_value_that_decides_alike_in_both_readings(
    condition: dict[str, Any], context: dict[str, Any], expected: bool
) -> None:
    assert deny_applies(condition, context) is expected


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Deny", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "sts:GetCallerIdentity", "Resource": "*"},
        {"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"},
    ],
)
def test_get_caller_identity_is_never_denied(statement: dict[str, Any]) -> None:
    """AWS answers GetCallerIdentity whatever the policies say, also without any Allow."""
    policy = Policy(doc(statement))
    request = Request("STS:GetCallerIdentity", "*")
    assert evaluate([policy], request).allowed
    assert evaluate([], request, scps=[policy]).allowed
    assert not evaluate([policy], Request("sts:GetSessionToken", "*")).allowed


def test_context_key_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        Request("s3:GetObject", "*", {"aws:username": "a", "AWS:UserName": "b"})


# --- service control policies -------------------------------------------------------------------
# "SCPs don't grant permissions": a request must be allowed by the identity policies *and* by the
# SCPs; an explicit Deny in either wins (IAM User Guide,
# reference_policies_evaluation-logic_policy-eval-denyallow.html; AWS Organizations User Guide,
# orgs_manage_policies_scps.html, "SCP effects on permissions").

FULL_ACCESS = Policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="FullAWSAccess",
)
ALLOW_S3 = Policy(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
    },
    name="identity",
)
GET = Request("s3:GetObject", "arn:aws:s3:::bucket/key")


def scp(statement: dict[str, Any]) -> Policy:
    return Policy({"Version": "2012-10-17", "Statement": [statement]}, name="guard")


def test_scps_grant_nothing_the_identity_policies_do_not():
    decision = evaluate([], GET, [FULL_ACCESS])
    assert (decision.allowed, decision.effect) == (False, "ImplicitDeny")


def test_a_request_needs_an_allow_from_the_scps_too():
    only_iam = scp({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})
    decision = evaluate([ALLOW_S3], GET, [only_iam])
    assert (decision.allowed, decision.effect, decision.policy) == (
        False,
        "ImplicitDeny",
        "service control policies",
    )
    assert evaluate([ALLOW_S3], GET, [FULL_ACCESS, only_iam]).allowed, "any SCP of the level allows"


def test_an_scp_deny_beats_every_allow():
    deny = scp({"Sid": "NoS3", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"})
    decision = evaluate([ALLOW_S3, ADMIN_LIKE], GET, [FULL_ACCESS, deny])
    assert (decision.allowed, decision.sid, decision.policy) == (False, "NoS3", "guard")


def test_an_identity_deny_still_wins_under_scps():
    deny = Policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Sid": "Mine", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}],
        },
        name="mine",
    )
    decision = evaluate([deny, ALLOW_S3], GET, [FULL_ACCESS])
    assert (decision.allowed, decision.sid) == (False, "Mine")


def test_without_scps_the_identity_policies_decide_alone():
    assert evaluate([ALLOW_S3], GET).allowed
    assert evaluate([ALLOW_S3], GET, None).allowed


ADMIN_LIKE = Policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="AdministratorAccess",
)
