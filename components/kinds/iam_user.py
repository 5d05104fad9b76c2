"""``principal: {type: user}`` (the default): an IAM user per person, in the project's group.

The user is created under ``/studio-access/<profile name>/`` with the person's id as its name and
both access tags; it joins the group that carries the member policy. Its own tags count because
its ARN spells them (``Kind.bound_arns``), and only the deploy role may create users there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from components.core.logical_names import user_child
from components.core.principal_paths import MANAGED_PATH, managed_path, spelled_by_tags
from components.core.registrations import STACK, Lookup, Ref, Registration
from components.core.requests import ALICE, Caller
from components.kinds.base import Adopted, Found, Kind, Person, Principal

if TYPE_CHECKING:
    import yaml

    from components.core.fields import FieldReader
    from components.core.settings.stack import Settings

USER = "aws:iam/user:User"
MEMBERSHIP = "aws:iam/userGroupMembership:UserGroupMembership"


@dataclass(frozen=True)
class IamUserPrincipal(Principal):
    """An IAM user: nothing to configure beyond the id."""

    kind: ClassVar[str] = "user"


class IamUser(Kind):
    name = "user"
    word = "IAM user"
    signs_in_by = "IAM user"
    description = "an IAM user that joins the group (the default)"
    iam = True
    iam_users = 1
    issue_form_label = "IAM user"
    iam_entity = "user"
    joins_group = True

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
    ) -> Principal:
        return IamUserPrincipal()

    def registrations(self, user: Person, settings: Settings) -> list[Registration | Lookup]:
        """The user, tagged with both access tags, and its (non-exclusive) group membership."""
        principal = user_child(user.id, "user")
        return [
            Registration(
                USER,
                principal,
                {
                    "name": user.id,
                    "path": managed_path(user.profile_name),
                    "tags": user.principal_tags(settings.tag_key),
                    "force_destroy": True,
                },
            ),
            Registration(
                MEMBERSHIP,
                user_child(user.id, "membership"),
                {"user": Ref(principal, "name"), "groups": [Ref(STACK, "group_name")]},
            ),
        ]

    def principal_ref(self, user: Person) -> Ref:
        return Ref(user_child(user.id, "user"), "arn")

    def session_arn(self, user: Person, settings: Settings) -> str:
        return f"{{iam}}:user{managed_path(user.profile_name)}{user.id}"

    def bound_arns(self, settings: Settings) -> list[str]:
        return [spelled_by_tags(settings, "user")] if settings.auth_mode == "iam" else []

    def callers(self, settings: Settings) -> list[Caller]:
        if settings.auth_mode != "iam":
            return []
        arn = f"{{iam}}:user{MANAGED_PATH}alice/alice"
        return [Caller("member-user", "member IAM user", arn, ALICE)]

    def recognise(self, user_id: str, found: Found, settings: Settings) -> str | None:
        if found.kind != "user":
            return f"IAM {found.kind} {found.name} is not an IAM user"
        return None

    def adopt(
        self, user_id: str, profile_name: str, found: Found | None, settings: Settings
    ) -> Adopted:
        """The user named as the id, moved to the binding's path; without one, the user
        ``pulumi up`` creates (the stack's default kind)."""
        if found is None:
            return Adopted(
                IamUserPrincipal(),
                (
                    f"no IAM principal named {user_id} yet: pulumi up creates IAM user {user_id}, "
                    "which opens this profile (set status: offboarded first if the person has "
                    "left)",
                ),
            )
        path = managed_path(profile_name)
        if found.path == path:
            return Adopted(IamUserPrincipal())
        note = f"IAM user {found.name}: pulumi up moves it to the path {path} (in place)"
        return Adopted(IamUserPrincipal(), (note,))

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        return []

    def schema(self) -> dict[str, Any]:
        return {}


def _iam_only(settings: Settings) -> str:
    return (
        f"IAM principals sign in to domains in IAM mode only, and this stack's authMode is "
        f"{settings.auth_mode!r}: use principal: {{type: identity-center, user_name: …}}"
    )


KIND = IamUser()
