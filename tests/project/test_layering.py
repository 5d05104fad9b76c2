"""The package's layering, read from the import statements themselves.

``components/__init__.py`` draws the picture; these tests keep it true: each subpackage imports
only the layers below it, only ``resources`` imports Pulumi, only ``account`` imports boto3, and
the CLI reaches the AWS commands lazily, so ``check`` never pays for (or needs) either SDK.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

PACKAGE = PROJECT_DIR / "components"

#: Subpackage -> the subpackages it may import: the floors, bottom up.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "kinds": {"core"},
    "roster": {"core", "kinds"},
    "changes": {"core", "kinds", "roster"},
    "lifecycle": {"core", "kinds", "roster", "changes"},
    "plan": {"core", "kinds", "roster"},
    "policies": {"core", "kinds"},
    "proof": {"core", "kinds", "roster", "policies"},
    "resources": {"core", "kinds", "roster", "plan", "policies"},
    "aws": {"core", "kinds", "roster", "changes", "lifecycle", "plan", "policies"},
    "meter": {"core", "kinds", "roster", "plan", "aws"},
    "activity": {"core", "kinds", "roster", "aws"},
    "cli": {
        "core",
        "kinds",
        "roster",
        "changes",
        "lifecycle",
        "plan",
        "policies",
        "proof",
        "aws",
        "meter",
        "activity",
    },
}
#: Third-party SDKs and the subpackages that may import each.
SDK_OWNERS = {
    "pulumi": {"resources"},
    "pulumi_aws": {"resources"},
    "boto3": {"aws", "meter"},
    "botocore": {"aws", "meter"},
}
#: Imported by the CLI only inside the functions of the commands that call AWS.
LAZY_ONLY = {"cli": {"aws", "meter", "activity"}}
#: A module of this size, or a function of this length, is a sign of more than one job.
MODULE_LINES_MAX = 600
FUNCTION_LINES_MAX = 80


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _subpackage(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(absolute module name, at module level) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["components", *path.relative_to(PACKAGE).parent.parts]
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if not node.module:
                    found += [(f"{module}.{a.name}", id(node) in top_level) for a in node.names]
                    continue
            else:
                module = node.module or ""
            found.append((module, id(node) in top_level))
    return found


def test_the_package_has_one_subpackage_per_concern():
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert subpackages <= set(ALLOWED)
    assert set(ALLOWED) == subpackages
    assert {p.name for p in PACKAGE.glob("*.py")} == {"__init__.py", "__main__.py"}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_imports_follow_the_layering(path: Path):
    own = _subpackage(path)
    allowed = ALLOWED.get(own, {"cli"})  # components/__main__.py runs the CLI
    for module, top_level in _imports(path):
        parts = module.split(".")
        if parts[0] == "components" and len(parts) > 1:
            target = parts[1]
            if target != own:
                assert target in allowed, f"{path.name} ({own}) imports {module}"
                if top_level:
                    assert target not in LAZY_ONLY.get(own, set()), (
                        f"{path.name} imports {module} at module level; import it in the command"
                    )
        elif parts[0] in SDK_OWNERS:
            assert own in SDK_OWNERS[parts[0]], f"{path.name} ({own}) imports {module}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_modules_and_functions_stay_small(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MODULE_LINES_MAX, (
        f"{path.name} has more than {MODULE_LINES_MAX} lines"
    )
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= FUNCTION_LINES_MAX, f"{path.name}: {node.name} is {length} lines"


def test_every_subpackage_says_its_job_and_what_it_may_import():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc.lower(), (
            f"{init} needs a docstring naming its job and its imports"
        )


def test_check_imports_neither_pulumi_nor_boto3():
    """Measured from the interpreter itself: ``python -X importtime -m components check``."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "components", "check"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line
    }
    assert "components.roster.users" in imported, "importtime output not understood"
    heavy = {m for m in imported if m.split(".")[0] in SDK_OWNERS}
    assert not heavy, f"check imported {sorted(heavy)}"


def _module_name(path: Path) -> str:
    parts = ["components", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_edges(path: Path, known: set[str]) -> set[str]:
    """The modules of ``components`` that ``path`` imports anywhere: at module level, inside a
    function, or for type checking only (a type is a dependency too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module)
    return {name for name in found if name in known}


def test_no_module_imports_itself_back():
    """One-way within each layer too: no chain of imports, even lazy or typing-only, returns to
    where it started (the kinds of principal, for one, describe a person as a protocol instead of
    importing the roster that reads them)."""
    modules = {_module_name(p): p for p in _modules()}
    edges = {name: _module_edges(path, set(modules)) - {name} for name, path in modules.items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(edges[name]):
            if state.get(target) == "open":
                cycle = [*trail[trail.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(modules):
        if name not in state:
            visit(name, [name])


def test_the_architecture_page_lists_every_floor_in_order():
    """docs/architecture.md, "Floors": one row per subpackage, bottom up, as ``ALLOWED`` has them."""
    text = (PROJECT_DIR / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Floors", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.split("|")[1].strip().strip("`")
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    assert rows == list(ALLOWED)
