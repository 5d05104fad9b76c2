"""A message names the real cause, at the line that holds it.

Each case once pointed elsewhere: at the users folder for a stack setting, at "is required" for
a value of the wrong type, at "nested" for a list where a mapping belongs, at the wrong nearest
instance type for one written in upper case.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from components.core import aws_values

EXEC = "arn:aws:iam::123456789012:role/Exec"


def check(tmp_path: Path, lines: str) -> subprocess.CompletedProcess:
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.s.yaml").write_text(
        f"config:\n  aws:region: eu-west-1\n  studio-access:defaultExecutionRoleArn: {EXEC}\n{lines}"
    )
    (tmp_path / "users").mkdir()
    (tmp_path / "users" / "alice.yaml").write_text("id: alice\n")
    return subprocess.run(
        [sys.executable, "-m", "components", "check", "--stack", "s"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            "  studio-access:domainId: d-abc123\n  studio-access:policy: seed\n",
            "Pulumi.s.yaml:5:3: error: policy: seed leaves ",
            id="what policy: seed leaves open, at the policy line",
        ),
        pytest.param(
            "  studio-access:domainId: 12345\n",
            "Pulumi.s.yaml:4:3: error: studio-access:domainId must be a string, got a number\n",
            id="a domainId of the wrong type is not 'required'",
        ),
        pytest.param(
            "  studio-access:domainId: d-abc123\n  studio-access:teams:\n    - gpu: {ebs_max_gb: 5}\n",
            "Pulumi.s.yaml:6:5: error: studio-access:teams must be a mapping (team name: "
            "settings), got a list",
            id="teams as a list",
        ),
        pytest.param(
            "  studio-access:domainId: d-abc123\n"
            "  studio-access:studio: {default_instance_type: ML.T3.MEDIUM}\n",
            "nearest valid value: ml.t3.medium",
            id="an instance type in upper case",
        ),
    ],
)
def test_the_message_names_the_cause_where_it_stands(tmp_path, lines, expected):
    result = check(tmp_path, lines)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert expected in output, output
    assert "users: error" not in output and " is required" not in output
    assert "Traceback" not in output


def test_the_nearest_instance_type_ignores_case_first():
    assert aws_values.nearest("ML.T3.MEDIUM", ("ml.t3.small", "ml.t3.medium")) == "ml.t3.medium"
    assert aws_values.nearest("ml.t3.mediun", ("ml.t3.small", "ml.t3.medium")) == "ml.t3.medium"
