"""Budgets as Studio settings: read at every level, refused with file and line, shown to reviewers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR
from git_repo import git

HEAD = (
    "config:\n  aws:region: eu-west-1\n  studio-access:domainId: d-abc123\n"
    "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Default\n"
)
STACK = HEAD + "  studio-access:studio:\n    monthly_budget_usd: {budget}\n"


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copy(PROJECT_DIR / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    (tmp_path / "Pulumi.s.yaml").write_text(
        STACK.format(budget=100)
        + "  studio-access:teams:\n    gpu:\n      monthly_budget_usd: 400\n"
    )
    users = tmp_path / "users"
    users.mkdir()
    (users / "alice.yaml").write_text("id: alice\n")
    (users / "bob.yaml").write_text("id: bob\nteam: gpu\n")
    (users / "carol.yaml").write_text(
        "id: carol\nstudio:\n  monthly_budget_usd: 12.5\n  budget_warning_percent: 90\n"
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def test_the_most_specific_budget_wins_and_settings_shows_it(repo):
    out = cli(repo, "settings", "--stack", "s", "--format", "json")
    assert out.returncode == 0, out.stderr
    import json

    users = json.loads(out.stdout)["users"]
    assert users["alice"]["settings"]["monthly_budget_usd"] == 100
    assert users["bob"]["settings"]["monthly_budget_usd"] == 400
    assert users["bob"]["sources"]["monthly_budget_usd"] == "team gpu"
    assert users["carol"]["settings"] == {"monthly_budget_usd": 12.5, "budget_warning_percent": 90}
    text = cli(repo, "settings", "--stack", "s").stdout
    assert "$12.50" in text and "90 %" in text


@pytest.mark.parametrize(
    "value",
    ["0", "-5", "12.345", "abc", "true", "[1]", "1e3", "2000000", "'12.5.1'", "0.00"],
)
def test_a_bad_budget_is_refused_at_its_file_and_line(repo, value):
    (repo / "users" / "carol.yaml").write_text(
        f"id: carol\nstudio:\n  monthly_budget_usd: {value}\n"
    )
    out = cli(repo, "check", "--stack", "s")
    assert out.returncode == 1
    assert (
        "users/carol.yaml:3:" in out.stdout + out.stderr
        and "monthly_budget_usd must be a positive amount" in out.stdout + out.stderr
    )
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("value", ["0", "101", "8.5", "high"])
def test_a_bad_warning_percent_is_refused_at_its_file_and_line(repo, value):
    (repo / "users" / "carol.yaml").write_text(
        f"id: carol\nstudio:\n  budget_warning_percent: {value}\n"
    )
    out = cli(repo, "check", "--stack", "s")
    assert out.returncode == 1
    assert (
        "users/carol.yaml:3:" in out.stdout + out.stderr
        and "budget_warning_percent must be a whole percentage" in out.stdout + out.stderr
    )


def test_a_bad_stack_budget_is_refused_at_its_line_in_the_stack_file(repo):
    (repo / "Pulumi.s.yaml").write_text(STACK.format(budget="12.999"))
    out = cli(repo, "check", "--stack", "s")
    assert out.returncode == 1
    assert (
        "Pulumi.s.yaml:6:" in out.stdout + out.stderr
        and "studio-access:studio.monthly_budget_usd" in out.stdout + out.stderr
    )


def test_a_bad_meter_interval_is_refused_at_its_line(repo):
    with (repo / "Pulumi.s.yaml").open("a") as stack:
        stack.write("  studio-access:meterIntervalMinutes: 1\n")
    out = cli(repo, "check", "--stack", "s")
    assert out.returncode == 1
    assert (
        "Pulumi.s.yaml:" in out.stdout + out.stderr
        and "meterIntervalMinutes must be a whole number of minutes from 2 to 60"
        in out.stdout + out.stderr
    )


def test_a_user_budget_needs_one_in_the_stack(repo):
    (repo / "Pulumi.s.yaml").write_text(HEAD)
    out = cli(repo, "check", "--stack", "s")
    assert out.returncode == 1
    assert (
        "users/carol.yaml:3:" in out.stdout + out.stderr
        and "needs a budget in the stack too" in out.stdout + out.stderr
    )


def test_good_budgets_pass_check_and_a_stack_without_any_still_does(repo):
    assert cli(repo, "check", "--stack", "s").returncode == 0
    (repo / "users" / "carol.yaml").write_text("id: carol\n")
    (repo / "users" / "bob.yaml").write_text("id: bob\n")
    (repo / "Pulumi.s.yaml").write_text(HEAD)
    assert cli(repo, "check", "--stack", "s").returncode == 0


def test_the_pr_report_shows_a_budget_change_in_dollars(repo):
    (repo / "users" / "bob.yaml").write_text(
        "id: bob\nteam: gpu\nstudio:\n  monthly_budget_usd: 500\n"
    )
    markdown = cli(repo, "check", "--stack", "s", "--base", "main", "--format", "markdown").stdout
    assert "`bob`" in markdown and "$400 → $500" in markdown
    (repo / "Pulumi.s.yaml").write_text(
        STACK.format(budget=200)
        + "  studio-access:teams:\n    gpu:\n      monthly_budget_usd: 400\n"
    )
    text = cli(repo, "check", "--stack", "s", "--base", "main").stdout
    assert "alice" in text and "$100 -> $200" in text
