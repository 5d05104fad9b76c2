"""The program's registrations and every printed document, held to a recorded copy.

A reorganisation of the package (modules moved, tables moved to the kinds that own them) must not
change what ``pulumi up`` registers or what a command prints. These tests run the program under
the mocks and the CLI through its installed entry point (read from ``pyproject.toml``, not from a
module path) on example stacks that use every kind of principal, both federation variants, the
organization guard, the meter and the operator roles, and compare the result with
``tests/golden/``. A change meant to alter them re-records with ``UPDATE_GOLDEN=1`` and shows the
difference in review.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from conftest import PROJECT_DIR
from pulumi_harness import run_program

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
ACCOUNT = "123456789012"
MANAGEMENT = "111111111111"
DOMAIN = "d-abc123def456"
EXEC = f"arn:aws:iam::{ACCOUNT}:role/service-role/Exec"
DEPLOY = f"arn:aws:iam::{ACCOUNT}:role/ci/studio-access-ci-deploy"
APPLICATION = f"arn:aws:sso::{MANAGEMENT}:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
GROUP = "12345678-1234-1234-1234-123456789012"
SAML = f"arn:aws:iam::{ACCOUNT}:saml-provider/Corp"

COMMON = {
    "aws:region": "eu-west-1",
    "domainId": DOMAIN,
    "defaultExecutionRoleArn": EXEC,
    "studio": {"idle_timeout_minutes": 120, "monthly_budget_usd": 200},
    "teams": {"gpu": {"allowed_instance_types": ["ml.t3.medium", "ml.g5.xlarge"]}},
}
GUARDED = {
    "orgGuard": True,
    "deployRoleArn": DEPLOY,
    "orgGuardTargets": ["ou-ab12-cdef3456"],
    "orgGuardRoleArn": f"arn:aws:iam::{MANAGEMENT}:role/studio-access-org",
    "orgReadRoleArn": f"arn:aws:iam::{MANAGEMENT}:role/studio-access-org-read",
    "githubRepository": "example-org/studio-access",
}
#: Stack name -> (its settings, its user files).
STACKS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "iam": (
        {
            **COMMON,
            **GUARDED,
            "perUserExecutionRoles": True,
            "executionRolePolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
        },
        {
            "alice": "id: alice\nemail: alice@example.com\ntags: {team: nlp}\n",
            "bob": "id: bob\nprincipal:\n  type: role\n  trusted:\n"
            f"    - arn:aws:iam::{ACCOUNT}:role/studio-access-trusted/Admins\n"
            "team: gpu\n",
            "carol": "id: carol\nprofile_name: carol-ng\n"
            f"execution_role_arn: arn:aws:iam::{ACCOUNT}:role/service-role/Carol\n",
            "dave": "id: dave\nstatus: offboarded\n",
        },
    ),
    "seed": (
        {**COMMON, "policy": "seed", "profileDeletion": "delete"},
        {"erin": "id: erin\n", "frank": "id: frank\nstudio: {monthly_budget_usd: 50}\n"},
    ),
    "sso": (
        {
            **COMMON,
            **GUARDED,
            "authMode": "sso",
            "identityStoreId": "d-1234567890",
            "ssoApplicationArn": APPLICATION,
            "identityCenterRegion": "us-east-1",
            "identityCenterRoleArn": f"arn:aws:iam::{MANAGEMENT}:role/studio-access-identity-center",
            "identityCenterReadRoleArn": f"arn:aws:iam::{MANAGEMENT}:role/studio-access-ic-read",
        },
        {
            "ana": "id: ana\nprincipal: {type: identity-center, user_name: ana@example.com}\n",
            "ben": "id: ben\nprincipal: {type: identity-center, user_name: ben}\n"
            "status: offboarded\n",
        },
    ),
    "saml": (
        {**COMMON, **GUARDED, "federation": "saml", "samlProviderArn": SAML},
        {"gus": "id: gus\nprincipal: {type: federated}\n", "hal": "id: hal\n"},
    ),
    "idc": (
        {
            **COMMON,
            "federation": "identity-center",
            "identityCenterInstanceArn": INSTANCE,
            "identityCenterGroupId": GROUP,
        },
        {"ida": "id: ida\nprincipal: {type: federated}\n"},
    ),
}
ROLES = ("preview", "deploy", "audit", "org-read", "org", "identity-center-read", "identity-center")


def _entry_point() -> Callable[[list[str]], int]:
    """``studio-access``'s function, as ``pyproject.toml`` names it."""
    scripts = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, function = scripts["studio-access"].partition(":")
    return getattr(importlib.import_module(module), function)


def _config_yaml(settings: dict[str, Any]) -> str:
    lines = ["config:"]
    for key, value in settings.items():
        name = key if ":" in key else f"studio-access:{key}"
        lines.append(f"  {name}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def _project(root: Path, stack: str) -> Path:
    settings, users = STACKS[stack]
    (root / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (root / f"Pulumi.{stack}.yaml").write_text(_config_yaml(settings))
    (root / "users").mkdir()
    for user_id, text in users.items():
        (root / "users" / f"{user_id}.yaml").write_text(text)
    return root


def _commands(stack: str) -> list[list[str]]:
    settings = STACKS[stack][0]
    commands = [
        ["policy"],
        ["policy", "--execution-role"],
        ["matrix", "--format", "json"],
        ["settings", "--format", "json"],
        ["check", "--format", "text"],
        ["check", "--format", "markdown"],
        ["schema"],
    ]
    if settings.get("orgGuard"):
        commands.append(["scp"])
    if settings.get("githubRepository"):
        for role in ROLES:
            commands += [["ci-policy", "--role", role], ["ci-policy", "--role", role, "--trust"]]
        commands += [
            ["ci-policy", "--role", "deploy", "--aws-config"],
            ["ci-policy", "--role", "deploy", "--state-bucket", "state", "--state-key", "k/*"],
        ]
    return [[*c, "--stack", stack] if c[0] != "schema" else c for c in commands]


def _printed(root: Path, stack: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    main = _entry_point()
    monkeypatch.chdir(root)
    printed = {}
    for command in _commands(stack):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(command)
        printed[" ".join(command)] = {
            "exit": code,
            "stdout": out.getvalue(),
            "stderr": err.getvalue(),
        }
    return printed


def _plain(value: Any) -> Any:
    """Inputs as JSON: an archive by its file names and its text assets (the Lambda's code files
    may move in the repository; what the function reads by name may not)."""
    if isinstance(value, pulumi.AssetArchive):
        return {
            name: asset.text if isinstance(asset, pulumi.StringAsset) else "<file>"
            for name, asset in sorted(value.assets.items())
        }
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _registered(root: Path, stack: str) -> dict[str, Any]:
    settings = {k: v if isinstance(v, str) else json.dumps(v) for k, v in STACKS[stack][0].items()}
    run = run_program(settings, cwd=root, stack=stack)
    requests = run.monitor.requests
    return {
        "resources": [
            {
                "type": r.type,
                "name": r.name,
                "inputs": _plain(r.inputs),
                "retain_on_delete": bool(requests[r.name].retainOnDelete),
                "delete_before_replace": bool(requests[r.name].deleteBeforeReplace),
                "provider": requests[r.name].provider.split("::")[-1],
                "depends_on": sorted(d.split("::")[-1] for d in requests[r.name].dependencies),
            }
            for r in sorted(run.mocks.resources, key=lambda r: (r.type, r.name))
        ],
        "outputs": run.outputs,
    }


def _compare(name: str, actual: Any) -> None:
    path = GOLDEN / f"{name}.json"
    text = json.dumps(actual, indent=1, sort_keys=True, default=str) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text)
    expected = json.loads(path.read_text())
    actual = json.loads(text)
    if isinstance(expected, dict):
        assert sorted(actual) == sorted(expected), f"{name}: different entries"
        for key in expected:
            assert actual[key] == expected[key], f"{name}: {key} differs"
    assert actual == expected


@pytest.mark.parametrize("stack", STACKS)
def test_the_program_registers_what_it_did(stack: str, tmp_path: Path):
    _compare(f"{stack}-program", _registered(_project(tmp_path, stack), stack))


@pytest.mark.parametrize("stack", STACKS)
def test_every_command_prints_what_it_did(
    stack: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _compare(f"{stack}-printed", _printed(_project(tmp_path, stack), stack, monkeypatch))
