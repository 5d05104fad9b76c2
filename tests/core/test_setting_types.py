"""A stack value of the wrong YAML type names the item at fault and the fix, as YAML spells it.

An account id written bare in a list (``[123456789012]``) is a number to YAML: "got a list" told
the reader nothing; a boolean is shown as the file spells it (``true``), never as ``True``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import STACK_REQUIRED

from components.cli.main import main
from components.core.problems import InputError
from components.roster.stack_files import load_stack_settings

QUOTE_IT = "quote it to make it text"


def problems_of(tmp_path: Path, line: str) -> list[str]:
    (tmp_path / "Pulumi.s.yaml").write_text(f"config:\n{STACK_REQUIRED}{line}")
    with pytest.raises(InputError) as caught:
        load_stack_settings("s", tmp_path)
    return [str(p).split(": error: ", 1)[1] for p in caught.value.problems]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "  studio-access:orgGuardTargets: [ou-abcd-12345678, 123456789012]\n",
            "studio-access:orgGuardTargets must be a list of strings: item 2 is a number, "
            f"123456789012: {QUOTE_IT} ('123456789012')",
        ),
        (
            "  studio-access:breakGlassRoleArns: [true]\n",
            f"studio-access:breakGlassRoleArns must be a list of strings: item 1 is a boolean, "
            f"true: {QUOTE_IT} ('true')",
        ),
        (
            "  studio-access:executionRolePolicyArns: ['', x]\n",
            "studio-access:executionRolePolicyArns must be a list of strings: item 1 is empty",
        ),
        (
            "  studio-access:orgGuardTargets: 7\n",
            "studio-access:orgGuardTargets must be a list of strings, got a number",
        ),
        (
            "  studio-access:iamRoleQuota: false\n",
            "studio-access:iamRoleQuota must be a whole number, got a boolean false",
        ),
        (
            "  studio-access:studio:\n    allowed_instance_types: [ml.t3.medium, 5]\n",
            "studio-access:studio.allowed_instance_types: each entry must be text, got a number, "
            f"5: {QUOTE_IT} ('5')",
        ),
        (
            "  studio-access:studio:\n    idle_timeout_minutes: true\n",
            "studio-access:studio.idle_timeout_minutes must be a whole number of minutes from 60 "
            "to 525,600, got true",
        ),
    ],
)
def test_a_value_of_the_wrong_type_names_the_item_and_the_fix(tmp_path, line, message):
    assert message in problems_of(tmp_path, line)


def test_scp_names_the_unquoted_account_id_with_its_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.t.yaml").write_text(
        f"config:\n{STACK_REQUIRED}  studio-access:orgGuardTargets: [123456789012]\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["scp", "--stack", "t"]) == 1
    out = capsys.readouterr()
    line = 2 + STACK_REQUIRED.count("\n")
    assert (
        f"Pulumi.t.yaml:{line}:3: error: studio-access:orgGuardTargets must be a list of strings: "
        "item 1 is a number, 123456789012" in out.out + out.err
    )
    assert "Traceback" not in out.err
