"""The account's IAM users, roles, groups and customer managed policies, read in a few pages.

``GetAccountAuthorizationDetails`` returns, per page of up to 1,000 entries, each principal with
its tags, its attached policies and (for users) its groups, each role with its trust policy, and
each customer managed policy with its versions' documents. One call per page replaces the four
or five calls per principal that ``GetUser``, ``ListUserTags``, ``ListGroupsForUser`` and
``ListAttachedRolePolicies`` would cost: 10 calls instead of about 40,000 for 10,000 principals.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from components.aws.client.errors import not_the_api
from components.aws.client.session import Aws

#: The call that reads every document.
_READ = "GetAccountAuthorizationDetails"

#: The largest page IAM returns (``MaxItems``).
PAGE_SIZE = 1000
#: What the inventory holds; AWS managed policies are left out (there are more than 1,000).
ENTITY_FILTER = ("User", "Role", "Group", "LocalManagedPolicy")


@dataclass(frozen=True)
class Principal:
    """An IAM user or role as the inventory sees it.

    Attributes:
        kind: ``user`` or ``role`` (the words of ``principal.type`` in users/).
        name: the user or role name.
        arn: its ARN.
        path: its path (``/`` unless created under one).
        tags: its tags, key to value.
        attached: the ARNs of the managed policies attached to it.
        groups: for users, the names of the groups it belongs to.
        trust: for roles, the trust policy document.
        inline: its inline policies, name -> document.
    """

    kind: str
    name: str
    arn: str
    path: str = "/"
    tags: Mapping[str, str] = field(default_factory=dict)
    attached: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    trust: Mapping[str, Any] | None = None
    inline: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """An IAM group: its name, ARN and attached managed policies."""

    name: str
    arn: str
    attached: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManagedPolicy:
    """A customer managed policy and the document of its default version."""

    name: str
    arn: str
    document: Mapping[str, Any] | None


@dataclass(frozen=True)
class IamInventory:
    """Every user, role, group and customer managed policy of the account."""

    users: tuple[Principal, ...] = ()
    roles: tuple[Principal, ...] = ()
    groups: tuple[Group, ...] = ()
    policies: tuple[ManagedPolicy, ...] = ()

    @property
    def principals(self) -> tuple[Principal, ...]:
        """Users, then roles."""
        return self.users + self.roles

    def principal(self, kind: str, name: str) -> Principal | None:
        """The user or role called ``name`` (IAM names ignore case), or ``None``."""
        return self._by_name.get((kind, name.lower()))

    def role_by_arn(self, arn: str) -> Principal | None:
        """The role with this ARN, or ``None``."""
        return self._roles_by_arn.get(arn)

    def group(self, name: str) -> Group | None:
        """The group called ``name`` (IAM names ignore case), or ``None``."""
        return next((g for g in self.groups if g.name.lower() == name.lower()), None)

    def policy(self, name: str) -> ManagedPolicy | None:
        """The customer managed policy called ``name`` (ignoring case, as IAM does), or ``None``."""
        return next((p for p in self.policies if p.name.lower() == name.lower()), None)

    @cached_property
    def _by_name(self) -> dict[tuple[str, str], Principal]:
        return {(p.kind, p.name.lower()): p for p in self.principals}

    @cached_property
    def _roles_by_arn(self) -> dict[str, Principal]:
        return {r.arn: r for r in self.roles}


def read_iam(aws: Aws, page_size: int = PAGE_SIZE) -> IamInventory:
    """Read the inventory with ``GetAccountAuthorizationDetails``, one call per page.

    Raises:
        AwsError: when a page cannot be read.
    """
    users, roles, groups, policies = [], [], [], []
    for page in aws.pages(
        "iam", "get_account_authorization_details", page_size, Filter=list(ENTITY_FILTER)
    ):
        users += [_user(entry) for entry in page.get("UserDetailList", [])]
        roles += [_role(entry) for entry in page.get("RoleDetailList", [])]
        groups += [_group(entry) for entry in page.get("GroupDetailList", [])]
        policies += [_policy(entry) for entry in page.get("Policies", [])]
    return IamInventory(tuple(users), tuple(roles), tuple(groups), tuple(policies))


def tags_of(entries: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    """AWS's ``[{"Key": k, "Value": v}]`` as ``{k: v}``."""
    return {entry["Key"]: entry.get("Value", "") for entry in entries or ()}


def _document(document: Any) -> Any:
    """A policy document as parsed JSON (botocore decodes IAM's; a raw one is URL-encoded).

    botocore hands on a document it cannot decode as the string it was; IAM only stores JSON
    objects, so anything else is an answer that is not IAM's.

    Raises:
        AwsError: the document is not a JSON object.
    """
    if isinstance(document, str):
        try:
            document = json.loads(urllib.parse.unquote(document))
        except ValueError:
            raise not_the_api(
                "iam", _READ, f"a policy document is not JSON: {document[:60]!r}"
            ) from None
    if document is not None and not isinstance(document, dict):
        raise not_the_api("iam", _READ, "a policy document is not a JSON object")
    return document


def _attached(entry: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(p["PolicyArn"] for p in entry.get("AttachedManagedPolicies", []))


def _user(entry: Mapping[str, Any]) -> Principal:
    return Principal(
        kind="user",
        name=entry["UserName"],
        arn=entry["Arn"],
        path=entry.get("Path", "/"),
        tags=tags_of(entry.get("Tags")),
        attached=_attached(entry),
        groups=tuple(entry.get("GroupList", [])),
    )


def _role(entry: Mapping[str, Any]) -> Principal:
    return Principal(
        kind="role",
        name=entry["RoleName"],
        arn=entry["Arn"],
        path=entry.get("Path", "/"),
        tags=tags_of(entry.get("Tags")),
        attached=_attached(entry),
        trust=_document(entry.get("AssumeRolePolicyDocument")),
        inline={
            p["PolicyName"]: _document(p.get("PolicyDocument"))
            for p in entry.get("RolePolicyList", [])
        },
    )


def _group(entry: Mapping[str, Any]) -> Group:
    return Group(name=entry["GroupName"], arn=entry["Arn"], attached=_attached(entry))


def _policy(entry: Mapping[str, Any]) -> ManagedPolicy:
    default = next(
        (v for v in entry.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None
    )
    document = _document(default.get("Document") if default else None)
    # The name is the ARN's last segment (a policy's path comes before it).
    name = entry.get("PolicyName") or entry["Arn"].rsplit("/", 1)[-1]
    return ManagedPolicy(name=name, arn=entry["Arn"], document=document)
