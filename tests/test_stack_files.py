"""Stack files (``Pulumi.yaml``, ``Pulumi.<stack>.yaml``) read as strictly as user files.

One mapping, no duplicate keys, no anchors, typed values, every problem with
``file:line:column`` and every problem in one run; a stack that does not exist is a usage error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components.roster.problems import InputError, UsageError
from components.roster.settings import Settings
from components.roster.stack_files import load_stack_settings

DEPLOY = "arn:aws:iam::123456789012:role/studio-access-ci-deploy"


def stack(
    tmp_path: Path, text: str, project: str = "name: studio-access\nruntime: python\n"
) -> Path:
    (tmp_path / "Pulumi.yaml").write_text(project)
    (tmp_path / "Pulumi.dev.yaml").write_text(text)
    return tmp_path


def problems(tmp_path: Path, text: str, project: str | None = None) -> list[str]:
    folder = stack(tmp_path, text, *([project] if project else []))
    with pytest.raises(InputError) as error:
        load_stack_settings("dev", folder)
    return [str(p).replace(f"{folder}/", "") for p in error.value.problems]


def test_every_key_of_the_table_is_read_with_its_type(tmp_path):
    folder = stack(
        tmp_path,
        "config:\n"
        "  aws:region: us-gov-west-1\n"
        "  studio-access:domainId: d-abc123\n"
        "  studio-access:orgGuard: true\n"
        "  studio-access:deployRoleArn: arn:aws-us-gov:iam::123456789012:role/deploy\n"
        "  studio-access:breakGlassRoleArns:\n"
        "    - arn:aws-us-gov:iam::123456789012:role/BreakGlass\n"
        "  studio-access:orgGuardTargets: [ou-ab12-cdef3456, '123456789012']\n"
        "  studio-access:perUserExecutionRoles: false\n",
    )
    settings = load_stack_settings("dev", folder)
    assert settings == Settings(
        domain_id="d-abc123",
        org_guard=True,
        deploy_role_arn="arn:aws-us-gov:iam::123456789012:role/deploy",
        break_glass_role_arns=("arn:aws-us-gov:iam::123456789012:role/BreakGlass",),
        org_guard_targets=("ou-ab12-cdef3456", "123456789012"),
        region="us-gov-west-1",
    )
    assert settings.partition == "aws-us-gov"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "Pulumi.dev.yaml:1:1: error: a Pulumi file must be a mapping"),
        (
            "config:\n  studio-access:policy: seed\n  studio-access:policy: hardened\n",
            "Pulumi.dev.yaml:3:3: error: duplicate key 'studio-access:policy' (first set on line 2)",
        ),
        (
            "config:\n  studio-access:domainId: &d d-abc\n  studio-access:usersDir: *d\n",
            "Pulumi.dev.yaml:2:27: error: YAML anchors and aliases (&name, *name) are not allowed in a stack file",
        ),
        (
            "config:\n  studio-access:domainId: [d-abc\n",
            "Pulumi.dev.yaml:3:1: error: YAML syntax error",
        ),
        (
            "config: [1, 2]\n",
            "Pulumi.dev.yaml:1:9: error: 'config' must be a mapping of key: value",
        ),
        (
            "config:\n  studio-access:domainId:\n    secure: AAABAD\n",
            "Pulumi.dev.yaml:3:5: error: studio-access:domainId must be a plain value or a list of values, not a secret",
        ),
        (
            "config:\n  studio-access:orgGuard: maybe\n",
            "Pulumi.dev.yaml:2:3: error: studio-access:orgGuard must be true or false, got 'maybe'",
        ),
        (
            "config:\n  studio-access:tagKey: 123\n",
            "Pulumi.dev.yaml:2:3: error: studio-access:tagKey must be a string, got a number",
        ),
        (
            "config:\n  studio-access:breakGlassRoleArns: arn:aws:iam::123456789012:role\n",
            "Pulumi.dev.yaml:2:3: error: studio-access:breakGlassRoleArns: 'arn:aws:iam::123456789012:role' is not a valid ARN",
        ),
        (
            "config:\n  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:roleX\n",
            "is not a valid ARN; for example arn:aws:iam::123456789012:role/Name",
        ),
        (
            "config:\n  aws:region: cn-north-1\n  studio-access:deployRoleArn: arn:aws:iam::123456789012:role/d\n",
            "Pulumi.dev.yaml:3:3: error: studio-access:deployRoleArn: 'arn:aws:iam::123456789012:role/d' is an ARN of partition 'aws', but the stack's region is in partition 'aws-cn'",
        ),
        (
            "config:\n  studio-access:orgGuardTargets: [ou-x, '1234']\n",
            "studio-access:orgGuardTargets: 'ou-x' is not an account id (123456789012), an organizational unit (ou-ab12-cdef3456) or a root (r-ab12)",
        ),
        ("config:\n  studio-access:orgGuard: true\n", "studio-access:orgGuard needs deployRoleArn"),
        (
            f"config:\n  studio-access:orgGuard: true\n  studio-access:deployRoleArn: {DEPLOY}\n",
            "Pulumi.dev.yaml: error: studio-access:orgGuard needs orgGuardTargets",
        ),
        (
            "config:\n  studio-access:perUserExecutionRoles: true\n",
            "studio-access:executionRolePolicyArns must list the managed policies",
        ),
        (
            "config:\n  aws:region: [eu-west-1]\n",
            "Pulumi.dev.yaml:2:3: error: aws:region must be a region name",
        ),
        ("\tconfig: {}\n", "Pulumi.dev.yaml:1:1: error: tab character"),
    ],
)
def test_bad_stack_files_are_refused_with_file_line_and_column(tmp_path, text, expected):
    found = problems(tmp_path, text)
    assert any(expected in p for p in found), found


def test_every_problem_of_both_files_is_reported_in_one_run(tmp_path):
    found = problems(
        tmp_path,
        "config:\n  studio-access:polcy: seed\n  studio-access:orgGuard: yes-please\n",
        project="name: studio-access\nconfig:\n  studio-access:tagKey: [a]\n",
    )
    assert found == [
        "Pulumi.dev.yaml:2:3: error: unknown configuration key studio-access:polcy; did you mean studio-access:policy?",
        "Pulumi.dev.yaml:3:3: error: studio-access:orgGuard must be true or false, got 'yes-please'",
        "Pulumi.yaml:3:3: error: studio-access:tagKey must be a string, got a list",
    ]


def test_duplicate_keys_anywhere_in_either_file_are_refused_before_values_are_judged(tmp_path):
    found = problems(
        tmp_path,
        "config:\n  studio-access:domainId: d-abc\n",
        project="name: studio-access\nname: other\n",
    )
    assert found == ["Pulumi.yaml:2:1: error: duplicate key 'name' (first set on line 1)"]


def test_a_missing_stack_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no stack file for stack 'prod'"):
        load_stack_settings("prod", tmp_path)


def test_an_empty_stack_file_means_the_defaults(tmp_path):
    assert load_stack_settings("dev", stack(tmp_path, "")) == Settings()


def test_values_from_the_engine_arrive_as_text_and_mean_the_same():
    typed = Settings.from_mapping(
        {"orgGuard": True, "orgGuardTargets": ["r-ab12"], "deployRoleArn": DEPLOY}
    )
    text = Settings.from_mapping(
        {"orgGuard": "true", "orgGuardTargets": '["r-ab12"]', "deployRoleArn": DEPLOY}
    )
    assert typed == text
