"""The file for ``pulumi import --file``: every adopted resource under its program name and parent.

``pulumi import`` reads ``{"nameTable": {name: urn}, "resources": [{type, name, id, parent,
logicalName, component}]}``. Each resource is given the logical name the program registers it
under (``alice-user``, ``alice-profile``; docs/architecture.md, "Resources") and the component the program
puts it in (``StudioUser`` ``alice``, ``StudioAccess`` ``studio-access``), so that the URNs
match and ``pulumi up`` afterwards updates in place instead of replacing. The components do not
exist in AWS; an entry with ``"component": true`` and no id makes ``pulumi import`` (3.94 or
later) create them empty, and a ``parent`` that names another entry of the same file needs no
``nameTable`` entry. Each entry's ``name`` (the key ``parent`` refers to) is its type and
logical name, which is unique because URNs are.

Import ids, as the pulumi-aws docs state them: a user, role or group by name, a policy by ARN,
a profile by ARN, ``UserGroupMembership`` as ``user/group``, ``GroupPolicyAttachment`` and
``RolePolicyAttachment`` as ``group-or-role/policyArn``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..roster import logical_names as names
from ..roster.problems import InputError, Problem
from ..roster.settings import Settings
from ..roster.users import UserSpec
from .adopt import Adoption
from .iam_inventory import IamInventory, ManagedPolicy, Principal

STUDIO_ACCESS = "studio-access:index:StudioAccess"
STUDIO_USER = "studio-access:index:StudioUser"
USER = "aws:iam/user:User"
ROLE = "aws:iam/role:Role"
GROUP = "aws:iam/group:Group"
POLICY = "aws:iam/policy:Policy"
MEMBERSHIP = "aws:iam/userGroupMembership:UserGroupMembership"
GROUP_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
PROFILE = "aws:sagemaker/userProfile:UserProfile"

Entry = dict[str, Any]


def entry(type_: str, logical: str, id_: str | None = None, parent: str | None = None) -> Entry:
    """One resource of the file; a component when it has no id."""
    item: Entry = {
        "type": type_,
        "name": f"{type_.rsplit(':', 1)[-1]}:{logical}",
        "logicalName": logical,
    }
    if id_ is None:
        item["component"] = True
    else:
        item["id"] = id_
    if parent is not None:
        item["parent"] = parent
    return item


def import_document(
    adoptions: Sequence[Adoption],
    users: Sequence[UserSpec],
    settings: Settings,
    iam: IamInventory,
    only_users: bool,
) -> dict[str, Any]:
    """The whole file: the stack-wide resources that exist (unless ``only_users``), then each user's."""
    resources: list[Entry] = []
    if not only_users:
        resources += stack_entries(adoptions, users, settings, iam)
    for adoption in adoptions:
        resources += user_entries(adoption, settings, iam)
    names = [r["name"] for r in resources]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        message = f"two resources would share a URN: {', '.join(twice)}; rename a user"
        raise InputError([Problem("import file", 0, 0, message)])
    return {"nameTable": {}, "resources": resources}


def stack_entries(
    adoptions: Sequence[Adoption], users: Sequence[UserSpec], settings: Settings, iam: IamInventory
) -> list[Entry]:
    """``StudioAccess`` and those of its children that already exist in the account."""
    group = iam.group(settings.group_name)
    member = iam.policy(settings.policy_name)
    guard = iam.policy(settings.execution_role_policy_name)
    if group is None and member is None and guard is None:
        return []
    parent = entry(STUDIO_ACCESS, names.ACCESS)
    found = [parent]
    under = parent["name"]
    if group is not None:
        found.append(entry(GROUP, names.access_child("group"), group.name, under))
    if member is not None:
        found.append(entry(POLICY, names.access_child("policy"), member.arn, under))
        if group is not None and member.arn in group.attached:
            found.append(
                entry(
                    GROUP_ATTACHMENT,
                    names.access_child("group-policy"),
                    f"{group.name}/{member.arn}",
                    under,
                )
            )
    if guard is not None:
        found.append(entry(POLICY, names.access_child("execution-guard"), guard.arn, under))
        for role in _shared_roles(adoptions, users, settings, iam):
            if guard.arn in role.attached:
                logical = names.shared_guard_attachment(role.name)
                found.append(entry(ROLE_ATTACHMENT, logical, f"{role.name}/{guard.arn}", under))
    return found


def _shared_roles(
    adoptions: Sequence[Adoption], users: Sequence[UserSpec], settings: Settings, iam: IamInventory
) -> list[Principal]:
    """The existing execution roles the program attaches the guard to, as ``__main__.py`` lists them."""
    arns = [settings.default_execution_role_arn]
    arns += [u.execution_role_arn for u in users if u.active and u.execution_role_arn]
    arns += [a.execution_role_arn for a in adoptions if a.execution_role_arn]
    names = dict.fromkeys(arn.rsplit("/", 1)[-1] for arn in arns if arn)
    return [role for name in names if (role := iam.principal("role", name))]


def user_entries(adoption: Adoption, settings: Settings, iam: IamInventory) -> list[Entry]:
    """``StudioUser`` and its children that exist: principal, attachment or membership, profile."""
    user_id = adoption.user_id
    parent = entry(STUDIO_USER, user_id)
    under = parent["name"]
    found = [parent]
    principal = adoption.principal
    member = iam.policy(settings.policy_name)
    if principal is not None and principal.kind == "user":
        found.append(entry(USER, names.user_child(user_id, "user"), principal.name, under))
        group = iam.group(settings.group_name)
        if group is not None and group.name in principal.groups:
            found.append(
                entry(
                    MEMBERSHIP,
                    names.user_child(user_id, "membership"),
                    f"{principal.name}/{group.name}",
                    under,
                )
            )
    elif principal is not None:
        found.append(entry(ROLE, names.user_child(user_id, "role"), principal.name, under))
        found += _attachment(names.user_child(user_id, "policy"), principal, member, under)
    if adoption.per_user_role is not None:
        found += _execution_role(adoption, settings, iam, under)
    found.append(entry(PROFILE, names.user_child(user_id, "profile"), adoption.profile.arn, under))
    return found


def _attachment(
    logical: str, role: Principal, policy: ManagedPolicy | None, under: str
) -> list[Entry]:
    if policy is None or policy.arn not in role.attached:
        return []
    return [entry(ROLE_ATTACHMENT, logical, f"{role.name}/{policy.arn}", under)]


def _execution_role(
    adoption: Adoption, settings: Settings, iam: IamInventory, under: str
) -> list[Entry]:
    """The per-user execution role and those of its attachments that exist."""
    role = adoption.per_user_role
    assert role is not None
    user_id = adoption.user_id
    found = [entry(ROLE, names.execution_role(user_id), role.name, under)]
    found += _attachment(
        names.execution_guard_attachment(user_id),
        role,
        iam.policy(settings.execution_role_policy_name),
        under,
    )
    for arn in settings.execution_role_policy_arns:
        if arn in role.attached:
            found.append(
                entry(
                    ROLE_ATTACHMENT,
                    names.execution_policy_attachment(user_id, arn),
                    f"{role.name}/{arn}",
                    under,
                )
            )
    return found
