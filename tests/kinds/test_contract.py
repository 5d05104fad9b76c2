"""Every kind of principal answers every question of ``Kind``, and its answers hold together.

Each test runs once per kind of the registry (``KINDS``), so a new kind is held to the whole
contract the day it is registered; it only needs its line in ``EXAMPLES``: a stack that enables
it, a valid file and a file it refuses. The stacks are of partition ``aws-cn``, so an ARN written
for ``aws`` shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROJECT_DIR

from components import kinds
from components.cli.main import main
from components.core.problems import Problem, UsageError
from components.core.registrations import STACK, Lookup, Ref, Registration
from components.core.requests import Caller, Scenario
from components.core.settings.stack import Settings
from components.kinds import KINDS
from components.kinds.base import CliOption, Kind, Principal
from components.proof.isolation import prove
from components.roster.users import UserSpec, parse_user

PARTITION = "aws-cn"
ACCOUNT = "123456789012"
APPLICATION = (
    f"arn:{PARTITION}:sso::999988887777:application/ssoins-1234567890abcdef/apl-1234567890abcdef"
)
BASE = {
    "domain_id": "d-abc123def456",
    "region": "cn-north-1",
    "default_execution_role_arn": f"arn:{PARTITION}:iam::{ACCOUNT}:role/service-role/Default",
}


@dataclass(frozen=True)
class Example:
    """What the contract needs of one kind: a stack it may be used in and two files.

    Attributes:
        stack: the ``Settings`` that enable the kind, over ``BASE``.
        valid: a valid ``users/ana.yaml`` of this kind.
        invalid: a ``users/ana.yaml`` this kind refuses, at ``line``, saying ``message``.
    """

    stack: Mapping[str, Any]
    valid: str
    invalid: str
    line: int
    message: str
    options: Mapping[str, Any] = field(default_factory=dict)


#: One line per kind, keyed by ``principal.type``.
EXAMPLES = {
    "user": Example(
        stack={},
        valid="id: ana\nprincipal: {type: user}\n",
        invalid="id: ana\nprincipal:\n  type: user\n  user_name: ana\n",
        line=4,
        message="user_name",
    ),
    "role": Example(
        stack={},
        valid=f"id: ana\nprincipal:\n  type: role\n  trusted: ['{ACCOUNT}']\n",
        invalid="id: ana\nprincipal:\n  type: role\n  trusted: ['arn:aws:iam::123456789012:root']\n",
        line=4,
        message="partition",
        options={"trusted": [ACCOUNT]},
    ),
    "identity-center": Example(
        stack={
            "auth_mode": "sso",
            "identity_store_id": "d-1234567890",
            "sso_application_arn": APPLICATION,
        },
        valid="id: ana\nprincipal: {type: identity-center, user_name: ana@example.com}\n",
        invalid="id: ana\nprincipal:\n  type: identity-center\n  user_name: a b\n",
        line=4,
        message="'a b'",
        options={"identity_center": "ana@example.com"},
    ),
    "federated": Example(
        stack={
            "federation": "saml",
            "saml_provider_arn": f"arn:{PARTITION}:iam::{ACCOUNT}:saml-provider/Corp",
        },
        valid="id: ana\nprincipal: {type: federated}\n",
        invalid="id: ana\nprincipal:\n  type: federated\n  trusted: ['123456789012']\n",
        line=4,
        message="trusted",
    ),
}

each_kind = pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)


def settings_for(kind: Kind) -> Settings:
    return Settings(**BASE, **EXAMPLES[kind.name].stack)


def read(kind: Kind, text: str) -> tuple[UserSpec | None, list[Problem]]:
    problems: list[Problem] = []
    spec = parse_user("users/ana.yaml", text.encode(), problems, settings_for(kind))
    return spec, problems


def person(kind: Kind) -> UserSpec:
    spec, problems = read(kind, EXAMPLES[kind.name].valid)
    assert spec is not None, problems
    return spec


@dataclass(frozen=True)
class Found:
    """An IAM principal ``adopt`` found, of the shape ``Kind.recognise`` reads."""

    kind: str
    name: str
    path: str = "/"
    tags: Mapping[str, str] = field(default_factory=dict)
    trust: Mapping[str, Any] | None = None


def test_every_kind_has_an_example_and_a_unique_name():
    assert set(EXAMPLES) == {kind.name for kind in KINDS}
    assert len(kinds.BY_NAME) == len(KINDS)
    assert len({kind.word for kind in KINDS}) == len(KINDS)


@each_kind
def test_the_stack_of_its_example_enables_it(kind: Kind):
    settings = settings_for(kind)
    assert kind.unavailable(settings) is None
    assert kind.settings_problems(settings) == []
    assert settings.partition == PARTITION


@each_kind
def test_it_reads_a_valid_principal_and_refuses_an_invalid_one_where_it_stands(kind: Kind):
    spec, problems = read(kind, EXAMPLES[kind.name].valid)
    assert [p for p in problems if p.severity == "error"] == []
    assert spec is not None and spec.principal_type == kind.name
    assert isinstance(spec.principal, Principal) and spec.principal.kind == kind.name
    example = EXAMPLES[kind.name]
    spec, problems = read(kind, example.invalid)
    errors = [p for p in problems if p.severity == "error"]
    assert spec is None and errors, problems
    assert {p.path for p in errors} == {"users/ana.yaml"}
    assert any(p.line == example.line and example.message in p.message for p in errors), errors


@each_kind
def test_its_schema_describes_exactly_its_keys(kind: Kind):
    schema = kind.schema()
    assert set(schema) == set(kind.keys)
    for key, value in schema.items():
        assert value.get("description"), f"principal.{key} needs a description"
    assert kind.description and kind.word


@each_kind
def test_its_scaffold_round_trips_through_the_roster_and_the_schema(
    kind: Kind, schema_errors, tmp_path: Path
):
    user = person(kind)
    lines = kind.scaffold(user.principal, PARTITION)
    text = "id: ana\n" + "".join(f"{line}\n" for line in lines)
    spec, problems = read(kind, text)
    assert spec is not None, problems
    assert spec.principal == user.principal
    example = kind.scaffold(None, PARTITION)
    assert all(line.startswith("#") for line in example), "the example is commented out"
    written = tmp_path / "ana.yaml"
    written.write_text(text)
    assert schema_errors([written]) == {}


def _refs(value: object) -> list[Ref]:
    if isinstance(value, Ref):
        return [value]
    if isinstance(value, Mapping):
        return [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list | tuple):
        return [r for v in value for r in _refs(v)]
    return []


@each_kind
def test_its_registrations_are_named_after_the_person_and_unique(kind: Kind):
    user = person(kind)
    settings = settings_for(kind)
    for registered in (
        kind.registrations(user, settings),
        kind.offboarded_registrations(user, settings),
    ):
        assert all(isinstance(r, Registration | Lookup) for r in registered)
        names = [r.name for r in registered]
        assert len(names) == len(set(names))
        assert all(name.startswith(f"{user.id}-") or user.id in name for name in names), names
    stack = kind.stack_registrations(settings)
    assert all(isinstance(r, Registration | Lookup) for r in stack)
    everything = [*kind.registrations(user, settings), *stack]
    names = {r.name for r in everything}
    assert len(names) == len(everything)
    for ref in _refs([r.inputs for r in everything if isinstance(r, Registration)]):
        assert ref.resource in names or ref.resource == STACK, ref
    ref = kind.principal_ref(user)
    assert ref is None or ref.resource in names
    assert set(kind.profile_after(user, settings)) <= names


@each_kind
def test_its_arns_are_of_the_stacks_partition(kind: Kind):
    user = person(kind)
    settings = settings_for(kind)
    bound = kind.bound_arns(settings)
    assert all(arn.startswith(f"arn:{PARTITION}:") for arn in bound), bound
    assert all(arn in kinds.bound_arns(settings) for arn in bound)
    session = kind.session_arn(user, settings)
    if session is not None:
        assert session.startswith("{iam}:"), "a template the proof fills with the partition"
    assert (session is None) == (kind.principal_ref(user) is None and not bound)


@each_kind
def test_its_callers_and_scenarios_are_well_formed(kind: Kind):
    settings = settings_for(kind)
    callers = kind.callers(settings)
    assert all(isinstance(c, Caller) for c in callers)
    assert len({c.kind for c in callers}) == len(callers)
    for caller in callers:
        assert caller.title and caller.bound_by in {"member", "execution", "none", "exempt"}
        assert caller.arn.startswith(("{iam}:", "{default_role}")), caller.arn
    for scenario in kind.scenarios():
        assert isinstance(scenario, Scenario)
        assert scenario.name and re.fullmatch(r"[a-z0-9-]+:[A-Za-z0-9*]+", scenario.action)
        assert scenario.allowed or scenario.closes, f"{scenario.name}: which statement stops it?"


@each_kind
def test_the_proof_proves_the_hardened_stack_for_its_callers(kind: Kind):
    settings = settings_for(kind)
    proof = prove([person(kind)], settings, "hardened")
    assert proof.ok, proof.failures
    # Whom a member role trusts (bound by nothing of the stack) is judged under the org guard.
    own = {c.kind for c in kind.callers(settings) if c.bound_by != "none"}
    verdicts = [v for v in proof.verdicts if v.caller.kind in own]
    assert len(verdicts) == len(own)
    assert all(v.proven for v in verdicts), [v.caller.kind for v in verdicts if not v.proven]


@each_kind
def test_it_refuses_a_foreign_principal(kind: Kind):
    settings = settings_for(kind)
    refusals = [
        kind.recognise("ana", Found(entity, "ana", trust=None), settings)
        for entity in ("user", "role")
    ]
    refused = [r for r in refusals if r is not None]
    assert refused, "an IAM user and an IAM role without trust cannot both be this kind"
    assert all("ana" in r for r in refused)


def _option_values(kind: Kind) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for other in KINDS:
        for option in other.cli_options():
            values[option.dest] = (
                [] if option.repeat else (False if option.metavar is None else None)
            )
    return values


@each_kind
def test_new_user_offers_it(kind: Kind, capsys: pytest.CaptureFixture[str]):
    """Its options pick it (the first one) and describe it; without options only the default."""
    settings = settings_for(kind)
    options = kind.cli_options()
    with pytest.raises(SystemExit):
        main(["new-user", "--help"])
    shown = capsys.readouterr().out
    assert all(o.flag in shown for o in options), shown
    assert all(isinstance(o, CliOption) and o.flag.startswith("--") and o.help for o in options)
    values = _option_values(kind)
    if not options:
        assert kinds.default_kind(settings) is kind, "new-user cannot write it"
        assert kind.from_cli(values, settings) is None
        return
    first, *details = options
    values[first.dest] = (
        True if first.metavar is None else EXAMPLES[kind.name].options.get(first.dest)
    )
    values.update(EXAMPLES[kind.name].options)
    assert kind.from_cli(values, settings) == person(kind).principal
    for detail in details:
        values[detail.dest] = [] if detail.repeat else None
        with pytest.raises(UsageError, match=re.escape(first.flag)):
            kind.from_cli(values, settings)


DOCS_USERS = (PROJECT_DIR / "docs" / "users.md").read_text(encoding="utf-8")
DOCS_CLI = (PROJECT_DIR / "docs" / "cli.md").read_text(encoding="utf-8")
FORM = yaml.safe_load(
    (PROJECT_DIR / ".github" / "ISSUE_TEMPLATE" / "access-request.yml").read_text(encoding="utf-8")
)
WORKFLOW = (PROJECT_DIR / ".github" / "workflows" / "access-request.yml").read_text(
    encoding="utf-8"
)


@each_kind
def test_its_options_and_its_docs_row_are_documented(kind: Kind):
    [new_user] = [line for line in DOCS_CLI.splitlines() if line.startswith("| `new-user ")]
    for option in kind.cli_options():
        assert option.flag in new_user, f"docs/cli.md: new-user's {option.flag}"
    rows = [line for line in DOCS_USERS.splitlines() if line.startswith(f"| `{kind.name}`")]
    assert len(rows) == 1, f"docs/users.md: one row of the kinds' table for {kind.name}"


@each_kind
def test_the_access_form_offers_it_by_its_label(kind: Kind):
    [dropdown] = [
        f for f in FORM["body"] if f.get("attributes", {}).get("label") == "Kind of principal"
    ]
    offered = dropdown["attributes"]["options"]
    labels = [k.issue_form_label for k in KINDS if k.issue_form_label]
    assert offered == labels, "the form's dropdown lists the kinds' labels, in the registry's order"
    if kind.issue_form_label:
        case = re.search(r'case "\$KIND" in\n(.*?)\n\s*esac', WORKFLOW, re.S)
        assert case and re.search(rf"^\s*{re.escape(kind.name)}\)", case[1], re.M), (
            f"the access-request workflow turns {kind.name} into new-user's options"
        )
