"""``python -m components new-user``: writes a valid, commented file, or refuses and writes nothing."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
import yaml
from conftest import SCHEMA_FILE
from hypothesis import given, settings
from hypothesis import strategies as st

from components.cli.main import main
from components.core import limits
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.kinds.iam_role import IamRolePrincipal
from components.kinds.iam_user import IamUserPrincipal
from components.lifecycle.new_user import SCHEMA_COMMENT, Access, new_user_text, write_new_user
from components.roster.schema import field_descriptions
from components.roster.users import USER_KEYS, UserSpec, load_roster, parse_user

SAML = "arn:aws:iam::123456789012:saml-provider/Corp"


@pytest.fixture
def tmp_path(tmp_path_factory):
    """A folder inside a checkout of its own: new-user writes into a checkout only."""
    checkout = tmp_path_factory.mktemp("checkout")
    (checkout / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (checkout / "work").mkdir()
    return checkout / "work"


@pytest.fixture(autouse=True)
def in_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


ADMINS = "arn:aws:iam::123456789012:role/studio-access-trusted/DataScienceAdmins"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    return run_argv(capsys, "new-user", *argv)


def run_argv(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_a_user_file_the_roster_accepts(tmp_path, capsys):
    users = tmp_path / "users"
    code, out, err = run(capsys, "dave", "--users", str(users), "--email", "dave@example.com")
    assert (code, err) == (0, "")
    path = users / "dave.yaml"
    assert out == f"wrote {path}; review it, then open a pull request\n"
    assert load_roster(users).users == (
        UserSpec(id="dave", profile_name="dave", email="dave@example.com"),
    )


def test_role_with_two_trusted_principals(tmp_path, capsys):
    users = tmp_path / "users"
    code, _, err = run(
        capsys, "erin", "--users", str(users), "--role", "--trusted", SAML, "--trusted", ADMINS
    )
    assert code == 0
    assert (
        "warning: IAM role studio-access-trusted/DataScienceAdmins is guarded against members"
        in err
    )
    [spec] = load_roster(users).users
    assert spec == UserSpec(
        id="erin", profile_name="erin", principal=IamRolePrincipal((SAML, ADMINS))
    )


def test_a_trusted_role_nobody_guards_is_written_with_a_warning(tmp_path, capsys):
    users = tmp_path / "users"
    admins = "arn:aws:iam::123456789012:role/Admins"
    code, _, err = run(capsys, "erin", "--users", str(users), "--role", "--trusted", admins)
    assert code == 0
    assert f"{users / 'erin.yaml'}: warning: nobody guards the trust policy" in err
    assert (users / "erin.yaml").is_file()


def test_profile_name_and_missing_nested_folder(tmp_path, capsys):
    users = tmp_path / "a" / "b" / "users"
    code, _, _ = run(capsys, "carol-ng", "--users", str(users), "--profile-name", "carol")
    assert code == 0
    assert load_roster(users).users == (UserSpec(id="carol-ng", profile_name="carol"),)


@pytest.mark.parametrize("user_id", ["123", "yes", "no", "null", "1e3", "0x1f", "2024"])
def test_ids_yaml_would_misread_are_quoted(tmp_path, user_id):
    path = write_new_user(tmp_path, user_id, profile_name=user_id)
    assert f'id: "{user_id}"' in path.read_text(encoding="utf-8")
    assert [u.id for u in load_roster(tmp_path).users] == [user_id]


def test_generated_files_satisfy_the_schema(tmp_path, schema_errors):
    paths = [
        write_new_user(tmp_path, "alice"),
        write_new_user(tmp_path, "bob", email="bob@example.com", profile_name="bobby"),
        write_new_user(tmp_path, "carol", principal=IamRolePrincipal((SAML, "123456789012"))),
        write_new_user(tmp_path, "1e3"),
        write_new_user(tmp_path, "0x1f"),
        write_new_user(tmp_path, "123", profile_name="007"),
    ]
    assert schema_errors(paths) == {}
    assert len(load_roster(tmp_path).users) == len(paths)


def test_an_access_request_writes_team_reason_and_dates(tmp_path, capsys, schema_errors):
    users = tmp_path / "users"
    expires = (date.today() + timedelta(days=300)).isoformat()
    review = (date.today() + timedelta(days=120)).isoformat()
    code, _, err = run(
        capsys,
        "gina",
        "--users",
        str(users),
        "--reason",
        "Churn model: ticket DS-42",
        "--expires",
        expires,
        "--review-after",
        review,
    )
    assert (code, err) == (0, "")
    [spec] = load_roster(users).users
    assert spec.reason == "Churn model: ticket DS-42"
    assert (spec.expires.isoformat(), spec.review_after.isoformat()) == (expires, review)
    assert schema_errors([users / "gina.yaml"]) == {}


def test_text_with_access_only_writes_what_is_given():
    text = new_user_text("gina", access=Access(reason="DS-42", expires="2031-06-30"))
    assert yaml.safe_load(text) == {"id": "gina", "reason": "DS-42", "expires": "2031-06-30"}
    assert "# review_after: YYYY-MM-DD" in text.splitlines()
    assert "# team: gpu" in text.splitlines()
    with_team = new_user_text("gina", access=Access(team="gpu"))
    assert yaml.safe_load(with_team) == {"id": "gina", "team": "gpu"}


def test_refuses_an_existing_file_and_keeps_it(tmp_path, capsys):
    (tmp_path / "dave.yaml").write_text("id: dave\nemail: old@example.com\n", encoding="utf-8")
    code, out, err = run(capsys, "dave", "--users", str(tmp_path), "--email", "new@example.com")
    assert (code, out) == (1, "")
    assert f"user 'dave' already exists: {tmp_path / 'dave.yaml'}" in err
    assert "Traceback" not in err
    assert (tmp_path / "dave.yaml").read_text(encoding="utf-8") == (
        "id: dave\nemail: old@example.com\n"
    )


@pytest.mark.parametrize(
    ("existing", "note"),
    [("Dave.yaml", " (ignoring case"), ("DAVE.yml", " (ignoring case"), ("dave.YAML", ":")],
)
def test_refuses_an_id_that_collides_ignoring_case(tmp_path, capsys, existing, note):
    (tmp_path / existing).write_text("id: whatever\n", encoding="utf-8")
    code, _, err = run(capsys, "dave", "--users", str(tmp_path))
    assert code == 1
    assert f"user 'dave' already exists{note}" in err
    assert str(tmp_path / existing) in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]


def test_refuses_a_profile_name_another_user_holds(tmp_path, capsys):
    (tmp_path / "carol-ng.yaml").write_text("id: carol-ng\nprofile_name: carol\n", encoding="utf-8")
    code, _, err = run(capsys, "carol", "--users", str(tmp_path))
    assert code == 1
    assert "profile name 'carol' is taken by 'carol-ng'" in err
    assert not (tmp_path / "carol.yaml").exists()


@pytest.mark.parametrize(
    "user_id",
    ["-dave", "dave-", "da_ve", "da.ve", "../evil", "a/b", "a" * 64, "dave\n", "dävé", " "],
)
def test_refuses_an_invalid_id(tmp_path, capsys, user_id):
    code = main(["new-user", "--users", str(tmp_path / "users"), "--", user_id])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert f"id {user_id!r} must be 1-63 lowercase letters, digits and inner hyphens" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_refuses_an_empty_id(tmp_path, capsys):
    code, _, err = run(capsys, "", "--users", str(tmp_path))
    assert code == 1
    assert "id '' must be 1-63 lowercase letters" in err


@pytest.mark.parametrize("user_id", ["Zed", "a" * 64])
def test_refuses_an_invalid_id_in_checks_words(tmp_path, capsys, user_id):
    """One wording of the id rule: the person who runs new-user reads what check would say."""
    folder = tmp_path / "users"
    code, _, err = run(capsys, user_id, "--users", str(folder))
    checked: list[Problem] = []
    parse_user(f"{folder}/{user_id}.yaml", f"id: {user_id}\n".encode(), checked)
    [problem] = checked
    assert code == 1
    assert err.strip() == str(dataclasses.replace(problem, line=0, column=0)), err
    assert not folder.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--email", "dave@"], "email 'dave@' is not an e-mail address"),
        (["--email", "dave@example.com\n"], "is not an e-mail address"),
        (["--profile-name", "da.ve"], "profile_name 'da.ve' must be 1-63 lowercase letters"),
        (["--role", "--trusted", "arn:aws:iam::1:role/X"], "is not a trusted principal"),
        (["--role", "--trusted", SAML, "--trusted", SAML], "is listed twice in principal.trusted"),
        (["--role", "--trusted", "*"], "'*' is not a trusted principal"),
        (["--expires", "30/06/2031"], "expires '30/06/2031' is not a date in the form YYYY-MM-DD"),
        (["--review-after", "2031-02-30"], "review_after '2031-02-30' is not a day of the"),
        (["--reason", " "], "reason is empty"),
        (["--team", "nlp!"], "team"),
    ],
    ids=[
        "email",
        "email-newline",
        "profile-name",
        "bad-arn",
        "twice",
        "star",
        "expires",
        "review-after",
        "reason",
        "team",
    ],
)
def test_refuses_invalid_values_and_writes_nothing(tmp_path, capsys, argv, message):
    code, out, err = run(capsys, "dave", "--users", str(tmp_path / "users"), *argv)
    assert (code, out) == (1, "")
    assert message in err
    assert str(tmp_path / "users" / "dave.yaml") in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_trusted_takes_one_value_so_it_never_swallows_the_id(tmp_path, capsys):
    """``new-user --role --trusted ARN ID``: the id after the ARN is the id, not a second ARN."""
    users = tmp_path / "users"
    code, _, err = run_argv(
        capsys, "new-user", "--users", str(users), "--role", "--trusted", SAML, "erin"
    )
    assert (code, err) == (0, "")
    assert load_roster(users).users[0].principal.trusted == (SAML,)


def test_trusted_without_role_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, "dave", "--users", str(tmp_path), "--trusted", SAML)
    assert (code, out) == (2, "")
    assert "--trusted needs --role" in err
    assert list(tmp_path.iterdir()) == []


def test_a_role_without_trusted_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, "dave", "--users", str(tmp_path), "--role")
    assert (code, out) == (2, "")
    assert "--role needs --trusted" in err
    assert list(tmp_path.iterdir()) == []


def test_missing_id_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["new-user"])
    assert caught.value.code == 2


def test_function_refuses_when_the_folder_is_a_file(tmp_path):
    (tmp_path / "users").write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        write_new_user(tmp_path / "users", "dave")
    [problem] = caught.value.problems
    assert problem.path == str(tmp_path / "users")
    assert "cannot create the users folder" in problem.message


def test_text_explains_every_key_and_comments_out_the_unused_ones():
    text = new_user_text("dave")
    lines = text.splitlines()
    assert lines[0] == SCHEMA_COMMENT
    assert SCHEMA_FILE.name in lines[0]
    assert yaml.safe_load(text) == {"id": "dave"}
    for key in USER_KEYS:
        assert f"# {key}: {field_descriptions()[key]}"[:60] in text, key
    assert not any(line.startswith(USER_KEYS[1:]) for line in lines)
    assert "# email: dave@example.com" in lines
    assert "# profile_name: dave" in lines
    assert f"#     - {SAML}" in lines
    assert "# tags:" in lines
    assert all(len(line) <= 100 for line in lines)
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_text_with_every_option():
    text = new_user_text(
        "dave",
        email="dave@example.com",
        profile_name="dave-2",
        principal=IamRolePrincipal((SAML, ADMINS)),
        settings=Settings(tag_key="team-id"),
    )
    assert yaml.safe_load(text) == {
        "id": "dave",
        "email": "dave@example.com",
        "profile_name": "dave-2",
        "principal": {"type": "role", "trusted": [SAML, ADMINS]},
    }
    assert "email: dave@example.com" in text.splitlines()
    assert "# email: dave@example.com" not in text
    assert "# profile_name: dave" not in text
    assert "# principal:" not in text.splitlines()
    assert "(team-id)" in text
    assert "studiouserid" not in text


@settings(max_examples=60, deadline=None)
@given(
    user_id=st.from_regex(r"[a-z0-9](-*[a-z0-9]){0,20}", fullmatch=True),
    role=st.booleans(),
)
def test_any_valid_id_gives_a_file_that_parses_to_it(user_id, role):
    principal = IamRolePrincipal((SAML,)) if role else IamUserPrincipal()
    text = new_user_text(user_id, principal=principal)
    problems: list[Problem] = []
    spec = parse_user(f"users/{user_id}.yaml", text.encode(), problems)
    assert problems == []
    assert spec == UserSpec(id=user_id, profile_name=user_id, principal=principal)
    assert limits.ID_RE.match(spec.id)


def test_new_user_follows_the_stacks_users_dir_and_repeated_trusted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(
        "config:\n  studio-access:usersDir: people\n  studio-access:domainId: d-abc\n"
        "  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/Exec\n"
    )
    code = main(
        [
            "new-user",
            "zed",
            "--stack",
            "dev",
            "--role",
            "--trusted",
            "arn:aws:iam::123456789012:role/Admins",
            "--trusted",
            "111122223333",
        ]
    )
    assert code == 0
    spec = load_roster(tmp_path / "people").users[0]
    assert spec.principal.trusted == ("arn:aws:iam::123456789012:role/Admins", "111122223333")
