"""Which profiles the next ``pulumi up`` deletes: the input of ``drain``, read from git alone.

With ``profileDeletion: delete`` the program deletes a profile when its user's file is removed
(whatever the user's status) and replaces it when ``profile_name`` changes (the old name is
deleted). SageMaker refuses to delete a profile that still has apps or spaces, so ``drain`` must
empty exactly these profiles first, and no other. With ``retain`` no profile is ever deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from components.changes.users import ChangesError, compare
from components.core.problems import InputError, Problem, UsageError
from components.core.settings.stack import Settings
from components.roster.users import load_roster


@dataclass(frozen=True)
class Removal:
    """A profile that ``pulumi up`` will delete, and why."""

    profile: str
    user_id: str
    reason: str


def removed_profiles(base: str, users_dir: Path, settings: Settings) -> list[Removal]:
    """The profiles the change since git ref ``base`` deletes, sorted by profile name.

    Raises:
        UsageError: ``base`` is not a git ref, or the folder is not in a repository.
        InputError: the working tree's users/ is invalid (``pulumi up`` would not run), or a
            profile name is deleted and created again in the same change.
    """
    if settings.retain_profiles:
        return []
    roster = load_roster(users_dir, settings)
    try:
        changes = compare(base, roster.users, users_dir, settings)
    except ChangesError as error:
        raise UsageError(f"--base {base}: {error}") from None
    removals = [
        Removal(user.profile_name, user.id, f"the file of user {user.id!r} is removed")
        for user in changes.removed
    ]
    removals += [
        Removal(
            before.profile_name,
            before.id,
            f"user {before.id!r} renames the profile to {after.profile_name!r}",
        )
        for before, after, _ in changes.changed
        if before.profile_name != after.profile_name
    ]
    _refuse_reused_names(removals, roster.users)
    return sorted(removals, key=lambda r: r.profile)


def _refuse_reused_names(removals: list[Removal], users: tuple) -> None:
    """A profile name deleted for one user and created for another cannot be drained safely."""
    owners = {user.profile_name.lower(): user for user in users}
    problems = [
        Problem(
            owners[removal.profile.lower()].source,
            0,
            0,
            f"profile {removal.profile!r} is deleted ({removal.reason}) and used by user "
            f"{owners[removal.profile.lower()].id!r} in the same change; pulumi up cannot do "
            "both, and drain would empty a profile that stays: make it two pull requests",
        )
        for removal in removals
        if removal.profile.lower() in owners
    ]
    if problems:
        raise InputError(problems)
