"""Audit the tags: who carries which id, and which profile carries which.

The isolation is a comparison of two tags, the principal's and the profile's; it holds only if
exactly the principals users/ names carry an id, each its own, and exactly the profiles users/
names carry one, each its owner's. Anything else is found here: a principal wearing someone
else's id, a leftover principal of a removed user, a profile outside users/ that some principal
opens, a profile whose tag was changed or was given back to an offboarded user.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components import kinds
from components.aws.audit.findings import WARNING, Finding, finding
from components.aws.read.iam_inventory import IamInventory, Principal
from components.aws.read.studio_inventory import Profile
from components.core.settings.stack import Settings
from components.kinds import execution_roles
from components.kinds.execution_roles import execution_role_name
from components.roster.users import UserSpec

#: Users by id and by profile name.
Owners = tuple[dict[str, UserSpec], dict[str, UserSpec]]


@dataclass(frozen=True)
class Expected:
    """A principal users/ asks for: whose it is, and as what (principal or execution role)."""

    user: UserSpec
    kind: str
    name: str
    purpose: str


def expected_principals(users: Sequence[UserSpec], settings: Settings) -> list[Expected]:
    """Every principal the program manages for the active users, with the tags it must carry."""
    expected = []
    for user in users:
        if not user.active:
            continue
        if kinds.kind_of(user.principal_type).iam:
            expected.append(Expected(user, user.principal_type, user.id, "principal"))
        if execution_roles.wanted(user, settings):
            name = execution_role_name(user.id)
            expected.append(Expected(user, "role", name, "execution role"))
    return expected


def principal_findings(
    users: Sequence[UserSpec], settings: Settings, iam: IamInventory
) -> list[Finding]:
    """Tagged principals that users/ does not name, and named principals with the wrong tags."""
    expected = {(e.kind, e.name.lower()): e for e in expected_principals(users, settings)}
    keys = (settings.tag_key, settings.profile_tag_key)
    owners = ({u.id: u for u in users}, {u.profile_name: u for u in users})
    found = [
        _unmanaged(principal, settings, owners)
        for principal in iam.principals
        if (principal.kind, principal.name.lower()) not in expected
        and any(key in principal.tags for key in keys)
    ]
    for item in expected.values():
        principal = iam.principal(item.kind, item.name)
        if principal is None:
            found.append(
                finding(
                    "principal-missing",
                    f"IAM {item.kind} {item.name}",
                    f"the {item.purpose} of user {item.user.id!r} does not exist",
                    "pulumi up creates it (run it, or check why a deployment did not)",
                )
            )
        elif mismatch := _tag_mismatch(principal, item.user, settings):
            found.append(
                finding(
                    "principal-tag-mismatch",
                    principal.arn,
                    f"the {item.purpose} of user {item.user.id!r} {mismatch}",
                    "run pulumi up to restore its tags, and find who changed them "
                    "(CloudTrail: TagUser, TagRole, UntagUser, UntagRole)",
                )
            )
    return found


def _unmanaged(principal: Principal, settings: Settings, users: Owners) -> Finding:
    owner = _owner(principal, settings, users)
    if owner is not None and owner.active:
        why = f"so it opens the profile of active user {owner.id!r} (impersonation)"
    elif owner is not None:
        why = f"the id of offboarded user {owner.id!r} (a leftover, or an attempt to return)"
    else:
        why = "an id no user in users/ has (a leftover of a removed user?)"
    return finding(
        "unmanaged-principal",
        principal.arn,
        f"IAM {principal.kind} {principal.name} is not in users/ but carries "
        f"{_tags_text(principal, settings)}: {why}",
        "remove the tags (or delete the principal) unless it belongs in users/; find who "
        "tagged it (CloudTrail: TagUser, TagRole, CreateUser, CreateRole)",
    )


def _owner(principal: Principal, settings: Settings, users: Owners) -> UserSpec | None:
    """The user whose id (access tag) or profile name (profile tag) the principal carries."""
    by_id, by_profile = users
    if settings.tag_key in principal.tags:
        return by_id.get(principal.tags[settings.tag_key])
    return by_profile.get(principal.tags.get(settings.profile_tag_key, ""))


def _tag_mismatch(principal: Principal, user: UserSpec, settings: Settings) -> str | None:
    """How the principal's tags differ from what ``user`` needs, or ``None``."""
    wanted = {settings.tag_key: user.id, settings.profile_tag_key: user.profile_name}
    wrong = [
        f"{key}={principal.tags[key]!r} instead of {value!r}"
        if key in principal.tags
        else f"no {key} tag (wants {value!r})"
        for key, value in wanted.items()
        if principal.tags.get(key) != value
    ]
    return "has " + " and ".join(wrong) if wrong else None


def _tags_text(principal: Principal, settings: Settings) -> str:
    keys = (settings.tag_key, settings.profile_tag_key)
    return " and ".join(f"{k}={principal.tags[k]!r}" for k in keys if k in principal.tags)


def profile_findings(
    users: Sequence[UserSpec], settings: Settings, iam: IamInventory, profiles: Sequence[Profile]
) -> list[Finding]:
    """Profiles outside users/, and managed profiles whose access tag is not what users/ says."""
    managed = {user.profile_name.lower(): user for user in users}
    holders: dict[str, list[str]] = {}
    for principal in iam.principals:
        if settings.tag_key in principal.tags:
            holders.setdefault(principal.tags[settings.tag_key], []).append(principal.arn)
    found = []
    for profile in profiles:
        user = managed.get(profile.name.lower())
        tag = profile.tags.get(settings.tag_key)
        if user is None:
            found.append(_unmanaged_profile(profile, tag, holders, settings))
        elif user.active and tag != user.id:
            now = f"{settings.tag_key}={tag!r}" if tag is not None else "no access tag"
            found.append(
                finding(
                    "profile-tag-mismatch",
                    profile.arn,
                    f"profile {profile.name} of user {user.id!r} has {now}, not {user.id!r}",
                    "run pulumi up to restore it, and find who changed it (CloudTrail: "
                    "AddTags, DeleteTags)",
                )
            )
        elif not user.active and tag is not None:
            found.append(
                finding(
                    "offboarded-profile-tagged",
                    profile.arn,
                    f"profile {profile.name} of offboarded user {user.id!r} carries "
                    f"{settings.tag_key}={tag!r} again: whoever holds that id opens it",
                    "run pulumi up to remove the tag, and find who added it (CloudTrail: AddTags)",
                )
            )
    present = {profile.name.lower() for profile in profiles}
    found += [
        finding(
            "profile-missing",
            f"profile {user.profile_name}",
            f"the profile of user {user.id!r} is not in the domain",
            "pulumi up creates it (run it, or check why a deployment did not)",
        )
        for user in users
        if user.profile_name.lower() not in present
    ]
    return found


def _unmanaged_profile(
    profile: Profile, tag: str | None, holders: dict[str, list[str]], settings: Settings
) -> Finding:
    action = "adopt it (python -m components adopt) or delete it"
    if tag is None:
        message = f"profile {profile.name} is not in users/ and has no access tag"
        return finding("unmanaged-profile", profile.arn, message, action, WARNING)
    if tag in holders:
        message = (
            f"profile {profile.name} is not in users/ but carries {settings.tag_key}={tag!r}, "
            f"which {', '.join(holders[tag])} hold(s): they open it"
        )
        return finding("unmanaged-profile", profile.arn, message, f"remove its tag, or {action}")
    message = (
        f"profile {profile.name} is not in users/ and carries {settings.tag_key}={tag!r}, "
        "which no principal holds now (a future one would open it)"
    )
    return finding(
        "unmanaged-profile", profile.arn, message, f"remove its tag, or {action}", WARNING
    )
