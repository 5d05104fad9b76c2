"""``drain``: the apps, then the spaces, of exactly the profiles ``pulumi up`` is about to delete."""

from __future__ import annotations

import re
import time

import pytest
from aws_env import DOMAIN
from fake_sagemaker import Deletion

pytest_plugins = ("aws_fixtures",)

FAST = ("--poll", "0.01")


@pytest.fixture
def domain(sagemaker, project):
    """alice and bob, each with apps and spaces; the stack deletes removed users' profiles."""
    project.stack(profileDeletion="delete")
    project.user("alice")
    project.user("bob")
    base = project.commit("alice and bob")
    for name in ("alice", "bob"):
        sagemaker.add_profile(DOMAIN, name, {"studiouserid": name})
        sagemaker.add_app(DOMAIN, "JupyterServer", "default", profile=name)
        sagemaker.add_space(DOMAIN, f"{name}-private", owner=name)
        sagemaker.add_app(DOMAIN, "JupyterLab", "default", space=f"{name}-private")
        sagemaker.add_space(DOMAIN, f"{name}-shared", owner=name, sharing="Shared")
        sagemaker.add_app(DOMAIN, "CodeEditor", "default", space=f"{name}-shared")
    sagemaker.add_app(DOMAIN, "KernelGateway", "old", profile="alice", status="Deleted")
    sagemaker.add_space(DOMAIN, "team", owner=None, sharing="Shared")
    sagemaker.add_app(DOMAIN, "JupyterLab", "default", space="team")
    return base


def _deleted(sagemaker) -> list[tuple[str, str]]:
    return [
        (op, body.get("SpaceName") or body.get("UserProfileName"))
        for op, body in sagemaker.mutations()
    ]


def test_retain_drains_nothing_and_calls_no_aws(sagemaker, project, cli):
    project.user("alice")
    base = project.commit()
    (project.users / "alice.yaml").unlink()
    run = cli("drain", "--stack", "test", "--base", base)
    assert run.code == 0, run.err
    assert "nothing to drain: profileDeletion is retain" in run.out
    assert sagemaker.calls == []


def test_a_removed_user_loses_apps_then_spaces_and_nobody_else_loses_anything(
    sagemaker, project, domain, cli
):
    (project.users / "alice.yaml").unlink()
    run = cli("drain", "--stack", "test", "--base", domain, *FAST)
    assert run.code == 0, run.err
    deleted = _deleted(sagemaker)
    assert deleted == [
        ("DeleteApp", "alice"),
        ("DeleteApp", "alice-private"),
        ("DeleteApp", "alice-shared"),
        ("DeleteSpace", "alice-private"),
        ("DeleteSpace", "alice-shared"),
    ]
    assert {s for (_, s) in sagemaker.spaces} == {"bob-private", "bob-shared", "team"}
    live = {
        (a["UserProfileName"] or a["SpaceName"]) for a in sagemaker.apps if a["Status"] != "Deleted"
    }
    assert live == {"bob", "bob-private", "bob-shared", "team"}
    assert "drained: 3 app(s) and 2 space(s) deleted" in run.out


def test_dry_run_lists_apps_and_spaces_with_the_storage_warning_and_changes_nothing(
    sagemaker, project, domain, cli
):
    (project.users / "alice.yaml").unlink()
    run = cli("drain", "--stack", "test", "--base", domain, "--dry-run")
    assert run.code == 0, run.err
    assert sagemaker.mutations() == []
    assert "app JupyterServer/default (InService)" in run.out
    assert "app JupyterLab/default in space alice-private" in run.out
    assert "space alice-shared (shared): warning: its storage is destroyed with it" in run.out
    assert "KernelGateway/old" not in run.out  # already deleted
    assert "bob" not in run.out
    assert "drain would delete 3 app(s), then 2 space(s)" in run.out


def test_a_renamed_profile_drains_the_old_name(sagemaker, project, domain, cli):
    project.user("bob", "profile_name: bob-new\n")
    run = cli("drain", "--stack", "test", "--base", domain, "--dry-run")
    assert run.code == 0, run.err
    assert "bob: user 'bob' renames the profile to 'bob-new'" in run.out
    assert "space bob-private" in run.out and "alice" not in run.out.split("they hold:")[1]


def test_an_app_already_deleting_is_waited_for_not_deleted_again(sagemaker, project, domain, cli):
    sagemaker.apps[0]["Status"] = "Deleting"  # alice's JupyterServer
    (project.users / "alice.yaml").unlink()
    run = cli("drain", "--stack", "test", "--base", domain, *FAST)
    assert run.code == 0, run.err
    assert ("DeleteApp", "alice") not in _deleted(sagemaker)
    assert sagemaker.apps[0]["Status"] == "Deleted"


def test_a_deletion_that_never_ends_times_out_with_a_clear_error(sagemaker, project, domain, cli):
    sagemaker.app_deletion = Deletion(polls=None)
    (project.users / "alice.yaml").unlink()
    run = cli("drain", "--stack", "test", "--base", domain, "--timeout", "0.2", "--poll", "0.05")
    assert run.code == 1
    assert re.match(
        r"error: timed out after 0\.[234] s \(--timeout 0\.2\) waiting for app JupyterServer/default",
        run.err,
    ), run.err
    assert "run drain again" in run.err and "Traceback" not in run.err
    assert not any(op == "DeleteSpace" for op, _ in sagemaker.mutations())


@pytest.mark.parametrize("poll", ["10", "600"])
def test_a_poll_longer_than_the_time_left_waits_until_the_deadline_and_says_so(
    sagemaker, project, domain, cli, poll
):
    sagemaker.app_deletion = Deletion(polls=None)
    (project.users / "alice.yaml").unlink()
    started = time.monotonic()
    run = cli("drain", "--stack", "test", "--base", domain, "--timeout", "0.6", "--poll", poll)
    elapsed = time.monotonic() - started
    assert run.code == 1, run.err
    waited = re.match(r"error: timed out after ([0-9.]+) s \(--timeout 0\.6\) waiting", run.err)
    assert waited, run.err
    assert 0.6 <= float(waited[1]) <= elapsed < 5
    looks = [op for op, body in sagemaker.calls if op == "DescribeApp"]
    assert len(looks) == 2  # one when the wait began, one at the deadline


@pytest.mark.parametrize(
    "option", [("--poll", "601"), ("--poll", "0"), ("--poll", "inf"), ("--timeout", "nan")]
)
def test_a_poll_or_timeout_out_of_bounds_is_a_usage_error(
    sagemaker, project, domain, cli, capsys, option
):
    with pytest.raises(SystemExit) as exited:
        cli("drain", "--stack", "test", "--base", domain, *option)
    assert exited.value.code == 2
    assert (
        f"argument {option[0]}: {option[1]!r} is not a number of seconds" in capsys.readouterr().err
    )
    assert sagemaker.calls == []


def test_nothing_removed_means_nothing_to_drain(sagemaker, project, domain, cli):
    run = cli("drain", "--stack", "test", "--base", domain)
    assert run.code == 0 and "deletes no profile" in run.out
    assert sagemaker.calls == []


def test_an_unknown_base_is_a_usage_error(sagemaker, project, domain, cli):
    run = cli("drain", "--stack", "test", "--base", "no-such-ref")
    assert run.code == 2 and "--base no-such-ref" in run.err


def test_access_denied_is_one_message_and_exit_1(sagemaker, project, domain, cli):
    sagemaker.denied.add("ListSpaces")
    (project.users / "alice.yaml").unlink()
    run = cli("drain", "--stack", "test", "--base", domain)
    assert run.code == 1
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert "AWS sagemaker ListSpaces failed: AccessDeniedException" in run.err
    assert "allow sagemaker:ListSpaces" in run.err


def test_a_profile_name_deleted_and_reused_in_one_change_is_refused(
    sagemaker, project, domain, cli
):
    (project.users / "alice.yaml").unlink()
    project.user("bob", "profile_name: alice\n")
    run = cli("drain", "--stack", "test", "--base", domain)
    assert run.code == 1 and "make it two pull requests" in run.err
    assert sagemaker.calls == []
