"""A fake SageMaker endpoint on localhost: domains, user profiles, spaces and apps.

moto has no user profiles, spaces or apps, so the tests start this server and point boto3 at it
through ``AWS_ENDPOINT_URL_SAGEMAKER``, the standard variable: the product code runs unchanged.
SageMaker speaks the ``awsJson1_1`` protocol: ``POST /`` with ``X-Amz-Target: SageMaker.<Op>``
and a JSON body; errors are HTTP 400 with ``{"__type": code, "message": ...}``.

The same server answers the Resource Groups Tagging API's ``GetResources`` for the profiles
(``AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API``), in the same protocol with the target
``ResourceGroupsTaggingAPI_20170126.GetResources``. As in AWS, it lists only profiles that carry
or once carried tags, and its index can lag behind the profiles' tags: ``freeze_tag_index``
keeps answering from a snapshot.

Only what the commands call is implemented, with SageMaker's documented behaviour: lists are
paginated (``MaxResults``, ``NextToken``) and filtered as the API says, deleted apps stay listed
with status ``Deleted``, an app goes ``InService`` → ``Deleting`` → ``Deleted``, a space
``Deleting`` → gone, and a space with live apps cannot be deleted (``ResourceInUse``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from local_endpoint import ApiError, JsonHandler, LocalServer

ACCOUNT = "123456789012"
#: The ``X-Amz-Target`` prefixes the endpoint answers, and the one type the tagging API indexes.
TARGETS = ("SageMaker.", "ResourceGroupsTaggingAPI_20170126.")
PROFILE_TYPE = "sagemaker:user-profile"
LIVE_APP = ("InService", "Pending", "Failed", "Deleting")


@dataclass
class Deletion:
    """How many Describe calls a deletion takes; ``None``: it never finishes (a stuck app)."""

    polls: int | None = 1


@dataclass
class FakeSageMaker:
    """The state behind the endpoint, and the calls it received.

    Attributes:
        denied: operations answered with ``AccessDeniedException``.
        calls: every ``(operation, request body)`` received, in order.
        app_deletion / space_deletion: how long deletions take, in Describe calls.
        tag_index: when set, what ``GetResources`` answers (ARN -> tags), as a lagging index
            would; ``None``: the profiles' tags as they are.
        junk: operation -> ``(HTTP status, content type, body)`` answered instead of the API
            (what a proxy or a captive portal would send).
    """

    region: str = "eu-west-1"
    account: str = ACCOUNT
    domains: dict[str, dict] = field(default_factory=dict)
    profiles: dict[tuple[str, str], dict] = field(default_factory=dict)
    arns: dict[str, tuple[str, str]] = field(default_factory=dict)
    spaces: dict[tuple[str, str], dict] = field(default_factory=dict)
    apps: list[dict] = field(default_factory=list)
    denied: set[str] = field(default_factory=set)
    calls: list[tuple[str, dict]] = field(default_factory=list)
    app_deletion: Deletion = field(default_factory=Deletion)
    space_deletion: Deletion = field(default_factory=Deletion)
    tag_index: dict[str, list[dict]] | None = None
    junk: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # -- setting the scene ---------------------------------------------------------------------

    def add_domain(
        self, domain_id: str, default_role: str | None = None, application: str | None = None
    ) -> None:
        """A domain in IAM mode, or with ``application`` in IAM Identity Center (SSO) mode."""
        arn = f"arn:aws:sagemaker:{self.region}:{self.account}:domain/{domain_id}"
        settings = {"ExecutionRole": default_role} if default_role else {}
        self.domains[domain_id] = {
            "DomainArn": arn,
            "DefaultUserSettings": settings,
            "AuthMode": "SSO" if application else "IAM",
            **({"SingleSignOnApplicationArn": application} if application else {}),
        }

    def add_profile(
        self,
        domain: str,
        name: str,
        tags: dict[str, str] | None = None,
        execution_role: str | None = None,
        sso_user: str | None = None,
    ) -> str:
        """A profile; with ``sso_user``, bound to that Identity Center user (an SSO domain)."""
        arn = f"arn:aws:sagemaker:{self.region}:{self.account}:user-profile/{domain}/{name}"
        self.profiles[(domain, name)] = {
            "UserProfileArn": arn,
            "Status": "InService",
            "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()],
            "UserSettings": {"ExecutionRole": execution_role} if execution_role else {},
            "EverTagged": bool(tags),
            **(
                {"SingleSignOnUserIdentifier": "UserName", "SingleSignOnUserValue": sso_user}
                if sso_user
                else {}
            ),
        }
        self.arns[arn] = (domain, name)
        return arn

    def add_space(self, domain: str, name: str, owner: str | None, sharing: str = "Private"):
        self.spaces[(domain, name)] = {
            "Status": "InService",
            "Owner": owner,
            "SharingType": sharing,
            "polls": 0,
        }

    def add_app(
        self,
        domain: str,
        app_type: str,
        name: str,
        *,
        profile: str | None = None,
        space: str | None = None,
        status: str = "InService",
        instance_type: str | None = None,
        created: float | None = None,
    ) -> dict:
        """An app; ``instance_type`` and ``created`` (epoch seconds) as ``ListApps`` shows them."""
        app = {
            "DomainId": domain,
            "UserProfileName": profile,
            "SpaceName": space,
            "AppType": app_type,
            "AppName": name,
            "Status": status,
            "CreationTime": created,
            "ResourceSpec": {"InstanceType": instance_type} if instance_type else None,
            "polls": 0,
        }
        self.apps.append(app)
        return app

    def freeze_tag_index(self) -> None:
        """From now on ``GetResources`` answers with today's tags: the index lags behind changes."""
        self.tag_index = deepcopy(self._indexed_tags())

    def _indexed_tags(self) -> dict[str, list[dict]]:
        """ARN -> tags of every profile the tagging API lists: tagged now or tagged once."""
        return {
            p["UserProfileArn"]: p["Tags"]
            for p in self.profiles.values()
            if p["Tags"] or p.get("EverTagged")
        }

    def mutations(self) -> list[tuple[str, dict]]:
        """The calls that change something (``Delete*``), in order."""
        return [(op, body) for op, body in self.calls if op.startswith("Delete")]

    # -- the API -------------------------------------------------------------------------------

    def handle(self, operation: str, body: dict) -> dict:
        with self.lock:
            self.calls.append((operation, body))
            if operation in self.denied:
                raise ApiError(
                    "AccessDeniedException",
                    f"User: arn:aws:iam::{self.account}:user/ci is not authorized to perform: "
                    f"sagemaker:{operation} because no identity-based policy allows it",
                )
            handler: Callable[[dict], dict] | None = getattr(self, f"_op_{operation}", None)
            if handler is None:
                raise ApiError("UnknownOperationException", f"{operation} is not faked")
            return handler(body)

    def _op_DescribeDomain(self, body: dict) -> dict:
        domain = self.domains.get(body["DomainId"])
        if domain is None:
            raise ApiError("ResourceNotFound", f"Domain {body['DomainId']} not found")
        return {"DomainId": body["DomainId"], "Status": "InService", **domain}

    def _op_ListUserProfiles(self, body: dict) -> dict:
        rows = [
            {"DomainId": d, "UserProfileName": n, "Status": p["Status"], "CreationTime": 0}
            for (d, n), p in sorted(self.profiles.items())
            if body.get("DomainIdEquals") in (None, d)
        ]
        return _page(rows, body, "UserProfiles")

    def _op_DescribeUserProfile(self, body: dict) -> dict:
        profile = self.profiles.get((body["DomainId"], body["UserProfileName"]))
        if profile is None:
            raise ApiError("ResourceNotFound", f"User profile {body['UserProfileName']} not found")
        return {
            "DomainId": body["DomainId"],
            "UserProfileName": body["UserProfileName"],
            **{k: v for k, v in profile.items() if k != "Tags"},
        }

    def _op_GetResources(self, body: dict) -> dict:
        """The tagging API's read of many resources' tags, 100 at most per page."""
        if body.get("ResourceTypeFilters") != [PROFILE_TYPE]:
            raise ApiError("InvalidParameterException", f"the fake indexes {PROFILE_TYPE} only")
        size = int(body.get("ResourcesPerPage") or 50)
        if not 1 <= size <= 100:
            raise ApiError("InvalidParameterException", "ResourcesPerPage must be 1-100")
        index = self._indexed_tags() if self.tag_index is None else self.tag_index
        rows = [{"ResourceARN": arn, "Tags": tags} for arn, tags in sorted(index.items())]
        start = int(body.get("PaginationToken") or 0)
        more = start + size < len(rows)
        return {
            "ResourceTagMappingList": rows[start : start + size],
            "PaginationToken": str(start + size) if more else "",
        }

    def _op_ListTags(self, body: dict) -> dict:
        profile = self.profiles.get(self.arns.get(body["ResourceArn"], ("", "")))
        if profile is not None:
            return _page(profile["Tags"], body, "Tags")
        raise ApiError("ValidationException", f"Resource {body['ResourceArn']} does not exist")

    def _op_AddTags(self, body: dict) -> dict:
        tags = self._profile_of(body["ResourceArn"])["Tags"]
        keys = {tag["Key"] for tag in body["Tags"]}
        tags[:] = [tag for tag in tags if tag["Key"] not in keys] + body["Tags"]
        return {"Tags": body["Tags"]}

    def _op_DeleteTags(self, body: dict) -> dict:
        tags = self._profile_of(body["ResourceArn"])["Tags"]
        tags[:] = [tag for tag in tags if tag["Key"] not in body["TagKeys"]]
        return {}

    def _profile_of(self, arn: str) -> dict:
        profile = self.profiles.get(self.arns.get(arn, ("", "")))
        if profile is None:
            raise ApiError("ValidationException", f"Resource {arn} does not exist")
        return profile

    def _op_ListSpaces(self, body: dict) -> dict:
        rows = [
            {
                "DomainId": d,
                "SpaceName": n,
                "Status": s["Status"],
                **(
                    {"OwnershipSettingsSummary": {"OwnerUserProfileName": s["Owner"]}}
                    if s["Owner"]
                    else {}
                ),
                "SpaceSharingSettingsSummary": {"SharingType": s["SharingType"]},
            }
            for (d, n), s in sorted(self.spaces.items())
            if body.get("DomainIdEquals") in (None, d)
        ]
        return _page(rows, body, "Spaces")

    def _op_DescribeSpace(self, body: dict) -> dict:
        key = (body["DomainId"], body["SpaceName"])
        space = self.spaces.get(key)
        if space is None:
            raise ApiError("ResourceNotFound", f"Space {body['SpaceName']} not found")
        if space["Status"] == "Deleting" and _advance(space, self.space_deletion):
            del self.spaces[key]
            raise ApiError("ResourceNotFound", f"Space {body['SpaceName']} not found")
        return {"DomainId": key[0], "SpaceName": key[1], "Status": space["Status"]}

    def _op_DeleteSpace(self, body: dict) -> dict:
        key = (body["DomainId"], body["SpaceName"])
        space = self.spaces.get(key)
        if space is None:
            raise ApiError("ResourceNotFound", f"Space {body['SpaceName']} not found")
        live = [a for a in self.apps if a["SpaceName"] == key[1] and a["Status"] in LIVE_APP]
        if live or space["Status"] == "Deleting":
            raise ApiError("ResourceInUse", f"Space {key[1]} has apps that are not deleted")
        space["Status"] = "Deleting"
        return {}

    def _op_ListApps(self, body: dict) -> dict:
        if body.get("UserProfileNameEquals") and body.get("SpaceNameEquals"):
            raise ApiError(
                "ValidationException", "use either UserProfileNameEquals or SpaceNameEquals"
            )
        rows = [
            {k: v for k, v in app.items() if k != "polls" and v is not None}
            for app in self.apps
            if body.get("DomainIdEquals") in (None, app["DomainId"])
            and body.get("UserProfileNameEquals") in (None, app["UserProfileName"])
            and body.get("SpaceNameEquals") in (None, app["SpaceName"])
        ]
        return _page(rows, body, "Apps")

    def _op_DescribeApp(self, body: dict) -> dict:
        app = self._app(body)
        if app["Status"] == "Deleting" and _advance(app, self.app_deletion):
            app["Status"] = "Deleted"
        return {k: v for k, v in app.items() if k != "polls" and v is not None}

    def _op_DeleteApp(self, body: dict) -> dict:
        app = self._app(body)
        if app["Status"] in ("Deleted", "Deleting"):
            raise ApiError("ResourceInUse", f"App {app['AppName']} is {app['Status']}")
        app["Status"] = "Deleting"
        return {}

    def _app(self, body: dict) -> dict:
        for app in self.apps:
            if (
                app["DomainId"] == body["DomainId"]
                and app["AppType"] == body["AppType"]
                and app["AppName"] == body["AppName"]
                and app["UserProfileName"] == body.get("UserProfileName")
                and app["SpaceName"] == body.get("SpaceName")
            ):
                return app
        raise ApiError("ResourceNotFound", f"App {body['AppName']} not found")


def _advance(resource: dict, deletion: Deletion) -> bool:
    """Count one Describe call of a deletion; whether the deletion is now finished."""
    resource["polls"] += 1
    return deletion.polls is not None and resource["polls"] >= deletion.polls


def _page(rows: list, body: dict, key: str) -> dict[str, Any]:
    start = int(body.get("NextToken") or 0)
    size = int(body.get("MaxResults") or 10)
    result: dict[str, Any] = {key: rows[start : start + size]}
    if start + size < len(rows):
        result["NextToken"] = str(start + size)
    return result


class _Handler(JsonHandler):
    fake: FakeSageMaker

    def do_POST(self) -> None:
        target = self.headers.get("X-Amz-Target", "")
        operation = next((target.removeprefix(p) for p in TARGETS if target.startswith(p)), target)
        if operation not in self.fake.junk:
            super().do_POST()
            return
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, content_type, data = self.fake.junk[operation]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, target: str, body: dict[str, Any]) -> dict[str, Any]:
        operation = next((target.removeprefix(p) for p in TARGETS if target.startswith(p)), target)
        return self.fake.handle(operation, body)


class FakeSageMakerServer(LocalServer):
    """``FakeSageMaker`` served on a free localhost port, in a thread."""

    def __init__(self, fake: FakeSageMaker):
        super().__init__(_Handler, fake)
