"""The benchmarks still run: each on a few users, for what it prints, never for its timings."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PROJECT_DIR


@pytest.mark.parametrize(
    "args",
    [
        ("check_scale.py", "--users", "20", "--repeat", "1"),
        ("check_scale.py", "--federated", "--users", "20", "--repeat", "1"),
        ("program_overhead.py", "--users", "5", "--repeat", "1"),
        ("meter_run.py", "--profiles", "50", "--apps", "20"),
    ],
    ids=["check", "check-federated", "program", "meter"],
)
def test_a_benchmark_runs_and_prints_its_ratio(args):
    script, *options = args
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "benchmarks" / script), *options],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # A few users measure start-up, so the goal may be missed: only a crash fails here.
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "ratio" in result.stdout, result.stdout
    if script == "program_overhead.py":
        # The comparison is fair only while both sides register the same AWS resources.
        assert "AWS resources on each side, the same" in result.stdout, result.stdout


def _speed_table() -> dict[str, str]:
    """docs/architecture.md's "Speed" table: the command of each row -> its goal."""
    text = (PROJECT_DIR / "docs" / "architecture.md").read_text()
    section = text.split("\n## Speed\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {row.split("|")[1].strip().strip("`"): row.split("|")[3].strip() for row in rows}


def _goal(script: str) -> str:
    """The goal a benchmark script checks, in the table's words."""
    source = (PROJECT_DIR / "benchmarks" / script).read_text()
    for line in source.splitlines():
        if line.startswith("GOAL = "):
            return f"at most {line.split('=')[1].strip()}x"
        if line.startswith("GOAL_SECONDS = "):
            return f"at most {float(line.split('=')[1]):.0f} s"
    raise AssertionError(f"{script} names no goal")


def test_the_speed_table_lists_what_make_benchmark_runs_with_the_goals_the_scripts_check():
    table = _speed_table()
    makefile = (PROJECT_DIR / "Makefile").read_text()
    run = makefile.split("\nbenchmark:", 1)[1].split("\n\n", 1)[0]
    commands = [
        line.split("benchmarks/", 1)[1].strip()
        for line in run.splitlines()
        if "benchmarks/" in line
    ]
    assert sorted(table) == sorted(f"benchmarks/{command}" for command in commands)
    for command, goal in table.items():
        assert goal == _goal(command.split()[0].removeprefix("benchmarks/")), command
