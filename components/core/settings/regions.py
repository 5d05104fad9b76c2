"""Regions as AWS lists them, and the regional ARNs a stack names, checked offline.

A misspelt region (``eu-wst-1``, ``us-east-9``) looks like a region and would fail only when the
provider first calls AWS; a lifecycle configuration of another region fails only when SageMaker
is asked to attach it. botocore, which boto3 installs, ships AWS's list of partitions and their
regions (``botocore/data/partitions.json``); ``check`` reads it as a data file, like the instance
types (``aws_values``). Without botocore (the check-only install) a region is held to its
partition's name pattern only.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from components.core import aws_values, limits
from components.core.problems import Problem

if TYPE_CHECKING:
    from components.core.settings.studio import StudioLevel

_LIFECYCLE = "lifecycle_config_arns"


@functools.cache
def partition_regions() -> dict[str, tuple[str, ...]]:
    """Each partition's regions, as the installed botocore lists them.

    Raises:
        aws_values.ModelMissing: botocore or its partition data cannot be found or read.
    """
    for folder in aws_values.data_folders("region names"):
        path = folder / "partitions.json"
        if not path.is_file():
            continue
        data = aws_values.read_data(path)
        try:
            partitions = data["partitions"]  # type: ignore[index]
            return {
                p["id"]: tuple(sorted(r for r in p["regions"] if not r.endswith("-global")))
                for p in partitions
            }
        except (KeyError, TypeError) as error:
            raise aws_values.ModelMissing(f"cannot read botocore's {path}: {error}") from None
    raise aws_values.ModelMissing("the installed botocore has no partitions.json")


def region_problem(region: str) -> str | None:
    """Why ``region`` is not a region of the partition its name selects, or ``None``.

    The message names the nearest region of that partition. Without botocore's data, only the
    partition's name pattern is checked (``limits.region_problem``).
    """
    partition = limits.partition_of(region)
    try:
        known = partition_regions().get(partition, ())
    except aws_values.ModelMissing:
        return limits.region_problem(region)
    if region in known:
        return None
    near = [region.lower()] if region.lower() in known else []
    near = near or difflib.get_close_matches(region, known, n=1)
    hint = f"did you mean {near[0]}?" if near else f"for example {', '.join(known[:3])}"
    return (
        f"{region!r} is not a region name of partition {partition!r}: {hint} (the regions the "
        "installed botocore lists; a region newer than botocore needs a newer botocore)"
    )


def settings_problems(
    region: str | None,
    studio: StudioLevel | None,
    teams: Iterable[tuple[str, StudioLevel]] | None,
) -> list[tuple[str, str]]:
    """``(key, message)`` for each lifecycle configuration of the stack's ``studio`` and
    ``teams`` that is not in the stack's ``region``."""
    if region is None:
        return []
    levels = [("studio", studio), *((f"teams.{name}", level) for name, level in teams or ())]
    return [
        (f"{prefix}.{path}", f"{prefix}.{message}")
        for prefix, level in levels
        if level is not None
        for path, message in _lifecycle_problems(level, region)
    ]


def roster_problems(levels: Iterable[StudioLevel], region: str | None) -> list[Problem]:
    """Every lifecycle configuration the user files' ``studio:`` name, in the stack's region."""
    if region is None:
        return []
    return [
        Problem(*level.where(path), f"studio.{message}")
        for level in levels
        for path, message in _lifecycle_problems(level, region)
    ]


def _lifecycle_problems(level: StudioLevel, region: str) -> Iterator[tuple[str, str]]:
    """``(path, message)`` for each lifecycle configuration ARN of another region."""
    origins = dict(level.origins)
    seen = set()
    for app, arns in dict(level.as_dict()).get(_LIFECYCLE, ()):
        for index, arn in enumerate(arns):
            path = next(
                (
                    p
                    for p in (f"{_LIFECYCLE}.{app}[{index}]", f"{_LIFECYCLE}[{index}]")
                    if p in origins
                ),
                _LIFECYCLE,
            )
            named = arn.split(":")[3] if arn.count(":") >= 5 else region
            if named == region or (path, arn) in seen:
                continue
            seen.add((path, arn))
            yield (
                path,
                f"{_LIFECYCLE}: {arn!r} is in region {named}, but the stack deploys to "
                f"{region} (aws:region): SageMaker attaches lifecycle configurations of the "
                f"domain's region only; name the one in {region}",
            )
