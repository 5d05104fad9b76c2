"""On what an event acted, and whose that is: a profile, space, app or principal, and its owner.

SageMaker names the profile in the request (``userProfileName``), so a profile's and a private
app's owner is the profile's person. A space is named by its own name; its owner
(``ownershipSettings.ownerUserProfileName``) is recorded only by the ``CreateSpace`` that made
it, so ``Spaces`` remembers the owners of the spaces created in the window, which the command
reads before the events that use them; a space made earlier has an unknown owner. A remote
session (``StartSession``) names its space app or space by ARN. IAM's events name a user or a
role by name: a person's principal or per-user execution role, the shared sign-in role and the
shared execution roles (whose tags and trust the guards keep) are this stack's, any other is
out of scope. SageMaker's ``AddTags`` names the resource by ARN.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.activity.events import SIGN_IN, Event, nested
from components.activity.people import People

#: How many spaces' owners are remembered: far above the spaces of a domain.
MAX_SPACES = 100_000


@dataclass(frozen=True)
class Target:
    """What an event acted on.

    Attributes:
        kind: ``profile``, ``space``, ``app``, ``user``, ``role`` or ``domain``.
        name: its name (an app as ``<profile or space>/<type>/<name>``).
        owner: the person it belongs to, or ``None`` when nobody in users/ (or unknown).
        in_scope: ``False`` for an event of another domain, or an IAM change to a principal
            this stack does not manage; such events are counted, not reported.
    """

    kind: str
    name: str
    owner: str | None
    in_scope: bool = True

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}" if self.name else self.kind


class Spaces:
    """Space name -> the profile name that owns it, from the ``CreateSpace`` events seen."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def add(self, event: Event, domain_id: str) -> None:
        owner = nested(event.parameters, "ownershipSettings", "ownerUserProfileName") or nested(
            event.parameters, "OwnershipSettings", "OwnerUserProfileName"
        )
        space = event.parameter("spaceName")
        if event.error or not owner or not space:
            return
        if event.parameter("domainId") not in (None, domain_id):
            return
        self._owners[space] = owner
        if len(self._owners) > MAX_SPACES:
            del self._owners[next(iter(self._owners))]

    def owner(self, space: str) -> str | None:
        return self._owners.get(space)


def find_target(event: Event, people: People, spaces: Spaces) -> Target:
    """The ``Target`` of ``event``."""
    if event.name in ("TagUser", "TagRole", "UpdateAssumeRolePolicy"):
        kind = "user" if event.name == "TagUser" else "role"
        name = event.parameter("userName" if kind == "user" else "roleName") or ""
        owner = people.principal_names.get(name)
        shared = people.is_shared_sign_in_name(name) or people.is_shared_execution_role_name(name)
        managed = owner is not None or (kind == "role" and shared)
        return Target(kind, name, owner, in_scope=managed)
    if event.name == "AddTags":
        return _from_arn(event.parameter("resourceArn") or "", people, spaces, tags=True)
    if event.name == "StartSession":
        return _from_arn(event.parameter("resourceIdentifier") or "", people, spaces)
    domain = event.parameter("domainId")
    in_scope = domain in (None, people.domain_id)
    profile = event.parameter("userProfileName")
    space = event.parameter("spaceName")
    app = event.parameter("appName")
    if app or event.name in ("CreateApp", "DeleteApp"):
        holder = profile or space or ""
        owner = _owner(people, spaces, profile, space)
        name = f"{holder}/{event.parameter('appType') or '?'}/{app or '?'}"
        return Target("app", name, owner, in_scope)
    if profile and event.name == SIGN_IN:  # the profile signs in; a space is where it lands
        name = f"{profile} (space {space})" if space else profile
        return Target("profile", name, people.profiles.get(profile), in_scope)
    if space:
        return Target("space", space, _owner(people, spaces, None, space), in_scope)
    if profile:
        return Target("profile", profile, people.profiles.get(profile), in_scope)
    return Target("domain", domain or "", None, in_scope)


def _owner(people: People, spaces: Spaces, profile: str | None, space: str | None) -> str | None:
    if profile:
        return people.profiles.get(profile)
    owner_profile = spaces.owner(space) if space else None
    return people.profiles.get(owner_profile) if owner_profile else None


def _from_arn(arn: str, people: People, spaces: Spaces, tags: bool = False) -> Target:
    """A SageMaker resource named by ARN: ``user-profile/<domain>/<profile>``,
    ``space/<domain>/<space>``, ``app/<domain>/<profile or space>/<type>/<name>``."""
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    kind, _, rest = resource.partition("/")
    parts = rest.split("/")
    domain = parts[0] if parts and parts[0] else None
    in_scope = domain == people.domain_id if tags else domain in (None, people.domain_id)
    if kind == "user-profile" and len(parts) >= 2:
        return Target("profile", parts[1], people.profiles.get(parts[1]), in_scope)
    if kind == "space" and len(parts) >= 2:
        return Target("space", parts[1], _owner(people, spaces, None, parts[1]), in_scope)
    if kind == "app" and len(parts) >= 4:
        holder = parts[1]
        owner = people.profiles.get(holder) or _owner(people, spaces, None, holder)
        return Target("app", "/".join(parts[1:]), owner, in_scope)
    return Target(kind or "resource", arn, None, in_scope=not tags and in_scope)
