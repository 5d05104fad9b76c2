"""The execution-role guard: what a notebook may not do with its profile's execution role.

A member opens her own Studio; her notebook then runs as the profile's execution role (usually
the domain's default role, shared by everyone, often with AmazonSageMakerFullAccess). That role
carries no member's tag, so the member policy cannot judge it; instead SageMaker names the
profile a Studio request comes from in its context (``sagemaker:DomainId``,
``sagemaker:UserProfileName``), and this guard lets a notebook open only that profile and work
only in that profile's spaces. Outside Studio (a training job, an assumed session) a role has no
Studio context and opens nothing at all; a per-user role's tags (its owner's) still decide which
principals it may touch, and count only in its own sessions. The remaining guards are the member
policy's, so one document serves the domain's default role, every ``execution_role_arn`` and
every per-user role.
"""

from __future__ import annotations

from typing import Any

from components.core import statement_ids as sid
from components.core.settings.stack import Settings
from components.policies import guards, studio_guards
from components.policies.member import joined, part_texts

STUDIO_OPEN_SID = sid.STUDIO_OPEN


def build_execution_role_policy(settings: Settings) -> dict[str, Any]:
    """Return the guard attached to every execution role a managed profile can run with.

    A notebook is named by its Studio context alone: its role's tags (a per-user role carries
    its owner's) are not needed to find its own profile, so a tag its session was given some
    other way can never point it at a colleague's.
    """
    owner = studio_guards.studio_owner(settings)
    return {
        "Version": "2012-10-17",
        "Statement": [
            guards.deny(
                STUDIO_OPEN_SID,
                guards.PRESIGNED_URL_ACTION,
                not_resource=list(owner.profile),
            ),
            *guards.common_guards(settings, owner, binding_tags=(settings.tag_key,)),
        ],
    }


def execution_role_policy_text(settings: Settings) -> str:
    """The guard as the exact JSON text that is deployed and printed (a JSON list of its parts
    when it is split into several managed policies, ``execution_role_policy_texts``)."""
    return joined(execution_role_policy_texts(settings))


def execution_role_policy_texts(settings: Settings) -> list[str]:
    """The guard as deployed: one managed policy, or several when one cannot hold it."""
    return part_texts(build_execution_role_policy(settings), "the execution-role guard")
