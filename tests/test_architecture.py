"""Architecture rules, checked on the source.

Imports run one way (``steps → ui → core``), nothing imports in a circle, ``core``'s packages
are layers in lifecycle order and are reached only through their public API, each package's
``__init__`` names that API, no ``core`` module grows past :data:`MAX_CORE_MODULE_LINES`;
and, as before, core is headless, pages are thin, nothing unpickles and nothing renders raw
HTML.

Every import counts, including one inside a function: an import hidden in a function body is
exactly how a cycle goes unnoticed. Each checker is a function of a root folder, so the tests
in the first section can feed it a small synthetic tree that breaks its rule and watch it
report the break.
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_PAGE_LINES = 160
MAX_CORE_MODULE_LINES = 800
UNPICKLERS = {"pickle", "cPickle", "_pickle", "joblib", "cloudpickle", "dill", "shelve"}
LOADERS = {"load", "loads", "Unpickler"}

# The one statement of the lifecycle order: a core package builds only on those before it.
CORE_PACKAGES = ("data", "understand", "prepare", "model", "evaluate", "deliver", "learn", "cli")
# The spine: importable from every package, and itself importing no package.
SPINE = ("recipe", "recipe_constraints", "errors")
# Who may import whom: a module imports only from its own tier or the ones below it.
TIERS = {"core": 0, "ui": 1, "steps": 2, "app": 3}
SCANNED = ("core", "ui", "steps", "app.py")


# ---------------------------------------------------------------------------------------------
# Reading the tree: modules and every import they make
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One imported module, as written and as resolved to a module of the scanned tree."""

    path: Path
    line: int
    importer: str
    written: str
    target: str | None  # the scanned module it reaches, or None for third-party code

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root)}:{self.line}: {self.importer} imports {self.written}"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    """Every scanned module of the tree under ``root``, by dotted name."""
    found: dict[str, Path] = {}
    for part in SCANNED:
        path = root / part
        paths = [path] if path.is_file() else sorted(path.rglob("*.py")) if path.is_dir() else []
        for file in paths:
            found[_module_name(file, root)] = file
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a scanned module (``a.b.f`` → ``a.b``)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in known:
            return prefix
    return None


def _base(node: ast.ImportFrom, importer: str, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = importer.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


@functools.cache
def _own_names(package: str, init: Path | None) -> frozenset[str]:
    """Names a package's ``__init__`` binds to something other than its submodule of that name
    (``core.learn`` re-exports the function ``playground`` over the module ``playground``)."""
    if init is None or init.name != "__init__.py":
        return frozenset()
    names = set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            if node.module != package and not (node.level and not node.module):
                names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return frozenset(names)


def imports(root: Path) -> Iterator[Import]:
    """Every import in every scanned module, at any depth (inside functions too).

    ``import a.b`` and ``from a.b import c`` reach ``a.b``, or ``a.b.c`` when ``c`` is itself a
    module. No implicit "module → its parent package" edge: Python initialises a package before
    its modules, so that edge never closes a cycle.
    """
    known = modules(root)
    for importer, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(
                        path, node.lineno, importer, alias.name, _resolve(alias.name, known)
                    )
            elif isinstance(node, ast.ImportFrom):
                base = _base(node, importer, path)
                reached = {}  # one record per module reached, not per name imported
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    if full in known and alias.name not in _own_names(base, known.get(base)):
                        reached[full] = full
                    else:
                        reached[base] = _resolve(base, known)
                for written, target in reached.items():
                    yield Import(path, node.lineno, importer, written, target)


# ---------------------------------------------------------------------------------------------
# The checkers: each takes a root folder and returns what breaks its rule
# ---------------------------------------------------------------------------------------------


def _tier(module: str) -> int | None:
    return TIERS.get(module.split(".")[0])


def wrong_way_imports(root: Path) -> list[str]:
    """Imports that run up ``core → ui → steps → app``: core never imports ui or steps, ui
    never imports steps, and nothing imports app."""
    found = []
    for imp in imports(root):
        own, theirs = _tier(imp.importer), _tier(imp.written)
        if own is not None and theirs is not None and theirs > own:
            found.append(imp.where(root))
    return found


def import_cycles(root: Path) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = {name: set() for name in modules(root)}
    for imp in imports(root):
        if imp.target is not None and imp.target != imp.importer:
            graph[imp.importer].add(imp.target)

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return sorted(components)


def _core_rank(module: str) -> int | None:
    """A core module's place in the lifecycle: -1 for the spine, the package's index, or None
    for what is neither (``core`` itself, ``core.__main__``)."""
    parts = module.split(".")
    if parts[0] != "core" or len(parts) < 2:
        return None
    if parts[1] in SPINE:
        return -1
    return CORE_PACKAGES.index(parts[1]) if parts[1] in CORE_PACKAGES else None


def layer_violations(root: Path) -> list[str]:
    """Core imports that skip ahead in the lifecycle: the spine imports no package, and a module
    of package *i* of :data:`CORE_PACKAGES` imports only packages ≤ *i* and the spine."""
    found = []
    for imp in imports(root):
        own = _core_rank(imp.importer)
        if own is None or imp.target is None:
            continue
        theirs = _core_rank(imp.target)
        skips_ahead = theirs is not None and theirs > own
        spine_needs_more = own == -1 and theirs is None
        if imp.target == "core" or skips_ahead or spine_needs_more:
            found.append(imp.where(root))
    return found


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "core" and len(parts) >= 2 else None


def private_reaches(root: Path, packages: set[str] | None = None) -> list[str]:
    """Imports from outside ``core/<pkg>/`` that name ``core.<pkg>.<module>`` instead of the
    package's public front door ``core.<pkg>``."""
    known = modules(root)
    packages = packages or {m for m, p in known.items() if p.name == "__init__.py"} - {"core"}
    found = []
    for imp in imports(root):
        if imp.target is None or imp.target.count(".") < 2:
            continue
        package = _package_of(imp.target)
        if package in packages and _package_of(imp.importer) != package:
            found.append(imp.where(root))
    return found


def _literal_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:  # __all__: list[str] = []
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return list(ast.literal_eval(node.value))
    return None


def _bound_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _all_order(name: str) -> tuple[int, list[str | int]]:
    """The order ruff's RUF022 keeps ``__all__`` in (isort style): CONSTANTS, then Classes,
    then everything else, each in natural order (``a2`` before ``a10``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def public_api_problems(root: Path) -> list[str]:
    """Each ``core`` package's ``__init__`` (subpackages' too): ``__all__`` exists, is sorted,
    every name in it resolves, and it re-exports every name of every public module's (or public
    subpackage's) ``__all__``."""
    found = []
    for init in sorted((root / "core").rglob("__init__.py")):
        package = init.parent
        if package == root / "core":
            continue  # core itself only maps its packages; it re-exports nothing
        where = init.relative_to(root)
        tree = ast.parse(init.read_text(encoding="utf-8"))
        names = _literal_all(tree)
        if names is None:
            found.append(f"{where}: no __all__")
            continue
        if names != sorted(names, key=_all_order):
            found.append(f"{where}: __all__ is not sorted")
        bound = _bound_names(tree)
        found += [
            f"{where}: __all__ names {n!r}, which it never binds" for n in names if n not in bound
        ]
        members = [*package.glob("*.py"), *package.glob("*/__init__.py")]
        for module in sorted(members):
            name = module.parent.name if module.name == "__init__.py" else module.name
            if name.startswith("_"):
                continue
            exported = _literal_all(ast.parse(module.read_text(encoding="utf-8")))
            if exported is None:
                if module.name != "__init__.py":  # a subpackage reports that itself
                    found.append(f"{module.relative_to(root)}: public module without __all__")
                continue
            found += [
                f"{where}: does not re-export {public!r} from {name}"
                for public in exported
                if public not in names
            ]
    return found


def oversized_core_modules(root: Path, limit: int = MAX_CORE_MODULE_LINES) -> list[str]:
    """``core`` modules longer than ``limit`` lines, with their length."""
    found = []
    for path in sorted((root / "core").rglob("*.py")):
        n_lines = len(path.read_text(encoding="utf-8").splitlines())
        if n_lines > limit:
            found.append(f"{path.relative_to(root)} ({n_lines} lines)")
    return found


def _imports(tree: ast.Module, package: str) -> bool:
    """Whether ``tree`` imports ``package`` or one of its modules anywhere (also in functions)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        if any(n == package or n.startswith(package + ".") for n in names):
            return True
    return False


def _unpickling_calls(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNPICKLERS:
            found += [
                f"from {node.module} import {a.name}" for a in node.names if a.name in LOADERS
            ]
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func = node.func
        if func.attr == "read_pickle":
            found.append("read_pickle(...)")
        elif (
            func.attr in LOADERS
            and isinstance(func.value, ast.Name)
            and func.value.id in UNPICKLERS
        ):
            found.append(f"{func.value.id}.{func.attr}(...)")
    return found


def _raw_html_calls(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            ):
                found.append("unsafe_allow_html")
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "html"
            and isinstance(func.value, ast.Name)
            and func.value.id == "st"
        ):
            found.append("st.html(...)")
    return found


def _tree(source: str | Path) -> ast.Module:
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    return ast.parse(text)


def _files(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = ROOT / part
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return found


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


CORE = _files("core")
UI = _files("ui")
PAGES = _files("steps")
FRONT = _files("steps", "ui", "app.py")
EVERYTHING = _files(*SCANNED)


# ---------------------------------------------------------------------------------------------
# The checkers catch what they are meant to catch (synthetic trees that break each rule)
# ---------------------------------------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


# A well-kept little tree: every rule holds. Each test below breaks one rule in a copy of it.
CLEAN = {
    "app.py": "from ui.page_frame import frame\nfrom core.data import read\n",
    "steps/load.py": "from ui.page_frame import frame\nfrom core.model import fit\n",
    "ui/__init__.py": "",
    "ui/page_frame.py": "from core.data import read\n\n\ndef frame():\n    return read\n",
    "core/__init__.py": '"""Core."""\n',
    "core/errors.py": "class Oops(Exception):\n    pass\n",
    "core/recipe.py": "from core.errors import Oops\n",
    "core/data/__init__.py": 'from core.data.reading import read\n\n__all__ = ["read"]\n',
    "core/data/reading.py": '__all__ = ["read"]\n\n\ndef read():\n    pass\n',
    "core/data/_helpers.py": '__all__ = ["private_helper"]\n',
    "core/model/__init__.py": (
        'from core.model.fitting import fit, score\n\n__all__ = ["fit", "score"]\n'
    ),
    "core/model/fitting.py": (
        "from core.data import read\nfrom core.model import _maths\nfrom core.recipe import Oops\n"
        '\n__all__ = ["fit", "score"]\n\n\ndef fit():\n    pass\n\n\ndef score():\n    pass\n'
    ),
    "core/model/_maths.py": "x = 1\n",
}


def test_architecture_checkers_pass_a_clean_tree(tmp_path: Path) -> None:
    root = _write(tmp_path, CLEAN)
    assert wrong_way_imports(root) == []
    assert import_cycles(root) == []
    assert layer_violations(root) == []
    assert private_reaches(root) == []
    assert public_api_problems(root) == []
    assert oversized_core_modules(root) == []


def _assert_reported_once(found: list[str], file: str, offender: str) -> None:
    assert len(found) == 1, found
    assert found[0].startswith(f"{file}:"), found
    assert found[0].endswith(f"imports {offender}"), found


@pytest.mark.parametrize(
    ("file", "source", "offender"),
    [
        pytest.param(
            "core/model/fitting.py", "import ui.page_frame\n", "ui.page_frame", id="core-ui"
        ),
        pytest.param(
            "core/model/fitting.py",
            "def f():\n    from steps.load import x\n",
            "steps.load",
            id="core-steps-in-function",
        ),
        pytest.param("ui/page_frame.py", "from steps import load\n", "steps.load", id="ui-steps"),
        pytest.param("steps/load.py", "import app\n", "app", id="steps-app"),
    ],
)
def test_architecture_wrong_way_checker(
    tmp_path: Path, file: str, source: str, offender: str
) -> None:
    root = _write(tmp_path, {**CLEAN, file: source})
    found = wrong_way_imports(root)
    _assert_reported_once(found, file, offender)


@pytest.mark.parametrize(
    ("files", "cycle"),
    [
        pytest.param(
            {
                "ui/a.py": "from ui.b import g\n",
                "ui/b.py": "def g():\n    from ui import a\n",
            },
            ["ui.a", "ui.b"],
            id="hidden-in-a-function",
        ),
        pytest.param(
            {
                "ui/a.py": "import ui.b\n",
                "ui/b.py": "from ui.c import x\n",
                "ui/c.py": "from .a import y\n",
            },
            ["ui.a", "ui.b", "ui.c"],
            id="three-long-relative",
        ),
        pytest.param(
            {"core/model/fitting.py": "from core.model import score\n"},
            ["core.model", "core.model.fitting"],
            id="module-through-its-own-init",
        ),
    ],
)
def test_architecture_cycle_checker(
    tmp_path: Path, files: dict[str, str], cycle: list[str]
) -> None:
    root = _write(tmp_path, {**CLEAN, **files})
    assert import_cycles(root) == [cycle]


def test_architecture_cycle_checker_ignores_the_package_initialising_first(
    tmp_path: Path,
) -> None:
    # A package's __init__ importing its module is not a cycle: no edge runs back to the parent.
    root = _write(tmp_path, {**CLEAN, "core/model/fitting.py": "import core.model.fitting\n"})
    assert import_cycles(root) == []


@pytest.mark.parametrize(
    ("file", "source", "offender"),
    [
        pytest.param(
            "core/data/reading.py", "from core.model import fit\n", "core.model", id="data-model"
        ),
        pytest.param(
            "core/data/reading.py",
            "def f():\n    import core.model.fitting\n",
            "core.model.fitting",
            id="in-a-function",
        ),
        pytest.param(
            "core/recipe.py", "from core.data import read\n", "core.data", id="spine-package"
        ),
        pytest.param("core/errors.py", "import core\n", "core", id="spine-core"),
    ],
)
def test_architecture_layer_checker(tmp_path: Path, file: str, source: str, offender: str) -> None:
    root = _write(tmp_path, {**CLEAN, file: source})
    found = layer_violations(root)
    _assert_reported_once(found, file, offender)


@pytest.mark.parametrize(
    ("file", "source", "offender"),
    [
        pytest.param(
            "ui/page_frame.py", "from core.data.reading import read\n", "core.data.reading", id="ui"
        ),
        pytest.param(
            "steps/load.py",
            "from core.model import fitting\n",
            "core.model.fitting",
            id="steps-submodule-by-from",
        ),
        pytest.param(
            "app.py",
            "def f():\n    import core.data.reading\n",
            "core.data.reading",
            id="app-in-a-function",
        ),
        pytest.param(
            "core/model/fitting.py",
            "from core.data.reading import read\n",
            "core.data.reading",
            id="other-core-package",
        ),
    ],
)
def test_architecture_public_api_only_checker(
    tmp_path: Path, file: str, source: str, offender: str
) -> None:
    root = _write(tmp_path, {**CLEAN, file: source})
    found = private_reaches(root)
    _assert_reported_once(found, file, offender)


def test_architecture_public_api_checker_reads_a_re_exported_name_as_a_name(
    tmp_path: Path,
) -> None:
    # ``core.data`` re-exports the function ``reading`` over its module ``reading``: importing
    # it from the package is the public API, not a reach into the module.
    files = {
        "core/data/__init__.py": 'from core.data.reading import reading\n\n__all__ = ["reading"]\n',
        "core/data/reading.py": '__all__ = ["reading"]\n\n\ndef reading():\n    pass\n',
        "ui/page_frame.py": "from core.data import reading\n",
        "core/model/fitting.py": "",
        "app.py": "",
    }
    assert private_reaches(_write(tmp_path, {**CLEAN, **files})) == []


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        pytest.param(
            {"core/data/__init__.py": "from core.data.reading import read\n"},
            "core/data/__init__.py: no __all__",
            id="no-all",
        ),
        pytest.param(
            {
                "core/model/__init__.py": (
                    'from core.model.fitting import fit, score\n\n__all__ = ["score", "fit"]\n'
                )
            },
            "core/model/__init__.py: __all__ is not sorted",
            id="unsorted",
        ),
        pytest.param(
            {
                "core/data/__init__.py": (
                    'from core.data.reading import read\n\n__all__ = ["read", "write"]\n'
                )
            },
            "core/data/__init__.py: __all__ names 'write', which it never binds",
            id="unresolved",
        ),
        pytest.param(
            {
                "core/model/__init__.py": (
                    'from core.model.fitting import fit\n\n__all__ = ["fit"]\n'
                )
            },
            "core/model/__init__.py: does not re-export 'score' from fitting.py",
            id="not-re-exported",
        ),
        pytest.param(
            {"core/model/trees/__init__.py": '__all__ = ["Tree"]\n\n\nclass Tree:\n    pass\n'},
            "core/model/__init__.py: does not re-export 'Tree' from trees",
            id="subpackage-not-re-exported",
        ),
        pytest.param(
            {"core/model/trees/__init__.py": "class Tree:\n    pass\n"},
            "core/model/trees/__init__.py: no __all__",
            id="subpackage-without-all",
        ),
        pytest.param(
            {"core/data/writing.py": "def write():\n    pass\n"},
            "core/data/writing.py: public module without __all__",
            id="module-without-all",
        ),
    ],
)
def test_architecture_public_api_checker(
    tmp_path: Path, files: dict[str, str], problem: str
) -> None:
    root = _write(tmp_path, {**CLEAN, **files})
    assert public_api_problems(root) == [problem]


def test_architecture_module_length_checker(tmp_path: Path) -> None:
    root = _write(tmp_path, {**CLEAN, "core/data/reading.py": "x = 1\n" * 801})
    assert oversized_core_modules(root) == ["core/data/reading.py (801 lines)"]
    assert oversized_core_modules(root, limit=801) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import streamlit as st", True, id="import"),
        pytest.param("import streamlit.components.v1", True, id="import-submodule"),
        pytest.param("from streamlit.errors import X", True, id="from-submodule"),
        pytest.param("def f():\n    import streamlit\n", True, id="inside-function"),
        pytest.param("import streamlit_extras", False, id="other-package"),
        pytest.param("x = 'import streamlit'", False, id="in-a-string"),
    ],
)
def test_architecture_import_checker(source: str, expected: bool) -> None:
    assert _imports(_tree(source), "streamlit") is expected


@pytest.mark.parametrize(
    ("source", "n_found"),
    [
        pytest.param("import pickle\npickle.load(f)", 1, id="pickle.load"),
        pytest.param("import joblib\nm = joblib.load('m.joblib')", 1, id="joblib.load"),
        pytest.param("from pickle import loads\nloads(b)", 1, id="from-pickle-import-loads"),
        pytest.param("import pandas as pd\npd.read_pickle('x')", 1, id="read_pickle"),
        pytest.param("import json\njson.loads(s)", 0, id="json-is-fine"),
        pytest.param("import joblib\njoblib.dump(m, 'm')", 0, id="dump-is-not-load"),
    ],
)
def test_architecture_unpickling_checker(source: str, n_found: int) -> None:
    assert len(_unpickling_calls(_tree(source))) == n_found


@pytest.mark.parametrize(
    ("source", "n_found"),
    [
        pytest.param("st.markdown(x, unsafe_allow_html=True)", 1, id="unsafe-true"),
        pytest.param("st.markdown(x, unsafe_allow_html=flag)", 1, id="unsafe-variable"),
        pytest.param("st.html('<b>x</b>')", 1, id="st.html"),
        pytest.param("st.markdown(x, unsafe_allow_html=False)", 0, id="unsafe-false"),
        pytest.param("st.markdown('unsafe_allow_html=True')", 0, id="in-a-string"),
    ],
)
def test_architecture_raw_html_checker(source: str, n_found: int) -> None:
    assert len(_raw_html_calls(_tree(source))) == n_found


def test_architecture_scans_the_real_folders() -> None:
    found = modules(ROOT)
    assert sum(name.startswith("core.") for name in found) >= 10
    assert any(name.startswith("steps.") for name in found)
    assert any(name.startswith("ui.") for name in found)
    assert "app" in found
    assert ROOT / "app.py" in FRONT
    # Imports inside functions are read too (the guard's lazy imports, for one).
    assert any(imp.target for imp in imports(ROOT))


# ---------------------------------------------------------------------------------------------
# The rules, on the real tree
# ---------------------------------------------------------------------------------------------


def _report(found: list[str], rule: str) -> str:
    return f"{rule}:\n  " + "\n  ".join(found)


def test_architecture_imports_run_steps_ui_core() -> None:
    found = wrong_way_imports(ROOT)
    assert not found, _report(found, "imports that run up steps → ui → core")


def test_architecture_no_import_cycle() -> None:
    found = []
    for cycle in import_cycles(ROOT):
        found.append(" ↔ ".join(cycle) + ", through:")
        found += [
            "  " + imp.where(ROOT)
            for imp in imports(ROOT)
            if imp.importer in cycle and imp.target in cycle and imp.target != imp.importer
        ]
    assert not found, _report(found, "modules that import each other in a circle")


def test_architecture_core_packages_are_layers_in_lifecycle_order() -> None:
    found = layer_violations(ROOT)
    order = " → ".join(CORE_PACKAGES)
    assert not found, _report(found, f"core imports that skip ahead of {order}")


def test_architecture_outside_a_package_only_its_public_api() -> None:
    found = private_reaches(ROOT)
    assert not found, _report(found, "imports that reach into a core package's modules")


def test_architecture_each_package_init_names_its_public_api() -> None:
    found = public_api_problems(ROOT)
    assert not found, _report(found, "package front doors that miss their public API")


def test_architecture_no_core_module_over_the_limit() -> None:
    found = oversized_core_modules(ROOT)
    assert not found, _report(found, f"core modules over {MAX_CORE_MODULE_LINES} lines")


@pytest.mark.parametrize("path", CORE, ids=_ids(CORE))
def test_architecture_core_never_imports_streamlit(path: Path) -> None:
    assert not _imports(_tree(path), "streamlit")


def test_architecture_importing_core_does_not_load_streamlit() -> None:
    code = (
        "import core.data, core.understand, core.prepare, core.model, core.evaluate, "
        "core.deliver, core.learn, core.cli; "
        "import sys; print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("path", EVERYTHING, ids=_ids(EVERYTHING))
def test_architecture_nothing_unpickles(path: Path) -> None:
    assert _unpickling_calls(_tree(path)) == []


@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_architecture_pages_are_thin(path: Path) -> None:
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    assert n_lines <= MAX_PAGE_LINES, f"{path.name} has {n_lines} lines"


@pytest.mark.parametrize("path", FRONT, ids=_ids(FRONT))
def test_architecture_no_raw_html(path: Path) -> None:
    assert _raw_html_calls(_tree(path)) == []


def test_architecture_no_legacy_pages_folder() -> None:
    # Streamlit runs a ``pages/`` folder as its old automatic navigation when a page's own
    # address is opened or refreshed, bypassing app.py's frame and error guard.
    assert not (ROOT / "pages").exists()
