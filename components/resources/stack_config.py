"""Read ``Settings`` from the Pulumi stack configuration (the program's side of ``settings``)."""

from __future__ import annotations

import pulumi
import pulumi.runtime.config

from components import kinds
from components.core.settings import budgets as budget_settings
from components.core.settings.reader import PROJECT
from components.core.settings.stack import CONFIG_KEYS, Settings


def settings_from_stack() -> Settings:
    """Return the validated settings of the running stack; the deployment's keys are required.

    The namespace is the project name, fixed here rather than taken from the running project,
    so ``pulumi config set domainId …`` in this project always lands where it is read. Keys of
    the namespace that the program does not know are refused (a typo such as ``profileDeletin``
    would otherwise silently leave the default in force). Values arrive as text (``"true"``, a
    JSON list); ``Settings.from_mapping`` reads both forms.

    Raises:
        InputError: listing every invalid or unknown key of the ``studio-access`` namespace.
    """
    config = pulumi.Config(PROJECT)
    values: dict[str, object] = {key: config.get(key) for key, _ in CONFIG_KEYS}
    prefix = f"{PROJECT}:"
    for full_key in _configured_keys():
        key = full_key[len(prefix) :] if full_key.startswith(prefix) else None
        if key and key not in values:
            values[key] = config.get(key)
    return Settings.from_mapping(
        values,
        source=f"stack {pulumi.get_stack()}",
        region=pulumi.Config("aws").get("region"),
        require_domain=True,
        checks=(kinds.settings_problems, budget_settings.settings_problems),
    )


def _configured_keys() -> set[str]:
    """Every configuration key the engine passed, whichever way the SDK received them."""
    keys = set(pulumi.runtime.config.CONFIG.get())
    keys.update(pulumi.runtime.config.get_config_env())
    return keys
