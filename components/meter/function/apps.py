"""The domain's running apps, each attributed to the line of the ledger it is charged to.

An app on a profile (the JupyterServer and KernelGateway apps of Studio Classic) belongs to the
profile's person. An app in a space belongs to the space's owner when the space is private, and
to nobody (the ``shared`` line) when it is shared: everyone in the domain may run it. Both lists
are read in pages of 100, so a domain of thousands costs tens of calls.

An entry of another domain, or a running app without the ``CreationTime`` SageMaker always
sends, is ``Malformed``: billing the first would charge this domain's people for another's, and
billing the second from the epoch (or the month's start) would charge hours that never ran and,
with a cap, stop a person's app for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .answers import Malformed, Tokens, field, show
from .config import SHARED, MeterConfig

PAGE = 100
_APPS = "AWS sagemaker ListApps"
_SPACES = "AWS sagemaker ListSpaces"
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
        field(space, "SpaceName", _SPACES): (
            space.get("OwnershipSettingsSummary", {}).get("OwnerUserProfileName"),
            space.get("SpaceSharingSettingsSummary", {}).get("SharingType", "Private"),
        )
        for space in _pages(sagemaker, "list_spaces", "Spaces", DomainIdEquals=config.domain_id)
        if _of_domain(space, config.domain_id, _SPACES)
    }
    apps = []
    for app in _pages(sagemaker, "list_apps", "Apps", DomainIdEquals=config.domain_id):
        if not _of_domain(app, config.domain_id, _APPS) or app.get("Status") not in RUNNING:
            continue
        profile, space = app.get("UserProfileName"), app.get("SpaceName")
        owner = profile
        if space is not None:
            space_owner, sharing = spaces.get(space, (None, "Shared"))
            owner = space_owner if sharing == "Private" else None
        apps.append(
            RunningApp(
                domain=config.domain_id,
                app_type=field(app, "AppType", _APPS),
                app_name=field(app, "AppName", _APPS),
                profile=profile,
                space=space,
                instance_type=app.get("ResourceSpec", {}).get("InstanceType"),
                created=_epoch(field(app, "CreationTime", _APPS)),
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


def _of_domain(entry: Any, domain_id: str, where: str) -> bool:
    """``True`` for an entry of ``domain_id``.

    Raises:
        Malformed: it names another domain (SageMaker was asked for this domain's only).
    """
    domain = field(entry, "DomainId", where)
    if domain != domain_id:
        raise Malformed(
            f"{where}: an entry of domain {domain!r} in the answer for {domain_id}, so the "
            f"endpoint is probably not the AWS API; nothing was metered: {show(entry)}"
        )
    return True


def _epoch(value: object) -> int:
    """Seconds since the epoch of a time botocore parsed (a number from a client that does not)."""
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return int(value)
    raise Malformed(f"{_APPS}: an app's CreationTime {value!r} is not a time")
