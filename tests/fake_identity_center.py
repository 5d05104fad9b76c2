"""A fake IAM Identity Center on localhost: an identity store and the SSO admin API.

moto has no application assignments, so the tests start this server and point boto3 at it
through ``AWS_ENDPOINT_URL_SSO_ADMIN`` and ``AWS_ENDPOINT_URL_IDENTITYSTORE``, the standard
variables: the product code runs unchanged. Both services speak ``awsJson1_1`` (``POST /`` with
``X-Amz-Target: SWBExternalService.<Op>`` or ``AWSIdentityStore.<Op>``); errors are HTTP 400 with
``{"__type": code, "message": ...}``.

Only what the commands call is implemented, as the API references describe it: assignments are
listed page by page (``MaxResults``, ``NextToken``), a user or group the directory lacks is
``ResourceNotFoundException``, ``GetUserId`` finds a user by ``userName`` (user names are unique
ignoring case), and a request for another identity store or application is refused.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from local_endpoint import ApiError, JsonHandler, LocalServer

STORE = "d-1234567890"
APPLICATION = "arn:aws:sso::123456789012:application/ssoins-1234567890abcdef/apl-abcdef1234567890"
PREFIXES = {"SWBExternalService.": "sso-admin", "AWSIdentityStore.": "identitystore"}


def principal_id(name: str) -> str:
    """A directory id in Identity Center's shape, stable for a name."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


@dataclass
class FakeIdentityCenter:
    """The directory, the application's assignments, and the calls received.

    Attributes:
        users / groups: id -> user name / group display name.
        assignments: application ARN -> ``[(principal type, principal id)]``.
        denied: operations answered with ``AccessDeniedException``.
        calls: every ``(service, operation, request body)``, in order.
    """

    store: str = STORE
    users: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    assignments: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {APPLICATION: []})
    denied: set[str] = field(default_factory=set)
    calls: list[tuple[str, str, dict]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_user(self, name: str, assigned: bool = False) -> str:
        user = principal_id(name)
        self.users[user] = name
        if assigned:
            self.assign("USER", user)
        return user

    def add_group(self, name: str, assigned: bool = False) -> str:
        group = principal_id(f"group:{name}")
        self.groups[group] = name
        if assigned:
            self.assign("GROUP", group)
        return group

    def assign(self, kind: str, principal: str, application: str = APPLICATION) -> None:
        self.assignments.setdefault(application, []).append((kind, principal))

    def user_id(self, name: str) -> str | None:
        return next((i for i, n in self.users.items() if n.casefold() == name.casefold()), None)

    def handle(self, service: str, operation: str, body: dict) -> dict:
        with self.lock:
            self.calls.append((service, operation, body))
            if operation in self.denied:
                raise ApiError("AccessDeniedException", f"not authorized to perform {operation}")
            handler = getattr(self, f"_op_{operation}", None)
            if handler is None:
                raise ApiError("UnknownOperationException", f"{operation} is not faked")
            return handler(body)

    def _store(self, body: dict) -> None:
        if body.get("IdentityStoreId") != self.store:
            raise ApiError("ResourceNotFoundException", "IDENTITY_STORE not found.")

    def _op_ListApplicationAssignments(self, body: dict) -> dict:
        rows = self.assignments.get(body["ApplicationArn"])
        if rows is None:
            raise ApiError("ResourceNotFoundException", "Application not found")
        items = [
            {"ApplicationArn": body["ApplicationArn"], "PrincipalType": t, "PrincipalId": i}
            for t, i in rows
        ]
        start = int(body.get("NextToken") or 0)
        size = int(body.get("MaxResults") or 10)
        page: dict[str, Any] = {"ApplicationAssignments": items[start : start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    def _op_DescribeUser(self, body: dict) -> dict:
        self._store(body)
        name = self.users.get(body["UserId"])
        if name is None:
            raise ApiError("ResourceNotFoundException", "USER not found.")
        return {"IdentityStoreId": self.store, "UserId": body["UserId"], "UserName": name}

    def _op_DescribeGroup(self, body: dict) -> dict:
        self._store(body)
        name = self.groups.get(body["GroupId"])
        if name is None:
            raise ApiError("ResourceNotFoundException", "GROUP not found.")
        return {"IdentityStoreId": self.store, "GroupId": body["GroupId"], "DisplayName": name}

    def _op_GetUserId(self, body: dict) -> dict:
        self._store(body)
        unique = body["AlternateIdentifier"]["UniqueAttribute"]
        if unique["AttributePath"].lower() != "username":
            raise ApiError("ValidationException", f"{unique['AttributePath']} is not unique")
        user = self.user_id(unique["AttributeValue"])
        if user is None:
            raise ApiError("ResourceNotFoundException", "USER not found.")
        return {"IdentityStoreId": self.store, "UserId": user}


class _Handler(JsonHandler):
    fake: FakeIdentityCenter

    def answer(self, target: str, body: dict[str, Any]) -> dict[str, Any]:
        prefix = next((p for p in PREFIXES if target.startswith(p)), "")
        if not prefix:
            raise ApiError("UnknownOperationException", f"{target} is not faked")
        return self.fake.handle(PREFIXES[prefix], target.removeprefix(prefix), body)


class FakeIdentityCenterServer(LocalServer):
    """``FakeIdentityCenter`` served on a free localhost port, in a thread."""

    def __init__(self, fake: FakeIdentityCenter):
        super().__init__(_Handler, fake)
