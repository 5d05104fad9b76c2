"""The roster: every rule of docs/users.md's key table, with the file, line and column it names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.core.yaml_source import MAX_FILE_BYTES
from components.kinds.iam_role import IamRolePrincipal
from components.kinds.iam_user import IamUserPrincipal
from components.roster.users import EXTRA_TAGS_MAX, UserSpec, load_roster, parse_user

SAML = "arn:aws:iam::123456789012:saml-provider/Corp"
ADMINS = "arn:aws:iam::123456789012:role/DataScienceAdmins"
EXEC = "arn:aws:iam::123456789012:role/service-role/AliceExec"


def parse(data: bytes | str, name: str = "alice", tag_key: str = "studiouserid"):
    """Parse one file's content as ``users/<name>.yaml``; return ``(spec, problems)``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    problems: list[Problem] = []
    return parse_user(f"users/{name}.yaml", data, problems, Settings(tag_key=tag_key)), problems


def write(folder: Path, files: dict[str, bytes | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return folder


def load_errors(folder: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_roster(folder)
    return caught.value.errors


# ---------------------------------------------------------------------------------------------
# Good files, parsed into the exact UserSpec

GOOD = {
    "iam-user": (
        "alice",
        "# yaml-language-server: $schema=../components/user.schema.json\n"
        "id: alice\nemail: alice@example.com\n",
        UserSpec(id="alice", profile_name="alice", email="alice@example.com"),
    ),
    "explicit-user": (
        "alice",
        "id: alice\nprincipal:\n  type: user\n",
        UserSpec(id="alice", profile_name="alice", principal=IamUserPrincipal()),
    ),
    "role-saml-and-roles": (
        "bob",
        f"id: bob\nprincipal:\n  type: role\n  trusted:\n    - {SAML}\n    - {ADMINS}\n"
        "    - '123456789012'\n    - arn:aws:iam::210987654321:root\n",
        UserSpec(
            id="bob",
            profile_name="bob",
            principal=IamRolePrincipal(
                (SAML, ADMINS, "123456789012", "arn:aws:iam::210987654321:root")
            ),
        ),
    ),
    "profile-name-override": (
        "carol-ng",
        "id: carol-ng\nprofile_name: carol\n",
        UserSpec(id="carol-ng", profile_name="carol"),
    ),
    "execution-role": (
        "alice",
        f"id: alice\nexecution_role_arn: {EXEC}\n",
        UserSpec(id="alice", profile_name="alice", execution_role_arn=EXEC),
    ),
    "extra-tags-sorted": (
        "alice",
        'id: alice\ntags:\n  team: nlp\n  cost-center: "4711"\n  Project: a/b=c+d@e:f_g.h\n',
        UserSpec(
            id="alice",
            profile_name="alice",
            tags=(("Project", "a/b=c+d@e:f_g.h"), ("cost-center", "4711"), ("team", "nlp")),
        ),
    ),
    "unicode-tags": (
        "alice",
        'id: alice\ntags:\n  équipe: "Zürich Ünïcode 東京 ٣"\n  note: ""\n',
        UserSpec(
            id="alice",
            profile_name="alice",
            tags=(("note", ""), ("équipe", "Zürich Ünïcode 東京 ٣")),
        ),
    ),
    "max-extra-tags": (
        "alice",
        "id: alice\ntags:\n" + "".join(f"  k{i:02}: v\n" for i in range(EXTRA_TAGS_MAX)),
        UserSpec(
            id="alice",
            profile_name="alice",
            tags=tuple((f"k{i:02}", "v") for i in range(EXTRA_TAGS_MAX)),
        ),
    ),
    "longest-id": ("a" * 63, f"id: {'a' * 63}\n", UserSpec(id="a" * 63, profile_name="a" * 63)),
    "digits-id-quoted": ("123", 'id: "123"\n', UserSpec(id="123", profile_name="123")),
    # Tag values and account ids are text to AWS: unquoted numbers and booleans keep their
    # spelling (leading zeros, trailing zeros, "yes") instead of YAML's reading of them.
    "unquoted-tag-values-and-account-id": (
        "carol",
        "id: carol\nprincipal: {type: role, trusted: [012345678901]}\n"
        "tags: {cost-center: 0815, version: 1.10, billable: yes, 2027: q1}\n",
        UserSpec(
            id="carol",
            profile_name="carol",
            principal=IamRolePrincipal(("012345678901",)),
            tags=(
                ("2027", "q1"),
                ("billable", "yes"),
                ("cost-center", "0815"),
                ("version", "1.10"),
            ),
        ),
    ),
    "flow-style": (
        "bob",
        f"{{id: bob, principal: {{type: role, trusted: [{SAML}]}}}}\n",
        UserSpec(id="bob", profile_name="bob", principal=IamRolePrincipal((SAML,))),
    ),
}


@pytest.mark.parametrize(("name", "text", "expected"), GOOD.values(), ids=GOOD.keys())
def test_good_file(name, text, expected):
    spec, problems = parse(text, name)
    assert [p for p in problems if p.severity == "error"] == []
    assert spec == expected


def test_bom_and_crlf_are_accepted():
    spec, problems = parse(b"\xef\xbb\xbfid: alice\r\nemail: alice@example.com\r\n")
    assert problems == []
    assert spec == UserSpec(id="alice", profile_name="alice", email="alice@example.com")


def test_spec_remembers_its_source_and_line():
    spec, _ = parse("# comment\n\nemail: alice@example.com\nid: alice\n")
    assert (spec.source, spec.source_line) == ("users/alice.yaml", 4)


def test_tags_put_email_and_access_tag_last_and_the_principal_names_its_profile():
    spec, _ = parse("id: alice\nemail: alice@example.com\nprofile_name: al\ntags: {team: nlp}\n")
    assert spec.profile_tags("studiouserid") == {
        "team": "nlp",
        "email": "alice@example.com",
        "studiouserid": "alice",
    }
    assert spec.principal_tags("studiouserid") == {
        **spec.profile_tags("studiouserid"),
        "studiouserid-profile": "al",
    }


def test_an_offboarded_profile_loses_the_access_tag_and_keeps_the_rest():
    spec, problems = parse(
        "id: alice\nemail: a@example.com\ntags: {team: nlp}\nstatus: offboarded\n"
    )
    assert not problems and not spec.active
    assert spec.profile_tags("studiouserid") == {"team": "nlp", "email": "a@example.com"}


def test_example_users_folder_loads():
    roster = load_roster(PROJECT_DIR / "users")
    assert [u.id for u in roster.users] == sorted(
        p.stem for p in (PROJECT_DIR / "users").glob("*.yaml")
    )
    assert {u.principal_type for u in roster.users} == {"user", "role"}
    [warning] = roster.warnings
    assert "guarded against members and notebooks only" in warning.message, (
        "the example's trusted role is where the guards protect it; only outsiders remain"
    )


@pytest.mark.parametrize(
    ("entry", "org_guard", "warning"),
    [
        ("arn:aws:iam::123456789012:role/Admins", True, "nobody guards the trust policy"),
        ("arn:aws:iam::123456789012:user/carol", False, "nobody guards the trust policy"),
        ("arn:aws:iam::123456789012:role/studio-access-trusted/Admins", False, "orgGuard"),
        ("arn:aws:iam::123456789012:role/studio-access-trusted/Admins", True, None),
        ("123456789012", True, "trusts every principal of the account"),
        ("arn:aws:iam::123456789012:root", False, "administrators outside the group included"),
        ("arn:aws:iam::123456789012:saml-provider/Corp", False, None),
    ],
)
def test_each_trusted_entry_says_who_else_becomes_the_member(entry, org_guard, warning):
    text = f"id: alice\nprincipal:\n  type: role\n  trusted:\n    - {entry}\n"
    problems: list[Problem] = []
    spec = parse_user("users/alice.yaml", text.encode(), problems, Settings(org_guard=org_guard))
    assert spec is not None, "a warning never refuses the file"
    if warning is None:
        assert problems == []
    else:
        [problem] = problems
        assert (problem.severity, problem.line, problem.column) == ("warning", 5, 7)
        assert warning in problem.message


# ---------------------------------------------------------------------------------------------
# Bad files: one row per rule. (file name, content, message substring, line, column or None)

TAGS_OVER = "id: alice\ntags:\n" + "".join(f"  k{i}: v\n" for i in range(EXTRA_TAGS_MAX + 1))

BAD = {
    "yaml-syntax": ("alice.yaml", "id: alice\nemail: [a\n", "YAML syntax error", 3, 1),
    "empty-file": ("alice.yaml", "", "file is empty", 1, 1),
    "comment-only": ("alice.yaml", "# just a comment\n# and another\n", "file is empty", 1, 1),
    "list-not-mapping": ("alice.yaml", "- id: alice\n", "must be a mapping", 1, 1),
    "scalar": (
        "alice.yaml",
        "alice\n",
        "must be a mapping such as 'id: alice', got a string",
        1,
        1,
    ),
    "several-documents": (
        "alice.yaml",
        "id: alice\n---\nid: bob\n",
        "only one YAML document per file",
        2,
        1,
    ),
    "duplicate-key": (
        "alice.yaml",
        "id: alice\nemail: a@example.com\nemail: b@example.com\n",
        "duplicate key 'email' (first set on line 2)",
        3,
        1,
    ),
    "anchor": ("alice.yaml", "id: &me alice\n", "anchors and aliases", 1, 5),
    "alias": ("alice.yaml", "id: alice\nprofile_name: *me\n", "anchors and aliases", 2, 15),
    "non-utf8": (
        "alice.yaml",
        b"id: alice\nemail: ali\xe7e@example.com\n",
        "not UTF-8 text (byte 0xe7)",
        2,
        11,
    ),
    "control-character": (
        "alice.yaml",
        "id: alice\nemail: a\x1b@example.com\n",
        "character U+001B is not allowed in a YAML file",
        2,
        9,
    ),
    "tab-indent": (
        "alice.yaml",
        "id: alice\nprincipal:\n\ttype: role\n",
        "tab character: indent YAML with spaces",
        3,
        1,
    ),
    "id-list": ("alice.yaml", "id: [alice]\n", "id must be a string, got a list", 1, 5),
    "id-number": ("123.yaml", "id: 123\n", 'got a number; quote it: id: "123"', 1, 5),
    "email-boolean": (
        "alice.yaml",
        "id: alice\nemail: yes\n",
        'email must be a string, got a boolean; quote it: email: "yes"',
        2,
        8,
    ),
    "misfit-tag": ("alice.yaml", "id: !!str [alice]\n", "!!str cannot mark a list", 1, 5),
    "unknown-key-near-miss": (
        "alice.yaml",
        "id: alice\nemial: alice@example.com\n",
        "unknown key 'emial' in the file; did you mean 'email'?",
        2,
        1,
    ),
    "unknown-key-far": (
        "alice.yaml",
        "id: alice\ncolour: blue\n",
        "unknown key 'colour' in the file; expected one of: id, email,",
        2,
        1,
    ),
    "unknown-key-in-principal": (
        "alice.yaml",
        "id: alice\nprincipal:\n  type: role\n  trusted: ['123456789012']\n  trustd: []\n",
        "unknown key 'trustd' in principal; did you mean 'trusted'?",
        5,
        3,
    ),
    "missing-id": ("alice.yaml", "email: alice@example.com\n", "missing required key 'id'", 1, 1),
    "id-not-file-name": (
        "alice.yaml",
        "id: bob\n",
        "id 'bob' must equal the file name: 'alice' (or rename the file to bob.yaml)",
        1,
        5,
    ),
    "id-64-characters": (
        "a" * 64 + ".yaml",
        f"id: {'a' * 64}\n",
        "must be 1-63 lowercase letters",
        1,
        5,
    ),
    "id-invalid-characters": (
        "al_ice.yaml",
        "id: al_ice\n",
        "'al_ice' must be 1-63 lowercase letters",
        1,
        5,
    ),
    "id-leading-hyphen": (
        "-alice.yaml",
        "id: -alice\n",
        "'-alice' must be 1-63 lowercase letters",
        1,
        5,
    ),
    "id-trailing-newline": (
        "alice.yaml",
        'id: "alice\\n"\n',
        "must be 1-63 lowercase letters",
        1,
        5,
    ),
    "profile-name-invalid": (
        "alice.yaml",
        "id: alice\nprofile_name: al.ice\n",
        "profile_name 'al.ice' must be 1-63 lowercase letters, digits and inner hyphens",
        2,
        15,
    ),
    "email-malformed": (
        "alice.yaml",
        "id: alice\nemail: alice@\n",
        "email 'alice@' is not an e-mail address",
        2,
        8,
    ),
    "execution-role-malformed": (
        "alice.yaml",
        "id: alice\nexecution_role_arn: arn:aws:iam::1234:role/X\n",
        "execution_role_arn 'arn:aws:iam::1234:role/X' is not an IAM role ARN",
        2,
        21,
    ),
    "execution-role-unicode-digits": (
        "alice.yaml",
        "id: alice\nexecution_role_arn: arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/X\n",
        "is not an IAM role ARN",
        2,
        21,
    ),
    "trusted-arn-malformed": (
        "alice.yaml",
        "id: alice\nprincipal:\n  type: role\n  trusted:\n    - arn:aws:iam::123456789012:group/X\n",
        "'arn:aws:iam::123456789012:group/X' is not a trusted principal",
        5,
        7,
    ),
    "trusted-listed-twice": (
        "alice.yaml",
        "id: alice\nprincipal:\n  type: role\n  trusted:\n    - '123456789012'\n    - '123456789012'\n",
        "listed twice in principal.trusted",
        6,
        7,
    ),
    "trusted-empty": (
        "alice.yaml",
        "id: alice\nprincipal:\n  type: role\n  trusted: []\n",
        "principal.trusted must list at least one principal",
        4,
        12,
    ),
    "role-without-trusted": (
        "alice.yaml",
        "id: alice\nprincipal:\n  type: role\n",
        "a role needs principal.trusted",
        3,
        3,
    ),
    "user-with-trusted": (
        "alice.yaml",
        "id: alice\nprincipal:\n  trusted: ['123456789012']\n",
        "principal.trusted applies to role principals only",
        3,
        3,
    ),
    "principal-type-invalid": (
        "alice.yaml",
        "id: alice\nprincipal:\n  type: group\n",
        "principal.type must be one of user, role, identity-center, federated, got 'group'",
        3,
        9,
    ),
    "principal-not-mapping": (
        "alice.yaml",
        "id: alice\nprincipal: role\n",
        "principal must be a mapping such as 'type: role', got a string",
        2,
        12,
    ),
    "principal-empty": (
        "alice.yaml",
        "id: alice\nprincipal:\n",
        "principal must be a mapping such as 'type: role', got empty",
        2,
        11,
    ),
    "tags-not-mapping": (
        "alice.yaml",
        "id: alice\ntags: [team, nlp]\n",
        "tags must be a mapping of key: value, got a list",
        2,
        7,
    ),
    "tag-key-aws": (
        "alice.yaml",
        "id: alice\ntags:\n  aws:created-by: me\n",
        "tag key 'aws:created-by': the 'aws:' prefix is reserved by AWS",
        3,
        3,
    ),
    "tag-key-AWS": (
        "alice.yaml",
        "id: alice\ntags:\n  AWS:team: x\n",
        "the 'aws:' prefix is reserved",
        3,
        3,
    ),
    "tag-key-sagemaker": (
        "alice.yaml",
        "id: alice\ntags:\n  SageMaker:user-profile-arn: x\n",
        "tag key 'SageMaker:user-profile-arn': the 'sagemaker:' prefix is reserved by AWS",
        3,
        3,
    ),
    "tag-key-access-tag": (
        "alice.yaml",
        "id: alice\ntags:\n  studiouserid: bob\n",
        "tag key 'studiouserid' is the access tag",
        3,
        3,
    ),
    "tag-key-access-tag-case": (
        "alice.yaml",
        "id: alice\ntags:\n  StudioUserID: bob\n",
        "tag key 'StudioUserID' is the access tag",
        3,
        3,
    ),
    "tag-key-email": (
        "alice.yaml",
        "id: alice\ntags:\n  email: x\n",
        "tag key 'email' is set from the email field",
        3,
        3,
    ),
    "tag-value-257": (
        "alice.yaml",
        f"id: alice\ntags:\n  team: {'v' * 257}\n",
        "tag 'team': value must be at most 256",
        3,
        9,
    ),
    "tag-key-129": (
        "alice.yaml",
        f"id: alice\ntags:\n  {'k' * 129}: v\n",
        "must be 1-128 letters, digits, spaces",
        3,
        3,
    ),
    "tag-value-forbidden-char": (
        "alice.yaml",
        "id: alice\ntags:\n  team: a!b\n",
        "tag 'team': value must be at most 256 letters, digits, spaces or _.:/=+-@",
        3,
        9,
    ),
    "tag-value-newline": (
        "alice.yaml",
        'id: alice\ntags:\n  team: "nlp\\n"\n',
        "tag 'team': value must be",
        3,
        9,
    ),
    "tag-value-empty": (
        "alice.yaml",
        "id: alice\ntags:\n  cost-center:\n",
        "the value of tag 'cost-center' is empty; write '' for an empty string",
        3,
        15,
    ),
    "tag-value-list": (
        "alice.yaml",
        "id: alice\ntags:\n  team: [a]\n",
        "the value of tag 'team' must be a single value, got a list",
        3,
        9,
    ),
    "tag-key-duplicate-case": (
        "alice.yaml",
        "id: alice\ntags:\n  team: a\n  Team: b\n",
        "duplicate tag key 'Team'",
        4,
        3,
    ),
    "too-many-tags": (
        "alice.yaml",
        TAGS_OVER,
        f"at most {EXTRA_TAGS_MAX} extra tags are allowed",
        3,
        3,
    ),
    "file-over-64KiB": (
        "alice.yaml",
        "id: alice\n" + "#" * MAX_FILE_BYTES,
        f"a user file is at most {MAX_FILE_BYTES}",
        0,
        None,
    ),
    "yml-extension": (
        "alice.yml",
        "id: alice\n",
        "user files must end in .yaml: rename it to alice.yaml",
        0,
        None,
    ),
    "YAML-extension": ("alice.YAML", "id: alice\n", "must end in .yaml", 0, None),
}


@pytest.mark.parametrize(
    ("file_name", "content", "message", "line", "column"), BAD.values(), ids=BAD.keys()
)
def test_bad_file(tmp_path, file_name, content, message, line, column):
    folder = write(tmp_path / "users", {file_name: content})
    errors = load_errors(folder)
    assert len(errors) == 1, errors
    [error] = errors
    assert message in error.message
    assert error.path == str(folder / file_name)
    assert error.line == line
    if column is not None:
        assert error.column == column
    rendered = str(error)
    assert rendered.startswith(f"{folder / file_name}:")
    assert f"error: {error.message}" in rendered


def test_parse_refuses_oversized_data_before_reading_it():
    spec, problems = parse(b"id: alice\n" + b"#" * MAX_FILE_BYTES)
    assert spec is None
    assert [(p.line, p.message) for p in problems] == [
        (0, f"file is {MAX_FILE_BYTES + 10} bytes; a user file is at most {MAX_FILE_BYTES}")
    ]


def test_custom_tag_key_is_reserved():
    spec, problems = parse("id: alice\ntags:\n  Team: x\n", tag_key="team")
    assert spec is None
    assert [p.message for p in problems] == [
        "tag key 'Team' is the access tag; it is set from id and cannot be overridden"
    ]
    assert parse("id: alice\ntags:\n  studiouserid: x\n", tag_key="team")[1] == []


def test_several_problems_in_one_file_are_all_reported():
    spec, problems = parse(
        "id: alice\nemial: x\nprofile_name: a.b\nprincipal: {type: role}\ntags: {aws:x: y}\n"
    )
    assert spec is None
    assert [(p.line, p.message.split(" ")[0]) for p in sorted(problems)] == [
        (2, "unknown"),
        (3, "profile_name"),
        (4, "a"),
        (5, "tag"),
    ]


def test_other_extensions_are_warnings_only(tmp_path):
    folder = write(
        tmp_path / "users", {"alice.yaml": "id: alice\n", "README.md": "# users\n", "notes": "x"}
    )
    roster = load_roster(folder)
    assert [u.id for u in roster.users] == ["alice"]
    assert [(w.path, w.severity) for w in roster.warnings] == [
        (str(folder / "README.md"), "warning"),
        (str(folder / "notes"), "warning"),
    ]
    assert all("only *.yaml files are user files" in w.message for w in roster.warnings)


def test_hidden_files_are_skipped(tmp_path):
    folder = write(tmp_path / "users", {"alice.yaml": "id: alice\n", ".alice.yaml.swp": b"\0"})
    assert load_roster(folder).warnings == ()


def test_subfolder_is_a_warning(tmp_path):
    folder = write(tmp_path / "users", {"alice.yaml": "id: alice\n"})
    write(folder / "archive", {"bob.yaml": "id: bob\n"})
    roster = load_roster(folder)
    assert [u.id for u in roster.users] == ["alice"]
    [warning] = roster.warnings
    assert (warning.path, warning.severity) == (str(folder / "archive"), "warning")
    assert "subfolders are not read" in warning.message


def test_symlink_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", {"bob.yaml": "id: bob\n"})
    folder = write(tmp_path / "users", {"alice.yaml": "id: alice\n"})
    (folder / "bob.yaml").symlink_to(outside / "bob.yaml")
    [error] = load_errors(folder)
    assert error.path == str(folder / "bob.yaml")
    assert "symbolic links are not allowed" in error.message


def test_missing_folder(tmp_path):
    [error] = load_errors(tmp_path / "nope")
    assert error.message == "users folder does not exist"


# ---------------------------------------------------------------------------------------------
# Across files


def test_ids_with_upper_case_are_refused_naming_the_lower_case_form(tmp_path):
    folder = write(tmp_path / "users", {"Alice.yaml": "id: Alice\n", "alice.yaml": "id: alice\n"})
    [error] = load_errors(folder)
    assert error.path == str(folder / "Alice.yaml")
    assert (error.line, error.column) == (1, 5)
    assert "write 'alice': SageMaker lower-cases some profile ARNs" in error.message


def test_profile_names_collide_explicit_against_default(tmp_path):
    folder = write(
        tmp_path / "users",
        {
            "carol.yaml": "id: carol\n",
            "carol-ng.yaml": "email: c@example.com\nid: carol-ng\nprofile_name: carol\n",
        },
    )
    [error] = load_errors(folder)
    assert error.path == str(folder / "carol.yaml")
    assert error.line == 1
    assert f"profile name 'carol' collides with 'carol' in {folder / 'carol-ng.yaml'}" in (
        error.message
    )


def test_a_profile_name_collision_is_reported_at_the_profile_name_key(tmp_path):
    folder = write(
        tmp_path / "users",
        {
            "carol.yaml": "id: carol\n",
            "eve.yaml": "# c\nid: eve\nemail: e@example.com\nprofile_name: carol\n",
        },
    )
    [error] = load_errors(folder)
    assert (error.path, error.line) == (str(folder / "eve.yaml"), 4), error
    assert "profile name 'carol' collides with 'carol'" in error.message


def test_profile_names_with_upper_case_are_refused(tmp_path):
    folder = write(
        tmp_path / "users",
        {"a.yaml": "id: a\nprofile_name: PowerUser\n", "b.yaml": "id: b\nprofile_name: shared\n"},
    )
    [error] = load_errors(folder)
    assert error.path == str(folder / "a.yaml")
    assert "profile_name 'PowerUser' must be 1-63 lowercase letters" in error.message
    assert "write 'poweruser'" in error.message


def test_every_bad_file_is_reported_in_one_run(tmp_path):
    folder = write(
        tmp_path / "users",
        {
            "alice.yaml": "id: alice\n",
            "bob.yaml": "id: bob\nemial: b@example.com\n",
            "carol.yaml": b"id: carol\nemail: \xff\n",
            "dave.yml": "id: dave\n",
            "erin.yaml": "id: erin\nprincipal: {type: role}\n",
            "frank.yaml": "id: &a frank\n",
            "notes.txt": "ignored\n",
        },
    )
    with pytest.raises(InputError) as caught:
        load_roster(folder)
    named = {Path(p.path).name for p in caught.value.errors}
    assert named == {"bob.yaml", "carol.yaml", "dave.yml", "erin.yaml", "frank.yaml"}
    warnings = [p for p in caught.value.problems if p.severity == "warning"]
    assert [Path(w.path).name for w in warnings] == ["notes.txt"]


# ---------------------------------------------------------------------------------------------
# The CLI, as CI runs it: never a traceback, always the file named


def run_check(users: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "components", "check", "--users", str(users)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def billion_laughs() -> str:
    lines = ['lol: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"lol{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "id: bomb\n" + "\n".join(lines) + "\n"


MALFORMED = {
    "syntax": ({"alice.yaml": "id: [alice\n"}, "alice.yaml", "YAML syntax error"),
    "binary": ({"alice.yaml": bytes(range(256))}, "alice.yaml", "not UTF-8"),
    "nul": ({"alice.yaml": b"id: alice\0\n"}, "alice.yaml", "character U+0000 is not allowed"),
    "documents": ({"alice.yaml": "id: alice\n---\n---\n"}, "alice.yaml", "one YAML document"),
    "duplicate-profile-names": (
        {"alice.yaml": "id: alice\nprofile_name: al\n", "al.yaml": "id: al\n"},
        "alice.yaml",
        "collides",
    ),
    "misfit-tag": ({"alice.yaml": "!!map alice\n"}, "alice.yaml", "!!map cannot mark"),
    "deep-nesting": ({"alice.yaml": "[" * 5000}, "alice.yaml", "YAML syntax error"),
    "python-tag": (
        {"alice.yaml": "id: !!python/object/apply:os.system ['echo pwned']\n"},
        "alice.yaml",
        "id must be a string",
    ),
    "huge": ({"alice.yaml": b"a" * (MAX_FILE_BYTES + 1)}, "alice.yaml", "at most 65536"),
    "alias-bomb": ({"bomb.yaml": billion_laughs()}, "bomb.yaml", "anchors and aliases"),
}


@pytest.mark.parametrize(("files", "culprit", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_check_cli_refuses_malformed_folder(tmp_path, files, culprit, message):
    folder = write(tmp_path / "users", files)
    result = run_check(folder)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert f"{folder / culprit}:" in result.stdout
    assert message in result.stdout
    assert "FAILED" in result.stdout


def test_check_cli_missing_folder(tmp_path):
    result = run_check(tmp_path / "missing")
    assert result.returncode == 1
    assert "users folder does not exist" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_cli_valid_folder(tmp_path):
    folder = tmp_path / "users"
    shutil.copytree(PROJECT_DIR / "users", folder)
    (folder / "README.md").write_text("notes\n", encoding="utf-8")
    result = run_check(folder)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    [warning] = [line for line in result.stdout.splitlines() if "README.md" in line]
    assert warning.startswith(f"{folder / 'README.md'}:")
    assert "warning: ignored: only *.yaml files are user files" in warning


@pytest.mark.skipif(os.name != "posix", reason="file names with undecodable bytes are POSIX-only")
def test_check_cli_undecodable_file_name(tmp_path):
    folder = tmp_path / "users"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"al\xffice.yaml"), "wb") as handle:
        handle.write(b"id: alice\n")
    result = run_check(folder)
    assert result.returncode == 1
    assert "al\\xffice.yaml" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_hidden_files_are_reported_as_ignored_and_gitkeep_is_silent(tmp_path):
    folder = tmp_path / "users"
    folder.mkdir()
    (folder / ".gitkeep").write_text("")
    (folder / ".alice.yaml").write_text("id: alice\n")
    roster = load_roster(folder)
    assert roster.users == ()
    assert [(p.path, p.message, p.severity) for p in roster.warnings] == [
        (str(folder / ".alice.yaml"), "ignored: hidden files are not read", "warning")
    ]


def test_an_empty_folder_is_ok_with_a_warning(tmp_path):
    roster = load_roster(tmp_path)
    assert roster.users == ()
    assert [p.message for p in roster.warnings] == ["no user files (*.yaml) found"]


_SCALARS = (
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "False",
    "0",
    "-1",
    "+7",
    "012",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1:30",
    "1.5",
    "-.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "6.02e+23",
    "2024-01-31",
    "2024-1-3 10:00:00",
    "2024-01-31T10:00:00Z",
    "=",
    "<<",
    "alice",
    "n/a",
    "Yes please",
    "0815",
    "1e3",
    "-x",
    "'quoted'",
    '"0x1F"',
    "!!str 12",
    "!!int '12'",
)


@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_composing_resolves_every_tag_as_the_safe_loader_does(loader):
    """The composing loader resolves tags itself: it must agree with PyYAML's on every scalar."""
    import yaml

    from components.core import yaml_source

    stock = yaml.CSafeLoader if loader == "libyaml" else yaml.SafeLoader
    ours = yaml_source._composing_loader(stock)
    assert ours is not stock

    def tags(node):
        if isinstance(node, yaml.ScalarNode):
            return (node.tag, node.value)
        if isinstance(node, yaml.SequenceNode):
            return (node.tag, [tags(item) for item in node.value])
        return (node.tag, [(tags(k), tags(v)) for k, v in node.value])

    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(_SCALARS))
    text += "list: [a, 1, ~, [b]]\nmap: {x: 1.0, 2: y}\n? [complex]\n: key\n"
    assert tags(yaml.compose(text, Loader=ours)) == tags(yaml.compose(text, Loader=stock))


def test_a_parsed_user_is_the_spec_its_fields_make():
    """``parse_user`` builds the spec without its ``__init__``: every field must still be set."""
    import dataclasses

    problems: list[Problem] = []
    text = b"id: alice\nemail: alice@example.com\ntags:\n  team: ml\n"
    user = parse_user("users/alice.yaml", text, problems)
    assert problems == [] and user is not None
    names = {f.name for f in dataclasses.fields(UserSpec)}
    assert set(vars(user)) == names
    rebuilt = UserSpec(**{name: getattr(user, name) for name in names})
    assert rebuilt == user and hash(rebuilt) == hash(user) and repr(rebuilt) == repr(user)
    assert rebuilt.key_lines == user.key_lines and rebuilt.source == user.source


def test_what_docs_users_md_says_of_encoding_and_tabs_is_what_is_accepted():
    """A byte-order mark and a tab inside a value are accepted, a tab as indentation is not; the
    doc says exactly that (it once said "without tabs" while both were accepted)."""
    doc = " ".join((PROJECT_DIR / "docs" / "users.md").read_text(encoding="utf-8").split())
    assert "UTF-8 (a leading byte-order mark is allowed)" in doc
    assert "tabs as indentation (a tab inside a value, as YAML allows, is kept)" in doc
    user, problems = parse("\ufeffid: alice\nreason: DS-42\tchurn\n")
    assert problems == [] and user.reason == "DS-42\tchurn"
    _, problems = parse("id: alice\ntags:\n\tteam: nlp\n")
    assert [p.message for p in problems] == ["tab character: indent YAML with spaces, not tabs"]
