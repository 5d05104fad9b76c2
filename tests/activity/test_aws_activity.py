"""``activity`` against a fake CloudTrail: every caller kind attributed, denied attempts first.

The event sets use CloudTrail's own shapes (the CloudTrail User Guide's ``userIdentity``
element: ``IAMUser``, ``AssumedRole`` with ``sessionContext.sessionIssuer`` and
``sourceIdentity``, ``IdentityCenterUser`` with ``onBehalfOf``; ``AssumeRoleWithSAML`` with
``requestParameters.principalTags`` and ``responseElements.credentials``), SageMaker's request
parameters in lower camel case, and ``errorCode: AccessDenied`` for what a guard stopped.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import iam_action_data
import pytest
from aws_env import DOMAIN, REGION, SAML
from fake_cloudtrail import ACCOUNT, FakeCloudTrail, FakeCloudTrailServer
from fake_identity_center import APPLICATION, STORE

from components.activity import lookup

pytest_plugins = ("aws_fixtures",)

NOW = datetime.now(UTC).replace(microsecond=0)
_ids = itertools.count(1)


class FakeClock:
    """Seconds that pass only when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(lookup, "default_pacer", lambda: lookup.Pacer(clock=fake, sleep=fake.sleep))
    return fake


@pytest.fixture
def cloudtrail(aws_env, clock, monkeypatch: pytest.MonkeyPatch):
    fake = FakeCloudTrail(clock=clock)
    with FakeCloudTrailServer(fake) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDTRAIL", server.url)
        yield fake


def at(days: float = 0, hours: float = 1) -> str:
    return (NOW - timedelta(days=days, hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def event(name, identity, params, *, error=None, when=None, response=None, source="sagemaker"):
    body = {
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": when or at(),
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": params,
        "responseElements": response,
        "eventID": f"e-{next(_ids):04d}",
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
    }
    if error:
        body["errorCode"] = error
        body["errorMessage"] = f"User is not authorized to perform: sagemaker:{name}"
    return body


def iam_user(path_and_name: str) -> dict:
    return {
        "type": "IAMUser",
        "principalId": "AIDAEXAMPLE",
        "arn": f"arn:aws:iam::{ACCOUNT}:user/{path_and_name}",
        "accountId": ACCOUNT,
        "accessKeyId": "AKIAEXAMPLE",
        "userName": path_and_name.rsplit("/", 1)[-1],
    }


def session(role: str, name: str, key: str = "ASIAEXAMPLE", **context) -> dict:
    """An ``AssumedRole`` identity of role ``role`` (path and name), session ``name``."""
    role_name = role.rsplit("/", 1)[-1]
    identity = {
        "type": "AssumedRole",
        "principalId": f"AROAEXAMPLE:{name}",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role_name}/{name}",
        "accountId": ACCOUNT,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROAEXAMPLE",
                "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
                "accountId": ACCOUNT,
                "userName": role_name,
            },
            "attributes": {"creationDate": at(), "mfaAuthenticated": "false"},
        },
    }
    if "source_identity" in context:
        identity["sessionContext"]["sourceIdentity"] = context["source_identity"]
    if "on_behalf_of" in context:
        identity["onBehalfOf"] = {
            "userId": context["on_behalf_of"],
            "identityStoreArn": f"arn:aws:identitystore::{ACCOUNT}:identitystore/{STORE}",
        }
    return identity


def saml_sign_in(subject: str, tags: dict, key: str, session_name: str) -> dict:
    """The ``AssumeRoleWithSAML`` of the shared sign-in role that starts a federated session."""
    role = f"arn:aws:iam::{ACCOUNT}:role/studio-access/studio-users"
    return event(
        "AssumeRoleWithSAML",
        {
            "type": "SAMLUser",
            "principalId": f"idp:{subject}",
            "userName": subject,
            "identityProvider": "idp",
        },
        {
            "sAMLAssertionID": "_a1",
            "roleSessionName": session_name,
            "roleArn": role,
            "principalArn": SAML,
            "principalTags": tags,
            "durationSeconds": 3600,
        },
        response={
            "credentials": {"accessKeyId": key, "expiration": "Dec 5, 2026, 1:00:00 PM"},
            "assumedRoleUser": {
                "assumedRoleId": f"AROAEXAMPLE:{session_name}",
                "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-users/{session_name}",
            },
            "subjectType": "persistent",
        },
        source="sts",
    )


def sign_in(identity, profile, **kw):
    return event(SIGN_IN, identity, {"domainId": DOMAIN, "userProfileName": profile}, **kw)


def create_app(identity, *, profile=None, space=None, domain=DOMAIN, **kw):
    params = {"domainId": domain, "appType": "JupyterLab", "appName": "default"}
    params.update({"userProfileName": profile} if profile else {"spaceName": space})
    return event("CreateApp", identity, params, **kw)


SIGN_IN = "CreatePresignedDomainUrl"
ALICE = iam_user("studio-access/alice/alice")
BOB = session("studio-access/bob/bob", "bob-laptop")
ERIN_EXEC = session("service-role/ErinExec", "SageMaker")
FED_ROLE = "studio-access/studio-users"


@pytest.fixture
def iam_stack(project):
    project.stack(federation="saml", samlProviderArn=SAML)
    project.user("alice")
    project.user("bob", f"principal:\n  type: role\n  trusted: [{SAML}]\n")
    project.user("carol", "principal: {type: federated}\n")
    project.user("dan", "principal: {type: federated}\n")
    erin_role = f"arn:aws:iam::{ACCOUNT}:role/service-role/ErinExec"
    project.user("erin", f"execution_role_arn: {erin_role}\n")
    project.user("frank", "status: offboarded\n")
    return project


def iam_events() -> list[dict]:
    outsider = iam_user("mallory")
    return [
        sign_in(ALICE, "alice", when=at(days=2)),
        sign_in(ALICE, "bob", error="AccessDenied"),
        create_app(BOB, profile="bob"),
        create_app(BOB, profile="alice", error="AccessDenied"),
        saml_sign_in(
            "carol@example.com", {"studiouserid": "carol"}, "ASIACAROL1", "carol@example.com"
        ),
        sign_in(
            session(FED_ROLE, "carol@example.com", key="ASIACAROL1"), "carol", when=at(days=40)
        ),
        sign_in(
            session(FED_ROLE, "carol@example.com", key="ASIACONSOLE"), "carol", when=at(days=41)
        ),
        sign_in(
            session(FED_ROLE, "someone@example.com", key="ASIAOLD"), "dan", error="AccessDenied"
        ),
        event(
            "CreateSpace",
            session("service-role/StudioDefault", "SageMaker", source_identity="alice"),
            {
                "domainId": DOMAIN,
                "spaceName": "alice-space",
                "ownershipSettings": {"ownerUserProfileName": "alice"},
                "spaceSharingSettings": {"sharingType": "Private"},
            },
            when=at(days=3),
        ),
        create_app(ERIN_EXEC, profile="erin"),
        event(
            "StartSession",
            ERIN_EXEC,
            {
                "resourceIdentifier": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:app/{DOMAIN}/alice-space/CodeEditor/default"
            },
            error="AccessDenied",
        ),
        create_app(session("service-role/StudioDefault", "SageMaker"), space="alice-space"),
        sign_in(outsider, "alice", error="AccessDenied"),
        create_app(session("DataScienceAdmin", "admin-jo"), profile="erin"),
        create_app(ALICE, profile="alice", domain="d-other"),
        event(
            "TagRole",
            outsider,
            {"roleName": "bob", "tags": [{"key": "studiouserid", "value": "mallory"}]},
            error="AccessDenied",
            source="iam",
        ),
        event("TagUser", ALICE, {"userName": "unrelated", "tags": []}, source="iam"),
        sign_in(iam_user("studio-access/frank/frank"), "frank", when=at(days=60)),
        event("TagUser", outsider, {"userName": "alice", "tags": []}, source="iam"),
        event(
            "AddTags",
            session("studio-access-ci-deploy", "deploy"),
            {
                "resourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:user-profile/{DOMAIN}/bob",
                "tags": [{"key": "team", "value": "nlp"}],
            },
        ),
    ]


def run_json(cli, *args):
    result = cli("activity", "--stack", "test", "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_every_caller_kind_is_attributed_or_listed(iam_stack, cloudtrail, cli):
    cloudtrail.events = iam_events()
    doc = run_json(cli, "--days", "90", "--unused-days", "30")
    people = {p["id"]: p for p in doc["people"]}
    assert people["alice"]["sign_ins"] == 1 and people["alice"]["denied"] == 1
    assert people["alice"]["events"] == {SIGN_IN: 2, "CreateSpace": 1}
    assert people["alice"]["attributed_by"] == {
        "IAM user": 2,
        "shared execution role (source identity: profile)": 1,
    }
    assert people["bob"]["apps_started"] == 1 and people["bob"]["denied"] == 1
    assert people["bob"]["attributed_by"] == {"role session of their own role": 2}
    assert people["carol"]["sign_ins"] == 2
    assert people["carol"]["attributed_by"] == {"federated session (session tags)": 2}
    assert people["erin"]["apps_started"] == 1 and people["erin"]["denied"] == 1
    assert people["frank"]["status"] == "offboarded" and people["frank"]["sign_ins"] == 1
    assert people["dan"]["events"] == {}
    unattributed = {(u["caller"], u["reason"]): u for u in doc["unattributed"]}
    assert set(unattributed) == {
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-users/someone@example.com",
            "federated session whose sign-in is not in the window, no source identity",
        ),
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/StudioDefault/SageMaker",
            "shared execution role without source identity or onBehalfOf",
        ),
        (f"arn:aws:iam::{ACCOUNT}:user/mallory", "IAM user not in users/"),
        (f"arn:aws:sts::{ACCOUNT}:assumed-role/DataScienceAdmin/admin-jo", "role not in users/"),
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-access-ci-deploy/deploy",
            "role not in users/",
        ),
    }
    assert unattributed[(f"arn:aws:iam::{ACCOUNT}:user/mallory", "IAM user not in users/")][
        "events"
    ] == {SIGN_IN: 1, "TagRole": 1, "TagUser": 1}
    # every event of the stack is counted once: by a person or as unattributed
    attributed = sum(sum(p["events"].values()) for p in doc["people"])
    listed = sum(len(u["event_ids"]) for u in doc["unattributed"])
    assert attributed + listed == doc["read"]["reported"] == 17
    assert doc["read"]["out_of_scope"] == {"CreateApp": 1, "TagUser": 1}


def test_denied_attempts_on_someone_elses_resource_come_first_with_where_from(
    iam_stack, cloudtrail, cli
):
    cloudtrail.events = iam_events()
    doc = run_json(cli)
    denied = {
        (d["person"] or d["caller"], d["event"], d["target"], d["owner"])
        for d in doc["denied_attempts"]
    }
    assert denied == {
        ("alice", SIGN_IN, "profile bob", "bob"),
        ("bob", "CreateApp", "app alice/JupyterLab/default", "alice"),
        ("erin", "StartSession", "app alice-space/CodeEditor/default", "alice"),
        (f"arn:aws:iam::{ACCOUNT}:user/mallory", SIGN_IN, "profile alice", "alice"),
        (f"arn:aws:iam::{ACCOUNT}:user/mallory", "TagRole", "role bob", "bob"),
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-users/someone@example.com",
            SIGN_IN,
            "profile dan",
            "dan",
        ),
    }
    first = doc["denied_attempts"][0]
    assert first["source_ip"] == "203.0.113.7" and first["user_agent"] == "aws-cli/2.15.0"
    assert first["error"] == "AccessDenied" and first["event_id"].startswith("e-")
    text = cli("activity", "--stack", "test").out
    assert text.index("denied attempts") < text.index("people (")
    for d in doc["denied_attempts"]:
        assert d["event_id"] in text and (d["person"] or d["caller"]) in text


def test_tag_and_trust_changes_that_went_through_are_listed(iam_stack, cloudtrail, cli):
    cloudtrail.events = iam_events()
    doc = run_json(cli)
    changes = {(c["caller"], c["event"], c["target"], c["owner"]) for c in doc["changes"]}
    assert changes == {
        (f"arn:aws:iam::{ACCOUNT}:user/mallory", "TagUser", "user alice", "alice"),
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-access-ci-deploy/deploy",
            "AddTags",
            "profile bob",
            "bob",
        ),
    }
    assert doc["summary"]["changes"] == 2
    text = cli("activity", "--stack", "test").out
    assert "tag and trust changes (2):" in text


def test_the_unused_list_names_active_people_without_use(iam_stack, cloudtrail, cli):
    cloudtrail.events = iam_events()
    doc = run_json(cli, "--days", "90", "--unused-days", "30")
    unused = {u["id"]: u["last_used"] for u in doc["unused"]["people"]}
    # carol's last sign-in was 40 days ago; dan never; frank is offboarded; bob started an app
    assert set(unused) == {"carol", "dan"}
    assert unused["dan"] is None and unused["carol"].startswith(at(days=40)[:10])
    short = run_json(cli, "--days", "7", "--unused-days", "30")
    assert short["unused"] == {"days": 30, "judged": False, "people": []}
    assert any("shorter than --unused-days" in note for note in short["notes"])


def test_the_text_and_markdown_say_what_the_json_says(iam_stack, cloudtrail, cli):
    cloudtrail.events = iam_events()
    doc = run_json(cli)
    text = cli("activity", "--stack", "test").out
    markdown = cli("activity", "--stack", "test", "--format", "markdown").out
    for person in doc["people"]:
        line = next(x for x in text.splitlines() if x.startswith(f"  {person['id']} ("))
        assert f"{person['sign_ins']} sign-ins, {person['sessions']} sessions, " in line
        assert f"{person['apps_started']} apps started" in line
        assert f"`{person['id']}`" in markdown
    for u in doc["unattributed"]:
        assert all(i in text for i in u["event_ids"]) and u["caller"] in markdown
    assert (
        f"denied attempts on someone else's profile, space or app ({len(doc['denied_attempts'])})"
        in text
    )
    assert f"**{len(doc['denied_attempts'])} denied attempts" in markdown


SSO = {"authMode": "sso", "identityStoreId": STORE, "ssoApplicationArn": APPLICATION}
PERMISSION_SET_ROLE = (
    "aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_StudioUser_7243976e43c75fc5"
)


def test_per_user_execution_roles_and_the_permission_sets_sessions(project, cloudtrail, cli):
    """A notebook's role of one's own names its person; a session of the permission set of
    ``federation: identity-center`` is named by the tags of the ``AssumeRoleWithSAML`` that
    Identity Center made for it, matched here by its session ARN (the console's calls use other
    keys), and a web identity's tags count the same way."""
    project.stack(
        perUserExecutionRoles=True,
        executionRolePolicyArns=["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
        federation="identity-center",
        identityCenterInstanceArn="arn:aws:sso:::instance/ssoins-0123456789abcdef",
        identityCenterGroupId="0123456789-01234567-89ab-cdef-0123-456789abcdef",
    )
    project.user("gus", "profile_name: gus-p\n")
    project.user("hana", "principal: {type: federated}\n")
    role = f"arn:aws:iam::{ACCOUNT}:role/{PERMISSION_SET_ROLE}"
    sign_in_event = saml_sign_in(
        "hana@example.com", {"studiouserid": "hana"}, "ASIAHANA", "hana@example.com"
    )
    sign_in_event["requestParameters"]["roleArn"] = role
    sign_in_event["responseElements"]["assumedRoleUser"]["arn"] = (
        f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_StudioUser_7243976e43c75fc5/hana@example.com"
    )
    forged = saml_sign_in("eve@example.com", {"studiouserid": "gus"}, "ASIAEVE", "eve")
    forged["requestParameters"]["roleArn"] = f"arn:aws:iam::{ACCOUNT}:role/SomeOtherRole"
    cloudtrail.events = [
        sign_in_event,
        forged,
        sign_in(session(PERMISSION_SET_ROLE, "hana@example.com", key="ASIACONSOLE"), "hana"),
        create_app(
            session("studio-access/gus-p/gus/gus-studio-execution", "SageMaker"), profile="gus-p"
        ),
        create_app(
            session("SomeOtherRole", "eve", key="ASIAEVE"), profile="gus-p", error="AccessDenied"
        ),
    ]
    doc = run_json(cli)
    people = {p["id"]: p for p in doc["people"]}
    assert people["gus"]["attributed_by"] == {"role session of their own role": 1}
    assert people["hana"]["attributed_by"] == {"federated session (session tags)": 1}
    # tags from a sign-in to any other role name nobody
    assert [(u["caller"], u["reason"]) for u in doc["unattributed"]] == [
        (f"arn:aws:sts::{ACCOUNT}:assumed-role/SomeOtherRole/eve", "role not in users/")
    ]
    assert doc["denied_attempts"][0]["owner"] == "gus"


def test_identity_center_people_by_user_name_and_user_id(project, cloudtrail, identity_center, cli):
    project.stack(**SSO)
    project.user("ana", "principal: {type: identity-center, user_name: ana@example.com}\n")
    project.user("ben", "principal: {type: identity-center, user_name: ben@example.com}\n")
    ana_id = identity_center.add_user("ana@example.com", assigned=True)
    ben_id = identity_center.add_user("ben@example.com", assigned=True)
    shared = "service-role/StudioDefault"
    store = f"arn:aws:identitystore::{ACCOUNT}:identitystore/{STORE}"
    cloudtrail.events = [
        create_app(session(shared, "SageMaker", on_behalf_of=ana_id), profile="ana-471"),
        create_app(session(shared, "SageMaker", source_identity="ben"), profile="ben"),
        event(
            "CreateSpace",
            {
                "type": "IdentityCenterUser",
                "accountId": ACCOUNT,
                "onBehalfOf": {"userId": ben_id, "identityStoreArn": store},
                "credentialId": "c1",
            },
            {"domainId": DOMAIN, "spaceName": "ben-space"},
        ),
        event(
            "DeleteSpace",
            {
                "type": "IdentityCenterUser",
                "accountId": ACCOUNT,
                "onBehalfOf": {"userId": "9999-unknown", "identityStoreArn": store},
                "credentialId": "c2",
            },
            {"domainId": DOMAIN, "spaceName": "ben-space"},
            error="AccessDenied",
        ),
    ]
    doc = run_json(cli)
    people = {p["id"]: p for p in doc["people"]}
    assert people["ana"]["attributed_by"] == {
        "shared execution role (on behalf of Identity Center user)": 1
    }
    assert people["ben"]["attributed_by"] == {
        "shared execution role (source identity: profile)": 1,
        "Identity Center user": 1,
    }
    assert [u["reason"] for u in doc["unattributed"]] == ["Identity Center user not in users/"]
    assert doc["denied_attempts"][0]["target"] == "space ben-space"
    lookups = [c for c in identity_center.calls if c[1] == "GetUserId"]
    assert len(lookups) == 2  # once per Identity Center person, on first need


def test_an_endpoint_that_ignores_the_filter_counts_each_event_once(iam_stack, cloudtrail, cli):
    cloudtrail.events = iam_events()
    expected = run_json(cli)
    cloudtrail.ignore_filter = True
    assert run_json(cli)["people"] == expected["people"]


def test_requests_are_paced_to_two_per_second(iam_stack, cloudtrail, clock, cli):
    cloudtrail.events = iam_events() * 1  # every read is one page
    run_json(cli)
    times = [t for t, _, _ in cloudtrail.requests]
    assert len(times) >= 11
    assert all(b - a >= 0.5 - 1e-9 for a, b in itertools.pairwise(times))
    regions = {
        body["LookupAttributes"][0]["AttributeValue"]: r for _, r, body in cloudtrail.requests
    }
    assert regions["TagRole"] == "us-east-1" and regions[SIGN_IN] == REGION
    assert regions["AssumeRoleWithSAML"] in ("us-east-1", REGION)


def test_an_aws_error_is_one_line_and_exit_1(iam_stack, aws_env, monkeypatch, cli):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDTRAIL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    result = cli("activity", "--stack", "test")
    assert result.code == 1
    assert (
        result.err.startswith("error: AWS cloudtrail LookupEvents")
        and "Traceback" not in result.err
    )


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"Events": [null]}', "Events[0] is null"),
        (b'{"Events": "abc"}', "Events is the string 'abc'"),
        (b'{"Events": [{"EventTime": "yesterday"}]}', "Events[0].EventTime"),
        (b'{"Events": [], "NextToken": "again"}', "same next token was received twice"),
    ],
    ids=["null", "string", "time", "repeated token"],
)
def test_events_of_the_wrong_type_are_an_error_not_zero_events(
    iam_stack, aws_env, monkeypatch, cli, body, words
):
    from junk_endpoint import junk_endpoint

    with junk_endpoint(body) as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDTRAIL", url)
        result = cli("activity", "--stack", "test")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("error: AWS cloudtrail LookupEvents did not answer as the AWS API")
    assert words in result.err and result.err.count("\n") == 1


def test_a_throttled_request_is_retried_and_still_paced(iam_stack, cloudtrail, cli):
    cloudtrail.events = iam_events()
    expected = run_json(cli)["people"]
    cloudtrail.requests.clear()
    cloudtrail.throttle = 1
    assert run_json(cli)["people"] == expected
    first, retry = cloudtrail.requests[0], cloudtrail.requests[1]
    assert first[2] == retry[2] and retry[0] - first[0] >= 0.5  # the same request, paced


def test_an_answer_that_is_not_cloudtrails_is_an_error_not_an_empty_history(
    iam_stack, cloudtrail, cli
):
    cloudtrail.junk = True
    result = cli("activity", "--stack", "test")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("error: AWS cloudtrail LookupEvents") and result.err[-1] == "\n"
    assert "AWS_ENDPOINT_URL_CLOUDTRAIL" in result.err


def test_usage_mistakes_exit_2(iam_stack, cloudtrail, cli):
    for args in (
        ["--days", "0"],
        ["--since", "yesterday"],
        ["--days", "3", "--since", "2026-01-01"],
    ):
        with pytest.raises(SystemExit) as exit_:
            cli("activity", *args)
        assert exit_.value.code == 2


@pytest.mark.parametrize("config", [{}, SSO], ids=["iam", "sso"])
def test_the_audit_role_may_look_up_events_and_write_nothing(project, cli, config):
    project.stack(**config)
    result = cli("ci-policy", "--role", "audit", "--stack", "test")
    assert result.code == 0, result.err
    statements = json.loads(result.out)["Statement"]
    actions = {
        a
        for s in statements
        for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert "cloudtrail:LookupEvents" in actions
    (lookup_statement,) = [s for s in statements if "cloudtrail:LookupEvents" in s["Action"]]
    assert lookup_statement["Resource"] in (
        "*",
        ["*"],
    )  # LookupEvents has no resource-level permission
    levels = iam_action_data.access_levels()
    assert {
        a: levels[a.lower()] for a in actions if levels[a.lower()] not in ("Read", "List")
    } == {}
    if config:
        assert "identitystore:GetUserId" in actions
