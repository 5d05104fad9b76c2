"""``principal: {type: role, trusted: […]}``: an IAM role per person, for sign-in through SAML or
from another account, role or user.

The role is created under ``/studio-access/<profile name>/`` with the person's id as its name,
both access tags, the member policy attached (roles cannot join groups) and a trust policy that
lets exactly ``trusted`` assume it. The trust policy never allows ``sts:TagSession``: a session
tag would replace the role's own tags for that session. Even so, a tag counts only in the role's
own sessions (its ARN spells the tags), whatever a trust policy says.

Whoever may assume the role becomes the person: a trusted IAM role or user is as strong as its
own trust policy and credentials, and a whole account lets every principal of it that may call
``sts:AssumeRole`` in (``check`` says which entries these are).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from components.core import limits
from components.core import statement_ids as sid
from components.core.logical_names import user_child
from components.core.principal_paths import (
    MANAGED_PATH,
    TRUSTED_PATH,
    managed_path,
    spelled_by_tags,
)
from components.core.problems import UsageError
from components.core.registrations import STACK, Lookup, Ref, Registration
from components.core.requests import ALICE, Caller, Scenario
from components.kinds.base import Adopted, CliOption, Found, Kind, Person, Principal
from components.kinds.iam_user import _iam_only
from components.kinds.role_trust import adoptable_trust, trust_policy, trust_policy_text, trusted_of

if TYPE_CHECKING:
    import yaml

    from components.core.fields import FieldReader
    from components.core.settings.stack import Settings

ROLE = "aws:iam/role:Role"
ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"


@dataclass(frozen=True)
class IamRolePrincipal(Principal):
    """An IAM role and who may assume it.

    Attributes:
        trusted: account ids, ``root``/``role``/``user`` ARNs and SAML providers, as written.
    """

    kind: ClassVar[str] = "role"
    trusted: tuple[str, ...] = ()

    @property
    def trusted_iam(self) -> tuple[str, ...]:
        """The trusted IAM roles and users: each one's own trust is a way in."""
        return tuple(t for t in self.trusted if ":role/" in t or ":user/" in t)

    @property
    def trusted_accounts(self) -> tuple[str, ...]:
        """The trusted whole accounts (an id, or an ``…:root`` ARN)."""
        return tuple(
            t for t in self.trusted if limits.ACCOUNT_ID_RE.match(t) or t.endswith(":root")
        )


def role_principal(principal: Principal) -> IamRolePrincipal:
    """``principal`` as this kind read it: a person of another kind here is a caller's mistake."""
    if not isinstance(principal, IamRolePrincipal):
        raise TypeError(f"not an IAM role principal: {principal!r}")
    return principal


class IamRole(Kind):
    name = "role"
    word = "IAM role"
    signs_in_by = "IAM role"
    keys = ("trusted",)
    description = "an IAM role that gets the policy attached (IAM roles cannot join groups)"
    iam = True
    issue_form_label = "IAM role"
    iam_entity = "role"

    def unavailable(self, settings: Settings) -> str | None:
        if settings.auth_mode != "iam":
            return _iam_only(settings)
        return None

    def read(
        self,
        reader: FieldReader,
        node: yaml.Node,
        fields: Mapping[str, yaml.Node],
        settings: Settings,
    ) -> Principal | None:
        """``trusted``: at least one account, role, user or SAML provider, each once."""
        trusted_node = fields.get("trusted")
        if trusted_node is None:
            reader.report(
                node,
                "a role needs principal.trusted: the account, role or SAML provider ARNs that may "
                "assume it",
            )
            return None
        trusted: list[str] = []
        before = len(reader.problems)
        for item in reader.sequence(trusted_node, "principal.trusted"):
            value = reader.scalar_text(item, "each principal.trusted entry")
            if value is None:
                continue
            if message := reader.trusted_problem(value):
                reader.report(item, message)
            elif value in trusted:
                reader.report(item, f"{value!r} is listed twice in principal.trusted")
            else:
                trusted.append(value)
                if warning := trusted_warning(value, settings):
                    reader.warn(item, warning)
        if reader.errors_since(before):
            return None
        if not trusted:
            reader.report(trusted_node, "principal.trusted must list at least one principal")
            return None
        return IamRolePrincipal(tuple(trusted))

    def registrations(self, user: Person, settings: Settings) -> list[Registration | Lookup]:
        """The role (replaced in place when its path changes) and the member policy on it."""
        principal = user_child(user.id, "role")
        return [
            Registration(
                ROLE,
                principal,
                {
                    "name": user.id,
                    "path": managed_path(user.profile_name),
                    "assume_role_policy": trust_policy_text(
                        role_principal(user.principal).trusted, settings.partition
                    ),
                    "tags": user.principal_tags(settings.tag_key),
                    "force_detach_policies": True,
                },
                # A role's name is fixed and its path cannot change: the old one goes first.
                delete_before_replace=True,
            ),
            Registration(
                ROLE_ATTACHMENT,
                user_child(user.id, "policy"),
                {"role": Ref(principal, "name"), "policy_arn": Ref(STACK, "policy_arn")},
            ),
        ]

    def created_roles(self, user: Person) -> list[tuple[str, str]]:
        return [(user.id, f"the member role of {user.source}")]

    def principal_ref(self, user: Person) -> Ref:
        return Ref(user_child(user.id, "role"), "arn")

    def session_arn(self, user: Person, settings: Settings) -> str:
        return f"{{iam}}:role{managed_path(user.profile_name)}{user.id}"

    def bound_arns(self, settings: Settings) -> list[str]:
        return [spelled_by_tags(settings, "role")] if settings.auth_mode == "iam" else []

    def callers(self, settings: Settings) -> list[Caller]:
        """The member role, and whom such a role trusts: an IAM role, an IAM user, any principal
        of a trusted account (outsiders, who assume a member role by its trust policy)."""
        if settings.auth_mode != "iam":
            return []
        return [
            Caller("member-role", "member role", f"{{iam}}:role{MANAGED_PATH}alice/alice", ALICE),
            Caller(
                "trusted-role", "trusted IAM role", "{iam}:role/DataScienceAdmins", bound_by="none"
            ),
            Caller("trusted-user", "trusted IAM user", "{iam}:user/admin-carol", bound_by="none"),
            Caller(
                "trusted-account",
                "principal of a trusted account",
                "{iam}:role/AnyRoleOfTheAccount",
                bound_by="none",
            ),
        ]

    def scenarios(self) -> list[Scenario]:
        """A trusted principal assumes the member role that trusts it (only its trust decides);
        nobody takes a trusted principal over to become the member."""
        trusted = frozenset({"trusted-role", "trusted-user", "trusted-account"})
        takeovers = [
            Scenario(
                f"{what} ({action})",
                action,
                resource,
                closes=(sid.TRUSTED_PRINCIPALS,),
                kinds=frozenset({"member", "execution", "none"}),
            )
            for what, action, resource in (
                (
                    "rewrites the trust policy of an IAM role a member role trusts",
                    "iam:UpdateAssumeRolePolicy",
                    f"{{iam}}:role{TRUSTED_PATH}DataScienceAdmins",
                ),
                (
                    "creates an access key for an IAM user a member role trusts",
                    "iam:CreateAccessKey",
                    f"{{iam}}:user{TRUSTED_PATH}carol",
                ),
                (
                    "passes an IAM role a member role trusts to a service",
                    "iam:PassRole",
                    f"{{iam}}:role{TRUSTED_PATH}DataScienceAdmins",
                ),
            )
        ]
        return [
            *takeovers,
            Scenario(
                "assumes the member role that trusts it (sts:AssumeRole)",
                "sts:AssumeRole",
                "{iam}:role" + MANAGED_PATH + "carol/carol-ng",
                {"aws:ResourceTag/{key}": "carol-ng", "aws:ResourceTag/{profile_key}": "carol"},
                allowed=True,
                kinds=trusted,
            ),
        ]

    def cli_options(self) -> tuple[CliOption, ...]:
        return (
            CliOption("--role", "an IAM role instead of an IAM user"),
            CliOption(
                "--trusted",
                "with --role: who may assume it; repeat it for several (--trusted A --trusted B)",
                metavar="ARN",
                repeat=True,
            ),
        )

    def from_cli(self, values: Mapping[str, Any], settings: Settings) -> Principal:
        if not values.get("trusted"):
            raise UsageError(
                "--role needs --trusted: the account, role or SAML provider ARNs that may assume it"
            )
        return IamRolePrincipal(tuple(values["trusted"]))

    def principal_trust(self, user: Person, settings: Settings) -> dict[str, Any] | None:
        trusted = getattr(user.principal, "trusted", ())
        return trust_policy(trusted, settings.partition) if trusted else None

    def recognise(self, user_id: str, found: Found, settings: Settings) -> str | None:
        if found.kind != "role":
            return f"IAM {found.kind} {found.name} is not an IAM role"
        if not adoptable_trust(found.trust):
            return f"the trust policy of role {found.name} names no account, role, user or SAML provider"
        return None

    def adopt(
        self, user_id: str, profile_name: str, found: Found | None, settings: Settings
    ) -> Adopted | None:
        """The role named as the id, trusting the AWS principals and SAML providers its trust
        lets assume it, replaced under the binding's path; none is created from nothing."""
        if found is None:
            return None
        trusted, dropped, conditioned = trusted_of(found.trust)
        notes = []
        if conditioned:
            notes.append(f"role {found.name}: trust conditions are replaced by the project's own")
        if dropped:
            notes.append(
                f"role {found.name}: trust entries not kept (users/ cannot name them): "
                f"{', '.join(dropped)}"
            )
        path = managed_path(profile_name)
        if found.path != path:
            notes.append(
                f"IAM role {found.name}: pulumi up replaces it under the path {path} (a role's "
                "path is fixed): its trust policy is rewritten from the file, and policies "
                "attached to it outside this project must be attached again"
            )
        return Adopted(IamRolePrincipal(tuple(trusted)), tuple(notes))

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        if principal is None:
            account = f"arn:{partition}:iam::123456789012"
            return [
                "# principal:",
                "#   type: role",
                "#   trusted:",
                f"#     - {account}:saml-provider/Corp",
            ]
        lines = ["principal:", "  type: role", "  trusted:"]
        trusted = role_principal(principal).trusted
        return lines + [f"    - {json.dumps(arn)}" for arn in trusted]

    def schema(self) -> dict[str, Any]:
        return {
            "trusted": {
                "description": (
                    "Role only, required: who may assume it. At least one: a 12-digit account "
                    "id, an arn:aws:iam::…:root, role/… or user/… ARN, or a saml-provider/… ARN, "
                    "in the stack's partition (aws, aws-cn or aws-us-gov)."
                ),
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {
                    # An unquoted account id is read as written: its digits, leading zeros kept.
                    "anyOf": [
                        {
                            "type": "string",
                            "pattern": f"{limits.ACCOUNT_ID_PATTERN}|{limits.TRUSTED_ARN_PATTERN}",
                        },
                        {"type": "integer", "minimum": 0, "maximum": 999_999_999_999},
                    ],
                },
            }
        }


def trusted_warning(entry: str, settings: Settings) -> str | None:
    """What a trusted entry lets in beyond the person, in a reviewer's words, or ``None``.

    Whoever can become a trusted IAM role or user becomes the person: its own trust policy and
    credentials are as good as this role's. The guards protect those of IAM roles and users under
    ``/studio-access-trusted/`` (against members and notebooks; with the organization guard,
    against everyone but the exempt roles). A whole account trusts every principal of it.
    """
    where = entry.split(":", 5)[-1]
    if limits.ACCOUNT_ID_RE.match(entry) or where == "root":
        return (
            f"{entry!r} trusts every principal of the account that may call sts:AssumeRole, "
            "administrators outside the group included, and no guard can tell them apart: name "
            f"an IAM role under {TRUSTED_PATH}, or a SAML provider, instead"
        )
    if not where.startswith(("role/", "user/")):
        return None
    kind, _, name = where.partition("/")
    if not name.startswith(TRUSTED_PATH[1:]):
        return (
            f"nobody guards the trust policy and credentials of IAM {kind} {name}: whoever can "
            f"change them becomes this person; re-create it under {TRUSTED_PATH} (then the "
            "guards protect it) or trust a SAML provider"
        )
    if not settings.org_guard:
        return (
            f"IAM {kind} {name} is guarded against members and notebooks only: an administrator "
            "outside the group could change its trust policy or credentials; the organization "
            "guard (orgGuard) closes that"
        )
    return None


KIND = IamRole()
