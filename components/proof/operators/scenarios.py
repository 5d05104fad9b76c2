"""The deploy role's management-account work, as requests: others' resources and the program's own.

Each is ``(what it is, request)``. The attacks name what another team owns (an SCP without the
guard's tag, a permission set without the program's, another account, another application); the
benign requests name what the program created with its tag. Tags are those the program sets at
creation (``policies.ci.org_access.owner_tag``, the kind's ``Kind.permission_set``).
"""

from __future__ import annotations

import re

from components import kinds
from components.core.settings.stack import Settings
from components.policies.ci.federation_access import workload_account
from components.policies.ci.org_access import SCP_TYPE, owner_tag
from components.proof.iam.evaluator import Request

Scenario = tuple[str, Request]
#: The SCP actions the guard's management needs, and tagging, which others' SCPs must refuse too.
_SCP_WRITES = ("UpdatePolicy", "DeletePolicy", "DetachPolicy", "AttachPolicy")
_PERMISSION_SET_WRITES = (
    "PutInlinePolicyToPermissionSet",
    "DeletePermissionSet",
    "CreateAccountAssignment",
    "ProvisionPermissionSet",
)


def deploy_requests(settings: Settings) -> tuple[list[Scenario], list[Scenario]]:
    """(attacks, benign): writes on what others own, and on what the program owns."""
    attacks: list[Scenario] = []
    benign: list[Scenario] = []
    for part in (_scp_requests, _permission_set_requests, _application_requests):
        more_attacks, more_benign = part(settings)
        attacks += more_attacks
        benign += more_benign
    return attacks, benign


def _scp_requests(settings: Settings) -> tuple[list[Scenario], list[Scenario]]:
    if not settings.org_guard:
        return [], []
    base = f"arn:{settings.partition}:organizations::111111111111:policy/o-example/"
    ours, theirs = f"{base}service_control_policy/p-ours", f"{base}service_control_policy/p-theirs"
    ((key, value),) = owner_tag(settings).items()
    scp = {"organizations:PolicyType": SCP_TYPE}
    owned = {f"aws:ResourceTag/{key}": value, **scp}
    foreign = {"aws:ResourceTag/team": "security", **scp}
    attacks = [
        (f"organizations:{a} on another team's SCP", Request(f"organizations:{a}", theirs, foreign))
        for a in (*_SCP_WRITES, "TagResource")
    ]
    attacks += [
        (
            "organizations:UntagResource of the guard's own tag",
            Request("organizations:UntagResource", ours, {**owned, "aws:TagKeys": [key]}),
        ),
        (
            "organizations:CreatePolicy without the guard's tag",
            Request("organizations:CreatePolicy", "*", scp),
        ),
    ]
    benign = [
        (f"organizations:{a} on the guard's SCP", Request(f"organizations:{a}", ours, owned))
        for a in _SCP_WRITES
    ]
    return attacks, benign


def _permission_set_requests(settings: Settings) -> tuple[list[Scenario], list[Scenario]]:
    instance = settings.identity_center_instance_arn
    owned = kinds.permission_set(settings)
    if owned is None or not instance:
        return [], []
    base = f"arn:{settings.partition}:sso:::permissionSet/{instance.rsplit('/', 1)[-1]}/"
    ((key, value),) = owned[1].items()
    attacks = [
        (
            f"sso:{a} on another permission set",
            Request(f"sso:{a}", f"{base}ps-theirs", {"aws:ResourceTag/team": "admins"}),
        )
        for a in _PERMISSION_SET_WRITES
    ]
    workload = workload_account(settings)
    other = "888888888888" if workload == "999999999999" else "999999999999"
    account = f"arn:{settings.partition}:sso:::account/{other}"
    attacks.append(
        (
            "sso:CreateAccountAssignment in another account",
            Request("sso:CreateAccountAssignment", account),
        )
    )
    benign = [
        (
            f"sso:{a} on its permission set",
            Request(f"sso:{a}", f"{base}ps-ours", {f"aws:ResourceTag/{key}": value}),
        )
        for a in _PERMISSION_SET_WRITES
    ]
    return attacks, benign


def _application_requests(settings: Settings) -> tuple[list[Scenario], list[Scenario]]:
    application = settings.sso_application_arn
    if kinds.directory_kind(settings) is None or not application:
        return [], []
    theirs = re.sub(r"apl-[\w-]+$", "apl-theirs", application)
    action = "sso:CreateApplicationAssignment"
    return (
        [(f"{action} to another application", Request(action, theirs))],
        [(f"{action} to the domain's application", Request(action, application))],
    )
