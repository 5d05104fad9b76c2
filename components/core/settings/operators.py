"""The stack keys of the operator's own roles: the GitHub repository and the CI and read roles.

``Settings`` inherits these fields (a group of its own, so that the settings module stays one
table of the product's keys). The CI roles are ``preview`` (pull requests' code), ``audit`` (the
nightly job) and ``deploy`` (``deployRoleArn``); the management-account roles are split into read
roles (``orgReadRoleArn``, ``identityCenterReadRoleArn``), which preview and audit may assume, and
write roles (``orgGuardRoleArn``, ``identityCenterRoleArn``), which only the deploy role may.
Every key is optional: without them ``ci-policy`` and ``check`` still work, and ``--trust`` says
which one it needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from components.core import limits
from components.core.policy_safe import arn_problem

#: Configuration key and attribute, in the README's table order (after ``deployRoleArn``'s group).
OPERATOR_KEYS: tuple[tuple[str, str], ...] = (
    ("githubRepository", "github_repository"),
    ("previewRoleArn", "preview_role_arn"),
    ("auditRoleArn", "audit_role_arn"),
    ("orgReadRoleArn", "org_read_role_arn"),
    ("identityCenterReadRoleArn", "identity_center_read_role_arn"),
)
#: GitHub's ``owner/name``: an owner of letters, digits and inner hyphens, a name of ``[\w.-]``.
GITHUB_REPOSITORY_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
#: The word of the deploy role's name that the preview and audit roles' default names replace.
DEPLOY_WORD = "deploy"


def derived_role_arn(deploy_role_arn: str | None, word: str) -> str | None:
    """The deploy role's ARN with ``deploy`` in its name replaced by ``word``; ``None`` if it has none."""
    if not deploy_role_arn:
        return None
    head, _, name = deploy_role_arn.rpartition("/")
    if DEPLOY_WORD not in name:
        return None
    before, _, after = name.rpartition(DEPLOY_WORD)
    return f"{head}/{before}{word}{after}"


@dataclass(frozen=True)
class OperatorRoleSettings:
    """The operator's roles, as the stack names them.

    Attributes:
        github_repository: ``githubRepository``; ``owner/name`` of the repository whose workflows
            the CI roles trust (required by ``ci-policy --trust`` for the CI roles).
        preview_role_arn: ``previewRoleArn``; the role pull requests' ``pulumi preview`` runs as
            (default: ``deployRoleArn`` with ``deploy`` in its name replaced by ``preview``).
        audit_role_arn: ``auditRoleArn``; the nightly drift job's role (default: likewise ``audit``).
        org_read_role_arn: ``orgReadRoleArn``; the read role beside ``orgGuardRoleArn``, which the
            preview and audit roles assume to read the guard.
        identity_center_read_role_arn: ``identityCenterReadRoleArn``; the read role beside
            ``identityCenterRoleArn``, for Identity Center lookups.
    """

    github_repository: str | None = None
    preview_role_arn: str | None = None
    audit_role_arn: str | None = None
    org_read_role_arn: str | None = None
    identity_center_read_role_arn: str | None = None

    def __post_init__(self) -> None:
        deploy = getattr(self, "deploy_role_arn", None)
        for attribute, word in (("preview_role_arn", "preview"), ("audit_role_arn", "audit")):
            if getattr(self, attribute) is None:
                object.__setattr__(self, attribute, derived_role_arn(deploy, word))

    def _check_operator_roles(self) -> list[tuple[str, str]]:
        """``(key, message)`` for a malformed value, or a read role that is a write role."""
        messages = []
        if self.github_repository is not None and not GITHUB_REPOSITORY_RE.match(
            self.github_repository
        ):
            messages.append(
                (
                    "githubRepository",
                    f"githubRepository {self.github_repository!r} is not a GitHub repository "
                    "(owner/name, e.g. example-org/studio-access)",
                )
            )
        partition = limits.partition_of(getattr(self, "region", None))
        example = f"arn:{partition}:iam::123456789012:role/Name"
        deploy = getattr(self, "deploy_role_arn", None)
        derived = {derived_role_arn(deploy, word) for word in ("preview", "audit")} - {None}
        for key, attribute in OPERATOR_KEYS[1:]:
            arn = getattr(self, attribute)
            if arn in derived:
                continue  # taken from deployRoleArn, whose own line reports what is wrong with it
            if arn and (why := arn_problem(key, arn, limits.ROLE_ARN_RE, example, partition)):
                messages.append((key, why))
        return messages + self._check_separation()

    def _check_separation(self) -> list[tuple[str, str]]:
        """A role that reads must never be one that writes: pull requests' code holds it."""
        writers = {
            "deployRoleArn": getattr(self, "deploy_role_arn", None),
            "orgGuardRoleArn": getattr(self, "org_guard_role_arn", None),
            "identityCenterRoleArn": getattr(self, "identity_center_role_arn", None),
        }
        readers = {key: getattr(self, attribute) for key, attribute in OPERATOR_KEYS[1:]}
        messages = []
        for key, arn in readers.items():
            if arn is None:
                continue
            for writer, written in writers.items():
                if arn == written:
                    messages.append(
                        (
                            key,
                            f"{key} is {writer}: a read-only role must not be a role that "
                            "writes (pull requests' code or the nightly job would hold it)",
                        )
                    )
            for other, value in readers.items():
                if other < key and value == arn:
                    messages.append(
                        (key, f"{key} is {other}: each operator role must be a role of its own")
                    )
        return messages


#: The operator's roles in IAM Identity Center's account (``ci-policy --role``): the write role
#: (``identityCenterRoleArn``) and the read role (``identityCenterReadRoleArn``).
IDENTITY_CENTER_ROLE = "identity-center"
IDENTITY_CENTER_READ_ROLE = "identity-center-read"


def workload_account(settings: Any) -> str:
    """The account the stack deploys to, from the deploy role's ARN; ``*`` when none is set."""
    arn = settings.deploy_role_arn or settings.preview_role_arn
    return arn.split(":")[4] if arn else "*"


#: The tag the program sets at creation on what it manages in the management account (the guard's
#: SCPs, the permission set): the write roles may change only what carries it, with the value
#: ``owner_tag_value`` gives. Its key is the project's; its value names the one resource.
OWNER_TAG_KEY = "studio-access"


def owner_tag_value(domain_id: str | None, name: str) -> str:
    """``<domainId>/<name>``: the domain keeps two stacks apart that share an organization or an
    Identity Center instance and both keep the default names, so neither stack's write roles reach
    the other's SCPs or permission set. Without a domain (no stack chosen) the name alone."""
    return f"{domain_id}/{name}" if domain_id else name
