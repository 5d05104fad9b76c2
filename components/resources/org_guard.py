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
        policy_name: the SCP's name; a guard split into several SCPs names the others
            ``<name>-2``, ``<name>-3``, … .
        contents: their texts, exactly as ``policies.org_guard.scp_texts`` builds them.
        targets: account ids, ``ou-…`` or ``r-…`` to attach it to.
        role_arn: the role to assume for Organizations, or ``None`` for the stack's provider.
        region: the stack's region, for that provider.
        profile: an AWS profile that reaches Organizations instead of ``role_arn`` (the stack has a
            read role: each job defines the profile as the role it may assume,
            ``policies.ci.aws_profiles``).
        tags: set on every SCP when it is created (``policies.ci.org_access.owner_tag``): the write
            roles may change only the policies that carry it.
    """

    policy_name: str
    contents: tuple[str, ...]
    targets: tuple[str, ...]
    role_arn: str | None = None
    region: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    profile: str | None = None


class StudioOrgGuard(pulumi.ComponentResource):
    """Its ``SERVICE_CONTROL_POLICY`` documents, each attached to every target.

    The first document keeps the names it has always had (``<name>-policy``, ``<name>-<target>``),
    so a guard that grows a second document replaces nothing of the first.
    """

    policy_id: pulumi.Output[str]
    policy_ids: list[pulumi.Output[str]]

    def __init__(
        self, name: str, args: StudioOrgGuardArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioOrgGuard", name, None, opts)
        provider = None
        if args.profile:
            provider = aws.Provider(
                f"{name}-provider",
                region=args.region,
                profile=args.profile,
                opts=pulumi.ResourceOptions(parent=self),
            )
        elif args.role_arn:
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
        self.policy_ids = []
        for index, content in enumerate(args.contents, start=1):
            part = "" if index == 1 else f"-{index}"
            policy = aws.organizations.Policy(
                f"{name}-policy{part}",
                name=f"{args.policy_name}{part}",
                type="SERVICE_CONTROL_POLICY",
                description="Studio Access: who may open which SageMaker Studio profile, for every principal.",
                content=content,
                tags=dict(args.tags) or None,
                opts=child,
            )
            for target in args.targets:
                aws.organizations.PolicyAttachment(
                    f"{name}{part}-{target}", policy_id=policy.id, target_id=target, opts=child
                )
            self.policy_ids.append(policy.id)
        self.policy_id = self.policy_ids[0]
        self.register_outputs({"policyId": self.policy_id, "policyIds": self.policy_ids})
