"""The audit role's own statements: what ``audit`` and ``verify`` read that ``preview`` does not.

The nightly drift job runs ``pulumi preview --refresh`` and then ``audit`` with one role, the
audit role. ``audit`` reads the whole account (``iam:GetAccountAuthorizationDetails`` returns
every policy document) and the domain's list of profiles; those rights stay off the preview
role, whose credentials a pull request's own code holds while ``pulumi preview`` runs it.

The actions come from the caller: ``components.aws.permissions.AUDIT_ROLE_COMMANDS`` lists,
per command the nightly job runs, exactly what it calls, and this floor may not import
``aws``. Each action is scoped as tightly as IAM allows (``_SCOPES``: one line per action
that names a resource); an action this module does not know is granted on ``*`` (list and
account-wide reads, such as ``tag:GetResources``, accept nothing else), and only reads are
accepted at all: the audit role, like the preview role, must reach no write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from components.policies.statements import allow

#: The verbs of a read (``SimulatePrincipalPolicy``, ``CheckNoNewAccess``, ``LookupEvents`` and
#: ``dynamodb:Query`` decide or report, they change nothing); ``sts:AssumeRole`` of a read role is
#: granted apart. tests/activity/test_aws_activity.py holds every audit action to a read in IAM's own data.
READ_VERBS = (
    "Get",
    "List",
    "Describe",
    "Lookup",
    "Simulate",
    "Check",
    "Validate",
    "Search",
    "Query",
)
_ASSUME = "sts:AssumeRole"

#: Action -> (the resource patterns it is scoped to, by name in the ARN table, and its Sid).
_SCOPES: dict[str, tuple[str | tuple[str, ...], str]] = {
    "sagemaker:DescribeDomain": ("domain", "AuditStudioDomain"),
    "sagemaker:DescribeUserProfile": ("profiles", "AuditStudioProfiles"),
    "sagemaker:ListTags": ("profiles", "AuditStudioProfiles"),
    "organizations:DescribePolicy": ("org_policies", "AuditOrgGuard"),
    "organizations:ListTargetsForPolicy": ("org_policies", "AuditOrgGuard"),
    "iam:SimulatePrincipalPolicy": (("users", "roles"), "VerifySimulatesPrincipals"),
}
#: The Sid of the statement with every action that takes only ``*``.
_ACCOUNT_WIDE = "AuditAccountWideReads"


def audit_statements(
    actions: Iterable[str], arns: Mapping[str, str], granted: set[str]
) -> list[dict[str, object]]:
    """Allow every action of ``actions`` not already in ``granted``, each on its narrowest resource.

    Args:
        actions: what ``audit`` calls (``audit_actions``).
        arns: the ARN patterns of the stack's resources (``domain``, ``profiles``,
            ``org_policies``), in its partition.
        granted: actions the role's other statements already allow (``sts:AssumeRole`` of the
            read roles among them).

    Raises:
        ValueError: an action that is not a read (the audit role is read-only), or
            ``sts:AssumeRole`` when the stack names no read role to assume.
    """
    groups: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for action in sorted(set(actions) - granted):
        verb = action.partition(":")[2]
        if action == _ASSUME:
            raise ValueError(
                "audit assumes a role only with orgReadRoleArn or identityCenterReadRoleArn set"
            )
        if not verb.startswith(READ_VERBS):
            raise ValueError(f"{action} is not a read: the audit role is read-only")
        if action in _SCOPES:
            names, sid = _SCOPES[action]
            key = (sid, tuple(arns[n] for n in ((names,) if isinstance(names, str) else names)))
        else:
            key = (_ACCOUNT_WIDE, ("*",))
        groups.setdefault(key, set()).add(action)
    return [
        allow(sid, found, list(resources)) for (sid, resources), found in sorted(groups.items())
    ]
