"""``StudioUser``: one person's IAM principal, execution role and SageMaker profile, tagged alike."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..policies.trust import execution_role_trust_text, trust_policy_text
from ..roster import logical_names as names
from ..roster.studio_effective import NO_SETTINGS, Effective
from ..roster.users import UserSpec, execution_role_name
from .user_settings import user_settings


@dataclass(frozen=True)
class StudioUserArgs:
    """Inputs of ``StudioUser``.

    Attributes:
        spec: the validated user file.
        domain_id: the SageMaker domain the profile belongs to.
        tag_key: the access tag key; its value is ``spec.id`` on principal and profile.
        group_name: the group an IAM-user principal joins (``StudioAccess.group_name``).
        policy_arn: the member policy a role principal gets attached (``StudioAccess.policy_arn``).
        guard_arn: the execution-role guard, for a per-user execution role.
        retain_profile: keep the profile and its data when the user is removed (default).
        execution_policy_arns: with per-user execution roles on, the managed policies of the role
            the program creates for a user without ``execution_role_arn``; empty: no such role.
        partition: the stack's partition, for the SAML sign-in audience.
        studio: the user's effective Studio settings (default: none; the domain's apply).
        default_execution_role_arn: the domain's default execution role, which ``user_settings``
            names when a user with Studio settings has no execution role of their own.
    """

    spec: UserSpec
    domain_id: str
    tag_key: str
    group_name: pulumi.Input[str]
    policy_arn: pulumi.Input[str]
    guard_arn: pulumi.Input[str]
    retain_profile: bool = True
    execution_policy_arns: tuple[str, ...] = ()
    partition: str = "aws"
    studio: Effective = NO_SETTINGS
    default_execution_role_arn: str | None = None


class StudioUser(pulumi.ComponentResource):
    """A principal (IAM user in the group, or IAM role with the policy) and its Studio profile.

    Children are named from the user's id, so adding, removing or reordering files never
    replaces anyone else's resources. Membership uses the non-exclusive ``UserGroupMembership``
    (``GroupMembership`` would evict members managed elsewhere); roles cannot join groups and get
    a ``RolePolicyAttachment`` instead. An offboarded user has no principal, and its profile
    stays managed without the access tag. With ``retain_profile`` the profile is left in AWS when
    the file is removed, while the principal, and so all access to it, is deleted.
    """

    principal_arn: pulumi.Output[str] | None
    execution_role_arn: pulumi.Output[str] | None
    profile_arn: pulumi.Output[str]
    profile_name: str

    def __init__(self, name: str, args: StudioUserArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("studio-access:index:StudioUser", name, None, opts)
        spec = args.spec
        child = pulumi.ResourceOptions(parent=self)
        self.principal_arn = self.execution_role_arn = None
        if spec.active:
            self.principal_arn = self._principal(name, args, child)
            if args.execution_policy_arns and not spec.execution_role_arn:
                self.execution_role_arn = self._execution_role(name, args, child)
        role_arn = spec.execution_role_arn or self.execution_role_arn
        profile = aws.sagemaker.UserProfile(
            names.user_child(name, "profile"),
            domain_id=args.domain_id,
            user_profile_name=spec.profile_name,
            tags=spec.profile_tags(args.tag_key),
            user_settings=user_settings(args.studio, role_arn, args.default_execution_role_arn),
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=args.retain_profile),
        )
        self.profile_arn = profile.arn
        self.profile_name = spec.profile_name
        # The outputs are the typed attributes above and the stack's `users` export. Registering
        # them again would make the engine await and serialize three outputs per user: about a
        # fifth of the whole program's cost at 1,000 users (benchmarks/program_overhead.py).
        self.register_outputs({})

    @staticmethod
    def _principal(
        name: str, args: StudioUserArgs, child: pulumi.ResourceOptions
    ) -> pulumi.Output[str]:
        spec = args.spec
        tags = spec.principal_tags(args.tag_key)
        if spec.principal_type == "role":
            role = aws.iam.Role(
                names.user_child(name, "role"),
                name=spec.id,
                assume_role_policy=trust_policy_text(spec.trusted, args.partition),
                tags=tags,
                force_detach_policies=True,
                opts=child,
            )
            aws.iam.RolePolicyAttachment(
                names.user_child(name, "policy"),
                role=role.name,
                policy_arn=args.policy_arn,
                opts=child,
            )
            return role.arn
        user = aws.iam.User(
            names.user_child(name, "user"), name=spec.id, tags=tags, force_destroy=True, opts=child
        )
        aws.iam.UserGroupMembership(
            names.user_child(name, "membership"),
            user=user.name,
            groups=[args.group_name],
            opts=child,
        )
        return user.arn

    @staticmethod
    def _execution_role(
        name: str, args: StudioUserArgs, child: pulumi.ResourceOptions
    ) -> pulumi.Output[str]:
        """The user's own execution role: tagged like the principal, trusting SageMaker only."""
        spec = args.spec
        role = aws.iam.Role(
            names.execution_role(name),
            name=execution_role_name(spec.id),
            assume_role_policy=execution_role_trust_text(),
            tags=spec.principal_tags(args.tag_key),
            force_detach_policies=True,
            opts=child,
        )
        aws.iam.RolePolicyAttachment(
            names.execution_guard_attachment(name),
            role=role.name,
            policy_arn=args.guard_arn,
            opts=child,
        )
        for arn in args.execution_policy_arns:
            # Named after the policy, so changing the list replaces only what changed.
            aws.iam.RolePolicyAttachment(
                names.execution_policy_attachment(name, arn),
                role=role.name,
                policy_arn=arn,
                opts=child,
            )
        return role.arn
