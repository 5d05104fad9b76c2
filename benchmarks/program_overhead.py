"""Cost of the component structure: the program under mocks vs. a bare loop of the same resources.

Both sides run in fresh interpreters under the same in-process Pulumi mocks, read the same
generated users/ folder with the same roster code, and register the same AWS resources with the
same inputs; the bare loop just registers them flat, without ``StudioAccess``/``StudioUser``.
Each side is timed inside its interpreter from before the roster is read until every registration
has completed (imports excluded), best of ``--repeat`` runs, alternating the sides. The goal: the
program costs at most 1.5x the bare loop for 1,000 users.

Usage: ``python benchmarks/program_overhead.py [--users 1000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

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

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
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
start = time.perf_counter()
runpy.run_path("__main__.py", run_name="__main__")
_sync_await(wait_for_rpcs())
print(json.dumps(time.perf_counter() - start))
"""

BARE_LOOP = """
from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.core.principal_paths import managed_path
from components.kinds.iam_role import trust_policy_text
from components.roster.users import load_roster
from components.core.settings.stack import Settings

start = time.perf_counter()
settings = Settings(domain_id="d-bench0000", default_execution_role_arn="arn:aws:iam::123456789012:role/service-role/Default")
users = load_roster("users", settings).users
group = aws.iam.Group("group", name=settings.group_name)
policy = aws.iam.Policy("policy", name=settings.policy_name, policy=policy_text(settings))
aws.iam.GroupPolicyAttachment("group-policy", group=group.name, policy_arn=policy.arn)
guard = aws.iam.Policy("guard", name=settings.execution_role_policy_name, policy=execution_role_policy_text(settings))
aws.iam.RolePolicyAttachment("guard-default", role="Default", policy_arn=guard.arn)
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
print(json.dumps(time.perf_counter() - start))
"""


def _time(body: str, cwd: Path) -> float:
    script = _PRELUDE.format(project=str(PROJECT_DIR)) + body
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    return float(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_users(root / "users", args.users)
        (root / "__main__.py").write_text((PROJECT_DIR / "__main__.py").read_text())
        program, bare = [], []
        for _ in range(args.repeat):
            program.append(_time(PROGRAM, root))
            bare.append(_time(BARE_LOOP, root))
    ratio = min(program) / min(bare)
    print(f"users:                 {args.users}")
    print(
        f"program (components):  {min(program):.3f} s  (runs: {', '.join(f'{t:.3f}' for t in program)})"
    )
    print(
        f"bare loop:             {min(bare):.3f} s  (runs: {', '.join(f'{t:.3f}' for t in bare)})"
    )
    print(
        f"ratio:                 {ratio:.2f}x  (goal: at most {GOAL}x)  {'ok' if ratio <= GOAL else 'OVER GOAL'}"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
