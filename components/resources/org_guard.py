"""``StudioOrgGuard``: the organization guard, a service control policy and its attachments.

Created only when ``orgGuard`` is on. Organizations is managed from the management account (or a
delegated administrator), so the program reaches it through a provider that assumes
``orgGuardRoleArn`` when one is set, else through the stack's own provider.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class StudioOrgGuardArgs:
    """Inputs of ``StudioOrgGuard``.

    Attributes:
        policy_name: the SCP's name.
        content: its text, exactly as ``policies.org_guard.scp_text`` builds it (minified).
        targets: account ids, ``ou-…`` or ``r-…`` to attach it to.
        role_arn: the role to assume for Organizations, or ``None`` for the stack's provider.
        region: the stack's region, for that provider.
    """

    policy_name: str
    content: str
    targets: tuple[str, ...]
    role_arn: str | None = None
    region: str | None = None


class StudioOrgGuard(pulumi.ComponentResource):
    """One ``SERVICE_CONTROL_POLICY`` and one ``PolicyAttachment`` per target, named by target."""

    policy_id: pulumi.Output[str]

    def __init__(
        self, name: str, args: StudioOrgGuardArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioOrgGuard", name, None, opts)
        provider = None
        if args.role_arn:
            provider = aws.Provider(
                f"{name}-provider",
                region=args.region,
                assume_roles=[
                    aws.ProviderAssumeRoleArgs(
                        role_arn=args.role_arn, session_name="studio-access-org-guard"
                    )
                ],
                opts=pulumi.ResourceOptions(parent=self),
            )
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        policy = aws.organizations.Policy(
            f"{name}-policy",
            name=args.policy_name,
            type="SERVICE_CONTROL_POLICY",
            description="Studio Access: who may open which SageMaker Studio profile, for every principal.",
            content=args.content,
            opts=child,
        )
        for target in args.targets:
            aws.organizations.PolicyAttachment(
                f"{name}-{target}", policy_id=policy.id, target_id=target, opts=child
            )
        self.policy_id = policy.id
        self.register_outputs({"policyId": self.policy_id})
