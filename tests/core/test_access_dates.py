"""``reason``, ``expires``, ``review_after`` and ``maxAccessDays``: read strictly, judged by ``check``.

Dates are relative to today (UTC), so the suite means the same thing on any day; the boundary
tests pin "today" with ``STUDIO_ACCESS_TODAY`` to the same relative date, so that a run across
midnight cannot move it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import STACK_REQUIRED
from git_repo import git

from components.cli.main import main
from components.core.access_dates import TODAY_ENV, today
from components.core.problems import InputError, Problem, UsageError
from components.core.settings.stack import Settings
from components.roster.stack_files import load_stack_settings
from components.roster.users import parse_user

TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def parse(text: str):
    problems: list[Problem] = []
    spec = parse_user("users/alice.yaml", text.encode(), problems)
    return spec, [str(p) for p in problems]


# ---------------------------------------------------------------------------------------------
# reading the keys


def test_quoted_and_unquoted_dates_and_a_reason_are_read():
    spec, problems = parse(
        "id: alice\nreason: 'Churn model, ticket DS-42'\nexpires: 2031-06-30\n"
        'review_after: "2031-01-15"\n'
    )
    assert problems == []
    assert spec.reason == "Churn model, ticket DS-42"
    assert spec.expires == date(2031, 6, 30)
    assert spec.review_after == date(2031, 1, 15)
    assert spec.line_of("expires") == 3 and spec.line_of("review_after") == 4
    assert spec.line_of("email") == 1, "a key the file lacks points at its id"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2031-06-30T10:00:00Z", "has a time of day; write the date alone: expires: 2031-06-30"),
        ("2031-06-30 10:00:00", "has a time of day; write the date alone: expires: 2031-06-30"),
        ("'2031-06-30T10:00'", "is not a date in the form YYYY-MM-DD"),
        ("30/06/2031", "'30/06/2031' is not a date in the form YYYY-MM-DD"),
        ("2031-6-30", "is not a date in the form YYYY-MM-DD"),
        ("2031-02-30", "'2031-02-30' is not a day of the calendar"),
        ("20310630", "must be a date YYYY-MM-DD, got a number"),
        ("[2031-06-30]", "must be a date YYYY-MM-DD, got a list"),
        ("", "must be a date YYYY-MM-DD, got empty"),
    ],
)
def test_every_other_form_of_date_is_refused_at_its_line(value, message):
    spec, problems = parse(f"id: alice\nemail: a@example.com\nexpires: {value}\n")
    assert spec is None
    assert len(problems) == 1
    assert problems[0].startswith("users/alice.yaml:3:")
    assert ": error: expires " in problems[0] and message in problems[0]


def test_review_after_follows_the_same_rule():
    _, problems = parse("id: alice\nreview_after: 2031-06-30T00:00:00\n")
    assert problems == [
        "users/alice.yaml:2:15: error: review_after '2031-06-30T00:00:00' has a time of day; "
        "write the date alone: review_after: 2031-06-30"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("''", "reason is empty"),
        ("42", "reason must be a string, got a number"),
        ("x" * 1001, "reason is 1001 characters; at most 1000"),
    ],
)
def test_a_reason_is_some_text(value, message):
    _, problems = parse(f"id: alice\nreason: {value}\n")
    assert len(problems) == 1 and problems[0].startswith("users/alice.yaml:2:9: error: ")
    assert message in problems[0]


def test_today_is_utc_unless_the_environment_names_a_date():
    assert today({}) == datetime.now(UTC).date()
    assert today({TODAY_ENV: "2030-01-31"}) == date(2030, 1, 31)
    with pytest.raises(
        UsageError, match=re.escape("STUDIO_ACCESS_TODAY='31.01.2030' is not a date")
    ):
        today({TODAY_ENV: "31.01.2030"})


# ---------------------------------------------------------------------------------------------
# maxAccessDays


def stack(tmp_path: Path, value: str) -> Settings:
    (tmp_path / "Pulumi.s.yaml").write_text(
        f"config:\n  studio-access:maxAccessDays: {value}\n" + STACK_REQUIRED
    )
    return load_stack_settings("s", tmp_path)


def test_max_access_days_defaults_to_a_year_and_reads_numbers_and_the_engines_text(tmp_path):
    assert Settings().max_access_days == 365
    assert stack(tmp_path, "90").max_access_days == 90
    assert Settings.from_mapping({"maxAccessDays": "30"}).max_access_days == 30


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "maxAccessDays must be a number of days from 1 to 3650, got 0"),
        ("4000", "maxAccessDays must be a number of days from 1 to 3650, got 4000"),
        ("a-year", "maxAccessDays must be a whole number, got a string 'a-year'"),
        ("true", "maxAccessDays must be a whole number, got a boolean true"),
        ("36.5", "maxAccessDays must be a whole number, got a number 36.5"),
    ],
)
def test_max_access_days_refuses_what_is_not_a_sensible_number(tmp_path, value, message):
    with pytest.raises(InputError) as caught:
        stack(tmp_path, value)
    [problem] = caught.value.problems
    assert str(problem) == f"{tmp_path / 'Pulumi.s.yaml'}:2:3: error: studio-access:{message}"


# ---------------------------------------------------------------------------------------------
# check, on main and on a pull request


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository whose main has users with dates around today, and today pinned to TODAY."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
    users = tmp_path / "users"
    users.mkdir()
    files = {
        "alice": f"expires: {day(-1)}\n",  # past: a warning on main
        "bob": f"expires: {day(14)}\n",  # within 14 days: a warning
        "carol": f"expires: {day(15)}\nreview_after: {day(15)}\n",  # nothing yet
        "dave": f"review_after: {day(-3)}\n",  # review due: a warning
        "erin": f"status: offboarded\nexpires: {day(-30)}\n",  # ended: nothing
        "frank": f"expires: {day(400)}\n",  # beyond a year, but set before: nothing
    }
    for user_id, text in files.items():
        (users / f"{user_id}.yaml").write_text(f"id: {user_id}\n{text}")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "main")
    return tmp_path


def check(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line.startswith("users/")]


def test_on_main_near_and_past_dates_warn_and_check_passes(repo, capsys):
    code, lines = check(capsys)
    assert code == 0
    assert lines == [
        f"users/alice.yaml:2:1: warning: the access of 'alice' has expired: its last day was "
        f"{day(-1)} (yesterday); set 'status: offboarded' (studio-access expire does) or "
        "extend expires",
        f"users/bob.yaml:2:1: warning: the last day of access of 'bob' is {day(14)} (in 14 days): "
        "extend expires if it is still needed",
        f"users/dave.yaml:2:1: warning: the access of 'dave' is due for review since {day(-3)} "
        "(3 days ago): confirm it and move review_after ahead, or offboard",
    ]


def test_today_comes_from_the_clock_without_the_variable(repo, capsys, monkeypatch):
    monkeypatch.delenv(TODAY_ENV)
    code, lines = check(capsys)
    assert code == 0
    assert [line.split(":")[0] for line in lines] == [
        "users/alice.yaml",
        "users/bob.yaml",
        "users/dave.yaml",
    ]


def test_a_pull_request_that_leaves_an_expired_user_alone_only_warns(repo, capsys):
    (repo / "users" / "gina.yaml").write_text(f"id: gina\nexpires: {day(30)}\n")
    code, lines = check(capsys, "--base", "main")
    assert code == 0
    assert "warning: the access of 'alice' has expired" in lines[0]


def test_a_pull_request_that_changes_an_expired_users_file_is_refused(repo, capsys):
    (repo / "users" / "alice.yaml").write_text(f"id: alice\nexpires: {day(-1)}\nemail: a@b.org\n")
    code, lines = check(capsys, "--base", "main")
    assert code == 1
    assert lines[0].startswith(
        "users/alice.yaml:2:1: error: the access of 'alice' has expired: its last day was"
    )
    assert lines[0].endswith("a pull request that changes this file must do one or the other")


@pytest.mark.parametrize(
    "text",
    [f"expires: {day(-1)}\nstatus: offboarded\n", f"expires: {day(30)}\n"],
    ids=["offboarded", "extended"],
)
def test_a_pull_request_that_offboards_or_extends_the_expired_user_passes(repo, capsys, text):
    (repo / "users" / "alice.yaml").write_text(f"id: alice\n{text}")
    code, lines = check(capsys, "--base", "main")
    assert code == 0, lines
    assert not any("alice" in line for line in lines)


def test_a_new_user_may_be_granted_max_access_days_and_not_one_more(repo, capsys):
    (repo / "users" / "gina.yaml").write_text(f"id: gina\nexpires: {day(365)}\n")
    (repo / "users" / "hank.yaml").write_text(f"id: hank\nreview_after: {day(366)}\n")
    code, lines = check(capsys, "--base", "main")
    assert code == 1
    assert [line for line in lines if "error" in line] == [
        f"users/hank.yaml:2:1: error: review_after {day(366)} is 366 days ahead; a pull request "
        f"may set it at most maxAccessDays (365) ahead, until {day(365)}"
    ]


def test_only_a_changed_date_is_held_to_the_limit(repo, capsys):
    # frank's date was set before; changing his e-mail does not make it new.
    (repo / "users" / "frank.yaml").write_text(f"id: frank\nexpires: {day(400)}\nemail: f@b.org\n")
    assert check(capsys, "--base", "main")[0] == 0
    (repo / "users" / "frank.yaml").write_text(f"id: frank\nexpires: {day(401)}\n")
    code, lines = check(capsys, "--base", "main")
    assert code == 1
    assert f"users/frank.yaml:2:1: error: expires {day(401)} is 401 days ahead" in lines[-1]


def test_the_stack_sets_max_access_days(repo, capsys):
    (repo / "Pulumi.s.yaml").write_text(
        "config:\n  studio-access:maxAccessDays: 30\n" + STACK_REQUIRED
    )
    (repo / "users" / "gina.yaml").write_text(f"id: gina\nexpires: {day(31)}\n")
    code, lines = check(capsys, "--stack", "s", "--base", "main")
    assert code == 1
    assert "at most maxAccessDays (30) ahead" in lines[-1]
    (repo / "users" / "gina.yaml").write_text(f"id: gina\nexpires: {day(30)}\n")
    assert check(capsys, "--stack", "s", "--base", "main")[0] == 0


def test_a_bad_today_is_a_usage_error(repo, capsys, monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "tomorrow")
    assert main(["check"]) == 2
    assert "STUDIO_ACCESS_TODAY='tomorrow' is not a date" in capsys.readouterr().err


def test_the_changes_name_the_terms_of_an_added_user(repo, capsys):
    (repo / "users" / "gina.yaml").write_text(
        f"id: gina\nreason: 'DS-42: churn model'\nexpires: {day(30)}\n"
    )
    assert main(["check", "--base", "main"]) == 0
    out = capsys.readouterr().out
    assert (
        f"  added   gina (user, profile gina); until {day(30)}; reason: DS-42: churn model" in out
    )
    assert main(["check", "--base", "main", "--format", "markdown"]) == 0
    report = capsys.readouterr().out
    assert (
        f"- ➕ `gina` opens profile `gina` (IAM user); until {day(30)}; reason: DS-42: churn"
        in report
    )
