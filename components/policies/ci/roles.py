"""The IAM policies of the operator's roles: the CI roles ``preview`` and ``audit`` (read-only)
and ``deploy``, and the management-account read and write roles (``CI_ROLES``).

``python -m components ci-policy --role R --stack S`` prints one of them (a list of managed
policies when one cannot hold it); the bootstrap program (``bootstrap/``) attaches them, and
``check`` proves them (``proof.operators.roles``). Like the isolation policy,
the documents are account-agnostic (``*`` for the account and region), so the offline text is
the one to attach. ``preview`` runs pull requests' code (``pulumi preview``), so it holds only
what a preview reads; ``audit`` (the nightly drift job, ``main`` only) adds what ``audit`` reads
across the account (``audit_access``).

What each role must be able to do follows from the resources the program manages and from what
the AWS provider calls for each of them (``provider_actions``).

Scoping. The group and the policy are scoped by their configured names, the profiles by the
configured domain. Users and roles are named after the people in ``users/``, which this policy
cannot list, so they are ``user/*`` and ``role/*``. To keep that from meaning "every principal in
the account":

* creating a user or role requires the access tag in the request (``aws:RequestTag/<tagKey>``),
  which the program always sends;
* every change to an existing user or role (update, untag, delete, credential cleanup, trust
  policy, policy detachment) requires the principal to carry the access tag already
  (``aws:ResourceTag/<tagKey>``), so the deploy role cannot rewrite the trust policy of, detach
  policies from, or delete a principal that this project did not create;
* the only policy it may attach, to the group or to a role, is this project's policy
  (``iam:PolicyARN``); iam:PassRole is limited to SageMaker (``iam:PassedToService``).

``iam:TagUser``/``iam:TagRole`` stay unconditioned because IAM checks them on create-with-tags,
when the principal has no tags yet. So a holder of the deploy role who *wants* to could first tag
a foreign role and then change it: the tag conditions stop mistakes and make an abuse take two
visible CloudTrail events, they are not a boundary against the deploy role itself. That boundary
is the ``production`` environment with required reviewers (docs/setup.md, step 6).

The Pulumi state backend (S3 bucket, KMS key of the secrets provider) is not part of these
documents: its statements depend on the bucket and key, and are listed in docs/setup.md.

This module must not import ``pulumi``: the CLI prints the policies offline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from components import kinds
from components.core.settings.operators import IDENTITY_CENTER_READ_ROLE, IDENTITY_CENTER_ROLE
from components.core.settings.stack import Settings
from components.policies import arns
from components.policies.ci import identity_center_access, meter_access, org_access
from components.policies.ci.audit_access import audit_statements
from components.policies.ci.federation_access import federation_statements
from components.policies.ci.provider_actions import (
    DRAIN_ACTIONS,
    PRINCIPAL_CLEANUP_READS,
    PRINCIPAL_READS,
    PROFILE_READS,
    PROFILE_WRITES,
    PROJECT_READS,
    PROJECT_WRITES,
    TAGGED_PRINCIPAL_WRITES,
)
from components.policies.packing import pack
from components.policies.statements import allow, granted

#: The operator's roles, in the order ``ci-policy --help`` lists them: the three CI roles of the
#: workload account, then the management-account roles, each read role before its write role.
#: ``org-read``/``org`` are ``orgReadRoleArn``/``orgGuardRoleArn``, ``identity-center-read``/
#: ``identity-center`` are ``identityCenterReadRoleArn``/``identityCenterRoleArn``.
CI_ROLES = (
    "preview",
    "deploy",
    "audit",
    "org-read",
    "org",
    IDENTITY_CENTER_READ_ROLE,
    IDENTITY_CENTER_ROLE,
)
#: A customer managed policy's size limit (IAM counts no whitespace), and how many a role takes.
MANAGED_POLICY_LIMIT = 6144
MANAGED_POLICIES_PER_ROLE = 10


def _resources(settings: Settings) -> dict[str, str]:
    """The ARN patterns of the resources the program manages, in the stack's partition."""
    domain = arns.domain_part(settings)
    return {
        "group": arns.iam(settings, f"group/{settings.group_name}"),
        "policy": arns.iam(settings, f"policy/{settings.policy_name}"),
        "guard": arns.iam(settings, f"policy/{settings.execution_role_policy_name}"),
        # A document too large for one managed policy goes out in parts, ``<name>-2`` and
        # ``<name>-3`` (``member.part_names``): one character after the hyphen names them all.
        "policy_parts": arns.iam(settings, f"policy/{settings.policy_name}-?"),
        "guard_parts": arns.iam(settings, f"policy/{settings.execution_role_policy_name}-?"),
        "users": arns.iam(settings, "user/*"),
        "roles": arns.iam(settings, "role/*"),
        "mfa": arns.iam(settings, "mfa/*"),
        "profiles": arns.profiles(settings),
        "domain": arns.sagemaker(settings, f"domain/{domain}"),
        "apps": arns.sagemaker(settings, f"app/{domain}/*"),
        "spaces": arns.sagemaker(settings, f"space/{domain}/*"),
        "org_policies": org_access.policies_arn(settings),
    }


def _project(arns: dict[str, str]) -> list[str]:
    """The group, and the member policy and the execution-role guard with their parts."""
    return [arns[k] for k in ("group", "policy", "policy_parts", "guard", "guard_parts")]


def _read_statements(arns: dict[str, str]) -> list[dict[str, object]]:
    project = _project(arns)
    return [
        allow("ReadProjectGroupAndPolicies", PROJECT_READS, project),
        allow("ReadPrincipals", PRINCIPAL_READS, [arns["users"], arns["roles"]]),
        allow("ReadStudioProfiles", PROFILE_READS, [arns["profiles"]]),
    ]


def _write_statements(arns: dict[str, str], settings: Settings) -> list[dict[str, object]]:
    tag_key = settings.tag_key
    tagged = {"Null": {f"aws:ResourceTag/{tag_key}": "false"}}
    project_policy = {"ArnLike": {"iam:PolicyARN": [arns["policy"], arns["policy_parts"]]}}
    profile_writes = list(PROFILE_WRITES)
    if not settings.retain_profiles:
        profile_writes.append("sagemaker:DeleteUserProfile")
    project = _project(arns)
    return [
        allow("ManageProjectGroupAndPolicies", PROJECT_WRITES, project),
        allow(
            "AttachProjectPolicyToGroup",
            ("iam:AttachGroupPolicy",),
            [arns["group"]],
            **project_policy,
        ),
        allow(
            "CreateTaggedPrincipals",
            ("iam:CreateRole", "iam:CreateUser"),
            [arns["users"], arns["roles"]],
            Null={f"aws:RequestTag/{tag_key}": "false"},
        ),
        allow("TagPrincipals", ("iam:TagRole", "iam:TagUser"), [arns["users"], arns["roles"]]),
        allow("ListPrincipalCredentials", PRINCIPAL_CLEANUP_READS, [arns["users"], arns["roles"]]),
        allow(
            "ChangeTaggedPrincipals",
            TAGGED_PRINCIPAL_WRITES,
            [arns["users"], arns["roles"]],
            **tagged,
        ),
        allow(
            "AttachProjectPolicyToTaggedRoles",
            ("iam:AttachRolePolicy",),
            [arns["roles"]],
            **tagged,
            **project_policy,
        ),
        allow("ListVirtualMFADevices", ("iam:ListVirtualMFADevices",), ["*"]),
        allow("DeleteVirtualMFADevices", ("iam:DeleteVirtualMFADevice",), [arns["mfa"]]),
        allow(
            "PassExecutionRolesToSageMaker",
            ("iam:PassRole",),
            [arns["roles"]],
            StringEquals={"iam:PassedToService": "sagemaker.amazonaws.com"},
        ),
        allow("ManageStudioProfiles", profile_writes, [arns["profiles"]]),
        # Shared execution roles are not this project's and carry no access tag; only the guard
        # may be attached to and detached from them.
        allow(
            "AttachExecutionRoleGuard",
            ("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
            [arns["roles"]],
            ArnLike={"iam:PolicyARN": [arns["guard"], arns["guard_parts"]]},
        ),
        *_per_user_role_statements(arns, settings, tagged),
        *_drain_statements(arns, settings),
    ]


def _per_user_role_statements(
    arns: dict[str, str], settings: Settings, tagged: dict
) -> list[dict[str, object]]:
    """With per-user execution roles: attach the stack's managed policies to those (tagged) roles."""
    if not settings.per_user_execution_roles:
        return []
    return [
        allow(
            "AttachExecutionPoliciesToTaggedRoles",
            ("iam:AttachRolePolicy",),
            [arns["roles"]],
            **tagged,
            ArnEquals={"iam:PolicyARN": list(settings.execution_role_policy_arns)},
        )
    ]


def _drain_list_statements(settings: Settings) -> list[dict[str, object]]:
    """With ``profileDeletion: delete``: what ``drain --dry-run`` lists (the PR's preview too)."""
    if settings.retain_profiles:
        return []
    return [allow("ListStudioAppsAndSpaces", ("sagemaker:ListApps", "sagemaker:ListSpaces"), ["*"])]


def _drain_statements(arns: dict[str, str], settings: Settings) -> list[dict[str, object]]:
    """With ``profileDeletion: delete``: what ``drain`` deletes before a profile is deleted."""
    if settings.retain_profiles:
        return []
    return [allow("DrainDeletedProfiles", DRAIN_ACTIONS, [arns["apps"], arns["spaces"]])]


@dataclass(frozen=True)
class CommandReads:
    """What the nightly job's commands call, by the role they call it as.

    The layer above gathers them (``components.aws.permissions``, which this one may not
    import): ``audit`` with the audit role's own credentials, ``org`` as the org read role,
    ``identity_center`` as the Identity Center read role.
    """

    audit: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    identity_center: tuple[str, ...] = ()


def _preview(settings: Settings, reads: CommandReads) -> list[dict[str, object]]:
    """What ``pulumi preview --refresh`` and ``drain --dry-run`` read; assuming read roles only."""
    statements = _read_statements(_resources(settings)) + _drain_list_statements(settings)
    statements += meter_access.ci_statements(settings, write=False)  # the spend meter's own
    return statements + _management(settings, write=False)


def _deploy(settings: Settings, reads: CommandReads) -> list[dict[str, object]]:
    """The preview's reads, and what ``pulumi up`` and ``drain`` write; the write roles."""
    resources = _resources(settings)
    statements = _read_statements(resources) + _drain_list_statements(settings)
    statements += meter_access.ci_statements(settings, write=True)  # the spend meter's own
    return statements + _write_statements(resources, settings) + _management(settings, write=True)


def _audit(settings: Settings, reads: CommandReads) -> list[dict[str, object]]:
    """The nightly job: the preview's reads (without drain's) and what its commands read."""
    if not reads.audit:
        raise ValueError("the audit role needs the actions audit calls (audit_actions)")
    resources = _resources(settings)
    statements = _read_statements(resources) + _management(settings, write=False)
    statements += meter_access.ci_statements(settings, write=False)  # the spend meter's own
    statements += meter_access.audit_statements(settings)
    return statements + audit_statements(reads.audit, resources, granted(statements))


def _management(settings: Settings, *, write: bool) -> list[dict[str, object]]:
    """The management-account part: the write roles for ``write``, the read roles otherwise."""
    return [
        *org_access.ci_statements(settings, write=write),
        *federation_statements(settings, write=write),
        *identity_center_access.ci_statements(settings, write=write),
    ]


#: Each role's statements, from the stack and what the nightly commands read.
_STATEMENTS: dict[str, Callable[[Settings, CommandReads], list[dict[str, object]]]] = {
    "preview": _preview,
    "deploy": _deploy,
    "audit": _audit,
    "org-read": lambda s, reads: org_access.org_read_role_statements(s, reads.org),
    "org": lambda s, reads: org_access.org_role_statements(s),
    IDENTITY_CENTER_READ_ROLE: lambda s, reads: (
        identity_center_access.identity_center_read_role_statements(s)
    ),
    IDENTITY_CENTER_ROLE: lambda s, reads: identity_center_access.identity_center_role_statements(
        s
    ),
}


def ci_statements(role: str, settings: Settings, reads: CommandReads) -> list[dict[str, object]]:
    """Every statement the operator role ``role`` needs for this stack, in a fixed order.

    Raises:
        ValueError: an unknown role, ``audit`` without its actions, or a management-account role
            the stack does not name.
    """
    if role not in CI_ROLES:
        raise ValueError(f"unknown CI role {role!r}: expected one of {', '.join(CI_ROLES)}")
    return _STATEMENTS[role](settings, reads)


def ci_policy(
    role: str,
    settings: Settings,
    audit_actions: Sequence[str] = (),
    *,
    org_reads: Sequence[str] = (),
    identity_center_reads: Sequence[str] = (),
) -> dict:
    """Return every statement the operator role ``role`` needs for this stack, as one document.

    Args:
        role: one of ``CI_ROLES``: ``preview`` (read-only: what ``pulumi preview --refresh`` and
            ``drain --dry-run`` read), ``deploy`` (the same reads, plus create/update/delete/tag
            of exactly the managed resources and ``drain``), ``audit`` (read-only: what the
            nightly job's preview and commands read), ``org-read``/``identity-center-read`` (the
            management-account read roles) and ``org``/``identity-center`` (the write roles).
        settings: the stack settings; names, domain, tag key and partition scope the statements.
        audit_actions: for ``audit``, what the nightly commands call with its credentials
            (``components.aws.permissions.audit_role_actions``, which this layer may not
            import); ``org_reads``, ``identity_center_reads``: what they call as the read roles.

    Raises:
        ValueError: for an unknown role, ``audit`` without its actions, or a management-account
            role the stack does not name.
    """
    reads = CommandReads(tuple(audit_actions), tuple(org_reads), tuple(identity_center_reads))
    return {"Version": "2012-10-17", "Statement": ci_statements(role, settings, reads)}


def policy_size(document: dict) -> int:
    """A policy's size as IAM counts it: its JSON without whitespace."""
    return len(json.dumps(document, separators=(",", ":")))


def ci_documents(
    role: str, settings: Settings, audit_actions: Sequence[str] = (), **reads: Sequence[str]
) -> list[dict]:
    """``ci_policy`` split into managed policies of at most 6,144 characters, in order.

    Raises:
        ValueError: as ``ci_policy``; or more parts than a role takes (10).
    """
    document = ci_policy(role, settings, audit_actions, **reads)
    parts = pack(document["Statement"], policy_size, MANAGED_POLICY_LIMIT)
    if len(parts) > MANAGED_POLICIES_PER_ROLE:
        raise ValueError(
            f"the {role} role needs {len(parts)} managed policies, more than the "
            f"{MANAGED_POLICIES_PER_ROLE} a role takes"
        )
    return parts


def ci_policy_text(
    role: str, settings: Settings, audit_actions: Sequence[str] = (), **reads: Sequence[str]
) -> str:
    """The deterministic JSON text to attach: one document, or a list of them when one managed
    policy cannot hold the statements (attach each as a policy of its own)."""
    parts = ci_documents(role, settings, audit_actions, **reads)
    return json.dumps(parts[0] if len(parts) == 1 else parts, indent=2)


def applicable_roles(settings: Settings) -> tuple[str, ...]:
    """The operator roles this stack has: the three CI roles, and the management-account roles
    it names (``ci-policy`` prints each)."""
    named = {
        "org-read": settings.org_guard and settings.org_read_role_arn,
        "org": org_access.has_org_role(settings),
        IDENTITY_CENTER_READ_ROLE: kinds.uses_identity_center(settings)
        and settings.identity_center_read_role_arn,
        IDENTITY_CENTER_ROLE: kinds.uses_identity_center(settings)
        and settings.identity_center_role_arn,
    }
    return tuple(role for role in CI_ROLES if named.get(role, True))
