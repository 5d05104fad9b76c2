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

from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.policies.org_guard import scp_text
from components.policies.trust import execution_role_trust_text, trust_policy_text
from components.roster.settings import Settings
from components.roster.stack_files import load_stack_settings
from components.roster.users import UserSpec, execution_role_name, load_roster


def _tags(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in values.items()]


def deploy(iam: Any, sagemaker: FakeSageMaker, root: Path) -> Settings:
    """Deploy the stack ``Pulumi.test.yaml`` of ``root`` with its users/; return its settings."""
    settings = load_stack_settings("test", root)
    users = load_roster(root / settings.users_dir, settings.tag_key, settings.partition).users
    iam.create_group(GroupName=settings.group_name)
    member = iam.create_policy(
        PolicyName=settings.policy_name, PolicyDocument=policy_text(settings)
    )
    guard = iam.create_policy(
        PolicyName=settings.execution_role_policy_name,
        PolicyDocument=execution_role_policy_text(settings),
    )
    member_arn, guard_arn = member["Policy"]["Arn"], guard["Policy"]["Arn"]
    iam.attach_group_policy(GroupName=settings.group_name, PolicyArn=member_arn)
    shared = [settings.default_execution_role_arn]
    shared += [u.execution_role_arn for u in users if u.active and u.execution_role_arn]
    for arn in dict.fromkeys(shared):
        iam.attach_role_policy(RoleName=arn.rsplit("/", 1)[-1], PolicyArn=guard_arn)
    for user in users:
        _deploy_user(iam, sagemaker, user, settings, member_arn, guard_arn)
    return settings


def _deploy_user(
    iam: Any, sagemaker: FakeSageMaker, user: UserSpec, settings: Settings, member: str, guard: str
) -> None:
    tags = _tags(user.principal_tags(settings.tag_key))
    role_arn = user.execution_role_arn
    if user.active and user.principal_type == "user":
        iam.create_user(UserName=user.id, Tags=tags)
        iam.add_user_to_group(UserName=user.id, GroupName=settings.group_name)
    elif user.active:
        trust = trust_policy_text(user.trusted, settings.partition)
        iam.create_role(RoleName=user.id, AssumeRolePolicyDocument=trust, Tags=tags)
        iam.attach_role_policy(RoleName=user.id, PolicyArn=member)
    if user.active and settings.per_user_execution_roles and not role_arn:
        name = execution_role_name(user.id)
        created = iam.create_role(
            RoleName=name, AssumeRolePolicyDocument=execution_role_trust_text(), Tags=tags
        )
        iam.attach_role_policy(RoleName=name, PolicyArn=guard)
        role_arn = created["Role"]["Arn"]
    sagemaker.add_profile(
        DOMAIN, user.profile_name, user.profile_tags(settings.tag_key), execution_role=role_arn
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
    """Create the SCP as the program does and attach it to ``targets``; return its id."""
    policy = org.create_policy(
        Content=scp_text(settings),
        Description="Studio Access",
        Name=settings.org_guard_policy_name,
        Type="SERVICE_CONTROL_POLICY",
    )
    policy_id = policy["Policy"]["PolicySummary"]["Id"]
    for target in targets:
        org.attach_policy(PolicyId=policy_id, TargetId=target)
    return policy_id
