"""Requests that stand for what people do: open a profile, tamper with tags, leave the guard.

DESIGN.md names each attack the hardened policy must stop; they are written here once as
evaluator requests, so the tests, ``check``'s proof and the PR report all judge the same ones.
Alongside them are benign requests that must stay allowed, so that the guards are known not to
take more than they should.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policies import member as policy
from ..roster.settings import Settings
from .evaluator import Policy, Request

ACCOUNT = "123456789012"
REGION = "us-east-1"
EXAMPLE_DOMAIN = "d-example0000"

#: An identity policy that allows everything: the "admin rights elsewhere" of every attack.
ADMIN_POLICY = Policy(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AdministratorAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}
        ],
    },
    name="AdministratorAccess",
)


def profile_arn(settings: Settings, profile_name: str) -> str:
    """The ARN of a user profile in the configured domain (an example domain offline)."""
    domain = settings.domain_id or EXAMPLE_DOMAIN
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:user-profile/{domain}/{profile_name}"


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
    return Request(policy.PRESIGNED_URL_ACTION, profile_arn(settings, profile_name), context)


@dataclass(frozen=True)
class Scenario:
    """One request and what must happen to it.

    Attributes:
        name: what the caller tries, in a reviewer's words.
        request: the request, made by a group member tagged ``alice``.
        allowed: whether the hardened policy must allow it (with admin rights beside).
        closes: for attacks, the Sid of DESIGN.md's statement meant to stop it.
    """

    name: str
    request: Request
    allowed: bool
    closes: str | None = None


def attacks(settings: Settings) -> tuple[Scenario, ...]:
    """Every attack of DESIGN.md, made by member ``alice`` against colleague ``bob``."""
    caller = _Caller(settings)
    return (
        *_profile_access(settings),
        *_tag_tampering(caller),
        *_leaving_the_guard(caller),
        *_impersonation(caller),
        _detaching_from_roles(caller),
    )


@dataclass(frozen=True)
class _Caller:
    """Member ``alice`` as the attacks see her: her tag, and the ARNs she aims at."""

    settings: Settings

    @property
    def key(self) -> str:
        return self.settings.tag_key

    @property
    def context(self) -> dict[str, str]:
        return {f"aws:PrincipalTag/{self.key}": "alice"}

    def iam(self, resource: str) -> str:
        return f"arn:aws:iam::{ACCOUNT}:{resource}"

    def request(self, action: str, resource: str, **extra: object) -> Request:
        return Request(action, resource, {**self.context, **extra})


def _profile_access(settings: Settings) -> tuple[Scenario, ...]:
    """Opening a profile that is not one's own, tagged or not, with or without a tag."""
    return (
        Scenario(
            "opens a colleague's profile",
            open_profile(settings, "alice", "bob", "bob"),
            False,
            policy.SEED_DENY_SID,
        ),
        Scenario(
            "opens an untagged profile",
            open_profile(settings, "alice", None, "shared"),
            False,
            policy.SEED_DENY_SID,
        ),
        Scenario(
            "has no tag at all and opens a profile",
            open_profile(settings, None, "bob", "bob"),
            False,
            policy.UNTAGGED_PRINCIPAL_SID,
        ),
    )


#: (what, action, resource kind, request tag value or None, tag key spelling): tag tampering.
_TAG_CHANGES = (
    (
        "retags a colleague's profile with its own id (sagemaker:AddTags)",
        "sagemaker:AddTags",
        "profile",
        "alice",
        None,
    ),
    (
        "strips the tag from a profile (sagemaker:DeleteTags)",
        "sagemaker:DeleteTags",
        "profile",
        None,
        None,
    ),
    ("retags itself as a colleague (iam:TagUser)", "iam:TagUser", "user", "bob", None),
    (
        "retags itself under a differently cased key (iam:TagUser)",
        "iam:TagUser",
        "user",
        None,
        "upper",
    ),
    ("removes its own tag (iam:UntagUser)", "iam:UntagUser", "user", None, None),
    ("retags its role as a colleague (iam:TagRole)", "iam:TagRole", "role", "bob", None),
    ("removes its role's tag (iam:UntagRole)", "iam:UntagRole", "role", None, None),
    (
        "passes a colleague's id as a session tag (sts:TagSession)",
        "sts:TagSession",
        "session",
        "bob",
        None,
    ),
)


def _tag_tampering(caller: _Caller) -> tuple[Scenario, ...]:
    """Changing the access tag on a profile, on oneself, or on a session."""
    key = caller.key
    targets = {
        "profile": profile_arn(caller.settings, "bob"),
        "user": caller.iam("user/alice"),
        "role": caller.iam("role/alice"),
        "session": caller.iam("role/shared-analytics"),
    }
    scenarios = []
    for what, action, target, value, spelling in _TAG_CHANGES:
        extra: dict[str, object] = {"aws:TagKeys": [key.upper() if spelling else key]}
        if value is not None:
            extra[f"aws:RequestTag/{key}"] = value
        closes = policy.PROFILE_TAG_SID if target == "profile" else policy.PRINCIPAL_TAG_SID
        scenarios.append(
            Scenario(what, caller.request(action, targets[target], **extra), False, closes)
        )
    return tuple(scenarios)


def _leaving_the_guard(caller: _Caller) -> tuple[Scenario, ...]:
    """Getting out from under the policy: leave the group, detach, rewrite or delete it."""
    group = caller.iam(f"group/{caller.settings.group_name}")
    managed = caller.iam(f"policy/{caller.settings.policy_name}")
    policy_changes = (
        ("rewrites the policy", "iam:CreatePolicyVersion"),
        ("rolls the policy back to another version", "iam:SetDefaultPolicyVersion"),
        ("deletes an older version of the policy", "iam:DeletePolicyVersion"),
        ("deletes the policy", "iam:DeletePolicy"),
    )
    return (
        Scenario(
            "removes itself from the group (iam:RemoveUserFromGroup)",
            caller.request("iam:RemoveUserFromGroup", group),
            False,
            policy.LEAVE_GROUP_SID,
        ),
        Scenario(
            "detaches the policy from the group (iam:DetachGroupPolicy)",
            caller.request("iam:DetachGroupPolicy", group, **{"iam:PolicyARN": managed}),
            False,
            policy.LEAVE_GROUP_SID,
        ),
        *(
            Scenario(
                f"{what} ({action})",
                caller.request(action, managed),
                False,
                policy.CHANGE_POLICY_SID,
            )
            for what, action in policy_changes
        ),
    )


def _detaching_from_roles(caller: _Caller) -> Scenario:
    """A role principal carries the policy itself (roles join no group): it must keep it."""
    managed = caller.iam(f"policy/{caller.settings.policy_name}")
    return Scenario(
        "detaches the policy from its role (iam:DetachRolePolicy)",
        caller.request(
            "iam:DetachRolePolicy", caller.iam("role/alice"), **{"iam:PolicyARN": managed}
        ),
        False,
        policy.DETACH_ROLE_POLICY_SID,
    )


#: (what, action, resource): becoming colleague ``bob``, whose principal carries his tag.
_IMPERSONATIONS = (
    ("assumes a colleague's role", "sts:AssumeRole", "role/bob"),
    ("rewrites who may assume a colleague's role", "iam:UpdateAssumeRolePolicy", "role/bob"),
    ("creates an access key for a colleague", "iam:CreateAccessKey", "user/bob"),
    ("sets a colleague's console password", "iam:CreateLoginProfile", "user/bob"),
    ("changes a colleague's console password", "iam:UpdateLoginProfile", "user/bob"),
    ("removes a colleague's MFA device", "iam:DeactivateMFADevice", "user/bob"),
    ("enrols its MFA device for a colleague", "iam:EnableMFADevice", "user/bob"),
)


def _impersonation(caller: _Caller) -> tuple[Scenario, ...]:
    """Acting as a colleague's principal instead of retagging anything."""
    bob = {f"aws:ResourceTag/{caller.key}": "bob"}
    return tuple(
        Scenario(
            f"acts as a colleague: {what} ({action})",
            caller.request(action, caller.iam(resource), **bob),
            False,
            policy.IMPERSONATION_SID,
        )
        for what, action, resource in _IMPERSONATIONS
    )


def benign(settings: Settings) -> tuple[Scenario, ...]:
    """Requests the guards must leave alone for a member who also holds admin rights."""
    key = settings.tag_key
    me = {f"aws:PrincipalTag/{key}": "alice"}
    iam = f"arn:aws:iam::{ACCOUNT}"
    other_policy = f"{iam}:policy/team-data-access"
    return (
        Scenario("opens its own profile", open_profile(settings, "alice", "alice", "alice"), True),
        Scenario("lists domains", Request("sagemaker:ListDomains", "*", me), True),
        Scenario(
            "describes a profile",
            Request("sagemaker:DescribeUserProfile", profile_arn(settings, "bob"), me),
            True,
        ),
        Scenario(
            "tags its profile with another key",
            Request(
                "sagemaker:AddTags",
                profile_arn(settings, "alice"),
                {**me, "aws:TagKeys": ["project"]},
            ),
            True,
        ),
        Scenario(
            "tags itself with another key",
            Request("iam:TagUser", f"{iam}:user/alice", {**me, "aws:TagKeys": ["team"]}),
            True,
        ),
        Scenario(
            "leaves another group",
            Request("iam:RemoveUserFromGroup", f"{iam}:group/analysts", me),
            True,
        ),
        Scenario(
            "detaches another policy from its role",
            Request(
                "iam:DetachRolePolicy", f"{iam}:role/alice", {**me, "iam:PolicyARN": other_policy}
            ),
            True,
        ),
        Scenario(
            "edits another policy", Request("iam:CreatePolicyVersion", other_policy, me), True
        ),
        Scenario("creates a training job", Request("sagemaker:CreateTrainingJob", "*", me), True),
    )
