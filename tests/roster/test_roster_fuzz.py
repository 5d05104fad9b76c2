"""Whatever a pull request puts in users/, the roster answers with problems, never a crash."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.core import limits
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.roster.users import (
    PRINCIPAL_KEYS,
    USER_KEYS,
    Roster,
    UserSpec,
    load_roster,
    parse_user,
)

LABEL = "users/alice.yaml"
TAG_KEY = "studiouserid"
FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NEAR_MISSES = ("Id", "ID", "idd", "e-mail", "Email", "profile-name", "profileName", "principals")
NEAR_MISSES += ("typ", "trust", "tag", "Tags", "execution_role", "studiouserid", "aws:x", "email")
SCALARS = (
    "alice",
    "Alice",
    "bob",
    "role",
    "user",
    "group",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "123",
    "0x1F",
    "1e3",
    "2024-01-01",
    ".inf",
    '""',
    "''",
    '"alice"',
    "'a''b'",
    "alice@example.com",
    "arn:aws:iam::123456789012:role/X",
    "arn:aws:iam::123456789012:saml-provider/Corp",
    "'123456789012'",
    "a!b",
    "é",
    "東京",
    "٣",
    "\u2028",
    "\u0085",
    "\ufeff",
    "\x00",
    "\x1b",
    "a" * 64,
    "v" * 257,
    "|",
    ">-",
    "!!str",
    "!!map",
    "!!seq",
    "!!binary",
    "!foo",
    "!!python/name:os.system",
)
SYNTAX = (
    ": ",
    ":",
    "\n",
    "\r\n",
    "  ",
    "    ",
    "\t",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "? ",
    "&a ",
    "*a",
    "&b",
    "*b ",
    "---\n",
    "...\n",
    "# c",
    "#",
    '"',
    "'",
    "\\",
    "%YAML 1.1\n",
    "<<: ",
    "!!str ",
    "!!map ",
    "!!seq ",
    "!!int ",
    "!local ",
)
FRAGMENTS = st.sampled_from(USER_KEYS + PRINCIPAL_KEYS + NEAR_MISSES + SCALARS + SYNTAX)
YAMLISH = st.lists(FRAGMENTS | st.text(max_size=6), max_size=60).map("".join)

# Structured documents reach the field rules, not only the parser.
LEAF = st.none() | st.booleans() | st.integers() | st.sampled_from(SCALARS) | st.text(max_size=20)
VALUE = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(PRINCIPAL_KEYS + NEAR_MISSES) | st.text(max_size=8), inner, max_size=4
        )
    ),
    max_leaves=12,
)
TRUSTED = st.sampled_from(
    (
        "123456789012",
        "arn:aws:iam::123456789012:root",
        "arn:aws:iam::123456789012:role/Admins",
        "arn:aws-cn:iam::123456789012:saml-provider/Corp",
    )
)
TAG_TEXT = st.text(
    st.characters(categories=("L", "N", "Zs")) | st.sampled_from("_.:/=+-@"), max_size=12
)
VALID_DOCUMENT = st.fixed_dictionaries(
    {"id": st.just("alice")},
    optional={
        "email": st.sampled_from(("alice@example.com", "a.b+c@mail.example.org")),
        "profile_name": st.sampled_from(("alice", "alice-2", "A1")),
        "principal": st.sampled_from(({}, {"type": "user"}))
        | st.fixed_dictionaries(
            {"type": st.just("role"), "trusted": st.lists(TRUSTED, min_size=1, unique=True)}
        ),
        "execution_role_arn": st.just("arn:aws:iam::123456789012:role/service-role/Exec"),
        "tags": st.dictionaries(TAG_TEXT.filter(bool), TAG_TEXT, max_size=6),
    },
)
BAD_VALUE = VALUE | st.sampled_from(
    (
        *("Alice", "al_ice", "alice\n", "alice@", "a.b", "x" * 64, "group", "role", [], {}, [""]),
        *("arn:aws:iam::123456789012:role/X\n", "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/X"),
        ["123456789012\n"],
    )
)
MUTATION_KEYS = st.sampled_from(USER_KEYS + NEAR_MISSES + ("principal.type", "principal.trusted"))
TAG_MUTATIONS = st.sampled_from(("aws:x", "Email", "StudioUserId", "k" * 129, "a!", "team"))


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    """A valid document with zero to three fields spoilt, so that every rule gets exercised."""
    document = draw(VALID_DOCUMENT)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(MUTATION_KEYS)
        if key.startswith("principal."):
            principal = document.get("principal")
            if not isinstance(principal, dict):
                principal = document["principal"] = {}
            principal[key.partition(".")[2]] = draw(BAD_VALUE)
        elif key == "tags" and draw(st.booleans()):
            tags = document.get("tags")
            if not isinstance(tags, dict):
                tags = document["tags"] = {}
            tags[draw(TAG_MUTATIONS)] = draw(st.sampled_from(("x", "v" * 257, "a!b", 4711)))
        else:
            document[key] = draw(BAD_VALUE)
    return document


DOCUMENT = documents()


def assert_parse_contract(data: bytes) -> None:
    """``parse_user`` returns a valid spec and no error (warnings allowed), or ``None`` and
    located errors."""
    problems: list[Problem] = [Problem("users/other.yaml", 1, 1, "earlier")]
    spec = parse_user(LABEL, data, problems, Settings(tag_key=TAG_KEY))
    new = problems[1:]
    if spec is not None:
        assert [p for p in new if p.severity == "error"] == [], new
        assert isinstance(spec, UserSpec)
        assert spec.id == "alice"
        assert limits.PROFILE_NAME_RE.match(spec.profile_name)
        assert spec.principal_type in ("user", "role")
        trusted = getattr(spec.principal, "trusted", ())
        assert bool(trusted) == (spec.principal_type == "role")
        assert len(spec.tags) <= limits.TAGS_PER_RESOURCE_MAX - 2
        assert all(limits.is_tag_text(k) and limits.is_tag_text(v) for k, v in spec.tags)
        # Independently of limits' regexes: AWS names and ARNs are ASCII without control characters.
        for value in (spec.profile_name, spec.email, spec.execution_role_arn, *trusted):
            assert value is None or (value.isascii() and value.isprintable()), value
        assert all(unicodedata.category(c)[0] != "C" for k, v in spec.tags for c in k + v)
    else:
        assert any(p.severity == "error" for p in new), "None without an error"
    for problem in new:
        assert problem.path == LABEL
        assert problem.line >= 0
        assert problem.column >= 0
        assert problem.severity in ("error", "warning")
        assert problem.message
        assert problem.message.isprintable(), problem.message


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_never_crash(data):
    assert_parse_contract(data)


@FUZZ
@given(YAMLISH)
def test_yamlish_text_never_crashes(text):
    assert_parse_contract(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(DOCUMENT, st.booleans())
def test_structured_documents_never_crash(document, flow):
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    assert_parse_contract(text.encode("utf-8", "surrogatepass"))


FILE_NAMES = st.sampled_from(
    (
        "alice.yaml",
        "Alice.yaml",
        "bob.yaml",
        "bob.yml",
        "carol.YAML",
        "x.txt",
        ".hidden.yaml",
        "a b.yaml",
        "é.yaml",
        ".yaml",
        "noext",
        "-x.yaml",
    )
)
CONTENT = (
    st.binary(max_size=200)
    | YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass"))
    | DOCUMENT.map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8", "surrogatepass"))
    | st.sampled_from((b"id: alice\n", b"id: Alice\n", b"id: bob\nprofile_name: alice\n"))
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(FILE_NAMES, CONTENT, max_size=5))
def test_load_roster_raises_only_input_error(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "users"
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content)
        try:
            roster = load_roster(folder)
        except InputError as error:
            assert error.errors
            problems = error.problems
        else:
            assert isinstance(roster, Roster)
            ids = [u.id.lower() for u in roster.users]
            assert len(ids) == len(set(ids))
            problems = list(roster.warnings)
        for problem in problems:
            # Each problem names a file of the folder, or the folder itself (e.g. it is empty).
            assert folder in (Path(problem.path), Path(problem.path).parent)
            assert problem.line >= 0


def test_ci_runs_the_property_tests_derandomized_without_an_example_database():
    ci = settings.get_profile("ci")
    assert ci.derandomize is True and ci.database is None
    assert settings.get_profile("dev").database is None
    assert FUZZ.derandomize == bool(os.environ.get("CI")), "the profile follows CI"


@pytest.mark.parametrize(
    "text",
    [
        b"id: !a%0Ab alice\n",  # a tag YAML decodes to a newline
        b"id: alice\ntags: !x%0Dy {a: b}\n",
        b"id: alice\nprincipal: !%1B%5B2J {type: user}\n",  # an escape sequence
    ],
)
def test_a_control_character_from_a_yaml_tag_is_escaped(text):
    problems: list[Problem] = []
    assert parse_user(LABEL, text, problems, Settings(tag_key=TAG_KEY)) is None
    assert problems and all(p.message.isprintable() for p in problems), problems
    assert any("\\n" in p.message or "\\r" in p.message or "\\x1b" in p.message for p in problems)


def test_every_problem_message_is_one_printable_line():
    problem = Problem("users/a\nb.yaml", 1, 1, "bad\rvalue\x1b[2J")
    assert problem.message == "bad\\rvalue\\x1b[2J" and problem.path == "users/a\\nb.yaml"
    assert str(problem).isprintable()
