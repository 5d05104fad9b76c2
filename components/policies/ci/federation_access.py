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

from components.core.principal_paths import MANAGED_PATH
from components.core.settings.stack import Settings
from components.kinds.federated import permission_set_owner_tag
from components.policies import arns
from components.policies.statements import allow

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
#: What ``pulumi up`` adds on the permission set itself (which must carry the owner tag).
SSO_PERMISSION_SET_WRITES = (
    "sso:CreateAccountAssignment",
    "sso:DeleteAccountAssignment",
    "sso:DeleteInlinePolicyFromPermissionSet",
    "sso:DeletePermissionSet",
    "sso:ProvisionPermissionSet",
    "sso:PutInlinePolicyToPermissionSet",
    "sso:UpdatePermissionSet",
)
#: What the assignment and provisioning name besides: the workload account (and nothing else).
SSO_ACCOUNT_WRITES = (
    "sso:CreateAccountAssignment",
    "sso:DeleteAccountAssignment",
    "sso:ProvisionPermissionSet",
)
#: What waits for an assignment; these name the instance only.
SSO_STATUS_READS = (
    "sso:DescribeAccountAssignmentCreationStatus",
    "sso:DescribeAccountAssignmentDeletionStatus",
)
#: Every write, for the docs and the proof.
SSO_WRITES = tuple(
    sorted(
        {
            *SSO_PERMISSION_SET_WRITES,
            "sso:CreatePermissionSet",
            "sso:TagResource",
            "sso:UntagResource",
        }
    )
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
    through = settings.identity_center_role_arn if write else settings.identity_center_read_role_arn
    if settings.federation == "identity-center" and not through:
        return permission_set_statements(settings, write=write)
    return []


def permission_set_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """Read (and with ``write`` manage) the permission set and its account assignment; nothing
    unless ``federation: identity-center``.

    Writes reach only the permission set the program created with the tag
    ``studio-access=<domainId>/<permissionSetName>`` (``OWNER_TAG_KEY``), and assign it only in the workload
    account (the deploy role's); the instance itself is named too, because IAM authorizes these
    calls on the instance as well as on the permission set.
    """
    if settings.federation != "identity-center":
        return []
    instance, permission_sets, accounts = _identity_center_resources(settings)
    statements = [allow("ReadPermissionSet", SSO_READS, [instance, permission_sets, accounts])]
    if not write:
        return statements
    key, value = next(iter(permission_set_owner_tag(settings).items()))
    owned = {f"aws:ResourceTag/{key}": value}
    return [
        *statements,
        allow(
            "CreateOwnedPermissionSet",
            ("sso:CreatePermissionSet",),
            [instance, permission_sets],
            StringEquals={f"aws:RequestTag/{key}": value},
        ),
        allow(
            "ManageOwnedPermissionSet",
            SSO_PERMISSION_SET_WRITES,
            [permission_sets],
            StringEquals=owned,
        ),
        allow(
            "ManagePermissionSetsInstance",
            SSO_PERMISSION_SET_WRITES + SSO_STATUS_READS,
            [instance],
        ),
        allow("AssignInTheWorkloadAccount", SSO_ACCOUNT_WRITES, [accounts]),
        allow(
            "TagOwnedPermissionSet",
            ("sso:TagResource",),
            [permission_sets],
            StringEquals={**owned, f"aws:RequestTag/{key}": value},
        ),
        allow(
            "UntagOwnedPermissionSet",
            ("sso:UntagResource",),
            [permission_sets],
            StringEquals=owned,
            **{"ForAllValues:StringNotEquals": {"aws:TagKeys": [key]}},
        ),
    ]


def workload_account(settings: Settings) -> str:
    """The account the stack deploys to, from the deploy role's ARN; ``*`` when none is set."""
    arn = settings.deploy_role_arn or settings.preview_role_arn
    return arn.split(":")[4] if arn else "*"


def _identity_center_resources(settings: Settings) -> tuple[str, str, str]:
    """The instance, its permission sets, and the workload account they are assigned in."""
    instance = settings.identity_center_instance_arn or ""
    partition = instance.split(":", 2)[1] if instance.startswith("arn:") else settings.partition
    instance_id = instance.rsplit("/", 1)[-1]
    return (
        instance,
        f"arn:{partition}:sso:::permissionSet/{instance_id}/*",
        f"arn:{partition}:sso:::account/{workload_account(settings)}",
    )
