"""What the CI roles (or the Identity Center role) need in IAM Identity Center.

Each kind says what it needs there (``Kind.identity_center_grants``: an Identity Center domain's
application assignments, a federation's permission set). Identity Center lives in the
organization's management account or a delegated administrator: with ``identityCenterRoleArn``
the CI roles only assume that role, which holds these permissions (``ci-policy --role
identity-center``); without it they hold them themselves. Reads and writes are apart: the deploy
role alone assumes that role; the preview and audit roles assume ``identityCenterReadRoleArn``
(``ci-policy --role identity-center-read``), which only reads.
"""

from __future__ import annotations

from components import kinds
from components.core.settings.stack import Settings
from components.kinds import KINDS
from components.policies.ci.federation_access import render
from components.policies.statements import allow


def _grants(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    return render(g for kind in KINDS for g in kind.identity_center_grants(settings, write=write))


def ci_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """A CI role's part in Identity Center: the deploy role (``write``) assumes the Identity
    Center role, preview and audit the read role; without that role, it holds them itself."""
    if not kinds.uses_identity_center(settings):
        return []
    if write and settings.identity_center_role_arn:
        role = settings.identity_center_role_arn
        return [allow("AssumeIdentityCenterRole", ("sts:AssumeRole",), [role])]
    if not write and settings.identity_center_read_role_arn:
        role = settings.identity_center_read_role_arn
        return [allow("AssumeIdentityCenterReadRole", ("sts:AssumeRole",), [role])]
    return _grants(settings, write=write)


def identity_center_role_statements(settings: Settings) -> list[dict[str, object]]:
    """The Identity Center (write) role's policy: what every kind needs there; only the deploy
    role may assume it."""
    if not (kinds.uses_identity_center(settings) and settings.identity_center_role_arn):
        raise ValueError(
            "ci-policy --role identity-center needs identityCenterRoleArn in a stack that uses "
            "Identity Center (authMode: sso, or federation: identity-center)"
        )
    return _grants(settings, write=True)


def identity_center_read_role_statements(settings: Settings) -> list[dict[str, object]]:
    """The Identity Center read role's policy: the lookups preview and audit make, nothing more."""
    if not (kinds.uses_identity_center(settings) and settings.identity_center_read_role_arn):
        raise ValueError(
            "ci-policy --role identity-center-read needs identityCenterReadRoleArn in a stack "
            "that uses Identity Center (authMode: sso, or federation: identity-center)"
        )
    return _grants(settings, write=False)
