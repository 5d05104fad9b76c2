"""docs/architecture.md, "Adding a kind": the files a new kind touches, and only those.

The list is read from the page itself. Every path it names exists (``<kind>`` stands for each
registered kind's module or folder), and no file outside ``components/kinds/``, ``tests/`` and
the list enumerates the kinds' names: a file that did would need a new line for every new kind.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT_DIR

from components.kinds import KINDS

PAGE = PROJECT_DIR / "docs" / "architecture.md"
#: Text the project is written in; generated and third-party folders are not the project's.
TEXT_SUFFIXES = {".py", ".md", ".yml", ".yaml", ".json", ".toml", ".sh", ".cfg", ".txt"}
SKIPPED = {".git", "venv", ".venv", "node_modules", "__pycache__", ".hypothesis", ".pytest_cache"}


def listed() -> list[str]:
    """The paths of the section's bullets, as written (``components/kinds/<kind>.py``, …)."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("\n## Adding a kind\n", 1)[1].split("\n## ", 1)[0]
    bullets = re.findall(r"^\* (.*?)(?=^\* |\Z)", section, re.S | re.M)
    paths = []
    for bullet in bullets:
        head = bullet.split(":", 1)[0]
        paths += [p for p in re.findall(r"`([^`\s]+)`", head) if "/" in p]
    return paths


def kind_paths() -> dict[str, str]:
    """Each registered kind's name -> its module or folder under ``components/kinds/``."""
    found = {}
    for kind in KINDS:
        parts = type(kind).__module__.split(".")
        folder = PROJECT_DIR.joinpath(*parts[:3])
        found[kind.name] = parts[2] if folder.is_dir() else f"{parts[2]}.py"
    return found


def enumerates_every_kind(text: str) -> bool:
    """Whether ``text`` names every kind as a token: quoted, in backticks, or between ``|``."""

    def named(name: str) -> bool:
        word = re.escape(name)
        return bool(
            re.search(rf"[`'\"]{word}[`'\"]", text)
            or re.search(rf"(?<![\w-]){word}\s*\|", text)
            or re.search(rf"\|\s*{word}(?![\w-])", text)
        )

    return all(named(kind.name) for kind in KINDS)


def project_files() -> list[Path]:
    return [
        p
        for p in PROJECT_DIR.rglob("*")
        if p.is_file()
        and p.suffix in TEXT_SUFFIXES
        and not SKIPPED & set(p.relative_to(PROJECT_DIR).parts)
    ]


def test_the_section_lists_the_module_the_registry_the_tests_and_the_docs_row():
    paths = listed()
    for needed in (
        "components/kinds/<kind>.py",
        "components/kinds/__init__.py",
        "tests/kinds/test_contract.py",
        "docs/users.md",
    ):
        assert needed in paths, f"docs/architecture.md, Adding a kind: {needed}"


def test_every_listed_file_exists():
    for path in listed():
        if "<kind>" in path:
            continue
        assert (PROJECT_DIR / path).exists(), f"docs/architecture.md, Adding a kind: {path}"
    patterns = [p for p in listed() if "<kind>" in p]
    for name, where in kind_paths().items():
        shapes = {p.replace("<kind>", where.removesuffix(".py")).rstrip("/") for p in patterns}
        assert f"components/kinds/{where}" in shapes, f"{name}: {where} is not where the list says"
        assert (PROJECT_DIR / "components" / "kinds" / where).exists()


def test_no_other_file_lists_the_kinds():
    allowed = {p for p in listed() if "<kind>" not in p}
    found = []
    for path in project_files():
        relative = path.relative_to(PROJECT_DIR).as_posix()
        if relative.startswith(("components/kinds/", "tests/")) or relative in allowed:
            continue
        if enumerates_every_kind(path.read_text(encoding="utf-8", errors="replace")):
            found.append(relative)
    assert not found, f"add these to docs/architecture.md, Adding a kind, or ask KINDS: {found}"


def test_the_scan_sees_an_enumeration():
    names = [kind.name for kind in KINDS]
    assert enumerates_every_kind(" | ".join(names))
    assert enumerates_every_kind(repr(tuple(names)))
    assert not enumerates_every_kind(" ".join(names[1:]))
