"""What the CI roles need for the stack's federation: the shared role, or the permission set.

With ``federation: saml`` the program creates one untagged role, ``/studio-access/<name>``, which
the deploy role's tag-scoped principal statements do not reach: these name it exactly. With
``federation: identity-center`` it creates a permission set in ``identityCenterInstanceArn`` and
assigns it to the group in the stack's account, scoped to that instance. Identity Center is
reached as the Identity Center domains reach it: with ``identityCenterRoleArn`` the CI roles only
assume that role, whose policy (``ci-policy --role identity-center``) holds these statements;
without it they hold them themselves. Nothing without ``federation``.
"""

from __future__ import annotations

from ..roster.principals.base import MANAGED_PATH
from ..roster.settings import Settings
from . import arns
from .statements import allow

#: What ``pulumi preview --refresh`` reads of the shared role and its attachment.
ROLE_READS = (
    "iam:GetRole",
    "iam:ListAttachedRolePolicies",
    "iam:ListRolePolicies",
    "iam:ListRoleTags",
)
#: What ``pulumi up`` adds to create, change and delete it.
ROLE_WRITES = (
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:ListInstanceProfilesForRole",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
)
#: What ``pulumi preview --refresh`` reads of the permission set and its assignment.
SSO_READS = (
    "sso:DescribePermissionSet",
    "sso:DescribePermissionSetProvisioningStatus",
    "sso:GetInlinePolicyForPermissionSet",
    "sso:ListAccountAssignments",
    "sso:ListTagsForResource",
)
#: What ``pulumi up`` adds to create, change, provision and delete them.
SSO_WRITES = (
    "sso:CreateAccountAssignment",
    "sso:CreatePermissionSet",
    "sso:DeleteAccountAssignment",
    "sso:DeleteInlinePolicyFromPermissionSet",
    "sso:DeletePermissionSet",
    "sso:DescribeAccountAssignmentCreationStatus",
    "sso:DescribeAccountAssignmentDeletionStatus",
    "sso:ProvisionPermissionSet",
    "sso:PutInlinePolicyToPermissionSet",
    "sso:TagResource",
    "sso:UntagResource",
    "sso:UpdatePermissionSet",
)


def federation_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """The CI role's part for the federation; reads for preview and audit, writes for deploy."""
    if settings.federation == "saml":
        role = [arns.iam(settings, f"role{MANAGED_PATH}{settings.federated_role_name}")]
        statements = [allow("ReadFederatedRole", ROLE_READS, role)]
        if write:
            policy = arns.iam(settings, f"policy/{settings.policy_name}")
            statements += [
                allow("ManageFederatedRole", ROLE_WRITES, role),
                allow(
                    "AttachMemberPolicyToFederatedRole",
                    ("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
                    role,
                    ArnLike={"iam:PolicyARN": policy},
                ),
            ]
        return statements
    if settings.federation == "identity-center" and not settings.identity_center_role_arn:
        return permission_set_statements(settings, write=write)
    return []


def permission_set_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """Read (and with ``write`` manage) the permission set and its account assignment; nothing
    unless ``federation: identity-center``."""
    if settings.federation != "identity-center":
        return []
    resources = _identity_center_resources(settings)
    statements = [allow("ReadPermissionSet", SSO_READS, resources)]
    if write:
        statements.append(allow("ManagePermissionSet", SSO_WRITES, resources))
    return statements


def _identity_center_resources(settings: Settings) -> list[str]:
    """The instance, its permission sets, and the accounts they are assigned to."""
    instance = settings.identity_center_instance_arn or ""
    partition = instance.split(":", 2)[1] if instance.startswith("arn:") else settings.partition
    instance_id = instance.rsplit("/", 1)[-1]
    return [
        instance,
        f"arn:{partition}:sso:::permissionSet/{instance_id}/*",
        f"arn:{partition}:sso:::account/*",
    ]
