"""``StudioUser``: one person's principal, execution role and SageMaker profile, tagged alike.

What is registered is decided by ``plan.people.user_plan`` (the kind of principal declares its
part); this component registers it under one parent and exposes the outputs the stack exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from components.core.registrations import Ref
from components.plan.people import UserPlan
from components.resources.realize import Realizer


@dataclass(frozen=True)
class StudioUserArgs:
    """Inputs of ``StudioUser``.

    Attributes:
        plan: what to register for the person (``plan.people.user_plan``).
        stack_outputs: the stack-wide outputs the plan references (``group_name``,
            ``policy_arn``, ``guard_arn``), from ``StudioAccess``.
        providers: providers other than the stack's, by name (``identity-center``).
    """

    plan: UserPlan
    stack_outputs: Mapping[str, Any]
    providers: Mapping[str, pulumi.ProviderResource] | None = None


class StudioUser(pulumi.ComponentResource):
    """A person's registrations, children of one component named after the id.

    Children are named from the user's id, so adding, removing or reordering files never
    replaces anyone else's resources. Memberships and attachments are the non-exclusive kinds
    (``UserGroupMembership``, ``RolePolicyAttachment``), so nothing managed elsewhere is evicted.
    An offboarded person has no principal, and the profile stays managed without the access tag;
    under ``retain`` the profile is left in AWS when the file is removed.
    """

    # The attributes are typed where they are set, not on the class: the SDK resolves a
    # component class's annotations on every registration, once per person.

    def __init__(self, name: str, args: StudioUserArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("studio-access:index:StudioUser", name, None, opts)
        plan = args.plan
        steps = Realizer(self, args.stack_outputs, args.providers)
        steps.run(plan.steps)
        self.principal_arn: pulumi.Output[str] | None = (
            steps.output(plan.principal) if plan.principal else None
        )
        self.execution_role_arn: pulumi.Output[str] | None = (
            steps.output(plan.execution_role) if plan.execution_role else None
        )
        self.profile_arn: pulumi.Output[str] = steps.output(Ref(plan.profile, "arn"))
        self.profile_name: str = plan.user.profile_name
        # The outputs are the typed attributes above and the stack's `users` export. Registering
        # them again would make the engine await and serialize three outputs per user: about a
        # fifth of the whole program's cost at 1,000 users (benchmarks/program_overhead.py).
        self.register_outputs({})
