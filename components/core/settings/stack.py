"""Stack settings: docs/configuration.md's table, with defaults and validation.

The program reads these keys with ``pulumi.Config``, the CLI from ``Pulumi.<stack>.yaml``
(``roster.stack_files``); both end in ``Settings.from_mapping``, so a default or a rule is
written once. Values arrive typed from YAML and as text from the engine; both are accepted.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from components.core import limits, policy_safe
from components.core.problems import InputError, Problem
from components.core.settings import budgets as budget_settings
from components.core.settings import regions
from components.core.settings.operators import OPERATOR_KEYS, OperatorRoleSettings
from components.core.settings.spaces import SPACE_KEYS, SpaceRoleSettings
from components.core.settings.studio import Source, StudioLevel, read_level, read_teams

#: The Pulumi project name, which is also the configuration namespace.
PROJECT = "studio-access"

POLICY_VARIANTS = ("hardened", "seed")
#: How people sign in to the domain: IAM (presigned URLs) or IAM Identity Center.
AUTH_MODES = ("iam", "sso")
PROFILE_DELETION_MODES = ("retain", "delete")
#: The managed policy per-user execution roles get by default with ``authMode: sso``: the one the
#: SageMaker console gives a domain's execution role.
SSO_EXECUTION_ROLE_POLICY = "arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess"

#: What the program appends to ``policyName`` for the documents it deploys beside the member policy.
EXECUTION_ROLE_POLICY_SUFFIX = "-execution-role"
ORG_GUARD_POLICY_SUFFIX = "-org-guard"

#: Configuration key and the ``Settings`` attribute it sets, in docs/configuration.md's table order.
CONFIG_KEYS: tuple[tuple[str, str], ...] = (
    ("domainId", "domain_id"),
    ("tagKey", "tag_key"),
    ("groupName", "group_name"),
    ("policyName", "policy_name"),
    ("policy", "policy"),
    ("profileDeletion", "profile_deletion"),
    ("usersDir", "users_dir"),
    ("defaultExecutionRoleArn", "default_execution_role_arn"),
    *SPACE_KEYS,
    ("perUserExecutionRoles", "per_user_execution_roles"),
    ("executionRolePolicyArns", "execution_role_policy_arns"),
    ("orgGuard", "org_guard"),
    ("deployRoleArn", "deploy_role_arn"),
    *OPERATOR_KEYS,
    ("breakGlassRoleArns", "break_glass_role_arns"),
    ("orgGuardTargets", "org_guard_targets"),
    ("orgGuardRoleArn", "org_guard_role_arn"),
    ("authMode", "auth_mode"),
    ("identityStoreId", "identity_store_id"),
    ("ssoApplicationArn", "sso_application_arn"),
    ("identityCenterRegion", "identity_center_region"),
    ("identityCenterRoleArn", "identity_center_role_arn"),
    ("studio", "studio"),
    ("teams", "teams"),
    ("maxAccessDays", "max_access_days"),
    ("federation", "federation"),
    ("samlProviderArn", "saml_provider_arn"),
    ("federatedRoleName", "federated_role_name"),
    ("identityCenterInstanceArn", "identity_center_instance_arn"),
    ("identityCenterGroupId", "identity_center_group_id"),
    ("permissionSetName", "permission_set_name"),
    ("iamRoleQuota", "iam_role_quota"),
    *budget_settings.METER_KEYS,
)
#: Keys whose value is a structured map (``pulumi config set --path``), read by ``studio_settings``.
STRUCTURED_KEYS = ("studio", "teams")
#: Keys a deployment cannot do without (the CLI works offline without them).
REQUIRED_KEYS = ("domainId", "defaultExecutionRoleArn")
#: The region key of the AWS provider, which decides the partition of every ARN.
REGION_KEY = "aws:region"
#: The longest ``maxAccessDays`` accepted: ten years is no longer a bound.
MAX_ACCESS_DAYS_LIMIT = 3650


def profile_tag_key(tag_key: str) -> str:
    """The principal tag that names the user's profile: ``<tagKey>-profile``.

    SageMaker identifies a space's owner by its profile ARN, which ends in the profile name, not
    the id; this second tag lets the guards compare an owner with the caller when ``profile_name``
    differs from ``id``. It is guarded exactly like the access tag.
    """
    return f"{tag_key}-profile"


#: What YAML 1.1 reads as a boolean besides true and false; YAML 1.2, which Pulumi reads, as text.
YAML_11_BOOLEANS = ("yes", "no", "on", "off", "y", "n")


@dataclass(frozen=True)
class Settings(OperatorRoleSettings, SpaceRoleSettings, budget_settings.MeterSettings):
    """One stack's configuration.

    Attributes:
        domain_id: ``domainId``; the SageMaker domain that holds the profiles. Required for a
            deployment; ``None`` is allowed offline, where no profile is created.
        tag_key: ``tagKey`` (default ``studiouserid``); the access tag on principals and profiles.
        group_name: ``groupName`` (default ``sagemaker-studio-users``); the IAM group users join.
        policy_name: ``policyName`` (default ``sagemaker-studio-isolation``); the managed policy.
        policy: ``policy`` (default ``hardened``); ``hardened`` or ``seed``.
        profile_deletion: ``profileDeletion`` (default ``retain``); keep a removed user's profile.
        users_dir: ``usersDir`` (default ``users``); the user files' folder, in the project.
        default_execution_role_arn: ``defaultExecutionRoleArn``; the domain's default execution
            role, which gets the execution-role guard. Required for a deployment.
        per_user_execution_roles: ``perUserExecutionRoles`` (default false); the program creates
            one execution role per user without ``execution_role_arn``.
        execution_role_policy_arns: ``executionRolePolicyArns``; managed policies attached to those
            per-user roles (required when they are on).
        org_guard: ``orgGuard`` (default false); deploy the organization guard (an SCP).
        deploy_role_arn: ``deployRoleArn``; the role that runs ``pulumi up``, exempt from the SCP.
        break_glass_role_arns: ``breakGlassRoleArns``; further roles exempt from the SCP.
        org_guard_targets: ``orgGuardTargets``; account ids, ``ou-…`` or ``r-…`` the SCP is
            attached to.
        org_guard_role_arn: ``orgGuardRoleArn``; a role in the Organizations management (or
            delegated administrator) account that the program assumes to manage the SCP.
        auth_mode: ``authMode`` (default ``iam``); how the domain signs people in: ``iam``
            (IAM users and roles open their profile) or ``sso`` (IAM Identity Center). With
            ``sso``, ``perUserExecutionRoles`` defaults to true and ``executionRolePolicyArns``
            to AmazonSageMakerFullAccess: a notebook's role is all that tells two people apart.
        studio: ``studio``; the Studio settings of everyone (docs/studio-settings.md); ``None``:
            the domain's own.
        teams: ``teams``; ``(team name, Studio settings of its members)``, over ``studio``
            (pairs, so that settings stay hashable).
        federation: ``federation`` (default none); ``saml`` or ``identity-center``: one shared
            sign-in for ``federated`` users, whose identity provider sends the access tags
            (``kinds.federated`` has its keys and rules).
        saml_provider_arn, federated_role_name: ``samlProviderArn``, ``federatedRoleName``
            (default ``studio-users``), for ``federation: saml``.
        identity_center_instance_arn, identity_center_group_id, permission_set_name:
            ``identityCenterInstanceArn``, ``identityCenterGroupId``, ``permissionSetName``
            (default ``StudioUser``), for ``federation: identity-center``.
        iam_role_quota: ``iamRoleQuota`` (default 1000); the account's IAM role quota, which
            ``check`` holds the stack's roles to (IAM users: 5,000, a hard limit).
        max_access_days: ``maxAccessDays`` (default 365); on a pull request, how far ahead of
            today a new or changed ``expires`` or ``review_after`` may be.
        identity_store_id: ``identityStoreId``; the Identity Center directory whose users sign
            in (required with ``sso``).
        sso_application_arn: ``ssoApplicationArn``; the domain's Identity Center application,
            which users are assigned to (``DescribeDomain`` ``SingleSignOnApplicationArn``;
            required with ``sso``).
        identity_center_region: ``identityCenterRegion``; where Identity Center lives, when not
            in the stack's region.
        identity_center_role_arn: ``identityCenterRoleArn``; a role in the Identity Center
            account (management or delegated administrator) the program assumes there.
        region: ``aws:region`` (or ``AWS_REGION``); decides the partition of every ARN.
    """

    domain_id: str | None = None
    tag_key: str = "studiouserid"
    group_name: str = "sagemaker-studio-users"
    policy_name: str = "sagemaker-studio-isolation"
    policy: str = "hardened"
    profile_deletion: str = "retain"
    users_dir: str = "users"
    default_execution_role_arn: str | None = None
    per_user_execution_roles: bool = False
    execution_role_policy_arns: tuple[str, ...] = ()
    org_guard: bool = False
    deploy_role_arn: str | None = None
    break_glass_role_arns: tuple[str, ...] = ()
    org_guard_targets: tuple[str, ...] = ()
    org_guard_role_arn: str | None = None
    auth_mode: str = "iam"
    studio: StudioLevel | None = None
    teams: tuple[tuple[str, StudioLevel], ...] | None = None
    max_access_days: int = 365
    federation: str | None = None
    saml_provider_arn: str | None = None
    federated_role_name: str = "studio-users"
    identity_center_instance_arn: str | None = None
    identity_center_group_id: str | None = None
    permission_set_name: str = "StudioUser"
    iam_role_quota: int = 1000
    identity_store_id: str | None = None
    sso_application_arn: str | None = None
    identity_center_region: str | None = None
    identity_center_role_arn: str | None = None
    region: str | None = None

    @property
    def retain_profiles(self) -> bool:
        """Whether a removed user's profile is left in place (``profileDeletion: retain``)."""
        return self.profile_deletion == "retain"

    @property
    def partition(self) -> str:
        """The partition every ARN of this stack is written in, from its region."""
        return limits.partition_of(self.region)

    @property
    def profile_tag_key(self) -> str:
        """The second guarded principal tag: the user's profile name, for owner matching."""
        return profile_tag_key(self.tag_key)

    @property
    def execution_role_policy_name(self) -> str:
        """The managed policy attached to every execution role of a managed profile."""
        return f"{self.policy_name}{EXECUTION_ROLE_POLICY_SUFFIX}"

    @property
    def org_guard_policy_name(self) -> str:
        """The service control policy of the organization guard."""
        return f"{self.policy_name}{ORG_GUARD_POLICY_SUFFIX}"

    @property
    def identity_center_provider(self) -> bool:
        """Whether Identity Center is reached through a provider of its own (another region or
        account), rather than the stack's."""
        return bool(self.identity_center_region or self.identity_center_role_arn)

    @property
    def exempt_role_arns(self) -> tuple[str, ...]:
        """The roles the organization guard exempts: the deploy role, then the break-glass roles."""
        deploy = (self.deploy_role_arn,) if self.deploy_role_arn else ()
        return deploy + self.break_glass_role_arns

    @classmethod
    def from_mapping(
        cls,
        values: Mapping[str, object],
        *,
        source: str = "stack configuration",
        positions: Mapping[str, tuple[str, int, int]] | None = None,
        region: str | None = None,
        require_domain: bool = False,
        checks: Sequence[Callable[[Settings], list[tuple[str, str]]]] = (),
    ) -> Settings:
        """Build settings from configuration keys (``domainId``, ``tagKey``, …) and validate them.

        Args:
            values: key to value, without the ``studio-access:`` namespace; missing keys default.
            source: how to name the origin in error messages (a file path or the stack).
            positions: key to ``(file, line, column)`` where it was set, to place each problem.
            region: the stack's ``aws:region``; without one, ``AWS_REGION`` as the provider does.
            require_domain: whether a deployment's required keys must be present.
            checks: further rules, each giving ``(key, message)`` per problem: what the kinds of
                principal require (``principals.settings_problems``), which the kinds, not this
                module, know.

        Raises:
            InputError: listing every unknown key and every invalid value.
        """
        reader = _Reader(source, positions or {})
        known = {key for key, _ in CONFIG_KEYS}
        for key in sorted(set(values) - known):
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean {PROJECT}:{near[0]}?" if near else ""
            reader.problem(key, f"unknown configuration key {PROJECT}:{key}{hint}")
        defaults = cls()
        typed = {
            attribute: reader.typed(key, values.get(key), getattr(defaults, attribute))
            for key, attribute in CONFIG_KEYS
            if key not in STRUCTURED_KEYS
        }
        region_given = bool(region)
        region = region or environment_region()
        typed.update(sso_defaults(values, typed, limits.partition_of(region)))
        structured = Source(
            reader.positions,
            (reader.source, 0, 0),
            limits.partition_of(region),
            reader.problems,
            f"{PROJECT}:",
        )
        if values.get("studio") not in (None, ""):
            typed["studio"] = read_level(values["studio"], "studio", structured)
        if values.get("teams") not in (None, ""):
            typed["teams"] = tuple(read_teams(values["teams"], "teams", structured).items())
        settings = cls(**typed, region=region)
        region_source = (
            REGION_KEY
            if region_given
            else "AWS_REGION"
            if os.environ.get("AWS_REGION")
            else "AWS_DEFAULT_REGION"
        )
        problems = settings._check(require_domain, region_source)
        problems = [p for p in problems if not (values.get(p[0]) and "is required" in p[1])]
        problems += [problem for check in checks for problem in check(settings)]
        for key, message in problems:
            reader.invalid(key, message)
        if reader.problems:
            raise InputError(reader.problems)
        return settings

    def _check(
        self, require_domain: bool, region_source: str = REGION_KEY
    ) -> list[tuple[str, str]]:
        """Return ``(key, message)`` for each value AWS would refuse or the rules forbid."""
        return [
            *self._check_region(region_source),
            *self._check_names(),
            *self._check_required(require_domain),
            *self._check_arns(),
            *self._check_org_guard(),
            *self._check_operator_roles(),
            *self._check_space_role(),
            *self._check_access_days(),
            *regions.settings_problems(self.region, self.studio, self.teams),
        ]

    def _check_region(self, source: str) -> list[tuple[str, str]]:
        """The region must be one of its partition's: it decides every ARN's partition.

        ``source`` names where it came from: the stack's ``aws:region`` or the environment's
        ``AWS_REGION`` (or ``AWS_DEFAULT_REGION``), which the provider falls back to.
        """
        if self.region is None or not (problem := regions.region_problem(self.region)):
            return []
        return [(REGION_KEY, f"{source}: {problem}")]

    def _check_names(self) -> list[tuple[str, str]]:
        messages = []
        if self.domain_id is not None and not limits.DOMAIN_ID_RE.match(self.domain_id):
            messages.append(
                (
                    "domainId",
                    f"domainId {self.domain_id!r} is not a SageMaker domain id (d-xxxxxxxxxxxx)",
                )
            )
        tag_key_max = limits.TAG_KEY_MAX - len(self.profile_tag_key) + len(self.tag_key)
        if not 1 <= len(self.tag_key) <= tag_key_max or not limits.is_tag_text(self.tag_key):
            messages.append(
                (
                    "tagKey",
                    f"tagKey {self.tag_key!r} is not a valid AWS tag key of at most {tag_key_max} characters (the program also sets {self.tag_key}-profile)",
                )
            )
        elif self.tag_key.lower().startswith("aws:"):
            messages.append(("tagKey", "tagKey must not start with 'aws:' (reserved by AWS)"))
        elif unusable := _policy_variable_problem(self.tag_key):
            messages.append(("tagKey", f"tagKey {self.tag_key!r} cannot be used: {unusable}"))
        elif self.tag_key.lower() == "email":
            messages.append(("tagKey", "tagKey must differ from 'email' (the e-mail tag)"))
        derived = len(EXECUTION_ROLE_POLICY_SUFFIX)
        for key, name, longest in (
            ("groupName", self.group_name, limits.IAM_GROUP_OR_POLICY_NAME_MAX),
            ("policyName", self.policy_name, limits.IAM_GROUP_OR_POLICY_NAME_MAX - derived),
        ):
            if not (1 <= len(name) <= longest and limits.IAM_NAME_RE.match(name)):
                messages.append(
                    (
                        key,
                        f"{key} {name!r} is not a valid IAM name (1-{longest} letters, digits and +=,.@_-)",
                    )
                )
        users_dir = Path(self.users_dir)
        if users_dir.is_absolute() or ".." in users_dir.parts:
            messages.append(
                (
                    "usersDir",
                    f"usersDir {self.users_dir!r} must be a folder inside the project "
                    "(a relative path without '..')",
                )
            )
        for key, value, allowed in (
            ("policy", self.policy, POLICY_VARIANTS),
            ("profileDeletion", self.profile_deletion, PROFILE_DELETION_MODES),
            ("authMode", self.auth_mode, AUTH_MODES),
        ):
            if value not in allowed:
                messages.append((key, f"{key} must be one of {', '.join(allowed)}, got {value!r}"))
        return messages

    def _check_required(self, require_domain: bool) -> list[tuple[str, str]]:
        messages = []
        if require_domain:
            example = {
                "domainId": "d-xxxxxxxxxxxx",
                "defaultExecutionRoleArn": f"arn:{self.partition}:iam::123456789012:role/service-role/SageMakerExecution",
            }
            for key, attribute in CONFIG_KEYS:
                if key in REQUIRED_KEYS and getattr(self, attribute) is None:
                    messages.append(
                        (key, f"{key} is required: pulumi config set {key} {example[key]}")
                    )
        if self.per_user_execution_roles and not self.execution_role_policy_arns:
            messages.append(
                (
                    "executionRolePolicyArns",
                    "executionRolePolicyArns must list the managed policies of the per-user "
                    f"execution roles, e.g. [arn:{self.partition}:iam::aws:policy/AmazonSageMakerFullAccess]",
                )
            )
        return messages

    def _check_arns(self) -> list[tuple[str, str]]:
        """Every role and policy ARN follows IAM's grammar and the stack's partition."""
        messages = []
        role_example = f"arn:{self.partition}:iam::123456789012:role/Name"
        policy_example = f"arn:{self.partition}:iam::aws:policy/Name"
        checks = [
            (
                "defaultExecutionRoleArn",
                self.default_execution_role_arn,
                limits.ROLE_ARN_RE,
                role_example,
            ),
            ("deployRoleArn", self.deploy_role_arn, limits.ROLE_ARN_RE, role_example),
            ("orgGuardRoleArn", self.org_guard_role_arn, limits.ROLE_ARN_RE, role_example),
            (
                "identityCenterRoleArn",
                self.identity_center_role_arn,
                limits.ROLE_ARN_RE,
                role_example,
            ),
            *(
                ("breakGlassRoleArns", arn, limits.ROLE_ARN_RE, role_example)
                for arn in self.break_glass_role_arns
            ),
            *(
                ("executionRolePolicyArns", arn, limits.POLICY_ARN_RE, policy_example)
                for arn in self.execution_role_policy_arns
            ),
        ]
        for key, arn, pattern, example in checks:
            if arn and (why := policy_safe.arn_problem(key, arn, pattern, example, self.partition)):
                messages.append((key, why))
        for target in self.org_guard_targets:
            if not limits.ORG_TARGET_RE.match(target):
                messages.append(
                    (
                        "orgGuardTargets",
                        f"orgGuardTargets: {target!r} is not an account id (123456789012), an "
                        "organizational unit (ou-ab12-cdef3456) or a root (r-ab12)",
                    )
                )
        return messages

    def _check_org_guard(self) -> list[tuple[str, str]]:
        if not self.org_guard:
            return []
        messages = []
        if self.deploy_role_arn is None:
            messages.append(
                (
                    "deployRoleArn",
                    "orgGuard needs deployRoleArn: the role that runs pulumi up, exempt from the "
                    "organization guard (without it no deployment could tag a user)",
                )
            )
        if not self.org_guard_targets:
            messages.append(
                (
                    "orgGuardTargets",
                    "orgGuard needs orgGuardTargets: the account ids, ou-… or r-… to attach the SCP to",
                )
            )
        return messages

    def _check_access_days(self) -> list[tuple[str, str]]:
        if self.iam_role_quota < 1:
            return [("iamRoleQuota", f"iamRoleQuota must be at least 1, got {self.iam_role_quota}")]
        if 1 <= self.max_access_days <= MAX_ACCESS_DAYS_LIMIT:
            return []
        return [
            (
                "maxAccessDays",
                f"maxAccessDays must be a number of days from 1 to {MAX_ACCESS_DAYS_LIMIT}, "
                f"got {self.max_access_days}",
            )
        ]


def _policy_variable_problem(tag_key: str) -> str | None:
    """Why ``tag_key`` cannot be named inside the policies, or ``None``.

    The guards compare tags through policy variables, ``${aws:PrincipalTag/<tagKey>, '-'}``, and
    condition keys, ``aws:ResourceTag/<tagKey>``. IAM's variable syntax (IAM User Guide, "Policy
    variables", "Specifying default values") separates the key from its default with a comma and
    a space and ends it at the closing brace, so a key with whitespace, ``,``, ``'``, ``$``,
    ``{`` or ``}`` cannot be written in one; ``/`` and ``:`` would split the condition key's own
    ``prefix/tag-key`` form. Of the characters AWS allows in tag keys, that leaves letters,
    digits and ``_.=+-@``.
    """
    refused = sorted({ch for ch in tag_key if ch.isspace() or ch in "/:,'${}"})
    if not refused:
        return None
    shown = ", ".join("a space" if ch == " " else repr(ch) for ch in refused)
    return (
        f"it contains {shown}, which a policy variable (${{aws:PrincipalTag/<tagKey>}}) or a "
        "condition key cannot hold; use letters, digits and _.=+-@ only, e.g. 'studiouserid'"
    )


def sso_defaults(
    values: Mapping[str, object], typed: Mapping[str, object], partition: str
) -> dict[str, object]:
    """What ``authMode: sso`` changes in the defaults: a notebook role of one's own.

    In an Identity Center domain nothing but the execution role tells two people's notebooks
    apart, so per-user roles are on unless ``perUserExecutionRoles`` is set (to false), and their
    policies default to the one SageMaker gives a domain's execution role.
    """
    if typed.get("auth_mode") != "sso":
        return {}
    found: dict[str, object] = {}
    if values.get("perUserExecutionRoles") in (None, ""):
        found["per_user_execution_roles"] = True
    per_user = found.get("per_user_execution_roles", typed.get("per_user_execution_roles"))
    if per_user and not typed.get("execution_role_policy_arns"):
        found["execution_role_policy_arns"] = (
            SSO_EXECUTION_ROLE_POLICY.format(partition=partition),
        )
    return found


class _Reader:
    """Turns raw configuration values into typed ones, collecting problems with their place."""

    def __init__(self, source: str, positions: Mapping[str, tuple[str, int, int]]):
        self.source = source
        self.positions = positions
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        """Report ``message`` at ``key``'s place in the source (the file as a whole if unknown)."""
        label, line, column = self.positions.get(key, (self.source, 0, 0))
        self.problems.append(Problem(label, line, column, message))

    def invalid(self, key: str, message: str) -> None:
        """Report a bad value; ``message`` starts with the key, which gets its namespace."""
        self.problem(key, message if key == REGION_KEY else f"{PROJECT}:{message}")

    def typed(self, key: str, value: object, default: object) -> object:
        """``value`` as the type of ``default`` (text, boolean, number or list of text); the default if empty."""
        if value is None or value == "":
            return default
        if isinstance(default, bool):
            return self._boolean(key, value, default)
        if isinstance(default, tuple):
            return self._text_list(key, value)
        if isinstance(default, int):
            return self._whole_number(key, value, default)
        if not isinstance(value, str):
            self.invalid(key, f"{key} must be a string, got {_type_name(value)}")
            return default
        return value

    def _boolean(self, key: str, value: object, default: bool) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        hint = ""
        if isinstance(value, str) and value.lower() in YAML_11_BOOLEANS:
            # YAML 1.1 (PyYAML's default) reads these as booleans; Pulumi reads YAML 1.2, where
            # they are text, so the stack would not mean what it seems to.
            hint = f" (Pulumi reads YAML 1.2, where {value} is text, not a boolean: write true or false)"
        self.invalid(key, f"{key} must be true or false, got {value!r}{hint}")
        return default

    def _whole_number(self, key: str, value: object, default: int) -> int:
        """A whole number, typed in YAML or as the engine's text (``"365"``)."""
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value.strip())
        self.invalid(key, f"{key} must be a whole number, got {_type_name(value)} {value!r}")
        return default

    def _text_list(self, key: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            # The engine passes a structured value as its JSON text; a single word is a list of one.
            try:
                value = json.loads(value) if value.lstrip().startswith("[") else [value]
            except json.JSONDecodeError:
                self.invalid(key, f"{key} must be a list of strings")
                return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            self.invalid(key, f"{key} must be a list of strings, got {_type_name(value)}")
            return ()
        if len(set(value)) != len(value):
            self.invalid(key, f"{key} lists a value twice")
        return tuple(value)


def _type_name(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def environment_region() -> str | None:
    """The region the AWS provider and SDKs fall back to when the stack names none."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
