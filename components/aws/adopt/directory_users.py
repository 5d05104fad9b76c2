"""Decide what ``adopt`` writes for a profile of a domain whose people sign in as directory users
(``Kind.binds_directory_users``: an IAM Identity Center domain, ``authMode: sso``).

Studio creates a profile the first time an assigned user signs in, names it after the user with
a random suffix (``ana-471``) and binds it to them by ``SingleSignOnUserValue``. A profile is
adopted by that binding: the file names the user (``principal.user_name``) and keeps the
profile's name (``profile_name``), since a profile cannot be renamed or rebound. The id is the
profile's access tag when it has a valid one, else one made from the user name
(``ana.silva@example.com`` is ``ana-silva``), else the profile's name, whichever is free. The
user's assignment to the domain's application, when it exists, is imported with the profile.

A profile is skipped, with the reason, when it is bound to nobody, to a user another file
already names (SageMaker keeps one profile per user), or to a user the directory no longer has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from components.aws.adopt.decide import (
    ADOPTABLE_STATUSES,
    Adoption,
    Skip,
    _execution_role,
    _extra_tags,
)
from components.aws.client.session import Aws
from components.aws.read.application_assignments import (
    Assignment,
    connect_identity_center,
    read_assignments,
    user_id,
)
from components.aws.read.iam_inventory import IamInventory
from components.aws.read.studio_inventory import Domain, Profile
from components.core import limits
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.kinds import Kind
from components.roster.users import EMAIL_TAG, UserSpec


@dataclass(frozen=True)
class Directory:
    """What adopting needs to know of Identity Center, read once.

    Attributes:
        kind: the kind whose people sign in as the directory's users.
        application_arn: the domain's application (``ssoApplicationArn``).
        assignments: every assignment of the application.
        claimed: the files of users/ that name an Identity Center user, by folded user name.
        find: a directory user's id by user name (``None``: no such user).
    """

    kind: Kind
    application_arn: str
    assignments: tuple[Assignment, ...]
    claimed: Mapping[str, UserSpec]
    find: Callable[[str], str | None]

    @property
    def groups(self) -> list[Assignment]:
        """The groups assigned to the application: their members sign in without a file."""
        return [a for a in self.assignments if a.principal_type == "GROUP"]

    def assignment_of(self, directory_user: str) -> Assignment | None:
        return next(
            (
                a
                for a in self.assignments
                if a.principal_type == "USER" and a.principal_id == directory_user
            ),
            None,
        )


def read_directory(
    aws: Aws,
    settings: Settings,
    kind: Kind,
    domain: Domain,
    users: Sequence[UserSpec],
    source: str,
) -> Directory:
    """Read the application's assignments, as the stack's Identity Center session.

    Raises:
        InputError: the domain is not in Identity Center mode.
        AwsError: a call failed.
    """
    if (domain.auth_mode or "").upper() != "SSO":
        message = (
            f"authMode is sso, but domain {domain.id} signs people in with IAM (AuthMode "
            f"{domain.auth_mode or 'IAM'}): set authMode: iam, or name the Identity Center domain"
        )
        raise InputError([Problem(source, 0, 0, message)])
    session = connect_identity_center(aws, settings)
    application = settings.sso_application_arn or ""
    names = (
        (kind.directory_user_name(u.principal), u) for u in users if u.principal.kind == kind.name
    )
    return Directory(
        kind=kind,
        application_arn=application,
        assignments=tuple(read_assignments(session, settings, application, named=False)),
        claimed={name.casefold(): u for name, u in names if name},
        find=lambda name: user_id(session, settings, name),
    )


def plan_sso_adoption(
    profile: Profile,
    settings: Settings,
    iam: IamInventory,
    domain: Domain,
    directory: Directory,
    taken: set[str],
) -> Adoption:
    """What to write for ``profile``; ``taken`` are the ids in use, folded to lower case.

    Raises:
        Skip: it is not in service, bound to nobody or to a user another file names, the
            directory lacks its user, or no id is free.
    """
    if profile.status not in ADOPTABLE_STATUSES:
        raise Skip(f"its status is {profile.status}")
    user_name = profile.sso_user
    if not user_name:
        raise Skip("it is bound to no Identity Center user (no SingleSignOnUserValue)")
    if not limits.is_user_name(user_name):
        raise Skip(f"its Identity Center user name {user_name!r} is not one a file can name")
    if owner := directory.claimed.get(user_name.casefold()):
        raise Skip(
            f"Identity Center user {user_name!r} is {owner.id!r}'s ({owner.source}), whose "
            f"profile_name is {owner.profile_name!r}: SageMaker keeps one profile per user; set "
            f"profile_name: {profile.name} there, or delete one of the two profiles"
        )
    if not limits.ID_RE.match(profile.name):
        raise Skip(
            f"its name {profile.name!r} has upper case, which the guards cannot match "
            "(SageMaker lower-cases some profile ARNs); re-create it under a lower-case name"
        )
    found = directory.find(user_name)
    if found is None:
        raise Skip(
            f"Identity Center user {user_name!r} is not in identity store "
            f"{settings.identity_store_id}: the profile is orphaned; delete it, or create the "
            "user again"
        )
    new_id = _free_id(profile, user_name, settings, taken)
    notes = []
    assignment = directory.assignment_of(found)
    if assignment is None:
        notes.append(
            f"Identity Center user {user_name!r} is not assigned to the domain's application: "
            "pulumi up assigns them"
        )
    role_arn, per_user = _execution_role(profile, new_id, settings, iam, domain)
    if role_arn is None and per_user is None and settings.per_user_execution_roles:
        notes.append(
            "it runs as the domain's default execution role: pulumi up gives it one of its own "
            "(perUserExecutionRoles), so its notebooks' permissions change"
        )
    return Adoption(
        user_id=new_id,
        profile=profile,
        principal_spec=directory.kind.directory_principal(user_name),
        principal=None,
        email=profile.tags.get(EMAIL_TAG),
        tags=_extra_tags(profile.tags, settings, notes),
        execution_role_arn=role_arn,
        per_user_role=per_user,
        notes=tuple(notes),
        assignment_id=assignment.import_id(directory.application_arn) if assignment else None,
    )


def _free_id(profile: Profile, user_name: str, settings: Settings, taken: set[str]) -> str:
    """The profile's access tag if it is a valid id, else the first free of the id made from
    the user name and the profile's name."""
    tag = profile.tags.get(settings.tag_key)
    if tag is not None:
        if not limits.ID_RE.match(tag):
            raise Skip(f"its access tag {tag!r} is not a valid id; retag it or adopt it by hand")
        candidates = [tag]
    else:
        candidates = [id_from_user_name(user_name), profile.name]
    for candidate in candidates:
        if candidate and limits.ID_RE.match(candidate) and candidate.lower() not in taken:
            return candidate
    raise Skip(f"the id {' and '.join(repr(c) for c in dict.fromkeys(candidates) if c)} is taken")


def id_from_user_name(user_name: str) -> str:
    """An id made from a user name: the part before any ``@``, lower case, accents dropped,
    every other character a hyphen (``Ana.Silva@example.com`` is ``ana-silva``); empty when
    nothing of it is left."""
    local = user_name.split("@", 1)[0]
    plain = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[: limits.PROFILE_NAME_MAX].strip("-")
