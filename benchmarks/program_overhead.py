"""Cost of the component structure: the program under mocks vs. a bare loop of the same resources.

Both sides run in fresh interpreters under the same in-process Pulumi mocks, read the same
generated users/ folder with the same roster code, and register the same AWS resources under the
same names with the same inputs (each run lists them, and a difference fails the benchmark);
the bare loop just registers them flat, without ``StudioAccess``/``StudioUser``.
Each side is timed inside its interpreter, in CPU seconds, from before the roster is read until
every registration has completed (imports excluded). The two sides of a pair run at the same time,
one per core: this machine's speed drifts by a quarter from one minute to the next, and whatever
slows one side then slows the other alike. The ratio is the median of ``--repeat`` pairs' ratios.
The goal: the program costs at most 1.5x the bare loop for 1,000 users.

Usage: ``python benchmarks/program_overhead.py [--users 1000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from users import write_users

PROJECT_DIR = Path(__file__).resolve().parent.parent
GOAL = 1.5

_PRELUDE = """
import json, runpy, sys, time
sys.path.insert(0, {project!r})
import pulumi
import pulumi_aws as aws
from pulumi.runtime.stack import wait_for_rpcs
from pulumi.runtime.sync_await import _sync_await

REGISTERED = []

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        if args.custom:
            REGISTERED.append([args.typ, args.name, args.inputs])
        return args.name + "-id", {{**args.inputs, "arn": "arn:aws:iam::123456789012:x/" + args.name}}
    def call(self, args):
        return {{}}

pulumi.runtime.set_mocks(Mocks(), project="studio-access", stack="bench", preview=False)
pulumi.runtime.set_all_config({{
    "studio-access:domainId": "d-bench0000",
    "studio-access:defaultExecutionRoleArn": "arn:aws:iam::123456789012:role/service-role/Default",
}})
"""

PROGRAM = """
import ast, importlib
# Imports excluded, as on the bare loop's side: the modules the program file imports first.
for node in ast.parse(open("__main__.py").read()).body:
    if isinstance(node, ast.ImportFrom) and node.module.startswith("components"):
        importlib.import_module(node.module)
start = time.process_time()
runpy.run_path("__main__.py", run_name="__main__")
_sync_await(wait_for_rpcs())
print(json.dumps(time.process_time() - start))
"""

BARE_LOOP = """
from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.core.principal_paths import managed_path
from components.kinds.iam_role import trust_policy_text
from components.roster.users import load_roster
from components.core.settings.stack import Settings

start = time.process_time()
settings = Settings(domain_id="d-bench0000", default_execution_role_arn="arn:aws:iam::123456789012:role/service-role/Default")
users = load_roster("users", settings).users
group = aws.iam.Group("studio-access-group", name=settings.group_name)
policy = aws.iam.Policy("studio-access-policy", name=settings.policy_name, policy=policy_text(settings),
                        description="Studio Access: deny opening any SageMaker Studio profile but your own.")
aws.iam.GroupPolicyAttachment("studio-access-group-policy", group=group.name, policy_arn=policy.arn)
guard = aws.iam.Policy("studio-access-execution-guard", name=settings.execution_role_policy_name,
                       policy=execution_role_policy_text(settings),
                       description="Studio Access: a notebook's execution role opens and changes only its own profile's Studio.")
roles = ["Default"] + [spec.execution_role_arn.rsplit("/", 1)[-1] for spec in users if spec.execution_role_arn]
for role_name in dict.fromkeys(roles):
    aws.iam.RolePolicyAttachment("studio-access-execution-guard-" + role_name, role=role_name, policy_arn=guard.arn)
for spec in users:
    tags = spec.profile_tags(settings.tag_key)
    principal_tags = spec.principal_tags(settings.tag_key)
    path = managed_path(spec.profile_name)
    if spec.principal_type == "role":
        role = aws.iam.Role(spec.id + "-role", name=spec.id, path=path,
                            assume_role_policy=trust_policy_text(spec.principal.trusted, settings.partition),
                            tags=principal_tags, force_detach_policies=True,
                            opts=pulumi.ResourceOptions(delete_before_replace=True))
        aws.iam.RolePolicyAttachment(spec.id + "-policy", role=role.name, policy_arn=policy.arn)
    else:
        user = aws.iam.User(spec.id + "-user", name=spec.id, path=path, tags=principal_tags, force_destroy=True)
        aws.iam.UserGroupMembership(spec.id + "-membership", user=user.name, groups=[group.name])
    aws.sagemaker.UserProfile(
        spec.id + "-profile", domain_id=settings.domain_id, user_profile_name=spec.profile_name, tags=tags,
        user_settings={"execution_role": spec.execution_role_arn} if spec.execution_role_arn else None,
        opts=pulumi.ResourceOptions(retain_on_delete=True))
_sync_await(wait_for_rpcs())
print(json.dumps(time.process_time() - start))
"""


def _start(body: str, cwd: Path) -> subprocess.Popen[str]:
    """``body`` (``PROGRAM`` or ``BARE_LOOP``) started in a fresh interpreter in ``cwd``."""
    script = (
        _PRELUDE.format(project=str(PROJECT_DIR))
        + body
        + "\nprint(json.dumps(sorted(REGISTERED), default=str))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(run: subprocess.Popen[str]) -> tuple[float, list[Any]]:
    """The CPU seconds a run took and the AWS resources it registered (type, logical name,
    inputs; sorted, no components)."""
    # What the SDK prints while the interpreter shuts down is not the benchmark's; a failed run's
    # last lines are.
    output, errors = run.communicate()
    if run.returncode != 0:
        last = "\n".join(errors.strip().splitlines()[-5:])
        raise SystemExit(f"a run failed with exit code {run.returncode}:\n{last}")
    took, registered = output.strip().splitlines()[-2:]
    return float(json.loads(took)), json.loads(registered)


def _pair(cwd: Path) -> tuple[float, list[Any], float, list[Any]]:
    """The program and the bare loop, run at the same time: the time and registrations of each."""
    program, bare = _start(PROGRAM, cwd), _start(BARE_LOOP, cwd)
    return (*_finish(program), *_finish(bare))


def _first_difference(program: list[Any], bare: list[Any]) -> str:
    """The first resource one side registers and the other does not, or registers otherwise."""
    for mine, theirs in zip(program, bare, strict=False):
        if mine != theirs:
            return f"program: {json.dumps(mine)[:300]}\nbare loop: {json.dumps(theirs)[:300]}"
    longer, side = (program, "program") if len(program) > len(bare) else (bare, "bare loop")
    return f"only the {side}: {json.dumps(longer[min(len(program), len(bare))])[:300]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.users < 1 or args.repeat < 1:
        parser.error("--users and --repeat must be at least 1")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_users(root / "users", args.users)
        (root / "__main__.py").write_text((PROJECT_DIR / "__main__.py").read_text())
        program, bare = [], []
        for _ in range(args.repeat):
            took, by_program, bare_took, by_bare_loop = _pair(root)
            program.append(took)
            bare.append(bare_took)
    print(f"users:                 {args.users}")
    if by_program != by_bare_loop:
        print("the two sides no longer register the same AWS resources, so nothing is compared:")
        print(_first_difference(by_program, by_bare_loop))
        return 1
    print(f"registered:            {len(by_program):,} AWS resources on each side, the same")
    ratios = [mine / theirs for mine, theirs in zip(program, bare, strict=True)]
    ratio = statistics.median(ratios)
    print(f"program (components):  {', '.join(f'{t:.3f}' for t in program)} s")
    print(f"bare loop:             {', '.join(f'{t:.3f}' for t in bare)} s")
    print(f"pairs:                 {', '.join(f'{r:.2f}x' for r in ratios)}")
    print(
        f"ratio:                 {ratio:.2f}x, the median pair  (goal: at most {GOAL}x)  "
        f"{'ok' if ratio <= GOAL else 'OVER GOAL'}"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
