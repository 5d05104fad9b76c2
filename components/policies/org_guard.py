"""The organization guard: service control policies that bind every principal of the accounts.

Identity policies bind only the principals they are attached to; an administrator outside the
group, or a user or role created a minute ago, is bound by none of them. A service control policy
(SCP) binds every IAM user and role of the accounts it is attached to, so this guard carries the
same guards as the member policy and the execution-role guard, for both kinds of caller at once
(a member named by its tags, a notebook by its Studio context), plus what only it can say: nobody
changes the roles it exempts, and a tagged caller never assumes a colleague's role.

Exemptions are as narrow as the work needs:

* the deploy role alone sets access tags (on principals and profiles, at creation too), creates
  and changes principals under ``/studio-access/`` and ``/studio-access-trusted/``, and acts on
  a colleague's principal; with the Identity Center role it assumes, it alone writes to
  Identity Center;
* the deploy role and the break-glass roles manage profiles and the domain, drain spaces and
  apps, and change Studio images, image versions, app image configurations and lifecycle
  configurations; the break-glass roles keep every guard that decides who is whom, so none of
  them can give itself, or a principal it creates, someone's access tag or identity;
* nobody is exempt from the statements that decide who opens a profile, the binding, sessions
  in a colleague's space, identity providers, actions that ignore tags, and the exempt roles
  themselves.

It leaves out the guards that keep the member policy attached (group membership, policy versions,
detaching): under the SCP a member who escaped the member policy is still bound by the SCP's own
copy of every guard.

What no SCP binds: the organization's management account, and service-linked roles.

All characters count towards the SCP size limit, so the deployed text is minified; when the
statements outgrow one policy they are split, in order, into as few as fit (a target takes up to
five). They are built from the settings alone, so they are the same for 3 users and for 3,000.
"""

from __future__ import annotations

import json
from typing import Any

from components.core import statement_ids as sid
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.policies import guards, identity_guards, studio_guards
from components.policies.denials import with_exemption
from components.policies.member import seed_statements
from components.policies.packing import pack

#: AWS Organizations' limit for a service control policy, every character counted.
SCP_MAX = 5120
#: How many SCPs one target may carry, ``FullAWSAccess`` included.
SCPS_PER_TARGET = 5
EXEMPT_ROLES_SID = sid.EXEMPT_ROLES
EXEMPT_ROLE_READS = identity_guards.EXEMPT_ROLE_READS


def scp_statements(settings: Settings) -> list[dict[str, Any]]:
    """Every statement of the organization guard, in order.

    Raises:
        ValueError: when the settings name no deploy role, which the guard must exempt.
    """
    if not settings.deploy_role_arn:
        raise ValueError("the organization guard needs deployRoleArn, the role it exempts")
    deploy = _exempting([settings.deploy_role_arn])
    maintainers = _exempting(list(settings.exempt_role_arns))
    owner = studio_guards.either_owner(
        studio_guards.member_owner(settings), studio_guards.studio_owner(settings)
    )
    *spaces_and_apps, sessions = studio_guards.space_guards(settings, owner)
    return [
        seed_statements(settings)[0],
        guards.untagged_caller(settings),
        *guards.binding(settings, tags=(settings.tag_key, settings.profile_tag_key)),
        *identity_guards.federated_tags_guard(settings, any_permission_set=True),
        *with_exemption(
            [
                guards.tag_guard(settings),
                identity_guards.profile_access_tags_guard(settings),
                guards.managed_principals_guard(settings),
                guards.trusted_principals_guard(settings),
                guards.principal_guard(settings, trust_decides_assume=True),
            ],
            deploy,
        ),
        guards.assume_guard(settings),
        *with_exemption(
            [
                studio_guards.studio_admin_guard(settings),
                studio_guards.studio_code_guard(settings),
                *spaces_and_apps,
            ],
            maintainers,
        ),
        *with_exemption(
            identity_guards.identity_center_guard(settings), _identity_center_writers(settings)
        ),
        sessions,
        guards.identity_provider_guard(settings),
        *identity_guards.exempt_roles_guard(settings),
    ]


def _exempting(roles: list[str]) -> dict[str, dict[str, list[str]]]:
    return {"ArnNotLike": {"aws:PrincipalArn": roles}}


def _identity_center_writers(settings: Settings) -> dict[str, dict[str, list[str]]]:
    """Who changes Identity Center where the guard binds: the deploy role, and the Identity
    Center role it assumes (the permission set, the assignments; its own policy narrows what it
    writes). Break-glass roles keep the guard: it decides who is whom."""
    writers = [settings.deploy_role_arn or ""]
    if settings.identity_center_role_arn:
        writers.append(settings.identity_center_role_arn)
    return _exempting([arn for arn in writers if arn])


def build_scps(settings: Settings) -> list[dict[str, Any]]:
    """The organization guard as deployed: one document, or several when one cannot hold it all."""
    return pack(scp_statements(settings), _minified_size, SCP_MAX)


def build_scp(settings: Settings) -> dict[str, Any]:
    """The organization guard as one document (every statement), for tools that want one view."""
    return {"Version": "2012-10-17", "Statement": scp_statements(settings)}


def scp_texts(settings: Settings) -> list[str]:
    """Each SCP exactly as deployed: minified, each at most ``SCP_MAX`` characters.

    Raises:
        InputError: when one statement alone is too long, or a target would need more SCPs than
            AWS Organizations allows, saying what to shorten.
    """
    try:
        documents = build_scps(settings)
    except ValueError as error:
        raise _too_large(str(error)) from None
    if len(documents) > SCPS_PER_TARGET - 1:
        raise _too_large(
            f"the organization guard needs {len(documents)} SCPs, but a target takes "
            f"{SCPS_PER_TARGET} including FullAWSAccess"
        )
    return [_minified(document) for document in documents]


def scp_text(settings: Settings) -> str:
    """What ``scp`` prints: the one document, or a JSON list of them when the guard is split."""
    texts = scp_texts(settings)
    return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"


def _minified(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=True)


def _minified_size(document: dict[str, Any]) -> int:
    return len(_minified(document))


def _too_large(message: str) -> InputError:
    return InputError(
        [
            Problem(
                "organization guard",
                0,
                0,
                f"{message}: use fewer or shorter breakGlassRoleArns, or a shorter tagKey",
            )
        ]
    )
