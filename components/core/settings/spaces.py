"""The stack key of the shared spaces' execution role: ``defaultSpaceExecutionRoleArn``.

Apps in a shared space run as the domain's ``DefaultSpaceSettings.ExecutionRole``, not as any
profile's role, and every member may start one there; so that role is an execution role of the
domain like the default one, guarded and proven as it is. Without the key it is the domain's
default execution role (``defaultExecutionRoleArn``), as it is when the domain was created with
one role. ``Settings`` inherits this group (a module of its own, so that the settings module stays
one table of the product's keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import limits

#: Configuration key and attribute, in the README's table order (after ``defaultExecutionRoleArn``).
SPACE_KEYS: tuple[tuple[str, str], ...] = (
    ("defaultSpaceExecutionRoleArn", "default_space_execution_role_arn"),
)


@dataclass(frozen=True)
class SpaceRoleSettings:
    """The shared spaces' execution role, as the stack names it.

    Attributes:
        default_space_execution_role_arn: ``defaultSpaceExecutionRoleArn``; the role apps in
            shared spaces run as (the domain's ``DefaultSpaceSettings.ExecutionRole``), which
            gets the execution-role guard; ``None``: the domain's default execution role.
    """

    default_space_execution_role_arn: str | None = None

    @property
    def shared_space_role_arn(self) -> str | None:
        """The role shared spaces run as: ``defaultSpaceExecutionRoleArn``, else the domain's
        default execution role."""
        return self.default_space_execution_role_arn or getattr(
            self, "default_execution_role_arn", None
        )

    def _check_space_role(self) -> list[tuple[str, str]]:
        """``(key, message)`` when the key is not a role ARN of the stack's partition."""
        arn = self.default_space_execution_role_arn
        if arn is None:
            return []
        partition = limits.partition_of(getattr(self, "region", None))
        key = SPACE_KEYS[0][0]
        if len(arn) > limits.ROLE_ARN_MAX or not limits.ROLE_ARN_RE.match(arn):
            example = f"arn:{partition}:iam::123456789012:role/service-role/SharedSpaces"
            return [(key, f"{key}: {arn!r} is not a valid ARN; for example {example}")]
        if problem := limits.partition_problem(arn, partition):
            return [(key, f"{key}: {problem}")]
        return []
