"""What each variant of ``federation`` answers: one object per variant (``saml``,
``identity_center``), so that the federated kind asks the stack's variant and never branches on
its name.

A variant owns its stack keys, their validation, what ``pulumi up`` registers once for it, the
role (an ARN pattern) whose sessions carry the tags the identity provider sends, the proof's
attacks on it, and the CI permissions it needs (plain data that ``policies.ci`` renders).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from components.core.grants import Grant
from components.core.registrations import Lookup, Registration
from components.core.requests import Scenario

if TYPE_CHECKING:
    from components.core.settings.stack import Settings


class Variant:
    """One value of ``federation``; each module of this package makes one.

    Class attributes:
        name: the value of ``federation``.
        keys: its stack keys, as ``(stack key, Settings attribute)``.
    """

    name: ClassVar[str]
    keys: ClassVar[tuple[tuple[str, str], ...]] = ()

    def problems(self, settings: Settings) -> list[tuple[str, str]]:
        """``(key, message)`` for each of its keys that is missing or invalid."""
        return []

    def registrations(self, settings: Settings) -> list[Registration | Lookup]:
        """What the program registers once per stack for this variant."""
        return []

    def sign_in_roles(self, settings: Settings, *, any_permission_set: bool = False) -> list[str]:
        """The role ARN patterns whose sessions carry the tags the identity provider sends."""
        return []

    def stack_roles(self, settings: Settings) -> list[tuple[str, str]]:
        """``(name, what it is)`` of each IAM role it creates once per stack."""
        return []

    def session_arn(self, settings: Settings) -> str | None:
        """The ``aws:PrincipalArn`` of a session (a template with ``{iam}``)."""
        return None

    def stack_warnings(self, settings: Settings) -> list[str]:
        """What a reviewer should know about this variant in this stack."""
        return []

    def scenarios(self) -> list[Scenario]:
        """The attacks on this variant's shared sign-in the proof adds."""
        return []

    def ci_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """What the CI roles hold themselves for this variant (``Kind.ci_grants``)."""
        return []

    def identity_center_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """What this variant needs in IAM Identity Center (``Kind.identity_center_grants``)."""
        return []

    def owner_tag(self, settings: Settings) -> dict[str, str]:
        """The tag the program sets on what it creates in a shared directory, if any."""
        return {}

    def permission_set(self, settings: Settings) -> tuple[str, dict[str, str]] | None:
        """The permission set it creates, with its owner tag (``Kind.permission_set``)."""
        return None

    def operator_inventory(self, settings: Settings) -> dict[str, Any]:
        """What ``verify`` expects the operator's inventory to name for this variant."""
        return {}


#: Everyone the guards bind but members' own principals: the callers the attacks on the shared
#: sign-in are judged for.
EVERYONE_BOUND = frozenset({"member", "execution", "none"})
