"""The stack keys of signing in: ``authMode`` and where IAM Identity Center is.

With ``authMode: iam`` people open their profile as IAM users and roles (presigned URLs); with
``sso`` they sign in through IAM Identity Center, whose directory (``identityStoreId``) and the
domain's application (``ssoApplicationArn``) the program needs, and which may live in another
region or account. ``Settings`` inherits this group (a module of its own, so that the settings
module stays one table of the product's keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: How people sign in to the domain: IAM (presigned URLs) or IAM Identity Center.
IAM_MODE, IDENTITY_CENTER_MODE = "iam", "sso"
AUTH_MODES = (IAM_MODE, IDENTITY_CENTER_MODE)
#: The managed policy per-user execution roles get by default with ``authMode: sso``: the one the
#: SageMaker console gives a domain's execution role.
SSO_EXECUTION_ROLE_POLICY = "arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess"

#: Configuration key and attribute, in the README's table order (after ``orgGuardRoleArn``).
SIGNIN_KEYS: tuple[tuple[str, str], ...] = (
    ("authMode", "auth_mode"),
    ("identityStoreId", "identity_store_id"),
    ("ssoApplicationArn", "sso_application_arn"),
    ("identityCenterRegion", "identity_center_region"),
    ("identityCenterRoleArn", "identity_center_role_arn"),
)


@dataclass(frozen=True)
class SignInSettings:
    """How the domain signs people in, as the stack says.

    Attributes:
        auth_mode: ``authMode`` (default ``iam``); how the domain signs people in: ``iam``
            (IAM users and roles open their profile) or ``sso`` (IAM Identity Center). With
            ``sso``, ``perUserExecutionRoles`` defaults to true and ``executionRolePolicyArns``
            to AmazonSageMakerFullAccess: a notebook's role is all that tells two people apart.
        identity_store_id: ``identityStoreId``; the Identity Center directory whose users sign
            in (required with ``sso``).
        sso_application_arn: ``ssoApplicationArn``; the domain's Identity Center application,
            which users are assigned to (``DescribeDomain`` ``SingleSignOnApplicationArn``;
            required with ``sso``).
        identity_center_region: ``identityCenterRegion``; where Identity Center lives, when not
            in the stack's region.
        identity_center_role_arn: ``identityCenterRoleArn``; a role in the Identity Center
            account (management or delegated administrator) the program assumes there.
    """

    auth_mode: str = "iam"
    identity_store_id: str | None = None
    sso_application_arn: str | None = None
    identity_center_region: str | None = None
    identity_center_role_arn: str | None = None

    @property
    def identity_center_provider(self) -> bool:
        """Whether Identity Center is reached through a provider of its own (another region or
        account), rather than the stack's."""
        return bool(self.identity_center_region or self.identity_center_role_arn)

    def _check_auth_mode(self) -> list[tuple[str, str]]:
        """``(key, message)`` when ``authMode`` is none of ``AUTH_MODES``."""
        if self.auth_mode in AUTH_MODES:
            return []
        return [
            (
                "authMode",
                f"authMode must be one of {', '.join(AUTH_MODES)}, got {self.auth_mode!r}",
            )
        ]


def sso_defaults(
    values: Mapping[str, object], typed: Mapping[str, object], partition: str
) -> dict[str, object]:
    """What ``authMode: sso`` changes in the defaults: a notebook role of one's own.

    In an Identity Center domain nothing but the execution role tells two people's notebooks
    apart, so per-user roles are on unless ``perUserExecutionRoles`` is set (to false), and their
    policies default to the one SageMaker gives a domain's execution role.
    """
    if typed.get("auth_mode") != IDENTITY_CENTER_MODE:
        return {}
    found: dict[str, object] = {}
    if values.get("perUserExecutionRoles") in (None, ""):
        found["per_user_execution_roles"] = True
    per_user = found.get("per_user_execution_roles", typed.get("per_user_execution_roles"))
    if per_user and not typed.get("execution_role_policy_arns"):
        found["execution_role_policy_arns"] = (
            SSO_EXECUTION_ROLE_POLICY.format(partition=partition),
        )
    return found
