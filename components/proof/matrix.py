"""Who can open which profile: the access matrix, evaluated from the policy text.

For a principal, the profiles that carry its own tag value are evaluated one by one; every other
profile has a different tag value, and since the policy decides from the tag values alone, one
evaluation against a different value decides them all. That keeps the matrix linear in the roster
while every row still comes from the evaluator, never from an assumption about the policy. An
Identity Center user's row is the profile bound to them: SageMaker, not a policy, decides it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..roster.principals import kind_of
from ..roster.settings import Settings
from ..roster.users import UserSpec
from .evaluator import evaluate
from .isolation import compile_policy
from .scenarios import open_profile

#: The row for a principal without the access tag (a member that lost it, or never had it).
UNTAGGED = "(untagged principal)"
#: A tag value no roster id can have, standing for "any other user's id".
_OTHER = "\x00other"


@dataclass(frozen=True)
class Row:
    """One principal and the profile names it can open."""

    principal: str
    principal_type: str
    profiles: tuple[str, ...]


def access_matrix(users: Sequence[UserSpec], settings: Settings) -> tuple[Row, ...]:
    """Return one row per user, then one for an untagged principal."""
    policies = [compile_policy(settings)]
    by_tag: dict[str, list[UserSpec]] = defaultdict(list)
    for user in users:
        by_tag[user.id].append(user)
    rows = []
    for user in users:
        if not kind_of(user.principal_type).iam:
            # SageMaker signs an Identity Center user in to the one profile bound to them
            # (SingleSignOnUserValue); no policy decides it, and presigned URLs do not apply.
            rows.append(Row(user.id, user.principal_type, (user.profile_name,)))
            continue
        opens = [
            other.profile_name
            for other in by_tag[user.id]
            if evaluate(
                policies,
                open_profile(settings, user.id, other.id, principal_profile=user.profile_name),
            ).allowed
        ]
        other = open_profile(settings, user.id, _OTHER, principal_profile=user.profile_name)
        if evaluate(policies, other).allowed:
            opens += [other.profile_name for other in users if other.id != user.id]
        rows.append(Row(user.id, user.principal_type, tuple(sorted(opens))))
    untagged = evaluate(policies, open_profile(settings, None, _OTHER)).allowed
    rows.append(
        Row(UNTAGGED, "any", tuple(sorted(u.profile_name for u in users)) if untagged else ())
    )
    return tuple(rows)


def is_isolated(rows: Sequence[Row], users: Sequence[UserSpec]) -> bool:
    """Whether each user's row is exactly its own profile and the untagged row is empty."""
    own = {u.id: (u.profile_name,) for u in users}
    return all(row.profiles == own.get(row.principal, ()) for row in rows)
