"""Every YAML and ``studio-access`` command example in the README and docs/ works as written.

An example that fails as pasted teaches the reader that the docs are wrong. So each ``yaml``
block is judged by ``check`` in a project of its own: a user file as ``users/<id>.yaml``, on main
and as the file a pull request adds; a stack example as the stack's configuration. Each
``studio-access`` command line of a ``sh`` block runs as written (``$STACK`` set), in a copy of
that project, and must exit 0; the commands that call AWS are parsed by the CLI only, since this
suite never reaches AWS (their behaviour is tested against local endpoints elsewhere).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_DIR

from components.cli.main import main, parser

DOCS = [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]
#: The commands that call AWS: parsed, never run here.
AWS_COMMANDS = {"adopt", "audit", "drain", "verify", "activity", "meter", "usage", "prices"}
#: What every stack needs besides the examples' settings, and the guard the setup guide turns on
#: before its ``scp`` and ``ci-policy --role org`` examples.
STACK = """config:
  aws:region: eu-west-1
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/service-role/Exec
  studio-access:orgGuard: true
  studio-access:deployRoleArn: arn:aws:iam::123456789012:role/studio-access-ci-deploy
  studio-access:orgGuardTargets: [ou-abcd-12345678]
  studio-access:orgGuardRoleArn: arn:aws:iam::999988887777:role/studio-access-org
"""
#: The furthest a pull request may set a date on the stack the examples are judged with, so that
#: the examples' dates stay valid for years (docs/access.md says so).
MAX_ACCESS_DAYS = "  studio-access:maxAccessDays: 3650\n"
#: What the setup guide's Identity Center section configures before its ``identity-center``
#: examples (a stack of Identity Center users).
SSO = """  studio-access:authMode: sso
  studio-access:identityStoreId: d-1234567890
  studio-access:ssoApplicationArn: arn:aws:sso::999988887777:application/ssoins-1234567890abcdef/apl-1234567890abcdef
  studio-access:identityCenterRoleArn: arn:aws:iam::999988887777:role/studio-access-identity-center
"""


def blocks(language: str) -> list[tuple[str, str]]:
    """``(where, text)`` of every fenced block in ``language``."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(rf"^ *```{language}\n(.*?)^ *```", text, re.M | re.S):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(PROJECT_DIR)}:{line}", match.group(1)))
    return found


def _stack_examples() -> list[str]:
    """The examples' stack settings (``config:`` blocks), as the lines under ``config:``."""
    return [text.split("\n", 1)[1] for _, text in blocks("yaml") if text.startswith("config:")]


USER_EXAMPLES = [(w, t) for w, t in blocks("yaml") if re.search(r"^id: ", t, re.M)]
STACK_EXAMPLES = [(w, t) for w, t in blocks("yaml") if t.startswith("config:")]


def project(root: Path, users: dict[str, str] | None = None, extra: str = "") -> Path:
    """A git repository with stacks ``dev`` and ``prod`` that hold every stack example."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    stack = STACK + MAX_ACCESS_DAYS + extra + "".join(_stack_examples())
    for name in ("dev", "prod"):
        (root / f"Pulumi.{name}.yaml").write_text(stack)
    (root / "users").mkdir(exist_ok=True)
    for user_id, text in (users or {"bo": "id: bo\n"}).items():
        (root / "users" / f"{user_id}.yaml").write_text(text)
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-qm", "base")):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )
    return root


def test_the_docs_have_examples_of_each_kind():
    assert len(USER_EXAMPLES) >= 3 and STACK_EXAMPLES
    assert len(COMMANDS) >= 10


@pytest.mark.parametrize(("where", "text"), USER_EXAMPLES, ids=[w for w, _ in USER_EXAMPLES])
def test_a_user_file_example_passes_check_as_written(where, text, tmp_path, monkeypatch, capsys):
    user_id = yaml.safe_load(text)["id"]
    root = project(tmp_path)
    monkeypatch.chdir(root)
    (root / "users" / f"{user_id}.yaml").write_text(text)
    assert main(["check", "--stack", "dev"]) == 0, capsys.readouterr().out
    assert main(["check", "--stack", "dev", "--base", "main"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(("where", "text"), STACK_EXAMPLES, ids=[w for w, _ in STACK_EXAMPLES])
def test_a_stack_example_is_a_valid_stack(where, text, tmp_path, monkeypatch, capsys):
    root = project(tmp_path)
    (root / "Pulumi.dev.yaml").write_text(STACK + text.split("\n", 1)[1])
    monkeypatch.chdir(root)
    assert main(["check", "--stack", "dev"]) == 0, capsys.readouterr().out


def _commands() -> list[tuple[str, str]]:
    """``(where, command)`` for every ``studio-access`` command line of a ``sh`` block, and
    every inline one (in backticks) that names no placeholder."""
    found = []
    for where, text in blocks("sh"):
        for line in text.replace("\\\n", " ").splitlines():
            line = line.strip()
            match = re.search(r"(?:venv/bin/)?studio-access [^;&|#]*(?:> \S+)?", line)
            if match and not line.startswith("#"):
                found.append((where, match.group(0).strip()))
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"`((?:venv/bin/)?studio-access [^`<]*)`", text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(PROJECT_DIR)}:{line}", match.group(1)))
    return found


COMMANDS = _commands()


@pytest.mark.parametrize(("where", "command"), COMMANDS, ids=[c for _, c in COMMANDS])
def test_a_command_example_runs_as_written(where, command, tmp_path):
    words = command.split()
    subcommand = words[1]
    if subcommand in AWS_COMMANDS:
        argv = [w.replace('"$STACK"', "dev") for w in words[1:]]
        parser().parse_args(argv)  # exits 2 on an option the CLI does not have
        return
    sso = "identity-center" in command
    users = {"ana": "id: ana\nprincipal: {type: identity-center, user_name: ana}\n"}
    root = project(tmp_path, users if sso else {"alice": "id: alice\n"}, SSO if sso else "")
    (root / "venv").symlink_to(PROJECT_DIR / "venv")
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=root,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(PROJECT_DIR),
            "PATH": f"{PROJECT_DIR / 'venv' / 'bin'}:{os.environ['PATH']}",
            "STACK": "dev",
            "PULUMI_STACK": "dev",
        },
        timeout=120,
    )
    assert result.returncode == 0, f"{where}: {command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
