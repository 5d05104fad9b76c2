"""The meter's role: what the Lambda function may do, and nothing else.

Read the domain's apps, spaces and profiles; stop apps of the domain; set or remove the
over-budget mark (that tag key only, on the domain's profiles); read and write its own ledger
table; write its own log group. Every write names the one resource it is for; reads that IAM
cannot scope (``ListApps``, ``ListSpaces``) are ``*``. Account-agnostic, like every document.

``meter_names`` names the stack's meter once for the program, the CLI and this policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from components.core.settings.budgets import ledger_table_name, over_budget_tag_key
from components.core.settings.stack import Settings
from components.policies import arns
from components.policies.statements import allow

#: Where the meter's role lives: under the managed path, so only the deploy role may change it
#: (``guards.managed_principals_guard``), in a folder no profile can be named (``_``).
METER_ROLE_PATH = "/studio-access/_meter/"
LEDGER_ACTIONS = (
    "dynamodb:BatchGetItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
)


@dataclass(frozen=True)
class MeterNames:
    """The meter's function, role and table share one name, from the stack's; its log group."""

    name: str

    @property
    def log_group(self) -> str:
        return f"/aws/lambda/{self.name}"


def meter_names(stack: str | None) -> MeterNames:
    return MeterNames(ledger_table_name(stack))


def meter_role_policy(settings: Settings, stack: str | None) -> dict[str, object]:
    """The role's only policy, for the stack's domain, tag key and table."""
    names = meter_names(stack)
    domain = arns.domain_part(settings)
    region_account = f"arn:{settings.partition}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            allow("ListStudioApps", ["sagemaker:ListApps", "sagemaker:ListSpaces"], ["*"]),
            allow(
                "ReadProfiles",
                ["sagemaker:DescribeUserProfile"],
                [arns.sagemaker(settings, f"user-profile/{domain}/*")],
            ),
            allow(
                "StopApps", ["sagemaker:DeleteApp"], [arns.sagemaker(settings, f"app/{domain}/*")]
            ),
            allow(
                "SetOrClearOverBudgetMark",
                ["sagemaker:AddTags", "sagemaker:DeleteTags"],
                [arns.sagemaker(settings, f"user-profile/{domain}/*")],
                **{
                    "ForAllValues:StringEquals": {
                        "aws:TagKeys": [over_budget_tag_key(settings.tag_key)]
                    },
                    "Null": {"aws:TagKeys": "false"},
                },
            ),
            allow(
                "WriteLedger",
                LEDGER_ACTIONS,
                [f"{region_account}:dynamodb:*:*:table/{names.name}"],
            ),
            allow(
                "WriteOwnLogs",
                ["logs:CreateLogStream", "logs:PutLogEvents"],
                [f"{region_account}:logs:*:*:log-group:{names.log_group}:*"],
            ),
        ],
    }


def meter_role_policy_text(settings: Settings, stack: str | None) -> str:
    return json.dumps(meter_role_policy(settings, stack), indent=2)


#: Who may assume the role: the Lambda service, for functions of the stack's own account.
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
