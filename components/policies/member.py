"""The member policy: built once here, printed by the CLI, deployed on the group and on every role.

The document starts from the two "seed" statements (Sids kept verbatim) and, for the default
``hardened`` variant, adds the guards of ``guards`` (docs/security.md, "The documents"), with the caller's own profile named by its principal tags. It names no account, so the
text ``python -m components policy --stack S`` prints offline is byte for byte the text
``pulumi up`` deploys.
"""

from __future__ import annotations

import json
from typing import Any

from ..roster import statement_ids as sid
from ..roster.problems import InputError, Problem
from ..roster.settings import POLICY_VARIANTS, Settings
from . import arns, guards

SEED_DENY_SID = sid.SEED_DENY
SEED_ALLOW_SID = sid.SEED_ALLOW
PRESIGNED_URL_ACTION = guards.PRESIGNED_URL_ACTION

#: IAM's limit for a managed policy, which does not count white space.
MANAGED_POLICY_MAX = 6144


def seed_statements(settings: Settings) -> list[dict[str, Any]]:
    """The two statements the design starts from: Deny on a tag mismatch, Allow to list and open."""
    key = settings.tag_key
    return [
        {
            "Sid": SEED_DENY_SID,
            "Effect": "Deny",
            "Action": PRESIGNED_URL_ACTION,
            "Resource": arns.sagemaker(settings, "user-profile/*"),
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


def build_policy(settings: Settings, variant: str | None = None) -> dict[str, Any]:
    """Return the member policy for ``variant`` (default: ``settings.policy``).

    Args:
        settings: the tag key, names, domain and partition the statements are written for.
        variant: ``hardened`` (the seed plus every guard) or ``seed`` (two statements).

    Raises:
        ValueError: for an unknown variant.
    """
    variant = variant or settings.policy
    if variant not in POLICY_VARIANTS:
        raise ValueError(f"unknown policy variant {variant!r}: expected hardened or seed")
    statements = seed_statements(settings)
    if variant == "hardened":
        statements += [
            guards.untagged_caller(settings),
            *guards.common_guards(settings, guards.member_owner(settings)),
        ]
    return {"Version": "2012-10-17", "Statement": statements}


def policy_text(settings: Settings, variant: str | None = None) -> str:
    """Return the document as the exact JSON text that is deployed and printed.

    Keys keep their construction order and the indentation is fixed, so the same settings always
    give the same bytes and a re-run of ``pulumi up`` shows no diff.

    Raises:
        InputError: when IAM would refuse the document as too large (very long names).
    """
    text = json.dumps(build_policy(settings, variant), indent=2, ensure_ascii=True)
    return within_managed_policy_limit(text, "the member policy")


def counted_size(text: str) -> int:
    """The size IAM counts against ``MANAGED_POLICY_MAX``: every character but white space."""
    return len(json.dumps(json.loads(text), separators=(",", ":")))


def within_managed_policy_limit(text: str, what: str) -> str:
    """Return ``text``, or refuse it, saying by how much it exceeds IAM's managed-policy limit.

    The size does not depend on the number of users, only on the names in the settings.
    """
    size = counted_size(text)
    if size > MANAGED_POLICY_MAX:
        raise InputError(
            [
                Problem(
                    what,
                    0,
                    0,
                    f"{what} would be {size} characters, {size - MANAGED_POLICY_MAX} over IAM's "
                    f"limit of {MANAGED_POLICY_MAX}: use a shorter tagKey, groupName or policyName",
                )
            ]
        )
    return text
