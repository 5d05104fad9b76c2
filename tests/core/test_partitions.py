"""Partitions: every ARN the project builds or accepts follows the stack's region.

In ``aws-cn`` or ``aws-us-gov`` an ``arn:aws:`` pattern matches nothing, so a Deny written with it
silently denies nothing while the proof, judging its own requests, would still say "proven".
Here each command prints only ARNs of the stack's partition, the proof holds with requests of
that partition, and user files with ARNs of another partition are refused.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from components.core import limits
from components.core.limits import partition_of
from components.core.settings.stack import Settings
from components.proof.isolation import prove
from components.proof.scenarios import request
from components.roster.users import load_roster

STACKS = {"cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "eu-west-1": "aws"}


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-east-1", "aws-us-gov"),
        ("us-east-1", "aws"),
        ("eu-central-2", "aws"),
        (None, "aws"),
    ],
)
def test_the_region_decides_the_partition(region, partition):
    assert partition_of(region) == partition


def stack_folder(tmp_path: Path, region: str) -> Path:
    partition = STACKS[region]
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.s.yaml").write_text(
        "config:\n"
        f"  aws:region: {region}\n"
        "  studio-access:domainId: d-abc123\n"
        f"  studio-access:defaultExecutionRoleArn: arn:{partition}:iam::123456789012:role/Default\n"
        "  studio-access:orgGuard: true\n"
        f"  studio-access:deployRoleArn: arn:{partition}:iam::123456789012:role/deploy\n"
        f"  studio-access:orgGuardRoleArn: arn:{partition}:iam::999988887777:role/org\n"
        "  studio-access:orgGuardTargets: ['123456789012']\n"
    )
    users = tmp_path / "users"
    users.mkdir()
    (users / "alice.yaml").write_text("id: alice\n")
    (users / "bob.yaml").write_text(
        "id: bob\nprincipal:\n  type: role\n  trusted:\n"
        f"    - arn:{partition}:iam::123456789012:saml-provider/Corp\n"
        f"execution_role_arn: arn:{partition}:iam::123456789012:role/BobExec\n"
    )
    return tmp_path


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args, "--stack", "s"],
        cwd=folder,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
@pytest.mark.parametrize(
    "command",
    [
        ("policy",),
        ("policy", "--execution-role"),
        ("scp",),
        ("ci-policy", "--role", "preview"),
        ("ci-policy", "--role", "deploy"),
        ("ci-policy", "--role", "audit"),
        ("ci-policy", "--role", "org"),
    ],
    ids=" ".join,
)
def test_commands_print_only_arns_of_the_stacks_partition(tmp_path, region, command):
    result = cli(stack_folder(tmp_path, region), *command)
    assert result.returncode == 0, result.stderr
    partitions = set(re.findall(r"arn:([a-z*-]+):", result.stdout))
    assert partitions == {STACKS[region]}, partitions


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_check_proves_isolation_with_requests_of_the_partition(tmp_path, region):
    folder = stack_folder(tmp_path, region)
    result = cli(folder, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "isolation proven with the hardened member policy for:" in result.stdout
    settings = Settings(domain_id="d-abc123", region=region)
    proof = prove(load_roster(folder / "users", settings).users, settings)
    assert proof.ok
    resources = {
        request(o.scenario, settings, v.caller).resource for v in proof.verdicts for o in v.attacks
    }
    assert resources and all(r.startswith(f"arn:{STACKS[region]}:") for r in resources), (
        "the proof judges requests of the stack's partition, which an arn:aws: Deny would miss"
    )


def test_a_user_file_with_an_arn_of_another_partition_is_refused(tmp_path):
    folder = stack_folder(tmp_path, "cn-north-1")
    (folder / "users" / "carol.yaml").write_text(
        "id: carol\nexecution_role_arn: arn:aws:iam::123456789012:role/CarolExec\n"
        "principal:\n  type: role\n  trusted:\n    - arn:aws-us-gov:iam::123456789012:role/Admins\n"
    )
    result = cli(folder, "check")
    assert result.returncode == 1
    assert (
        "users/carol.yaml:2:21: error: 'arn:aws:iam::123456789012:role/CarolExec' is an ARN of "
        "partition 'aws', but the stack's region is in partition 'aws-cn': write arn:aws-cn:…"
    ) in result.stdout
    assert (
        "users/carol.yaml:6:7: error: 'arn:aws-us-gov:iam::123456789012:role/Admins' is an ARN of partition 'aws-us-gov'"
        in result.stdout
    )


def test_the_region_patterns_are_botocores():
    """``limits.REGION_PATTERNS`` is a copy (the roster must not load botocore): keep it true."""
    import botocore

    data = json.loads(
        (Path(botocore.__file__).parent / "data" / "endpoints.json").read_text(encoding="utf-8")
    )
    patterns = {p["partition"]: p["regionRegex"].replace("\\-", "-") for p in data["partitions"]}
    for partition in limits.PARTITIONS:
        assert limits.REGION_PATTERNS[partition] == patterns[partition], partition
        for region in next(p for p in data["partitions"] if p["partition"] == partition)["regions"]:
            assert limits.partition_of(region) == partition and not limits.region_problem(region)
