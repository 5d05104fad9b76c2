"""``StudioAccess``: the stack-wide half of the isolation, one per stack.

The IAM group that IAM-user members join, the member policy (attached to the group here and to
each role principal by ``StudioUser``), and the execution-role guard, attached to every shared
execution role a managed profile can run with: the domain's default role and each
``execution_role_arn`` of users/ (per-user roles get it in ``StudioUser``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..roster import logical_names as names


@dataclass(frozen=True)
class StudioAccessArgs:
    """Inputs of ``StudioAccess``.

    Attributes:
        group_name: the IAM group that IAM-user principals join.
        policy_name: the member policy, attached to the group here and to each role principal.
        policy_document: the member policy's JSON text, exactly as ``policies.member`` builds it.
        guard_name: the execution-role guard's policy name.
        guard_document: its JSON text, exactly as ``policies.execution_role`` builds it.
        execution_roles: names of the existing execution roles to attach the guard to.
    """

    group_name: str
    policy_name: str
    policy_document: str
    guard_name: str
    guard_document: str
    execution_roles: tuple[str, ...] = ()


class StudioAccess(pulumi.ComponentResource):
    """The group, the member policy, the execution-role guard and their attachments.

    Attachments are ``GroupPolicyAttachment`` and ``RolePolicyAttachment``, never the exclusive
    ``PolicyAttachment``, so attachments managed elsewhere survive; an execution role keeps every
    policy it already has and gains the guard.
    """

    group_name: pulumi.Output[str]
    policy_arn: pulumi.Output[str]
    guard_arn: pulumi.Output[str]

    def __init__(
        self, name: str, args: StudioAccessArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioAccess", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        group = aws.iam.Group(names.access_child("group"), name=args.group_name, opts=child)
        policy = aws.iam.Policy(
            names.access_child("policy"),
            name=args.policy_name,
            description="Studio Access: deny opening any SageMaker Studio profile but your own.",
            policy=args.policy_document,
            opts=child,
        )
        aws.iam.GroupPolicyAttachment(
            names.access_child("group-policy"), group=group.name, policy_arn=policy.arn, opts=child
        )
        guard = aws.iam.Policy(
            names.access_child("execution-guard"),
            name=args.guard_name,
            description="Studio Access: a notebook's execution role opens and changes only its own profile's Studio.",
            policy=args.guard_document,
            opts=child,
        )
        for role in args.execution_roles:
            # Named after the role, not its position: adding or removing one replaces no other.
            aws.iam.RolePolicyAttachment(
                names.shared_guard_attachment(role), role=role, policy_arn=guard.arn, opts=child
            )
        self.group_name = group.name
        self.policy_arn = policy.arn
        self.guard_arn = guard.arn
        self.register_outputs(
            {"groupName": self.group_name, "policyArn": self.policy_arn, "guardArn": self.guard_arn}
        )
