"""The README and docs/ tell the truth: tables follow the code, and the commands run as written."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from components.cli.main import parser
from components.core.settings.stack import CONFIG_KEYS, REQUIRED_KEYS, Settings
from components.core.settings.studio import StudioLevel
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import policy_texts
from components.policies.org_guard import scp_texts

PROJECT_DIR = Path(__file__).resolve().parents[2]
README = (PROJECT_DIR / "README.md").read_text()
SECURITY = (PROJECT_DIR / "docs" / "security.md").read_text()
CONFIGURATION = (PROJECT_DIR / "docs" / "configuration.md").read_text()
CLI = (PROJECT_DIR / "docs" / "cli.md").read_text()
README_MAX = 8_000


def table_after(heading: str, text: str = README) -> list[list[str]]:
    """The rows (cells stripped) of the first table after ``heading``."""
    section = text.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    return rows[2:]


def section(heading: str, text: str = README) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def documented_default(key: str, value: object) -> str:
    if value is None:
        return "(required)" if key in REQUIRED_KEYS else "–"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return f"`{json.dumps(list(value))}`"
    return f"`{value}`"


def test_the_readme_is_a_front_door_not_a_manual():
    assert len(README) <= README_MAX, f"README is {len(README)} characters"
    for link in re.findall(r"\]\((docs/[\w.-]+)\)", README):
        assert (PROJECT_DIR / link).is_file(), link
    for page in ("configuration.md", "cli.md"):
        assert f"](docs/{page})" in README, f"the front page points to docs/{page}"
    assert "```mermaid\nflowchart" in README  # the GitOps flow as a picture


def test_configuration_table_matches_the_settings_defaults():
    rows = {key.strip("`"): default for key, default, _ in table_after("## Keys", CONFIGURATION)}
    assert list(rows) == [key for key, _ in CONFIG_KEYS], "same keys, same order"
    defaults = Settings()
    for key, attribute in CONFIG_KEYS:
        assert rows[key] == documented_default(key, getattr(defaults, attribute)), key


def test_outputs_table_matches_the_program_exports():
    exported = re.findall(r'pulumi\.export\(\s*"(\w+)"', (PROJECT_DIR / "__main__.py").read_text())
    assert sorted(key.strip("`") for key, _ in table_after("## Outputs", CONFIGURATION)) == sorted(
        exported
    )


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser()._actions if a.dest == "command").choices


def test_cli_table_lists_every_command_in_order():
    documented = [cells[0].strip("`").split()[0] for cells in table_after("## Commands", CLI)]
    assert documented == list(_subcommands())


def test_cli_table_documents_every_option_of_every_command():
    """Each command's row names every option its parser accepts (``--help`` aside)."""
    rows = {cells[0].strip("`").split()[0]: cells[0] for cells in table_after("## Commands", CLI)}
    for name, command in _subcommands().items():
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert re.search(rf"{re.escape(option)}(?![\w-])", rows[name]), (name, option)


def test_exit_code_table_is_the_clis():
    codes = dict(re.findall(r"^\| (\d) \| (.+) \|$", section("## Exit codes", CLI), re.MULTILINE))
    assert list(codes) == ["0", "1", "2"]
    assert "usage" in codes["2"] and "input" in codes["1"]


def test_every_studio_access_command_in_the_docs_exists():
    subcommands = set(next(a for a in parser()._actions if a.dest == "command").choices)
    for path in (PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))):
        for command in re.findall(r"venv/bin/studio-access ([\w-]+)", path.read_text()):
            assert command in subcommands, (path.name, command)


def fenced(heading: str) -> list[str]:
    """The command lines of the ``sh`` blocks of a README section (continuations joined)."""
    blocks = re.findall(r"```sh\n(.*?)```", section(heading), re.DOTALL)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [line.split("  #")[0].strip() for line in lines if line.strip()]


def test_quick_start_is_make_test_then_make_check():
    assert fenced("## Quick start") == ["make test", "make check"]


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """The committed files of the repository, with this run's virtualenv beside them."""
    files = subprocess.run(
        ["git", "-C", str(PROJECT_DIR), "ls-files", "-z"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    copy = tmp_path / "repo"
    for name in filter(None, files):
        if (PROJECT_DIR / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_DIR / name, copy / name)
    # This run's interpreter and tools, with an install marker newer than the copied files, so
    # that make takes the virtualenv as built instead of building another.
    (copy / "venv").mkdir()
    (copy / "venv" / "bin").symlink_to(PROJECT_DIR / "venv" / "bin")
    (copy / "venv" / ".installed").touch()
    return copy


def test_the_quick_start_and_add_a_user_commands_run_as_written(repository_copy):
    """``make test`` is this very suite, so it is the one command not run again here."""
    commands = [c for c in fenced("## Quick start") if c != "make test"] + fenced("## Add a user")
    assert commands[-1] == "make check" and len(commands) >= 5
    env = {**os.environ, "CI": "true"}
    for command in commands:
        result = subprocess.run(
            command,
            shell=True,
            cwd=repository_copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    users = repository_copy / "users"
    assert (users / "dave.yaml").is_file() and (users / "erin.yaml").is_file()
    assert "profile_name: frank" in (users / "frank-lee.yaml").read_text()
    assert "ok: 6 users (3 IAM users, 3 IAM roles)" in result.stdout


def test_the_security_documents_table_lists_every_statement_where_it_is():
    # Every optional statement on: the guard, the Identity Center federation's, a budget's.
    settings = Settings(
        studio=StudioLevel(values=(("monthly_budget_usd", 100.0),)),
        org_guard=True,
        deploy_role_arn="arn:aws:iam::123456789012:role/deploy",
        federation="identity-center",
        identity_center_instance_arn="arn:aws:sso:::instance/ssoins-0123456789abcdef",
        identity_center_group_id="0123456789-01234567-89ab-cdef-0123-456789abcdef",
        identity_center_role_arn="arn:aws:iam::999988887777:role/identity-center",
    )
    documents = {
        "member policy": policy_texts(settings),
        "execution-role guard": execution_role_policy_texts(settings),
        "organization guard": scp_texts(settings),
    }
    sids = {
        name: {s["Sid"] for text in texts for s in json.loads(text)["Statement"]}
        for name, texts in documents.items()
    }
    rows = table_after("## The documents", SECURITY)
    documented = {}
    for statement, member, guard, scp, _ in rows:
        sid = statement.split("`")[1]
        documented[sid] = {
            name for name, mark in zip(documents, (member, guard, scp), strict=True) if mark == "✓"
        }
    every = set().union(*sids.values())
    assert set(documented) == every, "every statement has its row, and no row names a lost one"
    for sid, where in documented.items():
        assert where == {name for name in documents if sid in sids[name]}, sid


def _tried_by(scenario) -> str:
    """Who a scenario is asked of, in the letters of the security document's table (its legend:
    M members, F federated sessions, E execution roles, O outsiders, B break-glass roles)."""
    if scenario.needs_guard and "none" not in scenario.kinds:
        return "all"
    kinds = scenario.kinds
    parts = []
    if "member-user" in kinds or "member" in kinds:
        parts.append("M")
    if "federated-session" in kinds and "member" not in kinds:
        parts.append("F")
    if "execution-default" in kinds or "execution" in kinds:
        parts.append("E")
    if "none" in kinds:
        parts.append("O")
    if "break-glass" in kinds:
        parts.append("B")
    return " ".join(parts)


def test_the_security_document_lists_every_attack_the_proof_tries():
    from components.proof.isolation import all_scenarios

    attacks, _ = all_scenarios()
    legend = " ".join(section("## Every attack the proof tries", SECURITY).split())
    for letter, kind in (("M", "members"), ("F", "federated sessions"), ("E", "execution roles")):
        assert f"**{letter}** {kind}" in legend, letter
    for letter, kind in (("O", "outsiders"), ("B", "break-glass roles"), ("all", "everyone")):
        assert f"**{letter}** {kind}" in legend or f"**{letter}**: {kind}" in legend, letter
    rows = table_after("## Every attack the proof tries", SECURITY)
    # One row per (who tries, what stops): its attacks separated by "; ".
    documented = [
        (name, tried_by, re.findall(r"`(\w+)`", stopped))
        for names, tried_by, stopped in rows
        for name in names.split("; ")
    ]
    assert len({(by, tuple(closes)) for _, by, closes in documented}) == len(rows)
    assert sorted(documented) == sorted((s.name, _tried_by(s), list(s.closes)) for s in attacks)
