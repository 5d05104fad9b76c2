"""``principal: {type: federated}``: a session of the stack's one shared sign-in.

IAM allows 5,000 users per account and 1,000 roles by default; a federated stack needs neither
per person. The identity provider signs everyone in to one place and sends the person's id as
session tags, and the only per-person resource is the profile. How they sign in is the stack's
``federation``, one object per variant (``VARIANTS``: ``saml``, ``identity_center``), which this
kind asks and never names.

The identity provider sends the id as both tags (``<tagKey>`` and ``<tagKey>-profile``), so a
federated person's profile is named as the id. The binding honours a tag on these sessions only:
the shared role's ARN, or an Identity Center permission-set role's, which only Identity Center
can assume. Offboarding untags the profile: a re-used id never opens the old profile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from components.core import statement_ids as sid
from components.core.grants import Grant
from components.core.registrations import Lookup, Registration
from components.core.requests import ALICE, Caller, Scenario
from components.kinds.base import (
    Adopted,
    CliOption,
    Found,
    Kind,
    Person,
    Principal,
    RosterProblem,
)
from components.kinds.federated import identity_center, saml
from components.kinds.federated.variant import Variant

if TYPE_CHECKING:
    import yaml

    from components.core.fields import FieldReader
    from components.core.settings.stack import Settings

#: Every variant of ``federation``, by its value.
VARIANTS: dict[str, Variant] = {v.name: v for v in (saml.VARIANT, identity_center.VARIANT)}
FEDERATIONS = tuple(VARIANTS)


def variant_of(settings: Settings) -> Variant | None:
    """The stack's variant; ``None`` without ``federation`` (or with a value no variant has)."""
    return VARIANTS.get(settings.federation) if settings.federation else None


@dataclass(frozen=True)
class FederatedPrincipal(Principal):
    """A person who signs in through the stack's federation: nothing but the id to configure."""

    kind: ClassVar[str] = "federated"


class Federated(Kind):
    name = "federated"
    word = "federated session"
    description = (
        "a session of the stack's shared sign-in (federation), tagged by the identity provider"
    )
    issue_form_label = "Federated sign-in"

    def unavailable(self, settings: Settings) -> str | None:
        if settings.federation is None:
            return (
                "federated principals sign in through the stack's federation, which is not set: "
                f"pulumi config set federation {' (or '.join(FEDERATIONS)})"
            )
        if settings.auth_mode != "iam":
            return "federation serves domains in IAM mode (authMode: iam)"
        return None

    def settings_problems(self, settings: Settings) -> list[tuple[str, str]]:
        """``federation`` and the keys of its variant: present, and as the AWS models allow; the
        keys of the other variant unset."""
        stray = _stray_keys(settings)
        if settings.federation is None or stray:
            return stray
        variant = variant_of(settings)
        if variant is None:
            return [
                (
                    "federation",
                    f"federation must be one of {', '.join(FEDERATIONS)}, got {settings.federation!r}",
                )
            ]
        if settings.auth_mode != "iam":
            return [("federation", "federation serves domains in IAM mode (authMode: iam)")]
        return variant.problems(settings)

    def read(
        self,
        reader: FieldReader,
        node: yaml.Node,
        fields: Mapping[str, yaml.Node],
        settings: Settings,
    ) -> Principal:
        return FederatedPrincipal()

    def roster_problems(self, users: Sequence[Person]) -> list[RosterProblem]:
        """The identity provider sends one value for both tags: the profile is named as the id."""
        return [
            RosterProblem(
                user,
                f"a federated session carries its id as both access tags, so its profile is named "
                f"as the id: remove profile_name {user.profile_name!r} (or set it to {user.id!r})",
                user.line_of("profile_name"),
            )
            for user in users
            if user.profile_name != user.id
        ]

    def session_arn(self, user: Person, settings: Settings) -> str | None:
        return _session_arn(settings)

    def stack_warnings(
        self, users: Sequence[Person], settings: Settings, everyone: Sequence[Person] = ()
    ) -> list[str]:
        """The identity provider may send any id: the ids of people who sign in otherwise too;
        and what the variant warns of (Identity Center administered in the workload account)."""
        variant = variant_of(settings)
        found = variant.stack_warnings(settings) if variant else []
        others = [u.id for u in everyone if u.active and u.principal.kind != self.name]
        if settings.federation is None or not others:
            return found
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        return [
            f"federation: a session of the shared sign-in opens the profile of whatever id the "
            f"identity provider sends, including the ids of those who sign in otherwise ({shown}): "
            "make sure it sends none of them (or make those people federated too)",
            *found,
        ]

    def stack_registrations(self, settings: Settings) -> list[Registration | Lookup]:
        """The shared role (SAML) or permission set (Identity Center), once per stack."""
        variant = variant_of(settings)
        return variant.registrations(settings) if variant else []

    def bound_arns(self, settings: Settings) -> list[str]:
        """Only the shared sign-in's sessions carry tags the identity provider sent."""
        return shared_sign_in_roles(settings)

    def in_use(self, settings: Settings) -> bool:
        return settings.federation is not None

    def sign_in_roles(self, settings: Settings, *, any_permission_set: bool = False) -> list[str]:
        return shared_sign_in_roles(settings, any_permission_set=any_permission_set)

    def ci_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        variant = variant_of(settings)
        return variant.ci_grants(settings, write=write) if variant else []

    def identity_center_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        variant = variant_of(settings)
        return variant.identity_center_grants(settings, write=write) if variant else []

    def callers(self, settings: Settings) -> list[Caller]:
        arn = _session_arn(settings)
        return [Caller("federated-session", "federated session", arn, ALICE)] if arn else []

    def scenarios(self) -> list[Scenario]:
        return [_IMPOSTOR, *(s for v in VARIANTS.values() for s in v.scenarios())]

    def recognise(self, user_id: str, found: Found, settings: Settings) -> str | None:
        return f"IAM {found.kind} {found.name} exists, but a federated session has no principal"

    def adopt(
        self, user_id: str, profile_name: str, found: Found | None, settings: Settings
    ) -> Adopted | None:
        """A profile named as its id, with no IAM principal, in a stack with a federation."""
        if found is not None or settings.federation is None:
            return None
        if profile_name != user_id:
            return Adopted(
                refusal=f"a federated session's profile is named as its id, not {profile_name!r}; "
                "adopt it by hand (or re-create it)"
            )
        note = (
            f"signs in through the stack's federation: the identity provider must send "
            f"{settings.tag_key}={user_id} (set status: offboarded first if the person has left)"
        )
        return Adopted(FederatedPrincipal(), (note,))

    def permission_set(self, settings: Settings) -> tuple[str, dict[str, str]] | None:
        variant = variant_of(settings)
        return variant.permission_set(settings) if variant else None

    def stack_roles(self, settings: Settings) -> list[tuple[str, str]]:
        """The shared role of the variant that creates one (``federation: saml``)."""
        variant = variant_of(settings)
        return variant.stack_roles(settings) if variant else []

    def cli_options(self) -> tuple[CliOption, ...]:
        return (
            CliOption(
                "--federated",
                "signs in through the stack's federation; the id is what the identity provider "
                "sends",
            ),
        )

    def from_cli(self, values: Mapping[str, Any], settings: Settings) -> Principal:
        return FederatedPrincipal()

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        if principal is None:
            return ["# principal:", "#   type: federated"]
        return ["principal:", "  type: federated"]


def shared_sign_in_roles(settings: Settings, *, any_permission_set: bool = False) -> list[str]:
    """The role (an ARN pattern) whose sessions carry the tags the identity provider sends: the
    shared SAML role, or every role Identity Center provisions for the permission set. Whoever
    could change its trust or policies could hand out any identity, so the guards keep it as they
    keep a member's role.

    Identity Center's attributes for access control are instance-wide: every permission set's
    sessions carry them, the administrators' too. ``any_permission_set`` gives the pattern of all
    of them, for the organization guard, which binds those sessions as well and must not lock
    them out; their tags, too, come from Identity Center alone.
    """
    variant = variant_of(settings)
    return variant.sign_in_roles(settings, any_permission_set=any_permission_set) if variant else []


def _session_arn(settings: Settings) -> str | None:
    """The ``aws:PrincipalArn`` of a federated session, as a template with ``{iam}``."""
    variant = variant_of(settings)
    return variant.session_arn(settings) if variant else None


def _stray_keys(settings: Settings) -> list[tuple[str, str]]:
    """Keys of a variant the stack does not use, set anyway: a mistake, never silently ignored."""
    from components.core.settings.stack import Settings as Defaults

    defaults = Defaults()
    problems = []
    for variant in VARIANTS.values():
        if variant.name == settings.federation:
            continue
        for key, attribute in variant.keys:
            if getattr(settings, attribute) != getattr(defaults, attribute):
                now = settings.federation or "unset"
                problems.append(
                    (key, f"{key} applies to federation: {variant.name} only (federation is {now})")
                )
    return problems


#: What any federated stack adds to the proof: a second role that trusts the identity provider.
_IMPOSTOR = Scenario(
    "signs in through a second role that trusts the identity provider, with a colleague's id",
    "sagemaker:CreatePresignedDomainUrl",
    "{sm}:user-profile/{domain}/bob",
    {"sagemaker:ResourceTag/{key}": "bob"},
    closes=(sid.ACCESS_TAG_BINDING, sid.PROFILE_TAG_BINDING),
    kinds=frozenset({"none"}),
    session_tags={"{key}": "bob", "{profile_key}": "bob"},
    requires="federation",
)

KIND = Federated()
