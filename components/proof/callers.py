"""The kinds of principal the proof judges, and the policies each one is bound by.

A Deny binds only the principals it reaches (docs/security.md, "Who is bound, by what"), so the proof
asks the same questions of every kind of caller: a member IAM user and a member role (the member
policy), the execution roles a notebook runs as (the execution-role guard), and outsiders (an
administrator outside the group, a user created a minute ago), whom only the organization guard
binds. With the guard on, the deploy role is judged too: the SCP must leave it able to do its job.

Every caller is "alice" or acts in alice's Studio; the attacks aim at colleague "bob".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..policies.execution_role import execution_role_policy_text
from ..policies.member import policy_text
from ..policies.org_guard import scp_text
from ..roster.settings import Settings
from .evaluator import Policy

ACCOUNT = "123456789012"
REGION = "us-east-1"
EXAMPLE_DOMAIN = "d-example0000"
#: The execution role a domain runs notebooks as when the stack names none (offline checks).
EXAMPLE_EXECUTION_ROLE = "role/service-role/AmazonSageMaker-ExecutionRole-Default"

#: How each kind is bound: by the member policy, the execution-role guard, nothing of its own
#: (outsiders), or exempt from the organization guard (the deploy role).
MEMBER, EXECUTION, NONE, EXEMPT = "member", "execution", "none", "exempt"


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


@dataclass(frozen=True)
class Caller:
    """One kind of principal, as alice (or alice's notebook, or someone outside) would act.

    Attributes:
        kind: a stable key (``member-user``, ``execution-default``, …).
        title: what a reviewer calls it.
        arn: the principal's ARN (``aws:PrincipalArn``).
        tagged: whether it carries alice's access and profile tags.
        studio: whether its requests carry alice's Studio context (a notebook's execution role).
        bound_by: ``member``, ``execution``, ``none`` or ``exempt``.
    """

    kind: str
    title: str
    arn: str
    tagged: bool
    studio: bool
    bound_by: str

    def context(self, settings: Settings, untagged: bool = False) -> dict[str, str]:
        """The request context this caller brings to every request."""
        context = {"aws:PrincipalArn": self.arn, "aws:PrincipalAccount": ACCOUNT}
        if self.tagged and not untagged:
            context[f"aws:PrincipalTag/{settings.tag_key}"] = "alice"
            context[f"aws:PrincipalTag/{settings.profile_tag_key}"] = "alice"
        if self.studio:
            context["sagemaker:DomainId"] = settings.domain_id or EXAMPLE_DOMAIN
            context["sagemaker:UserProfileName"] = "alice"
        return context


def default_execution_role(settings: Settings) -> str:
    """The domain's default execution role: the stack's, or an example one offline."""
    return (
        settings.default_execution_role_arn
        or f"arn:{settings.partition}:iam::{ACCOUNT}:{EXAMPLE_EXECUTION_ROLE}"
    )


def callers(settings: Settings, execution_role_arns: tuple[str, ...] = ()) -> tuple[Caller, ...]:
    """Every kind of caller this stack has, in the order the report lists them.

    Args:
        settings: decides the partition, the execution roles and whether the guard is on.
        execution_role_arns: the ``execution_role_arn`` values of the roster, if any.
    """
    iam = f"arn:{settings.partition}:iam::{ACCOUNT}"
    default_role = default_execution_role(settings)
    kinds = [
        Caller("member-user", "member IAM user", f"{iam}:user/alice", True, False, MEMBER),
        Caller("member-role", "member role", f"{iam}:role/alice", True, False, MEMBER),
        Caller(
            "execution-default",
            "execution role (domain default)",
            default_role,
            False,
            True,
            EXECUTION,
        ),
    ]
    if execution_role_arns:
        kinds.append(
            Caller(
                "execution-custom",
                "execution role (execution_role_arn)",
                execution_role_arns[0],
                False,
                True,
                EXECUTION,
            )
        )
    if settings.per_user_execution_roles:
        kinds.append(
            Caller(
                "execution-per-user",
                "execution role (per user)",
                f"{iam}:role/alice-studio-execution",
                True,
                True,
                EXECUTION,
            )
        )
    kinds += [
        Caller(
            "outsider-admin",
            "administrator outside the group",
            f"{iam}:role/Admin",
            False,
            False,
            NONE,
        ),
        Caller(
            "outsider-new",
            "freshly created IAM user or role",
            f"{iam}:user/mallory",
            False,
            False,
            NONE,
        ),
    ]
    if settings.org_guard and settings.deploy_role_arn:
        kinds.append(
            Caller("deploy", "deploy role", settings.deploy_role_arn, False, False, EXEMPT)
        )
    return tuple(kinds)


class Documents:
    """The deployed texts, compiled once: what binds each kind of caller."""

    def __init__(self, settings: Settings, variant: str | None = None):
        self.settings = settings
        self.variant = variant or settings.policy

    @cached_property
    def member(self) -> Policy:
        return Policy(policy_text(self.settings, self.variant), name=self.settings.policy_name)

    @cached_property
    def execution(self) -> Policy:
        return Policy(
            execution_role_policy_text(self.settings),
            name=self.settings.execution_role_policy_name,
        )

    @cached_property
    def scps(self) -> tuple[Policy, ...] | None:
        """``FullAWSAccess`` and the organization guard, or ``None`` when the guard is off."""
        if not self.settings.org_guard:
            return None
        guard = Policy(scp_text(self.settings), name=self.settings.org_guard_policy_name)
        return (FULL_AWS_ACCESS, guard)

    def identity(self, caller: Caller) -> tuple[Policy, ...]:
        """The project's identity policies on ``caller`` (none for outsiders and the deploy role)."""
        return {MEMBER: (self.member,), EXECUTION: (self.execution,)}.get(caller.bound_by, ())

    def bound(self, caller: Caller) -> bool:
        """Whether anything of this project binds ``caller`` (outsiders: only the SCP)."""
        return caller.bound_by in (MEMBER, EXECUTION) or self.scps is not None
