"""What the CI roles (or the Identity Center role) need in IAM Identity Center.

With ``authMode: sso`` the program finds each person in the identity store (the provider's
``getUser`` calls ``GetUserId``, then ``DescribeUser``) and manages their assignment to the
domain's application (``Create``/``Describe``/``DeleteApplicationAssignment``); ``audit`` and
``adopt`` list the application's assignments and name their users and groups. Identity Center
lives in the organization's management account or a delegated administrator: with
``identityCenterRoleArn`` the CI roles only assume that role, which holds these permissions, and
those of ``federation: identity-center``'s permission set (``ci-policy --role identity-center``);
without it they hold them themselves. Reads and writes are apart: the deploy role alone assumes
that role; the preview and audit roles assume ``identityCenterReadRoleArn``
(``ci-policy --role identity-center-read``), which only reads.

Scoping: the directory by its id (users and groups are named by ids the policy cannot know), the
assignments by the application and its instance, both taken from the stack's settings.
"""

from __future__ import annotations

from components.core.settings.stack import Settings
from components.policies.ci.federation_access import permission_set_statements
from components.policies.statements import allow

#: What ``pulumi preview --refresh`` reads: the user lookup and the assignment.
DIRECTORY_READS = ("identitystore:DescribeUser", "identitystore:GetUserId")
ASSIGNMENT_READS = ("sso:DescribeApplicationAssignment",)
#: What ``audit`` and ``adopt`` read besides: every assignment of the application, and the names
#: of the groups among them.
AUDIT_READS = ("identitystore:DescribeGroup", "sso:ListApplicationAssignments")
#: What ``pulumi up`` changes: a person's assignment to the application.
ASSIGNMENT_WRITES = ("sso:CreateApplicationAssignment", "sso:DeleteApplicationAssignment")


def uses_identity_center(settings: Settings) -> bool:
    """Whether the program manages anything in Identity Center: the domain's assignments
    (``authMode: sso``) or the permission set (``federation: identity-center``)."""
    return settings.auth_mode == "sso" or settings.federation == "identity-center"


def ci_statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """A CI role's part in Identity Center: the deploy role (``write``) assumes the Identity
    Center role, preview and audit the read role; without that role, it reads (and assigns)
    itself. The federation's permission set goes through the same role (``federation_access``)."""
    if not uses_identity_center(settings):
        return []
    if write and settings.identity_center_role_arn:
        role = settings.identity_center_role_arn
        return [allow("AssumeIdentityCenterRole", ("sts:AssumeRole",), [role])]
    if not write and settings.identity_center_read_role_arn:
        role = settings.identity_center_read_role_arn
        return [allow("AssumeIdentityCenterReadRole", ("sts:AssumeRole",), [role])]
    return _statements(settings, write=write) if settings.auth_mode == "sso" else []


def identity_center_role_statements(settings: Settings) -> list[dict[str, object]]:
    """The Identity Center (write) role's policy: read the directory and manage the domain's
    assignments (``authMode: sso``), or the federation's permission set; only the deploy role
    may assume it."""
    if not (uses_identity_center(settings) and settings.identity_center_role_arn):
        raise ValueError(
            "ci-policy --role identity-center needs identityCenterRoleArn in a stack that uses "
            "Identity Center (authMode: sso, or federation: identity-center)"
        )
    domain = _statements(settings, write=True) if settings.auth_mode == "sso" else []
    return domain + permission_set_statements(settings, write=True)


def identity_center_read_role_statements(settings: Settings) -> list[dict[str, object]]:
    """The Identity Center read role's policy: the lookups preview and audit make, nothing more."""
    if not (uses_identity_center(settings) and settings.identity_center_read_role_arn):
        raise ValueError(
            "ci-policy --role identity-center-read needs identityCenterReadRoleArn in a stack "
            "that uses Identity Center (authMode: sso, or federation: identity-center)"
        )
    domain = _statements(settings, write=False) if settings.auth_mode == "sso" else []
    return domain + permission_set_statements(settings, write=False)


def _statements(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    application = application_resources(settings)
    statements = [
        allow(
            "ReadIdentityCenterDirectory",
            DIRECTORY_READS + AUDIT_READS[:1],
            directory_resources(settings),
        ),
        allow("ReadStudioApplicationAssignments", ASSIGNMENT_READS + AUDIT_READS[1:], application),
    ]
    if write:
        # The domain's application only: never the instance, nor another application.
        statements.append(allow("AssignPeopleToStudio", ASSIGNMENT_WRITES, application[:1]))
    return statements


def directory_resources(settings: Settings) -> list[str]:
    """The identity store, and its users and groups (``identitystore:::user/*``)."""
    partition = settings.partition
    store = (settings.identity_store_id or "*").rsplit("/", 1)[-1]
    return [
        f"arn:{partition}:identitystore::*:identitystore/{store}",
        f"arn:{partition}:identitystore:::user/*",
        f"arn:{partition}:identitystore:::group/*",
    ]


def application_resources(settings: Settings) -> list[str]:
    """The domain's application and the Identity Center instance it belongs to."""
    arn = settings.sso_application_arn or f"arn:{settings.partition}:sso::*:application/*/*"
    instance = arn.split(":application/", 1)[1].split("/", 1)[0]
    return [arn, f"arn:{settings.partition}:sso:::instance/{instance}"]
