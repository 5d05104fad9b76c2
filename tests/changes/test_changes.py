"""``check --base REF``: the users a pull request adds, removes and changes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from git_repo import git

from components.changes.users import ChangesError, change_effect, compare, removal_effect
from components.core.settings.stack import Settings
from components.roster.users import UserSpec, load_roster

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    users = tmp_path / "users"
    users.mkdir()
    (users / "alice.yaml").write_text("id: alice\nemail: alice@example.com\n")
    (users / "bob.yaml").write_text("id: bob\n")
    (users / "carol.yaml").write_text("id: carol\ntags: {team: nlp}\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    (users / "bob.yaml").unlink()
    (users / "carol.yaml").write_text("id: carol\ntags: {team: vision}\nprofile_name: carol2\n")
    (users / "dan.yaml").write_text("id: dan\nprincipal: {type: role, trusted: ['123456789012']}\n")
    return tmp_path


def test_added_removed_changed(repo):
    users = load_roster(repo / "users").users
    changes = compare("main", users, repo / "users", Settings())
    assert [u.id for u in changes.added] == ["dan"]
    assert [u.id for u in changes.removed] == ["bob"]
    assert [(before.id, fields) for before, _, fields in changes.changed] == [
        ("carol", ("profile_name", "tags"))
    ]


def test_removal_says_what_happens_to_the_principal_the_profile_and_the_data():
    bob = load_roster(PROJECT_DIR / "users").users[1]
    retained = removal_effect(bob, Settings())
    assert "IAM role 'bob' deleted (access revoked)" in retained
    assert "refused, offboard first" in retained
    deleted = removal_effect(bob, Settings(profile_deletion="delete"))
    assert "profile 'bob' deleted with its apps and spaces" in deleted
    assert "storage (the home directory) is destroyed" in deleted
    gone = removal_effect(replace(bob, status="offboarded"), Settings())
    assert "profile 'bob' released" in gone and "untagged" in gone


def test_a_federated_persons_changes_say_that_the_identity_provider_still_signs_them_in():
    from components.kinds.federated import FederatedPrincipal

    ana = UserSpec("ana", "ana", principal=FederatedPrincipal())
    settings = Settings(federation="saml")
    offboarded = change_effect(ana, replace(ana, status="offboarded"), settings)
    assert offboarded.startswith("offboarded: federated session 'ana': no principal of its own")
    assert "the identity provider still signs them in" in offboarded
    back = change_effect(replace(ana, status="offboarded"), ana, settings)
    assert back == "returns: profile 'ana' tagged again"
    moved = change_effect(UserSpec("ana", "ana"), ana, settings)
    assert moved.startswith("signs in as federated session instead of IAM user: IAM user 'ana'")
    assert moved.endswith("nothing created instead")


def test_changes_say_what_offboarding_returning_and_renaming_do():
    alice = UserSpec("alice", "alice")
    offboarded = change_effect(alice, replace(alice, status="offboarded"), Settings())
    assert offboarded == (
        "offboarded: IAM user 'alice' deleted (access revoked); profile 'alice' and its data "
        "kept, its access tag removed"
    )
    back = change_effect(replace(alice, status="offboarded"), alice, Settings())
    assert back == "returns: IAM user 'alice' created again, profile 'alice' tagged again"
    renamed = change_effect(alice, replace(alice, profile_name="al"), Settings())
    assert "profile 'alice' replaced by a new, empty 'al' (the old one is kept" in renamed
    renamed = change_effect(
        alice, replace(alice, profile_name="al"), Settings(profile_deletion="delete")
    )
    assert "(the old one is deleted with its apps and spaces)" in renamed


def test_a_base_without_the_folder_means_everyone_is_new(repo):
    empty_tree = git(repo, "hash-object", "-t", "tree", "/dev/null").strip()
    empty = git(repo, "commit-tree", empty_tree, "-m", "empty").strip()
    changes = compare(empty, load_roster(repo / "users").users, repo / "users", Settings())
    assert [u.id for u in changes.added] == ["alice", "carol", "dan"]


def test_unknown_ref_is_an_error(repo):
    with pytest.raises(ChangesError, match="no-such-ref"):
        compare("no-such-ref", (), repo / "users", Settings())


def check_in(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m components check ARGS`` inside ``repo``."""
    return subprocess.run(
        [sys.executable, "-m", "components", "check", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_cli_lists_changes_in_text_and_markdown(repo):
    (repo / "users" / "bob.yaml").write_text("id: bob\nstatus: offboarded\n")
    git(repo, "commit", "-qm", "offboard bob", "users/bob.yaml")
    (repo / "users" / "bob.yaml").unlink()
    text = check_in(repo, "--base", "main")
    assert text.returncode == 1, "carol's profile is renamed while profiles are retained"
    assert "  added   dan (role, profile dan)" in text.stdout
    assert "  removed bob: profile 'bob' released" in text.stdout
    assert (
        "  changed carol: profile_name, tags; profile 'carol' replaced by a new, empty 'carol2'"
        in text.stdout
    )
    markdown = check_in(repo, "--base", "main", "--format", "markdown").stdout
    assert "### This change (since `main`)" in markdown
    assert "- ➕ `dan` opens profile `dan` (IAM role)" in markdown
    assert "- ✏️ `carol` (`profile_name`, `tags`): profile 'carol' replaced" in markdown
    for fmt in ("text", "github", "markdown"):
        bad = check_in(repo, "--base", "nope", "--format", fmt)
        assert bad.returncode == 2 and "error: --base nope" in bad.stderr
        assert bad.stdout == "", "an unknown ref is a usage error before any verdict"


def test_deleting_an_active_users_file_is_refused_while_profiles_are_retained(repo):
    result = check_in(repo, "--base", "main")
    assert result.returncode == 1
    assert (
        "users/bob.yaml: error: deleting the file of active user 'bob' is refused while "
        "profileDeletion is retain" in result.stdout
    )
    assert "Set 'status: offboarded' first" in result.stdout
    (repo / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (repo / "Pulumi.dev.yaml").write_text(
        "config:\n  studio-access:profileDeletion: delete\n  studio-access:domainId: d-abc\n"
        "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec\n"
    )
    deleted = check_in(repo, "--base", "main", "--stack", "dev", "--format", "markdown")
    assert deleted.returncode == 0, deleted.stdout
    assert "a space's storage, the user's home directory, is destroyed with it" in deleted.stdout


def test_a_folder_named_like_a_user_file_at_the_base_does_not_derail_reading(repo):
    git(repo, "checkout", "-q", "-b", "odd")
    (repo / "users" / "aaa.yaml").mkdir()
    (repo / "users" / "aaa.yaml" / "x").write_text("x")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "folder named aaa.yaml")
    users = load_roster(repo / "users").users
    changes = compare("odd", users, repo / "users", Settings())
    assert changes.added == () and changes.removed == () and changes.changed == ()


def test_an_invalid_file_is_not_judged_while_the_rest_is_listed(repo):
    (repo / "users" / "alice.yaml").write_text("id: alice\nemial: x\n")
    result = check_in(repo, "--base", "main")
    assert result.returncode == 1
    assert "removed alice" not in result.stdout, "a file that fails to parse is not removed"
    assert "  not read (not judged) users/alice.yaml" in result.stdout
    assert "  added   dan (role, profile dan)" in result.stdout
    assert "  removed bob:" in result.stdout


@pytest.fixture
def renamed(repo: Path) -> Path:
    """The base has erin (active) and frank (offboarded); both get a new profile_name."""
    users = repo / "users"
    (users / "erin.yaml").write_text("id: erin\n")
    (users / "frank.yaml").write_text("id: frank\nstatus: offboarded\n")
    for name in ("bob", "carol", "dan"):
        (users / f"{name}.yaml").unlink(missing_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "erin and frank")
    (users / "erin.yaml").write_text("id: erin\nprofile_name: erin2\n")
    (users / "frank.yaml").write_text("id: frank\nstatus: offboarded\nprofile_name: frank2\n")
    return repo


def test_renaming_an_active_users_profile_is_refused_while_profiles_are_retained(renamed):
    result = check_in(renamed, "--base", "HEAD")
    assert result.returncode == 1, result.stdout
    assert (
        "users/erin.yaml:1:1: error: profile_name of active user 'erin' changes from 'erin' to "
        "'erin2', which is refused while profileDeletion is retain: the old profile would stay in "
        "the domain, unmanaged, still tagged studiouserid=erin" in result.stdout
    )
    assert (
        "Offboard first" in result.stdout and "remove the tag from the old profile" in result.stdout
    )
    assert "frank" not in result.stdout.split("changes since")[0], "an untagged profile may go"


def test_renaming_and_offboarding_at_once_is_refused_too(renamed):
    (renamed / "users" / "erin.yaml").write_text("id: erin\nstatus: offboarded\nprofile_name: e2\n")
    result = check_in(renamed, "--base", "HEAD")
    assert result.returncode == 1 and "profile_name of active user 'erin'" in result.stdout


def test_renaming_is_allowed_when_removed_profiles_are_deleted(renamed):
    (renamed / "Pulumi.yaml").write_text(
        "name: studio-access\nruntime: python\nconfig:\n  studio-access:profileDeletion: delete\n"
    )
    result = check_in(renamed, "--base", "HEAD")
    assert result.returncode == 0, result.stdout
    assert "(the old one is deleted with its apps and spaces)" in result.stdout


def test_a_change_that_only_breaks_a_file_does_not_also_say_none(repo):
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "as the branch has it")
    (repo / "users" / "alice.yaml").write_text("id: alice\nemial: x\n")
    result = check_in(repo, "--base", "HEAD")
    assert "  not read (not judged) users/alice.yaml" in result.stdout
    assert "\n  none" not in result.stdout
