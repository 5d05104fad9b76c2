"""Read ``Settings`` from the Pulumi stack configuration (the program's side of ``settings``)."""

from __future__ import annotations

import pulumi

from .settings import CONFIG_KEYS, PROJECT, Settings


def settings_from_stack() -> Settings:
    """Return the validated settings of the running stack; ``domainId`` is required.

    The namespace is the project name, fixed here rather than taken from the running project,
    so ``pulumi config set domainId …`` in this project always lands where it is read.

    Raises:
        InputError: listing every invalid or unknown key of the ``studio-access`` namespace.
    """
    config = pulumi.Config(PROJECT)
    values = {key: config.get(key) for key, _ in CONFIG_KEYS}
    return Settings.from_mapping(values, source=f"stack {pulumi.get_stack()}", require_domain=True)
