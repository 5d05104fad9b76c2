"""Every YAML and ``studio-access`` command example in the README and docs/ works as written.

An example that fails as pasted teaches the reader that the docs are wrong. So each ``yaml``
block is judged by ``check`` in a project of its own: a user file as ``users/<id>.yaml`` in a copy
of this repository, with its example stack ``Pulumi.dev.yaml`` (the stack docs/users.md names), on
main and as the file a pull request adds, with the default ``maxAccessDays``; a stack example as
the stack's configuration. A date a pull request may set only within ``maxAccessDays`` of today
cannot stay valid as written: the docs mark it ("a date within maxAccessDays, e.g. …") and the
test puts a date of that range in its place; an unmarked date is judged as written. Each
``studio-access`` command line of a ``sh`` block runs as written (``$STACK`` set), in a copy of
that project, and must exit 0; the commands that call AWS are parsed by the CLI only, since this
suite never reaches AWS (their behaviour is tested against local endpoints elsewhere).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_DIR
from git_repo import git

from components.cli.main import main, parser
from components.core.access_dates import TODAY_ENV, today

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
#: What marks an example date as one the reader replaces with their own (see the module's doc).
RELATIVE_DATE = "within maxAccessDays"
#: The days after today the test sets each marked key to: within the default 365, and far enough
#: ahead that ``check`` does not warn of a date near.
DAYS_AHEAD = {"expires": 180, "review_after": 90}
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
    stack = STACK + extra + "".join(_stack_examples())
    for name in ("dev", "prod"):
        (root / f"Pulumi.{name}.yaml").write_text(stack)
    (root / "users").mkdir(exist_ok=True)
    for user_id, text in (users or {"bo": "id: bo\n"}).items():
        (root / "users" / f"{user_id}.yaml").write_text(text)
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-qm", "base")):
        git(root, *args)
    return root


def test_the_docs_have_examples_of_each_kind():
    assert len(USER_EXAMPLES) >= 3 and STACK_EXAMPLES
    assert len(COMMANDS) >= 10


def as_pasted_today(text: str, today: date) -> str:
    """``text`` with each marked date set to one within range of ``today``: marked by
    ``RELATIVE_DATE`` on its line, or on a comment line above it (for all the dates below)."""
    lines = []
    marked = False
    for line in text.splitlines(keepends=True):
        key = line.split(":", 1)[0]
        marked = marked or (line.lstrip().startswith("#") and RELATIVE_DATE in line)
        if (marked or RELATIVE_DATE in line) and key in DAYS_AHEAD:
            ahead = (today + timedelta(days=DAYS_AHEAD[key])).isoformat()
            line = re.sub(r"\d{4}-\d{2}-\d{2}", ahead, line, count=1)
        lines.append(line)
    return "".join(lines)


def repository_copy(root: Path, without: str) -> Path:
    """This repository's project, example stack and users on ``main``, less ``users/<without>``."""
    root.mkdir(parents=True)
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml"):
        shutil.copy(PROJECT_DIR / name, root / name)
    shutil.copytree(PROJECT_DIR / "users", root / "users")
    (root / "users" / f"{without}.yaml").unlink(missing_ok=True)
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-qm", "base")):
        git(root, *args)
    return root


@pytest.mark.parametrize(("where", "text"), USER_EXAMPLES, ids=[w for w, _ in USER_EXAMPLES])
def test_a_user_file_example_passes_check_as_written(where, text, tmp_path, monkeypatch, capsys):
    user_id = yaml.safe_load(text)["id"]
    root = repository_copy(tmp_path / "repo", without=user_id)
    monkeypatch.chdir(root)
    monkeypatch.delenv(TODAY_ENV, raising=False)
    (root / "users" / f"{user_id}.yaml").write_text(as_pasted_today(text, today()))
    assert main(["check", "--stack", "dev"]) == 0, capsys.readouterr().out
    assert main(["check", "--stack", "dev", "--base", "main"]) == 0, capsys.readouterr().out


def test_only_marked_dates_are_replaced_and_an_unmarked_far_date_fails():
    """The 2030 dates once in docs/users.md, unmarked, fail as a pull request's; marked, they
    are replaced by dates within the default ``maxAccessDays``."""
    day = date(2026, 12, 5)
    marked = f"id: x\nexpires: 2030-06-30  # a date {RELATIVE_DATE}, e.g. 2030-06-30\n"
    assert as_pasted_today(marked, day) == (
        f"id: x\nexpires: 2027-06-03  # a date {RELATIVE_DATE}, e.g. 2030-06-30\n"
    )
    assert as_pasted_today("id: x\nexpires: 2030-06-30\n", day) == "id: x\nexpires: 2030-06-30\n"
    above = f"id: x\n# dates {RELATIVE_DATE}\nexpires: 2030-06-30\nreview_after: 2030-01-01\n"
    assert as_pasted_today(above, day).endswith("expires: 2027-06-03\nreview_after: 2027-03-05\n")


def test_an_unmarked_date_beyond_max_access_days_fails_the_pull_request(
    tmp_path, monkeypatch, capsys
):
    root = repository_copy(tmp_path / "repo", without="zed")
    monkeypatch.chdir(root)
    monkeypatch.setenv(TODAY_ENV, "2026-12-05")
    (root / "users" / "zed.yaml").write_text("id: zed\nexpires: 2030-06-30\n")
    assert main(["check", "--stack", "dev", "--base", "main"]) == 1
    assert "maxAccessDays" in capsys.readouterr().out


def test_the_meter_docs_locate_a_bad_budget_where_check_does(tmp_path, monkeypatch, capsys):
    """docs/meter.md quotes check's error for its ``users/bob.yaml`` with a bad budget."""
    doc = (PROJECT_DIR / "docs" / "meter.md").read_text(encoding="utf-8")
    bob = next(t for _, t in USER_EXAMPLES if t.startswith("# users/bob.yaml"))
    quoted = re.search(r"`(users/bob\.yaml:\d+:\d+: error: studio\.monthly_budget_usd)\s", doc)
    assert quoted and "monthly_budget_usd: 5.001" in doc
    root = repository_copy(tmp_path / "repo", without="bob")
    monkeypatch.chdir(root)
    (root / "users" / "bob.yaml").write_text(re.sub(r"(monthly_budget_usd:) \d+", r"\1 5.001", bob))
    assert main(["check", "--stack", "dev"]) == 1
    assert f"{quoted.group(1)} must be a positive amount" in capsys.readouterr().out


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
