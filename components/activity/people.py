"""Who is who in users/: the ARNs, names and values that lead from an event to a person.

Built once from the roster and the stack settings, offboarded people included (an event from
before someone left is still theirs). An IAM principal is recognised by the resource part of
its ARN (``user/studio-access/<profile>/<id>``), which the program spells from the person's
tags and only the deploy role may create; the account is not compared, since the event history
is the account's own. A role that several people share (a shared execution role, the shared
sign-in of ``federation``) names nobody by itself: ``callers`` looks further.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from components.core.settings.stack import Settings
from components.kinds import kind_of, sign_in_roles
from components.kinds.execution_roles import execution_role_name, execution_role_path
from components.roster.users import UserSpec


def arn_resource(arn: str) -> str:
    """``user/path/name`` of ``arn:aws:iam::123456789012:user/path/name`` (the part after the
    account), or ``arn`` itself when it is not an ARN."""
    parts = arn.split(":", 5)
    return parts[5] if len(parts) == 6 and parts[0] == "arn" else arn


@dataclass
class People:
    """The lookups from an event's values to a person's id.

    Attributes:
        users: every person of users/, by id.
        principals: IAM user or role (``arn_resource``) -> the one person it belongs to:
            member users and roles, per-user execution roles, an ``execution_role_arn`` that
            only one file names.
        shared_execution_roles: roles several profiles run as (the domain's default included).
        shared_sign_in: ARN patterns of the shared sign-in role of ``federation``.
        principal_names: IAM user or role name -> its person, for IAM's own events
            (``TagRole`` names a role by name).
        profiles: profile name -> its owner.
        source_identities: a source identity -> its person (SageMaker sets the profile name;
            an identity provider may send the id).
        sso_user_names: Identity Center ``UserName`` (lower case) -> its person.
        sso_user_ids: Identity Center user id -> its person, filled on first need by
            ``resolve_user_ids`` (a directory lookup).
    """

    users: dict[str, UserSpec]
    tag_key: str
    domain_id: str
    principals: dict[str, str] = field(default_factory=dict)
    shared_execution_roles: set[str] = field(default_factory=set)
    shared_sign_in: tuple[str, ...] = ()
    principal_names: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    source_identities: dict[str, str] = field(default_factory=dict)
    sso_user_names: dict[str, str] = field(default_factory=dict)
    resolve_user_ids: Callable[[], Mapping[str, str]] | None = None
    lookup_problem: str | None = None
    _sso_user_ids: dict[str, str] | None = None

    def person_of_principal(self, arn: str | None) -> str | None:
        """The person whose own IAM user or role ``arn`` is."""
        return self.principals.get(arn_resource(arn)) if arn else None

    def is_shared_sign_in(self, arn: str | None) -> bool:
        """Whether ``arn`` is the shared sign-in role of ``federation``."""
        resource = arn_resource(arn or "")
        return bool(arn) and any(
            fnmatchcase(resource, arn_resource(p)) for p in self.shared_sign_in
        )

    def is_shared_sign_in_name(self, name: str) -> bool:
        """Whether a role named ``name`` (IAM's events name roles without their path) is the
        shared sign-in role."""
        return any(fnmatchcase(name, p.rsplit("/", 1)[-1]) for p in self.shared_sign_in)

    def is_shared_execution_role_name(self, name: str) -> bool:
        return any(name == r.rsplit("/", 1)[-1] for r in self.shared_execution_roles)

    def is_shared_execution_role(self, arn: str | None) -> bool:
        return bool(arn) and arn_resource(arn or "") in self.shared_execution_roles

    def person_of_tag(self, value: str | None) -> str | None:
        """The person whose id an access tag names."""
        return value if value in self.users else None

    def person_of_source_identity(self, value: str | None) -> str | None:
        return self.source_identities.get(value) if value else None

    def person_of_sso_user(self, user_id: str | None, user_name: str | None) -> str | None:
        """The Identity Center person with this user name or user id (looked up once)."""
        if user_name and user_name.lower() in self.sso_user_names:
            return self.sso_user_names[user_name.lower()]
        if not user_id:
            return None
        if self._sso_user_ids is None:
            self._sso_user_ids = {}
            if self.resolve_user_ids is not None and self.sso_user_names:
                try:
                    self._sso_user_ids = dict(self.resolve_user_ids())
                except Exception as error:
                    self.lookup_problem = f"Identity Center user ids not looked up: {error}"
        return self._sso_user_ids.get(user_id)


def read_people(
    users: Sequence[UserSpec],
    settings: Settings,
    resolve_user_ids: Callable[[], Mapping[str, str]] | None = None,
) -> People:
    """The ``People`` of ``users`` in the stack ``settings``."""
    people = People(
        users={u.id: u for u in users},
        tag_key=settings.tag_key,
        domain_id=settings.domain_id or "",
        shared_sign_in=tuple(sign_in_roles(settings)),
        resolve_user_ids=resolve_user_ids,
    )
    execution_users: dict[str, set[str]] = {}
    if settings.default_execution_role_arn:
        people.shared_execution_roles.add(arn_resource(settings.default_execution_role_arn))
    for user in users:
        people.profiles[user.profile_name] = user.id
        people.source_identities.setdefault(user.profile_name, user.id)
        people.source_identities.setdefault(user.id, user.id)
        session = kind_of(user.principal_type).session_arn(user, settings)
        resource = arn_resource(session.replace("{iam}", "arn:aws:iam::0")) if session else ""
        if resource and not people.is_shared_sign_in(f"arn:aws:iam::0:{resource}"):
            people.principals[resource] = user.id
            people.principal_names[resource.rsplit("/", 1)[-1]] = user.id
        user_name = getattr(user.principal, "user_name", "")
        if user_name:
            people.sso_user_names[user_name.lower()] = user.id
        if user.execution_role_arn:
            execution_users.setdefault(arn_resource(user.execution_role_arn), set()).add(user.id)
        elif settings.per_user_execution_roles:
            name = execution_role_name(user.id)
            people.principals[f"role{execution_role_path(user)}{name}"] = user.id
            people.principal_names[name] = user.id
    for resource, ids in execution_users.items():
        if len(ids) == 1 and resource not in people.shared_execution_roles:
            people.principals[resource] = next(iter(ids))
            people.principal_names[resource.rsplit("/", 1)[-1]] = next(iter(ids))
        else:
            people.shared_execution_roles.add(resource)
    return people
