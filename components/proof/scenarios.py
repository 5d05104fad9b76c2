"""What people try: the attacks the guards must stop and the requests they must leave alone.

docs/security.md lists each attack; they are written here once, as data, so the tests,
``check``'s proof and the PR report judge the same list. A scenario is one request by "alice"
(or by whoever the caller is: her notebook, an outsider) aimed at colleague "bob", with the
statement ids meant to stop it. Resource and context strings are templates filled per stack
(partition, domain, tag key) and per caller (``{self}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..policies.guards import PRESIGNED_URL_ACTION
from ..roster.settings import Settings
from .callers import ACCOUNT, EXAMPLE_DOMAIN, REGION, Caller, default_execution_role
from .evaluator import Request

MEMBERS = frozenset({"member-user", "member-role"})
EXECUTION_ROLES = frozenset({"execution-default", "execution-custom", "execution-per-user"})
#: Callers that have a Studio profile of their own (alice, or a notebook in alice's Studio).
WITH_PROFILE = MEMBERS | EXECUTION_ROLES
#: Everyone but the deploy role.
BOUND = WITH_PROFILE | {"outsider-admin", "outsider-new"}


@dataclass(frozen=True)
class Scenario:
    """One request and what must happen to it.

    Attributes:
        name: what the caller tries, in a reviewer's words.
        action: the IAM action.
        resource: the resource ARN (a template).
        context: extra request context (keys and values are templates).
        allowed: whether it must be allowed (benign) or denied (attack).
        closes: for attacks, the statement ids meant to stop it, in any of the documents.
        kinds: the caller kinds it is asked of.
        needs_guard: judged only when the organization guard is on.
        untagged: the caller's tags are left out of the request.
        unless_guard: for benign requests, expected to be denied once the guard is on.
    """

    name: str
    action: str
    resource: str
    context: Mapping[str, object] = field(default_factory=dict)
    allowed: bool = False
    closes: tuple[str, ...] = ()
    kinds: frozenset[str] = BOUND
    needs_guard: bool = False
    untagged: bool = False
    unless_guard: bool = False

    def request(self, settings: Settings, caller: Caller) -> Request:
        """The request ``caller`` makes, for this stack."""
        fill = _Template(settings, caller)
        context = caller.context(settings, untagged=self.untagged)
        context.update({fill(key): fill(value) for key, value in self.context.items()})
        return Request(self.action, fill(self.resource), context)

    def expected(self, guard_on: bool) -> bool:
        """Whether the request must be allowed, with or without the organization guard."""
        return self.allowed and not (guard_on and self.unless_guard)


class _Template:
    """Fills ``{sm}``, ``{iam}``, ``{domain}``, ``{key}``, ``{self}``… in scenario strings."""

    def __init__(self, settings: Settings, caller: Caller):
        partition = settings.partition
        self.values = {
            "sm": f"arn:{partition}:sagemaker:{REGION}:{ACCOUNT}",
            "iam": f"arn:{partition}:iam::{ACCOUNT}",
            "domain": settings.domain_id or EXAMPLE_DOMAIN,
            "key": settings.tag_key,
            "profile_key": settings.profile_tag_key,
            "group": settings.group_name,
            "policy": settings.policy_name,
            "guard_policy": settings.execution_role_policy_name,
            "self": caller.arn,
            "deploy": settings.deploy_role_arn or "",
            "default_role": default_execution_role(settings),
        }

    def __call__(self, value: object) -> object:
        if isinstance(value, str):
            return value.format(**self.values)
        if isinstance(value, list):
            return [self(item) for item in value]
        return value


def profile_arn(settings: Settings, profile_name: str) -> str:
    """The ARN of a user profile in the configured domain (an example domain offline)."""
    domain = settings.domain_id or EXAMPLE_DOMAIN
    return f"arn:{settings.partition}:sagemaker:{REGION}:{ACCOUNT}:user-profile/{domain}/{profile_name}"


def open_profile(
    settings: Settings,
    principal_tag: str | None,
    profile_tag: str | None,
    profile_name: str = "target",
) -> Request:
    """``CreatePresignedDomainUrl`` by a caller tagged ``principal_tag`` on a profile tagged ``profile_tag``.

    ``None`` leaves the tag out of the request context, as for an untagged principal or profile.
    """
    context: dict[str, str] = {}
    if principal_tag is not None:
        context[f"aws:PrincipalTag/{settings.tag_key}"] = principal_tag
    if profile_tag is not None:
        context[f"sagemaker:ResourceTag/{settings.tag_key}"] = profile_tag
    return Request(PRESIGNED_URL_ACTION, profile_arn(settings, profile_name), context)


def tagged(value: str) -> dict[str, str]:
    """The profile or space being acted on carries the access tag ``value``."""
    return {"sagemaker:ResourceTag/{key}": value}


def principal_of(value: str) -> dict[str, str]:
    """The user or role being acted on carries the access tag ``value``."""
    return {"aws:ResourceTag/{key}": value}


def tag_keys(*keys: str, value: str | None = None) -> dict[str, object]:
    context: dict[str, object] = {"aws:TagKeys": list(keys)}
    if value is not None:
        context[f"aws:RequestTag/{keys[0]}"] = value
    return context


def space(owner: str, sharing: str = "Private") -> dict[str, str]:
    return {
        "sagemaker:OwnerUserProfileArn": "{sm}:user-profile/{domain}/" + owner,
        "sagemaker:SpaceSharingType": sharing,
    }
