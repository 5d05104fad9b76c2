"""The apps and spaces that belong to a profile: what ``drain`` deletes, and nothing else.

A profile's own apps are listed with ``ListApps UserProfileNameEquals``; its spaces are those
whose ``OwnershipSettings`` name it as owner (private and shared alike), and their apps are
listed with ``ListApps SpaceNameEquals``. Every item is checked again against the profile after
listing, so a filter SageMaker ignored can never hand another user's app or space to ``drain``;
an entry of another domain, or one listed twice, is refused (``read.answers``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from components.aws.client.session import Aws
from components.aws.read.answers import domain_items

#: The largest page ``ListApps`` and ``ListSpaces`` return.
PAGE_SIZE = 100
#: What names a listed app: a deleted app stays listed beside a new one of the same name.
APP_IDENTITY = ("UserProfileName", "SpaceName", "AppType", "AppName", "CreationTime")


@dataclass(frozen=True)
class App:
    """A Studio app, of a profile (``profile``) or of a space (``space``)."""

    app_type: str
    name: str
    status: str
    profile: str | None = None
    space: str | None = None

    @property
    def label(self) -> str:
        where = f" in space {self.space}" if self.space else ""
        return f"app {self.app_type}/{self.name}{where}"

    def identity(self, domain_id: str) -> dict[str, str | None]:
        """The parameters that name this app in ``DescribeApp`` and ``DeleteApp``."""
        owner: dict[str, str | None] = (
            {"SpaceName": self.space} if self.space else {"UserProfileName": self.profile}
        )
        return {"DomainId": domain_id, **owner, "AppType": self.app_type, "AppName": self.name}


@dataclass(frozen=True)
class Space:
    """A space owned by a profile."""

    name: str
    status: str
    sharing: str

    @property
    def label(self) -> str:
        return f"space {self.name} ({self.sharing.lower() or 'unknown sharing'})"


@dataclass(frozen=True)
class ProfileContents:
    """What a profile holds: its apps (its own and its spaces') and its spaces."""

    profile: str
    apps: tuple[App, ...]
    spaces: tuple[Space, ...]

    @property
    def empty(self) -> bool:
        return not self.apps and not self.spaces


def profile_contents(aws: Aws, domain_id: str, profiles: Sequence[str]) -> list[ProfileContents]:
    """The live apps and spaces of each of ``profiles`` (apps already ``Deleted`` left out).

    Costs ``ceil(spaces / 100)`` ``ListSpaces`` calls for the domain, then one ``ListApps`` per
    profile and per space it owns (more for more than 100 apps).
    """
    spaces = _spaces_by_owner(aws, domain_id)
    contents = []
    for profile in profiles:
        owned = spaces.get(profile, [])
        names = {space.name for space in owned}
        apps = _apps(aws, domain_id, {"UserProfileNameEquals": profile})
        apps = [a for a in apps if a.profile == profile and (not a.space or a.space in names)]
        for space in owned:
            found = _apps(aws, domain_id, {"SpaceNameEquals": space.name})
            apps += [a for a in found if a.space == space.name]
        unique = tuple(dict.fromkeys(a for a in apps if a.status != "Deleted"))
        contents.append(ProfileContents(profile, unique, tuple(owned)))
    return contents


def _spaces_by_owner(aws: Aws, domain_id: str) -> dict[str, list[Space]]:
    owners: dict[str, list[Space]] = {}
    entries = aws.items("sagemaker", "list_spaces", "Spaces", PAGE_SIZE, DomainIdEquals=domain_id)
    for entry in domain_items(entries, "ListSpaces", domain_id, ("SpaceName",)):
        owner = entry.get("OwnershipSettingsSummary", {}).get("OwnerUserProfileName")
        if owner is None:
            continue  # a space without an owner belongs to nobody drain may touch
        sharing = entry.get("SpaceSharingSettingsSummary", {}).get("SharingType", "")
        owners.setdefault(owner, []).append(
            Space(entry["SpaceName"], entry.get("Status", ""), sharing)
        )
    return owners


def _apps(aws: Aws, domain_id: str, owner: Mapping[str, str]) -> list[App]:
    entries = aws.items(
        "sagemaker", "list_apps", "Apps", PAGE_SIZE, DomainIdEquals=domain_id, **owner
    )
    return [
        App(
            app_type=entry["AppType"],
            name=entry["AppName"],
            status=entry.get("Status", ""),
            profile=entry.get("UserProfileName"),
            space=entry.get("SpaceName"),
        )
        for entry in domain_items(entries, "ListApps", domain_id, APP_IDENTITY)
    ]
