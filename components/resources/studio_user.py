"""``StudioUser``: one person's IAM principal and SageMaker profile, tagged alike."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..policies.trust import trust_policy_text
from ..roster.users import UserSpec


@dataclass(frozen=True)
class StudioUserArgs:
    """Inputs of ``StudioUser``.

    Attributes:
        spec: the validated user file.
        domain_id: the SageMaker domain the profile belongs to.
        tag_key: the access tag key; its value is ``spec.id`` on principal and profile.
        group_name: the group an IAM-user principal joins (``StudioAccess.group_name``).
        policy_arn: the policy a role principal gets attached (``StudioAccess.policy_arn``).
        retain_profile: keep the profile and its data when the user is removed (default).
    """

    spec: UserSpec
    domain_id: str
    tag_key: str
    group_name: pulumi.Input[str]
    policy_arn: pulumi.Input[str]
    retain_profile: bool = True


class StudioUser(pulumi.ComponentResource):
    """A principal (IAM user in the group, or IAM role with the policy) and its Studio profile.

    Children are named from the user's id, so adding, removing or reordering files never
    replaces anyone else's resources. Membership uses the non-exclusive ``UserGroupMembership``
    (``GroupMembership`` would evict members managed elsewhere); roles cannot join groups and get
    a ``RolePolicyAttachment`` instead. With ``retain_profile`` the profile is left in AWS when
    the user is removed, while the principal, and so all access to it, is deleted.
    """

    principal_arn: pulumi.Output[str]
    profile_arn: pulumi.Output[str]
    profile_name: str

    def __init__(self, name: str, args: StudioUserArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("studio-access:index:StudioUser", name, None, opts)
        spec = args.spec
        child = pulumi.ResourceOptions(parent=self)
        tags = spec.resource_tags(args.tag_key)
        if spec.principal_type == "role":
            role = aws.iam.Role(
                f"{name}-role",
                name=spec.id,
                assume_role_policy=trust_policy_text(spec.trusted),
                tags=tags,
                force_detach_policies=True,
                opts=child,
            )
            aws.iam.RolePolicyAttachment(
                f"{name}-policy", role=role.name, policy_arn=args.policy_arn, opts=child
            )
            self.principal_arn = role.arn
        else:
            user = aws.iam.User(
                f"{name}-user", name=spec.id, tags=tags, force_destroy=True, opts=child
            )
            aws.iam.UserGroupMembership(
                f"{name}-membership", user=user.name, groups=[args.group_name], opts=child
            )
            self.principal_arn = user.arn
        user_settings = (
            aws.sagemaker.UserProfileUserSettingsArgs(execution_role=spec.execution_role_arn)
            if spec.execution_role_arn
            else None
        )
        profile = aws.sagemaker.UserProfile(
            f"{name}-profile",
            domain_id=args.domain_id,
            user_profile_name=spec.profile_name,
            tags=tags,
            user_settings=user_settings,
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=args.retain_profile),
        )
        self.profile_arn = profile.arn
        self.profile_name = spec.profile_name
        # The outputs are the typed attributes above and the stack's `users` export. Registering
        # them again would make the engine await and serialize three outputs per user: about a
        # fifth of the whole program's cost at 1,000 users (benchmarks/program_overhead.py).
        self.register_outputs({})
