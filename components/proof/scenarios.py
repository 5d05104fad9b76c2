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
    key = settings.tag_key
    me = {f"aws:PrincipalTag/{key}": "alice"}
    iam = f"arn:aws:iam::{ACCOUNT}"
    group = f"{iam}:group/{settings.group_name}"
    managed = f"{iam}:policy/{settings.policy_name}"
    bob_profile = profile_arn(settings, "bob")

    def tagging(action: str, resource: str, keys: list[str], **extra: str) -> Request:
        return Request(action, resource, {**me, "aws:TagKeys": keys, **extra})

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
        Scenario(
            "retags a colleague's profile with its own id (sagemaker:AddTags)",
            tagging("sagemaker:AddTags", bob_profile, [key], **{f"aws:RequestTag/{key}": "alice"}),
            False,
            policy.PROFILE_TAG_SID,
        ),
        Scenario(
            "strips the tag from a profile (sagemaker:DeleteTags)",
            tagging("sagemaker:DeleteTags", bob_profile, [key]),
            False,
            policy.PROFILE_TAG_SID,
        ),
        Scenario(
            "retags itself as a colleague (iam:TagUser)",
            tagging("iam:TagUser", f"{iam}:user/alice", [key], **{f"aws:RequestTag/{key}": "bob"}),
            False,
            policy.PRINCIPAL_TAG_SID,
        ),
        Scenario(
            "retags itself under a differently cased key (iam:TagUser)",
            tagging("iam:TagUser", f"{iam}:user/alice", [key.upper()]),
            False,
            policy.PRINCIPAL_TAG_SID,
        ),
        Scenario(
            "removes its own tag (iam:UntagUser)",
            tagging("iam:UntagUser", f"{iam}:user/alice", [key]),
            False,
            policy.PRINCIPAL_TAG_SID,
        ),
        Scenario(
            "retags its role as a colleague (iam:TagRole)",
            tagging("iam:TagRole", f"{iam}:role/alice", [key], **{f"aws:RequestTag/{key}": "bob"}),
            False,
            policy.PRINCIPAL_TAG_SID,
        ),
        Scenario(
            "removes its role's tag (iam:UntagRole)",
            tagging("iam:UntagRole", f"{iam}:role/alice", [key]),
            False,
            policy.PRINCIPAL_TAG_SID,
        ),
        Scenario(
            "passes a colleague's id as a session tag (sts:TagSession)",
            tagging(
                "sts:TagSession",
                f"{iam}:role/shared-analytics",
                [key],
                **{f"aws:RequestTag/{key}": "bob"},
            ),
            False,
            policy.PRINCIPAL_TAG_SID,
        ),
        Scenario(
            "removes itself from the group (iam:RemoveUserFromGroup)",
            Request("iam:RemoveUserFromGroup", group, me),
            False,
            policy.LEAVE_GROUP_SID,
        ),
        Scenario(
            "detaches the policy from the group (iam:DetachGroupPolicy)",
            Request("iam:DetachGroupPolicy", group, {**me, "iam:PolicyARN": managed}),
            False,
            policy.LEAVE_GROUP_SID,
        ),
        Scenario(
            "rewrites the policy (iam:CreatePolicyVersion)",
            Request("iam:CreatePolicyVersion", managed, me),
            False,
            policy.CHANGE_POLICY_SID,
        ),
        Scenario(
            "rolls the policy back to another version (iam:SetDefaultPolicyVersion)",
            Request("iam:SetDefaultPolicyVersion", managed, me),
            False,
            policy.CHANGE_POLICY_SID,
        ),
        Scenario(
            "deletes an older version of the policy (iam:DeletePolicyVersion)",
            Request("iam:DeletePolicyVersion", managed, me),
            False,
            policy.CHANGE_POLICY_SID,
        ),
        Scenario(
            "deletes the policy (iam:DeletePolicy)",
            Request("iam:DeletePolicy", managed, me),
            False,
            policy.CHANGE_POLICY_SID,
        ),
        *(
            Scenario(
                f"acts as a colleague: {what} ({action})",
                Request(action, resource, {**me, f"aws:ResourceTag/{key}": "bob"}),
                False,
                policy.IMPERSONATION_SID,
            )
            for what, action, resource in (
                ("assumes a colleague's role", "sts:AssumeRole", f"{iam}:role/bob"),
                (
                    "rewrites who may assume a colleague's role",
                    "iam:UpdateAssumeRolePolicy",
                    f"{iam}:role/bob",
                ),
                ("creates an access key for a colleague", "iam:CreateAccessKey", f"{iam}:user/bob"),
                (
                    "sets a colleague's console password",
                    "iam:CreateLoginProfile",
                    f"{iam}:user/bob",
                ),
                (
                    "changes a colleague's console password",
                    "iam:UpdateLoginProfile",
                    f"{iam}:user/bob",
                ),
                ("removes a colleague's MFA device", "iam:DeactivateMFADevice", f"{iam}:user/bob"),
                ("enrols its MFA device for a colleague", "iam:EnableMFADevice", f"{iam}:user/bob"),
            )
        ),
        Scenario(
            "detaches the policy from its role (iam:DetachRolePolicy)",
            Request("iam:DetachRolePolicy", f"{iam}:role/alice", {**me, "iam:PolicyARN": managed}),
            False,
            policy.DETACH_ROLE_POLICY_SID,
        ),
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
