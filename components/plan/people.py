"""What ``pulumi up`` registers for one person, as data: the kind's principal, the per-user
execution role, and the profile.

The program (``resources``) turns a ``UserPlan`` into Pulumi resources; ``adopt``
(``aws.adopt``) turns the same plan into ``pulumi import`` entries, so a resource is named in one
place only. Logical names come from the id (``core.logical_names``), never from a position.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import logical_names as names
from components.core.registrations import Lookup, Ref, Registration
from components.core.settings.stack import Settings
from components.kinds import execution_roles, kind_of
from components.plan.profile_settings import user_settings
from components.roster.studio_effective import NO_SETTINGS, Effective
from components.roster.users import UserSpec

PROFILE = "aws:sagemaker/userProfile:UserProfile"


@dataclass(frozen=True)
class UserPlan:
    """Everything registered for one person, and which outputs the stack exports.

    Attributes:
        user: the person.
        steps: registrations and lookups, each after what it references.
        principal: the principal ARN's output (``None`` when the kind has no IAM principal or the
            person is offboarded).
        execution_role: the per-user execution role's ARN output, if one is created.
        profile: the profile's logical name.
    """

    user: UserSpec
    steps: tuple[Registration | Lookup, ...]
    principal: Ref | None
    execution_role: Ref | None
    profile: str


def user_plan(user: UserSpec, settings: Settings, studio: Effective = NO_SETTINGS) -> UserPlan:
    """The registrations for ``user`` in a stack of ``settings``, with its effective Studio
    settings (``roster.studio_effective``; none: the domain's apply)."""
    kind = kind_of(user.principal_type)
    steps: list[Registration | Lookup] = []
    principal = execution_role = None
    if user.active:
        steps += kind.registrations(user, settings)
        principal = kind.principal_ref(user)
    else:
        steps += kind.offboarded_registrations(user, settings)
    if execution_roles.wanted(user, settings):
        steps += execution_roles.registrations(user, settings)
        execution_role = Ref(names.execution_role(user.id), "arn")
    profile = names.user_child(user.id, "profile")
    steps.append(profile_registration(user, settings, execution_role, studio))
    return UserPlan(user, tuple(steps), principal, execution_role, profile)


def profile_registration(
    user: UserSpec, settings: Settings, execution_role: Ref | None, studio: Effective = NO_SETTINGS
) -> Registration:
    """The profile: in the domain, tagged with the id while active, kept under ``retain``, with
    the execution role and the Studio settings it is given."""
    role = user.execution_role_arn or execution_role
    kind = kind_of(user.principal_type)
    inputs = {
        "domain_id": settings.domain_id,
        "user_profile_name": user.profile_name,
        "tags": user.profile_tags(settings.tag_key),
        **kind.profile_inputs(user, settings),
    }
    profile_settings = user_settings(studio, role, settings.default_execution_role_arn)
    if profile_settings is not None:
        inputs["user_settings"] = profile_settings
    return Registration(
        PROFILE,
        names.user_child(user.id, "profile"),
        inputs,
        retain_on_delete=settings.retain_profiles,
        depends_on=kind.profile_after(user, settings) if user.active else (),
    )
