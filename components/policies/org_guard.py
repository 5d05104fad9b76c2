"""The organization guard: one service control policy that binds every principal of the account.

Identity policies bind only the principals they are attached to; an administrator outside the
group, or a user or role created a minute ago, is bound by none of them. A service control policy
(SCP) binds every IAM user and role of the accounts it is attached to, so this one carries the
same guards as the member policy and the execution-role guard, for both kinds of caller at once
(a member named by its tags, a notebook by its Studio context), plus one more: nobody changes the
roles it exempts. The deploy role and the break-glass roles are exempt from the guards their work
needs (tags, principals, profiles, draining spaces and apps), never from the statements that
decide who opens a profile or works in a colleague's space.

It leaves out the guards that keep the member policy attached (group membership, policy versions,
detaching): under the SCP a member who escaped the member policy is still bound by the SCP's own
copy of every guard, and the 5,120 characters are better spent on the rest.

What no SCP binds: the organization's management account, and service-linked roles.

All characters count towards the SCP size limit, so the deployed text is minified; it is built
from the settings alone, so it is the same for 3 users and for 3,000.
"""

from __future__ import annotations

import json
from typing import Any

from ..roster.problems import InputError, Problem
from ..roster.settings import Settings
from . import guards
from .member import seed_statements

#: AWS Organizations' limit for a service control policy, every character counted.
SCP_MAX = 5120
EXEMPT_ROLES_SID = "DenyChangingExemptRoles"
#: What anyone may still do to an exempt role: read it, and assume it if its trust policy says so.
EXEMPT_ROLE_READS = ("iam:Get*", "iam:List*", "sts:AssumeRole")


def build_scp(settings: Settings) -> dict[str, Any]:
    """Return the organization guard for ``settings`` (its exempt roles, tag key and partition).

    Raises:
        ValueError: when the settings name no deploy role, which the guard must exempt.
    """
    exempt_roles = list(settings.exempt_role_arns)
    if not exempt_roles:
        raise ValueError("the organization guard needs deployRoleArn, the role it exempts")
    exempt = {"ArnNotLike": {"aws:PrincipalArn": exempt_roles}}
    owner = guards.either_owner(guards.member_owner(settings), guards.studio_owner(settings))
    other_spaces, private_apps, profile_apps, sessions = guards.space_guards(settings, owner)
    # The deploy role tags principals and profiles, changes and deletes them, and drains the apps
    # and spaces of profiles it deletes: those guards exempt it. Nobody needs an exemption to open
    # a profile, to work in a colleague's space, or to change identity providers and exempt roles.
    exempted = [
        guards.tag_guard(settings),
        guards.principal_guard(settings),
        guards.studio_admin_guard(settings),
        other_spaces,
        private_apps,
        profile_apps,
    ]
    statements = [
        seed_statements(settings)[0],
        guards.untagged_caller(settings),
        *guards.with_exemption(exempted, exempt),
        sessions,
        guards.identity_provider_guard(settings),
        guards.deny(EXEMPT_ROLES_SID, resource=exempt_roles, not_action=list(EXEMPT_ROLE_READS)),
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def scp_text(settings: Settings) -> str:
    """The SCP exactly as deployed: minified, at most ``SCP_MAX`` characters.

    Raises:
        InputError: when the text is longer than AWS Organizations accepts, saying by how much.
    """
    text = json.dumps(build_scp(settings), separators=(",", ":"), ensure_ascii=True)
    if len(text) > SCP_MAX:
        raise InputError(
            [
                Problem(
                    "organization guard",
                    0,
                    0,
                    f"the SCP would be {len(text)} characters, {len(text) - SCP_MAX} over AWS "
                    f"Organizations' limit of {SCP_MAX}: use fewer or shorter breakGlassRoleArns",
                )
            ]
        )
    return text
