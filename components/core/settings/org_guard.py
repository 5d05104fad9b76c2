"""The stack keys of the organization guard: the SCP, who is exempt from it, where it is attached.

``orgGuard`` deploys a service control policy that keeps the access tags out of everyone's reach
but the deploy role's (``deployRoleArn``) and the break-glass roles' (``breakGlassRoleArns``); it
is attached to ``orgGuardTargets`` through a role in the Organizations management (or delegated
administrator) account, ``orgGuardRoleArn``. ``Settings`` inherits this group (a module of its
own, so that the settings module stays one table of the product's keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import limits

#: Configuration key and attribute, in the README's table order; the operator's roles
#: (``operators.OPERATOR_KEYS``) come between ``deployRoleArn`` and ``breakGlassRoleArns``.
ORG_GUARD_KEYS: tuple[tuple[str, str], ...] = (
    ("orgGuard", "org_guard"),
    ("deployRoleArn", "deploy_role_arn"),
    ("breakGlassRoleArns", "break_glass_role_arns"),
    ("orgGuardTargets", "org_guard_targets"),
    ("orgGuardRoleArn", "org_guard_role_arn"),
)


@dataclass(frozen=True)
class OrgGuardSettings:
    """The organization guard, as the stack names it.

    Attributes:
        org_guard: ``orgGuard`` (default false); deploy the organization guard (an SCP).
        deploy_role_arn: ``deployRoleArn``; the role that runs ``pulumi up``, exempt from the SCP.
        break_glass_role_arns: ``breakGlassRoleArns``; further roles exempt from the SCP.
        org_guard_targets: ``orgGuardTargets``; account ids, ``ou-…`` or ``r-…`` the SCP is
            attached to.
        org_guard_role_arn: ``orgGuardRoleArn``; a role in the Organizations management (or
            delegated administrator) account that the program assumes to manage the SCP.
    """

    org_guard: bool = False
    deploy_role_arn: str | None = None
    break_glass_role_arns: tuple[str, ...] = ()
    org_guard_targets: tuple[str, ...] = ()
    org_guard_role_arn: str | None = None

    @property
    def exempt_role_arns(self) -> tuple[str, ...]:
        """The roles the organization guard exempts: the deploy role, then the break-glass roles."""
        deploy = (self.deploy_role_arn,) if self.deploy_role_arn else ()
        return deploy + self.break_glass_role_arns

    def _check_org_guard_targets(self) -> list[tuple[str, str]]:
        """``(key, message)`` for each target that is no account, organizational unit or root."""
        messages = []
        for target in self.org_guard_targets:
            if not limits.ORG_TARGET_RE.match(target):
                messages.append(
                    (
                        "orgGuardTargets",
                        f"orgGuardTargets: {target!r} is not an account id (123456789012), an "
                        "organizational unit (ou-ab12-cdef3456) or a root (r-ab12)",
                    )
                )
        return messages

    def _check_org_guard(self) -> list[tuple[str, str]]:
        """``(key, message)`` for what a deployed guard cannot do without."""
        if not self.org_guard:
            return []
        messages = []
        if self.deploy_role_arn is None:
            messages.append(
                (
                    "deployRoleArn",
                    "orgGuard needs deployRoleArn: the role that runs pulumi up, exempt from the "
                    "organization guard (without it no deployment could tag a user)",
                )
            )
        if not self.org_guard_targets:
            messages.append(
                (
                    "orgGuardTargets",
                    "orgGuard needs orgGuardTargets: the account ids, ou-… or r-… to attach the SCP to",
                )
            )
        return messages
