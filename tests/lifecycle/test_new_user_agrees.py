"""``new-user`` and the pull request's ``check --base`` agree on every file new-user would write.

For each case, new-user is asked first: it must refuse with exit 1 and write nothing. Then the
very text it would have written is placed in the folder by hand and checked as a pull request:
check must refuse it with the same message. And what new-user accepts, check --base accepts.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from components.cli.main import main
from components.core.settings.stack import Settings
from components.kinds.identity_center import IdentityCenterPrincipal
from components.lifecycle.new_user import Access, new_user_text
from components.roster.stack_files import load_stack_settings

APPLICATION = "arn:aws:sso::999988887777:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
STACK = """config:
  aws:region: eu-west-1
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/service-role/Default
  studio-access:maxAccessDays: 90
  studio-access:teams:
    gpu: {idle_timeout_minutes: 60}
"""
SSO = f"""  studio-access:usersDir: sso-users
  studio-access:authMode: sso
  studio-access:identityStoreId: d-1234567890
  studio-access:ssoApplicationArn: {APPLICATION}
"""


def ahead(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with stacks ``dev`` (IAM, ``users``) and ``sso`` (``sso-users``), one user
    each, committed as main."""
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(STACK)
    (tmp_path / "Pulumi.sso.yaml").write_text(STACK + SSO)
    (tmp_path / "users").mkdir()
    (tmp_path / "users" / "bo.yaml").write_text("id: bo\n")
    (tmp_path / "sso-users").mkdir()
    (tmp_path / "sso-users" / "ana.yaml").write_text(
        "id: ana\nprincipal: {type: identity-center, user_name: Ana.Lopez@example.com}\n"
    )
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-qm", "base")):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


REFUSED = [
    (
        "dev",
        ["--expires", ahead(91)],
        f"expires {ahead(91)} is 91 days ahead; a pull request may set it "
        "at most maxAccessDays (90) ahead",
    ),
    ("dev", ["--review-after", "2099-01-01"], "review_after 2099-01-01 is"),
    ("dev", ["--expires", ahead(-1)], "the access of 'zed' has expired: its last day was"),
    ("dev", ["--team", "cpu"], "team 'cpu'"),
    (
        "sso",
        ["--identity-center", "ana.lopez@EXAMPLE.com"],
        "principal.user_name 'ana.lopez@EXAMPLE.com' is also user ana's (ignoring case)",
    ),
]


@pytest.mark.parametrize(
    ("stack", "options", "message"),
    REFUSED,
    ids=[
        "expires-beyond-max",
        "review-beyond-max",
        "expires-past",
        "unknown-team",
        "sso-name-case",
    ],
)
def test_new_user_refuses_what_check_refuses_with_its_message(
    project, capsys, stack, options, message
):
    code = main(["new-user", "zed", "--stack", stack, *options])
    refusal = capsys.readouterr().err
    assert code == 1 and message in refusal, refusal
    folder = project / ("sso-users" if stack == "sso" else "users")
    assert not (folder / "zed.yaml").exists(), "nothing written"
    assert "Traceback" not in refusal

    (folder / "zed.yaml").write_text(_text(stack, options))
    assert main(["check", "--stack", stack, "--base", "main"]) == 1
    verdict = capsys.readouterr().out
    [line] = [line for line in refusal.splitlines() if message in line]
    said = line.split(": error: ", 1)[1]
    assert f"error: {said}" in verdict, "check says exactly what new-user said"


@pytest.mark.parametrize(
    ("stack", "options"),
    [
        ("dev", ["--expires", ahead(90), "--review-after", ahead(30), "--team", "gpu"]),
        ("sso", ["--identity-center", "zed@example.com", "--expires", ahead(5)]),
    ],
    ids=["iam", "sso"],
)
def test_what_new_user_writes_passes_check_as_a_pull_request(project, capsys, stack, options):
    assert main(["new-user", "zed", "--stack", stack, *options]) == 0
    folder = project / ("sso-users" if stack == "sso" else "users")
    assert (folder / "zed.yaml").read_text() == _text(stack, options)
    capsys.readouterr()
    assert main(["check", "--stack", stack, "--base", "main"]) == 0, capsys.readouterr().out


def _text(stack: str, options: list[str]) -> str:
    """The file new-user writes for ``options`` (the few this module passes)."""
    given = dict(zip(options[::2], options[1::2], strict=True))
    principal = None
    if "--identity-center" in given:
        principal = IdentityCenterPrincipal(given["--identity-center"])
    settings: Settings = load_stack_settings(stack)
    access = Access(given.get("--team"), None, given.get("--expires"), given.get("--review-after"))
    return new_user_text("zed", principal=principal, settings=settings, access=access)
