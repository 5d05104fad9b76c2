"""The attribution rules of ``activity``, one event at a time (no AWS, no CLI).

``callers`` names the person who made a request, ``targets`` the resource and its owner; the
events are CloudTrail's shapes, read by ``events.read_event`` as the command reads them.
"""

from __future__ import annotations

import json

from components.activity.callers import Sessions, attribute_caller
from components.activity.events import read_event
from components.activity.people import read_people
from components.activity.targets import Spaces, find_target
from components.core.settings.stack import Settings
from components.kinds.federated import FederatedPrincipal
from components.kinds.iam_role import IamRolePrincipal
from components.roster.users import UserSpec

ACCOUNT = "123456789012"
DOMAIN = "d-abc"
SETTINGS = Settings(
    domain_id=DOMAIN,
    federation="saml",
    saml_provider_arn=f"arn:aws:iam::{ACCOUNT}:saml-provider/Corp",
    default_execution_role_arn=f"arn:aws:iam::{ACCOUNT}:role/service-role/Default",
)
USERS = [
    UserSpec("alice", "alice"),
    UserSpec("bob", "bob-p", principal=IamRolePrincipal(trusted=(f"arn:aws:iam::{ACCOUNT}:root",))),
    UserSpec("carol", "carol", principal=FederatedPrincipal()),
    UserSpec("dan", "dan", principal=FederatedPrincipal()),
]
PEOPLE = read_people(USERS, SETTINGS)


def record(name: str, identity: dict, params: dict | None = None, **body) -> dict:
    event = {
        "eventID": f"id-{name}",
        "eventName": name,
        "userIdentity": identity,
        "requestParameters": params,
        **body,
    }
    return {"EventId": event["eventID"], "EventName": name, "CloudTrailEvent": json.dumps(event)}


def role_session(role: str, session: str, **context) -> dict:
    return {
        "type": "AssumedRole",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role.rsplit('/', 1)[-1]}/{session}",
        "accessKeyId": context.pop("key", "ASIA0"),
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}"},
            **context,
        },
    }


def caller(raw: dict, sessions: Sessions | None = None):
    return attribute_caller(read_event(raw), PEOPLE, sessions or Sessions())


def target(raw: dict, spaces: Spaces | None = None):
    return find_target(read_event(raw), PEOPLE, spaces or Spaces())


def saml(tags: dict, session: str, key: str, role: str = "studio-access/studio-users") -> dict:
    return record(
        "AssumeRoleWithSAML",
        {"type": "SAMLUser", "userName": session},
        {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/{role}", "principalTags": tags},
        responseElements={
            "credentials": {"accessKeyId": key},
            "assumedRoleUser": {
                "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-users/{session}"
            },
        },
    )


def test_a_member_is_known_by_the_arn_of_their_own_principal_only():
    own = {"type": "IAMUser", "arn": f"arn:aws:iam::{ACCOUNT}:user/studio-access/alice/alice"}
    same_name = {"type": "IAMUser", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice"}
    assert caller(record("X", own)).person == "alice"
    assert caller(record("X", same_name)).person is None
    assert caller(record("X", role_session("studio-access/bob-p/bob", "s"))).person == "bob"


def test_a_federated_session_takes_its_person_from_its_own_sign_in_only():
    sessions = Sessions()
    for sign_in in (
        saml({"studiouserid": "carol"}, "carol@example.com", "ASIAC"),
        saml({"studiouserid": "dan"}, "shared@example.com", "ASIAD1"),
        saml({"studiouserid": "carol"}, "shared@example.com", "ASIAD2"),
        saml({"studiouserid": "alice"}, "eve", "ASIAE", role="NotTheSignInRole"),
    ):
        sessions.add(read_event(sign_in), PEOPLE)
    federated = "studio-access/studio-users"
    by_key = role_session(federated, "whatever", key="ASIAC")
    by_arn = role_session(federated, "carol@example.com", key="ASIAX")
    ambiguous = role_session(federated, "shared@example.com", key="ASIAX")
    by_source = role_session(federated, "x", key="ASIAX", sourceIdentity="dan")
    foreign_key = role_session(federated, "eve", key="ASIAE")
    assert caller(record("X", by_key), sessions).person == "carol"
    assert caller(record("X", by_arn), sessions).person == "carol"
    assert caller(record("X", ambiguous), sessions).person is None
    assert caller(record("X", by_source), sessions).how == "federated session (source identity)"
    assert caller(record("X", foreign_key), sessions).person is None


def test_a_shared_execution_role_names_the_profile_of_its_source_identity():
    shared = "service-role/Default"
    assert (
        caller(record("X", role_session(shared, "SageMaker", sourceIdentity="bob-p"))).person
        == "bob"
    )
    assert caller(record("X", role_session(shared, "SageMaker"))).person is None


def test_callers_that_are_nobody_are_said_to_be_so():
    for identity, how in (
        (
            {"type": "Root", "arn": f"arn:aws:iam::{ACCOUNT}:root"},
            "Root caller: not a person of users/",
        ),
        (
            {"type": "AWSService", "invokedBy": "sagemaker.amazonaws.com"},
            "AWSService caller: not a person of users/",
        ),
    ):
        found = caller(record("X", identity))
        assert (found.person, found.how) == (None, how)
    unreadable = {"EventId": "e-1", "EventName": "CreateApp", "CloudTrailEvent": "{not json"}
    assert caller(unreadable).how == "the event's record could not be read"


def test_targets_and_their_owners():
    anyone = {"type": "IAMUser", "arn": "x"}
    sign_in = record(
        "CreatePresignedDomainUrl",
        anyone,
        {"domainId": DOMAIN, "userProfileName": "bob-p", "spaceName": "s"},
    )
    assert (target(sign_in).label, target(sign_in).owner) == ("profile bob-p (space s)", "bob")
    spaces = Spaces()
    spaces.add(
        read_event(
            record(
                "CreateSpace",
                anyone,
                {
                    "domainId": DOMAIN,
                    "spaceName": "s",
                    "ownershipSettings": {"ownerUserProfileName": "alice"},
                },
            )
        ),
        DOMAIN,
    )
    delete = record("DeleteSpace", anyone, {"domainId": DOMAIN, "spaceName": "s"})
    assert target(delete, spaces).owner == "alice" and target(delete).owner is None
    other_domain = record("CreateApp", anyone, {"domainId": "d-other", "userProfileName": "alice"})
    assert not target(other_domain).in_scope
    tags = record(
        "AddTags",
        anyone,
        {"resourceArn": f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:user-profile/{DOMAIN}/alice"},
    )
    assert (target(tags).label, target(tags).owner, target(tags).in_scope) == (
        "profile alice",
        "alice",
        True,
    )
    foreign_tags = record(
        "AddTags", anyone, {"resourceArn": f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:training-job/x"}
    )
    assert not target(foreign_tags).in_scope
    assert target(record("TagRole", anyone, {"roleName": "bob"})).owner == "bob"
    assert not target(record("TagRole", anyone, {"roleName": "Unrelated"})).in_scope
    for role in ("studio-users", "Default"):  # the shared sign-in, the shared execution role
        shared = target(record("UpdateAssumeRolePolicy", anyone, {"roleName": role}))
        assert shared.in_scope and shared.owner is None


def test_the_access_tag_of_a_sign_in_is_matched_ignoring_case_and_must_be_one():
    sessions = Sessions()
    sessions.add(read_event(saml({"StudioUserId": "carol"}, "c", "ASIA1")), PEOPLE)
    sessions.add(
        read_event(saml({"studiouserid": "carol", "STUDIOUSERID": "dan"}, "d", "ASIA2")), PEOPLE
    )
    federated = "studio-access/studio-users"
    assert (
        caller(record("X", role_session(federated, "c", key="ASIA1")), sessions).person == "carol"
    )
    assert caller(record("X", role_session(federated, "d", key="ASIA2")), sessions).person is None
