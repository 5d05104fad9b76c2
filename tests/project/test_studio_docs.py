"""docs/studio-settings.md tells the truth: every key, its range, and an example that is valid.

The GPU team's ``pulumi config set --path`` commands are replayed as Pulumi documents them
(integers become numbers), and must give exactly the stack file the page shows, which is also the
example stack's; that stack and the page's user file pass the validator.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
from pathlib import Path

import yaml
from test_cli import run_cli
from test_readme import table_after

from components.core import limits
from components.core.settings.stack import Settings
from components.core.settings.studio import STUDIO_KEYS
from components.roster.studio_effective import effective_settings
from components.roster.users import parse_user

PROJECT_DIR = Path(__file__).resolve().parents[2]
PAGE = (PROJECT_DIR / "docs" / "studio-settings.md").read_text()
EXAMPLE = PAGE.split("## Example: a GPU team", 1)[1]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", EXAMPLE, re.DOTALL)


def replay(commands: str) -> dict:
    """The configuration ``pulumi config set --path`` commands leave, keyed without namespace."""
    config: dict = {}
    for line in commands.splitlines():
        words = shlex.split(line)
        assert words[:4] == ["pulumi", "config", "set", "--path"], line
        path, value = words[4], words[5]
        parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]
        node = config
        for part, after in itertools.pairwise(parts):
            empty = [] if isinstance(after, int) else {}
            if isinstance(part, int):
                if len(node) == part:
                    node.append(empty)
                node = node[part]
            else:
                node = node.setdefault(part, empty)
        leaf = int(value) if re.fullmatch(r"-?\d+", value) else value
        if isinstance(parts[-1], int):
            assert len(node) == parts[-1], f"{line}: list items are set in order"
            node.append(leaf)
        else:
            node[parts[-1]] = leaf
    return config


def test_every_key_is_documented_with_its_range_in_order():
    rows = table_after("## The keys", PAGE)
    assert [row[0].strip("`") for row in rows] == list(STUDIO_KEYS)
    idle = f"{limits.IDLE_TIMEOUT_MIN}–{limits.IDLE_TIMEOUT_MAX:,}"
    ebs = f"{limits.SPACE_EBS_GB_MIN}–{limits.SPACE_EBS_GB_MAX:,}"
    ranges = {row[0].strip("`"): row[1] for row in rows}
    for key in ("idle_timeout_minutes", "min_idle_timeout_minutes", "max_idle_timeout_minutes"):
        assert ranges[key].startswith(idle), key
    for key in ("ebs_default_gb", "ebs_max_gb"):
        assert ranges[key].startswith(ebs), key


def test_the_commands_write_the_stack_file_shown_which_is_the_example_stacks():
    [commands] = blocks("sh")
    stack_text = blocks("yaml")[0]
    shown = yaml.safe_load(stack_text)["config"]
    assert {f"studio-access:{k}": v for k, v in replay(commands).items()} == shown
    example = yaml.safe_load((PROJECT_DIR / "Pulumi.dev.yaml").read_text())["config"]
    for key in ("studio-access:studio", "studio-access:teams"):
        assert example[key] == shown[key], key


def test_the_example_is_valid_and_gives_what_the_page_says():
    stack_text, user_text = blocks("yaml")
    config = yaml.safe_load(stack_text)["config"]
    settings = Settings.from_mapping({k.split(":", 1)[1]: v for k, v in config.items()})
    problems: list = []
    dana = parse_user("users/dana.yaml", user_text.encode(), problems)
    assert problems == []
    effective = effective_settings([dana], settings)["dana"]
    assert effective.as_dict() == {
        "idle_timeout_minutes": 180,
        "max_idle_timeout_minutes": 240,
        "default_instance_type": "ml.g5.xlarge",
        "allowed_instance_types": ("ml.t3.medium", "ml.g5.xlarge", "ml.g5.2xlarge"),
        "lifecycle_config_arns": tuple(
            (app, ("arn:aws:sagemaker:eu-west-1:123456789012:studio-lifecycle-config/gpu-drivers",))
            for app in ("jupyterlab", "code_editor")
        ),
        "ebs_default_gb": 20,
        "ebs_max_gb": 500,
        "monthly_budget_usd": 200.0,
    }
    prose = " ".join(EXAMPLE.split("Dana runs", 1)[1].split("\n\n", 1)[0].split())
    for fragment in (
        "`ml.g5.xlarge` (team)",
        "180 idle minutes",
        "up to 240",
        "20 GB",
        "500 GB",
        "$200",
    ):
        assert fragment in prose, fragment


def test_the_example_stack_is_valid_and_sets_settings_for_everyone():
    result = run_cli("settings", "--stack", "dev", "--format", "json")
    assert result.returncode == 0, result.stderr
    users = json.loads(result.stdout)["users"]
    assert users and all(u["settings"]["idle_timeout_minutes"] == 120 for u in users.values())
    check = run_cli("check", "--stack", "dev")
    assert check.returncode == 0, check.stdout + check.stderr
