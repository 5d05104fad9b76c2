"""Code and docs cite only what the repository holds: files that exist, sections that exist.

A reference to a file outside the repository, or to a section that was renamed, sends the next
reader nowhere; these tests read every committed text file for them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

TEXT_SUFFIXES = {".py", ".md", ".yml", ".yaml", ".toml", ".txt", ""}
#: A path of the repository as text cites it: ``components/roster/users.py``, ``docs/setup.md``.
REPO_PATH = re.compile(
    r"(?<![\w/.-])((?:components|tests|docs|benchmarks|\.github)/[\w./-]*\w\.(?:py|md|json|yml|yaml))"
)
#: ``docs/setup.md, "Run it from your machine"``, ``security.md, "Who is bound"``, ``README, "Quick start"``.
SECTION = re.compile(r"\b((?:docs/)?[\w-]+\.md|README)\)?,? (?:step \w+, )?\"([^\"\n]+)\"")


def committed() -> list[Path]:
    names = subprocess.run(
        ["git", "-C", str(PROJECT_DIR), "ls-files", "-z"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    paths = [PROJECT_DIR / name for name in names if name]
    return [p for p in paths if p.is_file() and p.suffix in TEXT_SUFFIXES and "lock" not in p.name]


FILES = committed()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_nothing_cites_a_file_outside_the_repository(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    # Spelled in pieces, so that this file does not cite them itself.
    for outside in ("DESIGN" + ".md", "/" + "work/", "shared" + "/", "Run it " + "for real"):
        assert outside not in text, f"{path.name} cites {outside!r}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_every_cited_repository_path_exists(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    for cited in REPO_PATH.findall(text):
        if "<" in cited or "*" in cited or "/ID." in cited:
            continue  # a placeholder: users/<id>.yaml, users/ID.yaml
        assert (PROJECT_DIR / cited).exists(), f"{path.name} cites {cited}, which does not exist"


def _headings(document: Path) -> list[str]:
    return [
        line.lstrip("#").strip().replace("`", "")
        for line in document.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_every_cited_section_exists(path):
    text = path.read_text(encoding="utf-8", errors="replace").replace("\n", " ")
    text = re.sub(r"\s+#*\s*", " ", text)  # comments wrap citations over lines
    for document, section in SECTION.findall(text):
        if document == "README":
            target = PROJECT_DIR / "README.md"
        else:
            target = PROJECT_DIR / (document if "/" in document else f"docs/{document}")
        assert target.is_file(), f"{path.name} cites {document}"
        headings = _headings(target)
        assert any(section in heading for heading in headings), (
            f"{path.name} cites {document}, {section!r}: no such section"
        )


def test_markdown_links_resolve():
    for document in [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]:
        for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", document.read_text("utf-8")):
            if link.startswith(("http://", "https://")):
                continue
            assert (document.parent / link).exists(), f"{document.name}: {link}"
