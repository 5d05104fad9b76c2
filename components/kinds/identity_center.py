"""``principal: {type: identity-center, user_name: …}``: a person who signs in through IAM
Identity Center, in a domain in Identity Center mode (``authMode: sso``).

Nobody opens such a domain's profiles with a presigned URL: SageMaker signs a directory user in
to the one profile bound to their ``UserName`` (``SingleSignOnUserValue``), once the user is
assigned to the domain's Identity Center application. So the program looks the user up in the
directory (a preview fails, naming the file, when there is no such user), assigns them to
``ssoApplicationArn``, and creates the profile bound to them, tagged as every profile is, after
the assignment (SageMaker refuses a profile for an unassigned user). There is no IAM principal:
sign-in is 1:1 by construction, and everything a person does in Studio runs as the profile's
execution role, whose guard keeps the notebook out of colleagues' profiles, spaces and apps.
Per-user execution roles are the default in these stacks; ``stack_warnings`` says what a shared
one shares. Offboarding deletes the assignment (sign-in ends) and keeps the profile, untagged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from components.core import limits
from components.core.grants import Grant
from components.core.logical_names import user_child
from components.core.principal_paths import MANAGED_PATH
from components.core.problems import Problem, UsageError
from components.core.registrations import IDENTITY_CENTER_PROVIDER, Lookup, Ref, Registration
from components.core.requests import Caller
from components.core.settings import regions
from components.kinds.base import CliOption, Found, Kind, Person, Principal

if TYPE_CHECKING:
    import yaml

    from components.core.fields import FieldReader
    from components.core.settings.stack import Settings

NAME = "identity-center"
#: The data source that finds a directory user by ``UserName``, and the assignment resource.
GET_USER = "aws:identitystore/getUser:getUser"
ASSIGNMENT = "aws:ssoadmin/applicationAssignment:ApplicationAssignment"
#: The provider that reaches Identity Center (its region and account), when it is not the stack's.
PROVIDER = IDENTITY_CENTER_PROVIDER
#: ``SingleSignOnUserIdentifier``: SageMaker binds profiles by user name, the one value it takes.
USER_IDENTIFIER = "UserName"
#: The caller the proof adds: a person in Studio, acting through the profile's execution role.
CALLER = "identity-center-user"
EXAMPLE_USER_NAME = "ana@example.com"
#: What ``pulumi preview --refresh`` reads: the user lookup and the assignment.
DIRECTORY_READS = ("identitystore:DescribeUser", "identitystore:GetUserId")
ASSIGNMENT_READS = ("sso:DescribeApplicationAssignment",)
#: What ``audit`` and ``adopt`` read besides: every assignment of the application, and the names
#: of the groups among them.
AUDIT_READS = ("identitystore:DescribeGroup", "sso:ListApplicationAssignments")
#: What ``pulumi up`` changes: a person's assignment to the application.
ASSIGNMENT_WRITES = ("sso:CreateApplicationAssignment", "sso:DeleteApplicationAssignment")


@dataclass(frozen=True)
class IdentityCenterPrincipal(Principal):
    """A directory user of the stack's identity store.

    Attributes:
        user_name: their ``UserName``, as Identity Center spells it.
        line: where the file names it, for the preview's error when the directory lacks it.
    """

    kind: ClassVar[str] = NAME
    user_name: str = ""
    line: int = field(default=0, compare=False)


def directory_user(principal: Principal) -> IdentityCenterPrincipal:
    """``principal`` as this kind read it: a person of another kind here is a caller's mistake."""
    if not isinstance(principal, IdentityCenterPrincipal):
        raise TypeError(f"not an Identity Center principal: {principal!r}")
    return principal


class IdentityCenter(Kind):
    name = NAME
    word = "Identity Center user"
    signs_in_by = "the application assignment of Identity Center user"
    keys = ("user_name",)
    description = (
        "an IAM Identity Center user, assigned to the domain's application and bound to the "
        "profile by user name (authMode: sso)"
    )
    iam = False
    each_user = (
        "signs in through IAM Identity Center to the one profile bound to them, and their "
        "notebooks reach no colleague's profile, space or app."
    )
    execution_callers = (CALLER,)

    def unavailable(self, settings: Settings) -> str | None:
        if settings.auth_mode != "sso":
            return (
                "Identity Center users sign in to domains in IAM Identity Center mode only, and "
                f"this stack's authMode is {settings.auth_mode!r}: set authMode: sso (with "
                "identityStoreId and ssoApplicationArn) for such a domain, or use an IAM "
                "principal (type user or role)"
            )
        return None

    def read(
        self,
        reader: FieldReader,
        node: yaml.Node,
        fields: Mapping[str, yaml.Node],
        settings: Settings,
    ) -> Principal | None:
        """``user_name``: required, an Identity Center ``UserName``; ``type`` said explicitly."""
        if "type" not in fields:
            reader.report(
                node,
                "everyone signs in through IAM Identity Center in this stack (authMode: sso): add "
                "principal: {type: identity-center, user_name: <their Identity Center UserName>}",
            )
            return None
        if "user_name" not in fields:
            reader.report(
                node,
                "an Identity Center principal needs principal.user_name: the user's UserName in "
                f"the identity store, e.g. user_name: {EXAMPLE_USER_NAME}",
            )
            return None
        value = reader.string(fields, "user_name", _user_name_problem)
        if value is None:
            return None
        return IdentityCenterPrincipal(value, fields["user_name"].start_mark.line + 1)

    def roster_problems(self, users: Sequence[Person]) -> list[tuple[Person, str]]:
        """One profile per directory user: a ``user_name`` in two files, also in another case."""
        seen: dict[str, Person] = {}
        problems = []
        for user in users:
            name = directory_user(user.principal).user_name
            other = seen.setdefault(name.casefold(), user)
            if other is not user:
                same = (
                    "" if directory_user(other.principal).user_name == name else " (ignoring case)"
                )
                problems.append(
                    (
                        user,
                        f"principal.user_name {name!r} is also {other.id!r}'s{same}, in "
                        f"{other.source}: SageMaker binds one profile to each Identity Center user",
                    )
                )
        return problems

    def registrations(self, user: Person, settings: Settings) -> list[Registration | Lookup]:
        """The directory user, found by name, and their assignment to the domain's application."""
        lookup = user_child(user.id, "directory-user")
        principal = directory_user(user.principal)
        failure = Problem(
            user.source,
            principal.line or user.source_line,
            0,
            f"Identity Center user {principal.user_name!r} is not in identity store "
            f"{settings.identity_store_id}: correct principal.user_name, or create the user in "
            "Identity Center first",
        )
        return [
            Lookup(
                GET_USER,
                lookup,
                {
                    "identity_store_id": settings.identity_store_id,
                    "alternate_identifier": {
                        "unique_attribute": {
                            "attribute_path": USER_IDENTIFIER,
                            "attribute_value": principal.user_name,
                        }
                    },
                },
                failure=str(failure),
                provider=PROVIDER,
            ),
            Registration(
                ASSIGNMENT,
                user_child(user.id, "assignment"),
                {
                    "application_arn": settings.sso_application_arn,
                    "principal_id": Ref(lookup, "user_id"),
                    "principal_type": "USER",
                },
                provider=PROVIDER,
            ),
        ]

    def profile_inputs(self, user: Person, settings: Settings) -> Mapping[str, Any]:
        """The binding, for good: SageMaker cannot change a profile's user after creating it."""
        return {
            "single_sign_on_user_identifier": USER_IDENTIFIER,
            "single_sign_on_user_value": directory_user(user.principal).user_name,
        }

    def profile_after(self, user: Person, settings: Settings) -> tuple[str, ...]:
        return (user_child(user.id, "assignment"),)

    def stack_warnings(
        self, users: Sequence[Person], settings: Settings, everyone: Sequence[Person] = ()
    ) -> list[str]:
        """Identity Center users whose notebooks run as a role they do not have to themselves:
        the domain's default (``perUserExecutionRoles: false``), or one ``execution_role_arn``
        that several files name."""
        default = settings.default_execution_role_arn or "the domain's default execution role"
        shared: dict[str, list[str]] = {}
        for user in users:
            if user.active and (user.execution_role_arn or not settings.per_user_execution_roles):
                shared.setdefault(user.execution_role_arn or default, []).append(user.id)
        return [
            _shared_role_warning(role, ids, role == default)
            for role, ids in shared.items()
            if len(ids) > 1 or role == default
        ] + (administered_in_workload_account(settings) if settings.auth_mode == "sso" else [])

    def callers(self, settings: Settings) -> list[Caller]:
        """alice in Studio: her notebook acts as her profile's execution role, with her Studio
        context; her own role when per-user roles are on, else the domain's default."""
        if settings.auth_mode != "sso":
            return []
        if not settings.per_user_execution_roles:
            return [
                Caller(
                    CALLER,
                    "Identity Center user in Studio",
                    "{default_role}",
                    studio=True,
                    bound_by="execution",
                )
            ]
        from components.kinds.execution_roles import execution_role_name

        arn = f"{{iam}}:role{MANAGED_PATH}alice/alice/{execution_role_name('alice')}"
        tags = {"{key}": "alice", "{profile_key}": "alice"}
        return [
            Caller(
                CALLER,
                "Identity Center user in Studio",
                arn,
                tags,
                studio=True,
                bound_by="execution",
            )
        ]

    def in_use(self, settings: Settings) -> bool:
        return settings.auth_mode == "sso"

    def identity_center_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """Find each person in the identity store (the provider's ``getUser`` calls
        ``GetUserId``, then ``DescribeUser``) and manage their assignment to the domain's
        application; ``audit`` and ``adopt`` list its assignments and name their groups. The
        directory is scoped by its id, the assignments by the application and its instance."""
        if not self.in_use(settings):
            return []
        application = tuple(application_resources(settings))
        grants = [
            Grant(
                "ReadIdentityCenterDirectory",
                DIRECTORY_READS + AUDIT_READS[:1],
                tuple(directory_resources(settings)),
            ),
            Grant(
                "ReadStudioApplicationAssignments", ASSIGNMENT_READS + AUDIT_READS[1:], application
            ),
        ]
        if write:
            # The domain's application only: never the instance, nor another application.
            grants.append(Grant("AssignPeopleToStudio", ASSIGNMENT_WRITES, application[:1]))
        return grants

    def recognise(self, user_id: str, found: Found, settings: Settings) -> str | None:
        return f"IAM {found.kind} {found.name}: an Identity Center user has no IAM principal"

    def change_problems(self, before: Person, after: Person) -> list[tuple[int, str]]:
        """A new ``user_name``: SageMaker binds a profile to its user (``SingleSignOnUserValue``)
        when it creates it, so the new profile under the same name is refused while the old one
        exists, and the deployment would stop half-way."""
        old, new = (
            directory_user(before.principal).user_name,
            directory_user(after.principal).user_name,
        )
        if old == new:
            return []
        return [
            (
                directory_user(after.principal).line,
                f"principal.user_name of {after.id!r} changes from {old!r} to {new!r}: "
                "SageMaker binds a profile to one Identity Center user for good, so this cannot "
                "be deployed. Offboard this file and add a new one, with another id and "
                "profile_name, for the other user",
            )
        ]

    def cli_options(self) -> tuple[CliOption, ...]:
        return (
            CliOption(
                "--identity-center",
                "an IAM Identity Center user, by their UserName (stacks with authMode: sso)",
                metavar="USER_NAME",
            ),
        )

    def from_cli(self, values: Mapping[str, Any], settings: Settings) -> Principal:
        """The user named by ``--identity-center``; the stack's default kind needs one."""
        if values.get("identity_center") is None:
            raise UsageError(
                "this stack signs people in through IAM Identity Center (authMode: sso): pass "
                "--identity-center USER_NAME, the person's UserName in the identity store"
            )
        return IdentityCenterPrincipal(values["identity_center"])

    def settings_problems(self, settings: Settings) -> list[tuple[str, str]]:
        return _settings_problems(settings)

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        if principal is None:
            return ["# principal:", f"#   type: {NAME}", f"#   user_name: {EXAMPLE_USER_NAME}"]
        name = directory_user(principal).user_name
        return ["principal:", f"  type: {NAME}", f"  user_name: {json.dumps(name)}"]

    def schema(self) -> dict[str, Any]:
        return {
            "user_name": {
                "description": (
                    "identity-center only, required: the user's UserName in the stack's identity "
                    f"store (identityStoreId); 1–{limits.USER_NAME_MAX} letters, digits, symbols "
                    "and punctuation, no spaces; unique across files, also ignoring case. The "
                    "profile is bound to it for good (SingleSignOnUserValue)."
                ),
                "type": "string",
                "minLength": 1,
                "maxLength": limits.USER_NAME_MAX,
                "pattern": limits.USER_NAME_PATTERN,
            }
        }


def _settings_problems(settings: Settings) -> list[tuple[str, str]]:
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


def _user_name_problem(value: str) -> str | None:
    if limits.is_user_name(value):
        return None
    return (
        f"principal.user_name {value!r} is not an Identity Center UserName: 1-"
        f"{limits.USER_NAME_MAX} letters, digits, symbols and punctuation, without spaces"
    )


def _shared_role_warning(role: str, ids: list[str], default: bool) -> str:
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


KIND = IdentityCenter()


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
