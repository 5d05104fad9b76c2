"""Trust policies: who may assume a role principal (``principal.trusted``), and an execution role.

Kept apart from the components so they can be tested without Pulumi. A member role's trust policy
never allows ``sts:TagSession``: a session tag would replace the role's access tag for that
session, so a trusted caller must not be able to bring one (the guards also deny it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..roster.limits import SAML_PROVIDER_RE

#: The audience of AWS console sign-in through SAML, per partition.
SAML_AUDIENCES = {
    "aws": "https://signin.aws.amazon.com/saml",
    "aws-cn": "https://signin.amazonaws.cn/saml",
    "aws-us-gov": "https://signin.amazonaws-us-gov.com/saml",
}
SAML_AUDIENCE = SAML_AUDIENCES["aws"]
#: The service that assumes an execution role on behalf of a Studio profile.
SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"


def trust_policy(trusted: Sequence[str], partition: str = "aws") -> dict[str, Any]:
    """Return the assume-role policy for ``trusted`` (account ids, role/user ARNs, SAML providers).

    Account and IAM principals get ``sts:AssumeRole``; SAML providers get
    ``sts:AssumeRoleWithSAML`` for console sign-in in ``partition``. Order follows the file, so
    the text is stable.

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
                "Condition": {"StringEquals": {"SAML:aud": SAML_AUDIENCES[partition]}},
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def trust_policy_text(trusted: Sequence[str], partition: str = "aws") -> str:
    """The trust policy as deterministic JSON text."""
    return json.dumps(trust_policy(trusted, partition), indent=2)


def execution_role_trust_text() -> str:
    """The trust policy of a per-user execution role: SageMaker, and nobody else, assumes it."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SageMakerRunsTheProfilesNotebooks",
                    "Effect": "Allow",
                    "Principal": {"Service": SAGEMAKER_SERVICE},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        indent=2,
    )
