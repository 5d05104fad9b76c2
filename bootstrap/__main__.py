"""The bootstrap program: the operator's own roles, created from the generators ``check`` proves.

Run once by an administrator, before the main program's first ``pulumi up``, from this folder
(``pulumi up -s <stack>``): it reads the main stack (``studio-access-bootstrap:stack`` names
``../Pulumi.<stack>.yaml``) and creates GitHub's OIDC provider and the preview, audit and deploy
roles in the workload account, and the org and Identity Center read and write roles in the
management (or delegated) account, under the names the stack's ARNs give them, with the trusts
and policies ``ci-policy --role R [--trust]`` prints; with ``stateBucket`` and ``stateKmsKeyArn``,
the CI roles' inline policy on the Pulumi state backend too.
"""

import json
import sys
from pathlib import Path

import pulumi

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))  # the engine runs this folder; the components are beside it

from components.aws.permissions import (  # noqa: E402 (after the path above)
    audit_role_actions,
    identity_center_read_role_actions,
    org_read_role_actions,
)
from components.core.problems import InputError  # noqa: E402
from components.policies.ci.documents import operator_role_specs  # noqa: E402
from components.policies.ci.roles import CommandReads  # noqa: E402
from components.policies.ci.state_backend import state_backend_policy  # noqa: E402
from components.resources.operator_roles import (  # noqa: E402
    StudioOperatorRoles,
    StudioOperatorRolesArgs,
)
from components.roster.stack_files import load_stack_settings  # noqa: E402

config = pulumi.Config()
try:
    settings = load_stack_settings(config.require("stack"), PROJECT_DIR)
    reads = CommandReads(
        audit_role_actions(settings),
        org_read_role_actions(settings),
        identity_center_read_role_actions(settings),
    )
    specs = operator_role_specs(settings, reads)
except (InputError, ValueError) as error:
    raise pulumi.RunError(f"invalid input, nothing deployed:\n{error}") from None

# The state backend is the operator's, not the stack's: named here, attached inline.
bucket, key = config.get("stateBucket"), config.get("stateKmsKeyArn")
state = tuple(
    (
        role,
        json.dumps(
            state_backend_policy(settings.partition, bucket, key, write=role == "deploy"), indent=2
        ),
    )
    for role in ("preview", "audit", "deploy")
    if bucket and key
)
roles = StudioOperatorRoles(
    "studio-access-operator",
    StudioOperatorRolesArgs(
        roles=specs,
        create_oidc_provider=config.get_bool("createOidcProvider") is not False,
        management_role_arn=config.get("managementRoleArn"),
        management_profile=config.get("managementProfile"),
        region=settings.region,
        state_policies=state,
    ),
)
pulumi.export("roleArns", roles.role_arns)
