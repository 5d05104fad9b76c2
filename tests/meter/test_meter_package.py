"""The meter's package as the function runs it: its own imports only, its handler run locally.

The program packages ``components/meter/function`` as ``meter/`` beside ``meter_config.json``;
nothing else of the repository is in the archive, so its modules may import only the standard
library, boto3 (and botocore, which the Lambda runtime ships) and each other.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import boto3
import pytest
from aws_env import DOMAIN, REGION
from meter_env import at, create_ledger
from moto import mock_aws

from components.meter.function.config import Budget, MeterConfig
from components.resources.meter import METER_SOURCE

pytest_plugins = ("aws_fixtures",)
ALLOWED = {"boto3", "botocore"}


def modules():
    return sorted(METER_SOURCE.glob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_the_package_imports_only_the_standard_library_boto3_and_itself(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                assert node.level == 1, f"{path.name}: {node.module} reaches outside the package"
                continue
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top in ALLOWED, f"{path.name} imports {name}"


def test_the_handler_runs_from_the_archive_layout(tmp_path, sagemaker, monkeypatch):
    """The handler, imported as the runtime does (``meter.lambda_handler``), meters one app."""
    archive = tmp_path / "archive"
    shutil.copytree(METER_SOURCE, archive / "meter", ignore=shutil.ignore_patterns("__pycache__"))
    config = MeterConfig(
        DOMAIN,
        "studio-access-meter-test",
        REGION,
        "studiouserid-over-budget",
        {"dana": Budget("dana", 100.0)},
    )
    (archive / "meter_config.json").write_text(config.to_json())
    sagemaker.add_profile(DOMAIN, "dana", {"studiouserid": "dana"})
    sagemaker.add_app(
        DOMAIN,
        "KernelGateway",
        "k",
        profile="dana",
        instance_type="ml.t3.medium",
        created=at("2026-12-01T00:00:00"),
    )
    monkeypatch.syspath_prepend(str(archive))
    for name in [m for m in sys.modules if m == "meter" or m.startswith("meter.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr("time.time", lambda: at("2026-12-01T02:00:00"))
    with mock_aws():
        create_ledger(boto3.client("dynamodb", region_name=REGION))
        from meter.lambda_handler import handler  # type: ignore[import-not-found]

        summary = handler({}, None)
    assert Path(sys.modules["meter.lambda_handler"].__file__).parent == archive / "meter"
    assert summary["apps"] == 1 and summary["secondsCounted"] == 7200
    assert summary["ledgerWrites"] == 2
