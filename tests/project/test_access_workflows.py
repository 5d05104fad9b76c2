"""The access-request workflow and the drift workflow's issue and expire jobs, run for real.

GitHub cannot run here, so each step's ``run:`` script is taken from the workflow file and run
with bash as the runner runs it (``bash --noprofile --norc -eo pipefail``), with the step's
``env:`` resolved from a small GitHub context, in a clone whose ``origin`` is a local bare
repository, and with a fake ``gh`` on the PATH that logs what it is asked and answers like
GitHub. What is proven: the values reach ``new-user`` only through the environment and cannot
become options, an invalid request gets a comment and no branch, the branches hold exactly the
intended files, and no job ever merges. The github-script of the drift issue is JavaScript,
checked for its structure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from test_access_request import GINA, parse_github_output, render

from components.aws.audit.findings import finding
from components.aws.audit.result import AuditResult
from components.cli.render.audit_report import render as render_audit

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
TODAY = datetime.now(UTC).date()
FAKE_GH = """#!/usr/bin/env bash
# A fake GitHub CLI: logs each call (and any --body-file's text), answers like GitHub.
echo "gh $*" >> "$GH_LOG"
previous=""
for arg in "$@"; do
  if [ "$previous" = "--body-file" ]; then cat "$arg" >> "$GH_LOG"; fi
  previous="$arg"
done
case "$1 $2" in
  "pr list") printf '%s\\n' "${GH_OPEN_PR:-}" ;;
  "pr create") echo "https://github.com/o/r/pull/7" ;;
esac
"""


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8"))


def step(job: dict, name: str) -> dict:
    [found] = [s for s in job["steps"] if s.get("name") == name]
    return found


class Runner:
    """One job's workspace: a clone of a small project, an origin, a fake gh, the runner's files."""

    def __init__(self, tmp: Path, job: dict, context: dict[str, str]):
        self.tmp, self.job, self.context = tmp, job, context
        self.work = tmp / "work"
        self.origin = tmp / "origin.git"
        self.temp = tmp / "runner-temp"
        self.output = tmp / "github-output"
        self.log = tmp / "gh.log"
        for folder in (self.work / "users", self.temp, tmp / "bin"):
            folder.mkdir(parents=True)
        # The project defines the team the requests name (a team of the stack's `teams`).
        project = (ROOT / "Pulumi.yaml").read_text()
        teams = (
            "config:\n  studio-access:teams:\n    value:\n      nlp: {idle_timeout_minutes: 240}\n"
        )
        (self.work / "Pulumi.yaml").write_text(project + teams)
        shutil.copy(ROOT / ".gitignore", self.work / ".gitignore")
        (self.work / "venv").mkdir()
        (self.work / "venv" / "bin").symlink_to(ROOT / "venv" / "bin")
        gh = tmp / "bin" / "gh"
        gh.write_text(FAKE_GH)
        gh.chmod(0o755)
        self.log.touch()
        self.output.touch()

    def commit_main(self, users: dict[str, str]) -> None:
        for user_id, text in users.items():
            (self.work / "users" / f"{user_id}.yaml").write_text(f"id: {user_id}\n{text}")
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-qm", "main")
        subprocess.run(["git", "init", "-q", "--bare", str(self.origin)], check=True)
        self.git("remote", "add", "origin", str(self.origin))
        self.git("push", "-q", "origin", "main")

    def git(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=cwd or self.work,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def resolve(self, value: object) -> str:
        """``${{ expr }}`` replaced from the context, as the runner does before the step runs."""
        return re.sub(r"\$\{\{\s*(.+?)\s*\}\}", lambda m: self.context[m.group(1)], str(value))

    def run(self, name: str, **extra: str) -> subprocess.CompletedProcess:
        """Run the step ``name`` of the job; ``extra`` overrides environment values."""
        definition = step(self.job, name)
        env = {
            k: self.resolve(v)
            for k, v in {**self.job.get("env", {}), **definition.get("env", {})}.items()
        }
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))},
            **env,
            **extra,
            "PATH": f"{self.tmp / 'bin'}:{os.environ['PATH']}",
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.tmp / "summary.md"),
            "GH_LOG": str(self.log),
            "GIT_AUTHOR_DATE": "2030-01-01T00:00:00Z",
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", definition["run"]],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def outputs(self) -> dict[str, str]:
        return parse_github_output(self.output.read_text())

    def branches(self) -> list[str]:
        heads = self.git("for-each-ref", "--format=%(refname:short)", cwd=self.origin)
        return heads.split()

    def changed_on(self, branch: str) -> list[str]:
        return self.git("diff", "--name-only", "main", branch, cwd=self.origin).split()


# ---------------------------------------------------------------------------------------------
# access-request.yml


def request_runner(tmp_path: Path, body: str) -> Runner:
    job = workflow("access-request")["jobs"]["pull-request"]
    context = {
        "vars.PULUMI_STACK": "",
        "github.event.issue.number": "12",
        "github.event.issue.body": body,
        "github.event.sender.login": "maintainer",
        "github.token": "token-not-used",
    }
    runner = Runner(tmp_path, job, context)
    runner.commit_main({"alice": "email: alice@example.com\n"})
    return runner


def run_request(runner: Runner) -> dict[str, subprocess.CompletedProcess]:
    """The steps as the job's ``if:`` conditions sequence them."""
    results = {"form": runner.run("Read the form")}
    outputs = runner.outputs()
    runner.context.update({f"steps.form.outputs.{k}": v for k, v in outputs.items()})
    if results["form"].returncode == 0:
        results["user"] = runner.run("Write the user file (new-user) and check it")
    if results.get("user") and results["user"].returncode == 0:
        results["push"] = runner.run("Push the branch and open the pull request")
    else:
        results["comment"] = runner.run("Comment what to fix on the request")
    return results


def test_an_approved_request_becomes_one_pull_request_that_links_the_issue(tmp_path):
    expires = (TODAY + timedelta(days=90)).isoformat()
    runner = request_runner(tmp_path, render({**GINA, "expires": expires}))
    results = run_request(runner)
    assert all(r.returncode == 0 for r in results.values()), {
        k: r.stderr for k, r in results.items()
    }
    assert runner.branches() == ["access-request/12", "main"]
    assert runner.changed_on("access-request/12") == ["users/gina.yaml"]
    text = runner.git("show", "access-request/12:users/gina.yaml", cwd=runner.origin)
    written = yaml.safe_load(text)
    assert str(written["expires"]) == expires
    assert written["reason"] == "Churn model, ticket DS-42"
    assert written["team"] == "nlp" and written["email"] == "gina@example.com"
    log = runner.log.read_text()
    assert "gh pr create --head access-request/12 --title Access for gina (#12)" in log
    assert "Closes #12." in log and "approved by @maintainer" in log
    assert "gh issue comment 12 --body Pull request: https://github.com/o/r/pull/7" in log
    assert "merge" not in log


def test_a_role_request_passes_each_trusted_principal(tmp_path):
    trusted = "arn:aws:iam::123456789012:saml-provider/Corp\n111122223333"
    expires = (TODAY + timedelta(days=30)).isoformat()
    runner = request_runner(
        tmp_path, render({**GINA, "kind": "IAM role", "trusted": trusted, "expires": expires})
    )
    results = run_request(runner)
    assert results["push"].returncode == 0, results["user"].stderr
    text = runner.git("show", "access-request/12:users/gina.yaml", cwd=runner.origin)
    assert "  type: role" in text
    assert '    - "111122223333"' in text and "saml-provider/Corp" in text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"id": "--users=.github"}, "id '--users=.github' must be 1-63 lowercase letters"),
        ({"id": "alice"}, "user 'alice' already exists"),
        ({"email": "--help"}, "email '--help' is not an e-mail address"),
        ({"expires": "30/06/2031"}, "is not a date in the form YYYY-MM-DD"),
        ({"expires": (TODAY + timedelta(days=400)).isoformat()}, "at most maxAccessDays (365)"),
        ({"kind": "IAM role"}, "--role needs --trusted"),
        ({"reason": ""}, "Reason is required"),
    ],
    ids=["id-as-option", "taken", "email-as-option", "date", "too-far", "role-alone", "no-reason"],
)
def test_an_invalid_request_gets_a_comment_and_no_branch(tmp_path, values, message):
    runner = request_runner(tmp_path, render({**GINA, **values}))
    results = run_request(runner)
    assert "push" not in results
    assert results["comment"].returncode == 0, results["comment"].stderr
    assert runner.branches() == ["main"]
    log = runner.log.read_text()
    assert "gh issue comment 12 --body-file" in log
    assert "This request cannot become a pull request yet" in log and message in log
    assert "gh issue edit 12 --remove-label access-approved" in log
    assert runner.git("status", "--porcelain", "--", ".github") == ""


def test_the_form_reaches_the_scripts_only_through_the_environment():
    job = workflow("access-request")["jobs"]["pull-request"]
    assert workflow("access-request")[True] == {"issues": {"types": ["labeled"]}}
    assert "github.event.label.name == 'access-approved'" in job["if"]
    assert "github.event.issue.state == 'open'" in job["if"]
    read = step(job, "Read the form")
    assert read["env"] == {"ISSUE_BODY": "${{ github.event.issue.body }}"}
    write = step(job, "Write the user file (new-user) and check it")
    assert set(write["env"].values()) == {
        f"${{{{ steps.form.outputs.{name} }}}}"
        for name in ("id", "email", "kind", "trusted", "team", "reason", "expires")
    }
    assert '-- "$USER_ID"' in write["run"], "the id can never be taken for an option"
    assert "--base HEAD" in write["run"]


def test_every_kind_of_the_form_has_a_branch_in_the_workflow():
    from components.cli.commands.issue_form import KINDS

    script = step(
        workflow("access-request")["jobs"]["pull-request"],
        "Write the user file (new-user) and check it",
    )["run"]
    for kind in KINDS.values():
        assert re.search(rf"^\s+{kind}\)", script, re.MULTILINE), kind


# ---------------------------------------------------------------------------------------------
# drift.yml: the expire job


def expire_runner(tmp_path: Path, **context: str) -> Runner:
    job = workflow("drift")["jobs"]["expire"]
    runner = Runner(tmp_path, job, {"vars.PULUMI_STACK": "", "github.token": "t", **context})
    past = (TODAY - timedelta(days=2)).isoformat()
    later = (TODAY + timedelta(days=60)).isoformat()
    runner.commit_main(
        {"alice": f"expires: {past}  # gone\n", "bob": f"expires: {later}\n", "carol": ""}
    )
    return runner


EXPIRE_STEP = "Offboard the expired users and open or update the pull request"


def test_expire_opens_one_pull_request_with_the_edited_files_and_never_merges(tmp_path):
    runner = expire_runner(tmp_path)
    result = runner.run(EXPIRE_STEP)
    assert result.returncode == 0, result.stderr
    assert runner.changed_on("studio-access/offboard-expired") == ["users/alice.yaml"]
    text = runner.git("show", "studio-access/offboard-expired:users/alice.yaml", cwd=runner.origin)
    assert text.endswith("# gone\nstatus: offboarded\n")
    log = runner.log.read_text()
    assert (
        "gh pr create --head studio-access/offboard-expired --title Offboard expired access" in log
    )
    assert "- `users/alice.yaml`" in log and "bob" not in log
    assert "merge" not in log


def test_expire_updates_the_open_pull_request(tmp_path):
    runner = expire_runner(tmp_path)
    url = "https://github.com/o/r/pull/3"
    result = runner.run(EXPIRE_STEP, GH_OPEN_PR=url)
    assert result.returncode == 0, result.stderr
    log = runner.log.read_text()
    assert f"gh pr edit {url} --body-file" in log and "pr create" not in log


def test_with_nothing_expired_an_open_pull_request_is_closed(tmp_path):
    runner = expire_runner(tmp_path)
    (runner.work / "users" / "alice.yaml").write_text("id: alice\nstatus: offboarded\n")
    runner.git("commit", "-qam", "alice offboarded")
    url = "https://github.com/o/r/pull/3"
    result = runner.run(EXPIRE_STEP, GH_OPEN_PR=url)
    assert result.returncode == 0, result.stderr
    assert f"gh pr close {url} --delete-branch" in runner.log.read_text()
    assert runner.branches() == ["main"]


def test_expire_runs_nightly_from_main_with_write_access_to_pull_requests_only():
    job = workflow("drift")["jobs"]["expire"]
    assert "refs/heads/main" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["env"]["TITLE"] == "Offboard expired access"


# ---------------------------------------------------------------------------------------------
# drift.yml: the audit's outputs and the one drift issue per stack


def fake_audit(tmp_path: Path, markdown: str, status: int) -> Runner:
    """The drift job's audit step, with a ``python -m components`` that prints ``markdown``."""
    job = workflow("drift")["jobs"]["drift"]
    runner = Runner(tmp_path, job, {"vars.PULUMI_STACK": "prod"})
    (runner.work / "venv" / "bin").unlink()
    (runner.work / "venv" / "bin").mkdir()
    (runner.tmp / "report.md").write_text(markdown)
    script = runner.work / "venv" / "bin" / "python"
    script.write_text(f"#!/usr/bin/env bash\ncat '{runner.tmp / 'report.md'}'\nexit {status}\n")
    script.chmod(0o755)
    return runner


def audit_markdown(*findings) -> str:
    result = AuditResult("d-1", "123456789012", "eu-west-1", tuple(findings), 3, 5, {})
    return render_audit(result, "markdown")


@pytest.mark.parametrize(
    ("findings", "status", "clean"),
    [
        ((), 0, "true"),
        ((finding("profile-missing", "profile a", "m", "a"),), 0, "false"),
        ((finding("scp-missing", "scp", "m", "a"),), 1, "false"),
    ],
    ids=["clean", "warning", "error"],
)
def test_the_audit_step_hands_its_verdict_and_report_to_the_issue_job(
    tmp_path, findings, status, clean
):
    markdown = audit_markdown(*findings)
    runner = fake_audit(tmp_path, markdown, status)
    result = runner.run("Audit the live account against users/")
    assert result.returncode == status
    outputs = runner.outputs()
    assert outputs["report"].strip() == markdown.strip()
    assert outputs == {"report": outputs["report"]} | {"status": str(status), "clean": clean}


def test_one_issue_per_stack_updated_in_place_and_closed_when_clean():
    workflow_ = workflow("drift")
    drift, issue = workflow_["jobs"]["drift"], workflow_["jobs"]["issue"]
    assert set(drift["outputs"]) == {
        "preview",
        "audit-status",
        "audit-clean",
        "report",
        "activity-status",
        "activity-denied",
        "activity-unused",
        "activity-report",
        "verify-status",
        "verify-report",
        "spend",
    }
    assert "verifyClean" in issue["steps"][0]["with"]["script"], "verify's findings keep it open"
    assert issue["needs"] == "drift" and "!cancelled()" in issue["if"]
    assert issue["permissions"] == {"issues": "write"}
    [script_step] = issue["steps"]
    assert script_step["uses"].startswith("actions/github-script@")
    assert all(
        v.startswith("${{ needs.drift.outputs.")
        for k, v in script_step["env"].items()
        if k != "STACK"
    )
    script = script_step["with"]["script"]
    assert "${{" not in script
    assert "studio-access-drift stack=${stack}" in script, "the marker names the stack"
    assert "i.user.login === 'github-actions[bot]'" in script, "nobody else's issue is taken"
    assert "issues.update({ owner, repo, issue_number: issue.number, body })" in script
    assert "state: 'closed', state_reason: 'completed'" in script
    assert script.count("issues.create(") == 1 and "labels: ['drift']" in script


@pytest.mark.parametrize("status", [0, 1], ids=["metered", "no-ledger"])
def test_the_spend_step_hands_usage_to_the_issue_and_never_fails(tmp_path, status):
    chart = "### Studio spend, 2026-12\n\n```mermaid\nxychart-beta\n```\n"
    runner = fake_audit(tmp_path, chart, status)
    result = runner.run("Spend this month")
    assert result.returncode == 0
    report = runner.outputs()["report"]
    assert ("xychart-beta" in report) == (status == 0)
    assert ("No spend this month" in report) == (status == 1)
