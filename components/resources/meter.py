"""``StudioMeter``: the spend meter, deployed only when some person has a budget.

A Lambda function running ``components/meter/function`` (packaged as ``meter/`` with the stack's
``meter_config.json``), an EventBridge rule invoking it every ``meterIntervalMinutes``, the
on-demand DynamoDB ledger, the function's log group, and its role with the one inline policy
``policies.meter_role`` writes. Function, role and table share the name
``studio-access-meter-<stack>``, so ``meter`` and ``usage`` find the ledger without Pulumi.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

from components.policies.meter_role import LAMBDA_TRUST, METER_ROLE_PATH, MeterNames

#: The meter's code, packaged as it is in the repository.
METER_SOURCE = Path(__file__).resolve().parent.parent / "meter" / "function"
PACKAGE = "meter"
CONFIG_FILE = "meter_config.json"
HANDLER = f"{PACKAGE}.lambda_handler.handler"
RUNTIME = "python3.12"
#: A run over thousands of apps takes seconds; the limit leaves room for a slow API.
TIMEOUT_SECONDS = 300
LOG_RETENTION_DAYS = 30
#: The ledger's keys (``meter/function/ledger.py``'s ``KEYS``; a test holds them equal).
LEDGER_KEYS = (("pk", "HASH"), ("sk", "RANGE"))


@dataclass(frozen=True)
class StudioMeterArgs:
    """Inputs of ``StudioMeter``.

    Attributes:
        names: the function's, role's and table's name, and the log group's.
        role_policy: the role's policy text (``policies.meter_role``).
        config: the configuration document the function reads (``plan.meter``).
        interval_minutes: ``meterIntervalMinutes``.
    """

    names: MeterNames
    role_policy: str
    config: dict
    interval_minutes: int


def code_archive(config: dict) -> pulumi.AssetArchive:
    """The function's code: every module and the rate table of the meter, and its config."""
    files = sorted(p for p in METER_SOURCE.iterdir() if p.suffix in (".py", ".json"))
    assets: dict[str, pulumi.Asset | pulumi.Archive] = {
        f"{PACKAGE}/{path.name}": pulumi.FileAsset(str(path)) for path in files
    }
    assets[CONFIG_FILE] = pulumi.StringAsset(json.dumps(config, indent=1, sort_keys=True) + "\n")
    return pulumi.AssetArchive(assets)


class StudioMeter(pulumi.ComponentResource):
    """The function, its schedule, its ledger, its log group and its role."""

    function_name: pulumi.Output[str]
    table_name: pulumi.Output[str]

    def __init__(
        self, name: str, args: StudioMeterArgs, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("studio-access:index:StudioMeter", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        meter = args.names.name
        table = aws.dynamodb.Table(
            f"{name}-ledger",
            name=meter,
            billing_mode="PAY_PER_REQUEST",
            hash_key=LEDGER_KEYS[0][0],
            range_key=LEDGER_KEYS[1][0],
            attributes=[{"name": key, "type": "S"} for key, _ in LEDGER_KEYS],
            opts=child,
        )
        role = aws.iam.Role(
            f"{name}-role",
            name=meter,
            path=METER_ROLE_PATH,
            description="Studio Access: the spend meter's function.",
            assume_role_policy=json.dumps(LAMBDA_TRUST),
            opts=child,
        )
        policy = aws.iam.RolePolicy(
            f"{name}-role-policy", role=role.id, policy=args.role_policy, opts=child
        )
        logs = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=args.names.log_group,
            retention_in_days=LOG_RETENTION_DAYS,
            opts=child,
        )
        function = aws.lambda_.Function(
            f"{name}-function",
            name=meter,
            role=role.arn,
            runtime=RUNTIME,
            handler=HANDLER,
            code=code_archive(args.config),
            timeout=TIMEOUT_SECONDS,
            memory_size=256,
            description="Studio Access: meters Studio apps and applies the monthly budgets.",
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy, logs, table]),
        )
        rule = aws.cloudwatch.EventRule(
            f"{name}-schedule",
            name=meter,
            schedule_expression=f"rate({args.interval_minutes} minutes)",
            description="Studio Access: run the spend meter.",
            opts=child,
        )
        aws.lambda_.Permission(
            f"{name}-invoke",
            action="lambda:InvokeFunction",
            function=function.name,
            principal="events.amazonaws.com",
            source_arn=rule.arn,
            opts=child,
        )
        aws.cloudwatch.EventTarget(f"{name}-target", rule=rule.name, arn=function.arn, opts=child)
        self.function_name = function.name
        self.table_name = table.name
        self.register_outputs({"functionName": self.function_name, "tableName": self.table_name})
