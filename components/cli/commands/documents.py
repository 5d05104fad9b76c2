"""``policy``, ``scp``, ``ci-policy``, ``schema``: print a document exactly as it is deployed or used."""

from __future__ import annotations

import argparse

from components.core.problems import InputError, Problem, UsageError
from components.core.settings.access import POLICY_VARIANTS
from components.roster.stack_files import load_stack_settings


def add_policy_parser(commands: argparse._SubParsersAction) -> None:
    policy = commands.add_parser(
        "policy", help="print the member policy (or the execution-role guard) as deployed"
    )
    group = policy.add_mutually_exclusive_group()
    group.add_argument(
        "--policy",
        choices=POLICY_VARIANTS,
        help="the member policy's variant (default: the stack's)",
    )
    group.add_argument(
        "--execution-role",
        action="store_true",
        help="the guard attached to every execution role instead",
    )
    policy.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    policy.set_defaults(run=_policy)


def add_schema_parser(commands: argparse._SubParsersAction) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of users/*.yaml")
    schema.set_defaults(run=_schema)


def add_scp_parser(commands: argparse._SubParsersAction) -> None:
    scp = commands.add_parser("scp", help="print the organization guard (SCP) exactly as deployed")
    scp.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    scp.set_defaults(run=_scp)


def add_ci_policy_parser(commands: argparse._SubParsersAction) -> None:
    from components.policies.ci.roles import CI_ROLES

    ci_policy = commands.add_parser(
        "ci-policy", help="print an operator role's IAM policy, or its trust policy"
    )
    ci_policy.add_argument(
        "--role",
        choices=CI_ROLES,
        required=True,
        help="preview, deploy, audit (the CI roles); org-read, org, identity-center-read, "
        "identity-center (the management-account read and write roles)",
    )
    shown = ci_policy.add_mutually_exclusive_group()
    shown.add_argument("--trust", action="store_true", help="print who may assume the role instead")
    shown.add_argument(
        "--aws-config",
        action="store_true",
        help="print the ~/.aws/config profiles through which a CI job reaches the management "
        "account (each as the role that job may assume)",
    )
    ci_policy.add_argument(
        "--state-bucket",
        metavar="BUCKET",
        help="with --state-key: print the CI role's inline policy on the Pulumi state backend",
    )
    ci_policy.add_argument("--state-key", metavar="KMS_KEY_ARN", help="the stack's KMS key")
    ci_policy.add_argument(
        "--stack", required=True, help="read settings from Pulumi.<stack>.yaml (required)"
    )
    ci_policy.set_defaults(run=_ci_policy)


def _policy(args: argparse.Namespace) -> int:
    settings = load_stack_settings(args.stack)
    if args.execution_role:
        from components.policies.execution_role import execution_role_policy_text

        print(execution_role_policy_text(settings))
    else:
        from components.policies.member import policy_text

        print(policy_text(settings, args.policy))
    return 0


def _scp(args: argparse.Namespace) -> int:
    from components.policies.org_guard import scp_text

    settings = load_stack_settings(args.stack)
    if not settings.deploy_role_arn:
        raise InputError(
            [
                Problem(
                    _source(args),
                    0,
                    0,
                    "the organization guard exempts the deploy role: set studio-access:deployRoleArn "
                    "(and orgGuard, orgGuardTargets to deploy it)",
                )
            ]
        )
    print(scp_text(settings))
    return 0


def _ci_policy(args: argparse.Namespace) -> int:
    from components.policies.ci.org_access import has_org_role
    from components.policies.ci.roles import applicable_roles, ci_policy_text
    from components.policies.ci.trust import trust_policy_text

    settings = load_stack_settings(args.stack)
    if args.role == "org" and not has_org_role(settings):
        raise UsageError(
            f"ci-policy --role org: {_source(args)} assumes no org role. The org role lives in "
            "the Organizations management account and is named by orgGuardRoleArn: set "
            "studio-access:orgGuard to true and studio-access:orgGuardRoleArn first (docs/setup.md, "
            "step 7a); without orgGuardRoleArn the deploy role manages the guard itself and no "
            "org role is needed"
        )
    if args.state_bucket or args.state_key:
        return _state_backend(args, settings.partition)
    if args.aws_config:
        from components.policies.ci.aws_profiles import aws_config_text

        if args.role not in ("preview", "audit", "deploy"):
            raise UsageError(
                "ci-policy --aws-config: only for the CI roles (preview, audit, deploy)"
            )
        print(aws_config_text(args.role, settings), end="")
        return 0
    if args.trust:
        try:
            print(trust_policy_text(args.role, settings))
        except ValueError as error:  # a key the trust needs (githubRepository, a role's ARN)
            raise InputError([Problem(_source(args), 0, 0, str(error))]) from None
        return 0
    if settings.domain_id is None:
        raise InputError(
            [
                Problem(
                    _source(args),
                    0,
                    0,
                    "ci-policy needs the stack's domainId, which scopes the profiles the CI roles may "
                    "read and change: pass --stack S (without it the policy would reach every domain)",
                )
            ]
        )
    # What the nightly commands call is listed beside them; only this top layer reads both lists.
    from components.aws.permissions import (
        audit_role_actions,
        identity_center_read_role_actions,
        org_read_role_actions,
    )

    try:
        text = ci_policy_text(
            args.role,
            settings,
            audit_role_actions(settings) if args.role == "audit" else (),
            org_reads=org_read_role_actions(settings),
            identity_center_reads=identity_center_read_role_actions(settings),
        )
    except ValueError as error:
        if args.role not in applicable_roles(settings):  # a role the stack does not name
            raise UsageError(str(error)) from None
        # A document no managed policy, or no role, can hold: bad input, like an oversized SCP.
        problem = Problem(_source(args), 0, 0, f"ci-policy --role {args.role}: {error}")
        raise InputError([problem]) from None
    print(text)
    return 0


def _state_backend(args: argparse.Namespace, partition: str) -> int:
    """The CI role's inline policy on the state backend (not the stack's: the operator's)."""
    import json

    from components.policies.ci.state_backend import state_backend_policy

    if not (args.state_bucket and args.state_key) or args.role not in (
        "preview",
        "audit",
        "deploy",
    ):
        raise UsageError(
            "ci-policy --state-bucket B --state-key K: both, for a CI role (preview, audit, deploy)"
        )
    write = args.role == "deploy"
    policy = state_backend_policy(partition, args.state_bucket, args.state_key, write=write)
    print(json.dumps(policy, indent=2))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from components.roster.schema import schema_text

    print(schema_text(), end="")
    return 0


def _source(args: argparse.Namespace) -> str:
    from components.roster.stack_files import stack_file

    return str(stack_file(args.stack)) if args.stack else "Pulumi.yaml"
