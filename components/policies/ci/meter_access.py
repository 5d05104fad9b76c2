"""What the CI roles need for the spend meter (``resources/meter.py``), as its own statements.

Every resource of the meter is named ``studio-access-meter-<stack>``; the CI documents are
written per stack's settings without the stack's name, so they name ``studio-access-meter-*``.
The preview role reads them, the deploy role also creates, changes and deletes them (the meter
role's one inline policy included) and passes the meter's role to Lambda alone, and the audit
role reads the ledger (``usage`` in the nightly issue). Only ``DescribeLogGroups``, which
CloudWatch Logs does not scope, is ``*``. None of it in a stack without budgets.
"""

from __future__ import annotations

from components.core.settings.budgets import stack_has_budgets
from components.core.settings.stack import Settings
from components.policies.meter_role import METER_ROLE_PATH
from components.policies.statements import allow

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
    """The preview's reads, and with ``write`` the deploy role's writes and ``iam:PassRole``.

    Nothing for a stack without budgets: it has no meter.
    """
    if not stack_has_budgets(settings):
        return []
    resources = [arn for arns in _arns(settings).values() for arn in arns]
    statements = [
        allow("MeterRead", [a for actions in READS.values() for a in actions], resources),
        allow("MeterReadLogGroups", ["logs:DescribeLogGroups"], ["*"]),
    ]
    if write:
        statements += [
            allow("MeterWrite", [a for actions in WRITES.values() for a in actions], resources),
            allow(
                "MeterPassRole",
                ["iam:PassRole"],
                _arns(settings)["iam"],
                StringEquals={"iam:PassedToService": "lambda.amazonaws.com"},
            ),
        ]
    return statements


def audit_statements(settings: Settings) -> list[dict[str, object]]:
    """The nightly job's ``usage``: the ledger's month, nothing more (none without budgets)."""
    if not stack_has_budgets(settings):
        return []
    return [allow("MeterReadLedger", ["dynamodb:Query"], _arns(settings)["dynamodb"])]
