"""Stack files (``Pulumi.yaml``, ``Pulumi.<stack>.yaml``) read as strictly as user files.

One mapping, no duplicate keys, no anchors, typed values, every problem with
``file:line:column`` and every problem in one run; a stack that does not exist is a usage error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components.core.problems import InputError, UsageError
from components.core.settings.stack import Settings
from components.roster.stack_files import load_stack_settings

DEPLOY = "arn:aws:iam::123456789012:role/studio-access-ci-deploy"
EXEC = "arn:aws:iam::123456789012:role/service-role/Exec"
#: What a deployment needs, and so every stack file: ``--stack`` requires it.
REQUIRED = f"  studio-access:domainId: d-abc123\n  studio-access:defaultExecutionRoleArn: {EXEC}\n"


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
        "  studio-access:defaultExecutionRoleArn: arn:aws-us-gov:iam::123456789012:role/Exec\n"
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
        default_execution_role_arn="arn:aws-us-gov:iam::123456789012:role/Exec",
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
        f"config:\n{REQUIRED}  studio-access:polcy: seed\n  studio-access:orgGuard: yes-please\n",
        project="name: studio-access\nconfig:\n  studio-access:tagKey: [a]\n",
    )
    assert found == [
        "Pulumi.dev.yaml:4:3: error: unknown configuration key studio-access:polcy; did you mean studio-access:policy?",
        "Pulumi.dev.yaml:5:3: error: studio-access:orgGuard must be true or false, got 'yes-please'",
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


def test_without_a_stack_the_project_file_and_the_defaults_apply(tmp_path):
    assert load_stack_settings(None, stack(tmp_path, "")) == Settings()


@pytest.mark.parametrize("text", ["", "config:\n  studio-access:policy: seed\n"])
def test_a_stack_needs_what_a_deployment_needs(tmp_path, text):
    assert problems(tmp_path, text) == [
        "Pulumi.dev.yaml: error: studio-access:defaultExecutionRoleArn is required: pulumi config "
        "set defaultExecutionRoleArn arn:aws:iam::123456789012:role/service-role/SageMakerExecution",
        "Pulumi.dev.yaml: error: studio-access:domainId is required: pulumi config set domainId "
        "d-xxxxxxxxxxxx",
    ]
    folder = stack(tmp_path, f"config:\n{REQUIRED}")
    assert load_stack_settings("dev", folder) == Settings(
        domain_id="d-abc123", default_execution_role_arn=EXEC
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "studio-acess:domainId: d-abc\n",
            "Pulumi.dev.yaml:4:3: error: unknown configuration namespace 'studio-acess': Pulumi "
            "would pass 'studio-acess:domainId' to no one and the default would stay in force; "
            "did you mean studio-access:domainId?",
        ),
        (
            "Studio-Access:tagKey: team\n",
            "Pulumi.dev.yaml:4:3: error: unknown configuration namespace 'Studio-Access'",
        ),
        (
            "studio_access:profileDeletion: delete\n",
            "did you mean studio-access:profileDeletion?",
        ),
        (
            "profileDeletion: delete\n",
            "Pulumi.dev.yaml:4:3: error: configuration key 'profileDeletion' has no namespace, "
            "which Pulumi refuses in a stack file; write studio-access:profileDeletion",
        ),
        ("tagkey: team\n", "write studio-access:tagKey"),
    ],
)
def test_misspelt_namespaces_and_keys_without_one_are_refused(tmp_path, line, expected):
    found = problems(tmp_path, f"config:\n{REQUIRED}  {line}")
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("konfig", "unknown top-level key 'konfig' (did you mean 'config'?)"),
        (
            "secretsProvider",
            "unknown top-level key 'secretsProvider' (did you mean 'secretsprovider'?)",
        ),
        ("values", "unknown top-level key 'values' (a stack file takes config, secretsprovider, "),
    ],
)
def test_an_unknown_top_level_key_of_a_stack_file_is_refused_at_its_line(tmp_path, key, expected):
    found = problems(tmp_path, f"# a stack\n{key}:\n{REQUIRED}")
    assert len(found) == 1 and found[0].startswith(f"Pulumi.dev.yaml:2:1: error: {expected}"), found


def test_every_top_level_key_pulumi_declares_is_accepted(tmp_path):
    text = (
        f"secretsprovider: passphrase\nencryptedkey: abc\nencryptionsalt: v1:abc\n"
        f"environment: [shared]\nconfig:\n{REQUIRED}"
    )
    assert load_stack_settings("dev", stack(tmp_path, text)).domain_id == "d-abc123"


def test_the_project_file_may_hold_keys_pulumi_does_not_declare(tmp_path):
    project = "name: studio-access\nruntime: python\npackages: {}\nsomething: 1\n"
    folder = stack(tmp_path, f"config:\n{REQUIRED}", project)
    assert load_stack_settings("dev", folder).domain_id == "d-abc123"


def test_other_providers_namespaces_are_left_to_pulumi(tmp_path):
    text = (
        f"config:\n{REQUIRED}  aws:region: eu-west-1\n  aws:profile: prod\n"
        "  pulumi:disable-default-providers: ['*']\n  kubernetes:context: x\n  random:x: 1\n"
    )
    settings = load_stack_settings("dev", stack(tmp_path, text))
    assert settings.region == "eu-west-1" and settings.domain_id == "d-abc123"


@pytest.mark.parametrize("word", ["yes", "Yes", "on", "y", "no", "off"])
def test_yaml_11_booleans_are_text_as_pulumi_reads_them(tmp_path, word):
    found = problems(tmp_path, f"config:\n{REQUIRED}  studio-access:orgGuard: {word}\n")
    assert found == [
        f"Pulumi.dev.yaml:4:3: error: studio-access:orgGuard must be true or false, got "
        f"'{word}' (Pulumi reads YAML 1.2, where {word} is text, not a boolean: write true or false)"
    ]
    # As text they mean what Pulumi sees: a tag key "yes" is a tag key.
    folder = stack(tmp_path, f"config:\n{REQUIRED}  studio-access:tagKey: {word}\n")
    assert load_stack_settings("dev", folder).tag_key == word


@pytest.mark.parametrize("word", ["true", "True", "TRUE"])
def test_yaml_12_booleans_are_booleans(tmp_path, word):
    deploy = f"  studio-access:deployRoleArn: {DEPLOY}\n  studio-access:orgGuardTargets: [r-ab12]\n"
    folder = stack(tmp_path, f"config:\n{REQUIRED}{deploy}  studio-access:orgGuard: {word}\n")
    assert load_stack_settings("dev", folder).org_guard is True


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("eu-wst-1x", "aws"),
        ("cn-north", "aws-cn"),
        ("us-gov-west", "aws-us-gov"),
        ("EU-WEST-1", "aws"),
    ],
)
def test_the_region_must_be_one_of_its_partition(tmp_path, region, partition):
    found = problems(tmp_path, f"config:\n  aws:region: {region}\n{REQUIRED}")
    assert found[0].startswith(
        f"Pulumi.dev.yaml:2:3: error: aws:region: '{region}' is not a region name of partition "
        f"'{partition}'"
    ), found


def test_a_region_from_the_environment_is_checked_too(monkeypatch):
    monkeypatch.setenv("AWS_REGION", "moon-base-1")
    with pytest.raises(InputError, match="AWS_REGION: 'moon-base-1' is not a region name"):
        Settings.from_mapping({})


@pytest.mark.parametrize("tag_key", ["a b", "team,x", "it's", "a$b", "{a}", "a\tb"])
def test_a_tag_key_no_policy_variable_can_hold_is_refused(tmp_path, tag_key):
    with pytest.raises(InputError) as error:
        Settings.from_mapping({"tagKey": tag_key})
    (problem,) = error.value.problems
    assert (
        f"tagKey {tag_key!r} cannot be used" in problem.message
        or "is not a valid AWS tag key" in problem.message
    )
    assert "policy variable" in problem.message or "is not a valid AWS tag key" in problem.message


def test_a_tag_key_with_a_space_is_one_message_not_a_traceback(tmp_path):
    found = problems(tmp_path, f"config:\n{REQUIRED}  studio-access:tagKey: 'a b'\n")
    assert found == [
        "Pulumi.dev.yaml:4:3: error: studio-access:tagKey 'a b' cannot be used: it contains a "
        "space, which a policy variable (${aws:PrincipalTag/<tagKey>}) or a condition key cannot "
        "hold; use letters, digits and _.=+-@ only, e.g. 'studiouserid'"
    ]


def test_values_from_the_engine_arrive_as_text_and_mean_the_same():
    typed = Settings.from_mapping(
        {"orgGuard": True, "orgGuardTargets": ["r-ab12"], "deployRoleArn": DEPLOY}
    )
    text = Settings.from_mapping(
        {"orgGuard": "true", "orgGuardTargets": '["r-ab12"]', "deployRoleArn": DEPLOY}
    )
    assert typed == text
