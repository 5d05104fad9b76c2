"""``changes.lines``: the changed lines of every file, whatever git does to its name."""

from __future__ import annotations

from pathlib import Path

import pytest
from git_repo import git

from components.changes.lines import _unquote, changed_lines

#: Names git quotes (``"``, ``\\``, a tab, non-ASCII) or ends with a TAB (a space).
ODD_NAMES = [
    'q"q.yaml',
    "z ed.yaml",
    "back\\slash.yaml",
    "tab\there.yaml",
    "été.yaml",
    "plain.yaml",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    users = tmp_path / "users"
    users.mkdir()
    for name in ODD_NAMES:
        (users / name).write_text("a: 1\nb: 2\nc: 3\nd: 4\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    for name in ODD_NAMES:
        (users / name).write_text("a: 1\nb: 2\nc: 30\nd: 4\n")
    return tmp_path


@pytest.mark.parametrize("quote_path", ["true", "false"])
def test_every_edited_files_changed_line_is_found_however_git_writes_its_name(repo, quote_path):
    git(repo, "config", "core.quotePath", quote_path)
    changed = changed_lines("main", repo / "users")
    for name in ODD_NAMES:
        path = str(repo / "users" / name)
        assert changed.files[str(Path(path).resolve())] == frozenset({3}), name
        assert changed.touches(path, 3) and not changed.touches(path, 2), name


def test_git_quoting_is_read_back():
    assert _unquote('"b/users/q\\"q.yaml"') == 'b/users/q"q.yaml'
    assert _unquote("b/users/z ed.yaml\t") == "b/users/z ed.yaml"
    assert _unquote('"b/users/\\303\\251t\\303\\251.yaml"') == "b/users/été.yaml"
    assert _unquote('"b/users/tab\\there\\\\.yaml"') == "b/users/tab\there\\.yaml"
    assert _unquote("/dev/null") == "/dev/null"
