"""The JSON Schema of users/*.yaml: committed, accepting the examples, agreeing with the roster."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import PROJECT_DIR, SCHEMA_FILE, check_jsonschema_binary

from components.cli.main import main
from components.core import limits
from components.core.problems import Problem
from components.roster.schema import ROLE_ARN_MAX, field_descriptions, schema_text, user_schema
from components.roster.users import EXTRA_TAGS_MAX, PRINCIPAL_KEYS, USER_KEYS, parse_user

USERS_DIR = PROJECT_DIR / "users"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../components/user.schema.json"


def test_committed_schema_is_schema_text():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "components/user.schema.json is stale: python -m components schema > components/user.schema.json"
    )


def test_schema_text_is_deterministic_json():
    assert schema_text() == schema_text()
    assert json.loads(schema_text()) == user_schema()
    assert schema_text().endswith("}\n")


def test_cli_prints_schema_text(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()


def test_schema_is_valid_2020_12():
    result = subprocess.run(
        [str(check_jsonschema_binary()), "--check-metaschema", str(SCHEMA_FILE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_describes_exactly_the_roster_keys():
    schema = user_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert tuple(schema["properties"]) == USER_KEYS
    principal = schema["properties"]["principal"]
    assert principal["additionalProperties"] is False
    assert tuple(principal["properties"]) == PRINCIPAL_KEYS
    assert schema["properties"]["tags"]["maxProperties"] == EXTRA_TAGS_MAX
    for key in USER_KEYS:
        assert schema["properties"][key]["description"] == field_descriptions()[key]
    for key in PRINCIPAL_KEYS:
        assert (
            principal["properties"][key]["description"] == field_descriptions()[f"principal.{key}"]
        )


def test_descriptions_use_the_readme_wording():
    """Each key's comment in docs/users.md's example file starts its description in the schema."""
    readme = (PROJECT_DIR / "docs" / "users.md").read_text(encoding="utf-8")
    example = readme.split("## The user file", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    comments = {}
    parents = []
    for line in example.splitlines():
        # A key commented out (one the example's kind does not take) still documents the key.
        match = re.fullmatch(r"( *)(?:# )?(\w+):.*?#\s*(.+)", line)
        if match:
            indent, key, comment = match.groups()
            parents = [*parents[: len(indent) // 2], key]
            comments[".".join(parents)] = comment.replace("`", "")
    assert set(comments) == set(field_descriptions()), "example keys vs schema keys"
    for key, comment in comments.items():
        description = field_descriptions()[key].replace("`", "")
        assert description.lower().startswith(comment.lower()), (key, comment, description)


def test_patterns_come_from_limits():
    properties = user_schema()["properties"]
    assert properties["id"]["pattern"] == limits.ID_PATTERN
    assert properties["profile_name"]["pattern"] == limits.ID_PATTERN
    assert properties["email"]["pattern"] == limits.EMAIL_PATTERN
    assert properties["execution_role_arn"]["pattern"] == limits.ROLE_ARN_PATTERN
    tags = properties["tags"]
    assert tags["propertyNames"]["pattern"] == limits.TAG_CHARSET_PATTERN
    assert tags["propertyNames"]["maxLength"] == limits.TAG_KEY_MAX
    assert tags["additionalProperties"]["maxLength"] == limits.TAG_VALUE_MAX


def test_reserved_key_patterns_follow_the_tag_key():
    reserved = user_schema("Team.Id")["properties"]["tags"]["propertyNames"]["not"]["anyOf"]
    (pattern,) = [
        r["pattern"] for r in reserved if r["description"] == "the access tag, set from id"
    ]
    assert pattern == r"^[tT][eE][aA][mM]\.[iI][dD]$"
    # The patterns that need no \p{..} class mean the same in Python.
    assert re.fullmatch(pattern, "TEAM.id")
    assert not re.fullmatch(pattern, "teamXid")
    assert "(Team.Id)" in user_schema("Team.Id")["properties"]["tags"]["description"]


def test_example_users_start_with_the_schema_comment_and_validate(schema_errors):
    files = sorted(USERS_DIR.glob("*.yaml"))
    assert files, "no example users"
    for path in files:
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENT, path
    assert schema_errors(files) == {}


#: name -> (file text, whether both the schema and the roster accept it)
AGREEMENT = {
    "minimal": ("id: alice\n", True),
    "full-role": (
        "id: alice\nemail: alice@example.com\nprofile_name: alice-2\n"
        "principal:\n  type: role\n  trusted:\n"
        "    - arn:aws:iam::123456789012:saml-provider/Corp\n"
        "    - arn:aws:iam::123456789012:role/Admins\n"
        "    - '123456789012'\n"
        "execution_role_arn: arn:aws:iam::123456789012:role/service-role/Exec\n"
        "tags: {team: nlp}\n",
        True,
    ),
    "explicit-user": ("id: alice\nprincipal: {type: user}\n", True),
    "empty-principal-and-tags": ("id: alice\nprincipal: {}\ntags: {}\n", True),
    "null-principal": ("id: alice\nprincipal:\n", False),
    "null-tags": ("id: alice\ntags:\n", False),
    "empty-email": ('id: alice\nemail: ""\n', False),
    "unicode-tags": ('id: alice\ntags:\n  équipe: "Zürich 東京 ٣"\n  empty: ""\n', True),
    "max-extra-tags": (
        "id: alice\ntags:\n" + "".join(f"  k{i}: v\n" for i in range(EXTRA_TAGS_MAX)),
        True,
    ),
    "longest-id": ("id: " + "a" * 63 + "\n", True),
    "longest-tag": (f"id: alice\ntags:\n  {'k' * 128}: {'v' * 256}\n", True),
    "unknown-key": ("id: alice\nemial: alice@example.com\n", False),
    "unknown-principal-key": ("id: alice\nprincipal: {type: user, trust: []}\n", False),
    "missing-id": ("email: alice@example.com\n", False),
    "bad-id": ("id: al_ice\n", False),
    "leading-hyphen": ("id: -alice\n", False),
    "id-64": ("id: " + "a" * 64 + "\n", False),
    "id-list": ("id: [alice]\n", False),
    "bad-profile": ("id: alice\nprofile_name: al.ice\n", False),
    "bad-email": ("id: alice\nemail: alice@\n", False),
    "bad-execution-role": ("id: alice\nexecution_role_arn: arn:aws:iam::1:role/X\n", False),
    "long-execution-role": (
        "id: alice\nexecution_role_arn: arn:aws:iam::123456789012:role/"
        + "x" * (ROLE_ARN_MAX - 30)
        + "\n",
        False,
    ),
    "role-without-trusted": ("id: alice\nprincipal: {type: role}\n", False),
    "role-empty-trusted": ("id: alice\nprincipal: {type: role, trusted: []}\n", False),
    "user-with-trusted": ("id: alice\nprincipal: {trusted: ['123456789012']}\n", False),
    "bad-trusted": (
        "id: alice\nprincipal: {type: role, trusted: [arn:aws:iam::1:group/X]}\n",
        False,
    ),
    "duplicate-trusted": (
        "id: alice\nprincipal: {type: role, trusted: ['123456789012', '123456789012']}\n",
        False,
    ),
    "bad-type": ("id: alice\nprincipal: {type: group}\n", False),
    "tags-list": ("id: alice\ntags: [team]\n", False),
    "tag-aws": ("id: alice\ntags: {'aws:team': x}\n", False),
    "tag-sagemaker": ("id: alice\ntags: {'SageMaker:user-profile-arn': x}\n", False),
    "tag-AWS": ("id: alice\ntags: {'AWS:team': x}\n", False),
    "tag-access-key": ("id: alice\ntags: {studiouserid: bob}\n", False),
    "tag-access-key-case": ("id: alice\ntags: {StudioUserID: bob}\n", False),
    "tag-email": ("id: alice\ntags: {Email: x}\n", False),
    "tag-value-257": (f"id: alice\ntags: {{team: {'v' * 257}}}\n", False),
    "tag-key-129": (f"id: alice\ntags: {{{'k' * 129}: v}}\n", False),
    "tag-value-char": ("id: alice\ntags: {team: 'a!b'}\n", False),
    "tag-key-char": ("id: alice\ntags: {'te#am': x}\n", False),
    "tag-value-number": ("id: alice\ntags: {cost-center: 4711}\n", True),
    "tag-value-list": ("id: alice\ntags: {team: [a]}\n", False),
    "too-many-tags": (
        "id: alice\ntags:\n" + "".join(f"  k{i}: v\n" for i in range(EXTRA_TAGS_MAX + 1)),
        False,
    ),
    "studio-every-key": (
        "id: alice\nteam: gpu\nstudio:\n  idle_timeout_minutes: 120\n"
        "  min_idle_timeout_minutes: '60'\n  max_idle_timeout_minutes: 525600\n"
        "  default_instance_type: ml.g5.xlarge\n  allowed_instance_types: [ml.g5.xlarge]\n"
        "  lifecycle_config_arns: [arn:aws:sagemaker:eu-west-1:123456789012:studio-lifecycle-config/a]\n"
        "  ebs_default_gb: 5\n  ebs_max_gb: 16384\n",
        True,
    ),
    "studio-per-app": (
        "id: alice\nstudio:\n  lifecycle_config_arns:\n    code_editor: []\n",
        True,
    ),
    "studio-idle-59": ("id: alice\nstudio: {idle_timeout_minutes: 59}\n", False),
    "studio-ebs-16385": ("id: alice\nstudio: {ebs_max_gb: 16385}\n", False),
    "studio-unknown-key": ("id: alice\nstudio: {idle: 120}\n", False),
    "studio-no-types": ("id: alice\nstudio: {allowed_instance_types: []}\n", False),
    "studio-bad-arn": (
        "id: alice\nstudio: {lifecycle_config_arns: [arn:aws:iam::123456789012:role/x]}\n",
        False,
    ),
    "studio-bad-app": ("id: alice\nstudio: {lifecycle_config_arns: {rstudio: []}}\n", False),
    "team-dotted": ("id: alice\nteam: gpu.large\n", False),
}


def test_schema_and_roster_agree(tmp_path, schema_errors):
    # One check-jsonschema run for every case; the roster reads each as users/<its id>.yaml.
    for name, (text, _) in AGREEMENT.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    refused = schema_errors(sorted(tmp_path.glob("*.yaml")))
    disagreements = []
    for name, (text, valid) in AGREEMENT.items():
        problems: list[Problem] = []
        stem = "a" * 63 if name == "longest-id" else "alice"
        spec = parse_user(f"users/{stem}.yaml", text.encode(), problems)
        schema_ok = f"{name}.yaml" not in refused
        if (spec is not None, schema_ok) != (valid, valid):
            disagreements.append(
                f"{name}: expected valid={valid}; roster: {[p.message for p in problems]}; "
                f"schema: {refused.get(f'{name}.yaml')}"
            )
    assert not disagreements, "\n".join(disagreements)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("id: alice\ncolour: blue\n", "'colour' was unexpected"),
        ("id: al_ice\n", "does not match"),
        ("id: alice\nprincipal:\n  type: role\n", "'trusted' is a required property"),
        ("id: alice\ntags:\n  aws:created-by: me\n", "should not be valid"),
    ],
    ids=["unknown-key", "bad-id", "role-without-trusted", "reserved-tag"],
)
def test_schema_rejects_bad_files_with_a_reason(tmp_path, schema_errors, text, fragment):
    path = tmp_path / "alice.yaml"
    path.write_text(f"{SCHEMA_COMMENT}\n{text}", encoding="utf-8")
    messages = schema_errors([path]).get("alice.yaml")
    assert messages, f"the schema accepted:\n{text}"
    assert any(fragment in m for m in messages), messages


def test_python_runs_the_cli_schema_command():
    result = subprocess.run(
        [sys.executable, "-m", "components", "schema"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
