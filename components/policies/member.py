"""The isolation policy document: built once here, printed by the CLI, deployed by Pulumi.

The document starts from the two "seed" statements (Sids kept verbatim) and, for the default
``hardened`` variant, adds one Deny per attack that the seed leaves open (DESIGN.md, "What the seed
policy leaves open"). It names no account: guard statements use ``*`` for the account, so the text
``python -m components policy`` prints offline is byte for byte the text ``pulumi up`` deploys.
"""

from __future__ import annotations

import json
from typing import Any

from ..roster.settings import Settings

SEED_DENY_SID = "DenySageMakerProfileAccessUnlessTagsMatch"
SEED_ALLOW_SID = "AmazonSageMakerPresignedUrlPolicy"
UNTAGGED_PRINCIPAL_SID = "DenyPresignedUrlWithoutPrincipalTag"
PROFILE_TAG_SID = "DenyAccessTagChangesOnSageMakerResources"
PRINCIPAL_TAG_SID = "DenyAccessTagChangesOnPrincipals"
LEAVE_GROUP_SID = "DenyLeavingStudioGroup"
CHANGE_POLICY_SID = "DenyChangingStudioPolicy"
DETACH_ROLE_POLICY_SID = "DenyDetachingStudioPolicyFromRoles"
IMPERSONATION_SID = "DenyActingAsAnotherStudioPrincipal"

#: Ways to become another principal: assume its role, rewrite who may, or give oneself its keys,
#: console password or MFA.
IMPERSONATION_ACTIONS = (
    "sts:AssumeRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:DeactivateMFADevice",
    "iam:EnableMFADevice",
)

PRESIGNED_URL_ACTION = "sagemaker:CreatePresignedDomainUrl"
USER_PROFILE_ARNS = "arn:aws:sagemaker:*:*:user-profile/*"


def group_arn(settings: Settings) -> str:
    """The ARN pattern of this project's IAM group, in any account."""
    return f"arn:aws:iam::*:group/{settings.group_name}"


def policy_arn(settings: Settings) -> str:
    """The ARN pattern of this project's managed policy, in any account."""
    return f"arn:aws:iam::*:policy/{settings.policy_name}"


def build_policy(settings: Settings, variant: str | None = None) -> dict[str, Any]:
    """Return the policy document for ``variant`` (default: ``settings.policy``).

    Args:
        settings: supplies the access tag key and the group and policy names the guards protect.
        variant: ``hardened`` (the seed plus the guard statements) or ``seed`` (two statements).

    Raises:
        ValueError: for an unknown variant.
    """
    variant = variant or settings.policy
    if variant not in ("hardened", "seed"):
        raise ValueError(f"unknown policy variant {variant!r}: expected hardened or seed")
    key = settings.tag_key
    statements: list[dict[str, Any]] = [
        {
            "Sid": SEED_DENY_SID,
            "Effect": "Deny",
            "Action": PRESIGNED_URL_ACTION,
            "Resource": USER_PROFILE_ARNS,
            "Condition": {
                "StringNotEquals": {
                    f"sagemaker:ResourceTag/{key}": f"${{aws:PrincipalTag/{key}}}",
                },
            },
        },
        {
            "Sid": SEED_ALLOW_SID,
            "Effect": "Allow",
            "Action": ["sagemaker:List*", "sagemaker:Describe*", PRESIGNED_URL_ACTION],
            "Resource": "*",
        },
    ]
    if variant == "hardened":
        statements += _guard_statements(settings)
    return {"Version": "2012-10-17", "Statement": statements}


def _guard_statements(settings: Settings) -> list[dict[str, Any]]:
    """The Deny statements that close what the seed leaves open, one per attack."""
    key = settings.tag_key
    # Tag keys are compared ignoring case: IAM treats tag keys case-insensitively, so a
    # differently cased key must not slip past the guard.
    touches_access_tag = {"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": [key]}}
    return [
        {
            # Policy variables with no value: independent evaluators disagree on what the seed's
            # StringNotEquals does when the caller has no tag, so say it outright.
            "Sid": UNTAGGED_PRINCIPAL_SID,
            "Effect": "Deny",
            "Action": PRESIGNED_URL_ACTION,
            "Resource": "*",
            "Condition": {"Null": {f"aws:PrincipalTag/{key}": "true"}},
        },
        {
            # AddTags overwrites: without this a member could stamp its own id on a colleague's
            # profile, or strip the tag from one.
            "Sid": PROFILE_TAG_SID,
            "Effect": "Deny",
            "Action": ["sagemaker:AddTags", "sagemaker:DeleteTags"],
            "Resource": "*",
            "Condition": touches_access_tag,
        },
        {
            # A member must not change the tag it is judged by, on itself or on another principal,
            # nor carry a different one into a role session.
            "Sid": PRINCIPAL_TAG_SID,
            "Effect": "Deny",
            "Action": [
                "iam:TagUser",
                "iam:UntagUser",
                "iam:TagRole",
                "iam:UntagRole",
                "sts:TagSession",
            ],
            "Resource": "*",
            "Condition": touches_access_tag,
        },
        {
            "Sid": LEAVE_GROUP_SID,
            "Effect": "Deny",
            "Action": ["iam:RemoveUserFromGroup", "iam:DetachGroupPolicy"],
            "Resource": group_arn(settings),
        },
        {
            "Sid": CHANGE_POLICY_SID,
            "Effect": "Deny",
            "Action": [
                "iam:CreatePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:DeletePolicyVersion",
                "iam:DeletePolicy",
            ],
            "Resource": policy_arn(settings),
        },
        {
            # Roles cannot join groups, so each role carries the policy itself; it must not be able
            # to take it off.
            "Sid": DETACH_ROLE_POLICY_SID,
            "Effect": "Deny",
            "Action": "iam:DetachRolePolicy",
            "Resource": "*",
            "Condition": {"ArnLike": {"iam:PolicyARN": policy_arn(settings)}},
        },
        {
            # Opening a colleague's profile as the colleague: a member with admin rights could
            # otherwise assume a colleague's role (trusted by the account) or mint a colleague's
            # credentials. Principals without the access tag are not this policy's concern.
            "Sid": IMPERSONATION_SID,
            "Effect": "Deny",
            "Action": list(IMPERSONATION_ACTIONS),
            "Resource": ["arn:aws:iam::*:user/*", "arn:aws:iam::*:role/*"],
            "Condition": {
                "StringNotEquals": {f"aws:ResourceTag/{key}": f"${{aws:PrincipalTag/{key}}}"},
                "Null": {f"aws:ResourceTag/{key}": "false"},
            },
        },
    ]


def policy_text(settings: Settings, variant: str | None = None) -> str:
    """Return the document as the exact JSON text that is deployed and printed.

    Keys keep their construction order and the indentation is fixed, so the same settings always
    give the same bytes and a re-run of ``pulumi up`` shows no diff.
    """
    return json.dumps(build_policy(settings, variant), indent=2, ensure_ascii=True)
