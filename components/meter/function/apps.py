"""The domain's running apps, each attributed to the line of the ledger it is charged to.

An app on a profile (the JupyterServer and KernelGateway apps of Studio Classic) belongs to the
profile's person. An app in a space belongs to the space's owner when the space is private, and
to nobody (the ``shared`` line) when it is shared: everyone in the domain may run it. Both lists
are read in pages of 100, so a domain of thousands costs tens of calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .answers import Tokens, field
from .config import SHARED, MeterConfig

PAGE = 100
#: The apps that run, and cost, now.
RUNNING = ("InService",)


@dataclass(frozen=True)
class RunningApp:
    """One running app: how SageMaker names it, what it runs on, whose it is."""

    domain: str
    app_type: str
    app_name: str
    profile: str | None
    space: str | None
    instance_type: str | None
    created: int
    line: str
    owner: str | None

    @property
    def key(self) -> str:
        """The ledger key: a new app under an old name is another app."""
        where = f"profile:{self.profile}" if self.profile else f"space:{self.space}"
        return f"app#{self.domain}#{where}#{self.app_type}#{self.app_name}#{self.created}"

    def delete_request(self) -> dict[str, str | None]:
        """The arguments of ``DeleteApp`` for this app."""
        where: dict[str, str | None] = (
            {"UserProfileName": self.profile} if self.profile else {"SpaceName": self.space}
        )
        return {
            "DomainId": self.domain,
            "AppType": self.app_type,
            "AppName": self.app_name,
            **where,
        }


def running_apps(sagemaker: Any, config: MeterConfig) -> list[RunningApp]:
    """Every app of the domain that is running now, attributed (``ListSpaces``, ``ListApps``)."""
    spaces = {
        field(space, "SpaceName", "AWS sagemaker ListSpaces"): (
            space.get("OwnershipSettingsSummary", {}).get("OwnerUserProfileName"),
            space.get("SpaceSharingSettingsSummary", {}).get("SharingType", "Private"),
        )
        for space in _pages(sagemaker, "list_spaces", "Spaces", DomainIdEquals=config.domain_id)
    }
    apps = []
    for app in _pages(sagemaker, "list_apps", "Apps", DomainIdEquals=config.domain_id):
        if app.get("Status") not in RUNNING:
            continue
        profile, space = app.get("UserProfileName"), app.get("SpaceName")
        owner = profile
        if space is not None:
            space_owner, sharing = spaces.get(space, (None, "Shared"))
            owner = space_owner if sharing == "Private" else None
        apps.append(
            RunningApp(
                domain=config.domain_id,
                app_type=field(app, "AppType", "AWS sagemaker ListApps"),
                app_name=field(app, "AppName", "AWS sagemaker ListApps"),
                profile=profile,
                space=space,
                instance_type=app.get("ResourceSpec", {}).get("InstanceType"),
                created=_epoch(app.get("CreationTime")),
                line=config.person_of(owner) if owner else SHARED,
                owner=owner,
            )
        )
    return apps


def _pages(client: Any, operation: str, key: str, **arguments: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token = None
    tokens = Tokens("AWS sagemaker " + operation.title().replace("_", ""))
    while True:
        page = getattr(client, operation)(
            MaxResults=PAGE, **arguments, **({"NextToken": token} if token else {})
        )
        items += page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return items
        tokens.add(token)


def _epoch(value: object) -> int:
    if isinstance(value, datetime):
        return int(value.timestamp())
    return int(value or 0)  # type: ignore[call-overload]
