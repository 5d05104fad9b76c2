"""The ARN patterns the documents name, in the stack's partition.

Every document of the project is account-agnostic (``*`` for the account and region), so that the
text printed offline is the text deployed; the partition comes from the stack's region
(docs/architecture.md, "Partitions"), because in ``aws-cn`` or ``aws-us-gov`` an ``arn:aws:`` pattern matches
nothing and a Deny written with it would silently deny nothing.
"""

from __future__ import annotations

from components.core.settings.stack import Settings


def iam(settings: Settings, resource: str) -> str:
    """An IAM ARN pattern in any account: ``arn:<partition>:iam::*:<resource>``."""
    return f"arn:{settings.partition}:iam::*:{resource}"


def sagemaker(settings: Settings, resource: str) -> str:
    """A SageMaker ARN pattern in any region and account."""
    return f"arn:{settings.partition}:sagemaker:*:*:{resource}"


def group(settings: Settings) -> list[str]:
    """This project's group, at the root path or under any path (``UpdateGroup`` can move it)."""
    return [
        iam(settings, f"group/{settings.group_name}"),
        iam(settings, f"group/*/{settings.group_name}"),
    ]


def studio_policies(settings: Settings) -> list[str]:
    """The project's managed policies: the member policy, the execution-role guard, and the
    further parts of either when it is split (``<policyName>-2``, ``<policyName>-execution-role``,
    ``<policyName>-execution-role-2``…).

    A managed policy's path is fixed when it is created and its name is unique in the account,
    so each name has exactly one ARN per account; ``<policyName>-*`` also covers whatever else
    someone names after the project's policy, which nobody bound needs to change either.
    """
    return [
        iam(settings, f"policy/{settings.policy_name}"),
        iam(settings, f"policy/{settings.policy_name}-*"),
    ]


def principals(settings: Settings) -> list[str]:
    """Every IAM user and role (whose access tag the conditions then look at)."""
    return [iam(settings, "user/*"), iam(settings, "role/*")]


def domain_part(settings: Settings) -> str:
    """The domain segment of profile, space and app ARNs: the stack's domain, or any."""
    return settings.domain_id or "*"


def profiles(settings: Settings) -> str:
    """User profiles in the stack's domain (any domain when none is configured)."""
    return sagemaker(settings, f"user-profile/{domain_part(settings)}/*")


def any_account(arn: str) -> str:
    """``arn`` with its account replaced by ``*``, so that the document names no account."""
    parts = arn.split(":", 5)
    parts[4] = "*"
    return ":".join(parts)
