"""Who may assume each operator role: its trust policy, generated from the stack.

The CI roles trust GitHub's OIDC provider in the workload account, for this repository only and
with ``sub`` pinned to the workflow that needs each: ``preview`` the pull requests (whose own code
runs), ``audit`` the default branch (the nightly job), ``deploy`` the ``production`` environment
(required reviewers). The management-account roles trust exactly the CI roles that need them, by
ARN: the read roles the preview and audit roles, the write roles the deploy role alone. So no
chain of ``sts:AssumeRole`` leads from a pull request to a role that writes.
"""

from __future__ import annotations

import json

from components.core.settings.operators import IDENTITY_CENTER_READ_ROLE, IDENTITY_CENTER_ROLE
from components.core.settings.stack import Settings

#: GitHub's OIDC issuer; the provider's ARN ends in it, and its claims are named after it.
GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
GITHUB_AUDIENCE = "sts.amazonaws.com"
#: The branch the nightly job runs on (``.github/workflows/drift.yml``'s schedule runs there).
DEFAULT_BRANCH = "main"
#: The ``sub`` claim each CI role is pinned to, and the Sid of its statement.
GITHUB_SUBJECTS = {
    "preview": ("repo:{repository}:pull_request", "GitHubPullRequests"),
    "audit": (f"repo:{{repository}}:ref:refs/heads/{DEFAULT_BRANCH}", "GitHubDefaultBranch"),
    "deploy": ("repo:{repository}:environment:production", "GitHubProductionEnvironment"),
}
#: Management-account role -> the CI roles that may assume it.
TRUSTED_CI_ROLES = {
    "org-read": ("preview", "audit"),
    "org": ("deploy",),
    IDENTITY_CENTER_READ_ROLE: ("preview", "audit"),
    IDENTITY_CENTER_ROLE: ("deploy",),
}
#: Each role -> (the stack key naming its ARN, the ``Settings`` attribute).
ROLE_KEYS = {
    "preview": ("previewRoleArn", "preview_role_arn"),
    "deploy": ("deployRoleArn", "deploy_role_arn"),
    "audit": ("auditRoleArn", "audit_role_arn"),
    "org-read": ("orgReadRoleArn", "org_read_role_arn"),
    "org": ("orgGuardRoleArn", "org_guard_role_arn"),
    IDENTITY_CENTER_READ_ROLE: ("identityCenterReadRoleArn", "identity_center_read_role_arn"),
    IDENTITY_CENTER_ROLE: ("identityCenterRoleArn", "identity_center_role_arn"),
}
#: A role trust policy's default size limit (IAM counts no whitespace; a quota raises it to 4,096).
TRUST_POLICY_LIMIT = 2048


def role_arn(role: str, settings: Settings) -> str | None:
    """The ARN the stack gives the operator role ``role`` (preview and audit: derived by default)."""
    return getattr(settings, ROLE_KEYS[role][1])


def required_role_arn(role: str, settings: Settings) -> str:
    """``role_arn``, or a ``ValueError`` naming the key to set."""
    arn = role_arn(role, settings)
    if not arn:
        key = ROLE_KEYS[role][0]
        hint = (
            " (or deployRoleArn with 'deploy' in its name)" if role in ("preview", "audit") else ""
        )
        raise ValueError(f"the {role} role's trust needs {key} in the stack{hint}")
    return arn


def oidc_provider_arn(settings: Settings, account: str) -> str:
    """GitHub's OIDC provider in ``account``, the workload account."""
    return f"arn:{settings.partition}:iam::{account}:oidc-provider/{GITHUB_OIDC_HOST}"


def trust_policy(role: str, settings: Settings) -> dict:
    """The trust policy of the operator role ``role``.

    Raises:
        ValueError: a key the trust needs is missing (``githubRepository`` for the CI roles, the
            ARN of the role itself or of a role it trusts).
    """
    if role in GITHUB_SUBJECTS:
        return {"Version": "2012-10-17", "Statement": [_github_statement(role, settings)]}
    if role not in TRUSTED_CI_ROLES:
        raise ValueError(f"unknown operator role {role!r}")
    required_role_arn(role, settings)
    trusted = sorted({required_role_arn(ci, settings) for ci in TRUSTED_CI_ROLES[role]})
    names = "".join(ci.capitalize() for ci in TRUSTED_CI_ROLES[role])
    statement = {
        "Sid": f"{names}RoleOnly",
        "Effect": "Allow",
        "Principal": {"AWS": trusted[0] if len(trusted) == 1 else trusted},
        "Action": "sts:AssumeRole",
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


def _github_statement(role: str, settings: Settings) -> dict[str, object]:
    if not settings.github_repository:
        raise ValueError(
            f"the {role} role's trust needs githubRepository (owner/name) in the stack: the "
            "repository whose workflows may assume it"
        )
    account = required_role_arn(role, settings).split(":")[4]
    subject, sid = GITHUB_SUBJECTS[role]
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Federated": oidc_provider_arn(settings, account)},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                f"{GITHUB_OIDC_HOST}:aud": GITHUB_AUDIENCE,
                f"{GITHUB_OIDC_HOST}:sub": subject.format(repository=settings.github_repository),
            }
        },
    }


def trust_policy_text(role: str, settings: Settings) -> str:
    """``trust_policy`` as the deterministic JSON text to create the role with."""
    return json.dumps(trust_policy(role, settings), indent=2)
