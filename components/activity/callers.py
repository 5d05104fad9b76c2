"""Whose request an event was: the caller's person, by the rules docs/aws-commands.md states.

* an IAM user or role: by its ARN (``people.principals``), a role session by its role;
* a session of the shared sign-in of ``federation``: by the session tags the identity provider
  sent in the ``AssumeRoleWithSAML``/``AssumeRoleWithWebIdentity`` event that started it
  (matched by the session's access key, else by its session ARN), else by its source identity;
* an execution role: a per-user one by its profile's owner; a shared one by the source identity
  SageMaker records (the profile name, with the domain's ``ExecutionRoleIdentityConfig``), else
  by the Identity Center user it acted for (``onBehalfOf``);
* an Identity Center user: by user name, else by user id.

Anything else (an outsider, a role users/ does not know, a federated session whose sign-in is
outside the window) is unattributed, with the reason, and listed as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.activity.events import Event, nested
from components.activity.people import People

#: How many federated sessions are remembered (by access key and by session ARN); beyond it the
#: oldest are forgotten, so memory stays bounded however many sign-ins the window holds.
MAX_SESSIONS = 50_000


@dataclass(frozen=True)
class Caller:
    """Who made a request.

    Attributes:
        person: the id of the person of users/, or ``None`` when unattributed.
        name: the caller as CloudTrail names it (an ARN, an Identity Center user id).
        how: the rule that named the person, or why none could.
    """

    person: str | None
    name: str
    how: str


class Sessions:
    """The federated sessions seen starting: access key or session ARN -> person (or ``""``
    when two sign-ins of the same session ARN named different people)."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}
        self._by_arn: dict[str, str] = {}

    def add(self, event: Event, people: People) -> None:
        """Remember the person an ``AssumeRoleWith*`` event of the shared sign-in role names."""
        if event.error or not people.is_shared_sign_in(event.parameter("roleArn")):
            return
        person = people.person_of_tag(_session_tag(event.parameters.get("principalTags"), people))
        person = person or people.person_of_source_identity(
            event.parameter("sourceIdentity") or nested(event.response, "sourceIdentity")
        )
        if person is None:
            return
        key = nested(event.response, "credentials", "accessKeyId")
        if key:
            _remember(self._by_key, key, person)
        arn = nested(event.response, "assumedRoleUser", "arn")
        if arn:
            known = self._by_arn.get(arn)
            _remember(self._by_arn, arn, person if known in (None, person) else "")

    def person(self, access_key: str | None, session_arn: str | None) -> str | None:
        if access_key and access_key in self._by_key:
            return self._by_key[access_key]
        return self._by_arn.get(session_arn or "") or None


def _session_tag(tags: object, people: People) -> str | None:
    """The access tag's value among a sign-in's session tags, its key matched ignoring case as
    the guards' ``aws:PrincipalTag/<tagKey>`` matches it (IAM's condition key names are not case
    sensitive); two keys that differ only in case name nobody."""
    if not isinstance(tags, dict):
        return None
    key = people.tag_key.lower()
    values = [v for k, v in tags.items() if isinstance(k, str) and k.lower() == key]
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


def _remember(store: dict[str, str], key: str, person: str) -> None:
    store.pop(key, None)
    store[key] = person
    if len(store) > MAX_SESSIONS:
        del store[next(iter(store))]


def attribute_caller(event: Event, people: People, sessions: Sessions) -> Caller:
    """The ``Caller`` of ``event``."""
    identity = event.identity
    kind = identity.get("type")
    arn = identity.get("arn") if isinstance(identity.get("arn"), str) else None
    if not event.readable:
        return Caller(None, event.id, "the event's record could not be read")
    if kind == "IAMUser":
        person = people.person_of_principal(arn)
        return Caller(person, arn or "", "IAM user" if person else "IAM user not in users/")
    if kind == "AssumedRole":
        return _session_caller(event, people, sessions, arn or "")
    if kind == "IdentityCenterUser":
        user_id = nested(identity, "onBehalfOf", "userId")
        name = (
            nested(identity, "userName")
            or nested(identity, "onBehalfOf", "userName")
            or nested(event.additional, "UserName")
        )
        person = people.person_of_sso_user(user_id, name)
        how = "Identity Center user" if person else "Identity Center user not in users/"
        return Caller(person, name or user_id or "", _with_problem(how, person, people))
    name = arn or str(identity.get("principalId") or identity.get("invokedBy") or kind or "")
    return Caller(None, name, f"{kind or 'unknown'} caller: not a person of users/")


def _session_caller(event: Event, people: People, sessions: Sessions, arn: str) -> Caller:
    identity = event.identity
    role = nested(identity, "sessionContext", "sessionIssuer", "arn")
    source = nested(identity, "sessionContext", "sourceIdentity")
    on_behalf = nested(identity, "onBehalfOf", "userId")
    person = people.person_of_principal(role)
    if person:
        return Caller(person, arn, "role session of their own role")
    if people.is_shared_sign_in(role):
        person = sessions.person(identity.get("accessKeyId"), arn)
        if person:
            return Caller(person, arn, "federated session (session tags)")
        person = people.person_of_source_identity(source)
        if person:
            return Caller(person, arn, "federated session (source identity)")
        return Caller(
            None, arn, "federated session whose sign-in is not in the window, no source identity"
        )
    if people.is_shared_execution_role(role):
        person = people.person_of_source_identity(source)
        if person:
            return Caller(person, arn, "shared execution role (source identity: profile)")
        person = people.person_of_sso_user(on_behalf, None)
        if person:
            return Caller(person, arn, "shared execution role (on behalf of Identity Center user)")
        how = "shared execution role without source identity or onBehalfOf"
        return Caller(None, arn, _with_problem(how, None, people))
    return Caller(None, arn, "role not in users/")


def _with_problem(how: str, person: str | None, people: People) -> str:
    if person is None and people.lookup_problem:
        return f"{how} ({people.lookup_problem})"
    return how
