"""The logical names of what the program registers, shared by the program and adopt's import file.

Pulumi identifies a resource by its type, its parent's type and this name, not by its parent's
name, so two users' children must never share a name. Names come from the id, so adding,
removing or reordering files replaces nothing. The principal and profile names keep the
``<id>-user`` form they were first deployed with; the per-user execution role's children use a
``.`` (which no id contains) so that ``a``'s ``a.execution-role`` can never be the role of a user
whose id is ``a-execution``.
"""

from __future__ import annotations

#: The stack-wide component, and the prefix of its children.
ACCESS = "studio-access"
ORG_GUARD = "studio-access-org-guard"
METER = "studio-access-meter"


def access_child(role: str) -> str:
    """``group``, ``policy``, ``group-policy`` or ``execution-guard`` of ``StudioAccess``."""
    return f"{ACCESS}-{role}"


def shared_guard_attachment(role_name: str) -> str:
    """The guard's attachment to an existing execution role, named after the role."""
    return f"{ACCESS}-execution-guard-{role_name}"


def user_child(user_id: str, role: str) -> str:
    """``user``, ``membership``, ``role``, ``policy`` (the member policy's attachment) or ``profile``."""
    return f"{user_id}-{role}"


def execution_role(user_id: str) -> str:
    """The per-user execution role."""
    return f"{user_id}.execution-role"


def execution_guard_attachment(user_id: str) -> str:
    """The guard's attachment to the per-user execution role."""
    return f"{user_id}.execution-guard"


def execution_policy_attachment(user_id: str, policy_arn: str) -> str:
    """A managed policy's attachment to the per-user execution role, named after the policy."""
    return f"{user_id}.execution-policy.{policy_arn.rsplit('/', 1)[-1]}"


#: The provider that reaches IAM Identity Center when it lives in another region or account.
IDENTITY_CENTER_PROVIDER = "studio-access-identity-center"
