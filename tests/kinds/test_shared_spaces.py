"""``defaultSpaceExecutionRoleArn``: the role apps in shared spaces run as, guarded and proven
like the domain's default execution role (the program's attachment: tests/resources/test_program.py;
audit's reading of DefaultSpaceSettings: tests/aws/test_aws_audit.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from components.cli.main import main
from components.core import statement_ids as sid
from components.core.settings.stack import Settings
from components.policies.execution_role import build_execution_role_policy
from components.policies.member import build_policy

PROJECT = Path(__file__).resolve().parents[2]
SPACE_ROLE = "arn:aws:iam::123456789012:role/service-role/SharedSpaces"
STACK = """config:
  aws:region: eu-west-1
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/service-role/Default
"""


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    shutil.copytree(PROJECT / "users", tmp_path / "users")
    monkeypatch.chdir(tmp_path)

    def run(extra: str) -> tuple[int, str]:
        (tmp_path / "Pulumi.s.yaml").write_text(STACK + extra)
        capsys.readouterr()
        code = main(["check", "--stack", "s"])
        out, err = capsys.readouterr()
        return code, out + err

    return run


def test_check_names_and_proves_the_shared_spaces_role(cli):
    code, out = cli(f"  studio-access:defaultSpaceExecutionRoleArn: {SPACE_ROLE}\n")
    assert code == 0, out
    match = re.search(r"  proven     execution role \(shared spaces\): (\d+) of \1 attacks", out)
    assert match, out
    code, out = cli("")
    assert "shared spaces" not in out, "without the key the default role is the spaces' role"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("arn:aws:iam::123456789012:user/Bob", "is not a valid ARN; for example"),
        ("arn:aws-cn:iam::123456789012:role/Spaces", "aws-cn"),
    ],
)
def test_a_bad_shared_spaces_role_is_refused_on_its_line(cli, value, message):
    code, out = cli(f"  studio-access:defaultSpaceExecutionRoleArn: {value}\n")
    assert code == 1
    [line] = [line for line in out.splitlines() if "defaultSpaceExecutionRoleArn" in line]
    assert line.startswith("Pulumi.s.yaml:5:3: error: studio-access:defaultSpaceExecutionRoleArn")
    assert message in line
    assert "Traceback" not in out


def test_the_guards_keep_its_trust_as_they_keep_the_default_roles():
    settings = Settings(
        default_execution_role_arn="arn:aws:iam::123456789012:role/service-role/Default",
        default_space_execution_role_arn=SPACE_ROLE,
    )
    for document in (build_policy(settings), build_execution_role_policy(settings)):
        [managed] = [s for s in document["Statement"] if s["Sid"] == sid.MANAGED_PRINCIPALS]
        assert "arn:aws:iam::*:role/service-role/SharedSpaces" in managed["Resource"]
        assert "arn:aws:iam::*:role/service-role/Default" in managed["Resource"]
    assert Settings(default_execution_role_arn=SPACE_ROLE).shared_space_role_arn == SPACE_ROLE
