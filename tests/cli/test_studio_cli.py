"""Studio settings in the CLI: ``check`` on bad values, the ``settings`` command, the PR report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import STACK_REQUIRED
from test_changes import git
from test_cli import run_cli

from components.core.aws_values import app_instance_types

STACK = """\
config:
  aws:region: eu-west-1
  studio-access:studio:
    idle_timeout_minutes: 120
    max_idle_timeout_minutes: 480
    ebs_default_gb: 20
  studio-access:teams:
    gpu:
      default_instance_type: ml.g5.xlarge
      allowed_instance_types: [ml.t3.medium, ml.g5.xlarge]
      max_idle_timeout_minutes: 240
      ebs_max_gb: 500
"""
USERS = {
    "dana": "id: dana\nteam: gpu\nstudio:\n  idle_timeout_minutes: 180\n",
    "erik": "id: erik\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(STACK + STACK_REQUIRED)
    (tmp_path / "users").mkdir()
    for user_id, text in USERS.items():
        (tmp_path / "users" / f"{user_id}.yaml").write_text(text)
    return tmp_path


def problems(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def test_bad_values_in_user_files_fail_check_with_file_line_and_range(project):
    (project / "users" / "dana.yaml").write_text(
        "id: dana\nteam: gpu\nstudio:\n  idle_timeout_minutes: 30\n  ebs_max_gb: 20000\n"
    )
    (project / "users" / "erik.yaml").write_text(
        "id: erik\nteam: gpu\nstudio:\n  idle_timeout_minutes: 300\n"
        "  default_instance_type: ml.g5.2xlarg\n"
    )
    result = run_cli("check", "--stack", "dev", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert problems(result) == [
        "users/dana.yaml:4:3: error: studio.idle_timeout_minutes must be a whole number of "
        "minutes from 60 to 525,600, got 30",
        "users/dana.yaml:5:3: error: studio.ebs_max_gb must be a whole number of GB from 5 to "
        "16,384, got 20000",
    ], "values wrong on their own stop the check before the merge is judged"
    (project / "users" / "dana.yaml").write_text(USERS["dana"])
    result = run_cli("check", "--stack", "dev", cwd=project)
    assert result.returncode == 1
    assert problems(result) == [
        "users/erik.yaml:4:3: error: studio.idle_timeout_minutes is 300 minutes, outside the "
        "allowed range: at most 240 minutes (max_idle_timeout_minutes 240 set at "
        "Pulumi.dev.yaml:11)",
        "users/erik.yaml:5:3: error: studio.default_instance_type: 'ml.g5.2xlarg' is not a "
        "SageMaker Studio instance type; nearest valid value: ml.g5.2xlarge",
    ]
    assert result.stdout.splitlines()[-1].startswith("FAILED: 2 problem(s)")


def test_bad_values_in_the_stack_file_fail_check_at_their_line(project):
    (project / "Pulumi.dev.yaml").write_text(
        STACK.replace("ml.g5.xlarge]", "ml.g5.xlarg]").replace("ebs_max_gb: 500", "ebs_max_gb: 2")
        + STACK_REQUIRED
    )
    result = run_cli("check", "--stack", "dev", "--format", "github", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=Pulumi.dev.yaml,line=12,col=7::studio-access:teams.gpu.ebs_max_gb must be "
        "a whole number of GB from 5 to 16,384, got 2"
    )
    (project / "Pulumi.dev.yaml").write_text(
        STACK.replace("ml.g5.xlarge]", "ml.g5.xlarg]") + STACK_REQUIRED
    )
    result = run_cli("check", "--stack", "dev", cwd=project)
    assert result.returncode == 1
    assert problems(result) == [
        "Pulumi.dev.yaml:10:46: error: studio-access:teams.gpu.allowed_instance_types: "
        "'ml.g5.xlarg' is not a SageMaker Studio instance type; nearest valid value: ml.g5.xlarge",
    ]


def test_an_unknown_team_fails_check(project):
    (project / "users" / "erik.yaml").write_text("id: erik\nteam: nlp\n")
    result = run_cli("check", "--stack", "dev", cwd=project)
    assert result.returncode == 1
    assert problems(result) == [
        "users/erik.yaml:2:7: error: team 'nlp' is not one of the stack's teams (gpu); nearest: gpu"
    ]


def test_settings_prints_every_users_effective_settings(project):
    result = run_cli("settings", "--stack", "dev", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "dana (team gpu)\n"
        "  idle_timeout_minutes      180 min                     from user\n"
        "  max_idle_timeout_minutes  240 min                     from team gpu\n"
        "  default_instance_type     ml.g5.xlarge                from team gpu\n"
        "  allowed_instance_types    ml.t3.medium, ml.g5.xlarge  from team gpu\n"
        "  ebs_default_gb            20 GB                       from studio\n"
        "  ebs_max_gb                500 GB                      from team gpu\n"
        "erik\n"
        "  idle_timeout_minutes      120 min  from studio\n"
        "  max_idle_timeout_minutes  480 min  from studio\n"
        "  ebs_default_gb            20 GB    from studio\n"
        "  ebs_max_gb                20 GB    from filled\n"
    )
    document = json.loads(
        run_cli("settings", "--stack", "dev", "--format", "json", cwd=project).stdout
    )
    assert document["users"]["dana"] == {
        "team": "gpu",
        "settings": {
            "idle_timeout_minutes": 180,
            "max_idle_timeout_minutes": 240,
            "default_instance_type": "ml.g5.xlarge",
            "allowed_instance_types": ["ml.t3.medium", "ml.g5.xlarge"],
            "ebs_default_gb": 20,
            "ebs_max_gb": 500,
        },
        "sources": {
            "idle_timeout_minutes": "user",
            "max_idle_timeout_minutes": "team gpu",
            "default_instance_type": "team gpu",
            "allowed_instance_types": "team gpu",
            "ebs_default_gb": "studio",
            "ebs_max_gb": "team gpu",
        },
        "hidden_instance_types": [
            t for t in app_instance_types() if t not in ("ml.t3.medium", "ml.g5.xlarge")
        ],
    }
    assert document["users"]["erik"]["team"] is None


def test_settings_refuses_bad_input_with_exit_1(project):
    (project / "users" / "erik.yaml").write_text("id: erik\nstudio: {ebs_max_gb: 1}\n")
    result = run_cli("settings", "--stack", "dev", cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    assert "users/erik.yaml:2:10: error: studio.ebs_max_gb must be a whole number of GB" in (
        result.stderr
    )


def test_the_pr_report_shows_whose_settings_a_change_moves(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    (project / "Pulumi.dev.yaml").write_text(
        STACK.replace("idle_timeout_minutes: 120", "idle_timeout_minutes: 90") + STACK_REQUIRED
    )
    (project / "users" / "dana.yaml").write_text(USERS["dana"].replace("180", "200"))
    (project / "users" / "fay.yaml").write_text("id: fay\nstudio: {ebs_max_gb: 50}\n")
    (project / "users" / "gus.yaml").write_text("id: gus\n")
    text = run_cli("check", "--stack", "dev", "--base", "main", cwd=project)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "  studio  dana: idle_timeout_minutes 180 min -> 200 min" in text.stdout
    assert "  studio  erik: idle_timeout_minutes 120 min -> 90 min" in text.stdout
    markdown = run_cli(
        "check", "--stack", "dev", "--base", "main", "--format", "markdown", cwd=project
    ).stdout
    assert "- ✏️ `dana` (`studio`)" in markdown
    assert "- ⚙️ Studio settings of `dana`: `idle_timeout_minutes` 180 min → 200 min" in markdown
    assert "- ⚙️ Studio settings of `erik`: `idle_timeout_minutes` 120 min → 90 min" in markdown
    # A new person's settings are part of their gain, not a move: their own file's are told.
    assert "- ➕ `fay` opens profile `fay` (IAM user); Studio settings: ebs\\_max\\_gb 50 GB" in (
        markdown
    )
    assert "- ➕ `gus` opens profile `gus` (IAM user)" in markdown
    assert "Studio settings of `fay`" not in markdown and "Studio settings of `gus`" not in markdown
    assert "  added   fay (user, profile fay); Studio settings: ebs_max_gb 50 GB" in text.stdout


def test_a_stack_change_lists_everyone_it_moves_on_one_line(project):
    for index in range(12):
        (project / "users" / f"u{index:02d}.yaml").write_text(f"id: u{index:02d}\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    (project / "Pulumi.dev.yaml").write_text(
        STACK.replace("ebs_default_gb: 20", "ebs_default_gb: 30") + STACK_REQUIRED
    )
    markdown = run_cli(
        "check", "--stack", "dev", "--base", "main", "--format", "markdown", cwd=project
    ).stdout
    assert (
        "- ⚙️ Studio settings of `erik`, `u00`, `u01`, `u02`, `u03`, `u04`, `u05`, `u06`, `u07`, "
        "`u08`, `u09`, `u10`, `u11`: `ebs_default_gb` 20 GB → 30 GB; `ebs_max_gb` 20 GB → 30 GB"
    ) in markdown
    assert "- ⚙️ Studio settings of `dana`: `ebs_default_gb` 20 GB → 30 GB" in markdown
