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

A person's entries are read off the same plan the program registers (``plan.people``): each
registration that already exists in the account becomes an entry. Import ids, as the pulumi-aws
docs state them: a user, role or group by name, a policy by ARN, a profile by ARN,
``UserGroupMembership`` as ``user/group``, ``GroupPolicyAttachment`` and
``RolePolicyAttachment`` as ``group-or-role/policyArn``, an Identity Center
``ApplicationAssignment`` as ``applicationArn,principalId,USER``.

A registration of another provider (``Registration.provider``: Identity Center in another
region or account) is imported with that provider, which ``pulumi import`` finds by the URN the
``nameTable`` gives; it must exist in the stack first (``adopt`` says how).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from components.aws.adopt.decide import Adoption
from components.aws.read.iam_inventory import IamInventory, Principal
from components.core import logical_names as names
from components.core.problems import InputError, Problem
from components.core.registrations import STACK, Lookup, Ref, Registration
from components.core.settings.reader import PROJECT
from components.core.settings.stack import Settings
from components.plan.people import user_plan
from components.roster.users import UserSpec

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
ASSIGNMENT = "aws:ssoadmin/applicationAssignment:ApplicationAssignment"

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
    specs: Sequence[UserSpec],
    users: Sequence[UserSpec],
    settings: Settings,
    iam: IamInventory,
    only_users: bool,
    stack: str = "S",
) -> dict[str, Any]:
    """The whole file: the stack-wide resources that exist (unless ``only_users``), then each
    adopted user's (``specs``: the files written for ``adoptions``, in order); ``stack`` names
    the stack in the URNs of the providers the entries use."""
    resources: list[Entry] = []
    if not only_users:
        resources += stack_entries(adoptions, users, settings, iam)
    for adoption, spec in zip(adoptions, specs, strict=True):
        resources += user_entries(adoption, spec, settings, iam)
    providers = {r["provider"] for r in resources if "provider" in r}
    names = [r["name"] for r in resources]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        message = f"two resources would share a URN: {', '.join(twice)}; rename a user"
        raise InputError([Problem("import file", 0, 0, message)])
    table = {name: provider_urn(stack, name) for name in sorted(providers)}
    return {"nameTable": table, "resources": resources}


def provider_urn(stack: str, name: str) -> str:
    """The URN of the program's provider ``name`` (a top-level resource of the stack)."""
    return f"urn:pulumi:{stack}::{PROJECT}::pulumi:providers:aws::{name}"


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


def user_entries(
    adoption: Adoption, spec: UserSpec, settings: Settings, iam: IamInventory
) -> list[Entry]:
    """``StudioUser`` and those of the registrations of ``spec`` that already exist."""
    parent = entry(STUDIO_USER, spec.id)
    under = parent["name"]
    found = [parent]
    plan = user_plan(spec, settings)
    for step in plan.steps:
        if isinstance(step, Lookup):
            continue
        import_id = _existing(step, plan.steps, adoption, settings, iam)
        if import_id is None:
            continue
        found.append(entry(step.type, step.name, import_id, under))
        if step.provider and settings.identity_center_provider:
            found[-1]["provider"] = names.IDENTITY_CENTER_PROVIDER
    return found


def _existing(
    step: Registration,
    steps: Sequence[Registration | Lookup],
    adoption: Adoption,
    settings: Settings,
    iam: IamInventory,
) -> str | None:
    """The import id of ``step`` if what it registers exists in the account, else ``None``."""
    inputs = step.inputs
    if step.type == PROFILE:
        return adoption.profile.arn
    if step.type == ASSIGNMENT:
        return adoption.assignment_id
    if step.type in (USER, ROLE):
        principal = iam.principal("user" if step.type == USER else "role", inputs["name"])
        return principal.name if principal else None
    if step.type == MEMBERSHIP:
        user = iam.principal("user", _value(inputs["user"], steps, settings, iam) or "")
        group = _value(inputs["groups"][0], steps, settings, iam)
        return f"{user.name}/{group}" if user and group in user.groups else None
    if step.type == ROLE_ATTACHMENT:
        role = iam.principal("role", _value(inputs["role"], steps, settings, iam) or "")
        policy = _value(inputs["policy_arn"], steps, settings, iam)
        return f"{role.name}/{policy}" if role and policy in role.attached else None
    return None


def _value(
    value: object, steps: Sequence[Registration | Lookup], settings: Settings, iam: IamInventory
) -> str | None:
    """What a plan's input is in the account: a literal, a registration's name, a stack output."""
    if not isinstance(value, Ref):
        return value if isinstance(value, str) else None
    if value.resource == STACK:
        stack = {
            "group_name": settings.group_name,
            "policy_arn": _arn(iam, settings.policy_name),
            "guard_arn": _arn(iam, settings.execution_role_policy_name),
        }
        return stack.get(value.attribute)
    target = next((s for s in steps if s.name == value.resource), None)
    if isinstance(target, Registration) and value.attribute == "name":
        return target.inputs.get("name")
    return None


def _arn(iam: IamInventory, name: str) -> str | None:
    policy = iam.policy(name)
    return policy.arn if policy else None
