"""ARNs that a policy document can name exactly, and the one check every ARN input goes through.

IAM allows ``$``, ``{`` and ``}`` in a path (``/a${x}/``), and a hand-typed ARN may hold ``*`` or
``?``. Inside a policy none of them is plain text: ``${`` starts a policy variable and ``*`` and
``?`` are wildcards (IAM User Guide, "Policy variables", "Resource"). A guard that names such an
ARN would protect a different set of principals than the one configured (a variable that
resolves to nothing matches no resource; a wildcard matches many), and an exemption would exempt
more than the one role. So every ARN a stack or user file gives is refused with these characters,
before its grammar is judged, with a message that says why.
"""

from __future__ import annotations

import re

from components.core import limits

#: The characters a policy document gives a meaning to: a variable's ``${…}``, and the wildcards.
POLICY_SPECIAL = "${}*?"


def special_characters(value: str) -> list[str]:
    """The characters of ``value`` that a policy document would not read as plain text."""
    return sorted({ch for ch in value if ch in POLICY_SPECIAL}, key=POLICY_SPECIAL.index)


def special_problem(what: str, value: str) -> str | None:
    """Why the ARN ``value`` (named ``what`` in the message) cannot stand in a policy, or ``None``.

    Only a value that starts like an ARN is judged here: anything else (``*``, a bare name) is
    not an ARN at all, which the grammar's own message says better.
    """
    found = special_characters(value)
    if not found or not value.startswith("arn:"):
        return None
    shown = " ".join(found)
    return (
        f"{what}: {value!r} contains {shown}: in a policy document ${{…}} is a policy variable "
        "and * ? are wildcards, so no guard could name it exactly; IAM allows some of them in a "
        "path, this project does not: use a path and name of letters, digits and +=,.@_- only"
    )


def arn_problem(
    what: str, arn: str, pattern: re.Pattern[str], example: str, partition: str
) -> str | None:
    """Why a configured ARN cannot be used, or ``None``: special characters, grammar, partition.

    Args:
        what: the key that set it (``deployRoleArn``), which starts the message.
        arn: the value.
        pattern: the grammar of its kind of ARN (``limits.ROLE_ARN_RE``, …).
        example: a valid ARN of that kind, shown when the grammar refuses it.
        partition: the stack's partition, which every ARN must be of.
    """
    if special := special_problem(what, arn):
        return special
    if len(arn) > limits.ROLE_ARN_MAX or not pattern.match(arn):
        return f"{what}: {arn!r} is not a valid ARN; for example {example}"
    if problem := limits.iam_path_problem(arn):
        return f"{what}: {problem}"
    if problem := limits.partition_problem(arn, partition):
        return f"{what}: {problem}"
    return None
