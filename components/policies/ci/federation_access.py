"""What the CI roles need for the kinds' stack-wide resources: each kind says it as plain data
(``Kind.ci_grants``, ``Kind.identity_center_grants``: the shared role of a SAML federation, the
permission set of an Identity Center one), and this module renders it.

Identity Center is reached as the Identity Center domains reach it: with ``identityCenterRoleArn``
the CI roles only assume that role, whose policy (``ci-policy --role identity-center``) holds
those statements; without it they hold them themselves (``identity_center_access``).
"""

from __future__ import annotations

from collections.abc import Iterable

from components.core.grants import Grant
from components.core.settings.operators import workload_account
from components.core.settings.stack import Settings
from components.kinds import KINDS
from components.policies.statements import allow

__all__ = ["federation_statements", "render", "workload_account"]


def render(grants: Iterable[Grant]) -> list[dict[str, object]]:
    """Each grant as an Allow statement."""
    return [allow(g.sid, g.actions, list(g.resources), **g.conditions) for g in grants]


def federation_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """The CI role's part for the kinds' stack-wide resources outside Identity Center; reads for
    preview and audit, writes for deploy."""
    return render(g for kind in KINDS for g in kind.ci_grants(settings, write=write))
