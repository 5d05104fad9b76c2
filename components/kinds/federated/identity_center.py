"""``federation: identity-center``: one permission set, ``permissionSetName``, with the member
policy inline, assigned to ``identityCenterGroupId`` in the workload account. Identity Center
sends the tags from its instance-wide attributes for access control, which the docs show and the
program never writes (it does not own the mapping)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.core import limits
from components.core import logical_names as names
from components.core import statement_ids as sid
from components.core.grants import Grant
from components.core.principal_paths import iam_arn
from components.core.registrations import IDENTITY_CENTER_PROVIDER, STACK, Lookup, Ref, Registration
from components.core.requests import Scenario
from components.core.settings.operators import OWNER_TAG_KEY, owner_tag_value, workload_account
from components.kinds import identity_center_stack
from components.kinds.federated.variant import EVERYONE_BOUND, Variant

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
ACCOUNT_ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
#: Where Identity Center creates the role of a permission set in each account it is assigned to.
IDENTITY_CENTER_ROLES = "role/aws-reserved/sso.amazonaws.com/"
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
_PERMISSION_SET_ROLE = (
    "{iam}:" + IDENTITY_CENTER_ROLES + "eu-west-1/AWSReservedSSO_{permission_set}_0123456789abcdef"
)


class IdentityCenterFederation(Variant):
    name = "identity-center"
    keys = (
        ("identityCenterInstanceArn", "identity_center_instance_arn"),
        ("identityCenterGroupId", "identity_center_group_id"),
        ("permissionSetName", "permission_set_name"),
    )

    def problems(self, settings: Settings) -> list[tuple[str, str]]:
        partition = settings.partition
        checks = (
            (
                "identityCenterInstanceArn",
                settings.identity_center_instance_arn,
                limits.SSO_INSTANCE_ARN_RE,
                "the instance's ARN",
                "an Identity Center instance ARN",
                f"arn:{partition}:sso:::instance/ssoins-0123456789abcdef",
            ),
            (
                "identityCenterGroupId",
                settings.identity_center_group_id,
                limits.IDENTITY_STORE_GROUP_ID_RE,
                "the id of the group whose members sign in",
                "an identity store group id",
                "1234567890-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, or a UUID",
            ),
        )
        problems = []
        for key, value, pattern, what, noun, example in checks:
            if not value:
                problems.append(
                    ("federation", f"federation: identity-center needs {key}, {what}: {example}")
                )
            elif not pattern.match(value):
                problems.append((key, f"{key}: {value!r} is not {noun}; for example {example}"))
        if not limits.PERMISSION_SET_NAME_RE.match(settings.permission_set_name):
            problems.append(
                (
                    "permissionSetName",
                    f"permissionSetName {settings.permission_set_name!r} is not a permission set "
                    "name (1-32 letters, digits and +=,.@_-)",
                )
            )
        return problems

    def registrations(self, settings: Settings) -> list[Registration | Lookup]:
        """The permission set with the member policy inline, assigned to the group in this account."""
        permission_set = names.access_child("permission-set")
        account = names.access_child("account")
        instance = settings.identity_center_instance_arn
        return [
            Lookup(CALLER_IDENTITY, account, {}, "the stack's account could not be read"),
            Registration(
                PERMISSION_SET,
                permission_set,
                {
                    "name": settings.permission_set_name,
                    "instance_arn": instance,
                    "description": "Studio Access: everyone Identity Center signs in to Studio.",
                    # Set at creation: the deploy and Identity Center roles change only what has it.
                    "tags": self.owner_tag(settings),
                },
                provider=IDENTITY_CENTER_PROVIDER,
            ),
            Registration(
                INLINE_POLICY,
                names.access_child("permission-set-policy"),
                {
                    "instance_arn": instance,
                    "permission_set_arn": Ref(permission_set, "arn"),
                    "inline_policy": Ref(STACK, "policy_text"),
                },
                provider=IDENTITY_CENTER_PROVIDER,
            ),
            Registration(
                ACCOUNT_ASSIGNMENT,
                names.access_child("account-assignment"),
                {
                    "instance_arn": instance,
                    "permission_set_arn": Ref(permission_set, "arn"),
                    "principal_id": settings.identity_center_group_id,
                    "principal_type": "GROUP",
                    "target_id": Ref(account, "account_id"),
                    "target_type": "AWS_ACCOUNT",
                },
                provider=IDENTITY_CENTER_PROVIDER,
            ),
        ]

    def sign_in_roles(self, settings: Settings, *, any_permission_set: bool = False) -> list[str]:
        """Every role Identity Center provisions for the permission set (one per account and,
        with several regions, per region; its name ends in 16 characters of its own), or with
        ``any_permission_set`` those of every permission set (see ``kind.shared_sign_in_roles``)."""
        name = "*" if any_permission_set else f"{settings.permission_set_name}_{'?' * 16}"
        return [iam_arn(settings, f"{IDENTITY_CENTER_ROLES}*AWSReservedSSO_{name}")]

    def session_arn(self, settings: Settings) -> str | None:
        name = f"AWSReservedSSO_{settings.permission_set_name}_0123456789abcdef"
        return f"{{iam}}:{IDENTITY_CENTER_ROLES}eu-west-1/{name}"

    def stack_warnings(self, settings: Settings) -> list[str]:
        return identity_center_stack.administered_in_workload_account(settings)

    def scenarios(self) -> list[Scenario]:
        return _ATTACKS

    def identity_center_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """Read (and with ``write`` manage) the permission set and its account assignment.

        Writes reach only the permission set the program created with the owner tag
        (``owner_tag``), and assign it only in the workload account (the deploy role's); the
        instance itself is named too, because IAM authorizes these calls on the instance as well
        as on the permission set.
        """
        instance, permission_sets, accounts = _resources(settings)
        grants = [Grant("ReadPermissionSet", SSO_READS, (instance, permission_sets, accounts))]
        if not write:
            return grants
        ((key, value),) = self.owner_tag(settings).items()
        owned = {f"aws:ResourceTag/{key}": value}
        return [
            *grants,
            Grant(
                "CreateOwnedPermissionSet",
                ("sso:CreatePermissionSet",),
                (instance, permission_sets),
                {"StringEquals": {f"aws:RequestTag/{key}": value}},
            ),
            Grant(
                "ManageOwnedPermissionSet",
                SSO_PERMISSION_SET_WRITES,
                (permission_sets,),
                {"StringEquals": owned},
            ),
            Grant(
                "ManagePermissionSetsInstance",
                SSO_PERMISSION_SET_WRITES + SSO_STATUS_READS,
                (instance,),
            ),
            Grant("AssignInTheWorkloadAccount", SSO_ACCOUNT_WRITES, (accounts,)),
            Grant(
                "TagOwnedPermissionSet",
                ("sso:TagResource",),
                (permission_sets,),
                {"StringEquals": {**owned, f"aws:RequestTag/{key}": value}},
            ),
            Grant(
                "UntagOwnedPermissionSet",
                ("sso:UntagResource",),
                (permission_sets,),
                {"StringEquals": owned, "ForAllValues:StringNotEquals": {"aws:TagKeys": [key]}},
            ),
        ]

    def owner_tag(self, settings: Settings) -> dict[str, str]:
        """The tag the program sets on the permission set when it creates it, by which the write
        roles' policies recognise it among the instance's."""
        return {OWNER_TAG_KEY: owner_tag_value(settings.domain_id, settings.permission_set_name)}

    def permission_set(self, settings: Settings) -> tuple[str, dict[str, str]] | None:
        return settings.permission_set_name, self.owner_tag(settings)


def _resources(settings: Settings) -> tuple[str, str, str]:
    """The instance, its permission sets, and the workload account they are assigned in."""
    instance = settings.identity_center_instance_arn or ""
    partition = instance.split(":", 2)[1] if instance.startswith("arn:") else settings.partition
    instance_id = instance.rsplit("/", 1)[-1]
    return (
        instance,
        f"arn:{partition}:sso:::permissionSet/{instance_id}/*",
        f"arn:{partition}:sso:::account/{workload_account(settings)}",
    )


#: Taking over the permission set's role, its policy, or the attributes that become the tags.
_ATTACKS = [
    *(
        Scenario(
            f"{what} ({action})",
            action,
            _PERMISSION_SET_ROLE,
            closes=(sid.MANAGED_PRINCIPALS,),
            kinds=EVERYONE_BOUND,
            requires="federation=identity-center",
        )
        for what, action in (
            (
                "rewrites the trust policy of the permission set's role",
                "iam:UpdateAssumeRolePolicy",
            ),
            ("deletes the member policy from the permission set's role", "iam:DeleteRolePolicy"),
        )
    ),
    *(
        Scenario(
            f"{what} ({action})",
            action,
            resource,
            closes=(sid.IDENTITY_CENTER,),
            kinds=EVERYONE_BOUND,
            requires="federation=identity-center",
        )
        for what, action, resource in (
            (
                "changes which Identity Center attribute becomes the access tag",
                "sso:UpdateInstanceAccessControlAttributeConfiguration",
                "arn:aws:sso:::instance/ssoins-0123456789abcdef",
            ),
            (
                "rewrites the member policy inline in the permission set",
                "sso:PutInlinePolicyToPermissionSet",
                "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef",
            ),
            (
                "changes a user's attributes in the identity store",
                "identitystore:UpdateUser",
                "arn:aws:identitystore::123456789012:identitystore/d-0123456789",
            ),
        )
    ),
]

VARIANT = IdentityCenterFederation()
