"""Audit a domain whose people sign in as directory users (``Kind.binds_directory_users``: an IAM
Identity Center domain): who can sign in, and to which profile.

In such a domain whoever is assigned to the domain's Identity Center application signs in, and
Studio gives them the profile bound to their user name (creating one, on first sign-in, when
they have none). So the isolation holds only if exactly the active Identity Center users of
users/ are assigned, each directly (a group assignment lets every member in without a file),
and every profile is bound to the user its file names. Anything else is found here, from the
application's assignments and each profile's ``SingleSignOnUserValue``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from components import kinds
from components.aws.audit.findings import WARNING, Finding, finding
from components.aws.client.session import Aws
from components.aws.read.application_assignments import (
    Assignment,
    connect_identity_center,
    read_assignments,
)
from components.aws.read.studio_inventory import Domain, Profile
from components.core.settings.stack import Settings
from components.kinds import Kind
from components.roster.users import UserSpec


def identity_center_findings(
    aws: Aws,
    users: Sequence[UserSpec],
    settings: Settings,
    domain: Domain,
    profiles: Sequence[Profile],
) -> list[Finding]:
    """Everything this module finds; Identity Center is read only when both the stack and the
    domain use it (``profiles`` described, for their bindings).

    Raises:
        AwsError: a call failed.
    """
    kind = kinds.directory_kind(settings)
    found = domain_findings(settings, domain, kind is not None)
    if kind is None or (domain.auth_mode or "").upper() != "SSO":
        return found
    session = connect_identity_center(aws, settings)
    assignments = read_assignments(session, settings, settings.sso_application_arn or "")
    people = _by_user_name(users, kind)
    return [
        *found,
        *assignment_findings(people, settings, assignments),
        *binding_findings(people, profiles, assignments),
    ]


def domain_findings(settings: Settings, domain: Domain, directory: bool) -> list[Finding]:
    """The domain signs people in as the stack says, through the application it names
    (``directory``: the stack's people sign in as directory users)."""
    found = []
    mode = (domain.auth_mode or "IAM").lower()
    if mode != settings.auth_mode:
        found.append(
            finding(
                "auth-mode-differs",
                domain.arn,
                f"domain {domain.id} signs people in with AuthMode {mode.upper()}, but the "
                f"stack's authMode is {settings.auth_mode}",
                f"set authMode: {mode} (a domain's AuthMode cannot change)",
            )
        )
    application = settings.sso_application_arn
    if directory and mode == settings.auth_mode and domain.sso_application_arn != application:
        found.append(
            finding(
                "sso-application-differs",
                domain.arn,
                f"domain {domain.id}'s Identity Center application is "
                f"{domain.sso_application_arn or 'not reported (a domain created before October 2023)'}"
                f", but ssoApplicationArn is {application}: assignments go elsewhere",
                "set ssoApplicationArn to the domain's SingleSignOnApplicationArn",
            )
        )
    return found


def assignment_findings(
    people: Mapping[str, tuple[str, UserSpec]],
    settings: Settings,
    assignments: Sequence[Assignment],
) -> list[Finding]:
    """Groups, and users users/ does not name (or names offboarded), assigned to the
    application; active users who are not (``people``: by folded user name)."""
    application = settings.sso_application_arn or ""
    found = []
    assigned = set()
    for item in assignments:
        where = f"{application} {item.principal_type} {item.principal_id}"
        if item.principal_type == "GROUP":
            found.append(
                finding(
                    "group-assignment",
                    where,
                    f"group {item.name or item.principal_id} is assigned to the domain's "
                    "application: each of its members signs in, and Studio gives them a "
                    "profile, without a file in users/",
                    "give each member a file (adopt binds their profiles), then remove the "
                    "group's assignment",
                )
            )
            continue
        _, user = people.get((item.name or "").casefold(), ("", None))
        if user is not None and user.active:
            assigned.add(user.id)
            continue
        who = repr(item.name) if item.name else f"{item.principal_id} (no longer in the directory)"
        why = (
            f"offboarded in {user.source}: sign-in was to end"
            if user is not None
            else "named by no file in users/"
        )
        found.append(
            finding(
                "undeclared-assignment",
                where,
                f"Identity Center user {who} is assigned to the domain's application but is {why}",
                "remove the assignment (or add a file for the user, or run pulumi up); find who "
                "made it (CloudTrail: CreateApplicationAssignment)",
            )
        )
    found += [
        finding(
            "assignment-missing",
            f"{application} USER {name}",
            f"Identity Center user {name!r} of {user.id!r} is not assigned "
            "to the domain's application: they cannot sign in",
            "pulumi up assigns them (run it, or check why a deployment did not)",
        )
        for name, user in people.values()
        if user.active and user.id not in assigned
    ]
    return found


def binding_findings(
    people: Mapping[str, tuple[str, UserSpec]],
    profiles: Sequence[Profile],
    assignments: Sequence[Assignment],
) -> list[Finding]:
    """Profiles bound to a user no file names, or to another user than their file says
    (``people``: by folded user name)."""
    by_profile = {u.profile_name.lower(): (name, u) for name, u in people.values()}
    assigned = {(a.name or "").casefold() for a in assignments if a.principal_type == "USER"}
    found = []
    for profile in profiles:
        bound = profile.sso_user
        if not bound:
            continue
        name, user = by_profile.get(profile.name.lower(), ("", None))
        _, owner = people.get(bound.casefold(), ("", None))
        if user is not None and user is not owner:
            found.append(
                finding(
                    "sso-binding-differs",
                    profile.arn,
                    f"profile {profile.name} of {user.id!r} is bound to Identity Center user "
                    f"{bound!r}, not to {name!r}: {bound!r} signs in to it",
                    "a profile cannot be rebound: give the file another profile_name (or "
                    "offboard it), and delete or adopt this profile",
                )
            )
        elif owner is None:
            found.append(_undeclared(profile, bound, bound.casefold() in assigned))
        elif user is None:
            found.append(
                finding(
                    "sso-binding-differs",
                    profile.arn,
                    f"profile {profile.name} is bound to Identity Center user {bound!r}, whose "
                    f"file {owner.source} names profile {owner.profile_name!r}: SageMaker keeps "
                    "one profile per user, so pulumi up cannot create that one",
                    f"set profile_name: {profile.name} in {owner.source} (adopt writes it)",
                )
            )
    return found


def _undeclared(profile: Profile, bound: str, assigned: bool) -> Finding:
    message = (
        f"profile {profile.name} is bound to Identity Center user {bound!r}, whom no file names"
    )
    if assigned:
        return finding(
            "undeclared-sso-profile",
            profile.arn,
            f"{message}, and who is assigned to the domain's application: they sign in to it",
            "adopt it (python -m components adopt), or remove the assignment",
        )
    return finding(
        "undeclared-sso-profile",
        profile.arn,
        f"{message}; nobody assigns them now, but a group assignment would let them in",
        "adopt it (python -m components adopt), or delete it",
        WARNING,
    )


def _by_user_name(users: Sequence[UserSpec], kind: Kind) -> dict[str, tuple[str, UserSpec]]:
    """The directory users of users/ (people of ``kind``), by folded user name: the user name
    and the person."""
    named = ((kind.directory_user_name(u.principal), u) for u in users)
    return {name.casefold(): (name, u) for name, u in named if name}
