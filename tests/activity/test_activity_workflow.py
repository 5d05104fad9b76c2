"""The nightly job's ``activity`` step: its report and its numbers reach the drift issue.

The step's script runs as the runner runs it (``test_access_workflows.Runner``), with a
``python -m components`` that prints a report rendered by the real renderer; the issue job's
script is JavaScript, checked for what it does with the numbers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from test_access_workflows import ROOT, fake_audit, workflow

from components.activity.callers import Caller
from components.activity.command import ActivityReport
from components.activity.events import SIGN_IN, Event
from components.activity.tally import PersonActivity, Tally
from components.activity.targets import Target
from components.cli.commands.activity import document, render

NOW = datetime(2026, 12, 5, 4, 30, tzinfo=UTC)
STEP = "Studio activity from CloudTrail"


def report(denied_hours_ago: tuple[float, ...], unused: tuple[str, ...]) -> str:
    tally = Tally({p: PersonActivity(p, True) for p in ("alice", "bob", *unused)})
    for i, hours in enumerate(denied_hours_ago):
        event = Event(
            f"e-{i}",
            SIGN_IN,
            NOW - timedelta(hours=hours),
            {},
            {},
            {},
            "AccessDenied",
            "203.0.113.7",
            "aws-cli/2",
        )
        tally.add(
            event,
            Caller("bob", "arn:aws:iam::1:user/x", "IAM user"),
            Target("profile", "alice", "alice"),
        )
    tally.done()
    result = ActivityReport(
        "d-1",
        "eu-west-1",
        NOW - timedelta(days=90),
        NOW,
        90,
        tally,
        [tally.people[p] for p in unused],
        11,
        (),
    )
    return render(document(result), "markdown")


@pytest.mark.parametrize(
    ("denied", "unused", "expected_denied", "expected_unused"),
    [((), (), "0", "0"), ((2.0, 30.0), ("dan",), "1", "1"), ((48.0,), ("dan", "erin"), "0", "2")],
    ids=["quiet", "denied-today", "denied-earlier"],
)
def test_the_step_hands_the_report_and_its_numbers_to_the_issue(
    tmp_path, denied, unused, expected_denied, expected_unused
):
    markdown = report(denied, unused)
    runner = fake_audit(tmp_path, markdown, 0)
    result = runner.run(STEP)
    assert result.returncode == 0, result.stderr
    outputs = runner.outputs()
    assert outputs["report"].strip() == markdown.strip()
    assert (outputs["status"], outputs["denied"], outputs["unused"]) == (
        "0",
        expected_denied,
        expected_unused,
    )


def test_a_failed_read_fails_the_job_and_says_so(tmp_path):
    runner = fake_audit(tmp_path, "", 1)
    assert runner.run(STEP).returncode == 1
    assert runner.outputs()["status"] == "1"


def test_the_issue_stays_open_for_denied_attempts_and_unused_access():
    issue = workflow("drift")["jobs"]["issue"]
    [script_step] = issue["steps"]
    env = script_step["env"]
    assert env["ACTIVITY_REPORT"] == "${{ needs.drift.outputs.activity-report }}"
    script = script_step["with"]["script"]
    assert "activityClean = env.ACTIVITY_STATUS === '0' && denied === 0 && unused === 0" in script
    assert "if (previewClean && auditClean && verifyClean && activityClean)" in script
    assert "env.ACTIVITY_REPORT || ''" in script
    drift = workflow("drift")["jobs"]["drift"]
    [activity] = [s for s in drift["steps"] if s.get("name") == STEP]
    assert activity["if"] == "${{ !cancelled() }}"


def test_the_reports_fit_the_issue_body_and_each_check_has_one_row():
    import re

    text = (ROOT / ".github" / "workflows" / "drift.yml").read_text(encoding="utf-8")
    caps = [int(n) for n in re.findall(r"head -c (\d+) \w+\.md", text)]
    assert len(caps) == 4 and sum(caps) + 5_000 <= 65_000, caps  # audit, activity, verify, usage
    script = workflow("drift")["jobs"]["issue"]["steps"][0]["with"]["script"]
    rows = re.findall(r"\| \\`studio-access (\w+)\\` \|", script)
    assert sorted(rows) == sorted(set(rows)) and "activity" in rows


def test_activitys_deadline_fits_the_nightly_job():
    from components.cli.commands.activity import ACTIVITY_TIMEOUT

    job = workflow("drift")["jobs"]["drift"]
    assert job["timeout-minutes"] * 60 >= ACTIVITY_TIMEOUT + 15 * 60
