"""``python -m components`` as people and CI run it: output, formats and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from components.cli.main import main
from components.cli.render.formats import github_problem
from components.cli.render.report import REPORT_MARKER
from components.core.problems import Problem
from components.core.settings.stack import Settings
from components.policies.member import policy_text

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
    )


def users_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "users"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_check_passes_on_the_repository_users_and_says_who_is_not_bound():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith(
        "ok: 3 users (1 IAM user, 2 IAM roles); isolation proven with the hardened member policy for: "
        "member IAM user, member role, execution role (domain default), execution role "
        "(execution_role_arn) ("
    )
    assert lines[-1].endswith(
        "NOT bound: administrator outside the group, freshly created IAM user or role "
        "(no organization guard)"
    ), "never an unqualified 'isolation proven'"
    assert lines[0].startswith("users/carol-ng.yaml:10:7: warning: IAM role studio-access-trusted/")
    assert "the organization guard (orgGuard) closes that" in lines[0], "who else becomes carol"
    assert lines[1].startswith("Pulumi.yaml: warning: outsiders are not bound"), "the stack's doing"
    assert "set orgGuard: true with deployRoleArn and orgGuardTargets" in lines[1]
    assert re.search(r"  proven     member IAM user: (\d+) of \1 attacks stopped", result.stdout)
    assert "  NOT BOUND  administrator outside the group" in result.stdout
    assert re.search(
        r"  documents  member policy [\d,]+ of 6,144 characters; execution-role guard [\d,]+ of 6,144",
        result.stdout,
    )


def test_check_reports_every_problem_with_file_and_line_and_exits_1(tmp_path):
    folder = users_folder(
        tmp_path,
        {"a.yaml": "id: a\nemial: a@example.com\n", "b.yaml": "id: c\n", "ok.yaml": "id: ok\n"},
    )
    result = run_cli("check", "--users", str(folder))
    assert result.returncode == 1
    assert (
        f"{folder}/a.yaml:2:1: error: unknown key 'emial' in the file; did you mean 'email'?"
        in result.stdout
    )
    assert f"{folder}/b.yaml:1:5: error: id 'c' must equal the file name" in result.stdout
    assert "FAILED: 2 problem(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_github_format_annotates_the_line(tmp_path):
    folder = users_folder(tmp_path, {"a.yaml": "id: a\ntags: {aws:x: y}\n"})
    result = run_cli("check", "--users", str(folder), "--format", "github")
    assert result.returncode == 1
    assert f"::error file={folder}/a.yaml,line=2,col=8::tag key 'aws%3Ax'" not in result.stdout, (
        "data is not property-escaped"
    )
    assert (
        f"::error file={folder}/a.yaml,line=2,col=8::tag key 'aws:x': the 'aws:' prefix is reserved by AWS"
        in result.stdout
    )


def test_github_annotations_cannot_be_broken_by_hostile_text():
    line = github_problem(Problem("users/a,b:c.yaml", 3, 1, "bad\n::set-output name=x::y 100%"))
    assert (
        line
        == "::error file=users/a%2Cb%3Ac.yaml,line=3,col=1::bad\\n::set-output name=x::y 100%25"
    )
    assert "\n" not in line


def test_markdown_report_for_reviewers():
    result = run_cli("check", "--format", "markdown")
    assert result.returncode == 0
    report = result.stdout
    assert report.startswith(REPORT_MARKER)
    assert (
        "✅ **Isolation proven** with the `hardened` member policy for: member IAM user" in report
    )
    assert (
        "⚠️ **Not bound: administrator outside the group, freshly created IAM user or role.**"
        in report
    )
    assert (
        "| administrator outside the group | nothing (no organization guard) | ⚠️ not bound |"
        in report
    )
    assert "| execution role (domain default) | execution-role guard | ✅ proven |" in report
    assert (
        "| removes a member from the group (iam:RemoveUserFromGroup) | ✅ | ✅ | not bound | `DenyLeavingStudioGroup` |"
        in report
    )
    assert (
        "| has no tag at all and opens a profile | ✅ | – | not bound | `DenyPresignedUrlWithoutPrincipalTag` |"
        in report
    )
    assert "| **off** |" in report, "the report says whether the organization guard is on"
    assert "| `carol-ng` | role | `carol` |" in report
    assert "| `(untagged principal)` | any | nothing |" in report


def test_markdown_report_lists_problems_and_escapes_them(tmp_path):
    folder = users_folder(tmp_path, {"a.yaml": "id: a\n'<img src=x>|`': 1\n"})
    result = run_cli("check", "--users", str(folder), "--format", "markdown")
    assert result.returncode == 1
    assert "❌ **1 problem(s) found; nothing will be deployed" in result.stdout
    assert "\\<img src=x\\>\\|\\`" in result.stdout
    assert not re.search(r"(?<!\\)<img", result.stdout), (
        "HTML from a file must not reach the comment"
    )


#: The keys every stack file needs (``--stack`` requires what a deployment requires).
REQUIRED = (
    "  studio-access:domainId: d-abc\n"
    "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec\n"
)
EXEC = "arn:aws:iam::123456789012:role/Exec"


def test_seed_policy_fails_unless_its_open_attacks_are_accepted(tmp_path):
    (tmp_path / "Pulumi.dev.yaml").write_text(f"config:\n{REQUIRED}  studio-access:policy: seed\n")
    args = ("check", "--users", str(PROJECT_DIR / "users"), "--stack", "dev")
    refused = run_cli(*args, cwd=tmp_path)
    assert refused.returncode == 1
    assert re.search(
        r"error: policy: seed leaves \d+ of \d+ attacks open to the member IAM user .*"
        r"set policy: hardened, or pass --allow-unproven to accept it",
        refused.stdout,
    )
    assert "FAILED" in refused.stdout.splitlines()[-1]
    accepted = run_cli(*args, "--allow-unproven", cwd=tmp_path)
    assert accepted.returncode == 0
    # One warning per kind of member, not one per open attack (it used to be 192 lines).
    warnings = [line for line in accepted.stdout.splitlines() if "warning: policy: seed" in line]
    assert len(warnings) == 2, warnings  # the member IAM user, the member role
    assert re.search(
        r"warning: policy: seed leaves \d+ of \d+ attacks open to the member IAM user .*"
        r"isolation is not proven \(accepted with --allow-unproven\)",
        accepted.stdout,
    )
    assert "attack not stopped" not in accepted.stdout
    final = accepted.stdout.splitlines()[-1]
    assert "isolation proven with the seed member policy for: execution role" in final
    assert "NOT proven (accepted with --allow-unproven): member IAM user, member role" in final
    assert re.search(r"  warning    member IAM user: 3 of \d+ attacks stopped", accepted.stdout)


def test_policy_prints_exactly_what_is_deployed(tmp_path):
    assert run_cli("policy").stdout == policy_text(Settings()) + "\n"
    assert run_cli("policy", "--policy", "seed").stdout == policy_text(Settings(), "seed") + "\n"
    (tmp_path / "Pulumi.prod.yaml").write_text(
        f"config:\n  aws:region: eu-west-1\n{REQUIRED}  studio-access:groupName: ml\n"
    )
    result = run_cli("policy", "--stack", "prod", cwd=tmp_path)
    assert (
        result.stdout
        == policy_text(
            Settings(domain_id="d-abc", default_execution_role_arn=EXEC, group_name="ml")
        )
        + "\n"
    )
    assert "group/ml" in result.stdout


def test_stack_settings_errors_name_the_file(tmp_path):
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  studio-access:profileDeletin: delete\n")
    result = run_cli("check", "--users", str(PROJECT_DIR / "users"), "--stack", "dev", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "Pulumi.dev.yaml:2:3: error: unknown configuration key studio-access:profileDeletin; did you mean studio-access:profileDeletion?"
        in result.stdout
    )
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    missing = run_cli("policy", "--stack", "nope", cwd=tmp_path)
    assert missing.returncode == 2, "a stack that does not exist is a usage error"
    assert "error: Pulumi.nope.yaml: no stack file for stack 'nope'" in missing.stderr


def test_matrix_formats():
    text = run_cli("matrix")
    assert text.returncode == 0
    assert "carol-ng" in text.stdout and "-> carol" in text.stdout
    document = json.loads(run_cli("matrix", "--format", "json").stdout)
    assert document["isolated"] is True
    assert {p["principal"]: p["profiles"] for p in document["principals"]} == {
        "alice": ["alice"],
        "bob": ["bob"],
        "carol-ng": ["carol"],
        "(untagged principal)": [],
    }
    assert run_cli("matrix", "--format", "markdown").stdout.startswith(
        "| principal | type | can open |"
    )


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_the_cli_never_imports_pulumi():
    code = "import sys, runpy; sys.argv=['components','check']\ntry:\n    runpy.run_module('components', run_name='__main__')\nexcept SystemExit: pass\nprint('pulumi' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("False"), result.stdout + result.stderr


def test_stack_problems_use_the_chosen_format_and_cannot_forge_annotations(tmp_path):
    (tmp_path / "Pulumi.dev.yaml").write_text(
        f'config:\n  "studio-access:x\\n::error file=README.md::pwned": "1"\n{REQUIRED}'
    )
    result = run_cli(
        "check",
        "--users",
        str(PROJECT_DIR / "users"),
        "--stack",
        "dev",
        "--format",
        "github",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=Pulumi.dev.yaml,line=2,col=3::unknown configuration key studio-access:x\\n::error"
    )
    assert not any(line.startswith("::error file=README.md") for line in lines)


def test_text_output_escapes_control_characters(tmp_path):
    folder = users_folder(tmp_path, {"a.yaml": 'id: a\n"x\\r\\u001b[2Jy": 1\n'})
    result = run_cli("check", "--users", str(folder))
    assert result.returncode == 1
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
    assert "unknown key 'x\\r\\x1b[2Jy'" in result.stdout


def test_project_level_config_in_pulumi_yaml_is_honoured(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text(
        "name: studio-access\nruntime: python\nconfig:\n  studio-access:policy: seed\n"
        "  groupName:\n    default: ml-studio\n"
    )
    (tmp_path / "Pulumi.dev.yaml").write_text(f"config:\n{REQUIRED}")
    result = run_cli("policy", "--stack", "dev", cwd=tmp_path)
    assert (
        result.stdout
        == policy_text(
            Settings(
                domain_id="d-abc",
                policy="seed",
                group_name="ml-studio",
                default_execution_role_arn=EXEC,
            )
        )
        + "\n"
    )
    (tmp_path / "Pulumi.dev.yaml").write_text(
        f"config:\n{REQUIRED}  studio-access:policy: hardened\n"
    )
    assert (
        run_cli("policy", "--stack", "dev", cwd=tmp_path).stdout
        == policy_text(
            Settings(domain_id="d-abc", group_name="ml-studio", default_execution_role_arn=EXEC)
        )
        + "\n"
    ), "the stack file overrides the project's value, as for pulumi up"


@pytest.mark.parametrize(
    ("stack_file", "expected"),
    [
        ("config:\n  studio-access:usersDir: /etc\n", "must be a folder inside the project"),
        ("config:\n  studio-access:usersDir: ../other\n", "must be a folder inside the project"),
        ("config: [1, 2]\n", "'config' must be a mapping"),
        ("config:\n  studio-access:tagKey: [a]\n", "studio-access:tagKey must be a string"),
    ],
)
def test_bad_stack_files_are_refused(tmp_path, stack_file, expected):
    (tmp_path / "Pulumi.dev.yaml").write_text(stack_file)
    result = run_cli("check", "--stack", "dev", cwd=tmp_path)
    assert result.returncode == 1
    assert expected in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_cli_works_from_any_folder_of_the_repository():
    """The console script finds the project by its Pulumi.yaml; --users stays relative to here."""
    script = Path(sys.executable).parent / "studio-access"
    here = subprocess.run(
        [str(script), "check"],
        cwd=PROJECT_DIR / "users",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert here.returncode == 0, here.stdout + here.stderr
    assert here.stdout.splitlines()[-1].startswith("ok: 3 users")
    relative = subprocess.run(
        [str(script), "matrix", "--users", "."],
        cwd=PROJECT_DIR / "users",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert relative.returncode == 0 and "carol-ng" in relative.stdout, relative.stderr


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["check", "--format", "xml"], 2, "invalid choice"),
        (["policy", "--stack", "nope"], 2, "no stack file for stack 'nope'"),
        (["new-user", "zed", "--trusted", "123456789012"], 2, "--trusted needs --role"),
        (["ci-policy", "--role", "deploy"], 2, "the following arguments are required: --stack"),
        (["ci-policy", "--role", "deploy", "--stack", ""], 2, "--stack '': name the stack"),
        (["check", "--stack", ""], 2, "--stack '': name the stack"),
        (["scp", "--stack", "../dev"], 2, "--stack ../dev is not a stack name: write the name"),
        (["check", "--stack", "dev/"], 2, "(letters, digits, '-', '_' and '.'"),
        (["check", "--stack", "a\\b"], 2, "--stack a\\b is not a stack name"),
        (["check", "--users", ""], 2, "argument --users: '': name the users folder"),
        (["matrix", "--users", ""], 2, "argument --users: '': name the users folder"),
        (["check", "--full-report", "r.md"], 2, "--full-report r.md: only with --format markdown"),
        (["new-user", "zed", "--users", ".git"], 2, "--users .git: the folder is inside git's"),
        (["new-user", "zed", "--users", ".git/x"], 2, "--users .git/x: the folder is inside git's"),
        (["new-user", "zed", "--users", "README.md"], 2, "--users README.md: is a file, not a"),
        (["check", "--users", "README.md"], 2, "check --users README.md: is a file, not a"),
        (["matrix", "--users", "README.md"], 2, "matrix --users README.md: is a file, not a"),
        (["settings", "--users", "README.md"], 2, "settings --users README.md: is a file, not"),
        (["expire", "--users", "README.md"], 2, "expire --users README.md: is a file, not a"),
        (["check", "--base", ""], 2, "--base '': name the git ref to compare with"),
        (["drain", "--base", ""], 2, "--base '': name the git ref to compare with"),
        (
            ["ci-policy", "--role", "org", "--stack", "dev"],
            2,
            "ci-policy --role org: Pulumi.dev.yaml assumes no org role. The org role lives in the "
            "Organizations management account and is named by orgGuardRoleArn: set "
            "studio-access:orgGuard to true and studio-access:orgGuardRoleArn first",
        ),
        (["new-user", "bad_id"], 1, "id 'bad_id' must be 1-63 lowercase letters, digits"),
    ],
)
def test_exit_codes_are_one_for_input_and_two_for_usage(argv, code, message):
    result = run_cli(*argv)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_version_names_the_projects():
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "studio-access 0.1.0"


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["matrix"],
        ["settings"],
        ["new-user", "zed"],
        ["policy"],
        ["scp"],
        ["scp", "--stack", "t"],
        ["ci-policy", "--role", "deploy", "--stack", "t"],
        ["check", "--stack", "t"],
    ],
)
def test_outside_a_checkout_says_so(tmp_path, argv):
    result = run_cli(*argv, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"error: {argv[0]}: no Pulumi.yaml in {tmp_path} or any folder above it: run "
        "studio-access inside a checkout of the Studio Access repository (it reads users/ and "
        "Pulumi.<stack>.yaml there)\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["schema"], ["policy", "--stack", "t"], ["scp", "--stack", "t"]])
def test_what_needs_no_users_folder_runs_anywhere(tmp_path, argv):
    (tmp_path / "Pulumi.t.yaml").write_text(f"config:\n{REQUIRED}")
    result = run_cli(*argv, cwd=tmp_path)
    assert "no Pulumi.yaml" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("outside", ["../elsewhere", "/tmp/elsewhere"])
def test_new_user_writes_inside_the_repository_only(tmp_path, outside):
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    result = run_cli("new-user", "zed", "--users", outside, cwd=tmp_path / "repo")
    assert result.returncode == 2, result.stderr
    assert f"new-user --users {outside}: the folder is outside the repository" in result.stderr
    assert not (tmp_path / "elsewhere").exists() and not Path("/tmp/elsewhere/zed.yaml").exists()


def test_new_user_writes_into_a_folder_of_the_repository(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "people").mkdir()
    result = run_cli("new-user", "zed", "--users", "people", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "people" / "zed.yaml").is_file()
