"""The member policy: built once here, printed by the CLI, deployed on the group and on every role.

The document starts from the two "seed" statements (Sids kept verbatim) and, for the default
``hardened`` variant, adds the guards of ``guards`` (docs/security.md, "The documents"), with
the caller's own profile named by its principal tags. It names no account, so the text
``python -m components policy --stack S`` prints offline is byte for byte the text ``pulumi up``
deploys. When the guards outgrow one managed policy (6,144 characters), the statements are
split in order into parts (``policyName``, ``policyName-2``…), attached together wherever the
policy goes; a permission set takes them as one inline policy.
"""

from __future__ import annotations

import json
from typing import Any

from components.core import statement_ids as sid
from components.core.problems import InputError, Problem
from components.core.settings.access import POLICY_VARIANTS
from components.core.settings.stack import Settings
from components.policies import arns, guards, identity_guards, studio_guards
from components.policies.packing import pack

SEED_DENY_SID = sid.SEED_DENY
SEED_ALLOW_SID = sid.SEED_ALLOW
PRESIGNED_URL_ACTION = guards.PRESIGNED_URL_ACTION

#: IAM's limit for a managed policy, which does not count white space.
MANAGED_POLICY_MAX = 6144
#: How many managed policies one document may take: a role carries ten by default, and an
#: execution role has policies of its own.
MAX_PARTS = 3


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
            *guards.common_guards(settings, studio_guards.member_owner(settings)),
            *identity_guards.federated_tags_guard(settings),
        ]
    return {"Version": "2012-10-17", "Statement": statements}


def policy_text(settings: Settings, variant: str | None = None) -> str:
    """Return the document as the exact JSON text that is deployed and printed.

    Keys keep their construction order and the indentation is fixed, so the same settings always
    give the same bytes and a re-run of ``pulumi up`` shows no diff. When the statements outgrow
    one managed policy the text is a JSON list of the parts (``policy_texts``), each deployed as
    a managed policy of its own.

    Raises:
        InputError: when IAM would refuse the document as too large (very long names).
    """
    return joined(policy_texts(settings, variant))


def policy_texts(settings: Settings, variant: str | None = None) -> list[str]:
    """The member policy as deployed: one managed policy, or several when one cannot hold it."""
    return part_texts(build_policy(settings, variant), "the member policy")


def combined_text(settings: Settings, variant: str | None = None) -> str:
    """Every statement of the member policy in one document: the permission set's inline
    policy, which IAM allows up to 10,240 characters."""
    return json.dumps(build_policy(settings, variant), indent=2, ensure_ascii=True)


def part_names(name: str, count: int) -> list[str]:
    """The managed policies' names: ``name``, then ``name-2``, ``name-3``… for the further parts."""
    return [name if index == 1 else f"{name}-{index}" for index in range(1, count + 1)]


def part_texts(document: dict[str, Any], what: str) -> list[str]:
    """``document`` split, in order, into as few managed policies as IAM's size limit allows.

    Raises:
        InputError: when one statement alone exceeds the limit, or the parts are more than
            ``MAX_PARTS``, saying what to shorten.
    """
    try:
        parts = pack(document["Statement"], counted_document_size, MANAGED_POLICY_MAX)
    except ValueError as error:
        raise _too_large(what, str(error)) from None
    if len(parts) > MAX_PARTS:
        raise _too_large(what, f"{what} needs {len(parts)} managed policies, more than {MAX_PARTS}")
    return [json.dumps(part, indent=2, ensure_ascii=True) for part in parts]


def joined(texts: list[str]) -> str:
    """One text, or a JSON list of the texts (several managed policies), as the CLI prints it."""
    return texts[0] if len(texts) == 1 else "[\n" + ",\n".join(texts) + "\n]"


def counted_size(text: str) -> int:
    """The size IAM counts against ``MANAGED_POLICY_MAX``: every character but white space."""
    return len(json.dumps(json.loads(text), separators=(",", ":")))


def counted_document_size(document: dict[str, Any]) -> int:
    """``counted_size`` of a document not yet written as text."""
    return len(json.dumps(document, separators=(",", ":"), ensure_ascii=True))


def merged(texts: list[str]) -> dict[str, Any]:
    """The parts' statements as one document: what a principal carrying every part is under."""
    statements = [statement for text in texts for statement in json.loads(text)["Statement"]]
    return {"Version": "2012-10-17", "Statement": statements}


def _too_large(what: str, message: str) -> InputError:
    return InputError(
        [Problem(what, 0, 0, f"{message}: use a shorter tagKey, groupName or policyName")]
    )
