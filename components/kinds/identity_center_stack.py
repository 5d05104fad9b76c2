"""What a stack of an IAM Identity Center domain (``authMode: sso``) answers beside its people:
its settings' checks, the grants in Identity Center, the ARNs they name, what the AWS commands
read there, and the warnings about where Identity Center is administered. The Identity Center
kind (``identity_center``) asks it; so does ``federation: identity-center`` for the warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.core import limits
from components.core.grants import Grant
from components.core.settings import regions

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

#: What ``pulumi preview --refresh`` reads: the user lookup and the assignment.
DIRECTORY_READS = ("identitystore:DescribeUser", "identitystore:GetUserId")
ASSIGNMENT_READS = ("sso:DescribeApplicationAssignment",)
#: What ``audit`` and ``adopt`` read besides: every assignment of the application, and the names
#: of the groups among them.
AUDIT_READS = ("identitystore:DescribeGroup", "sso:ListApplicationAssignments")
#: What ``pulumi up`` changes: a person's assignment to the application.
ASSIGNMENT_WRITES = ("sso:CreateApplicationAssignment", "sso:DeleteApplicationAssignment")
#: What each AWS command reads in Identity Center (``Kind.identity_center_reads``): ``adopt`` and
#: ``audit`` the application's assignments and the names of their users and groups (``adopt`` a
#: user's id by name); ``activity`` a user's id by name, for events that name one by id alone.
COMMAND_READS: dict[str, tuple[str, ...]] = {
    "adopt": tuple(sorted(DIRECTORY_READS + AUDIT_READS)),
    "audit": tuple(sorted(DIRECTORY_READS + AUDIT_READS)),
    "activity": ("identitystore:GetUserId",),
}


def grants(settings: Settings, *, write: bool) -> list[Grant]:
    """Find each person in the identity store (the provider's ``getUser`` calls ``GetUserId``,
    then ``DescribeUser``) and manage their assignment to the domain's application; ``audit``
    and ``adopt`` list its assignments and name their groups. The directory is scoped by its id,
    the assignments by the application and its instance."""
    application = tuple(application_resources(settings))
    found = [
        Grant(
            "ReadIdentityCenterDirectory",
            DIRECTORY_READS + AUDIT_READS[:1],
            tuple(directory_resources(settings)),
        ),
        Grant("ReadStudioApplicationAssignments", ASSIGNMENT_READS + AUDIT_READS[1:], application),
    ]
    if write:
        # The domain's application only: never the instance, nor another application.
        found.append(Grant("AssignPeopleToStudio", ASSIGNMENT_WRITES, application[:1]))
    return found


def settings_problems(settings: Settings) -> list[tuple[str, str]]:
    """``sso`` needs the directory and the application, each of AWS's shape and partition,
    and a domain in IAM mode has neither; Identity Center's region (of the stack's partition)
    and role serve whatever the program does there, in either mode."""
    messages = []
    checks = (
        (
            "identityStoreId",
            settings.identity_store_id,
            limits.IDENTITY_STORE_ID_RE,
            limits.IDENTITY_STORE_ID_MAX,
            "d-1234567890",
        ),
        (
            "ssoApplicationArn",
            settings.sso_application_arn,
            limits.SSO_APPLICATION_ARN_RE,
            limits.SSO_APPLICATION_ARN_MAX,
            f"arn:{settings.partition}:sso::123456789012:application/ssoins-1234567890abcdef/"
            "apl-1234567890abcdef",
        ),
    )
    for key, value, pattern, longest, example in checks:
        if value is None:
            if settings.auth_mode == "sso":
                messages.append(
                    (
                        key,
                        f"{key} is required with authMode: sso: pulumi config set {key} {example}",
                    )
                )
        elif settings.auth_mode != "sso":
            messages.append(
                (key, f"{key} applies to authMode: sso only (authMode is {settings.auth_mode!r})")
            )
        elif len(value) > longest or not pattern.match(value):
            messages.append((key, f"{key}: {value!r} is not valid; for example {example}"))
        elif problem := limits.partition_problem(value, settings.partition):
            messages.append((key, f"{key}: {problem}"))
    region = settings.identity_center_region
    if region is not None and (why := regions.region_problem(region)):
        messages.append(("identityCenterRegion", f"identityCenterRegion: {why}"))
    elif region is not None and limits.partition_of(region) != settings.partition:
        messages.append(
            (
                "identityCenterRegion",
                f"identityCenterRegion {region!r} is in partition {limits.partition_of(region)!r}, "
                f"but the stack's region is in {settings.partition!r}: Identity Center must be in the "
                "domain's partition",
            )
        )
    return messages


def shared_role_warning(role: str, ids: list[str], default: bool) -> str:
    """What the notebooks of one execution role share, in a reviewer's words."""
    who = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    if len(ids) == 1:
        who = f"Identity Center user {who} runs"
    else:
        who = f"{len(ids)} Identity Center users ({who}) run"
    if default:
        whose = (
            f"{who} their notebooks as the domain's default execution role, {role}, which every "
            "profile Studio creates on first sign-in shares"
        )
        remedy = (
            "leave perUserExecutionRoles unset (true with authMode: sso), or give each an "
            "execution_role_arn of their own"
        )
    else:
        whose = f"{who} their notebooks as one execution role, {role}"
        remedy = "give each an execution_role_arn of their own, or none (a per-user role)"
    return (
        f"{whose}: each can read and change whatever that role reaches (S3 data, secrets, other "
        "services, each other's jobs), and outside Studio nothing tells their requests apart; "
        "the execution-role guard still keeps every notebook out of colleagues' profiles, spaces "
        f"and apps. To keep their data apart, {remedy}"
    )


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


def administered_in_workload_account(settings: Settings) -> list[str]:
    """A warning for each Identity Center ARN of the stack in the workload account (the
    account of the domain's execution role, or else of the deploy role): Identity Center is then
    administered where members and notebooks live, and whoever writes to it signs in as anyone.

    Empty when the workload account cannot be told offline (neither role is configured).
    """
    workload = _account(settings.default_execution_role_arn or settings.deploy_role_arn)
    if workload is None:
        return []
    found = []
    for key, arn in (
        ("ssoApplicationArn", settings.sso_application_arn),
        ("identityCenterRoleArn", settings.identity_center_role_arn),
    ):
        if arn and _account(arn) == workload:
            found.append(
                f"{key}: Identity Center is administered in account {workload}, the workload "
                "account where members and notebooks live, and whoever may write to it (rename "
                "or re-create a directory user, change a group, assign the application) signs in "
                "as anyone: there it is bound only by DenyChangingWhomIdentityCenterVouchesFor, "
                "in the member policy and the execution-role guard (members and notebooks) and, "
                "for every other principal, in the organization guard (orgGuard; the deploy and "
                "Identity Center roles exempt); without orgGuard an administrator of the account "
                "is not bound. Administer Identity Center from the management account or a "
                'delegated administrator account instead (docs/security.md, "Who is bound")'
            )
    return found


def _account(arn: str | None) -> str | None:
    """The account of an ARN (``arn:partition:service:region:account:…``), if it names one."""
    parts = (arn or "").split(":")
    return parts[4] if len(parts) > 5 and parts[4].isdigit() else None
