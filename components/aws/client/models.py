"""botocore's service models, read once per process.

A botocore session keeps the models it has read in its loader, but every new session starts with
a loader of its own: a command that opens a session per region, the meter opening one per run, or
a look-up of a paginator or of the regions, would read and parse the same JSON models again each
time (a tenth of a second a client). Every session made here shares one loader per data path.
"""

from __future__ import annotations

import functools

import botocore.loaders
import botocore.session


def core_session() -> botocore.session.Session:
    """A new botocore session whose models come from the process's shared loader."""
    core = botocore.session.get_session()
    core.register_component("data_loader", _loader(core.get_config_variable("data_path")))
    return core


@functools.cache
def _loader(data_path: str | None) -> botocore.loaders.Loader:
    return botocore.loaders.create_loader(data_path)
