"""The kinds of principal, one module each, registered in one table.

``KINDS`` is the only place that lists them: the roster reads ``principal.type`` through it, the
program registers what each kind declares, the documents bind the ARNs each kind names, the proof
adds each kind's callers and requests, and ``adopt`` and ``audit`` recognise principals by it.
Adding a kind means adding one module (a ``Kind`` subclass, see ``base``) and its line here.

The kinds floor imports only ``core``; the floors above read a kind only through this table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.kinds import federated, iam_role, iam_user, identity_center
from components.kinds.base import Adopted, Kind, Principal

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

__all__ = ["KINDS", "Adopted", "Kind", "Principal"]

#: Every kind, in the order docs/users.md and the schema list them.
KINDS: tuple[Kind, ...] = (iam_user.KIND, iam_role.KIND, identity_center.KIND, federated.KIND)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}


def kind_of(name: str) -> Kind:
    """The kind a user file names in ``principal.type``.

    Raises:
        KeyError: for a name no kind has (the roster reports it with the choices).
    """
    return BY_NAME[name]


def default_kind(settings: Settings) -> Kind:
    """The kind of a file without ``principal:``: an IAM user, or in a stack of an Identity
    Center domain (``authMode: sso``) an Identity Center user, which must then say so (its
    ``read`` asks for the ``principal:`` it needs)."""
    return identity_center.KIND if settings.auth_mode == "sso" else iam_user.KIND


def default_principal() -> Principal:
    """The principal of a person described without one: an IAM user (``UserSpec``'s default)."""
    return iam_user.IamUserPrincipal()


def bound_arns(settings: Settings) -> list[str]:
    """Every kind's principal ARN patterns whose access tags count in this stack (the per-user
    execution roles add theirs: ``execution_roles.bound_arns``)."""
    return [arn for kind in KINDS for arn in kind.bound_arns(settings)]


def sign_in_roles(settings: Settings, *, any_permission_set: bool = False) -> list[str]:
    """The roles whose sessions carry tags an identity provider sends (``Kind.sign_in_roles``)."""
    return [
        arn
        for kind in KINDS
        for arn in kind.sign_in_roles(settings, any_permission_set=any_permission_set)
    ]


def execution_callers() -> frozenset[str]:
    """The proof's callers, of every kind, that act as an execution role in a person's Studio."""
    return frozenset(caller for kind in KINDS for caller in kind.execution_callers)


def settings_problems(settings: Settings) -> list[tuple[str, str]]:
    """What every kind requires of the stack's settings, kind by kind."""
    return [problem for kind in KINDS for problem in kind.settings_problems(settings)]


def directory_kind(settings: Settings) -> Kind | None:
    """The kind whose people sign in as directory users bound to their profiles in this stack
    (``Kind.binds_directory_users``), if any: ``adopt`` and ``audit`` read the domain's
    application and each profile's binding for it."""
    return next((kind for kind in KINDS if kind.binds_directory_users(settings)), None)


def permission_set(settings: Settings) -> tuple[str, dict[str, str]] | None:
    """The permission set the program creates in this stack, with its owner tag, if any."""
    return next((found for kind in KINDS if (found := kind.permission_set(settings))), None)


def signs_in_by_permission_set(settings: Settings) -> bool:
    """Whether the stack's people sign in through a permission set the program creates."""
    return permission_set(settings) is not None


def uses_identity_center(settings: Settings) -> bool:
    """Whether the program manages anything in IAM Identity Center in this stack (some kind
    needs it there: ``Kind.identity_center_grants``)."""
    return any(kind.identity_center_grants(settings, write=False) for kind in KINDS)


def identity_center_reads(command: str, settings: Settings) -> tuple[str, ...]:
    """What the AWS command ``command`` reads in IAM Identity Center for every kind, sorted."""
    return tuple(
        sorted({a for kind in KINDS for a in kind.identity_center_reads(command, settings)})
    )
