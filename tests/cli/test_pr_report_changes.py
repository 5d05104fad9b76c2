""" "This change" in the PR report: present whatever fails, every kind of change at any size.

A reviewer approves what the change does to people. The section must survive errors elsewhere in
the roster (computed from what can be read, naming what could not), and no kind of change (a
loss, a deletion, a budget) may drop out because another kind is long.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_pr_report import (
    BARE_ACCOUNT_ROLE,
    assert_reads_in_ten_seconds,
    assert_valid_gfm,
    check,
    git,
    project,
)

from components.cli.render.formats import md
from components.cli.render.report import COMMENT_LIMIT

BUDGET_STACK = """config:
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec
  studio-access:iamRoleQuota: 5000
  studio-access:studio:
    monthly_budget_usd: 200
  studio-access:teams:
    gpu:
      ebs_max_gb: 500
"""


def change_section(report: str) -> str:
    start = report.index("### This change")
    ends = [report.find(mark, start + 1) for mark in ("\n### ", "\n<details>")]
    return report[start : min(end for end in ends if end > 0)]


def test_a_broken_file_leaves_the_change_readable_and_is_not_taken_for_a_removal(tmp_path):
    repo = project(tmp_path, 3)
    users = repo / "users"
    (users / "eve.yaml").write_text("id: eve\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "eve")
    (users / "eve.yaml").write_text("id: Eve\n")
    (users / "alice.yaml").write_text((users / "alice.yaml").read_text() + "status: offboarded\n")
    (users / "dan.yaml").write_text("id: dan\n")
    result = check(repo, "--format", "markdown")
    assert result.returncode == 1
    change = change_section(result.stdout)
    assert "- ➕ `dan` opens profile `dan` (IAM user)" in change
    assert "- ➖ `alice` offboarded: IAM user 'alice' deleted" in change
    assert "could not be read in this change" in change and "`users/eve.yaml`" in change
    assert "eve` " not in change.replace("eve.yaml`", ""), "eve is neither added nor removed"
    assert "file deleted" not in change and "loses" not in change.replace("1 user loses it", "")
    assert "1 user gains access; 1 user loses it; 1 file could not be read" in change
    assert_valid_gfm(result.stdout)
    text = check(repo).stdout
    assert "  not read (not judged) users/eve.yaml" in text
    assert "removed eve" not in text


def test_a_file_broken_at_the_base_and_fixed_says_what_it_grants_now(tmp_path):
    repo = project(tmp_path, 3)
    (repo / "users" / "eve.yaml").write_text("email: [oops\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "a broken eve")
    (repo / "users" / "eve.yaml").write_text("id: eve\n")
    report = check(repo, "--format", "markdown").stdout
    change = change_section(report)
    assert (
        "- ➕ `eve` opens profile `eve` (IAM user) (its file could not be read at `main`: what "
        "it granted is unknown)" in change
    )
    assert "1 file could not be read" in change.splitlines()[2]
    assert "could not be read at `main`: what it says now is listed above as a gain" in change
    assert "neither added nor removed" not in change
    assert_valid_gfm(report)
    text = check(repo).stdout
    assert "  added   eve (user, profile eve) (its file could not be read at main)" in text
    assert "  not read at main (judged as it is now) users/eve.yaml" in text


def test_removing_an_active_users_file_is_still_refused_beside_a_broken_file(tmp_path):
    repo = project(tmp_path, 3)
    (repo / "users" / "bob.yaml").unlink()
    (repo / "users" / "carol-ng.yaml").write_text("id: carol-ng\nunknown: 1\n")
    result = check(repo)
    assert "deleting the file of active user 'bob' is refused" in result.stdout
    assert "  removed bob:" in result.stdout
    assert "removed carol-ng" not in result.stdout


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> Path:
    """1,000 new roles, 300 offboarded, 60 files deleted, 272 users edited, a budget moved."""
    repo = tmp_path_factory.mktemp("every-kind")
    (repo / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (repo / "Pulumi.dev.yaml").write_text(BUDGET_STACK)
    users = repo / "users"
    users.mkdir()
    for i in range(700):
        (users / f"u-{i:04d}.yaml").write_text(f"id: u-{i:04d}\n")
    for i in range(60):
        (users / f"gone-{i:02d}.yaml").write_text(f"id: gone-{i:02d}\nstatus: offboarded\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "Pulumi.dev.yaml").write_text(BUDGET_STACK.replace("usd: 200", "usd: 500"))
    for i in range(1000):
        (users / f"r-{i:04d}.yaml").write_text(BARE_ACCOUNT_ROLE.format(id=f"r-{i:04d}"))
    for i in range(300):
        (users / f"u-{i:04d}.yaml").write_text(f"id: u-{i:04d}\nstatus: offboarded\n")
    for i in range(60):
        (users / f"gone-{i:02d}.yaml").unlink()
    soon = (date.today() + timedelta(days=30)).isoformat()
    for i in range(300, 572):
        extra = ["team: gpu", f"expires: {soon}", "studio: {monthly_budget_usd: 900}"][i % 3]
        (users / f"u-{i:04d}.yaml").write_text(f"id: u-{i:04d}\n{extra}\n")
    return repo


def test_every_kind_of_change_is_in_the_comment_whatever_its_size(every_kind, tmp_path):
    full = tmp_path / "full.md"
    result = check(every_kind, "--format", "markdown", "--full-report", str(full))
    report = result.stdout
    assert_reads_in_ten_seconds(report)
    change = change_section(report)
    assert (
        "1,000 users gain access; 300 users lose it; 272 users change; 60 files deleted; "
        "Studio settings of 700 users move" in change
    )
    assert "- ➕ 1,000 IAM roles, each opening the profile of its id:" in change
    assert re.search(
        r"- ➖ 300 users alike \(as for `u-0000`: offboarded: IAM user 'u-0000' deleted .*\): "
        r"`u-0000`, `u-0001`, .*`u-0299`\n",
        change,
    )
    assert re.search(
        r"- 🗑️ 60 users alike \(as for `gone-00`: file deleted: profile 'gone-00' released.*\): "
        r"`gone-00`, .*`gone-59`\n",
        change,
    )
    soon = (date.today() + timedelta(days=30)).isoformat()
    assert f"(`expires`): expires none → {soon}):" in change
    assert "(`team`): team none → gpu):" in change
    assert "`monthly_budget_usd` $200 → $500" in change, "the stack's budget move"
    assert "`monthly_budget_usd` $200 → $900" in change
    assert len(report) <= COMMENT_LIMIT
    whole = full.read_text()
    assert "Left out" not in whole and change_section(whole).count("\n- ") >= change.count("\n- ")
    assert not re.search(r"and [\d,]+ more", whole), "the full report names everyone"
    assert "`u-0699`" in change_section(whole).split("$200 → $500")[0].rsplit("\n", 1)[-1]
    assert_valid_gfm(whole)


def test_who_may_assume_a_role_and_which_role_runs_are_shown_before_and_after(tmp_path):
    repo = project(tmp_path, 3)
    users = repo / "users"
    bob = users / "bob.yaml"
    bob.write_text(
        bob.read_text().replace(
            "arn:aws:iam::123456789012:saml-provider/Corp", "arn:aws:iam::999999999999:root"
        )
    )
    carol = users / "carol-ng.yaml"
    carol.write_text(
        carol.read_text().replace("service-role/CarolSageMakerExecution", "x_y/OtherExec")
    )
    result = check(repo, "--format", "markdown")
    change = change_section(result.stdout)
    assert (
        "- ✏️ `bob` (`principal`): principal.trusted: added arn:aws:iam::999999999999:root; "
        "removed arn:aws:iam::123456789012:saml-provider/Corp" in change
    )
    assert (
        "- ✏️ `carol-ng` (`execution_role_arn`): execution\\_role\\_arn "
        "arn:aws:iam::123456789012:role/service-role/CarolSageMakerExecution → "
        "arn:aws:iam::123456789012:role/x\\_y/OtherExec" in change
    )
    assert_valid_gfm(result.stdout)
    text = check(repo).stdout
    assert (
        "  changed bob: principal; principal.trusted: added arn:aws:iam::999999999999:root" in text
    )


def test_a_move_of_profile_deletion_is_a_settings_change(tmp_path):
    repo = project(tmp_path, 3)
    stack = repo / "Pulumi.dev.yaml"
    stack.write_text(stack.read_text() + "  studio-access:profileDeletion: delete\n")
    report = check(repo, "--format", "markdown").stdout
    change = change_section(report)
    assert "1 stack setting changes: profileDeletion" in change.splitlines()[2], "summary"
    assert "- ⚙️ Stack setting `profileDeletion` retain → delete: from now on a removed" in change
    assert "  stack   profileDeletion retain -> delete" in check(repo).stdout


def test_a_quota_the_change_exceeds_is_its_problem_and_annotated_without_a_file(tmp_path):
    repo = project(tmp_path, 3)
    stack = repo / "Pulumi.dev.yaml"
    stack.write_text(stack.read_text().replace("iamRoleQuota: 5000", "iamRoleQuota: 10"))
    git(repo, "commit", "-qam", "a small quota")
    for i in range(12):
        (repo / "users" / f"r-{i:02d}.yaml").write_text(BARE_ACCOUNT_ROLE.format(id=f"r-{i:02d}"))
    result = check(repo, "--format", "markdown")
    assert result.returncode == 1
    report = result.stdout
    mine = report[report.index("### Problems in this change") : report.index("<details>")]
    assert "- ❌ `users` error: the stack creates 14 IAM roles, over" in mine
    assert "does not touch" not in report.split("<details>")[0]
    annotations = check(repo, "--format", "github").stdout.splitlines()
    assert any(line.startswith("::error::the stack creates 14 IAM roles") for line in annotations)
    assert not any("outside the lines this change touches" in line for line in annotations)


def test_deleting_the_users_folder_is_the_changes_problem(tmp_path):
    repo = project(tmp_path, 3)
    git(repo, "rm", "-rq", "users")
    result = check(repo, "--format", "markdown")
    assert result.returncode == 1, result.stderr
    report = result.stdout
    mine = report[report.index("### Problems in this change") :]
    assert "- ❌ `users` error: users folder does not exist" in mine
    assert "3 files deleted" in change_section(report)
    annotations = check(repo, "--format", "github").stdout
    assert "::error::users folder does not exist" in annotations


def test_a_trusted_principal_swapped_past_the_first_few_is_shown_in_full(tmp_path):
    """Who may assume a role is never cut: a fourth item swapped, or two ARNs that differ only
    after their 120th character, still show as a change."""
    repo = project(tmp_path, 3)
    bob = repo / "users" / "bob.yaml"
    long = "arn:aws:iam::123456789012:role/" + "team/" * 24 + "studio"
    trusted = [f"arn:aws:iam::123456789012:role/team-{n}" for n in "abc"]
    before = "\n".join(f"    - {arn}" for arn in [*trusted, long + "-reader"])
    text = bob.read_text()
    start = text.index("  trusted:")
    end = text.index("\n", text.index("- ", start))
    bob.write_text(text[:start] + "  trusted:\n" + before + text[end:])
    git(repo, "commit", "-qam", "four trusted")
    bob.write_text(bob.read_text().replace(long + "-reader", long + "-writer"))
    change = change_section(check(repo, "--format", "markdown").stdout)
    assert f"added {md(long)}-writer; removed {md(long)}-reader" in change


def test_a_rename_onto_another_profile_is_never_grouped_behind_a_harmless_one(tmp_path):
    repo = project(tmp_path, 3)
    stack = repo / "Pulumi.dev.yaml"
    stack.write_text(stack.read_text() + "  studio-access:profileDeletion: delete\n")
    for name in ("adam", "zoe"):
        (repo / "users" / f"{name}.yaml").write_text(f"id: {name}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "adam and zoe")
    (repo / "users" / "adam.yaml").write_text("id: adam\nprofile_name: adam-2\n")
    (repo / "users" / "zoe.yaml").write_text("id: zoe\nprofile_name: studio-x\n")
    change = change_section(check(repo, "--format", "markdown").stdout)
    assert "alike" not in change
    assert "studio-x" in change and "adam-2" in change


def test_a_warning_about_the_folder_the_base_already_had_is_standing_not_annotated(tmp_path):
    repo = project(tmp_path, 3)
    stack = repo / "Pulumi.dev.yaml"
    stack.write_text(stack.read_text().replace("iamRoleQuota: 5000", "iamRoleQuota: 10"))
    for i in range(6):  # 8 roles of 10: a quota warning on main already
        (repo / "users" / f"r-{i:02d}.yaml").write_text(BARE_ACCOUNT_ROLE.format(id=f"r-{i:02d}"))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "near the quota")
    alice = repo / "users" / "alice.yaml"
    alice.write_text(alice.read_text().replace("alice@example.com", "alice@example.org"))
    annotations = check(repo, "--format", "github").stdout.splitlines()
    quota = [line for line in annotations if "the stack creates 8 IAM roles" in line]
    assert quota and not any(line.startswith("::warning::") for line in quota), quota
    report = check(repo, "--format", "markdown").stdout
    assert "the stack creates 8 IAM roles" not in report.split("<details>")[0]
    # One more role moves the count: the warning is then the change's.
    (repo / "users" / "r-06.yaml").write_text(BARE_ACCOUNT_ROLE.format(id="r-06"))
    annotations = check(repo, "--format", "github").stdout.splitlines()
    assert any(line.startswith("::warning::the stack creates 9 IAM roles") for line in annotations)
