"""Decide what ``adopt`` writes for each profile of an existing domain that users/ lacks.

A profile becomes a user when its id can be read (its access tag, else its name) and its
principal, if one exists, is one the program can take over: an IAM user or role named as the id,
not tagged with another id, that its kind of principal recognises (``kinds``: a
role's trust must name someone a user file can). Anything else is skipped with the reason, so a
reviewer sees what needs a decision instead of a file that would replace or grant something
silently; what ``pulumi up`` will change on what it takes over (a principal moved under
``/studio-access/``) is noted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from components import kinds
from components.aws.read.iam_inventory import IamInventory, Principal
from components.aws.read.studio_inventory import Domain, Profile
from components.core import limits
from components.core.settings.stack import Settings
from components.kinds.base import Principal as PrincipalSpec
from components.kinds.execution_roles import execution_role_name
from components.roster.users import EMAIL_TAG

#: Tag prefixes AWS and SageMaker reserve; such tags are theirs, never adopted.
RESERVED_TAG_PREFIXES = ("aws:", "sagemaker:")
#: The statuses of a profile that can be taken over as it is.
ADOPTABLE_STATUSES = ("InService", "Updating", "Update_Failed")


@dataclass(frozen=True)
class Adoption:
    """One profile to adopt as ``users/<user_id>.yaml``.

    Attributes:
        user_id: the id (its access tag, else its name).
        profile: the profile.
        principal_spec: the ``principal:`` the file declares (its kind, and for a role whom it
            trusts).
        principal: the existing IAM user or role named ``user_id``, if any.
        email: the profile's ``email`` tag.
        tags: its other tags, as the file will list them.
        execution_role_arn: the profile's own execution role, unless it is the domain's default
            or the program's per-user role.
        per_user_role: the program's per-user execution role of this user, if it exists.
        notes: what the reviewer should know (tags not adopted, trust entries dropped, …).
        assignment_id: for an Identity Center user assigned to the domain's application, the
            import id of that assignment.
    """

    user_id: str
    profile: Profile
    principal_spec: PrincipalSpec
    principal: Principal | None
    email: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    execution_role_arn: str | None = None
    per_user_role: Principal | None = None
    notes: tuple[str, ...] = ()
    assignment_id: str | None = None

    @property
    def principal_type(self) -> str:
        return self.principal_spec.kind


class Skip(Exception):
    """A profile that cannot be adopted as it is; the message says why and what to do."""


def plan_adoption(
    profile: Profile, settings: Settings, iam: IamInventory, domain: Domain
) -> Adoption:
    """What to write for ``profile``.

    Raises:
        Skip: its id cannot be read, or its principal is not one the program could manage.
    """
    if profile.status not in ADOPTABLE_STATUSES:
        raise Skip(f"its status is {profile.status}")
    tag = profile.tags.get(settings.tag_key)
    user_id = tag if tag is not None else profile.name
    if not limits.ID_RE.match(user_id):
        raise Skip(f"its access tag {tag!r} is not a valid id; retag it or adopt it by hand")
    if not limits.ID_RE.match(profile.name):
        raise Skip(
            f"its name {profile.name!r} has upper case, which the guards cannot match "
            "(SageMaker lower-cases some profile ARNs); re-create it under a lower-case name"
        )
    principal = _principal(user_id, settings, iam)
    adopted = _adopted(user_id, profile.name, principal, settings)
    if adopted.principal is None:
        raise Skip(adopted.refusal)
    spec: PrincipalSpec = adopted.principal
    notes = list(adopted.notes)
    email = profile.tags.get(EMAIL_TAG)
    role_arn, per_user = _execution_role(profile, user_id, settings, iam, domain)
    return Adoption(
        user_id=user_id,
        profile=profile,
        principal_spec=spec,
        principal=principal,
        email=email,
        tags=_extra_tags(profile.tags, settings, notes),
        execution_role_arn=role_arn,
        per_user_role=per_user,
        notes=tuple(notes),
    )


def _principal(user_id: str, settings: Settings, iam: IamInventory) -> Principal | None:
    """The user or role named ``user_id``, if it is one the program can take over."""
    found = [p for p in (iam.principal("user", user_id), iam.principal("role", user_id)) if p]
    if len(found) == 2:
        found = [p for p in found if p.tags.get(settings.tag_key) == user_id]
        if len(found) != 1:
            raise Skip(f"both an IAM user and an IAM role are named {user_id}; keep one")
    if not found:
        return None
    principal = found[0]
    if principal.name != user_id:
        raise Skip(f"IAM {principal.kind} {principal.name} differs from the id {user_id!r} in case")
    other = principal.tags.get(settings.tag_key)
    if other is not None and other != user_id:
        raise Skip(f"IAM {principal.kind} {principal.name} carries {settings.tag_key}={other!r}")
    if why := kinds.kind_of(principal.kind).recognise(user_id, principal, settings):
        raise Skip(why)
    return principal


def _adopted(
    user_id: str, profile_name: str, principal: Principal | None, settings: Settings
) -> kinds.Adopted:
    """What the principal's kind writes for it; without one, the first kind with an answer,
    those the stack's settings turn on first (a federation), then the others in their order."""
    if principal is not None:
        candidates: tuple[kinds.Kind, ...] = (kinds.kind_of(principal.kind),)
    else:
        candidates = tuple(sorted(kinds.KINDS, key=lambda kind: not kind.in_use(settings)))
    for kind in candidates:
        if (adopted := kind.adopt(user_id, profile_name, principal, settings)) is not None:
            return adopted
    raise Skip("no kind of principal describes it; adopt it by hand")


def _extra_tags(
    tags: Mapping[str, str], settings: Settings, notes: list[str]
) -> tuple[tuple[str, str], ...]:
    own = {settings.tag_key, settings.profile_tag_key, EMAIL_TAG}
    reserved = [k for k in tags if k.lower().startswith(RESERVED_TAG_PREFIXES)]
    if reserved:
        notes.append(f"tags kept by AWS, not adopted: {', '.join(sorted(reserved))}")
    return tuple(sorted((k, v) for k, v in tags.items() if k not in own and k not in reserved))


def _execution_role(
    profile: Profile, user_id: str, settings: Settings, iam: IamInventory, domain: Domain
) -> tuple[str | None, Principal | None]:
    """``(execution_role_arn, per-user role)``: what the file names, and what is imported."""
    arn = profile.execution_role
    if arn is None or arn in (settings.default_execution_role_arn, domain.default_execution_role):
        return None, None
    per_user = iam.principal("role", execution_role_name(user_id))
    if settings.per_user_execution_roles and per_user is not None and per_user.arn == arn:
        return None, per_user
    return arn, None
