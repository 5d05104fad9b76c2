"""Answers that are not the AWS API's, field by field: every client of ``components.aws.client``
refuses them with one line naming the call, whether the code calls through ``Aws.call``,
``Aws.pages`` or the client itself; valid answers still pass."""

from __future__ import annotations

import pytest
from junk_endpoint import JSON, XML, junk_endpoint

from components.aws.client.errors import CALL_ERRORS, AwsError
from components.aws.client.session import connect
from components.aws.read.iam_inventory import read_iam
from components.core.settings.stack import Settings

pytest_plugins = ("aws_fixtures",)

DOMAIN = {"DomainId": "d-1"}
#: (service, method, parameters, HTTP status, content type, body, words the message holds)
CASES = {
    "domain settings a string": (
        "sagemaker", "describe_domain", DOMAIN, 200, JSON,
        '{"DomainArn": "arn:x", "DefaultUserSettings": "abc"}',
        "DefaultUserSettings is the string 'abc', where the service sends an object",
    ),
    "a time that is not one": (
        "sagemaker", "describe_domain", DOMAIN, 200, JSON,
        '{"DomainArn": "arn:x", "CreationTime": "yesterday"}', "CreationTime",
    ),
    "spaces a string": ("sagemaker", "list_spaces", {}, 200, JSON, '{"Spaces": "abc"}', "Spaces"),
    "spaces a number": ("sagemaker", "list_spaces", {}, 200, JSON, '{"Spaces": 5}', "Spaces"),
    "a null space": ("sagemaker", "list_spaces", {}, 200, JSON, '{"Spaces": [null]}', "Spaces[0] is null"),
    "profiles an object": (
        "sagemaker", "list_user_profiles", {}, 200, JSON, '{"UserProfiles": {"a": 1}}', "UserProfiles",
    ),
    "null and a number for profiles": (
        "sagemaker", "list_user_profiles", {}, 200, JSON, '{"UserProfiles": [null, 3]}', "UserProfiles[0]",
    ),
    "a profile name that is a number": (
        "sagemaker", "list_user_profiles", {}, 200, JSON,
        '{"UserProfiles": [{"UserProfileName": 5, "DomainId": "d-1"}]}',
        "UserProfiles[0].UserProfileName is the number 5",
    ),
    "a tag that is a number": (
        "sagemaker", "list_tags", {"ResourceArn": "arn:x"}, 200, JSON,
        '{"Tags": [{"Key": "a", "Value": "b"}, 7]}', "Tags[1]",
    ),
    "events a string": ("cloudtrail", "lookup_events", {}, 200, JSON, '{"Events": "abc"}', "Events"),
    "a null event": ("cloudtrail", "lookup_events", {}, 200, JSON, '{"Events": [null]}', "Events[0]"),
    "an error whose body is a list": ("sagemaker", "describe_domain", DOMAIN, 400, JSON, "[]", "HTTP 400"),
    "an error whose body is null": ("sagemaker", "describe_domain", DOMAIN, 500, JSON, "null", "HTTP 500"),
    "an HTML page as XML": (
        "iam", "get_account_authorization_details", {}, 200, XML, "<html><body>hi</body></html>",
        "HTTP 200",
    ),
    "an IAM date that is not one": (
        "iam", "list_roles", {}, 200, XML,
        '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult>'
        "<IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>r</RoleName>"
        "<RoleId>AROA1</RoleId><Arn>arn:aws:iam::1:role/r</Arn><CreateDate>garbage</CreateDate>"
        "</member></Roles></ListRolesResult></ListRolesResponse>",
        "HTTP 200",
    ),
    "IAM truncated without a marker": (
        "iam", "get_account_authorization_details", {}, 200, XML,
        '<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        "<GetAccountAuthorizationDetailsResult><IsTruncated>true</IsTruncated><UserDetailList/>"
        "<GroupDetailList/><RoleDetailList/><Policies/></GetAccountAuthorizationDetailsResult>"
        "</GetAccountAuthorizationDetailsResponse>",
        "its answer says IsTruncated but gives no Marker to read the rest",
    ),
    "IAM roles truncated with an empty marker": (
        "iam", "list_roles", {}, 200, XML,
        '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult>'
        "<IsTruncated>true</IsTruncated><Marker></Marker><Roles/></ListRolesResult></ListRolesResponse>",
        "says IsTruncated but gives no Marker",
    ),
    "a query without items": ("dynamodb", "query", {"TableName": "t"}, 200, JSON, "{}", "Items"),
    "a table description without the table": (
        "dynamodb", "describe_table", {"TableName": "t"}, 200, JSON, "{}", "no Table",
    ),
}  # fmt: skip


@pytest.fixture
def endpoint(aws_env, monkeypatch):
    """Point every client at a junk endpoint serving the given answer."""

    def serve(status: int, content_type: str, body: str):
        context = junk_endpoint(body, content_type, status)
        url = context.__enter__()
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
        return context

    contexts = []
    yield lambda *args: contexts.append(serve(*args))
    for context in contexts:
        context.__exit__(None, None, None)


def _one_line(error: AwsError, service: str, operation: str) -> str:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"AWS {service} {operation}")
    assert "probably not the AWS API" in message
    return message


@pytest.mark.parametrize("case", list(CASES))
def test_a_wrong_answer_is_one_line_through_call_pages_and_the_client(endpoint, case):
    service, method, params, status, content_type, body, words = CASES[case]
    endpoint(status, content_type, body)
    aws, _ = connect(Settings(region="eu-west-1"))
    client = aws.client(service)
    operation = client.meta.method_to_api_mapping[method]
    with pytest.raises(AwsError) as called:
        aws.call(service, method, **params)
    assert words in _one_line(called.value, service, operation)
    if client.can_paginate(method):
        with pytest.raises(AwsError) as paged:
            list(aws.pages(service, method, **params))
        assert words in _one_line(paged.value, service, operation)
    with pytest.raises((*CALL_ERRORS, AwsError)) as raw:
        getattr(client, method)(**params)
    explained = raw.value if isinstance(raw.value, AwsError) else aws.explain(raw.value)
    assert words in _one_line(explained, service, operation)


@pytest.mark.parametrize(
    ("service", "method", "params", "body"),
    [
        ("sagemaker", "describe_domain", DOMAIN, '{"DomainArn": "arn:x", "DomainName": null}'),
        (
            "sagemaker",
            "list_user_profiles",
            {},
            '{"UserProfiles": [{"UserProfileName": "a", "CreationTime": 1700000000.5}]}',
        ),
        ("cloudtrail", "lookup_events", {}, '{"Events": [], "Unknown": [null, 3]}'),
    ],
)
def test_an_answer_of_the_models_types_passes(endpoint, service, method, params, body):
    endpoint(200, JSON, body)
    aws, _ = connect(Settings(region="eu-west-1"))
    assert isinstance(aws.call(service, method, **params), dict)


def test_a_next_token_received_twice_stops_at_once(endpoint):
    endpoint(200, JSON, '{"Spaces": [], "NextToken": "again"}')
    aws, _ = connect(Settings(region="eu-west-1"))
    with pytest.raises(AwsError, match="same next token was received twice"):
        list(aws.pages("sagemaker", "list_spaces", DomainIdEquals="d-1"))
    assert aws.calls.count("sagemaker", "ListSpaces") == 2


@pytest.mark.parametrize("document", ["not%20json", "%5B1%2C2%5D"], ids=["text", "a list"])
def test_a_trust_policy_that_is_not_a_json_object_is_not_iams(endpoint, document):
    endpoint(
        200,
        XML,
        '<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        "<GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated>"
        "<UserDetailList/><GroupDetailList/><Policies/><RoleDetailList><member><Path>/</Path>"
        "<RoleName>r</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::1:role/r</Arn>"
        f"<AssumeRolePolicyDocument>{document}</AssumeRolePolicyDocument>"
        "</member></RoleDetailList></GetAccountAuthorizationDetailsResult>"
        "</GetAccountAuthorizationDetailsResponse>",
    )
    aws, _ = connect(Settings(region="eu-west-1"))
    with pytest.raises(AwsError) as error:
        read_iam(aws)
    message = _one_line(error.value, "iam", "GetAccountAuthorizationDetails")
    assert "a policy document is not" in message
