"""docs/aws-commands.md agrees with the code: the findings, the permissions, the options."""

from __future__ import annotations

import re

from conftest import PROJECT_DIR

from components.aws.audit.findings import FINDING_TYPES
from components.aws.permissions import (
    activity_actions,
    adopt_actions,
    audit_actions,
    drain_actions,
    identity_center_role_actions,
    org_guard_role_actions,
)
from components.cli.main import parser
from components.core.settings.stack import Settings

DOC = (PROJECT_DIR / "docs" / "aws-commands.md").read_text(encoding="utf-8")


def _table(header: str) -> list[list[str]]:
    """The rows (cells stripped) of the table whose header line is ``header``."""
    lines = DOC.split(header + "\n", 1)[1].splitlines()[1:]  # skip the |---| line
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_the_findings_table_lists_every_kind_with_its_meaning():
    rows = _table("| kind | severity | what it means |")
    assert [row[0].strip("`") for row in rows] == list(FINDING_TYPES)
    for kind, severity, meaning in rows:
        expected_severity, expected_meaning = FINDING_TYPES[kind.strip("`")]
        assert severity.startswith(expected_severity), kind
        assert meaning == expected_meaning, kind


def test_every_action_the_commands_call_is_documented():
    role = "arn:aws:iam::123456789012:role/OrgAudit"
    actions = {
        *adopt_actions(),
        *audit_actions(Settings(org_guard=True)),
        *audit_actions(Settings(org_guard=True, org_guard_role_arn=role)),
        *org_guard_role_actions(),
        *drain_actions(),
        *adopt_actions(Settings(auth_mode="sso")),
        *audit_actions(Settings(auth_mode="sso")),
        *identity_center_role_actions(Settings(auth_mode="sso")),
        *activity_actions(Settings()),
        *activity_actions(Settings(auth_mode="sso")),
    }
    for action in actions:
        assert f"`{action}`" in DOC, action


def test_every_option_of_the_usage_lines_exists():
    commands = next(a for a in parser()._actions if a.dest == "command").choices
    for name in ("drain", "adopt", "audit", "verify", "activity"):
        usage = re.search(rf"^\| `{name} (.+?)` \|", DOC, re.MULTILINE).group(1)
        documented = set(re.findall(r"--[a-z-]+", usage))
        options = {o for a in commands[name]._actions for o in a.option_strings}
        assert documented == options - {"-h", "--help"}, name


def test_the_timeouts_and_their_variables_are_documented():
    from components.aws.client import session

    assert f"`{session.CONNECT_TIMEOUT_ENV}`" in DOC and f"`{session.READ_TIMEOUT_ENV}`" in DOC
    assert f"{session.CONNECT_TIMEOUT:g} s to connect" in DOC
    assert f"{session.READ_TIMEOUT:g} s to wait for an" in DOC
