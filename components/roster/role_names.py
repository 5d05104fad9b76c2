"""The IAM roles the stack creates, and the names that would collide with them.

IAM role names are unique in an account whatever their path, and compared ignoring case. The
program creates a role for each person whose principal is a role (named after the id), one
execution role per user with ``perUserExecutionRoles`` (``<id>-studio-execution``) and, with
``federation: saml``, the shared ``federatedRoleName``. Two of these with one name fail only
when ``pulumi up`` reaches the second; an ``execution_role_arn`` naming one of them would run a
notebook as somebody else's principal. Both are refused here, offline, at the file and line
that names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from components.core.principal_paths import MANAGED_PATH
from components.core.problems import Problem
from components.kinds import KINDS, kind_of
from components.kinds.base import Person
from components.kinds.execution_roles import EXECUTION_ROLE_SUFFIX, execution_role_name

if TYPE_CHECKING:
    from components.core.settings.stack import Settings


class UserSpec(Person, Protocol):
    """What this module reads of a person: the roster's ``UserSpec`` (not imported: it calls us)."""

    def line_of(self, key: str) -> int: ...


def roster_problems(users: Sequence[UserSpec], settings: Settings) -> list[Problem]:
    """Every id, created role and ``execution_role_arn`` that collides with a role of the stack."""
    problems = [
        Problem(
            user.source,
            user.source_line,
            1,
            f"id {user.id!r} ends like the execution role the program creates per user "
            f"(<id>{EXECUTION_ROLE_SUFFIX}); choose an id without that ending",
        )
        for user in users
        if user.id.endswith(EXECUTION_ROLE_SUFFIX)
    ]
    created = _created_roles(users, settings)
    problems += _duplicates(created)
    owners = {name.lower(): (what, user) for name, what, user in created}
    problems += _configured(settings, owners)
    for user in users:
        arn = user.execution_role_arn
        if arn is None:
            continue
        path, _, name = arn.split(":role", 1)[-1].rpartition("/")
        owner = owners.get(name.lower())
        if owner is None and not (path + "/").startswith(MANAGED_PATH):
            continue
        what = owner[0] if owner else f"a role under {MANAGED_PATH}, which the program manages"
        problems.append(
            Problem(
                user.source,
                user.line_of("execution_role_arn"),
                1,
                f"execution_role_arn {arn!r} names {what}: a notebook would run as that "
                "principal; name an execution role of its own (or leave execution_role_arn out)",
            )
        )
    return problems


def _configured(
    settings: Settings, owners: dict[str, tuple[str, UserSpec | None]]
) -> list[Problem]:
    """A stack key naming a role the program creates for a person (the deploy role, …)."""
    from components.core.settings.stack import CONFIG_KEYS

    problems = []
    for key, attribute in CONFIG_KEYS:
        value = getattr(settings, attribute)
        for arn in value if isinstance(value, tuple) else (value,):
            if not (isinstance(arn, str) and ":role/" in arn):
                continue
            what, user = owners.get(role_name(arn).lower(), (None, None))
            if user is None:
                continue
            problems.append(
                Problem(
                    user.source,
                    user.source_line,
                    1,
                    f"the stack's {key} {arn!r} has the name of {what}; IAM role names are "
                    f"unique in an account: name another role in {key}, or choose another id",
                )
            )
    return problems


def role_name(arn: str) -> str:
    """The name of a role ARN (``arn:…:role/path/Name`` gives ``Name``)."""
    return arn.rpartition("/")[2]


def _created_roles(
    users: Sequence[UserSpec], settings: Settings
) -> list[tuple[str, str, UserSpec | None]]:
    """``(name, what it is, whose file)`` of every role the program creates for this roster."""
    found: list[tuple[str, str, UserSpec | None]] = [
        (name, what, None) for kind in KINDS for name, what in kind.stack_roles(settings)
    ]
    for user in users:
        found += [
            (name, what, user) for name, what in kind_of(user.principal.kind).created_roles(user)
        ]
        if settings.per_user_execution_roles and not user.execution_role_arn:
            name = execution_role_name(user.id)
            found.append((name, f"the execution role the program creates for {user.source}", user))
    return found


def _duplicates(created: list[tuple[str, str, UserSpec | None]]) -> list[Problem]:
    """A problem at each file whose role has the name of a role created for something else."""
    problems = []
    first: dict[str, str] = {}
    for name, what, user in created:
        other = first.setdefault(name.lower(), what)
        if other == what or user is None:  # only the stack's own role comes without a file
            continue
        hint = " or federatedRoleName" if "federatedRoleName" in other else ""
        problems.append(
            Problem(
                user.source,
                user.source_line,
                1,
                f"IAM role {name!r} would be created twice: as {what} and as {other}; role "
                f"names are unique in an account, ignoring case: choose another id{hint}",
            )
        )
    return problems
