"""What ``verify`` reports: one finding per way the account differs from what ``check`` proved.

The same shape as ``audit``'s findings (kind, severity, resource, what is wrong, what to do), with
kinds of its own. ``error`` fails the run (exit 1): the account does not hold the proven
documents, or AWS's evaluator decides otherwise than the product's. ``warning`` does not: a text
IAM Access Analyzer finds equivalent to the proven one.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.aws.audit.findings import ERROR, WARNING, Finding

#: Every kind ``verify`` reports, its severity and what it means (the docs' table is this).
FINDING_TYPES: dict[str, tuple[str, str]] = {
    "guard-missing": (ERROR, "the member policy or the execution-role guard does not exist"),
    "guard-text-differs": (
        ERROR,
        "a guard's default version differs from the text the commit builds, after key order, "
        "whitespace and one-element lists are set aside; Access Analyzer says whether it is "
        "less or more restrictive (a warning when equivalent)",
    ),
    "guard-detached": (
        ERROR,
        "a guard is not attached where the proof assumes it: the group, a member role, the "
        "federated role, an execution role",
    ),
    "group-membership-missing": (ERROR, "a member IAM user is not in the group"),
    "principal-missing": (ERROR, "a principal the stack manages does not exist"),
    "trust-differs": (ERROR, "a managed role's trust policy differs from the one built"),
    "access-tag-differs": (
        ERROR,
        "a managed principal's or profile's access tag differs from users/ (or an offboarded "
        "profile still carries one)",
    ),
    "profile-missing": (ERROR, "a profile users/ names does not exist"),
    "auth-mode-differs": (ERROR, "the domain's AuthMode is not the stack's authMode (as audit)"),
    "sso-application-differs": (
        ERROR,
        "the domain's Identity Center application is not ssoApplicationArn (as audit)",
    ),
    "scp-missing": (ERROR, "orgGuard is on but an SCP of the guard does not exist"),
    "scp-text-differs": (
        ERROR,
        "an SCP's content differs from the text the commit builds; Access Analyzer says how "
        "(a warning when equivalent)",
    ),
    "scp-detached": (ERROR, "an SCP of the guard is not attached to a target of orgGuardTargets"),
    "scp-extra-target": (WARNING, "an SCP of the guard is attached to a target not listed"),
    "simulator-disagrees": (
        ERROR,
        "IAM's policy simulator decides a request of the proof otherwise than the product's "
        "evaluator",
    ),
    "not-simulated": (
        WARNING,
        "a class of principal could not be simulated: no sample principal exists, or the call "
        "budget ran out",
    ),
}


@dataclass(frozen=True, order=True)
class VerifyFinding(Finding):
    """A ``Finding`` of one of ``verify``'s kinds."""

    types = FINDING_TYPES


#: ``verify``'s findings.
finding = VerifyFinding.of
