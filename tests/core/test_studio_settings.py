"""Studio settings: one validator for user files, stack files and the engine's JSON, then the merge.

Each level's values are judged where they stand (file, line, column); the merge of defaults ←
team ← user is judged at the more specific value, naming where the other one was set.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import botocore.session
import pytest
import yaml
from conftest import STACK_REQUIRED

from components.core import aws_values
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.core.settings.studio import APPS, STUDIO_KEYS
from components.roster.stack_files import load_stack_settings
from components.roster.studio_effective import effective_settings, resolve
from components.roster.users import UserSpec, parse_user

LCC = "arn:aws:sagemaker:eu-west-1:123456789012:studio-lifecycle-config/gpu-drivers"
EVERY_KEY = {
    "idle_timeout_minutes": 120,
    "min_idle_timeout_minutes": 60,
    "max_idle_timeout_minutes": 480,
    "default_instance_type": "ml.t3.medium",
    "allowed_instance_types": ["ml.t3.medium", "ml.g5.xlarge"],
    "lifecycle_config_arns": [LCC],
    "ebs_default_gb": 20,
    "ebs_max_gb": 100,
    "monthly_budget_usd": 250.5,
    "budget_warning_percent": 75,
}
EXPECTED_VALUES = (
    ("idle_timeout_minutes", 120),
    ("min_idle_timeout_minutes", 60),
    ("max_idle_timeout_minutes", 480),
    ("default_instance_type", "ml.t3.medium"),
    ("allowed_instance_types", ("ml.t3.medium", "ml.g5.xlarge")),
    ("lifecycle_config_arns", (("jupyterlab", (LCC,)), ("code_editor", (LCC,)))),
    ("ebs_default_gb", 20),
    ("ebs_max_gb", 100),
    ("monthly_budget_usd", 250.5),
    ("budget_warning_percent", 75),
)


def user(text: str, name: str = "dana") -> tuple[UserSpec | None, list[str]]:
    problems: list[Problem] = []
    spec = parse_user(f"users/{name}.yaml", text.encode(), problems)
    return spec, [str(p) for p in problems]


def stack(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(text + STACK_REQUIRED)
    return load_stack_settings("dev", tmp_path)


def stack_problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputError) as error:
        stack(tmp_path, text)
    return [str(p).replace(f"{tmp_path}/", "") for p in error.value.problems]


def test_every_key_reads_the_same_from_a_user_file_a_stack_file_and_the_engine(tmp_path):
    spec, problems = user("id: dana\nstudio: " + json.dumps(EVERY_KEY) + "\n")
    assert problems == []
    assert spec.studio.values == EXPECTED_VALUES
    from_file = stack(
        tmp_path,
        "config:\n  studio-access:studio: "
        + json.dumps(EVERY_KEY)
        + "\n  studio-access:teams: "
        + json.dumps({"gpu": EVERY_KEY})
        + "\n",
    )
    from_engine = Settings.from_mapping(
        {"studio": json.dumps(EVERY_KEY), "teams": json.dumps({"gpu": EVERY_KEY})}
    )
    assert from_file.studio.values == from_engine.studio.values == EXPECTED_VALUES
    assert from_file.teams == from_engine.teams
    assert dict(from_file.teams)["gpu"].values == EXPECTED_VALUES
    assert hash(from_file.studio) == hash(from_engine.studio), "settings stay hashable"
    assert hash(from_file.teams) == hash(from_engine.teams)


def test_lifecycle_configurations_per_app_and_digits_in_quotes():
    other = LCC.replace("gpu-drivers", "editor")
    spec, problems = user(
        "id: dana\nstudio:\n  ebs_max_gb: '200'\n  lifecycle_config_arns:\n"
        f"    code_editor: [{other}]\n    jupyterlab: [{LCC}]\n"
    )
    assert problems == []
    assert spec.studio.as_dict() == {
        "lifecycle_config_arns": (("jupyterlab", (LCC,)), ("code_editor", (other,))),
        "ebs_max_gb": 200,
    }
    assert APPS == ("jupyterlab", "code_editor")


@pytest.mark.parametrize(
    ("studio", "expected"),
    [
        (
            "  idle_timeout_minutes: 30\n",
            "users/dana.yaml:4:3: error: studio.idle_timeout_minutes must be a whole number of "
            "minutes from 60 to 525,600, got 30",
        ),
        (
            "  max_idle_timeout_minutes: 525601\n",
            "users/dana.yaml:4:3: error: studio.max_idle_timeout_minutes must be a whole number "
            "of minutes from 60 to 525,600, got 525601",
        ),
        (
            "  ebs_max_gb: 20000\n",
            "users/dana.yaml:4:3: error: studio.ebs_max_gb must be a whole number of GB from 5 to "
            "16,384, got 20000",
        ),
        (
            "  ebs_default_gb: 4.5\n",
            "users/dana.yaml:4:3: error: studio.ebs_default_gb must be a whole number of GB from "
            "5 to 16,384, got 4.5",
        ),
        (
            "  idle_timeout_minutes: true\n",
            "studio.idle_timeout_minutes must be a whole number of minutes from 60 to 525,600, "
            "got true",
        ),
        (
            "  idle_timout_minutes: 120\n",
            "users/dana.yaml:4:3: error: unknown key 'idle_timout_minutes' in studio; did you "
            "mean 'idle_timeout_minutes'?",
        ),
        (
            "  allowed_instance_types: ml.t3.medium\n",
            "users/dana.yaml:4:3: error: studio.allowed_instance_types must be a list of "
            "instance types such as [ml.t3.medium], got a string",
        ),
        (
            "  allowed_instance_types: []\n",
            "studio.allowed_instance_types must list at least one instance type",
        ),
        (
            "  allowed_instance_types: [ml.t3.medium, ml.t3.medium]\n",
            "users/dana.yaml:4:42: error: studio.allowed_instance_types: 'ml.t3.medium' is "
            "listed twice",
        ),
        (
            "  default_instance_type: [ml.t3.medium]\n",
            "studio.default_instance_type must be an instance type such as ml.t3.medium",
        ),
        (
            "  lifecycle_config_arns:\n"
            "    - arn:aws:sagemaker:eu-west-1:123456789012:lifecycle-config/x\n",
            "users/dana.yaml:5:7: error: studio.lifecycle_config_arns: "
            "'arn:aws:sagemaker:eu-west-1:123456789012:lifecycle-config/x' is not a Studio "
            "lifecycle configuration ARN; for example "
            "arn:aws:sagemaker:eu-west-1:123456789012:studio-lifecycle-config/name",
        ),
        (
            f"  lifecycle_config_arns: [{LCC.replace('aws:', 'aws-cn:', 1)}]\n",
            "is an ARN of partition 'aws-cn', but the stack's region is in partition 'aws'",
        ),
        (
            f"  lifecycle_config_arns: {{jupyterlab: [{LCC}], rstudio: [{LCC}]}}\n",
            "error: studio.lifecycle_config_arns: 'rstudio' is not an app; expected one of: "
            "jupyterlab, code_editor",
        ),
        (
            "  ebs_max_gb: 100\n  ebs_max_gb: 200\n",
            "users/dana.yaml:5:3: error: duplicate key 'ebs_max_gb' (first set on line 4)",
        ),
    ],
)
def test_bad_values_in_a_user_file_are_refused_where_they_stand(studio, expected):
    spec, problems = user(f"id: dana\nteam: gpu\nstudio:\n{studio}")
    assert spec is None
    assert any(expected in p for p in problems), problems


def test_studio_must_be_a_mapping_and_team_a_name():
    assert user("id: dana\nstudio: [120]\n")[1] == [
        "users/dana.yaml:2:9: error: studio must be a mapping of settings, got a list"
    ]
    assert user("id: dana\nteam: gpu.large\n")[1] == [
        "users/dana.yaml:2:7: error: team must be the name of a team of the stack's teams, got "
        "'gpu.large'"
    ]


def test_bad_values_in_a_stack_file_are_refused_at_their_line(tmp_path):
    problems = stack_problems(
        tmp_path,
        "config:\n"
        "  studio-access:studio:\n"
        "    idle_timeout_minutes: 30\n"
        "  studio-access:teams:\n"
        "    gpu:\n"
        "      ebs_max_gb: 0\n"
        "      idel_timeout_minutes: 60\n"
        "    gpu.large: {}\n",
    )
    assert problems == [
        "Pulumi.dev.yaml:3:5: error: studio-access:studio.idle_timeout_minutes must be a whole "
        "number of minutes from 60 to 525,600, got 30",
        "Pulumi.dev.yaml:6:7: error: studio-access:teams.gpu.ebs_max_gb must be a whole number "
        "of GB from 5 to 16,384, got 0",
        "Pulumi.dev.yaml:7:7: error: unknown key 'idel_timeout_minutes' in "
        "studio-access:teams.gpu; did you mean 'idle_timeout_minutes'?",
        "Pulumi.dev.yaml:8:5: error: team name 'gpu.large' in studio-access:teams must be 1-63 "
        "letters, digits, '-' or '_', starting with a letter or digit",
    ]


def test_only_studio_and_teams_take_nested_maps(tmp_path):
    assert stack_problems(tmp_path, "config:\n  studio-access:policy: {a: b}\n") == [
        "Pulumi.dev.yaml:2:25: error: studio-access:policy must be a plain value or a list of "
        "values, not nested"
    ]


def test_the_engine_names_the_stack_when_it_has_no_lines():
    with pytest.raises(InputError) as error:
        Settings.from_mapping({"studio": '{"ebs_max_gb": 2}', "teams": "gpu"}, source="stack prod")
    assert [str(p) for p in error.value.problems] == [
        "stack prod: error: studio-access:studio.ebs_max_gb must be a whole number of GB from 5 "
        "to 16,384, got 2",
        "stack prod: error: studio-access:teams must be a mapping of team name: settings, got a "
        "string",
    ]


# ---------------------------------------------------------------------------------------------
# The merge: defaults ← team ← user


def settings(tmp_path: Path, studio: dict, teams: dict) -> Settings:
    """A stack file in block style: each value on its own line."""
    config = {"studio-access:studio": studio, "studio-access:teams": teams}
    return stack(tmp_path, yaml.safe_dump({"config": config}, sort_keys=False))


DEFAULTS = {"idle_timeout_minutes": 120, "max_idle_timeout_minutes": 480, "ebs_default_gb": 20}
TEAMS = {
    "gpu": {
        "default_instance_type": "ml.g5.xlarge",
        "allowed_instance_types": ["ml.t3.medium", "ml.g5.xlarge"],
        "max_idle_timeout_minutes": 240,
        "ebs_max_gb": 500,
    }
}


def test_the_most_specific_level_wins_and_lists_are_replaced(tmp_path):
    dana, _ = user(
        "id: dana\nteam: gpu\nstudio:\n  idle_timeout_minutes: 180\n"
        "  allowed_instance_types: [ml.g5.xlarge]\n"
    )
    erik, _ = user("id: erik\n", "erik")
    effective = effective_settings([dana, erik], settings(tmp_path, DEFAULTS, TEAMS))
    assert effective["dana"].as_dict() == {
        "idle_timeout_minutes": 180,
        "max_idle_timeout_minutes": 240,
        "default_instance_type": "ml.g5.xlarge",
        "allowed_instance_types": ("ml.g5.xlarge",),
        "ebs_default_gb": 20,
        "ebs_max_gb": 500,
    }
    assert dict(effective["dana"].sources) == {
        "idle_timeout_minutes": "user",
        "max_idle_timeout_minutes": "team gpu",
        "default_instance_type": "team gpu",
        "allowed_instance_types": "user",
        "ebs_default_gb": "studio",
        "ebs_max_gb": "team gpu",
    }
    assert effective["dana"].team == "gpu"
    known = aws_values.app_instance_types()
    assert effective["dana"].hidden_instance_types == tuple(t for t in known if t != "ml.g5.xlarge")
    assert effective["erik"].as_dict() == {
        "idle_timeout_minutes": 120,
        "max_idle_timeout_minutes": 480,
        "ebs_default_gb": 20,
        "ebs_max_gb": 20,
    }, "a lone default size is also the maximum"
    assert dict(effective["erik"].sources)["ebs_max_gb"] == "filled"


def test_a_lone_maximum_gets_sagemakers_default_size():
    fay, _ = user("id: fay\nstudio: {ebs_max_gb: 50}\n", "fay")
    effective = effective_settings([fay], Settings())
    assert effective["fay"].as_dict() == {"ebs_default_gb": 5, "ebs_max_gb": 50}
    assert effective["fay"].hidden_instance_types == ()


def test_nothing_set_means_nothing_in_force():
    dana, _ = user("id: dana\n")
    assert effective_settings([dana], Settings())["dana"].values == ()


def problems_of(tmp_path, text: str, studio=DEFAULTS, teams=TEAMS) -> list[str]:
    spec, parse_problems = user(text)
    assert parse_problems == []
    _, problems = resolve([spec], settings(tmp_path, studio, teams))
    return [str(p).replace(f"{tmp_path}/", "") for p in problems]


def test_a_user_value_outside_the_stacks_bounds_is_reported_in_the_user_file(tmp_path):
    assert problems_of(tmp_path, "id: dana\nstudio:\n  idle_timeout_minutes: 600\n") == [
        "users/dana.yaml:3:3: error: studio.idle_timeout_minutes is 600 minutes, outside the "
        "allowed range: at most 480 minutes (max_idle_timeout_minutes 480 set at "
        "Pulumi.dev.yaml:4)"
    ]
    assert problems_of(
        tmp_path, "id: dana\nteam: gpu\nstudio:\n  min_idle_timeout_minutes: 300\n"
    ) == [
        "users/dana.yaml:4:3: error: studio.min_idle_timeout_minutes is 300 minutes, outside "
        "the allowed range: at most 120 minutes (idle_timeout_minutes 120 set at "
        "Pulumi.dev.yaml:3; max_idle_timeout_minutes 240 set at Pulumi.dev.yaml:12)"
    ]


def test_a_conflict_within_one_level_is_reported_once_however_many_inherit_it(tmp_path):
    studio = {"idle_timeout_minutes": 120, "max_idle_timeout_minutes": 90, "ebs_default_gb": 50}
    spec, _ = user("id: dana\n")
    other, _ = user("id: erik\n", "erik")
    _, problems = resolve([spec, other], settings(tmp_path, {**studio, "ebs_max_gb": 10}, {}))
    assert [str(p).replace(f"{tmp_path}/", "") for p in problems] == [
        "Pulumi.dev.yaml:4:5: error: studio-access:studio.max_idle_timeout_minutes is 90 "
        "minutes, outside the allowed range: at least 120 minutes (idle_timeout_minutes 120 set "
        "at Pulumi.dev.yaml:3)",
        "Pulumi.dev.yaml:6:5: error: studio-access:studio.ebs_max_gb is 10 GB, outside the "
        "allowed range: at least 50 GB (ebs_default_gb 50 set at Pulumi.dev.yaml:5)",
    ]


def test_a_default_instance_type_outside_the_allowed_list(tmp_path):
    assert problems_of(
        tmp_path, "id: dana\nteam: gpu\nstudio:\n  default_instance_type: ml.g5.2xlarge\n"
    ) == [
        "users/dana.yaml:4:3: error: studio.default_instance_type 'ml.g5.2xlarge' is not among "
        "the allowed_instance_types (ml.t3.medium, ml.g5.xlarge, set at Pulumi.dev.yaml:9); "
        "nearest allowed: ml.g5.xlarge"
    ]
    assert problems_of(
        tmp_path, "id: dana\nteam: gpu\nstudio:\n  allowed_instance_types: [ml.t3.medium]\n"
    ) == [
        "users/dana.yaml:4:3: error: studio.allowed_instance_types leaves out the "
        "default_instance_type 'ml.g5.xlarge' (set at Pulumi.dev.yaml:8): add it, or change "
        "the default"
    ]


def test_unknown_instance_types_get_the_nearest_valid_value(tmp_path):
    teams = {"gpu": {"allowed_instance_types": ["ml.t3.medium", "ml.g5.xlarg"]}}
    assert problems_of(
        tmp_path,
        "id: dana\nteam: gpu\nstudio:\n  default_instance_type: g5.2xlarge\n",
        {},
        teams,
    ) == [
        "Pulumi.dev.yaml:7:9: error: studio-access:teams.gpu.allowed_instance_types: "
        "'ml.g5.xlarg' is not a SageMaker Studio instance type; nearest valid value: ml.g5.xlarge",
        "users/dana.yaml:4:3: error: studio.default_instance_type: 'g5.2xlarge' is not a "
        "SageMaker Studio instance type; nearest valid value: ml.g5.2xlarge",
    ]


def test_an_unknown_team_is_refused_with_the_nearest(tmp_path):
    assert problems_of(tmp_path, "id: dana\nteam: gpus\n") == [
        "users/dana.yaml:2:7: error: team 'gpus' is not one of the stack's teams (gpu); "
        "nearest: gpu"
    ]
    spec, _ = user("id: dana\nteam: gpu\n")
    assert [str(p) for p in resolve([spec], Settings())[1]] == [
        "users/dana.yaml:2:7: error: team 'gpu' is not defined: the stack configuration has no "
        "teams (studio-access:teams)"
    ]


# ---------------------------------------------------------------------------------------------
# The instance types, from botocore's service model read as a file


def test_instance_types_are_botocores_app_instance_types():
    model = botocore.session.get_session().get_service_model("sagemaker")
    enum = model.shape_for("AppInstanceType").enum
    assert aws_values.app_instance_types() == tuple(t for t in enum if t != "system")
    assert "ml.g5.xlarge" in aws_values.app_instance_types()


def test_without_botocore_one_clear_error(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "botocore" else real(name, *args),
    )
    aws_values.app_instance_types.cache_clear()
    try:
        users = [
            user(f"id: {name}\nstudio: {{default_instance_type: ml.t3.medium}}\n", name)[0]
            for name in ("dana", "erik")
        ]
        _, problems = resolve(users, Settings())
    finally:
        aws_values.app_instance_types.cache_clear()
    assert [str(p) for p in problems] == [
        "users/dana.yaml:2:10: error: botocore is not installed, so instance types cannot be "
        "checked: install the requirements (pip install -r requirements.txt), which bring "
        "boto3 and botocore"
    ]


def test_settings_without_instance_types_never_read_the_model(monkeypatch):
    def refuse():
        raise AssertionError("the service model was read")

    monkeypatch.setattr(aws_values, "app_instance_types", refuse)
    spec, _ = user("id: dana\nstudio: {idle_timeout_minutes: 90}\n")
    assert resolve([spec], Settings())[1] == []


def test_the_keys_are_the_documented_ones():
    assert set(EVERY_KEY) == set(STUDIO_KEYS)
