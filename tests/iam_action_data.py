"""AWS's IAM action data, as parliament ships it offline, and the patterns derived from it.

The documents name some families of actions by pattern (``components/policies/action_data.py``);
the functions here derive those patterns from the action data again, so that a test fails when
AWS adds an action the committed patterns miss, or a read they would deny.
"""

from __future__ import annotations

import fnmatch
import json
import re
import warnings
from functools import cache
from pathlib import Path

READ_LEVELS = ("Read", "List")
#: The ARN of an IAM role or user, as the action data writes a resource type's ARN.
IAM_PRINCIPAL_ARN = re.compile(r"^arn:\$\{Partition\}:iam::\$\{Account\}:(role|user)/")
RESOURCE_TAG = "aws:ResourceTag/${TagKey}"


@cache
def services() -> dict[str, dict]:
    """Every service of the action data, by its prefix."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import parliament
    path = Path(parliament.__file__).with_name("iam_definition.json")
    return {service["prefix"]: service for service in json.loads(path.read_text())}


def actions(prefix: str) -> dict[str, str]:
    """``prefix:Action`` -> its access level."""
    return {
        f"{prefix}:{p['privilege']}": p["access_level"] for p in services()[prefix]["privileges"]
    }


def access_levels() -> dict[str, str]:
    """``prefix:action`` in lower case -> its access level, for every action AWS knows."""
    return {
        action.lower(): level for prefix in services() for action, level in actions(prefix).items()
    }


def writes(prefix: str) -> list[str]:
    """Every action of the service that is not a read (write, permissions management, tagging)."""
    return sorted(a for a, level in actions(prefix).items() if level not in READ_LEVELS)


def reads(prefix: str) -> list[str]:
    return sorted(a for a, level in actions(prefix).items() if level in READ_LEVELS)


def verb_patterns(prefix: str) -> list[str]:
    """The shortest readable patterns for the service's writes: ``prefix:<Verb>*`` for each verb
    that begins writes only, the action itself where a read begins with the same verb."""
    service_reads = reads(prefix)
    patterns = []
    for action in writes(prefix):
        verb = re.match(r"[A-Z][a-z]*", action.split(":", 1)[1]).group(0)
        pattern = f"{prefix}:{verb}*"
        if any(fnmatch.fnmatchcase(read, pattern) for read in service_reads):
            pattern = action
        patterns.append(pattern)
    return sorted(set(patterns))


def tag_blind_principal_actions() -> list[str]:
    """Actions of other services than IAM on an IAM role or user whose resource type does not
    support ``aws:ResourceTag``: a Deny conditioned on a principal's tags never fires for them."""
    found = set()
    for prefix, service in services().items():
        if prefix == "iam":
            continue
        resources = {r["resource"]: r for r in service["resources"]}
        for privilege in service["privileges"]:
            for resource_type in privilege["resource_types"]:
                resource = resources.get(resource_type["resource_type"].rstrip("*"))
                if resource is None or not IAM_PRINCIPAL_ARN.match(resource["arn"]):
                    continue
                keys = {*resource["condition_keys"], *resource_type["condition_keys"]}
                if RESOURCE_TAG not in keys:
                    found.add(f"{prefix}:{privilege['privilege']}")
    return sorted(found)


def covered(patterns, action: str) -> bool:
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in patterns)
