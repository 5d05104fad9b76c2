"""The proof between members: every relation two tag values can have, and one user of each shape.

Steps 1-3 of ``isolation``'s docstring: the member policy decides ``CreatePresignedDomainUrl``
from the two tag values alone, so representative relations, one user of each shape of the roster
and the uniqueness of ids and profile names prove it for every pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.proof.callers import ADMIN_POLICY
from components.proof.iam.evaluator import Policy, evaluate
from components.proof.scenarios import open_profile
from components.proof.verdicts import decided_by
from components.roster.users import UserSpec

#: (what, principal tag, profile tag, must be allowed): every relation two tags can have.
RELATIONS: tuple[tuple[str, str | None, str | None, bool], ...] = (
    ("own profile", "alice", "alice", True),
    ("another user's profile", "alice", "bob", False),
    ("a profile tagged with a differently cased id", "alice", "Alice", False),
    ("a profile tagged with a longer id", "alice", "alice-2", False),
    ("any profile, from an untagged principal", None, "alice", False),
    ("an untagged profile", "alice", None, False),
    ("an untagged profile, from an untagged principal", None, None, False),
)


def member_relations(
    users: Sequence[UserSpec], settings: Settings, member: Policy
) -> tuple[list[str], int]:
    """Steps 1-3 of the module docstring: tag relations, every user, uniqueness."""
    alone, with_admin = [member], [member, ADMIN_POLICY]
    failures: list[str] = []
    evaluations = 0
    for what, principal_tag, profile_tag, allowed in RELATIONS:
        for policies, beside in ((alone, ""), (with_admin, " with admin rights beside")):
            decision = evaluate(policies, open_profile(settings, principal_tag, profile_tag))
            evaluations += 1
            if decision.allowed != allowed:
                verb = "cannot" if allowed else "can"
                failures.append(f"a principal {verb} open {what}{beside} ({decided_by(decision)})")
    failures += uniqueness_failures(users)
    shapes = _one_per_shape(u for u in users if u.active)
    for index, user in enumerate(shapes):
        arn = kind_of(user.principal_type).session_arn(user, settings)
        if arn is None:
            continue  # signs in without a session the member policy judges
        own = evaluate(
            alone,
            open_profile(settings, user.id, user.id, user.profile_name, user.profile_name, arn),
        )
        evaluations += 1
        if not own.allowed:
            failures.append(
                f"{user.id} cannot open its own profile {user.profile_name!r} ({decided_by(own)})"
            )
        other = shapes[(index + 1) % len(shapes)] if len(shapes) > 1 else _someone_else(user)
        decision = evaluate(
            with_admin,
            open_profile(settings, user.id, other.id, other.profile_name, user.profile_name, arn),
        )
        evaluations += 1
        if decision.allowed:
            failures.append(
                f"{user.id} can open {other.id}'s profile {other.profile_name!r} "
                f"with admin rights beside ({decided_by(decision)})"
            )
    return failures, evaluations


def _one_per_shape(users: Iterable[UserSpec]) -> list[UserSpec]:
    """The first user of each shape: kind of principal, and whether the profile is named as the id."""
    found: dict[tuple[str, bool], UserSpec] = {}
    for user in users:
        found.setdefault((user.principal_type, user.profile_name == user.id), user)
    return list(found.values())


def _someone_else(user: UserSpec) -> UserSpec:
    """A colleague of ``user`` when the roster has no other shape to pick from."""
    return UserSpec(f"{user.id}-x", f"{user.profile_name}-x")


def uniqueness_failures(users: Sequence[UserSpec]) -> list[str]:
    """Two users sharing a tag value (or a profile name) would open each other's profiles."""
    failures = []
    checks = (
        ("id", [u.id for u in users], "their principals share a tag value"),
        ("profile name", [u.profile_name for u in users], "two users would share one profile"),
    )
    for what, values, consequence in checks:
        seen: dict[str, str] = {}
        for value in values:
            folded = value.lower()
            if folded in seen:
                failures.append(
                    f"{what} {value!r} is not unique (also {seen[folded]!r}): {consequence}"
                )
            else:
                seen[folded] = value
    return failures
