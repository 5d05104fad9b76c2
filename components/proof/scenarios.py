"""Requests as the proof asks them: scenarios filled in for one stack and one caller.

A scenario (``core.requests.Scenario``) is one request by "alice" (or whoever the caller
is: her notebook, an outsider) aimed at colleague "bob", written once as data with templates;
the attacks and benign requests are listed in ``attacks``, ``benign`` and by each kind of
principal. Here they become evaluator requests: partition, domain, tag keys and the caller's own
ARN filled in, the caller's tags (or a forged session's) in the context.
"""

from __future__ import annotations

import re
from typing import overload

from components.core.principal_paths import MANAGED_PATH
from components.core.requests import Caller, ContextValue, Scenario
from components.core.settings.stack import Settings
from components.kinds import execution_callers
from components.policies.guards import PRESIGNED_URL_ACTION
from components.proof.callers import ACCOUNT, EXAMPLE_DOMAIN, REGION, default_execution_role
from components.proof.iam.evaluator import Request

__all__ = ["Scenario", "request"]

#: Every caller the member policy binds: member IAM users, member roles, federated sessions.
MEMBERS = frozenset({"member"})
#: Callers acting as an execution role in alice's Studio: a notebook, and those of the kinds
#: that have no other principal (an Identity Center user) acting through her profile's role.
EXECUTION_ROLES = (
    frozenset(
        {
            "execution-default",
            "execution-shared-space",
            "execution-custom",
            "execution-per-user",
        }
    )
    | execution_callers()
)
#: Callers that have a Studio profile of their own (alice, or a notebook in alice's Studio).
WITH_PROFILE = MEMBERS | EXECUTION_ROLES
#: Outsiders: bound only by the organization guard (administrators outside the group, new
#: principals, the roles and users member roles trust). Matched by how a caller is bound.
OUTSIDERS = frozenset({"none"})
#: Everyone the guards bind, but the deploy role (and the roles members trust, which only assume).
BOUND = WITH_PROFILE | OUTSIDERS
#: Callers whose tags are their principal's own, so that a session tag on them is forged (a
#: federated session's tags are the identity provider's by design: its trust decides who starts
#: one, and the guards keep that trust and the provider as they are).
OWN_TAGS = frozenset({"member-user", "member-role"}) | EXECUTION_ROLES | OUTSIDERS


def request(scenario: Scenario, settings: Settings, caller: Caller) -> Request:
    """The request ``caller`` makes for ``scenario``, in this stack."""
    fill = _template(settings, caller)
    context = caller_context(settings, caller, untagged=scenario.untagged)
    for key, value in scenario.session_tags.items():
        context[f"aws:PrincipalTag/{fill(key)}"] = fill(value)
    context.update({fill(key): fill(value) for key, value in scenario.context.items()})
    return Request(scenario.action, fill(scenario.resource), context)


def caller_context(
    settings: Settings, caller: Caller, untagged: bool = False
) -> dict[str, ContextValue]:
    """What every request of ``caller`` carries: its ARN, account, tags and Studio context."""
    fill = _template(settings, caller)
    context: dict[str, ContextValue] = {
        "aws:PrincipalArn": fill(caller.arn),
        "aws:PrincipalAccount": ACCOUNT,
    }
    if not untagged:
        for key, value in caller.tags.items():
            context[f"aws:PrincipalTag/{fill(key)}"] = fill(value)
    if caller.studio:
        context["sagemaker:DomainId"] = settings.domain_id or EXAMPLE_DOMAIN
        context["sagemaker:UserProfileName"] = "alice"
    return context


#: A placeholder, or a doubled brace that stands for one brace (``callers.literal``).
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")


class _Template:
    """Fills ``{sm}``, ``{iam}``, ``{domain}``, ``{key}``, ``{key_upper}``, ``{self}``… in scenario
    strings.

    Only those names are placeholders, and what fills them is never read again; a configured ARN
    that becomes a caller's own is made a template with ``callers.literal`` (braces doubled).
    So a brace in user data stays a brace instead of becoming a field that ``str.format`` would
    look up (a ``KeyError``) or fill.
    """

    def __init__(self, settings: Settings, caller: Caller | None = None):
        partition = settings.partition
        iam = f"arn:{partition}:iam::{ACCOUNT}"
        self.values = {
            "partition": partition,
            "sm": f"arn:{partition}:sagemaker:{REGION}:{ACCOUNT}",
            "iam": iam,
            "managed": f"{iam}:role{MANAGED_PATH}",
            "domain": settings.domain_id or EXAMPLE_DOMAIN,
            "key": settings.tag_key,
            "key_upper": settings.tag_key.upper(),
            "profile_key": settings.profile_tag_key,
            "group": settings.group_name,
            "policy": settings.policy_name,
            "guard_policy": settings.execution_role_policy_name,
            "deploy": settings.deploy_role_arn or "",
            "federated_role": settings.federated_role_name,
            "permission_set": settings.permission_set_name,
            "default_role": default_execution_role(settings),
            "space_role": settings.default_space_execution_role_arn or "",
            "identity_center_role": settings.identity_center_role_arn or "",
        }
        if caller is not None:
            self.values["self"] = self._fill(caller.arn)

    def _fill(self, text: str) -> str:
        return _PLACEHOLDER.sub(self._value, text)

    def _value(self, found: re.Match[str]) -> str:
        if found[1] is None:
            return found[0][0]  # "{{" is "{", "}}" is "}"
        return self.values.get(found[1], found[0])

    @overload
    def __call__(self, value: str) -> str: ...
    @overload
    def __call__(self, value: ContextValue) -> ContextValue: ...

    def __call__(self, value: ContextValue) -> ContextValue:
        if isinstance(value, str):
            return self._fill(value)
        if isinstance(value, list):
            return [self(item) for item in value]
        return value


#: The last template made: the proof asks every scenario of one caller in a row.
_last: tuple[Settings, Caller, _Template] | None = None


def _template(settings: Settings, caller: Caller) -> _Template:
    """``_Template(settings, caller)``, made once for the requests of one caller in a row."""
    global _last
    last = _last
    if last is not None and last[0] is settings and last[1] is caller:
        return last[2]
    template = _Template(settings, caller)
    _last = (settings, caller, template)
    return template


def member_arn(settings: Settings, user_id: str, profile_name: str) -> str:
    """The ARN of a member IAM user named ``user_id`` whose profile is ``profile_name``."""
    return f"arn:{settings.partition}:iam::{ACCOUNT}:user{MANAGED_PATH}{profile_name}/{user_id}"


def profile_arn(settings: Settings, profile_name: str) -> str:
    """The ARN of a user profile in the configured domain (an example domain offline)."""
    domain = settings.domain_id or EXAMPLE_DOMAIN
    return f"arn:{settings.partition}:sagemaker:{REGION}:{ACCOUNT}:user-profile/{domain}/{profile_name}"


def open_profile(
    settings: Settings,
    principal_tag: str | None,
    profile_tag: str | None,
    profile_name: str = "target",
    principal_profile: str | None = None,
    principal_arn: str | None = None,
) -> Request:
    """``CreatePresignedDomainUrl`` by a member tagged ``principal_tag`` on a profile tagged ``profile_tag``.

    The caller is ``principal_arn`` (a template with ``{iam}``), by default the member IAM user
    the program would create for that id (its ARN spells its tags); ``None`` leaves a tag out of
    the request context, as for an untagged principal or profile.
    """
    user_id = principal_tag or "untagged"
    own_profile = principal_profile or user_id
    arn = (
        _Template(settings)(principal_arn)
        if principal_arn
        else member_arn(settings, user_id, own_profile)
    )
    context: dict[str, str] = {"aws:PrincipalArn": arn}
    if principal_tag is not None:
        context[f"aws:PrincipalTag/{settings.tag_key}"] = principal_tag
        context[f"aws:PrincipalTag/{settings.profile_tag_key}"] = own_profile
    if profile_tag is not None:
        context[f"sagemaker:ResourceTag/{settings.tag_key}"] = profile_tag
    return Request(PRESIGNED_URL_ACTION, profile_arn(settings, profile_name), context)


def tagged(value: str) -> dict[str, str]:
    """The profile or space being acted on carries the access tag ``value``."""
    return {"sagemaker:ResourceTag/{key}": value}


def principal_of(value: str) -> dict[str, str]:
    """The user or role being acted on carries the access tag ``value``."""
    return {"aws:ResourceTag/{key}": value}


def tag_keys(*keys: str, value: str | None = None) -> dict[str, ContextValue]:
    context: dict[str, ContextValue] = {"aws:TagKeys": list(keys)}
    if value is not None:
        context[f"aws:RequestTag/{keys[0]}"] = value
    return context


def space(owner: str, sharing: str = "Private") -> dict[str, str]:
    return {
        "sagemaker:OwnerUserProfileArn": "{sm}:user-profile/{domain}/" + owner,
        "sagemaker:SpaceSharingType": sharing,
    }
