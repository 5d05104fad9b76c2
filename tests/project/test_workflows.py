"""The GitHub workflows: GitHub's schema, zizmor, and the GitOps flow of docs/architecture.md.

GitHub itself cannot run here, so the workflows are proven by the workflow JSON Schema
(check-jsonschema), by zizmor's security audits, by asserting their structure, and by running
the one script with logic of its own (the deploy's drain base) against a git repository and a
stand-in for the Pulumi CLI's stack tags. Both tools come with requirements-dev.txt and are taken
from this interpreter's environment; a missing tool is a failure, never a skip.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOW_NAMES = ("pull-request", "deploy", "drift", "access-request")
#: The jobs that write to the repository, and exactly what each may write (docs/access.md).
WRITE_GRANTS = {
    ("access-request", "pull-request"): {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
    },
    ("drift", "issue"): {"issues": "write"},
    ("drift", "expire"): {"contents": "write", "pull-requests": "write"},
}
#: Jobs that need no checkout: they only call the GitHub API with other jobs' outputs.
NO_CHECKOUT = {("drift", "issue")}

#: Action → (release, commit its release tag names). Every ``uses:`` must be one of these; a new
#: pin is read from the action's own git tags and added here.
ACTION_PINS = {
    "actions/checkout": ("v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1"),
    "actions/setup-python": ("v7.0.0", "5fda3b95a4ea91299a34e894583c3862153e4b97"),
    "pulumi/actions": ("v7.0.0", "8e5e406f4007fca908480587cb9893c07090f58d"),
    "aws-actions/configure-aws-credentials": (
        "v6.2.3",
        "e6de054238d6b7531b4efff3b6587d9aade6a06c",
    ),
    "actions/github-script": ("v8.0.0", "ed597411d8f924073f98dfc5c65a23a2325f34cd"),
    "actions/upload-artifact": ("v4.6.2", "ea165f8d65b6e75b540449e92b4886f43607fa02"),
}

CHECKOUT = "actions/checkout"
AWS_CREDENTIALS = "aws-actions/configure-aws-credentials"
PULUMI = "pulumi/actions"
GITHUB_SCRIPT = "actions/github-script"
SAME_REPO = "github.event.pull_request.head.repo.full_name == github.repository"
REPORT_MARKER = "<!-- studio-access-report -->"


# ---------------------------------------------------------------------------------------------
# helpers


def _path(name: str) -> Path:
    return WORKFLOWS_DIR / f"{name}.yml"


def _load(name: str) -> dict:
    document = yaml.safe_load(_path(name).read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{name}.yml is not a mapping"
    return document


def _triggers(workflow: dict) -> dict:
    """The ``on:`` mapping; PyYAML (YAML 1.1) reads the bare key ``on`` as the boolean True."""
    triggers = workflow["on"] if "on" in workflow else workflow.get(True)
    assert isinstance(triggers, dict), "`on:` must be a mapping of events"
    return triggers


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def _action(step: dict) -> str | None:
    uses = step.get("uses")
    return uses.split("@", 1)[0] if uses else None


def _steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in _steps(job) if _action(step) == action]


def _all_jobs() -> list[tuple[str, str, dict]]:
    return [
        (name, job_id, job)
        for name in WORKFLOW_NAMES
        for job_id, job in _load(name)["jobs"].items()
    ]


def _tool(name: str) -> Path:
    """A console script installed next to this interpreter (venv/bin), or a clear failure."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(
            f"{name} is not installed next to {sys.executable}: run `make venv` "
            f"(requirements-dev.txt installs it) and run the tests with venv/bin/python"
        )
    return path


def _only(steps: list[dict], what: str) -> dict:
    assert len(steps) == 1, f"expected exactly one {what} step, found {len(steps)}"
    return steps[0]


# ---------------------------------------------------------------------------------------------
# the tools


def test_the_workflows_exist_and_nothing_else():
    found = sorted(p.stem for p in WORKFLOWS_DIR.glob("*.y*ml"))
    assert found == sorted(WORKFLOW_NAMES)


def test_workflows_match_githubs_workflow_schema():
    files = [str(_path(name)) for name in WORKFLOW_NAMES]
    result = subprocess.run(
        [str(_tool("check-jsonschema")), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = subprocess.run(
        [str(_tool("zizmor")), "--offline", "--format", "json", str(WORKFLOWS_DIR)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not print JSON (exit {result.returncode}):\n{result.stderr}")
    summary = [
        f"{f['ident']} ({f['determinations']['severity']}): "
        f"{f['locations'][0]['symbolic']['key']['Local']['verbatim_path']} "
        f"line {f['locations'][0]['concrete']['location']['start_point']['row'] + 1}"
        for f in findings
    ]
    assert findings == [], "zizmor findings:\n" + "\n".join(summary)
    assert result.returncode == 0, result.stderr


def test_no_zizmor_ignore_comments():
    for name in WORKFLOW_NAMES:
        assert "zizmor: ignore" not in _path(name).read_text(encoding="utf-8"), name


# ---------------------------------------------------------------------------------------------
# rules for every workflow


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_top_level_permissions_are_empty(name):
    assert _load(name)["permissions"] == {}


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_every_job_declares_its_own_minimal_permissions(name):
    allowed = {"contents": {"read"}, "pull-requests": {"write"}, "id-token": {"write"}}
    for job_id, job in _load(name)["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{name}/{job_id}: no job-level permissions map"
        if (name, job_id) in WRITE_GRANTS:
            assert permissions == WRITE_GRANTS[(name, job_id)], f"{name}/{job_id}"
            continue
        for scope, level in permissions.items():
            assert level in allowed.get(scope, set()), f"{name}/{job_id}: {scope}: {level}"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_never_pull_request_target_or_workflow_run(name):
    triggers = _triggers(_load(name))
    assert "pull_request_target" not in triggers
    assert "workflow_run" not in triggers
    assert "pull_request_target" not in _path(name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_every_uses_is_pinned_to_a_listed_sha_with_its_release_comment(name):
    text = _path(name).read_text(encoding="utf-8")
    uses_lines = [line for line in text.splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
    assert uses_lines, f"{name}: no actions used?"
    for line in uses_lines:
        match = re.fullmatch(
            r"\s*(?:-\s+)?uses:\s+([\w.-]+/[\w.-]+)@([0-9a-f]{40})\s+#\s+(v\d+\.\d+\.\d+)\s*", line
        )
        assert match, f"{name}: not pinned as `owner/repo@<40-hex sha> # vX.Y.Z`: {line.strip()}"
        action, sha, release = match.groups()
        assert action in ACTION_PINS, f"{name}: {action} is not in ACTION_PINS above"
        assert (release, sha) == ACTION_PINS[action], f"{name}: {line.strip()}"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_every_checkout_drops_the_token(name):
    for job_id, job in _load(name)["jobs"].items():
        checkouts = _steps_using(job, CHECKOUT)
        assert checkouts or (name, job_id) in NO_CHECKOUT, f"{name}/{job_id}: no checkout"
        for step in checkouts:
            assert step.get("with", {}).get("persist-credentials") is False, f"{name}/{job_id}"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_no_expressions_inside_run_scripts(name):
    for job_id, job in _load(name)["jobs"].items():
        for step in _steps(job):
            if "run" in step:
                assert "${{" not in step["run"], f"{name}/{job_id}: {step.get('name')}"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_no_stored_aws_keys_anywhere(name):
    text = _path(name).read_text(encoding="utf-8")
    for forbidden in (
        "aws-access-key-id",
        "aws-secret-access-key",
        "aws-session-token",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ):
        assert forbidden not in text, f"{name}: {forbidden}"
    # The only secret a workflow may ever name is the Pulumi Cloud token (the S3 backend needs none).
    assert set(re.findall(r"secrets\.(\w+)", text)) <= {"PULUMI_ACCESS_TOKEN"}


def test_id_token_write_exactly_on_the_jobs_that_assume_an_aws_role():
    for name, job_id, job in _all_jobs():
        assumes_role = bool(_steps_using(job, AWS_CREDENTIALS))
        has_id_token = job.get("permissions", {}).get("id-token") == "write"
        assert assumes_role == has_id_token, f"{name}/{job_id}"
        for step in _steps_using(job, AWS_CREDENTIALS):
            inputs = step["with"]
            assert set(inputs) == {"role-to-assume", "aws-region"}, f"{name}/{job_id}: {inputs}"
            assert inputs["aws-region"] == "${{ vars.AWS_REGION }}"


#: The Makefile targets that install a locked set (requirements*.lock, hashes required).
VENV_TARGETS = {"make check-venv", "make runtime-venv", "make venv"}


def _runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in _steps(job) if "run" in step]


def _pulumi_commands(job: dict) -> list[str | None]:
    """The ``command`` of each pulumi/actions step; ``None`` for one that only installs the CLI."""
    return [step.get("with", {}).get("command") for step in _steps_using(job, PULUMI)]


def test_credentials_come_after_dependencies_are_installed_and_before_pulumi():
    for name, job_id, job in _all_jobs():
        steps = _steps(job)
        if not _steps_using(job, PULUMI):
            continue
        index = {id(step): i for i, step in enumerate(steps)}
        venv = [i for i, s in enumerate(steps) if s.get("run", "").strip() in VENV_TARGETS]
        credentials = index[id(_only(_steps_using(job, AWS_CREDENTIALS), "credentials"))]
        pulumi = [index[id(step)] for step in _steps_using(job, PULUMI)]
        assert venv, f"{name}/{job_id}: pulumi/actions does not install requirements"
        assert venv[0] < credentials < min(pulumi), f"{name}/{job_id}: step order"


def test_every_pulumi_step_targets_the_configured_stack_and_backend():
    for name, job_id, job in _all_jobs():
        for step in _steps_using(job, PULUMI):
            inputs = step.get("with", {})
            if "command" not in inputs:
                assert not inputs, f"{name}/{job_id}: a CLI install takes no inputs"
                continue
            assert inputs["stack-name"] == "${{ vars.PULUMI_STACK }}", f"{name}/{job_id}"
            assert inputs["cloud-url"] == "${{ vars.PULUMI_BACKEND_URL }}", f"{name}/{job_id}"


def test_every_install_is_locked_and_pulumi_jobs_get_the_runtime_set_only():
    for name, job_id, job in _all_jobs():
        runs = _runs(job)
        assert not any("pip install" in run for run in runs), f"{name}/{job_id}: use make"
        installs = [run for run in runs if run in VENV_TARGETS]
        if not any("venv/bin/" in run for run in runs):
            assert not installs, f"{name}/{job_id}: installs what it never runs"
            continue
        assert installs, f"{name}/{job_id}: installs nothing"
        if _steps_using(job, PULUMI):
            assert installs == ["make runtime-venv"], f"{name}/{job_id}: {installs}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target, lock in (
        ("check-venv", "requirements-check.lock"),
        ("runtime-venv", "requirements.lock"),
        ("$(VENV)/.installed", "requirements-dev.lock"),
    ):
        recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
        assert "--require-hashes" in recipe or "$(INSTALL)" in recipe, target
        assert f"-r {lock}" in recipe, target
    assert "INSTALL := $(PIP) install --quiet --require-hashes" in makefile


# ---------------------------------------------------------------------------------------------
# pull-request.yml


def test_pull_request_triggers_and_concurrency():
    workflow = _load("pull-request")
    assert set(_triggers(workflow)) == {"pull_request"}
    concurrency = workflow["concurrency"]
    assert "github.event.pull_request.number" in concurrency["group"]
    assert concurrency["cancel-in-progress"] is True


def test_pull_request_check_job_has_no_cloud_credentials():
    job = _load("pull-request")["jobs"]["check"]
    assert "id-token" not in job["permissions"]
    assert not _steps_using(job, AWS_CREDENTIALS)
    assert not _steps_using(job, PULUMI)
    assert "environment" not in job


def test_pull_request_check_job_runs_tests_and_check_with_values_from_env():
    job = _load("pull-request")["jobs"]["check"]
    checkout = _only(_steps_using(job, CHECKOUT), "checkout")
    assert checkout["with"]["fetch-depth"] == 0, "--base needs the base commit"
    python = _only(_steps_using(job, "actions/setup-python"), "setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    runs = _runs(job)
    assert any(run == "make test" for run in runs)
    env = job.get("env", {})
    assert env["STACK"] == "${{ vars.PULUMI_STACK }}"
    assert env["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    github = [run for run in runs if "--format github" in run]
    markdown = [run for run in runs if "--format markdown" in run]
    assert len(github) == 1 and len(markdown) == 1
    for run in (github[0], markdown[0]):
        assert "venv/bin/python -m components check" in run
        assert '--stack "$STACK"' in run and '--base "$BASE_SHA"' in run
    assert "> report.md" in markdown[0]
    assert "--full-report report-full.md" in markdown[0]
    assert 'cat report-full.md >> "$GITHUB_STEP_SUMMARY"' in markdown[0]
    artifact = _only(_steps_using(job, "actions/upload-artifact"), "upload-artifact")
    assert artifact["with"] == {
        "name": "studio-access-report",
        "path": "report-full.md",
        "retention-days": 30,
    }, "the PR comment names this artifact as where the full report is"


def test_pull_request_annotations_come_before_pulumi_and_the_test_suite_are_installed():
    """The first annotation waits for PyYAML only; tests follow, even when check fails."""
    job = _load("pull-request")["jobs"]["check"]
    steps = _steps(job)
    runs = [step.get("run", "").strip() for step in steps]
    light = runs.index("make check-venv")
    check = next(i for i, run in enumerate(runs) if "--format github" in run)
    full = runs.index("make venv")
    tests = runs.index("make test")
    assert light < check < full < tests
    assert not any(_action(step) == PULUMI for step in steps[:check])
    assert "!cancelled()" in steps[full]["if"] and "!cancelled()" in steps[tests]["if"]
    assert (ROOT / "requirements-check.txt").read_text(encoding="utf-8").count("\n-r ") == 0


def test_pull_request_report_is_one_comment_updated_by_marker_on_same_repo_prs_only():
    job = _load("pull-request")["jobs"]["check"]
    assert job["permissions"].get("pull-requests") == "write"
    step = _only(_steps_using(job, GITHUB_SCRIPT), "github-script")
    assert SAME_REPO in step["if"]
    script = step["with"]["script"]
    assert REPORT_MARKER in script
    assert "updateComment" in script and "createComment" in script
    assert "report.md" in script
    assert "${{" not in script, "no expressions inside the script: read the context object"


def test_pull_request_preview_job():
    job = _load("pull-request")["jobs"]["preview"]
    assert job["needs"] == "check"
    assert SAME_REPO in job["if"]
    assert job["permissions"] == {
        "contents": "read",
        "id-token": "write",
        "pull-requests": "write",
    }
    credentials = _only(_steps_using(job, AWS_CREDENTIALS), "credentials")
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_PREVIEW_ROLE_ARN }}"
    pulumi = _only(_steps_using(job, PULUMI), "pulumi")["with"]
    assert pulumi["command"] == "preview"
    assert pulumi["comment-on-pr"] is True
    assert pulumi["github-token"] == "${{ github.token }}"
    assert "environment" not in job, "an environment would change the OIDC subject"


# ---------------------------------------------------------------------------------------------
# deploy.yml


def test_deploy_triggers():
    triggers = _triggers(_load("deploy"))
    assert set(triggers) == {"push", "workflow_dispatch"}
    push = triggers["push"]
    assert push["branches"] == ["main"]
    for path in (
        "users/**",
        "components/**",
        "__main__.py",
        "Pulumi*.yaml",
        "requirements*.txt",
        ".github/workflows/deploy.yml",
    ):
        assert path in push["paths"], path


def test_deploy_is_serialized_per_stack_and_never_cancelled():
    concurrency = _load("deploy")["concurrency"]
    assert concurrency["group"] == "deploy-${{ vars.PULUMI_STACK }}"
    assert concurrency["cancel-in-progress"] is False


def test_deploy_checks_without_credentials_then_runs_up_in_the_production_environment():
    jobs = _load("deploy")["jobs"]
    check, up = jobs["check"], jobs["up"]
    assert "id-token" not in check["permissions"]
    assert not _steps_using(check, AWS_CREDENTIALS)
    assert "make test" in _runs(check)
    assert any("python -m components check" in run for run in _runs(check))
    assert up["needs"] == "check"
    assert up["environment"] == "production"
    assert "refs/heads/main" in up["if"]
    credentials = _only(_steps_using(up, AWS_CREDENTIALS), "credentials")
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
    assert _pulumi_commands(up) == [None, "up"], "the CLI first (stack tags), then up"


def _index_of(job: dict, predicate) -> int:
    return next(i for i, step in enumerate(_steps(job)) if predicate(step))


def test_deploy_drains_from_the_recorded_deployed_commit_and_records_it_after_up():
    up = _load("deploy")["jobs"]["up"]
    assert _only(_steps_using(up, CHECKOUT), "checkout")["with"]["fetch-depth"] == 0
    steps = _steps(up)
    find = _index_of(up, lambda s: s.get("id") == "deployed")
    check = _index_of(up, lambda s: "components check" in s.get("run", ""))
    drain = _index_of(up, lambda s: "components drain" in s.get("run", ""))
    pulumi_up = _index_of(up, lambda s: s.get("with", {}).get("command") == "up")
    record = _index_of(up, lambda s: "stack tag set" in s.get("run", ""))
    credentials = _index_of(up, lambda s: _action(s) == AWS_CREDENTIALS)
    cli = _index_of(up, lambda s: _action(s) == PULUMI)
    assert credentials < cli < find < check < drain < pulumi_up < record
    for index in (check, drain):
        step = steps[index]
        assert step["if"] == "${{ steps.deployed.outputs.commit != '' }}"
        assert step["env"]["DEPLOYED"] == "${{ steps.deployed.outputs.commit }}"
        assert '--base "$DEPLOYED"' in step["run"] and "--dry-run" not in step["run"]
    assert "--format github" in steps[check]["run"]
    assert steps[record]["run"] == (
        'pulumi stack tag set studio-access:deployed-commit "$GITHUB_SHA" --stack "$STACK"'
    )
    assert "if" not in steps[record], "recorded only after a successful up"
    assert "${{ github.event.before" not in _path("deploy").read_text(encoding="utf-8")
    assert up["env"]["DRAIN_BASE_INPUT"] == "${{ inputs.drain-base }}"


def test_pull_request_preview_lists_what_a_deletion_would_destroy_read_only():
    preview = _load("pull-request")["jobs"]["preview"]
    assert _only(_steps_using(preview, CHECKOUT), "checkout")["with"]["fetch-depth"] == 0
    drain = _index_of(preview, lambda s: "components drain" in s.get("run", ""))
    run = _steps(preview)[drain]["run"]
    assert "--dry-run" in run and '--base "$BASE_SHA"' in run and "GITHUB_STEP_SUMMARY" in run
    assert drain < _index_of(preview, lambda s: _action(s) == PULUMI)


def test_drift_audits_the_live_account_into_the_summary_and_fails_on_errors():
    job = _load("drift")["jobs"]["drift"]
    audit = _steps(job)[_index_of(job, lambda s: "components audit" in s.get("run", ""))]
    assert audit["if"] == "${{ !cancelled() }}", "also after a failed preview"
    assert "--format markdown" in audit["run"] and 'exit "$status"' in audit["run"]
    assert 'cat audit.md >> "$GITHUB_STEP_SUMMARY"' in audit["run"]
    assert not audit.get("continue-on-error")


def test_verify_runs_after_up_and_nightly_beside_audit_into_the_summary():
    deploy = _load("deploy")["jobs"]["verify"]
    (run,) = [r for r in _runs(deploy) if "components verify" in r]
    assert "--format markdown" in run and 'exit "$status"' in run
    assert 'cat verify.md >> "$GITHUB_STEP_SUMMARY"' in run
    drift = _load("drift")["jobs"]["drift"]
    step = _steps(drift)[_index_of(drift, lambda s: "components verify" in s.get("run", ""))]
    audit = _index_of(drift, lambda s: "components audit" in s.get("run", ""))
    assert _steps(drift).index(step) > audit and step["if"] == "${{ !cancelled() }}"
    assert 'exit "$status"' in step["run"] and "report<<" in step["run"]


def test_only_the_deploy_job_uses_the_deploy_role_and_an_environment():
    for name, job_id, job in _all_jobs():
        uses_deploy_role = any(
            step["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
            for step in _steps_using(job, AWS_CREDENTIALS)
        )
        assert uses_deploy_role == ((name, job_id) == ("deploy", "up"))
        assert ("environment" in job) == ((name, job_id) == ("deploy", "up"))


def test_no_job_outside_deploy_runs_pulumi_up():
    for name, job_id, job in _all_jobs():
        for command in _pulumi_commands(job):
            if (name, job_id) == ("deploy", "up"):
                assert command in (None, "up")
            else:
                assert command == "preview", (name, job_id)


def _roles(job: dict) -> set[str]:
    return {step["with"]["role-to-assume"] for step in _steps_using(job, AWS_CREDENTIALS)}


def test_each_role_is_assumed_by_its_one_job():
    """The audit role's trust (ref main) is reachable only by the scheduled or dispatched drift."""
    expected = {
        ("pull-request", "preview"): {"${{ vars.AWS_PREVIEW_ROLE_ARN }}"},
        ("deploy", "up"): {"${{ vars.AWS_DEPLOY_ROLE_ARN }}"},
        ("drift", "drift"): {"${{ vars.AWS_AUDIT_ROLE_ARN }}"},
        # verify after up: main's reviewed code, read-only, in no environment (no second approval)
        ("deploy", "verify"): {"${{ vars.AWS_AUDIT_ROLE_ARN }}"},
    }
    for name, job_id, job in _all_jobs():
        assert _roles(job) == expected.get((name, job_id), set()), (name, job_id)
    assert set(_triggers(_load("drift"))) == {"schedule", "workflow_dispatch"}
    for name, job_id, job in _all_jobs():
        pushed = "push" in _triggers(_load(name))
        if pushed and job.get("permissions", {}).get("id-token") == "write":
            if (name, job_id) == ("deploy", "verify"):
                # The one pushed job with main's subject: only on main, only after up, and it
                # runs nothing but verify (read-only) with the audit role.
                assert job["needs"] == "up" and "refs/heads/main" in job["if"]
                assert [r for r in _runs(job) if "components" in r] == [
                    r for r in _runs(job) if "components verify" in r
                ]
                continue
            assert "environment" in job, f"{name}/{job_id} would get the ref:main subject"


# ---------------------------------------------------------------------------------------------
# drift.yml


def test_drift_runs_nightly_and_on_demand():
    triggers = _triggers(_load("drift"))
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (entry,) = triggers["schedule"]
    fields = entry["cron"].split()
    assert len(fields) == 5 and fields[2:] == ["*", "*", "*"], "once a day"


def test_drift_previews_with_refresh_and_fails_on_any_change():
    job = _load("drift")["jobs"]["drift"]
    assert "refs/heads/main" in job["if"], "the audit role trusts main only"
    credentials = _only(_steps_using(job, AWS_CREDENTIALS), "credentials")
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_AUDIT_ROLE_ARN }}"
    pulumi = _only(_steps_using(job, PULUMI), "pulumi")["with"]
    assert pulumi["command"] == "preview"
    assert pulumi["refresh"] is True
    assert pulumi["expect-no-changes"] is True
    assert not pulumi.get("continue-on-error")
    assert not any(step.get("continue-on-error") for step in _steps(job))
    explain = [s for s in _steps(job) if s.get("if") == "${{ failure() }}"]
    assert explain and "GITHUB_STEP_SUMMARY" in explain[0]["run"]


# ---------------------------------------------------------------------------------------------
# the deploy's drain base, run: a git repository, and the Pulumi CLI's stack tags stood in for

#: Answers ``pulumi login`` and ``pulumi stack tag ls --json`` from the environment.
PULUMI_STAND_IN = """#!/bin/sh
case "$1 $2 $3" in
  "login"*) exit 0 ;;
  "stack tag ls") [ "${TAGS_EXIT:-0}" = 0 ] || { echo "error: backend unreachable" >&2; exit 1; }
                  printf '%s' "$TAGS_JSON" ;;
  *) echo "unexpected: pulumi $*" >&2; exit 2 ;;
esac
"""


def _drain_base(tmp_path: Path, tags=None, drain_input: str = "", tags_exit: int = 0):
    """Run the deploy's "Find the last deployed commit" script; return (result, outputs, commits).

    ``tags`` maps the repository's two commits (oldest first) to the stack's tags.
    """
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    git("init", "-q")
    commits = []
    for n in range(2):
        (repo / "users.txt").write_text(str(n))
        git("add", "-A")
        git("commit", "-qm", f"c{n}")
        commits.append(git("rev-parse", "HEAD"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pulumi").write_text(PULUMI_STAND_IN)
    (bin_dir / "pulumi").chmod(0o755)
    (bin_dir / "python3").symlink_to(sys.executable)
    output = tmp_path / "output"
    output.write_text("")
    script = next(s for s in _steps(_load("deploy")["jobs"]["up"]) if s.get("id") == "deployed")
    tags_json = json.dumps({"pulumi:project": "studio-access", **(tags(commits) if tags else {})})
    result = subprocess.run(
        ["bash", "-c", script["run"]],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "STACK": "prod",
            "PULUMI_BACKEND_URL": "s3://state",
            "DRAIN_BASE_INPUT": drain_input,
            "GITHUB_OUTPUT": str(output),
            "TAGS_JSON": tags_json,
            "TAGS_EXIT": str(tags_exit),
        },
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result, outputs, commits


def test_the_drain_base_is_the_recorded_deployed_commit(tmp_path):
    """Runs superseded in the queue are covered: the record moves only with a successful up."""
    tag = "studio-access:deployed-commit"
    result, outputs, commits = _drain_base(tmp_path, lambda commits: {tag: commits[0]})
    assert result.returncode == 0, result.stderr
    assert outputs == {"commit": commits[0]}
    assert f"Drain base: {commits[0]}, from the stack tag {tag}" in result.stdout


def test_the_drain_base_input_wins_over_the_record(tmp_path):
    result, outputs, commits = _drain_base(tmp_path, None, drain_input="HEAD~1")
    assert result.returncode == 0, result.stderr
    assert outputs == {"commit": commits[0]}


def test_a_first_deployment_drains_nothing_and_says_why(tmp_path):
    result, outputs, _ = _drain_base(tmp_path, None)
    assert result.returncode == 0, result.stderr
    assert outputs == {"commit": ""}, "the drain and check --base steps are skipped"
    assert result.stdout.startswith("::warning::No deployed commit is recorded for stack prod")
    assert "pulumi up stops at that profile" in result.stdout


def test_a_recorded_commit_outside_the_history_stops_the_deployment(tmp_path):
    result, outputs, _ = _drain_base(
        tmp_path, lambda commits: {"studio-access:deployed-commit": "0" * 40}
    )
    assert result.returncode == 1
    assert outputs == {}
    assert "::error::" + "0" * 40 + ", from the stack tag" in result.stdout


def test_an_unreadable_record_stops_the_deployment_instead_of_draining_nothing(tmp_path):
    result, outputs, _ = _drain_base(tmp_path, None, tags_exit=1)
    assert result.returncode != 0 and outputs == {}
    assert "backend unreachable" in result.stderr


def test_a_deployment_by_hand_records_the_same_tag():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "DEPLOYED_TAG := studio-access:deployed-commit" in makefile
    recipe = makefile.split("\nup: venv\n", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("pulumi up") < recipe.index("pulumi stack tag set $(DEPLOYED_TAG)")
