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
MODULE_LINES_MAX = 400
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


# The kinds of principal own everything about themselves: the floors above read a kind only
# through the registry (``components.kinds``) and the interface (``components.kinds.base``), and
# never branch on a kind's name or a federation variant's. Both lists come from the registry, so
# a new kind is held to this the day it is registered.

#: The stack settings that turn a kind's machinery on (``authMode: sso`` for Identity Center users,
#: ``federation`` and its variants): compared with a value only where they are defined
#: (``core.settings``) and in the kinds, which answer for them (``Kind.in_use``, ...).
KIND_MODES = {"auth_mode", "federation"}
#: Kind names that are also IAM's own words for its principals (``GetUser``, ``TagRole``): they
#: count only where they are compared with the roster's kind (``principal_type``,
#: ``principal.kind``), not where code reads IAM.
IAM_WORDS = {"user", "role"}


def _kind_packages() -> set[str]:
    """``components.kinds.<module or folder>`` of every registered kind."""
    from components.kinds import KINDS

    return {".".join(type(kind).__module__.split(".")[:3]) for kind in KINDS}


def _kind_names() -> set[str]:
    """Every kind's ``principal.type`` and every value of ``federation``."""
    from components.kinds import KINDS
    from components.kinds.federated import FEDERATIONS

    return {kind.name for kind in KINDS} | set(FEDERATIONS)


def _kind_neutral_modules() -> list[Path]:
    return [p for p in _modules() if _subpackage(p) != "kinds"]


def _strings(node: ast.AST) -> list[ast.Constant]:
    """The string constants of ``node``, itself or an element of a literal tuple, list or set."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [c for element in node.elts for c in _strings(element)]
    return []


def _reads_the_roster_kind(node: ast.AST) -> bool:
    """``….principal_type`` or ``….principal.kind``: the kind a user file names."""
    return isinstance(node, ast.Attribute) and (
        node.attr == "principal_type"
        or (
            node.attr == "kind"
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "principal"
        )
    )


def kind_name_branches(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    """``(line, name)`` where a kind's or variant's name is compared with something, tested for
    membership, a dict key or a ``match`` case (docstrings and messages are not branches)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            roster_kind = any(_reads_the_roster_kind(side) for side in sides)
            for side in sides:
                found += [
                    (c.lineno, c.value)
                    for c in _strings(side)
                    if c.value in names and (c.value not in IAM_WORDS or roster_kind)
                ]
        elif isinstance(node, ast.Dict):
            keys = [c for key in node.keys if key is not None for c in _strings(key)]
            found += [(c.lineno, c.value) for c in keys if c.value in names - IAM_WORDS]
        elif isinstance(node, ast.MatchValue):
            found += [(c.lineno, c.value) for c in _strings(node.value) if c.value in names]
    return found


def kind_mode_branches(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, setting)`` where a kind's stack setting (``settings.auth_mode``,
    ``settings.federation``) is compared with a constant: the kind's question to ask instead."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            constants = any(_strings(side) for side in sides)
            found += [
                (side.lineno, side.attr)
                for side in sides
                if constants
                and isinstance(side, ast.Attribute)
                and side.attr in KIND_MODES
                and isinstance(side.value, ast.Name)
                and side.value.id == "settings"
            ]
    return found


def kind_imports(path: Path, kind_packages: set[str]) -> list[str]:
    """The modules of a specific kind that ``path`` imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            imported += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return sorted(
        {m for m in imported if any(m == k or m.startswith(k + ".") for k in kind_packages)}
    )


def test_no_floor_above_the_kinds_imports_a_specific_kind():
    kind_packages = _kind_packages()
    assert "components.kinds.base" not in kind_packages
    found = {
        str(path.relative_to(PROJECT_DIR)): modules
        for path in _kind_neutral_modules()
        if (modules := kind_imports(path, kind_packages))
    }
    assert not found, f"read a kind through components.kinds (KINDS, kind_of): {found}"


def test_no_floor_above_the_kinds_branches_on_a_kind_name():
    names = _kind_names()
    found = {
        str(path.relative_to(PROJECT_DIR)): branches
        for path in _kind_neutral_modules()
        if (branches := kind_name_branches(ast.parse(path.read_text(encoding="utf-8")), names))
    }
    assert not found, f"ask the kind (a Kind attribute or method) instead: {found}"


def test_no_floor_above_the_kinds_branches_on_a_kind_mode():
    found = {
        str(path.relative_to(PROJECT_DIR)): branches
        for path in _kind_neutral_modules()
        if not path.is_relative_to(PACKAGE / "core" / "settings")
        and (branches := kind_mode_branches(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert not found, f"ask the kinds (in_use, binds_directory_users, ...) instead: {found}"


def test_the_kind_mode_scan_sees_what_it_must():
    code = (
        "if settings.auth_mode == 'sso': pass\n"
        "if settings.federation != 'saml': pass\n"
        "if settings.federation: pass\n"  # whether it is set: a setting, not a variant
        "if domain.auth_mode == 'SSO': pass\n"  # what AWS reports of a domain
    )
    assert kind_mode_branches(ast.parse(code)) == [(1, "auth_mode"), (2, "federation")]


def test_the_kind_name_scan_sees_what_it_must():
    """The scans above, on code that breaks the rule in each way they look for."""
    names = _kind_names()
    code = (
        "if user.principal_type == 'role': pass\n"
        "if settings.federation in ('saml', None): pass\n"
        "x = {'federated': 1}\n"
        "match settings.federation:\n"
        "    case 'identity-center': pass\n"
        "if found.kind == 'user': pass\n"  # IAM's word, not the roster's kind
        "def f():\n    '''user role saml'''\n"
    )
    assert kind_name_branches(ast.parse(code), names) == [
        (1, "role"),
        (2, "saml"),
        (3, "federated"),
        (5, "identity-center"),
    ]
    assert {"components.kinds.iam_user", "components.kinds.federated"} <= _kind_packages()
