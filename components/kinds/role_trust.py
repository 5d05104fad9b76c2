"""A role principal's trust policy: written from a user file's ``trusted`` list, and read back
from an existing role's (``adopt``), by the IAM role kind (``iam_role``) and the SAML variant."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from components.core import limits

#: The audience of AWS console sign-in through SAML, per partition.
SAML_AUDIENCES = {
    "aws": "https://signin.aws.amazon.com/saml",
    "aws-cn": "https://signin.amazonaws.cn/saml",
    "aws-us-gov": "https://signin.amazonaws-us-gov.com/saml",
}
#: Assume-role actions whose Allow makes a trust statement's principals "trusted".
_ASSUME = {"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:*", "*"}


def trust_policy(trusted: Sequence[str], partition: str = "aws") -> dict[str, Any]:
    """The assume-role policy for ``trusted`` (account ids, role/user ARNs, SAML providers).

    Account and IAM principals get ``sts:AssumeRole``; SAML providers get
    ``sts:AssumeRoleWithSAML`` for console sign-in in ``partition``. Order follows the file, so
    the text is stable.

    Raises:
        ValueError: when ``trusted`` is empty (a role nobody can assume is a mistake).
    """
    if not trusted:
        raise ValueError("a role needs at least one trusted principal")
    aws = [t for t in trusted if not limits.SAML_PROVIDER_RE.match(t)]
    saml = [t for t in trusted if limits.SAML_PROVIDER_RE.match(t)]
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


def adoptable_trust(document: Mapping[str, Any] | None) -> bool:
    """Whether a role's trust policy lets any account, role, user or SAML provider assume it."""
    return bool(trusted_of(document)[0])


def trusted_of(document: Mapping[str, Any] | None) -> tuple[list[str], list[str], bool]:
    """``(trusted, dropped, conditioned)`` of a trust policy, as ``adopt`` writes ``trusted``.

    ``trusted`` are the entries a user file can name; ``dropped`` the others (services, web
    identities); ``conditioned`` whether any Allow statement had conditions (they are replaced by
    the project's own).
    """
    trusted: list[str] = []
    dropped: list[str] = []
    conditioned = False
    statements = (document or {}).get("Statement", [])
    for statement in [statements] if isinstance(statements, Mapping) else statements:
        actions = statement.get("Action", [])
        actions = {actions} if isinstance(actions, str) else set(actions)
        if statement.get("Effect") != "Allow" or not actions & _ASSUME:
            continue
        principal = statement.get("Principal", {})
        if not isinstance(principal, Mapping):
            dropped.append(str(principal))
            continue
        for key, values in principal.items():
            for value in [values] if isinstance(values, str) else values:
                fits = key == "AWS" or limits.SAML_PROVIDER_RE.match(value)
                target = trusted if fits and limits.TRUSTED_RE.match(value) else dropped
                if value not in target:
                    target.append(value)
        conditioned = conditioned or bool(statement.get("Condition"))
    return trusted, dropped, conditioned
