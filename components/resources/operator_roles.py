"""``StudioOperatorRoles``: the operator's own roles, and GitHub's OIDC provider.

The bootstrap program (``bootstrap/``) creates them once, before the main program's first
``pulumi up``: the CI roles in the workload account, the management-account read and write roles
through a provider of their own. Names, trusts and policies are exactly what
``ci-policy --role R [--trust]`` prints (``policies.ci.documents``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.policies.ci.documents import OperatorRoleSpec
from components.policies.ci.trust import GITHUB_AUDIENCE, GITHUB_OIDC_HOST


@dataclass(frozen=True)
class StudioOperatorRolesArgs:
    """Inputs of ``StudioOperatorRoles``.

    Attributes:
        roles: the roles, in order (CI roles first: the management roles' trusts name them).
        create_oidc_provider: create GitHub's OIDC provider (an account holds one per URL: set
            false where it exists already).
        management_role_arn: a role to assume in the management (or delegated) account for the
            read and write roles there; ``management_profile``: or an AWS profile that reaches it.
        region: the region of that provider.
        state_policies: ``(role, text)``: the inline policy on the Pulumi state backend of each CI
            role (``policies.ci.state_backend``), when the bootstrap stack names the bucket and key.
    """

    roles: tuple[OperatorRoleSpec, ...]
    create_oidc_provider: bool = True
    management_role_arn: str | None = None
    management_profile: str | None = None
    region: str | None = None
    state_policies: tuple[tuple[str, str], ...] = ()


class StudioOperatorRoles(pulumi.ComponentResource):
    """Each role with its trust, each of its managed policies attached."""

    role_arns: dict[str, pulumi.Output[str]]

    def __init__(
        self, name: str, args: StudioOperatorRolesArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioOperatorRoles", name, None, opts)
        workload = pulumi.ResourceOptions(parent=self)
        depends: list[pulumi.Resource] = []
        if args.create_oidc_provider and any(spec.github for spec in args.roles):
            depends.append(
                aws.iam.OpenIdConnectProvider(
                    f"{name}-github",
                    url=f"https://{GITHUB_OIDC_HOST}",
                    client_id_lists=[GITHUB_AUDIENCE],
                    opts=workload,
                )
            )
        management = self._management(name, args)
        self.role_arns = {}
        ci_roles: list[pulumi.Resource] = []
        for spec in args.roles:
            options = management if spec.management else workload
            # The management roles' trusts name the CI roles, which IAM resolves: those first.
            after = ci_roles if spec.management else depends
            role = aws.iam.Role(
                f"{name}-{spec.role}",
                name=spec.name,
                path=spec.path,
                assume_role_policy=spec.trust,
                description=f"Studio Access: the {spec.role} role (ci-policy --role {spec.role}).",
                opts=pulumi.ResourceOptions.merge(
                    options, pulumi.ResourceOptions(depends_on=after)
                ),
            )
            if not spec.management:
                ci_roles.append(role)
            for index, text in enumerate(spec.policies, start=1):
                policy = aws.iam.Policy(
                    f"{name}-{spec.role}-{index}",
                    name=f"{spec.name}-{index}",
                    policy=text,
                    description=f"Studio Access: ci-policy --role {spec.role}, part {index}.",
                    opts=options,
                )
                aws.iam.RolePolicyAttachment(
                    f"{name}-{spec.role}-{index}",
                    role=role.name,
                    policy_arn=policy.arn,
                    opts=options,
                )
            for _, text in (pair for pair in args.state_policies if pair[0] == spec.role):
                aws.iam.RolePolicy(
                    f"{name}-{spec.role}-state",
                    name="studio-access-state",
                    role=role.name,
                    policy=text,
                    opts=options,
                )
            self.role_arns[spec.role] = role.arn
        self.register_outputs({"roleArns": self.role_arns})

    def _management(self, name: str, args: StudioOperatorRolesArgs) -> pulumi.ResourceOptions:
        """The options of the management-account resources: their own provider when one is named."""
        if not (args.management_role_arn or args.management_profile):
            return pulumi.ResourceOptions(parent=self)
        assume = (
            [
                aws.ProviderAssumeRoleArgs(
                    role_arn=args.management_role_arn, session_name="studio-access-bootstrap"
                )
            ]
            if args.management_role_arn
            else None
        )
        provider = aws.Provider(
            f"{name}-management",
            region=args.region,
            assume_roles=assume,
            profile=args.management_profile,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return pulumi.ResourceOptions(parent=self, provider=provider)
