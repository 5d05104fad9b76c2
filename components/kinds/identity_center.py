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
from components.kinds import identity_center_stack
from components.kinds.base import CliOption, Found, Kind, Person, Principal, RosterProblem

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


@dataclass(frozen=True)
class IdentityCenterPrincipal(Principal):
    """A directory user of the stack's identity store.

    Attributes:
        user_name: their ``UserName``, as Identity Center spells it.
        line: where the file names it, for the preview's error when the directory lacks it and
            for the roster's when two files name one user.
        column: the column of the value on that line.
    """

    kind: ClassVar[str] = NAME
    user_name: str = ""
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


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
        mark = fields["user_name"].start_mark
        return IdentityCenterPrincipal(value, mark.line + 1, mark.column + 1)

    def roster_problems(self, users: Sequence[Person]) -> list[RosterProblem]:
        """One profile per directory user: a ``user_name`` in two files, also in another case,
        reported at the second file's ``user_name``, the value to change."""
        seen: dict[str, Person] = {}
        problems = []
        for user in users:
            principal = directory_user(user.principal)
            name = principal.user_name
            other = seen.setdefault(name.casefold(), user)
            if other is not user:
                same = (
                    "" if directory_user(other.principal).user_name == name else " (ignoring case)"
                )
                problems.append(
                    RosterProblem(
                        user,
                        f"principal.user_name {name!r} is also user {other.id}'s{same}, in "
                        f"{other.source}: SageMaker binds one profile to each Identity Center user",
                        principal.line,
                        principal.column or 1,
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
            identity_center_stack.shared_role_warning(role, ids, role == default)
            for role, ids in shared.items()
            if len(ids) > 1 or role == default
        ] + (
            identity_center_stack.administered_in_workload_account(settings)
            if settings.auth_mode == "sso"
            else []
        )

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
        return identity_center_stack.grants(settings, write=write) if self.in_use(settings) else []

    def identity_center_reads(self, command: str, settings: Settings) -> tuple[str, ...]:
        return identity_center_stack.COMMAND_READS.get(command, ()) if self.in_use(settings) else ()

    def binds_directory_users(self, settings: Settings) -> bool:
        return self.in_use(settings)

    def directory_user_name(self, principal: Principal) -> str | None:
        return principal.user_name if isinstance(principal, IdentityCenterPrincipal) else None

    def directory_principal(self, user_name: str) -> Principal:
        return IdentityCenterPrincipal(user_name)

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
        return identity_center_stack.settings_problems(settings)

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


def _user_name_problem(value: str) -> str | None:
    if limits.is_user_name(value):
        return None
    return (
        f"principal.user_name {value!r} is not an Identity Center UserName: 1-"
        f"{limits.USER_NAME_MAX} letters, digits, symbols and punctuation, without spaces"
    )


KIND = IdentityCenter()
