"""What ``pulumi up`` creates for users/ and the stack, read from the same plans the program uses.

``verify`` compares the account with this. Everything comes from the builders that the program
and ``check`` use (``plan.people.user_plan``, the kinds' stack registrations, the documents of
``policies``), so there is no second description of the deployment to drift from the first.
Only the facts the proof rests on are kept: which principals carry which guard, their trust
policies and access tags, and the access tag of every profile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from components import kinds
from components.core.registrations import STACK, Ref, Registration
from components.core.settings.stack import Settings
from components.plan.people import PROFILE, user_plan
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import combined_text, policy_texts
from components.roster.users import UserSpec

USER = "aws:iam/user:User"
ROLE = "aws:iam/role:Role"
MEMBERSHIP = "aws:iam/userGroupMembership:UserGroupMembership"
ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
#: The guards, by the stack output a registration names them with.
MEMBER, GUARD = "member", "guard"
_GUARD_OUTPUTS = {"policy_arn": MEMBER, "guard_arn": GUARD}


@dataclass(frozen=True)
class ManagedPrincipal:
    """An IAM user or role the program creates.

    Attributes:
        kind: ``user`` or ``role``.
        name: its name.
        owner: whose it is (``user 'alice'``, ``the stack``), for messages.
        tags: its access tags (the access tag and the profile tag), as deployed.
        trust: a role's trust policy text.
        guards: ``member`` and/or ``guard``: the project's policies it must carry itself.
        in_group: a user that must be a member of the group.
        user_id / profile_name: the person, for a sample principal of its class.
        sample_kind: the proof's caller kind it stands for (``member-user``…), if any.
    """

    kind: str
    name: str
    owner: str
    tags: Mapping[str, str] = field(default_factory=dict)
    trust: str | None = None
    guards: tuple[str, ...] = ()
    in_group: bool = False
    user_id: str = ""
    profile_name: str = ""
    sample_kind: str = ""


@dataclass(frozen=True)
class Expected:
    """The deployment, as ``verify`` checks it.

    Attributes:
        member_texts / guard_texts: the member policy and the execution-role guard, as built:
            one managed policy each, or the parts of a document IAM's size limit splits.
        permission_set_text: the member policy as one document (a permission set's inline policy).
        principals: every user and role the program creates.
        shared_execution_roles: ARNs of the existing roles the guard is attached to.
        profiles: profile name -> its access tag value (``None``: offboarded, no tag).
        permission_set: the permission set's name when the member policy is its inline policy.
    """

    member_texts: tuple[str, ...]
    guard_texts: tuple[str, ...]
    permission_set_text: str
    principals: tuple[ManagedPrincipal, ...]
    shared_execution_roles: tuple[str, ...]
    profiles: Mapping[str, str | None]
    permission_set: str | None = None


def expected(users: Sequence[UserSpec], settings: Settings) -> Expected:
    """What the stack deploys for ``users``."""
    found: list[ManagedPrincipal] = []
    profiles: dict[str, str | None] = {}
    access_keys = (settings.tag_key, settings.profile_tag_key)
    for user in users:
        plan = user_plan(user, settings)
        found += _principals(plan.steps, f"user {user.id!r}", access_keys, user)
        for step in plan.steps:
            if isinstance(step, Registration) and step.type == PROFILE:
                tags = step.inputs.get("tags") or {}
                profiles[step.inputs["user_profile_name"]] = tags.get(settings.tag_key)
    stack_steps = [s for kind in kinds.KINDS for s in kind.stack_registrations(settings)]
    found += _principals(stack_steps, "the stack", access_keys, None)
    configured = [settings.default_execution_role_arn, settings.shared_space_role_arn]
    shared = [arn for arn in configured if arn]  # the shared spaces' role, when configured, too
    shared += [u.execution_role_arn for u in users if u.active and u.execution_role_arn]
    return Expected(
        member_texts=tuple(policy_texts(settings)),
        guard_texts=tuple(execution_role_policy_texts(settings)),
        permission_set_text=combined_text(settings),
        principals=tuple(found),
        shared_execution_roles=tuple(dict.fromkeys(shared)),
        profiles=profiles,
        permission_set=_permission_set_name(settings),
    )


def _permission_set_name(settings: Settings) -> str | None:
    """The permission set the program creates in this stack (a kind's), if any."""
    owned = kinds.permission_set(settings)
    return owned[0] if owned else None


def _principals(
    steps: Sequence[object], owner: str, access_keys: tuple[str, str], user: UserSpec | None
) -> list[ManagedPrincipal]:
    """The users and roles among ``steps``, with the guards and group their other steps give."""
    registrations = [s for s in steps if isinstance(s, Registration)]
    guards: dict[str, list[str]] = {}
    grouped: set[str] = set()
    for step in registrations:
        if step.type == ROLE_ATTACHMENT and isinstance(step.inputs.get("policy_arn"), Ref):
            ref = step.inputs["policy_arn"]
            if ref.resource == STACK and ref.attribute in _GUARD_OUTPUTS:
                guards.setdefault(step.inputs["role"].resource, []).append(
                    _GUARD_OUTPUTS[ref.attribute]
                )
        elif step.type == MEMBERSHIP:
            grouped.add(step.inputs["user"].resource)
    found = []
    for step in registrations:
        if step.type not in (USER, ROLE):
            continue
        tags = step.inputs.get("tags") or {}
        held = tuple(guards.get(step.name, ()))
        found.append(
            ManagedPrincipal(
                kind="user" if step.type == USER else "role",
                name=step.inputs["name"],
                owner=owner,
                tags={key: tags[key] for key in access_keys if key in tags},
                trust=step.inputs.get("assume_role_policy"),
                guards=held,
                in_group=step.name in grouped,
                user_id=user.id if user else "",
                profile_name=user.profile_name if user else "",
                sample_kind=_sample_kind(step.type, held, user),
            )
        )
    return found


def _sample_kind(step_type: str, guards: tuple[str, ...], user: UserSpec | None) -> str:
    """The proof's caller kind a principal stands for, when it can be simulated as one."""
    if step_type == USER:
        return "member-user"
    if GUARD in guards:
        return "execution-per-user"
    if MEMBER in guards:
        return "member-role" if user is not None else "federated-session"
    return ""
