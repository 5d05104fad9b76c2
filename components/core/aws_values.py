"""Value sets that AWS defines and changes often, read from botocore's SageMaker service model.

SageMaker adds instance types every few months; copying its ``AppInstanceType`` enum here would go
stale. boto3 already installs botocore, whose service model lists the values the installed SDK
knows, so ``check`` reads that list. It reads the model as a data file, without importing
botocore's code (``check`` stays fast, and only ``aws`` and ``meter`` import the SDKs), and only when a
setting names an instance type.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import importlib.util
import json
from pathlib import Path

from components.core.problems import StudioAccessError

#: ``AppInstanceType`` also holds ``system``, the placeholder of Studio Classic's JupyterServer
#: app; JupyterLab and Code Editor run on real instances only.
NOT_AN_INSTANCE = frozenset({"system"})


class ModelMissing(StudioAccessError):
    """Raised when botocore's SageMaker service model cannot be found or read."""


@functools.cache
def app_instance_types() -> tuple[str, ...]:
    """The instance types JupyterLab and Code Editor can run on, in the service model's order.

    Raises:
        ModelMissing: botocore is not installed, or its SageMaker model has no such list.
    """
    path = _service_model()
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        enum = json.loads(data)["shapes"]["AppInstanceType"]["enum"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelMissing(f"cannot read the SageMaker service model {path}: {error}") from None
    return tuple(value for value in enum if value not in NOT_AN_INSTANCE)


def nearest(value: str, choices: tuple[str, ...]) -> str:
    """The choice most similar to ``value`` (for "did you mean"); there always is one.

    A value that differs from a choice only in case (``ML.T3.MEDIUM``) means that choice.
    """
    folded = {choice.lower(): choice for choice in choices}
    if value.lower() in folded:
        return folded[value.lower()]
    return difflib.get_close_matches(value, choices, n=1, cutoff=0.0)[0]


def data_folders(what: str) -> list[Path]:
    """The ``botocore/data`` folders installed; ``what`` says what needs them, for the error.

    Raises:
        ModelMissing: botocore is not installed.
    """
    spec = importlib.util.find_spec("botocore")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"botocore is not installed, so {what} cannot be checked: install the "
            "requirements (pip install -r requirements.txt), which bring boto3 and botocore"
        )
    return [Path(location, "data") for location in spec.submodule_search_locations]


def read_data(path: Path) -> object:
    """A botocore data file (JSON, possibly gzipped), or ``ModelMissing`` saying why not."""
    try:
        data = path.read_bytes()
        return json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)
    except (OSError, ValueError) as error:
        raise ModelMissing(f"cannot read botocore's {path}: {error}") from None


def _service_model() -> Path:
    """The newest ``botocore/data/sagemaker/<version>/service-2.json[.gz]`` installed."""
    models: list[Path] = []
    for folder in data_folders("instance types"):
        models += folder.glob("sagemaker/*/service-2.json*")
    if not models:
        raise ModelMissing("the installed botocore has no SageMaker service model")
    # API versions are dates (2017-07-24): the newest sorts last.
    return max(models, key=lambda p: (p.parent.name, p.suffix != ".gz"))
