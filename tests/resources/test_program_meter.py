"""The meter in the program, under the SDK's mocks: deployed with a budget, absent without.

With a budget the program registers the function (its code the repository's meter package and
the stack's configuration), its EventBridge schedule, the on-demand ledger and a role whose only
policy writes nothing but the domain's apps, the over-budget mark, its table and its log group:
checked request by request with the project's IAM evaluator.
"""

from __future__ import annotations

import json

import pulumi
import pytest
from pulumi_harness import RecordingMocks, run_program
from test_program import BASE, DOMAIN, write_users

from components.meter.function.ledger import KEYS
from components.policies.meter_role import METER_ROLE_PATH
from components.proof.iam.evaluator import Policy, Request, evaluate
from components.resources.meter import LEDGER_KEYS

FUNCTION = "aws:lambda/function:Function"
TABLE = "aws:dynamodb/table:Table"
RULE = "aws:cloudwatch/eventRule:EventRule"
TARGET = "aws:cloudwatch/eventTarget:EventTarget"
PERMISSION = "aws:lambda/permission:Permission"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ROLE = "aws:iam/role:Role"
USERS = {
    "dana": "id: dana\nstudio:\n  monthly_budget_usd: 300\n",
    "erik": "id: erik\n",
}
METER_TYPES = (FUNCTION, TABLE, RULE, TARGET, PERMISSION, ROLE_POLICY)
#: A stack budget for everyone (a high one), which dana's own file lowers.
METERED = {**BASE, "studio": json.dumps({"monthly_budget_usd": 10000})}


@pytest.fixture
def project(tmp_path):
    return write_users(tmp_path, USERS)


def only(run, typ):
    [resource] = run.mocks.of_type(typ)
    return resource


def test_no_budget_no_meter(tmp_path):
    root = write_users(tmp_path, {"erik": "id: erik\n"})
    run = run_program({**BASE, "studio": json.dumps({"idle_timeout_minutes": 120})}, cwd=root)
    for typ in METER_TYPES:
        assert run.mocks.of_type(typ) == [], typ
    assert "meterTableName" not in run.outputs


def test_a_budget_deploys_function_schedule_table_and_role(project):
    run = run_program({**METERED, "meterIntervalMinutes": "10"}, cwd=project, stack="prod")
    name = "studio-access-meter-prod"
    table = only(run, TABLE)
    assert table.inputs["name"] == name and table.inputs["billingMode"] == "PAY_PER_REQUEST"
    assert (table.inputs["hashKey"], table.inputs["rangeKey"]) == ("pk", "sk")
    assert LEDGER_KEYS == KEYS
    rule = only(run, RULE)
    assert rule.inputs["scheduleExpression"] == "rate(10 minutes)"
    function = only(run, FUNCTION)
    assert function.inputs["name"] == name
    assert function.inputs["handler"] == "meter.lambda_handler.handler"
    assert only(run, TARGET).inputs["arn"] == f"arn:aws:lambda::123456789012:{function.name}"
    assert only(run, PERMISSION).inputs["principal"] == "events.amazonaws.com"
    [role] = [r for r in run.mocks.of_type(ROLE) if r.inputs.get("name") == name]
    assert role.inputs["path"] == METER_ROLE_PATH
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert run.outputs["meterTableName"] == name


def test_the_function_packages_the_meter_and_the_stacks_budgets(project):
    run = run_program(METERED, cwd=project, stack="prod")
    code = only(run, FUNCTION).inputs["code"]
    assets = code.assets
    assert "meter/lambda_handler.py" in assets and "meter/rates.json" in assets
    config = json.loads(assets["meter_config.json"].text)
    assert config["table"] == "studio-access-meter-prod" and config["domainId"] == DOMAIN
    assert config["people"]["dana"]["budgetUsd"] == 300
    assert config["people"]["erik"]["budgetUsd"] == 10000


def test_the_default_interval_is_5_minutes(project):
    run = run_program(METERED, cwd=project)
    assert only(run, RULE).inputs["scheduleExpression"] == "rate(5 minutes)"


@pytest.mark.parametrize("interval", ["1", "61", "five"])
def test_an_interval_outside_2_to_60_deploys_nothing(project, interval):
    mocks = RecordingMocks()
    with pytest.raises(pulumi.RunError, match="meterIntervalMinutes"):
        run_program({**METERED, "meterIntervalMinutes": interval}, cwd=project, mocks=mocks)
    assert mocks.resources == []


TABLE_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/studio-access-meter-prod"
PROFILE = f"arn:aws:sagemaker:eu-west-1:123456789012:user-profile/{DOMAIN}/dana"
MARK = {"aws:TagKeys": ["studiouserid-over-budget"]}
LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/studio-access-meter-prod:log-stream:x"

ALLOWED = [
    Request("sagemaker:ListApps", "*"),
    Request("sagemaker:ListSpaces", "*"),
    Request("sagemaker:DescribeUserProfile", PROFILE),
    Request(
        "sagemaker:DeleteApp", f"arn:aws:sagemaker:eu-west-1:1:app/{DOMAIN}/dana/jupyterlab/default"
    ),
    Request("sagemaker:AddTags", PROFILE, MARK),
    Request("sagemaker:DeleteTags", PROFILE, MARK),
    *(
        Request(f"dynamodb:{a}", TABLE_ARN)
        for a in ("BatchGetItem", "PutItem", "UpdateItem", "DeleteItem", "Query")
    ),
    Request("logs:PutLogEvents", LOGS),
]
OUTSIDE = [
    Request(
        "sagemaker:DeleteApp",
        "arn:aws:sagemaker:eu-west-1:1:app/d-other0000/dana/jupyterlab/default",
    ),
    Request("sagemaker:AddTags", PROFILE, {"aws:TagKeys": ["studiouserid"]}),
    Request(
        "sagemaker:AddTags", PROFILE, {"aws:TagKeys": ["studiouserid-over-budget", "studiouserid"]}
    ),
    Request("sagemaker:DeleteTags", PROFILE, {"aws:TagKeys": ["studiouserid-profile"]}),
    Request("sagemaker:AddTags", PROFILE),
    Request("sagemaker:UpdateUserProfile", PROFILE),
    Request("sagemaker:CreatePresignedDomainUrl", PROFILE),
    Request("sagemaker:DeleteSpace", f"arn:aws:sagemaker:eu-west-1:1:space/{DOMAIN}/dana-space"),
    Request("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:123456789012:table/other"),
    Request("dynamodb:DeleteTable", TABLE_ARN),
    Request(
        "logs:PutLogEvents", "arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/other:log-stream:x"
    ),
    Request(
        "lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:1:function:studio-access-meter-prod"
    ),
    Request("iam:TagRole", "arn:aws:iam::1:role/studio-access/dana/dana", MARK),
    Request(
        "iam:PutRolePolicy", "arn:aws:iam::1:role/studio-access/_meter/studio-access-meter-prod"
    ),
    Request("events:PutRule", "arn:aws:events:eu-west-1:1:rule/studio-access-meter-prod"),
    Request("s3:PutObject", "arn:aws:s3:::bucket/key"),
]


def test_the_role_may_do_its_job_and_write_nothing_else(project):
    run = run_program(METERED, cwd=project, stack="prod")
    policy = Policy(only(run, ROLE_POLICY).inputs["policy"], "meter")
    for request in ALLOWED:
        assert evaluate([policy], request).allowed, request
    for request in OUTSIDE:
        assert not evaluate([policy], request).allowed, request


def test_a_budget_in_a_user_file_alone_deploys_nothing(project):
    mocks = RecordingMocks()
    with pytest.raises(pulumi.RunError, match="needs a budget in the stack too"):
        run_program(BASE, cwd=project, mocks=mocks)
    assert mocks.resources == []
