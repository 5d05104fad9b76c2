"""IAM's quotas, held against what the stack creates: ``pulumi up`` must not fail part-way.

IAM allows 5,000 users per account, a hard limit, and 1,000 roles by default (``iamRoleQuota``
holds the account's own quota, which can be raised). The stack creates one IAM user per ``user``,
one role per ``role``, one per-user execution role for each active user without
``execution_role_arn`` when they are on, and one shared role for ``federation: saml``; federated
sessions and Identity Center users create no IAM principal. An error above a quota, a warning from
80 % of it, each naming the remedy. No AWS source states a limit on user profiles per domain, so
they are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from components.core.problems import Problem
from components.core.settings.stack import Settings
from components.kinds import KINDS, execution_roles, kind_of
from components.roster.users import UserSpec

#: IAM users per account: a hard limit (IAM User Guide, "IAM and AWS STS quotas").
IAM_USERS_MAX = 5000
#: From this share of a quota on, ``check`` warns.
WARN_AT = 0.8


def iam_counts(users: Sequence[UserSpec], settings: Settings) -> tuple[int, int]:
    """``(IAM users, IAM roles)`` the stack creates for ``users``."""
    active = [u for u in users if u.active]
    iam_users = sum(kind_of(u.principal_type).iam_users for u in active)
    roles = sum(len(kind_of(u.principal_type).created_roles(u)) for u in active)
    roles += sum(execution_roles.wanted(u, settings) for u in active)
    roles += sum(len(kind.stack_roles(settings)) for kind in KINDS)
    return iam_users, roles


def quota_problems(users: Sequence[UserSpec], settings: Settings, folder: Path) -> list[Problem]:
    """The users and roles against IAM's quotas: errors above, warnings from 80 %."""
    iam_users, roles = iam_counts(users, settings)
    federate = "or sign them in through federation (federation: saml or identity-center)"
    found = _against(
        iam_users,
        IAM_USERS_MAX,
        f"IAM users, over IAM's limit of {IAM_USERS_MAX:,} per account (a hard limit): make "
        f"some of them roles, {federate}",
        "IAM users",
        folder,
    )
    found += _against(
        roles,
        settings.iam_role_quota,
        f"IAM roles, over the account's role quota iamRoleQuota ({settings.iam_role_quota:,}): "
        f'raise the quota (Service Quotas, IAM, "Roles per account") and set iamRoleQuota, '
        f"{federate}",
        "IAM roles",
        folder,
    )
    return found


def _against(count: int, limit: int, over: str, what: str, folder: Path) -> list[Problem]:
    if count > limit:
        return [Problem(str(folder), 0, 0, f"the stack creates {count:,} {over}")]
    if count >= WARN_AT * limit:
        return [
            Problem(
                str(folder),
                0,
                0,
                f"the stack creates {count:,} {what}, {count / limit:.0%} of the {limit:,} allowed",
                "warning",
            )
        ]
    return []
