"""Every operator role as the bootstrap program creates it: name, trust and managed policies.

The texts are those ``ci-policy --role R [--trust]`` prints, from the same functions, so the
roles deployed are the roles ``check`` proves. A role's name and path come from the ARN the stack
gives it (``previewRoleArn``, …), so that what is created is what the stack names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from components.core.settings.stack import Settings
from components.policies.ci import roles as ci
from components.policies.ci.roles import CommandReads
from components.policies.ci.trust import GITHUB_SUBJECTS, required_role_arn, trust_policy_text


@dataclass(frozen=True)
class OperatorRoleSpec:
    """One operator role to create.

    Attributes:
        role: ``preview``, ``deploy``, ``audit``, ``org-read``, ``org``, ``identity-center-read``
            or ``identity-center``.
        name, path: the IAM role's name and path, from its ARN in the stack.
        trust: its trust policy text (``ci-policy --role R --trust``).
        policies: its managed policies' texts (``ci-policy --role R``, each part of a split).
        management: whether it lives in the management (or delegated) account.
    """

    role: str
    name: str
    path: str
    trust: str
    policies: tuple[str, ...]
    management: bool

    @property
    def github(self) -> bool:
        """Whether GitHub's OIDC provider must exist for it (the CI roles)."""
        return self.role in GITHUB_SUBJECTS


def operator_role_specs(settings: Settings, reads: CommandReads) -> tuple[OperatorRoleSpec, ...]:
    """Every role the stack has (``ci.applicable_roles``), in ``ci-policy --help``'s order.

    Raises:
        ValueError: a key the roles need (``githubRepository``, a role's ARN), or a document no
            role can hold.
    """
    specs = []
    for role in ci.applicable_roles(settings):
        arn = required_role_arn(role, settings)
        resource = arn.split(":", 5)[5]  # role/<path><name>
        path, _, name = resource[len("role") :].rpartition("/")
        parts = ci.ci_documents(
            role,
            settings,
            reads.audit,
            org_reads=reads.org,
            identity_center_reads=reads.identity_center,
        )
        specs.append(
            OperatorRoleSpec(
                role=role,
                name=name,
                path=f"{path}/",
                trust=trust_policy_text(role, settings),
                policies=tuple(json.dumps(part, indent=2) for part in parts),
                management=role not in GITHUB_SUBJECTS,
            )
        )
    return tuple(specs)
