"""Typed values read out of composed YAML nodes, each mistake reported where it stands.

``users`` describes what a user file means; this module knows how to take a mapping, a list, a
string or a tag value out of a node without ever trusting its type, and how to say what was
found instead ("got a list"), with the node's line and column.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Callable, Mapping

import yaml

from components.core import limits, policy_safe
from components.core.problems import Problem, printable
from components.core.yaml_source import problem_at

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_KIND_NAMES = {
    STR: "a string",
    MAP: "a mapping",
    SEQ: "a list",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


class FieldReader:
    """Reads typed values out of composed YAML nodes, reporting each mistake where it stands."""

    def __init__(self, label: str, problems: list[Problem], partition: str = "aws"):
        self.label = label
        self.problems = problems
        self.partition = partition
        self._start = len(problems)

    @property
    def failed_since_start(self) -> bool:
        return self.errors_since(self._start)

    def errors_since(self, index: int) -> bool:
        """Whether an error (not a warning) was reported after ``problems[index]``."""
        return any(p.severity == "error" for p in self.problems[index:])

    def report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(problem_at(self.label, node.start_mark, message))

    def warn(self, node: yaml.Node, message: str) -> None:
        """Report what is allowed but weaker than it looks, where it stands."""
        problem = problem_at(self.label, node.start_mark, message)
        self.problems.append(dataclasses.replace(problem, severity="warning"))

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
        example: str = "id: alice",
    ) -> dict[str, yaml.Node] | None:
        """Return key to value node; refuse non-mappings, duplicate, unknown and missing keys.

        ``example`` is a line of the mapping asked for: it shows the fix, so it fits ``what``."""
        if node.tag != MAP:
            self.report(node, f"{what} must be a mapping such as '{example}', got {kind(node)}")
            return None
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == STR else None
            if key is None:
                self.report(key_node, f"keys must be plain words, got {kind(key_node)}")
            elif key in fields:
                first = fields[key].start_mark.line + 1
                self.report(key_node, f"duplicate key {key!r} (first set on line {first})")
            elif key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean {near[0]!r}?"
                    if near
                    else f"; expected one of: {', '.join(allowed)}"
                )
                self.report(key_node, f"unknown key {key!r} in {what}{hint}")
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields and not any(k.value == key for k, _ in node.value if k.tag == STR):
                self.report(node, f"missing required key {key!r}")
        return fields

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if node.tag != SEQ:
            self.report(node, f"{what} must be a list, got {kind(node)}")
            return []
        items: list[yaml.Node] = node.value
        return items

    def scalar_text(self, node: yaml.Node, what: str) -> str | None:
        """Return a scalar's text as written, whatever YAML would resolve it to.

        Tag values and account ids are strings to AWS; ``cost-center: 0815`` or
        ``trusted: [012345678901]`` mean exactly the digits written, which YAML would otherwise
        turn into numbers (and drop the leading zero). Only an empty value is refused.
        """
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, f"{what} must be a single value, got {kind(node)}")
            return None
        if node.tag == "tag:yaml.org,2002:null":
            self.report(node, f"{what} is empty; write '' for an empty string")
            return None
        text: str = node.value
        return text

    def string(
        self, fields: Mapping[str, yaml.Node], key: str, check: Callable[[str], str | None]
    ) -> str | None:
        """Return ``fields[key]`` as a string checked by ``check``, or ``None`` if absent or bad."""
        node = fields.get(key)
        if node is None:
            return None
        if node.tag != STR:
            hint = (
                f"; quote it: {key}: {json.dumps(node.value)}"
                if isinstance(node, yaml.ScalarNode) and node.value
                else ""
            )
            self.report(node, f"{key} must be a string, got {kind(node)}{hint}")
            return None
        text: str = node.value
        message = check(text)
        if message:
            self.report(node, message)
            return None
        return text

    def check_role_arn(self, value: str) -> str | None:
        """Why ``value`` cannot be an execution role ARN of this stack, or ``None``."""
        example = f"arn:{self.partition}:iam::123456789012:role/service-role/SageMakerExecution"
        if special := policy_safe.special_problem("execution_role_arn", value):
            return special
        if len(value) > limits.ROLE_ARN_MAX or not limits.ROLE_ARN_RE.match(value):
            return (
                f"execution_role_arn {value!r} is not an IAM role ARN "
                f"(partition, 12-digit account, role/ then an optional path and the name), "
                f"for example {example}"
            )
        if problem := limits.iam_path_problem(value):
            return f"execution_role_arn: {problem}"
        return limits.partition_problem(value, self.partition)

    def trusted_problem(self, value: str) -> str | None:
        """Why ``value`` cannot be a trusted principal of this stack, or ``None``."""
        if special := policy_safe.special_problem("trusted", value):
            return special
        if not limits.TRUSTED_RE.match(value):
            account = f"arn:{self.partition}:iam::123456789012"
            return (
                f"{value!r} is not a trusted principal: use a 12-digit account id or an ARN such "
                f"as {account}:root, {account}:role/Name, {account}:user/Name or "
                f"{account}:saml-provider/Name"
            )
        if problem := limits.iam_path_problem(value):
            return f"trusted: {problem}"
        return limits.partition_problem(value, self.partition)


def kind(node: yaml.Node) -> str:
    """What a node holds, in a user's words ("a list", "a number")."""
    return _KIND_NAMES.get(node.tag, f"a value tagged {printable(node.tag)}")
