"""The README's tables agree with the code: configuration keys and defaults, outputs, commands."""

from __future__ import annotations

import re
from pathlib import Path

from components.cli.main import parser
from components.roster.settings import CONFIG_KEYS, Settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
README = (PROJECT_DIR / "README.md").read_text()


def table_after(heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first table after ``heading``."""
    section = README.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    return rows[2:]


def test_configuration_table_matches_the_settings_defaults():
    rows = {key.strip("`"): default for key, default, _ in table_after("## Configuration")}
    assert list(rows) == [key for key, _ in CONFIG_KEYS], "same keys, same order"
    defaults = Settings()
    for key, attribute in CONFIG_KEYS:
        value = getattr(defaults, attribute)
        expected = "(required)" if value is None else f"`{value}`"
        assert rows[key] == expected, key


def test_outputs_table_matches_the_program_exports():
    exported = re.findall(r'pulumi\.export\(\s*"(\w+)"', (PROJECT_DIR / "__main__.py").read_text())
    assert [key.strip("`") for key, _ in table_after("## Outputs")] == exported


def test_cli_table_lists_every_command():
    documented = [cells[0].strip("`").split()[0] for cells in table_after("## CLI")]
    subcommands = next(a for a in parser()._actions if a.dest == "command").choices
    assert documented == list(subcommands)


def test_quick_start_is_make_test_then_make_check():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quick_start, re.MULTILINE)
    assert commands[:2] == ["make test", "make check"]
