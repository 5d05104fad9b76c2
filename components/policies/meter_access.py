"""What the CI roles need for the spend meter (``resources/meter.py``), as its own statements.

Every resource of the meter is named ``studio-access-meter-<stack>``; the CI documents are
written per stack's settings without the stack's name, so they name ``studio-access-meter-*``.
The preview role reads them, the deploy role also creates, changes and deletes them and passes
the meter's role to Lambda alone, and the audit role reads the ledger (``usage`` in the nightly
issue). Reads that Lambda, EventBridge and CloudWatch Logs do not scope are ``*``.
"""

from __future__ import annotations

from ..roster.settings import Settings
from .meter_role import METER_ROLE_PATH
from .statements import allow

PREFIX = "studio-access-meter-"
READS = {
    "lambda": (
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetPolicy",
        "lambda:ListVersionsByFunction",
    ),
    "dynamodb": (
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
    ),
    "events": ("events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule"),
    "logs": ("logs:ListTagsForResource", "logs:ListTagsLogGroup"),
    "iam": (
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListRolePolicies",
    ),
}
WRITES = {
    "lambda": (
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:RemovePermission",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
    ),
    "dynamodb": (
        "dynamodb:CreateTable",
        "dynamodb:DeleteTable",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:UpdateTable",
    ),
    "events": (
        "events:DeleteRule",
        "events:PutRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:TagResource",
        "events:UntagResource",
    ),
    "logs": (
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
    ),
    "iam": (
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:ListInstanceProfilesForRole",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRoleDescription",
    ),
}


def _arns(settings: Settings) -> dict[str, list[str]]:
    partition = settings.partition
    return {
        "lambda": [f"arn:{partition}:lambda:*:*:function:{PREFIX}*"],
        "dynamodb": [f"arn:{partition}:dynamodb:*:*:table/{PREFIX}*"],
        "events": [f"arn:{partition}:events:*:*:rule/{PREFIX}*"],
        "logs": [f"arn:{partition}:logs:*:*:log-group:/aws/lambda/{PREFIX}*"],
        "iam": [f"arn:{partition}:iam::*:role{METER_ROLE_PATH}{PREFIX}*"],
    }


def ci_statements(settings: Settings, write: bool) -> list[dict[str, object]]:
    """The preview's reads, and with ``write`` the deploy role's writes and ``iam:PassRole``."""
    resources = _arns(settings)
    statements = [
        allow(f"MeterRead{service.capitalize()}", actions, resources[service])
        for service, actions in READS.items()
    ]
    statements.append(allow("MeterReadLogGroups", ["logs:DescribeLogGroups"], ["*"]))
    if write:
        statements += [
            allow(f"MeterWrite{service.capitalize()}", actions, resources[service])
            for service, actions in WRITES.items()
        ]
        statements.append(
            allow(
                "MeterPassRole",
                ["iam:PassRole"],
                resources["iam"],
                StringEquals={"iam:PassedToService": "lambda.amazonaws.com"},
            )
        )
    return statements


def audit_statements(settings: Settings) -> list[dict[str, object]]:
    """The nightly job's ``usage``: the ledger's month, nothing more."""
    return [allow("MeterReadLedger", ["dynamodb:Query"], _arns(settings)["dynamodb"])]
