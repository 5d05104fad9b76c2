"""Shared test helpers: the project folder, validation with check-jsonschema, Hypothesis profiles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import settings

#: CI runs the property tests derandomized: the same examples on every run and every machine, so
#: a red build is the change's fault, never the dice's, and no example database (``.hypothesis``)
#: replays what an earlier run happened to find. Developers keep random examples, which find new
#: inputs; a failure prints the reproducing example either way.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", database=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

PROJECT_DIR = Path(__file__).resolve().parent.parent
SCHEMA_FILE = PROJECT_DIR / "components" / "user.schema.json"


def check_jsonschema_binary() -> Path:
    """Return the check-jsonschema executable of this interpreter's environment, or fail.

    The schema's ``\\p{L}`` patterns need an ECMA-262 regex engine, which Python's ``re`` is not;
    check-jsonschema's default engine (regress) is. It is a dev requirement, so its absence is
    a broken environment, not a reason to skip.
    """
    binary = Path(sys.executable).parent / "check-jsonschema"
    if not binary.exists():
        pytest.fail(
            f"check-jsonschema not found next to {sys.executable}: "
            "install the dev requirements (pip install -r requirements-dev.txt)",
            pytrace=False,
        )
    return binary


@pytest.fixture
def schema_errors() -> Callable[[Iterable[Path]], dict[str, list[str]]]:
    """Validate files with check-jsonschema against the committed schema in one run.

    Returns a function: paths -> {file name: [messages]} for each file the schema refuses
    (YAML the validator cannot parse counts as refused).
    """
    binary = check_jsonschema_binary()

    def run(paths: Iterable[Path]) -> dict[str, list[str]]:
        paths = [str(p) for p in paths]
        result = subprocess.run(
            [str(binary), "-o", "json", "--schemafile", str(SCHEMA_FILE), *paths],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode in (0, 1), result.stderr
        report = json.loads(result.stdout)
        refused: dict[str, list[str]] = {}
        for error in report.get("errors", []) + report.get("parse_errors", []):
            name = Path(error["filename"]).name
            refused.setdefault(name, []).append(error.get("message", ""))
        return refused

    return run


#: What every stack file needs once ``--stack`` names it (a deployment's required keys), appended
#: last so that the lines of what a test writes before it keep their numbers.
STACK_REQUIRED = (
    "  studio-access:domainId: d-abc123\n"
    "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/service-role/Exec\n"
)
