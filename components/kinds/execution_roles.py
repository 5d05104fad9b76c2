"""Per-user execution roles (``perUserExecutionRoles``): a notebook role of one's own.

A profile's notebooks run as its execution role. The domain's default role is shared by every
profile that names none; with per-user roles on, the program creates one role per active user
without ``execution_role_arn``: tagged like the person's principal, trusting SageMaker only, and
created under ``/studio-access/<profile name>/<id>/``, so that its ARN spells its tags as a
principal's does and its tags count only in its own sessions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from components.core import limits
from components.core import logical_names as names
from components.core.principal_paths import managed_path, spelled_by_tags
from components.core.registrations import STACK, Ref, Registration
from components.kinds.base import Person

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

ROLE = "aws:iam/role:Role"
ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
#: What a per-user execution role's name adds to the user's id.
EXECUTION_ROLE_SUFFIX = "-studio-execution"
#: The service that assumes an execution role on behalf of a Studio profile.
SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"


def execution_role_name(user_id: str) -> str:
    """The name of the execution role the program creates for ``user_id``.

    ``<id>-studio-execution``; an id too long for IAM's 64 characters keeps its first characters
    and a digest of the whole id, so two long ids never share a role.
    """
    name = f"{user_id}{EXECUTION_ROLE_SUFFIX}"
    if len(name) <= limits.IAM_PRINCIPAL_NAME_MAX:
        return name
    import hashlib  # only for ids of 48 characters or more

    digest = hashlib.sha256(user_id.encode()).hexdigest()[:8]
    keep = limits.IAM_PRINCIPAL_NAME_MAX - len(EXECUTION_ROLE_SUFFIX) - len(digest) - 1
    return f"{user_id[:keep]}-{digest}{EXECUTION_ROLE_SUFFIX}"


def execution_role_path(user: Person) -> str:
    """``/studio-access/<profile name>/<id>/``: the role's path spells both of its tags."""
    return f"{managed_path(user.profile_name)}{user.id}/"


def wanted(user: Person, settings: Settings) -> bool:
    """Whether the program creates an execution role for ``user``."""
    return settings.per_user_execution_roles and user.active and not user.execution_role_arn


def trust_policy_text() -> str:
    """The trust policy of a per-user execution role: SageMaker, and nobody else, assumes it."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SageMakerRunsTheProfilesNotebooks",
                    "Effect": "Allow",
                    "Principal": {"Service": SAGEMAKER_SERVICE},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        indent=2,
    )


def registrations(user: Person, settings: Settings) -> list[Registration]:
    """The role, the execution-role guard on it, and the stack's managed policies."""
    role = names.execution_role(user.id)
    attachments = [
        Registration(
            ROLE_ATTACHMENT,
            names.execution_guard_attachment(user.id),
            {"role": Ref(role, "name"), "policy_arn": Ref(STACK, "guard_arn")},
        )
    ]
    attachments += [
        # Named after the policy, so changing the list replaces only what changed.
        Registration(
            ROLE_ATTACHMENT,
            names.execution_policy_attachment(user.id, arn),
            {"role": Ref(role, "name"), "policy_arn": arn},
        )
        for arn in settings.execution_role_policy_arns
    ]
    return [
        Registration(
            ROLE,
            role,
            {
                "name": execution_role_name(user.id),
                "path": execution_role_path(user),
                "assume_role_policy": trust_policy_text(),
                "tags": user.principal_tags(settings.tag_key),
                "force_detach_policies": True,
            },
            delete_before_replace=True,
        ),
        *attachments,
    ]


def bound_arns(settings: Settings) -> list[str]:
    """The ARN pattern of per-user execution roles, whose tags count in their own sessions."""
    return [spelled_by_tags(settings, "role", "/*")] if settings.per_user_execution_roles else []
