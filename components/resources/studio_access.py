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

from components.core import logical_names as names
from components.policies.member import part_names


@dataclass(frozen=True)
class StudioAccessArgs:
    """Inputs of ``StudioAccess``.

    Attributes:
        group_name: the IAM group that IAM-user principals join.
        policy_name: the member policy, attached to the group here and to each role principal.
        policy_documents: the member policy's JSON texts, exactly as ``policies.member`` builds
            them: one, or the parts of a policy too large for one (``policy_name``,
            ``policy_name-2``…).
        guard_name: the execution-role guard's policy name.
        guard_documents: its JSON texts, exactly as ``policies.execution_role`` builds them.
        execution_roles: names of the existing execution roles to attach the guard to.
    """

    group_name: str
    policy_name: str
    policy_documents: tuple[str, ...]
    guard_name: str
    guard_documents: tuple[str, ...]
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
    policy_arns: list[pulumi.Output[str]]
    guard_arns: list[pulumi.Output[str]]

    def __init__(
        self, name: str, args: StudioAccessArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioAccess", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        group = aws.iam.Group(names.access_child("group"), name=args.group_name, opts=child)
        policies = _managed_policies(
            "policy",
            args.policy_name,
            args.policy_documents,
            "Studio Access: deny opening any SageMaker Studio profile but your own.",
            child,
        )
        for policy, suffix in policies:
            aws.iam.GroupPolicyAttachment(
                names.access_child("group-policy" + suffix),
                group=group.name,
                policy_arn=policy.arn,
                opts=child,
            )
        guards = _managed_policies(
            "execution-guard",
            args.guard_name,
            args.guard_documents,
            "Studio Access: a notebook's execution role opens and changes only its own profile's Studio.",
            child,
        )
        for role in args.execution_roles:
            for guard, suffix in guards:
                # Named after the role, not its position: adding or removing one replaces no other.
                aws.iam.RolePolicyAttachment(
                    names.shared_guard_attachment(role) + suffix,
                    role=role,
                    policy_arn=guard.arn,
                    opts=child,
                )
        self.group_name = group.name
        self.policy_arn = policies[0][0].arn
        self.guard_arn = guards[0][0].arn
        self.policy_arns = [policy.arn for policy, _ in policies]
        self.guard_arns = [guard.arn for guard, _ in guards]
        self.register_outputs(
            {"groupName": self.group_name, "policyArn": self.policy_arn, "guardArn": self.guard_arn}
        )


def _managed_policies(
    logical: str,
    name: str,
    documents: tuple[str, ...],
    description: str,
    opts: pulumi.ResourceOptions,
) -> list[tuple[aws.iam.Policy, str]]:
    """One managed policy per part of a document, with the suffix its attachments' logical names
    take. The parts are named as ``member.part_names`` names them; the first keeps the names it
    always had, so a stack whose policy grows past one part replaces nothing."""
    created = []
    for part, document in zip(part_names(name, len(documents)), documents, strict=True):
        suffix = part.removeprefix(name)
        policy = aws.iam.Policy(
            names.access_child(logical + suffix),
            name=part,
            description=description,
            policy=document,
            opts=opts,
        )
        created.append((policy, suffix))
    return created
