"""``StudioAccess``: the IAM group and the managed isolation policy, one per stack."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class StudioAccessArgs:
    """Inputs of ``StudioAccess``.

    Attributes:
        group_name: the IAM group that IAM-user principals join.
        policy_name: the managed policy, attached to the group here and to each role principal.
        policy_document: the policy JSON text, exactly as ``policy.policy_text`` builds it.
    """

    group_name: str
    policy_name: str
    policy_document: str


class StudioAccess(pulumi.ComponentResource):
    """The stack-wide half of the isolation: a group, the Deny policy, and their attachment.

    The attachment is a ``GroupPolicyAttachment``, never the exclusive ``PolicyAttachment``, so
    attachments managed elsewhere survive.
    """

    group_name: pulumi.Output[str]
    policy_arn: pulumi.Output[str]

    def __init__(
        self, name: str, args: StudioAccessArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioAccess", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        group = aws.iam.Group(f"{name}-group", name=args.group_name, opts=child)
        policy = aws.iam.Policy(
            f"{name}-policy",
            name=args.policy_name,
            description="Studio Access: deny opening any SageMaker Studio profile but your own.",
            policy=args.policy_document,
            opts=child,
        )
        aws.iam.GroupPolicyAttachment(
            f"{name}-group-policy", group=group.name, policy_arn=policy.arn, opts=child
        )
        self.group_name = group.name
        self.policy_arn = policy.arn
        self.register_outputs({"groupName": self.group_name, "policyArn": self.policy_arn})
