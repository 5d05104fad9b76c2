"""Put into moto and the fake SageMaker what ``pulumi up`` would have deployed for users/.

The audit's tests start from this clean account and plant exactly one difference each. The
resources are made from the project's own builders (``policy_text``, ``trust_policy_text``,
``UserSpec.principal_tags``), named as the Pulumi program names them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from aws_env import DOMAIN, REGION
from fake_sagemaker import FakeSageMaker

from components.core.registrations import STACK, Ref, Registration
from components.core.settings.stack import Settings
from components.kinds import KINDS
from components.plan.people import user_plan
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import part_names, policy_texts
from components.policies.org_guard import scp_texts
from components.roster.stack_files import load_stack_settings
from components.roster.users import UserSpec, load_roster


def _tags(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in values.items()]


def deploy(iam: Any, sagemaker: FakeSageMaker, root: Path, identity_center: Any = None) -> Settings:
    """Deploy the stack ``Pulumi.test.yaml`` of ``root`` with its users/; return its settings.

    An Identity Center stack needs ``identity_center`` (the fake), whose users the lookups find
    and to whose application the users are assigned.
    """
    settings = load_stack_settings("test", root)
    users = load_roster(root / settings.users_dir, settings).users
    iam.create_group(GroupName=settings.group_name)
    members = _create_parts(iam, settings.policy_name, policy_texts(settings))
    guards = _create_parts(
        iam, settings.execution_role_policy_name, execution_role_policy_texts(settings)
    )
    for arn in members:
        iam.attach_group_policy(GroupName=settings.group_name, PolicyArn=arn)
    shared = [settings.default_execution_role_arn, settings.shared_space_role_arn]
    shared += [u.execution_role_arn for u in users if u.active and u.execution_role_arn]
    for role in dict.fromkeys(shared):
        for arn in guards:
            iam.attach_role_policy(RoleName=role.rsplit("/", 1)[-1], PolicyArn=arn)
    for user in users:
        _deploy_user(iam, sagemaker, user, settings, members, guards, identity_center)
    _deploy_stack_roles(iam, settings, members, guards)
    return settings


def _create_parts(iam: Any, name: str, texts: list[str]) -> list[str]:
    """Each managed policy of a document (its parts when split), as the program names them."""
    return [
        iam.create_policy(PolicyName=part, PolicyDocument=text)["Policy"]["Arn"]
        for part, text in zip(part_names(name, len(texts)), texts, strict=True)
    ]


def _deploy_user(
    iam: Any,
    sagemaker: FakeSageMaker,
    user: UserSpec,
    settings: Settings,
    member: list[str],
    guard: list[str],
    identity_center: Any,
) -> None:
    """Create what the program registers for ``user``, step by step from its plan."""
    stack = {"group_name": settings.group_name, "policy_arn": member, "guard_arn": guard}
    _deploy_steps(iam, sagemaker, user_plan(user, settings).steps, stack, identity_center)


def _deploy_stack_roles(iam: Any, settings: Settings, member: list[str], guard: list[str]) -> None:
    """The kinds' stack-wide IAM resources (the shared SAML role and its member policy)."""
    steps = [
        step
        for kind in KINDS
        for step in kind.stack_registrations(settings)
        if isinstance(step, Registration) and step.type.startswith("aws:iam/")
    ]
    stack = {"group_name": settings.group_name, "policy_arn": member, "guard_arn": guard}
    _deploy_steps(iam, None, steps, stack, None)


def _deploy_steps(
    iam: Any, sagemaker: Any, steps: Any, stack: dict[str, Any], identity_center: Any
) -> None:
    """Create ``steps`` (registrations and lookups) in order, resolving their references."""
    made: dict[str, dict[str, str]] = {}

    def value(item: Any) -> Any:
        if isinstance(item, Ref):
            return (
                stack[item.attribute]
                if item.resource == STACK
                else made[item.resource][item.attribute]
            )
        return item

    for step in steps:
        if not isinstance(step, Registration):
            name = step.inputs["alternate_identifier"]["unique_attribute"]["attribute_value"]
            made[step.name] = {"user_id": identity_center.user_id(name)}
            continue
        inputs = step.inputs
        if step.type == "aws:iam/user:User":
            created = iam.create_user(
                UserName=inputs["name"], Path=inputs["path"], Tags=_tags(inputs["tags"])
            )["User"]
            made[step.name] = {"name": created["UserName"], "arn": created["Arn"]}
        elif step.type == "aws:iam/role:Role":
            created = iam.create_role(
                RoleName=inputs["name"],
                Path=inputs["path"],
                AssumeRolePolicyDocument=inputs["assume_role_policy"],
                Tags=_tags(inputs.get("tags") or {}),
            )["Role"]
            made[step.name] = {"name": created["RoleName"], "arn": created["Arn"]}
        elif step.type == "aws:iam/userGroupMembership:UserGroupMembership":
            iam.add_user_to_group(
                UserName=value(inputs["user"]), GroupName=value(inputs["groups"][0])
            )
        elif step.type == "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            arns = value(inputs["policy_arn"])  # every part of a split document, as realize does
            for arn in arns if isinstance(arns, list) else [arns]:
                iam.attach_role_policy(RoleName=value(inputs["role"]), PolicyArn=arn)
        elif step.type == "aws:ssoadmin/applicationAssignment:ApplicationAssignment":
            identity_center.assign(
                inputs["principal_type"], value(inputs["principal_id"]), inputs["application_arn"]
            )
        elif step.type == "aws:sagemaker/userProfile:UserProfile":
            role = (inputs.get("user_settings") or {}).get("execution_role")
            sagemaker.add_profile(
                DOMAIN,
                inputs["user_profile_name"],
                inputs["tags"],
                execution_role=value(role),
                sso_user=inputs.get("single_sign_on_user_value"),
            )


def make_role(iam: Any, name: str, trust: dict | None = None, **extra: Any) -> str:
    """Create a role (trusting SageMaker unless told otherwise); return its ARN."""
    document = trust or {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document), **extra)
    return role["Role"]["Arn"]


def organization() -> tuple[Any, str]:
    """An organization with one organizational unit; return the client and the unit's id."""
    org = boto3.client("organizations", region_name=REGION)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="studio")
    return org, unit["OrganizationalUnit"]["Id"]


def deploy_scp(org: Any, settings: Settings, targets: tuple[str, ...]) -> str:
    """Create the SCPs as the program does and attach them to ``targets``; return the first id."""
    ids = []
    for index, content in enumerate(scp_texts(settings), start=1):
        policy = org.create_policy(
            Content=content,
            Description="Studio Access",
            Name=settings.org_guard_policy_name + ("" if index == 1 else f"-{index}"),
            Type="SERVICE_CONTROL_POLICY",
        )
        ids.append(policy["Policy"]["PolicySummary"]["Id"])
        for target in targets:
            org.attach_policy(PolicyId=ids[-1], TargetId=target)
    return ids[0]
