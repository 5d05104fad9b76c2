"""Stack settings: the configuration table of DESIGN.md, with defaults and validation.

The Pulumi program reads these keys with ``pulumi.Config``; the CLI reads them from
``Pulumi.<stack>.yaml`` so that it never imports ``pulumi``. Both end in ``Settings.from_mapping``,
so a default or a rule is written once.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import limits
from .problems import InputError, Problem

#: The Pulumi project name, which is also the configuration namespace.
PROJECT = "studio-access"

POLICY_VARIANTS = ("hardened", "seed")
PROFILE_DELETION_MODES = ("retain", "delete")


@dataclass(frozen=True)
class Settings:
    """One stack's configuration.

    Attributes:
        domain_id: ``domainId``; the SageMaker domain that holds the profiles. Required for a
            deployment; ``None`` is allowed offline, where no profile is created.
        tag_key: ``tagKey`` (default ``studiouserid``); the access tag on principals and profiles.
        group_name: ``groupName`` (default ``sagemaker-studio-users``); the IAM group users join.
        policy_name: ``policyName`` (default ``sagemaker-studio-isolation``); the managed policy.
        policy: ``policy`` (default ``hardened``); ``hardened`` or ``seed``.
        profile_deletion: ``profileDeletion`` (default ``retain``); ``retain`` keeps a removed
            user's profile and data, ``delete`` removes it.
        users_dir: ``usersDir`` (default ``users``); the folder of user files, relative to the
            project directory.
    """

    domain_id: str | None = None
    tag_key: str = "studiouserid"
    group_name: str = "sagemaker-studio-users"
    policy_name: str = "sagemaker-studio-isolation"
    policy: str = "hardened"
    profile_deletion: str = "retain"
    users_dir: str = "users"

    @property
    def retain_profiles(self) -> bool:
        """Whether a removed user's profile is left in place (``profileDeletion: retain``)."""
        return self.profile_deletion == "retain"

    @classmethod
    def from_mapping(
        cls,
        values: Mapping[str, object],
        *,
        source: str = "stack configuration",
        require_domain: bool = False,
    ) -> Settings:
        """Build settings from configuration keys (``domainId``, ``tagKey``, …) and validate them.

        Args:
            values: key to value, without the ``studio-access:`` namespace; missing keys default.
            source: how to name the origin in error messages (a file path or the stack).
            require_domain: whether ``domainId`` must be present (true for a deployment).

        Raises:
            InputError: listing every unknown key and every invalid value.
        """
        problems: list[Problem] = []

        def problem(message: str) -> None:
            problems.append(Problem(source, 0, 0, message))

        known = {key for key, _ in CONFIG_KEYS}
        for key in sorted(set(values) - known):
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean {PROJECT}:{near[0]}?" if near else ""
            problem(f"unknown configuration key {PROJECT}:{key}{hint}")

        defaults = cls()
        fields = {}
        for key, attribute in CONFIG_KEYS:
            value = values.get(key)
            if value is None or value == "":
                fields[attribute] = getattr(defaults, attribute)
                continue
            if not isinstance(value, str):
                problem(f"{PROJECT}:{key} must be a string, got {type(value).__name__}")
                fields[attribute] = getattr(defaults, attribute)
                continue
            fields[attribute] = value
        settings = cls(**fields)
        problems.extend(Problem(source, 0, 0, m) for m in settings._check(require_domain))
        if problems:
            raise InputError(problems)
        return settings

    def _check(self, require_domain: bool) -> list[str]:
        """Return a message for each value AWS would refuse."""
        messages = []
        if self.domain_id is None:
            if require_domain:
                messages.append(
                    f"{PROJECT}:domainId is required: pulumi config set domainId d-xxxxxxxxxxxx"
                )
        elif not limits.DOMAIN_ID_RE.match(self.domain_id):
            messages.append(
                f"{PROJECT}:domainId {self.domain_id!r} is not a SageMaker domain id (d-xxxxxxxxxxxx)"
            )
        if not 1 <= len(self.tag_key) <= limits.TAG_KEY_MAX or not limits.is_tag_text(self.tag_key):
            messages.append(f"{PROJECT}:tagKey {self.tag_key!r} is not a valid AWS tag key")
        elif self.tag_key.lower().startswith("aws:"):
            messages.append(f"{PROJECT}:tagKey must not start with 'aws:' (reserved by AWS)")
        elif "/" in self.tag_key or self.tag_key.lower() == "email":
            messages.append(
                f"{PROJECT}:tagKey {self.tag_key!r} cannot be used: it must not contain '/' "
                "(policy variables cannot name it) and must differ from 'email'"
            )
        for key, name in (("groupName", self.group_name), ("policyName", self.policy_name)):
            if not (
                1 <= len(name) <= limits.IAM_GROUP_OR_POLICY_NAME_MAX
                and limits.IAM_NAME_RE.match(name)
            ):
                messages.append(
                    f"{PROJECT}:{key} {name!r} is not a valid IAM name "
                    "(1-128 letters, digits and +=,.@_-)"
                )
        users_dir = Path(self.users_dir)
        if users_dir.is_absolute() or ".." in users_dir.parts:
            messages.append(
                f"{PROJECT}:usersDir {self.users_dir!r} must be a folder inside the project "
                "(a relative path without '..')"
            )
        if self.policy not in POLICY_VARIANTS:
            messages.append(
                f"{PROJECT}:policy must be one of {', '.join(POLICY_VARIANTS)}, got {self.policy!r}"
            )
        if self.profile_deletion not in PROFILE_DELETION_MODES:
            messages.append(
                f"{PROJECT}:profileDeletion must be one of {', '.join(PROFILE_DELETION_MODES)}, "
                f"got {self.profile_deletion!r}"
            )
        return messages


#: Configuration key and the ``Settings`` attribute it sets, in the README's table order.
CONFIG_KEYS: tuple[tuple[str, str], ...] = (
    ("domainId", "domain_id"),
    ("tagKey", "tag_key"),
    ("groupName", "group_name"),
    ("policyName", "policy_name"),
    ("policy", "policy"),
    ("profileDeletion", "profile_deletion"),
    ("usersDir", "users_dir"),
)


def stack_file(stack: str, project_dir: Path = Path()) -> Path:
    """Return ``Pulumi.<stack>.yaml`` for a stack name, also for ``org/project/stack`` names."""
    return project_dir / f"Pulumi.{stack.rsplit('/', 1)[-1]}.yaml"


def load_stack_settings(stack: str | None, project_dir: Path = Path()) -> Settings:
    """Read the settings as Pulumi would: ``Pulumi.yaml``'s project config, then the stack's file.

    Values of the stack file (``Pulumi.<stack>.yaml``) override the project's ``config:`` block
    (a plain value, ``value:`` or ``default:``), as they do for ``pulumi up``; without a stack only
    the project's values and the defaults apply. Only this project's namespace is read; keys of
    other namespaces (``aws:region``) are left to Pulumi. Values from a Pulumi ESC
    ``environment:`` cannot be resolved offline (see README, "Limits").

    Raises:
        InputError: when a file is missing, unreadable, not a mapping, or holds invalid values.
    """
    values = _namespace_values(project_dir / "Pulumi.yaml", project=True)
    source = "Pulumi.yaml"
    if stack:  # None, or an empty CI variable, means: no stack file
        path = stack_file(stack, project_dir)
        if not path.is_file():
            raise InputError([Problem(str(path), 0, 0, f"no stack file for stack {stack!r}")])
        values.update(_namespace_values(path, project=False))
        source = str(path)
    return Settings.from_mapping(values, source=source)


def _namespace_values(path: Path, *, project: bool) -> dict[str, object]:
    """The ``studio-access`` keys of one Pulumi YAML file's ``config:`` block (none if absent)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError([Problem(str(path), 0, 0, f"cannot read: {error}")]) from None
    if document is None:
        return {}
    config = document.get("config", {}) if isinstance(document, dict) else None
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise InputError([Problem(str(path), 0, 0, "'config' must be a mapping of key: value")])
    prefix = f"{PROJECT}:"
    values: dict[str, object] = {}
    for key, value in config.items():
        key = str(key)
        if key.startswith(prefix):
            name = key[len(prefix) :]
        elif project and ":" not in key:
            name = key  # project-level keys without a namespace belong to the project
        else:
            continue
        if project and isinstance(value, dict):
            if "value" in value or "default" in value:
                values[name] = value.get("value", value.get("default"))
            continue  # a declaration (type, description) without a value
        values[name] = value
    return values
