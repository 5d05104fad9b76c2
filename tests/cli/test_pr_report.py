"""The pull request report and annotations at every size: the change first, standing things folded.

Each case is a git repository with a base commit and a change on top, checked as the pull request
workflow checks it (``check --base``). The report must open with the verdict and what the change
does, keep the attack table and the matrix under ``<details>``, group identical warnings, stay
under GitHub's comment limit while saying what it left out, and parse as GitHub-flavoured
Markdown (tables well formed, ``<details>`` balanced). Annotations fall on changed lines only.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import PROJECT_DIR
from git_repo import git
from markdown_it import MarkdownIt

from components.cli.render.report import COMMENT_LIMIT, REPORT_MARKER

_spec = importlib.util.spec_from_file_location("bench_users", PROJECT_DIR / "benchmarks/users.py")
bench_users = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_users)

STACK = """config:
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec
  studio-access:iamRoleQuota: 5000
"""
BARE_ACCOUNT_ROLE = "id: {id}\nprincipal:\n  type: role\n  trusted: ['123456789012']\n"


def project(root: Path, count: int) -> Path:
    """A repository whose base commit holds ``count`` users (the sample three for 3)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (root / "Pulumi.dev.yaml").write_text(STACK)
    if count == 3:
        shutil.copytree(PROJECT_DIR / "users", root / "users")
    else:
        bench_users.write_users(root / "users", count)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    return root


def check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", "check", "--stack", "dev", "--base", "main", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def _cells(row: str) -> int:
    return len(re.split(r"(?<!\\)\|", row.strip().removeprefix("|").removesuffix("|")))


def assert_valid_gfm(text: str) -> None:
    """Parse ``text`` as GFM: tables well formed, ``<details>`` balanced, no stray HTML."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines = text.splitlines()
    in_tables: set[int] = set()
    for token in tokens:
        if token.type == "table_open":
            start, end = token.map
            rows = lines[start:end]
            assert len({_cells(r) for r in rows}) == 1, f"a table row with other cells: {rows}"
            assert re.fullmatch(r"\|(-+:?\|)+", rows[1]), rows[1]
            in_tables.update(range(start, end))
    strays = [n for n, line in enumerate(lines) if line.startswith("|") and n not in in_tables]
    assert not strays, f"table lines that are no table: {[lines[n] for n in strays[:3]]}"
    depth = 0
    for token in tokens:
        assert token.type != "html_inline" or token.content in ("<br>",), token.content
        if token.type == "html_block":
            depth += token.content.count("<details>") - token.content.count("</details>")
            assert depth >= 0, "a </details> without its <details>"
        for child in token.children or ():
            assert child.type != "html_inline", f"raw HTML from content: {child.content}"
    assert depth == 0, "<details> left open"


def assert_reads_in_ten_seconds(report: str) -> None:
    """Verdict first, the change before anything standing, the tables folded away."""
    assert report.startswith(REPORT_MARKER)
    assert len(report) <= COMMENT_LIMIT
    lines = report.splitlines()
    assert lines[1] == "## Studio Access" and lines[3].startswith(("✅", "❌"))
    first_fold = report.index("<details>")
    assert report.index("### This change") < first_fold
    for table in (
        "| an attacker… |",
        "| principal | type | can open |",
        "| principal | bound by |",
    ):
        assert report.index(table) > first_fold, f"{table} must be folded away"
    assert_valid_gfm(report)


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    repo = project(tmp_path_factory.mktemp("three"), 3)
    (repo / "users" / "dan.yaml").write_text(BARE_ACCOUNT_ROLE.format(id="dan"))
    return repo


def test_three_users_one_added_reads_change_first_and_annotates_only_it(three):
    result = check(three, "--format", "markdown")
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert_reads_in_ten_seconds(report)
    assert "1 user gains access" in report
    assert "- ➕ `dan` opens profile `dan` (IAM role)" in report
    change = report[: report.index("<details>")]
    assert "`users/dan.yaml:4` warning: '123456789012' trusts every principal" in change
    assert "carol-ng" not in change, "a warning about an untouched file is standing"
    assert "outsiders are not bound" not in change
    assert "Standing warnings: 2, about files this change does not touch" in report
    annotations = check(three, "--format", "github").stdout
    assert "::warning file=users/dan.yaml,line=4,col=13::'123456789012' trusts" in annotations
    assert "::warning file=users/carol-ng.yaml" not in annotations
    assert not re.search(r"^::warning .*outsiders are not bound", annotations, re.M)
    assert "users/carol-ng.yaml:10:7: warning:" in annotations, "still in the log"


def test_a_change_on_other_lines_of_a_file_is_not_annotated_there(three, tmp_path):
    repo = project(tmp_path / "edit", 3)
    carol = repo / "users" / "carol-ng.yaml"
    carol.write_text(carol.read_text().replace("project: demand-2027", "project: demand-2028"))
    annotations = check(repo, "--format", "github").stdout
    assert "::warning file=users/carol-ng.yaml" not in annotations, "line 10 is unchanged"
    report = check(repo, "--format", "markdown").stdout
    assert "- ✏️ `carol-ng` (`tags`)" in report
    change = report[: report.index("<details>")]
    assert "`users/carol-ng.yaml:10` warning" in change, "the file is changed: its problems show"


@pytest.fixture(scope="module")
def two_hundred(tmp_path_factory) -> Path:
    repo = project(tmp_path_factory.mktemp("two-hundred"), 200)
    users = repo / "users"
    soon = (date.today() + timedelta(days=30)).isoformat()
    (users / "user-00001.yaml").write_text(
        (users / "user-00001.yaml").read_text() + f"expires: {soon}\n"
    )
    (users / "user-00002.yaml").write_text(
        (users / "user-00002.yaml").read_text() + "status: offboarded\n"
    )
    (users / "newcomer.yaml").write_text(f"id: newcomer\nreason: DS-7\nexpires: {soon}\n")
    (users / "user-00003.yaml").write_text("id: User-00003\n")
    return repo


def test_two_hundred_users_changes_and_errors_come_first(two_hundred):
    result = check(two_hundred, "--format", "markdown")
    report = result.stdout
    assert result.returncode == 1
    assert report.splitlines()[3].startswith("❌ **1 problem(s) found")
    assert "- ❌ `users/user-00003.yaml:1` error: id 'User-00003'" in report
    assert_valid_gfm(report)
    (two_hundred / "users" / "user-00003.yaml").write_text("id: user-00003\n")
    report = check(two_hundred, "--format", "markdown").stdout
    assert_reads_in_ten_seconds(report)
    soon = (date.today() + timedelta(days=30)).isoformat()
    assert f"- ➕ `newcomer` opens profile `newcomer` (IAM user); until {soon}; reason: DS-7" in (
        report
    )
    assert "- ➖ `user-00002` offboarded: IAM user 'user-00002' deleted" in report
    assert f"- ✏️ `user-00001` (`expires`): expires none → {soon}" in report
    assert "1 user gains access; 1 user loses it; 2 users change" in report


@pytest.fixture(scope="module")
def five_thousand(tmp_path_factory) -> Path:
    repo = project(tmp_path_factory.mktemp("five-thousand"), 5000)
    (repo / "users" / "dan.yaml").write_text(BARE_ACCOUNT_ROLE.format(id="dan"))
    return repo


def test_five_thousand_users_stay_under_the_limit_and_name_the_full_report(five_thousand, tmp_path):
    full = tmp_path / "full.md"
    result = check(five_thousand, "--format", "markdown", "--full-report", str(full))
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert_reads_in_ten_seconds(report)
    assert "- ➕ `dan` opens profile `dan`" in report
    assert re.search(r"_Left out of this comment: [\d,]+ matrix rows\. The full report: ", report)
    assert "its artifact studio-access-report" in report
    whole = full.read_text()
    assert "| `user-04999` | user | `user-04999` |" in whole, "the full report leaves nothing out"
    assert "Left out" not in whole
    assert_valid_gfm(whole)


@pytest.fixture(scope="module")
def thousand_files(tmp_path_factory) -> Path:
    repo = project(tmp_path_factory.mktemp("thousand"), 3)
    for i in range(1000):
        user_id = f"r-{i:04d}"
        (repo / "users" / f"{user_id}.yaml").write_text(BARE_ACCOUNT_ROLE.format(id=user_id))
    return repo


def test_a_thousand_file_change_groups_identical_warnings(thousand_files):
    result = check(thousand_files, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert_reads_in_ten_seconds(report)
    assert "1,000 users gain access" in report
    assert re.search(
        r"- ⚠️ 1,000 files, warning: '123456789012' trusts every principal .*: "
        r"`users/r-0000.yaml:4`, `users/r-0001.yaml:4`, `users/r-0002.yaml:4`, … and 997 more",
        report,
    )
    assert report.count("trusts every principal") == 1
    assert "- ➕ 1,000 IAM roles, each opening the profile of its id: `r-0000`, `r-0001`" in report
    assert "`r-0999`" in report and "and 900 more" not in report, "every name fits its share"
    annotations = check(thousand_files, "--format", "github").stdout
    assert annotations.count("::warning file=") == 10
    assert "::warning::990 more files: '123456789012' trusts every principal" in annotations


def test_an_invalid_change_still_reads_first_and_parses(tmp_path):
    repo = project(tmp_path, 3)
    (repo / "users" / "eve.yaml").write_text("id: eve\n'<img src=x>|`': 1\ndetails: </details>\n")
    result = check(repo, "--format", "markdown")
    assert result.returncode == 1
    assert result.stdout.splitlines()[3].startswith("❌ **")
    assert_valid_gfm(result.stdout)
