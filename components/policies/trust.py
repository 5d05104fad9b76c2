"""The trust policy of a role principal: who may assume it, built from ``principal.trusted``.

Kept apart from the component so it can be tested without Pulumi. The policy never allows
``sts:TagSession``: a session tag would replace the role's access tag for that session, so a
trusted caller must not be able to bring one (the isolation policy also denies it to members).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..roster.limits import SAML_PROVIDER_RE

#: The audience of AWS console sign-in through SAML.
SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"


def trust_policy(trusted: Sequence[str]) -> dict[str, Any]:
    """Return the assume-role policy for ``trusted`` (account ids, role/user ARNs, SAML providers).

    Account and IAM principals get ``sts:AssumeRole``; SAML providers get
    ``sts:AssumeRoleWithSAML`` for console sign-in. Order follows the file, so the text is stable.

    Raises:
        ValueError: when ``trusted`` is empty (a role nobody can assume is a mistake).
    """
    if not trusted:
        raise ValueError("a role needs at least one trusted principal")
    aws = [t for t in trusted if not SAML_PROVIDER_RE.match(t)]
    saml = [t for t in trusted if SAML_PROVIDER_RE.match(t)]
    statements: list[dict[str, Any]] = []
    if aws:
        statements.append(
            {
                "Sid": "AssumeFromTrustedPrincipals",
                "Effect": "Allow",
                "Principal": {"AWS": aws},
                "Action": "sts:AssumeRole",
            }
        )
    if saml:
        statements.append(
            {
                "Sid": "AssumeWithSaml",
                "Effect": "Allow",
                "Principal": {"Federated": saml},
                "Action": "sts:AssumeRoleWithSAML",
                "Condition": {"StringEquals": {"SAML:aud": SAML_AUDIENCE}},
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def trust_policy_text(trusted: Sequence[str]) -> str:
    """The trust policy as deterministic JSON text."""
    return json.dumps(trust_policy(trusted), indent=2)
