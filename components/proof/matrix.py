"""Who can open which profile: the access matrix, evaluated from the policy text.

For a principal, two questions decide its row: does it open the profile tagged with its own id,
and does it open a profile tagged with any other value? The documents do not depend on the
roster and ids are plain lower-case text, so users of the same shape (kind of principal, profile
named as the id or not) answer alike: each shape is evaluated once and its answers give every
row of that shape. Every row still comes from the evaluator, never from an assumption about the
policy. An
Identity Center user's row is the profile bound to them: SageMaker, not a policy, decides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.proof.iam.evaluator import evaluate
from components.proof.isolation import compile_policy
from components.proof.scenarios import open_profile
from components.roster.users import UserSpec

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
    answers: dict[tuple[str, bool], tuple[bool, bool]] = {}
    rows = []
    for user in users:
        if kind_of(user.principal_type).session_arn(user, settings) is None:
            # SageMaker signs an Identity Center user in to the one profile bound to them
            # (SingleSignOnUserValue); no policy decides it, and presigned URLs do not apply.
            rows.append(Row(user.id, user.principal_type, (user.profile_name,)))
            continue
        shape = (user.principal_type, user.profile_name == user.id)
        if shape not in answers:
            answers[shape] = _answers(policies, settings, user)
        own, others = answers[shape]
        opens = [user.profile_name] if own else []
        if others:
            opens += [other.profile_name for other in users if other.id != user.id]
        rows.append(Row(user.id, user.principal_type, tuple(sorted(opens))))
    untagged = evaluate(policies, open_profile(settings, None, _OTHER)).allowed
    rows.append(
        Row(UNTAGGED, "any", tuple(sorted(u.profile_name for u in users)) if untagged else ())
    )
    return tuple(rows)


def _answers(policies: list, settings: Settings, user: UserSpec) -> tuple[bool, bool]:
    """Whether ``user`` opens its own profile, and whether it opens any other."""
    arn = kind_of(user.principal_type).session_arn(user, settings)
    if arn is None:
        return False, False
    own = open_profile(settings, user.id, user.id, user.profile_name, user.profile_name, arn)
    other = open_profile(settings, user.id, _OTHER, "other", user.profile_name, arn)
    return evaluate(policies, own).allowed, evaluate(policies, other).allowed


def is_isolated(rows: Sequence[Row], users: Sequence[UserSpec]) -> bool:
    """Whether each user's row is exactly its own profile and the untagged row is empty."""
    own = {u.id: (u.profile_name,) for u in users}
    return all(row.profiles == own.get(row.principal, ()) for row in rows)
