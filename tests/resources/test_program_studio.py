"""Studio settings in the program under the SDK's mocks: the ``user_settings`` each profile gets.

Defaults for everyone, a team, and a user's own override, as the engine passes them (JSON text
for the structured keys); then what bad settings do: nothing is registered.
"""

from __future__ import annotations

import json

import pulumi
import pytest
from pulumi_harness import RecordingMocks, run_program
from test_program import BASE, DEFAULT_ROLE, PROFILE, write_users

from components.core.aws_values import app_instance_types

LCC = "arn:aws:sagemaker:eu-west-1:111122223333:studio-lifecycle-config/gpu-drivers"
STUDIO = {
    "idle_timeout_minutes": 120,
    "max_idle_timeout_minutes": 480,
    "default_instance_type": "ml.t3.medium",
    "allowed_instance_types": ["ml.t3.medium", "ml.m5.large"],
    "ebs_default_gb": 20,
    "ebs_max_gb": 100,
}
TEAMS = {
    "gpu": {
        "default_instance_type": "ml.g5.xlarge",
        "allowed_instance_types": ["ml.t3.medium", "ml.g5.xlarge", "ml.g5.2xlarge"],
        "max_idle_timeout_minutes": 240,
        "ebs_max_gb": 500,
        "lifecycle_config_arns": [LCC],
    }
}
CONFIG = {**BASE, "studio": json.dumps(STUDIO), "teams": json.dumps(TEAMS)}
USERS = {
    "dana": "id: dana\nteam: gpu\nstudio:\n  idle_timeout_minutes: 180\n",
    "erik": (
        "id: erik\nexecution_role_arn: arn:aws:iam::111122223333:role/ErikExec\n"
        "studio: {ebs_max_gb: 200, min_idle_timeout_minutes: 60}\n"
    ),
    "fay": "id: fay\n",
}


def hidden(*allowed: str) -> list[str]:
    return [t for t in app_instance_types() if t not in allowed]


def app(idle: dict, instance: str, lifecycle: list[str] | None = None) -> dict:
    settings = {
        "appLifecycleManagement": {"idleSettings": {"lifecycleManagement": "ENABLED", **idle}},
        "defaultResourceSpec": {"instanceType": instance},
    }
    if lifecycle is not None:
        settings["lifecycleConfigArns"] = lifecycle
    return settings


def user_settings(run, user_id: str) -> dict:
    [profile] = [p for p in run.mocks.of_type(PROFILE) if p.name == f"{user_id}-profile"]
    return profile.inputs.get("userSettings")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return run_program(CONFIG, cwd=write_users(tmp_path_factory.mktemp("studio"), USERS))


def test_a_team_member_with_an_override_gets_all_three_levels(run):
    idle = {"idleTimeoutInMinutes": 180, "maxIdleTimeoutInMinutes": 240}
    assert user_settings(run, "dana") == {
        "executionRole": DEFAULT_ROLE,
        "jupyterLabAppSettings": app(idle, "ml.g5.xlarge", [LCC]),
        "codeEditorAppSettings": app(idle, "ml.g5.xlarge", [LCC]),
        "studioWebPortalSettings": {
            "hiddenInstanceTypes": hidden("ml.t3.medium", "ml.g5.xlarge", "ml.g5.2xlarge")
        },
        "spaceStorageSettings": {
            "defaultEbsStorageSettings": {
                "defaultEbsVolumeSizeInGb": 20,
                "maximumEbsVolumeSizeInGb": 500,
            }
        },
    }


def test_a_user_without_a_team_gets_the_defaults_and_their_own_role(run):
    idle = {
        "idleTimeoutInMinutes": 120,
        "minIdleTimeoutInMinutes": 60,
        "maxIdleTimeoutInMinutes": 480,
    }
    assert user_settings(run, "erik") == {
        "executionRole": "arn:aws:iam::111122223333:role/ErikExec",
        "jupyterLabAppSettings": app(idle, "ml.t3.medium"),
        "codeEditorAppSettings": app(idle, "ml.t3.medium"),
        "studioWebPortalSettings": {"hiddenInstanceTypes": hidden("ml.t3.medium", "ml.m5.large")},
        "spaceStorageSettings": {
            "defaultEbsStorageSettings": {
                "defaultEbsVolumeSizeInGb": 20,
                "maximumEbsVolumeSizeInGb": 200,
            }
        },
    }
    fay = user_settings(run, "fay")
    assert fay["executionRole"] == DEFAULT_ROLE, "pulumi-aws needs a role beside the settings"
    assert fay["spaceStorageSettings"]["defaultEbsStorageSettings"] == {
        "defaultEbsVolumeSizeInGb": 20,
        "maximumEbsVolumeSizeInGb": 100,
    }


def test_only_the_keys_set_are_sent(tmp_path):
    config = {**BASE, "studio": json.dumps({"ebs_max_gb": 50})}
    users = {"fay": "id: fay\n", "gus": "id: gus\nstudio:\n  idle_timeout_minutes: 90\n"}
    run = run_program(config, cwd=write_users(tmp_path, users))
    assert user_settings(run, "fay") == {
        "executionRole": DEFAULT_ROLE,
        "spaceStorageSettings": {
            "defaultEbsStorageSettings": {
                "defaultEbsVolumeSizeInGb": 5,
                "maximumEbsVolumeSizeInGb": 50,
            }
        },
    }, "a lone maximum is paired with SageMaker's default size; nothing else is sent"
    idle = {
        "appLifecycleManagement": {
            "idleSettings": {"lifecycleManagement": "ENABLED", "idleTimeoutInMinutes": 90}
        }
    }
    assert user_settings(run, "gus") == {
        "executionRole": DEFAULT_ROLE,
        "jupyterLabAppSettings": idle,
        "codeEditorAppSettings": idle,
        "spaceStorageSettings": {
            "defaultEbsStorageSettings": {
                "defaultEbsVolumeSizeInGb": 5,
                "maximumEbsVolumeSizeInGb": 50,
            }
        },
    }


def test_without_settings_the_domain_defaults_apply(tmp_path):
    run = run_program(BASE, cwd=write_users(tmp_path, {"fay": "id: fay\n"}))
    assert user_settings(run, "fay") is None


@pytest.mark.parametrize(
    ("config", "users", "expected"),
    [
        (
            {**CONFIG, "studio": json.dumps({"idle_timeout_minutes": 30})},
            {"fay": "id: fay\n"},
            "stack test: error: studio-access:studio.idle_timeout_minutes must be a whole number "
            "of minutes from 60 to 525,600, got 30",
        ),
        (
            CONFIG,
            {"dana": "id: dana\nteam: gpus\n"},
            "users/dana.yaml:2:7: error: team 'gpus' is not one of the stack's teams (gpu); "
            "nearest: gpu",
        ),
        (
            CONFIG,
            {"dana": "id: dana\nteam: gpu\nstudio:\n  idle_timeout_minutes: 300\n"},
            "users/dana.yaml:4:3: error: studio.idle_timeout_minutes is 300 minutes, outside the "
            "allowed range: at most 240 minutes (max_idle_timeout_minutes 240 set in stack test)",
        ),
        (
            CONFIG,
            {"dana": "id: dana\nstudio:\n  default_instance_type: ml.g5.xlarg\n"},
            "'ml.g5.xlarg' is not a SageMaker Studio instance type; nearest valid value: "
            "ml.g5.xlarge",
        ),
    ],
    ids=["stack-range", "unknown-team", "user-above-team-maximum", "instance-type"],
)
def test_bad_settings_stop_the_run_before_anything_is_registered(tmp_path, config, users, expected):
    mocks = RecordingMocks()
    with pytest.raises(pulumi.RunError) as error:
        run_program(config, cwd=write_users(tmp_path, users), mocks=mocks)
    assert expected in str(error.value)
    assert "nothing deployed" in str(error.value)
    assert mocks.resources == []
