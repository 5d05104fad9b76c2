"""What ``audit`` reports: one finding per difference between the account and users/.

A finding names its kind (a stable id that scripts and the docs' table use), its severity, the
resource (an ARN where there is one), what is wrong and what to do. ``error`` is a hole in the
isolation or a guard that is not in place, and fails the audit; ``warning`` is something a
reviewer should know that does not let anyone into someone else's profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import ClassVar

ERROR = "error"
WARNING = "warning"

#: Every kind of finding, its severity and what it means: the docs' table is written from this.
FINDING_TYPES: dict[str, tuple[str, str]] = {
    "unmanaged-principal": (
        ERROR,
        "an IAM user or role carries the access tag (or the profile tag) but is not an active "
        "user's principal in users/: it impersonates that user, or is a leftover",
    ),
    "principal-tag-mismatch": (
        ERROR,
        "a managed principal's access tag differs from its file's id (or its profile tag from "
        "profile_name)",
    ),
    "principal-missing": (WARNING, "an active user's principal does not exist yet"),
    "unmanaged-profile": (
        ERROR,
        "a profile is not in users/: an error when it is tagged with an id a principal holds, "
        "a warning when untagged or when no principal holds its tag",
    ),
    "profile-tag-mismatch": (ERROR, "a managed profile's access tag is missing or wrong"),
    "offboarded-profile-tagged": (ERROR, "an offboarded user's profile carries the access tag"),
    "profile-missing": (WARNING, "a user's profile does not exist yet"),
    "policy-missing": (ERROR, "the member policy or the execution-role guard does not exist"),
    "policy-text-differs": (
        ERROR,
        "the default version of the member policy or of the guard differs from the text the "
        "project builds",
    ),
    "group-missing": (ERROR, "the IAM group does not exist"),
    "group-attachment-missing": (ERROR, "the member policy is not attached to the group"),
    "role-attachment-missing": (ERROR, "a role principal lacks the member policy"),
    "execution-role-missing": (ERROR, "an execution role a managed profile uses does not exist"),
    "execution-guard-missing": (ERROR, "an execution role lacks the execution-role guard"),
    "arn-case-differs": (
        ERROR,
        "a configured role or user ARN differs from the one IAM stores only in letter case: every "
        "guard written with it misses (the finding names the stored ARN)",
    ),
    "domain-default-role-differs": (
        ERROR,
        "the domain's default execution role is not defaultExecutionRoleArn",
    ),
    "domain-space-role-differs": (
        ERROR,
        "the domain's shared spaces (DefaultSpaceSettings) run as another role than "
        "defaultSpaceExecutionRoleArn (default: defaultExecutionRoleArn)",
    ),
    "unmanaged-group-member": (WARNING, "a member of the group is not in users/"),
    "scp-missing": (ERROR, "orgGuard is on but the SCP does not exist"),
    "scp-text-differs": (ERROR, "the SCP's content differs from the text the project builds"),
    "scp-targets-differ": (ERROR, "the SCP's attachments differ from orgGuardTargets"),
    "auth-mode-differs": (ERROR, "the domain's AuthMode is not the stack's authMode"),
    "sso-application-differs": (
        ERROR,
        "the domain's Identity Center application is not ssoApplicationArn",
    ),
    "group-assignment": (
        ERROR,
        "a group is assigned to the domain's application: its members sign in, and get a "
        "profile, without a file",
    ),
    "undeclared-assignment": (
        ERROR,
        "a user assigned to the domain's application is not an active Identity Center user of "
        "users/",
    ),
    "assignment-missing": (
        WARNING,
        "an active Identity Center user is not assigned to the domain's application yet",
    ),
    "undeclared-sso-profile": (
        ERROR,
        "a profile is bound to an Identity Center user no file names: an error when that user "
        "is assigned to the application, a warning otherwise",
    ),
    "sso-binding-differs": (
        ERROR,
        "a profile is bound to another Identity Center user than the file that names it, or a "
        "file's user is bound to another profile",
    ),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One difference between the live account and what users/ and the stack settings say.

    Attributes:
        severity: ``error`` or ``warning``.
        kind: one of ``FINDING_TYPES``.
        resource: what it concerns: an ARN, or ``profile <name>``.
        message: what is wrong.
        action: what to do about it.
    """

    #: The kinds a finding of this class may have (a command that reports its own kinds
    #: subclasses ``Finding`` with its table).
    types: ClassVar[Mapping[str, tuple[str, str]]] = FINDING_TYPES

    severity: str
    kind: str
    resource: str
    message: str
    action: str

    def __post_init__(self) -> None:
        if self.kind not in self.types or self.severity not in (ERROR, WARNING):
            raise ValueError(f"unknown finding {self.severity} {self.kind}")

    @classmethod
    def of(cls, kind: str, resource: str, message: str, action: str, severity: str = "") -> Finding:
        """A finding of ``kind``, with the kind's severity unless another is given."""
        return cls(severity or cls.types[kind][0], kind, resource, message, action)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


#: ``audit``'s findings.
finding = Finding.of
