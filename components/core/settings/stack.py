"""Stack settings: docs/configuration.md's table, with defaults and validation.

The program reads these keys with ``pulumi.Config``, the CLI from ``Pulumi.<stack>.yaml``
(``roster.stack_files``); both end in ``Settings.from_mapping``, so a default or a rule is
written once. Values arrive typed from YAML and as text from the engine; both are accepted
(``reader``). Each group of keys is a module of its own whose fields, defaults and checks
``Settings`` inherits: access (``access``), the execution roles (``execution``) and shared
spaces' role (``spaces``), the organization guard (``org_guard``), the operator's roles
(``operators``), sign-in (``signin``), Studio (``studio``) and the meter (``budgets``).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from components.core import limits, policy_safe
from components.core.problems import InputError
from components.core.settings import budgets as budget_settings
from components.core.settings import regions
from components.core.settings.access import (
    ACCESS_DAYS_KEYS,
    ACCESS_KEYS,
    FEDERATION_KEYS,
    AccessSettings,
)
from components.core.settings.execution import EXECUTION_KEYS, ExecutionRoleSettings
from components.core.settings.operators import OPERATOR_KEYS, OperatorRoleSettings
from components.core.settings.org_guard import ORG_GUARD_KEYS, OrgGuardSettings
from components.core.settings.reader import PROJECT, REGION_KEY, Reader, environment_region
from components.core.settings.signin import SIGNIN_KEYS, SignInSettings, sso_defaults
from components.core.settings.spaces import SPACE_KEYS, SpaceRoleSettings
from components.core.settings.studio import (
    STUDIO_CONFIG_KEYS,
    Source,
    StudioSettings,
    read_level,
    read_teams,
)

#: Configuration key and the ``Settings`` attribute it sets, in docs/configuration.md's table order.
CONFIG_KEYS: tuple[tuple[str, str], ...] = (
    ("domainId", "domain_id"),
    *ACCESS_KEYS,
    *EXECUTION_KEYS[:1],
    *SPACE_KEYS,
    *EXECUTION_KEYS[1:],
    *ORG_GUARD_KEYS[:2],
    *OPERATOR_KEYS,
    *ORG_GUARD_KEYS[2:],
    *SIGNIN_KEYS,
    *STUDIO_CONFIG_KEYS,
    *ACCESS_DAYS_KEYS,
    *FEDERATION_KEYS,
    ("iamRoleQuota", "iam_role_quota"),
    *budget_settings.METER_KEYS,
)
#: Keys whose value is a structured map (``pulumi config set --path``), read by ``studio_settings``.
STRUCTURED_KEYS = tuple(key for key, _ in STUDIO_CONFIG_KEYS)
#: Keys a deployment cannot do without (the CLI works offline without them).
REQUIRED_KEYS = ("domainId", "defaultExecutionRoleArn")


@dataclass(frozen=True)
class Settings(
    AccessSettings,
    ExecutionRoleSettings,
    OrgGuardSettings,
    SignInSettings,
    StudioSettings,
    OperatorRoleSettings,
    SpaceRoleSettings,
    budget_settings.MeterSettings,
):
    """One stack's configuration: the keys of no group, and every group's (their modules say
    what each key means).

    Attributes:
        domain_id: ``domainId``; the SageMaker domain that holds the profiles. Required for a
            deployment; ``None`` is allowed offline, where no profile is created.
        iam_role_quota: ``iamRoleQuota`` (default 1000); the account's IAM role quota, which
            ``check`` holds the stack's roles to (IAM users: 5,000, a hard limit).
        region: ``aws:region`` (or ``AWS_REGION``); decides the partition of every ARN.
    """

    domain_id: str | None = None
    iam_role_quota: int = 1000
    region: str | None = None

    @property
    def partition(self) -> str:
        """The partition every ARN of this stack is written in, from its region."""
        return limits.partition_of(self.region)

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
        reader = Reader(source, positions or {})
        known = {key for key, _ in CONFIG_KEYS}
        for key in sorted(set(values) - known):
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean {PROJECT}:{near[0]}?" if near else ""
            reader.problem(key, f"unknown configuration key {PROJECT}:{key}{hint}")
        defaults = cls()
        # Each value has its attribute's type: ``Reader.typed`` reads it as the default's.
        typed: dict[str, Any] = {
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
            *self._check_domain_id(),
            *self._check_access_names(),
            *self._check_auth_mode(),
            *self._check_required(require_domain),
            *self._check_execution_roles(),
            *self._check_arns(),
            *self._check_org_guard_targets(),
            *self._check_org_guard(),
            *self._check_operator_roles(),
            *self._check_space_role(),
            *(self._check_role_quota() or self._check_access_days()),
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

    def _check_domain_id(self) -> list[tuple[str, str]]:
        if self.domain_id is None or limits.DOMAIN_ID_RE.match(self.domain_id):
            return []
        return [
            (
                "domainId",
                f"domainId {self.domain_id!r} is not a SageMaker domain id (d-xxxxxxxxxxxx)",
            )
        ]

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
        return messages

    def _check_arns(self) -> list[tuple[str, str]]:
        """Every role and policy ARN, of whichever group, follows IAM's grammar and the stack's
        partition."""
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
        return messages

    def _check_role_quota(self) -> list[tuple[str, str]]:
        """``(key, message)`` when ``iamRoleQuota`` is below one (``maxAccessDays`` then waits)."""
        if self.iam_role_quota < 1:
            return [("iamRoleQuota", f"iamRoleQuota must be at least 1, got {self.iam_role_quota}")]
        return []
