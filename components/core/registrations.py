"""What ``pulumi up`` registers, as data: ``resources`` turns it into Pulumi resources and
``aws.adopt`` into ``pulumi import`` entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ref:
    """An output of another registration, resolved when the program runs.

    ``resource`` is a logical name of the same person's registrations, or ``STACK`` for the
    stack-wide outputs (``group_name``, ``policy_arns``, ``guard_arns``).
    """

    resource: str
    attribute: str


#: ``Ref.resource`` of the stack-wide outputs (``StudioAccess``).
STACK = "<stack>"
#: ``Registration.provider`` of what is created in IAM Identity Center, when it is reached
#: through a provider of its own (its region and account).
IDENTITY_CENTER_PROVIDER = "identity-center"


@dataclass(frozen=True)
class Registration:
    """One resource ``pulumi up`` creates, as data.

    Attributes:
        type: the Pulumi type token (``aws:iam/user:User``).
        name: the logical name; from the person's id, never from a position.
        inputs: the resource's arguments by their Python names; values may hold ``Ref``.
        retain_on_delete: leave it in AWS when it leaves the program (profiles under ``retain``).
        delete_before_replace: delete it before creating its replacement (a fixed name).
        provider: ``None`` for the stack's provider, else the name of another one
            (``identity-center``: where Identity Center lives).
        depends_on: logical names of the same person's registrations that must exist first,
            though no input refers to them (SageMaker creates an Identity Center user's profile
            only once the user is assigned to the domain's application).
    """

    type: str
    name: str
    inputs: Mapping[str, Any]
    retain_on_delete: bool = False
    delete_before_replace: bool = False
    provider: str | None = None
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """A data source the program reads while it runs (``aws.identitystore.get_user``).

    Its result is referenced with ``Ref(name, attribute)`` like a registration's outputs. A
    lookup that finds nothing fails the preview with ``failure``, which names the file.
    """

    function: str
    name: str
    inputs: Mapping[str, Any]
    failure: str
    provider: str | None = None
