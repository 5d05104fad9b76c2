"""``expire``: every active user past ``expires`` offboarded, one line of their file changed."""

from __future__ import annotations

import difflib
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import STACK_REQUIRED

from components.cli.main import main
from components.core.access_dates import TODAY_ENV
from components.lifecycle.expiry import offboarded_text
from components.roster.users import load_roster

TODAY = datetime.now(UTC).date()
PAST = (TODAY - timedelta(days=1)).isoformat()
LAST_DAY = TODAY.isoformat()
FUTURE = (TODAY + timedelta(days=40)).isoformat()


@pytest.fixture
def users(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
    folder = tmp_path / "users"
    folder.mkdir()
    return folder


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / f"{name}.yaml"
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def expire(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["expire", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def changed_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` removes and adds (line endings aside: the tests check those)."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line for line in diff if line[:1] in "+-"]


def test_only_the_status_line_changes_and_every_comment_stays(users, capsys):
    before = (
        "# yaml-language-server: $schema=../components/user.schema.json\n"
        "id: alice           # the id\n"
        "status: 'active'    # quoted, with a comment\n"
        f"expires: {PAST}     # the last day\n"
        "tags: {team: nlp}\n"
        "# the end\n"
    )
    path = write(users, "alice", before)
    code, out, err = expire(capsys, "--users", "users")
    assert (code, out, err) == (0, ["users/alice.yaml"], "")
    after = path.read_text()
    assert changed_lines(before, after) == [
        "- status: 'active'    # quoted, with a comment",
        "+ status: offboarded    # quoted, with a comment",
    ]
    assert load_roster(users).users[0].status == "offboarded"


@pytest.mark.parametrize(
    "layout",
    [
        "id: {id}\nexpires: {past}\n",
        "id: {id}\nexpires: {past}",  # no final newline
        "id: {id}\nexpires: '{past}'\n# a comment at the end\n\n",
        "---\nid: {id}\nexpires: {past}\n...\n",
        "  id: {id}\n  expires: {past}\n",  # an indented mapping
        "id: {id}\nexpires: {past}\nreason: |\n  two\n  lines\n",
        "id: {id}\nexpires: {past}\nprincipal:\n  type: role\n  trusted:\n    - '123456789012'\n",
        "id: {id}\r\nexpires: {past}\r\nemail: a@example.com\r\n",
        "\ufeffid: {id}\nexpires: {past}\n",
    ],
    ids=[
        "plain",
        "no-final-newline",
        "trailing-comment",
        "document-markers",
        "indented",
        "block-scalar-last",
        "nested-last",
        "crlf",
        "byte-order-mark",
    ],
)
def test_without_a_status_one_line_is_added_after_the_last_key(users, capsys, layout):
    before = layout.format(id="bob", past=PAST)
    path = write(users, "bob", before)
    assert expire(capsys, "--users", "users")[:2] == (0, ["users/bob.yaml"])
    after = path.read_bytes().decode()
    assert [line[1:].strip() for line in changed_lines(before, after)] == ["status: offboarded"]
    assert after.startswith("\ufeff") == before.startswith("\ufeff")
    assert ("\r\n" in after) == ("\r\n" in before)
    [spec] = load_roster(users).users
    assert spec.status == "offboarded" and spec.expires.isoformat() == PAST


def test_who_is_left_alone(users, capsys):
    files = {
        "carol": f"id: carol\nexpires: {LAST_DAY}\n",  # today is her last day
        "dave": f"id: dave\nexpires: {FUTURE}\n",
        "erin": f"id: erin\nstatus: offboarded\nexpires: {PAST}\n",
        "frank": f"id: frank\nreview_after: {PAST}\n",  # a review is due, access is not over
        "gina": "id: gina\n",
    }
    for name, text in files.items():
        write(users, name, text)
    code, out, err = expire(capsys, "--users", "users")
    assert (code, out) == (0, [])
    assert err == "no active user is past expires\n"
    assert {p.stem: p.read_text() for p in users.iterdir()} == files


def test_a_second_run_changes_nothing_and_the_file_mode_is_kept(users, capsys):
    path = write(users, "alice", f"id: alice\nexpires: {PAST}\n")
    path.chmod(0o640)
    assert expire(capsys, "--users", "users")[:2] == (0, ["users/alice.yaml"])
    text = path.read_text()
    assert path.stat().st_mode & 0o777 == 0o640
    assert expire(capsys, "--users", "users")[:2] == (0, [])
    assert path.read_text() == text
    assert sorted(p.name for p in users.iterdir()) == ["alice.yaml"], "no temporary file left"


def test_today_decides_who_is_past(users, capsys, monkeypatch):
    path = write(users, "dave", f"id: dave\nexpires: {FUTURE}\n")
    monkeypatch.setenv(TODAY_ENV, (TODAY + timedelta(days=41)).isoformat())
    assert expire(capsys, "--users", "users")[:2] == (0, ["users/dave.yaml"])
    assert path.read_text().endswith("status: offboarded\n")


def test_an_invalid_folder_changes_nothing(users, capsys):
    path = write(users, "alice", f"id: alice\nexpires: {PAST}\n")
    write(users, "bob", "id: bob\nexpires: 30/06/2030\n")
    code, out, err = expire(capsys, "--users", "users")
    assert (code, out) == (1, [])
    assert "users/bob.yaml:2:10: error: expires '30/06/2030' is not a date" in err
    assert path.read_text() == f"id: alice\nexpires: {PAST}\n"


@pytest.mark.parametrize(
    ("stack", "bob", "message"),
    [
        (
            "  studio-access:teams:\n    gpu: {idle_timeout_minutes: 60}\n",
            "id: bob\nteam: cpu\n",
            "users/bob.yaml:2:7: error: team 'cpu' is not one of the stack's teams (gpu)",
        ),
        (
            "  studio-access:teams:\n    gpu: {max_idle_timeout_minutes: 240}\n",
            "id: bob\nteam: gpu\nstudio: {idle_timeout_minutes: 600}\n",
            "users/bob.yaml:",
        ),
        (
            "  studio-access:policy: seed\n",
            "id: bob\n",
            "Pulumi.s.yaml:2:3: error: policy: seed leaves",
        ),
    ],
    ids=["unknown-team", "above-the-teams-maximum", "a-failed-proof"],
)
def test_a_folder_check_refuses_for_the_stack_changes_nothing(users, capsys, stack, bob, message):
    """Valid files alone are not enough: check judges them with the stack, and so does expire."""
    (users.parent / "Pulumi.s.yaml").write_text("config:\n" + stack + STACK_REQUIRED)
    path = write(users, "alice", f"id: alice\nexpires: {PAST}\n")
    write(users, "bob", bob)
    assert main(["check", "--stack", "s"]) == 1
    refused = capsys.readouterr().out
    code, out, err = expire(capsys, "--stack", "s")
    assert (code, out) == (1, [])
    assert message in err and "nothing changed: users fails check" in err
    assert next(line for line in err.splitlines() if "error" in line) in refused
    assert path.read_text() == f"id: alice\nexpires: {PAST}\n"


def test_what_check_accepts_with_allow_unproven_expire_accepts_with_it(users, capsys):
    (users.parent / "Pulumi.s.yaml").write_text(
        "config:\n  studio-access:policy: seed\n" + STACK_REQUIRED
    )
    path = write(users, "alice", f"id: alice\nexpires: {PAST}\n")
    assert main(["check", "--stack", "s", "--allow-unproven"]) == 0
    capsys.readouterr()
    code, out, err = expire(capsys, "--stack", "s", "--allow-unproven")
    assert (code, out) == (0, ["users/alice.yaml"]), err
    assert path.read_text() == f"id: alice\nexpires: {PAST}\nstatus: offboarded\n"


def test_a_file_it_cannot_edit_is_reported_and_the_others_are_changed(users, capsys):
    flow = write(users, "alice", f"{{id: alice, expires: {PAST}}}\n")
    write(users, "bob", f"id: bob\nexpires: {PAST}\n")
    code, out, err = expire(capsys, "--users", "users")
    assert (code, out) == (1, ["users/bob.yaml"])
    assert err == (
        "users/alice.yaml:1:1: error: cannot set status: offboarded in place (the file is not a "
        "block mapping): set it by hand\n"
    )
    assert flow.read_text() == f"{{id: alice, expires: {PAST}}}\n"


def test_a_status_over_two_lines_is_left_to_a_person():
    with pytest.raises(Exception, match="its status is not on one line"):
        offboarded_text("users/a.yaml", b'id: a\nstatus: "act\\\n  ive"\n')


def test_the_stack_names_the_folder_and_a_missing_stack_is_a_usage_error(users, capsys):
    people = users.parent / "people"
    people.mkdir()
    write(people, "alice", f"id: alice\nexpires: {PAST}\n")
    (users.parent / "Pulumi.s.yaml").write_text(
        "config:\n  studio-access:usersDir: people\n" + STACK_REQUIRED
    )
    assert expire(capsys, "--stack", "s")[:2] == (0, ["people/alice.yaml"])
    assert expire(capsys, "--stack", "nope")[0] == 2


def test_the_pull_request_expire_makes_passes_check(users, capsys):
    """What the nightly job proposes is a change check accepts on the pull request."""
    write(users, "alice", f"id: alice\nexpires: {PAST}\n")
    write(users, "bob", f"id: bob\nexpires: {FUTURE}\n")
    root = users.parent
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "main"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=root,
            check=True,
        )
    assert main(["check", "--base", "main"]) == 0
    assert "warning: the access of 'alice' has expired" in capsys.readouterr().out
    assert expire(capsys)[:2] == (0, ["users/alice.yaml"])
    assert main(["check", "--base", "main"]) == 0
    out = capsys.readouterr().out
    assert "alice" not in out.split("changes since")[0], "no warning left about alice"
    assert "changed alice: status; offboarded" in out
