"""The requests the guards must leave alone (the exempt roles' own work is ``exempt``'s).

A guard that denies more than it should breaks Studio for its owner; each request here is asked
of the callers it makes sense for and must be allowed. Kinds of principal add their own
(``kinds``: a trusted role assuming the member role that trusts it).
"""

from __future__ import annotations

from components.core.requests import Scenario
from components.policies import studio_guards
from components.proof.requests.identity import WITH_IDENTITY_CENTER
from components.proof.scenarios import (
    BOUND,
    EXECUTION_ROLES,
    MEMBERS,
    WITH_PROFILE,
    space,
    tag_keys,
    tagged,
)

#: Requests the guards must leave alone, each asked of the callers it makes sense for.
BENIGN: tuple[Scenario, ...] = (
    Scenario(
        "opens its own profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/alice",
        tagged("alice"),
        allowed=True,
        kinds=MEMBERS | {"execution-per-user"},
    ),
    Scenario(
        "opens its own profile from Studio (none at all once the organization guard is on)",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/alice",
        tagged("alice"),
        allowed=True,
        unless_guard=True,
        kinds=frozenset({"execution-default", "execution-shared-space", "execution-custom"}),
    ),
    Scenario("lists domains", "sagemaker:ListDomains", "*", allowed=True, kinds=BOUND),
    Scenario(
        "describes a colleague's profile",
        "sagemaker:DescribeUserProfile",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "tags its own profile with another key",
        "sagemaker:AddTags",
        "{sm}:user-profile/{domain}/alice",
        {"aws:TagKeys": ["project"]},
        allowed=True,
        kinds=WITH_PROFILE,
    ),
    Scenario(
        "tags a resource as it creates it, access tag included (Studio's tag propagation)",
        "sagemaker:AddTags",
        "{sm}:training-job/alice-job",
        {**tag_keys("{key}", value="alice"), "sagemaker:TaggingAction": "CreateTrainingJob"},
        allowed=True,
        kinds=WITH_PROFILE,
    ),
    Scenario(
        "tags itself with another key",
        "iam:TagUser",
        "{self}",
        {"aws:TagKeys": ["team"]},
        allowed=True,
        kinds=frozenset({"member-user", "outsider-new"}),
    ),
    Scenario(
        "tags its role with another key",
        "iam:TagRole",
        "{self}",
        {"aws:TagKeys": ["team"]},
        allowed=True,
        kinds=frozenset({"member-role", "outsider-admin"}) | EXECUTION_ROLES,
    ),
    Scenario(
        "leaves another group",
        "iam:RemoveUserFromGroup",
        "{iam}:group/analysts",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "detaches another policy from its role",
        "iam:DetachRolePolicy",
        "{self}",
        {"iam:PolicyARN": "{iam}:policy/team-data-access"},
        allowed=True,
        kinds=frozenset({"member-role"}),
    ),
    Scenario(
        "edits another policy",
        "iam:CreatePolicyVersion",
        "{iam}:policy/team-data-access",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "creates an unrelated IAM user",
        "iam:CreateUser",
        "{iam}:user/svc-reports",
        {"aws:TagKeys": ["team"]},
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "creates an unrelated IAM role",
        "iam:CreateRole",
        "{iam}:role/svc-reports",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "rewrites the trust policy of an unrelated role",
        "iam:UpdateAssumeRolePolicy",
        "{iam}:role/data-pipeline",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "attaches a policy to an unrelated user",
        "iam:AttachUserPolicy",
        "{iam}:user/svc-reports",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "assumes an unrelated role",
        "sts:AssumeRole",
        "{iam}:role/data-pipeline",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "passes the shared execution role to a training job",
        "iam:PassRole",
        "{default_role}",
        {"iam:PassedToService": "sagemaker.amazonaws.com"},
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "passes the shared spaces' execution role to a training job",
        "iam:PassRole",
        "{space_role}",
        {"iam:PassedToService": "sagemaker.amazonaws.com"},
        allowed=True,
        kinds=BOUND,
        requires="default_space_execution_role_arn",
    ),
    Scenario(
        "pushes its own training image to ECR",
        "ecr:PutImage",
        "arn:aws:ecr:us-east-1:123456789012:repository/alice-training",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "starts a training job",
        "sagemaker:CreateTrainingJob",
        "{sm}:training-job/alice-job",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "starts a pipeline",
        "sagemaker:StartPipelineExecution",
        "{sm}:pipeline/forecast",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "reads the Studio images and lifecycle configurations",
        "sagemaker:DescribeAppImageConfig",
        "{sm}:app-image-config/team-image",
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "creates its own private space",
        "sagemaker:CreateSpace",
        "{sm}:space/{domain}/alice-space",
        space("alice"),
        allowed=True,
        kinds=WITH_PROFILE,
    ),
    Scenario(
        "creates an app in its own private space",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/alice-space/JupyterLab/default",
        space("alice"),
        allowed=True,
        kinds=WITH_PROFILE,
    ),
    Scenario(
        "deletes an app in its own private space",
        "sagemaker:DeleteApp",
        "{sm}:app/{domain}/alice-space/JupyterLab/default",
        space("alice"),
        allowed=True,
        kinds=WITH_PROFILE,
    ),
    Scenario(
        "creates an app in a colleague's shared space",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/team-space/JupyterLab/default",
        space("bob", "Shared"),
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "deletes an app in a shared space",
        "sagemaker:DeleteApp",
        "{sm}:app/{domain}/team-space/JupyterLab/default",
        space("bob", "Shared"),
        allowed=True,
        kinds=BOUND,
    ),
    Scenario(
        "creates an app on its own profile",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/alice/JupyterServer/default",
        allowed=True,
        kinds=WITH_PROFILE,
    ),
    *(
        Scenario(
            f"reads Identity Center ({action})",
            action,
            resource,
            allowed=True,
            kinds=BOUND,
            requires=WITH_IDENTITY_CENTER,
        )
        for action, resource in (
            ("identitystore:DescribeUser", "*"),
            ("sso-directory:SearchUsers", "*"),
            ("sso:DescribeInstance", "*"),
            ("sso:ListApplicationAssignments", "*"),
        )
    ),
    Scenario(
        "a federated session whose two tags agree creates an app in its own private space",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/alice-space/JupyterLab/default",
        space("alice"),
        allowed=True,
        kinds=frozenset({"federated-session"}),
    ),
    Scenario(
        "starts a remote session in its own space",
        "sagemaker:StartSession",
        "{sm}:space/{domain}/alice-space",
        {
            "sagemaker:ResourceTag/"
            + studio_guards.SPACE_OWNER_TAG: "{sm}:user-profile/{domain}/alice"
        },
        allowed=True,
        kinds=WITH_PROFILE,
    ),
)
