"""Run ``__main__.py`` under the Pulumi SDK's in-process mocks, as the engine would import it.

The engine's Python language host runs the program file with ``runpy``; this does the same under
``pulumi.runtime.set_mocks`` (whose root stack takes the exports), waits for every registration,
and records each one, so tests assert on the exact inputs ``pulumi up`` would send.
"""

from __future__ import annotations

import hashlib
import os
import runpy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.stack import wait_for_rpcs
from pulumi.runtime.sync_await import _sync_await

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROGRAM = PROJECT_DIR / "__main__.py"


@dataclass
class Registered:
    """One resource the program registered: type token, logical name, inputs, options."""

    type: str
    name: str
    inputs: dict[str, Any]
    resource_id: str
    urn: str = ""


#: The data source that finds an Identity Center user by name.
GET_USER = "aws:identitystore/getUser:getUser"
#: The data source that names the account the stack deploys to.
GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
#: The account the mocked credentials belong to.
ACCOUNT = "123456789012"


def directory_user_id(user_name: str) -> str:
    """The UserId the mocked identity store gives ``user_name`` (the shape Identity Center uses)."""
    digest = hashlib.sha256(user_name.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


@dataclass
class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that give each resource a plausible id and ARN and remember its inputs.

    Data sources are answered by token: ``getCallerIdentity`` names ``ACCOUNT``; ``getUser``
    finds every Identity Center user name but
    those in ``missing_users``, for which it fails as the provider does (a failed invoke); with
    ``empty_results`` it answers those with an empty result instead.
    """

    resources: list[Registered] = field(default_factory=list)
    calls: list[pulumi.runtime.MockCallArgs] = field(default_factory=list)
    missing_users: set[str] = field(default_factory=set)
    empty_results: bool = False

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        inputs = dict(args.inputs)
        name = inputs.get("name") or inputs.get("userProfileName") or args.name
        service = args.typ.split(":")[1].split("/")[0]
        kind = {
            "aws:iam/user:User": "user",
            "aws:iam/role:Role": "role",
            "aws:iam/group:Group": "group",
            "aws:iam/policy:Policy": "policy",
        }.get(args.typ)
        if kind:
            arn = f"arn:aws:iam::123456789012:{kind}/{name}"
        elif args.typ == "aws:sagemaker/userProfile:UserProfile":
            arn = (
                f"arn:aws:sagemaker:eu-west-1:123456789012:user-profile/{inputs['domainId']}/{name}"
            )
        else:
            arn = f"arn:aws:{service}::123456789012:{args.name}"
        self.resources.append(Registered(args.typ, args.name, inputs, f"{args.name}-id"))
        return f"{args.name}-id", {**inputs, "arn": arn}

    def call(self, args: pulumi.runtime.MockCallArgs):
        self.calls.append(args)
        if args.token == GET_CALLER_IDENTITY:
            arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/studio-access-ci-deploy/pulumi"
            return {"id": ACCOUNT, "accountId": ACCOUNT, "arn": arn, "userId": "AROAEXAMPLE:ci"}
        if args.token != GET_USER:
            return {}
        store = args.args["identityStoreId"]
        name = args.args["alternateIdentifier"]["uniqueAttribute"]["attributeValue"]
        if name not in self.missing_users:
            user_id = directory_user_id(name)
            return {"id": user_id, "userId": user_id, "userName": name, "identityStoreId": store}
        if self.empty_results:
            return {}
        return {}, [
            ("alternateIdentifier", f"reading IdentityStore User ({store}): USER not found")
        ]

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.type == typ]


class RecordingMonitor(MockMonitor):
    """The SDK's mock monitor, keeping each registration request (options included)."""

    def __init__(self, mocks: pulumi.runtime.Mocks):
        super().__init__(mocks)
        self.requests: dict[str, Any] = {}

    def RegisterResource(self, request):
        self.requests[request.name] = request
        return super().RegisterResource(request)


@dataclass
class ProgramRun:
    """What one run of the program registered and exported."""

    mocks: RecordingMocks
    monitor: RecordingMonitor
    outputs: dict[str, Any]

    def retain_on_delete(self, name: str) -> bool:
        """Whether the resource ``name`` was registered with ``retain_on_delete``."""
        return bool(self.monitor.requests[name].retainOnDelete)


def run_program(
    config: Mapping[str, str],
    cwd: Path = PROJECT_DIR,
    stack: str = "test",
    mocks: RecordingMocks | None = None,
    preview: bool = False,
    program: Path = PROGRAM,
    project: str = "studio-access",
) -> ProgramRun:
    """Run the program with ``config`` from ``cwd`` and return what it did.

    Keys without a namespace are the project's (``domainId``); others are passed as written
    (``aws:region``). Values are text, as the engine passes them (``"true"``, a JSON list).

    Raises whatever the program raises (``pulumi.RunError`` for invalid input); pass ``mocks`` to
    inspect what was registered before that. ``preview`` runs it as ``pulumi preview`` would.
    ``program`` and ``project`` name another program (``bootstrap/__main__.py``) and its project.
    """
    mocks = mocks if mocks is not None else RecordingMocks()
    monitor = RecordingMonitor(mocks)
    # A fresh root stack per run: the SDK keeps the previous one, and with it its exports. The
    # same for the outputs it tracks: a failed run leaves its failed ones there for the engine to
    # report at exit, which, in one process running many programs, would be the next run.
    pulumi.runtime.settings.ROOT.set(None)
    pulumi.runtime.settings.SETTINGS.outputs = set()
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=preview, monitor=monitor)
    pulumi.runtime.set_all_config(
        {k if ":" in k else f"{project}:{k}": v for k, v in config.items()}
    )
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        runpy.run_path(str(program), run_name="__main__")
        _sync_await(wait_for_rpcs())
    finally:
        os.chdir(previous)
    root = pulumi.runtime.get_root_resource()
    outputs = {
        key: _sync_await(pulumi.Output.from_input(value).future())
        for key, value in (root.outputs if root else {}).items()
    }
    return ProgramRun(mocks, monitor, outputs)
