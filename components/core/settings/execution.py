"""The stack keys of the domain's execution roles: the default one and the per-user ones.

The domain's default execution role (``defaultExecutionRoleArn``) gets the execution-role guard;
with ``perUserExecutionRoles`` the program creates a role per user who names none, with the
managed policies of ``executionRolePolicyArns``. ``Settings`` inherits this group (a module of
its own, so that the settings module stays one table of the product's keys); the shared spaces'
role is ``spaces``'.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import limits

#: Configuration key and attribute, in the README's table order; the shared spaces' role
#: (``spaces.SPACE_KEYS``) comes after ``defaultExecutionRoleArn``.
EXECUTION_KEYS: tuple[tuple[str, str], ...] = (
    ("defaultExecutionRoleArn", "default_execution_role_arn"),
    ("perUserExecutionRoles", "per_user_execution_roles"),
    ("executionRolePolicyArns", "execution_role_policy_arns"),
)


@dataclass(frozen=True)
class ExecutionRoleSettings:
    """The domain's execution roles, as the stack names them.

    Attributes:
        default_execution_role_arn: ``defaultExecutionRoleArn``; the domain's default execution
            role, which gets the execution-role guard. Required for a deployment.
        per_user_execution_roles: ``perUserExecutionRoles`` (default false); the program creates
            one execution role per user without ``execution_role_arn``.
        execution_role_policy_arns: ``executionRolePolicyArns``; managed policies attached to those
            per-user roles (required when they are on).
    """

    default_execution_role_arn: str | None = None
    per_user_execution_roles: bool = False
    execution_role_policy_arns: tuple[str, ...] = ()

    def _check_execution_roles(self) -> list[tuple[str, str]]:
        """``(key, message)`` when per-user roles are on without a policy to attach to them."""
        if not self.per_user_execution_roles or self.execution_role_policy_arns:
            return []
        partition = limits.partition_of(getattr(self, "region", None))
        return [
            (
                "executionRolePolicyArns",
                "executionRolePolicyArns must list the managed policies of the per-user "
                f"execution roles, e.g. [arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess]",
            )
        ]
