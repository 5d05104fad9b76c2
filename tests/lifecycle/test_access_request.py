"""The "Access request" issue form and ``read-request``, which turns its body into new-user's values.

The form is checked against GitHub's issue-form schema; its labels and options against the
reader's tables; the reader against bodies rendered the way GitHub renders a submitted form.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from components.cli.commands.issue_form import FIELDS, KINDS, NO_RESPONSE, REQUIRED, read_request
from components.cli.main import main
from components.core.problems import InputError, Problem
from components.roster.users import parse_user

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "access-request.yml"
SAML = "arn:aws:iam::123456789012:saml-provider/Corp"


def form() -> dict:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def fields() -> list[dict]:
    return [element for element in form()["body"] if element["type"] != "markdown"]


def render(values: dict[str, str]) -> str:
    """A body as GitHub renders a submitted form: ``### label``, a blank line, the value."""
    labels = dict(FIELDS)
    return "\n\n".join(
        f"### {labels[name]}\n\n{values.get(name) or NO_RESPONSE}" for name, _ in FIELDS
    )


GINA = {
    "id": "gina",
    "email": "gina@example.com",
    "kind": "IAM user",
    "team": "nlp",
    "reason": "Churn model, ticket DS-42",
    "expires": "2031-06-30",
}


# ---------------------------------------------------------------------------------------------
# the form


def test_the_form_matches_githubs_issue_form_schema():
    binary = Path(sys.executable).parent / "check-jsonschema"
    assert binary.exists(), "install the dev requirements"
    result = subprocess.run(
        [str(binary), "--builtin-schema", "vendor.github-issue-forms", str(FORM)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_forms_labels_are_the_readers_in_the_same_order():
    assert [f["attributes"]["label"] for f in fields()] == [label for _, label in FIELDS]
    required = [
        name
        for (name, _), field in zip(FIELDS, fields(), strict=True)
        if field.get("validations", {}).get("required")
    ]
    assert required == list(REQUIRED)


def test_the_kind_is_a_dropdown_of_exactly_the_known_kinds():
    [dropdown] = [f for f in fields() if f["type"] == "dropdown"]
    assert dropdown["attributes"]["label"] == dict(FIELDS)["kind"]
    assert dropdown["attributes"]["options"] == list(KINDS)
    assert set(KINDS.values()) == {"user", "role", "federated"}


def test_each_field_says_what_the_workflow_does_with_it():
    """The Team is passed as ``new-user --team`` (one of the stack's teams), not a tag; no
    example date that goes stale."""
    workflow = (ROOT / ".github" / "workflows" / "access-request.yml").read_text(encoding="utf-8")
    assert '"--team=$TEAM"' in workflow
    team = next(f for f in fields() if f["id"] == "team")["attributes"]
    assert "one of the stack's teams" in team["description"]
    assert "--team" in team["description"] and "tag" not in team["description"]
    for field in fields():
        placeholder = str(field["attributes"].get("placeholder", ""))
        assert not re.search(r"\d{4}-\d{2}-\d{2}", placeholder), (field["id"], placeholder)
    expires = next(f for f in fields() if f["id"] == "expires")["attributes"]["description"]
    assert "not past" in expires and "maxAccessDays" in expires


def test_the_user_id_field_states_the_id_rule():
    """Upper case is refused by the id rule, so the form must not promise "letters"."""
    from components.core.limits import ID_PATTERN

    assert re.fullmatch(ID_PATTERN, "alice-2") and not re.fullmatch(ID_PATTERN, "Alice")
    described = next(f for f in fields() if f["id"] == "user-id")["attributes"]["description"]
    assert "1–63 lower-case letters, digits and inner hyphens" in described


def test_opening_a_request_never_approves_it():
    """The form labels new issues; only a maintainer adds the label that opens the PR."""
    assert form()["labels"] == ["access-request"]


# ---------------------------------------------------------------------------------------------
# read_request


def test_a_rendered_form_gives_new_users_values():
    assert read_request(render(GINA)).values == {**GINA, "kind": "user", "trusted": ""}


def test_a_role_with_trusted_principals_one_per_line():
    body = render(
        {**GINA, "kind": "IAM role", "trusted": f"- {SAML}\n\n`111122223333`\r\n* 444455556666"}
    )
    values = read_request(body).values
    assert values["kind"] == "role"
    assert values["trusted"].split("\n") == [SAML, "111122223333", "444455556666"]


def test_windows_line_endings_and_a_reason_over_several_lines():
    body = render({**GINA, "reason": "Churn model\nfor the\n  retention team"}).replace(
        "\n", "\r\n"
    )
    values = read_request(body).values
    assert values["reason"] == "Churn model for the retention team"
    assert values["email"] == "gina@example.com"


def test_optional_fields_left_empty_are_empty():
    values = read_request(render({**GINA, "email": "", "team": ""})).values
    assert (values["email"], values["team"]) == ("", "")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (render({**GINA, "reason": ""}), "access request: error: Reason is required"),
        (
            render({**GINA, "kind": "Root user"}),
            "unknown kind 'Root user'; one of IAM user, IAM role, Federated sign-in",
        ),
        (
            "Please give me access",
            "the body is not the access-request form: none of the form's headings",
        ),
        (
            render({**GINA, "reason": "x\n\n### Expires\n\n2099-01-01"}),
            "the heading '### Expires' is twice",
        ),
    ],
    ids=["required", "unknown-kind", "not-the-form", "heading-twice"],
)
def test_what_is_not_a_complete_request_is_refused(body, message):
    with pytest.raises(InputError) as caught:
        read_request(body)
    assert message in str(caught.value)


@pytest.mark.parametrize("body", ["", "\n  \n", "Please give me access"])
def test_a_body_that_is_not_the_form_is_one_problem(body):
    with pytest.raises(InputError) as caught:
        read_request(body)
    [problem] = caught.value.problems
    assert "none of the form's headings (### User id, ### E-mail, …) is there" in problem.message
    assert ("empty" in problem.message) == (not body.strip())


@pytest.mark.parametrize("kind", ["IAM user", "Federated sign-in"])
def test_trusted_principals_for_a_kind_that_takes_none_are_refused(kind):
    with pytest.raises(InputError) as caught:
        read_request(render({**GINA, "kind": kind, "trusted": f"- {SAML}"}))
    [problem] = caught.value.problems
    assert problem.message == (
        f"Trusted principals apply to IAM role only, not to {kind}: leave them empty, or choose "
        "IAM role"
    )


@pytest.mark.parametrize(
    ("values", "key"),
    [({"id": "Zed"}, "id"), ({"id": "a" * 64}, "id"), ({"expires": "01/02/2027"}, "expires")],
)
def test_an_id_or_date_no_user_file_could_hold_is_refused_in_checks_words(values, key):
    """The same validator as the user file's: the requester reads what check would say."""
    with pytest.raises(InputError) as caught:
        read_request(render({**GINA, **values}))
    checked: list[Problem] = []
    text = f"{key}: '{values[key]}'\n" + ("" if key == "id" else "id: x\n")
    parse_user(f"users/{values.get('id', 'x')}.yaml", text.encode(), checked)
    expected = [p.message for p in checked if p.message.startswith(f"{key} ")]
    assert expected and [p.message for p in caught.value.problems] == expected, checked


def parse_github_output(text: str) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` as the runner reads it: ``name=value``, or ``name<<DELIMITER``, the
    value's lines, ``DELIMITER``."""
    outputs, lines = {}, text.split("\n")
    index = 0
    while index < len(lines) and lines[index]:
        if "<<" not in lines[index]:
            name, value = lines[index].split("=", 1)
            outputs[name] = value
            index += 1
            continue
        name, delimiter = lines[index].split("<<", 1)
        end = lines.index(delimiter, index + 1)
        outputs[name] = "\n".join(lines[index + 1 : end])
        index = end + 1
    return outputs


def test_github_output_carries_every_value_and_nothing_else():
    request = read_request(render({**GINA, "kind": "IAM role", "trusted": f"{SAML}\nEOF\nx=1"}))
    text = request.github_output()
    assert parse_github_output(text) == dict(request.values)
    delimiters = re.findall(r"<<(\S+)", text)
    assert len(set(delimiters)) == len(FIELDS), "one random delimiter per value"


# ---------------------------------------------------------------------------------------------
# the command


def test_read_request_prints_json_or_appends_step_outputs(tmp_path, capsys, monkeypatch):
    body = render(GINA).encode()
    monkeypatch.setattr(sys, "stdin", _Stdin(body))
    assert main(["read-request"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "gina"
    output = tmp_path / "github_output"
    output.write_text("earlier=1\n")
    monkeypatch.setattr(sys, "stdin", _Stdin(body))
    assert main(["read-request", "--github-output", str(output)]) == 0
    text = output.read_text()
    assert text.startswith("earlier=1\n")
    assert parse_github_output(text.removeprefix("earlier=1\n"))["expires"] == "2031-06-30"


@pytest.mark.parametrize("where", ["missing/dir/out", "."], ids=["missing folder", "a directory"])
def test_read_request_with_an_output_it_cannot_open_is_a_usage_error(
    where, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(sys, "stdin", _Stdin(render(GINA).encode()))
    target = tmp_path / where
    assert main(["read-request", "--github-output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: --github-output {target}: ")
    assert not (tmp_path / "missing").exists()


def test_read_request_refuses_with_exit_1_and_every_problem(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(render({**GINA, "id": "", "reason": ""}).encode()))
    assert main(["read-request"]) == 1
    err = capsys.readouterr().err
    assert "User id is required" in err and "Reason is required" in err
    assert "Traceback" not in err


class _Stdin:
    """``sys.stdin`` with the bytes a pipe would carry."""

    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)
