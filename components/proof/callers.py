"""The callers the proof judges, and the documents each one is bound by.

A Deny binds only the principals it reaches, so the proof asks the same questions of every kind
of caller: the members of each kind of principal (``kinds``: an IAM user, an IAM
role, …), the execution roles a notebook runs as (the execution-role guard), and outsiders (an
administrator outside the group, a user created a minute ago, the IAM roles and users a member
role trusts), whom only the organization guard binds. With the guard on, the deploy role and the
break-glass roles are judged too: the SCP must leave them able to do their work, and no more.

Every caller is "alice" or acts in alice's Studio; the attacks aim at colleague "bob". ARNs are
templates (``{iam}``) that ``scenarios`` fills for the stack.
"""

from __future__ import annotations

from functools import cached_property

from components import kinds
from components.core.principal_paths import MANAGED_PATH
from components.core.requests import Caller
from components.core.settings.stack import Settings
from components.kinds.execution_roles import execution_role_name
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import merged, policy_texts
from components.policies.org_guard import scp_texts
from components.proof.iam.evaluator import Policy

ACCOUNT = "123456789012"
REGION = "us-east-1"
EXAMPLE_DOMAIN = "d-example0000"
#: The execution role a domain runs notebooks as when the stack names none (offline checks).
EXAMPLE_EXECUTION_ROLE = "role/service-role/AmazonSageMaker-ExecutionRole-Default"

#: How each kind is bound: by the member policy, the execution-role guard, nothing of its own
#: (outsiders), or exempt from the organization guard (the deploy role).
MEMBER, EXECUTION, NONE, EXEMPT = "member", "execution", "none", "exempt"
#: alice's tags, as templates the proof fills with the stack's tag keys.
ALICE = {"{key}": "alice", "{profile_key}": "alice"}


def _allow_policy(name: str, *statements: dict) -> Policy:
    return Policy({"Version": "2012-10-17", "Statement": list(statements)}, name=name)


#: "Admin rights elsewhere": an identity policy that allows everything.
ADMIN_POLICY = _allow_policy(
    "AdministratorAccess",
    {"Sid": "AdministratorAccess", "Effect": "Allow", "Action": "*", "Resource": "*"},
)
#: What AmazonSageMakerFullAccess gives a principal for these requests: every SageMaker action,
#: reading IAM, and passing roles to SageMaker.
SAGEMAKER_FULL_ACCESS = _allow_policy(
    "AmazonSageMakerFullAccess",
    {"Sid": "SageMaker", "Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
    {"Sid": "ReadIam", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
    {
        "Sid": "PassRolesToSageMaker",
        "Effect": "Allow",
        "Action": "iam:PassRole",
        "Resource": "*",
        "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
    },
)
#: The SCP every account of an organization carries unless someone removed it.
FULL_AWS_ACCESS = _allow_policy(
    "FullAWSAccess", {"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}
)


def literal(text: str) -> str:
    """``text`` as a template that fills to itself: configured ARNs are user data, not templates."""
    return text.replace("{", "{{").replace("}", "}}")


def default_execution_role(settings: Settings) -> str:
    """The domain's default execution role: the stack's, or an example one offline."""
    return (
        settings.default_execution_role_arn
        or f"arn:{settings.partition}:iam::{ACCOUNT}:{EXAMPLE_EXECUTION_ROLE}"
    )


def callers(settings: Settings, execution_role_arns: tuple[str, ...] = ()) -> tuple[Caller, ...]:
    """Every kind of caller this stack has, in the order the report lists them.

    Args:
        settings: decides the partition, the kinds in use, the execution roles and whether the
            organization guard is on.
        execution_role_arns: the ``execution_role_arn`` values of the roster, if any.
    """
    of_kinds = [c for kind in kinds.KINDS for c in kind.callers(settings)]
    members = [c for c in of_kinds if c.bound_by == MEMBER]
    # People who act in Studio through their profile's execution role (Identity Center users).
    in_studio = [c for c in of_kinds if c.bound_by == EXECUTION]
    # Whom member roles trust are outsiders: judged only where the organization guard binds them.
    trusted = [c for c in of_kinds if c.bound_by == NONE and settings.org_guard]
    return (
        *members,
        *in_studio,
        *_execution_callers(settings, execution_role_arns),
        Caller(
            "outsider-admin", "administrator outside the group", "{iam}:role/Admin", bound_by=NONE
        ),
        Caller(
            "outsider-new", "freshly created IAM user or role", "{iam}:user/mallory", bound_by=NONE
        ),
        *trusted,
        *_exempt_callers(settings),
    )


def _execution_callers(settings: Settings, custom: tuple[str, ...]) -> list[Caller]:
    """The roles a notebook in alice's Studio runs as."""
    found = [
        Caller(
            "execution-default",
            "execution role (domain default)",
            literal(default_execution_role(settings)),
            studio=True,
            bound_by=EXECUTION,
        )
    ]
    shared_space = settings.default_space_execution_role_arn
    if shared_space and shared_space != settings.default_execution_role_arn:
        # Apps in a shared space run as the domain's space role; alice starts one there.
        found.append(
            Caller(
                "execution-shared-space",
                "execution role (shared spaces)",
                shared_space,
                studio=True,
                bound_by=EXECUTION,
            )
        )
    if custom:
        found.append(
            Caller(
                "execution-custom",
                "execution role (execution_role_arn)",
                literal(custom[0]),
                studio=True,
                bound_by=EXECUTION,
            )
        )
    if settings.per_user_execution_roles:
        path = f"role{MANAGED_PATH}alice/alice/{execution_role_name('alice')}"
        found.append(
            Caller(
                "execution-per-user",
                "execution role (per user)",
                "{iam}:" + path,
                ALICE,
                studio=True,
                bound_by=EXECUTION,
            )
        )
    return found


def _exempt_callers(settings: Settings) -> list[Caller]:
    """With the organization guard: the deploy role, and one break-glass role if any."""
    if not (settings.org_guard and settings.deploy_role_arn):
        return []
    found = [Caller("deploy", "deploy role", literal(settings.deploy_role_arn), bound_by=EXEMPT)]
    if settings.break_glass_role_arns:
        found.append(
            Caller(
                "break-glass",
                "break-glass role",
                literal(settings.break_glass_role_arns[0]),
                bound_by=EXEMPT,
            )
        )
    return found


class Documents:
    """The deployed texts, compiled once: what binds each kind of caller."""

    def __init__(self, settings: Settings, variant: str | None = None):
        self.settings = settings
        self.variant = variant or settings.policy

    @cached_property
    def member(self) -> Policy:
        texts = policy_texts(self.settings, self.variant)
        return Policy(merged(texts), name=self.settings.policy_name)

    @cached_property
    def execution(self) -> Policy:
        return Policy(
            merged(execution_role_policy_texts(self.settings)),
            name=self.settings.execution_role_policy_name,
        )

    @cached_property
    def guards(self) -> tuple[Policy, ...]:
        """The organization guard's SCPs (one or several), or none when the guard is off."""
        if not self.settings.org_guard:
            return ()
        name = self.settings.org_guard_policy_name
        texts = scp_texts(self.settings)
        return tuple(
            Policy(text, name=name if len(texts) == 1 else f"{name}-{index}")
            for index, text in enumerate(texts, start=1)
        )

    @cached_property
    def scps(self) -> tuple[Policy, ...] | None:
        """``FullAWSAccess`` and the organization guard, or ``None`` when the guard is off."""
        return (FULL_AWS_ACCESS, *self.guards) if self.guards else None

    def identity(self, caller: Caller) -> tuple[Policy, ...]:
        """The project's identity policies on ``caller`` (none for outsiders and exempt roles)."""
        return {MEMBER: (self.member,), EXECUTION: (self.execution,)}.get(caller.bound_by, ())

    def bound(self, caller: Caller) -> bool:
        """Whether anything of this project binds ``caller`` (outsiders: only the SCP)."""
        return caller.bound_by in (MEMBER, EXECUTION) or self.scps is not None
