"""What the PR report says of a change to the stack file, a broken file, and a deleted one.

A pull request that edits ``Pulumi.<stack>.yaml`` can move every profile or weaken the member
policy without touching a user file: each setting that moves must be listed with its effect. A
broken file must hide neither an expired grant elsewhere nor what a repaired file now grants.
"""

from __future__ import annotations

from test_pr_report import STACK, assert_valid_gfm, check, git, project
from test_pr_report_changes import change_section


def _edit_stack(repo, text: str) -> None:
    (repo / "Pulumi.dev.yaml").write_text(text)
    git(repo, "add", "-A")


def test_every_stack_setting_that_moves_is_listed_with_its_effect(tmp_path):
    repo = project(tmp_path, 3)
    _edit_stack(
        repo,
        STACK.replace("d-abc123def456", "d-000000000000").replace("role/Exec", "role/Other_Exec")
        + "  studio-access:tagKey: owner\n"
        "  studio-access:groupName: studio-people\n"
        "  studio-access:perUserExecutionRoles: true\n"
        "  studio-access:executionRolePolicyArns: ['arn:aws:iam::aws:policy/A', "
        "'arn:aws:iam::aws:policy/B', 'arn:aws:iam::aws:policy/C', 'arn:aws:iam::aws:policy/D']\n"
        "  studio-access:policy: seed\n",
    )
    report = check(repo, "--format", "markdown", "--allow-unproven").stdout
    change = change_section(report)
    assert "no user is added" not in change
    assert (
        "7 stack settings change: domainId, tagKey, groupName, policy, defaultExecutionRoleArn, "
        "perUserExecutionRoles, executionRolePolicyArns" in change.splitlines()[2]
    )
    assert (
        "- ⚙️ Stack setting `domainId` d-abc123def456 → d-000000000000: every profile moves to "
        "another domain: new, empty profiles are created in d-000000000000, and the old ones are "
        "kept in the old domain with their data, unmanaged" in change
    )
    assert "- ⚙️ Stack setting `tagKey` studiouserid → owner: the access tag changes name" in change
    assert "- ⚙️ Stack setting `policy` hardened → seed: the member policy changes: seed" in change
    assert (
        "- ⚙️ Stack setting `defaultExecutionRoleArn` arn:aws:iam::123456789012:role/Exec → "
        "arn:aws:iam::123456789012:role/Other\\_Exec: apps of users" in change
    ), "values escaped"
    assert "`perUserExecutionRoles` false → true: each user without" in change
    assert "`executionRolePolicyArns` not set → arn:aws:iam::aws:policy/A, " in change
    assert "policy/C, arn:aws:iam::aws:policy/D:" in change, "a list in full, never 'and N more'"
    assert "`groupName` sagemaker-studio-users → studio-people: IAM users move" in change
    assert_valid_gfm(report)
    text = check(repo, "--allow-unproven").stdout
    assert "  stack   domainId d-abc123def456 -> d-000000000000: every profile moves" in text
    assert "  stack   policy hardened -> seed: the member policy changes" in text


def test_turning_the_organization_guard_off_says_who_is_no_longer_bound(tmp_path):
    repo = project(tmp_path, 3)
    guard = (
        "  studio-access:orgGuard: true\n"
        "  studio-access:deployRoleArn: arn:aws:iam::123456789012:role/deploy\n"
        "  studio-access:orgGuardTargets: ['123456789012']\n"
    )
    _edit_stack(repo, STACK + guard)
    git(repo, "commit", "-qm", "guarded")
    _edit_stack(repo, STACK + guard.replace("orgGuard: true", "orgGuard: false"))
    change = change_section(check(repo, "--format", "markdown").stdout)
    assert (
        "- ⚙️ Stack setting `orgGuard` true → false: the organization guard is removed: "
        "outsiders are no longer bound" in change
    )


def test_studio_settings_of_the_stack_are_reported_per_person_only(tmp_path):
    repo = project(tmp_path, 3)
    _edit_stack(repo, STACK + "  studio-access:studio:\n    idle_timeout_minutes: 60\n")
    change = change_section(check(repo, "--format", "markdown").stdout)
    assert "Stack setting" not in change and "stack setting" not in change
    assert "- ⚙️ Studio settings of `alice`, `bob`, `carol-ng`: `idle_timeout_minutes`" in change


def test_a_new_users_settings_are_part_of_their_gain_not_a_move(tmp_path):
    repo = project(tmp_path, 3)
    (repo / "users" / "dan.yaml").write_text("id: dan\nstudio: {idle_timeout_minutes: 60}\n")
    git(repo, "add", "-A")
    change = change_section(check(repo, "--format", "markdown").stdout)
    assert change.splitlines()[2] == "1 user gains access"
    assert "⚙️" not in change and "not set →" not in change


def test_a_broken_file_hides_no_expired_grant(tmp_path):
    repo = project(tmp_path, 3)
    alice = repo / "users" / "alice.yaml"
    alice.write_text(alice.read_text() + "expires: 2026-01-01\n")
    (repo / "users" / "q.yaml").write_text("id: q\nemial: x\n")
    git(repo, "add", "-A")
    annotations = check(repo, "--format", "github").stdout
    assert "::error file=users/q.yaml" in annotations
    assert "::error file=users/alice.yaml" in annotations
    assert "the access of 'alice' has expired" in annotations
    git(repo, "commit", "-qm", "alice expired, q broken")
    plain = check(repo).stdout  # on main: an expired grant is a warning, and still said
    assert "warning: the access of 'alice' has expired" in plain


def test_a_deleted_file_is_annotated_without_a_place(tmp_path):
    repo = project(tmp_path, 3)
    git(repo, "rm", "-q", "users/bob.yaml")
    annotations = check(repo, "--format", "github").stdout
    assert "::error file=users/bob.yaml" not in annotations
    assert "::error::users/bob.yaml (deleted): deleting the file of active user 'bob'" in (
        annotations
    )


def test_the_text_changes_show_dates_before_and_after(tmp_path):
    repo = project(tmp_path, 3)
    alice = repo / "users" / "alice.yaml"
    alice.write_text(alice.read_text() + "expires: 2099-01-01\n")
    text = check(repo).stdout
    assert "  changed alice: expires; expires none → 2099-01-01" in text
