"""Architecture rules, checked on the source: core is headless, pages are thin, nothing unpickles
and nothing renders raw HTML."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_PAGE_LINES = 160
UNPICKLERS = {"pickle", "cPickle", "_pickle", "joblib", "cloudpickle", "dill", "shelve"}
LOADERS = {"load", "loads", "Unpickler"}


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
EVERYTHING = _files("core", "ui", "steps", "app.py")


def _tree(source: str | Path) -> ast.Module:
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    return ast.parse(text)


def _imported_modules(tree: ast.Module) -> set[str]:
    """Top-level names of every module imported anywhere in the file (also inside functions)."""
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def _imports(tree: ast.Module, package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in _imported_modules(tree))


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


# ---------------------------------------------------------------------------------------------
# The checkers themselves catch what they are meant to catch
# ---------------------------------------------------------------------------------------------


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
def test_layering_import_checker(source: str, expected: bool) -> None:
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
def test_layering_unpickling_checker(source: str, n_found: int) -> None:
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
def test_layering_raw_html_checker(source: str, n_found: int) -> None:
    assert len(_raw_html_calls(_tree(source))) == n_found


def test_layering_scans_the_real_folders() -> None:
    assert len(CORE) >= 10
    assert PAGES
    assert UI
    assert ROOT / "app.py" in FRONT


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CORE, ids=_ids(CORE))
def test_layering_core_never_imports_streamlit(path: Path) -> None:
    assert not _imports(_tree(path), "streamlit")


def test_layering_importing_core_does_not_load_streamlit() -> None:
    code = (
        "import core.cli.main, core.understand.profile, core.understand.explore_charts, "
        "core.data.samples; "
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


@pytest.mark.parametrize("path", UI, ids=_ids(UI))
def test_layering_ui_never_imports_pages(path: Path) -> None:
    assert not _imports(_tree(path), "pages")


@pytest.mark.parametrize("path", EVERYTHING, ids=_ids(EVERYTHING))
def test_layering_nothing_unpickles(path: Path) -> None:
    assert _unpickling_calls(_tree(path)) == []


@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_layering_pages_are_thin(path: Path) -> None:
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    assert n_lines <= MAX_PAGE_LINES, f"{path.name} has {n_lines} lines"


@pytest.mark.parametrize("path", FRONT, ids=_ids(FRONT))
def test_layering_no_raw_html(path: Path) -> None:
    assert _raw_html_calls(_tree(path)) == []


def test_layering_no_legacy_pages_folder() -> None:
    # Streamlit runs a ``pages/`` folder as its old automatic navigation when a page's own
    # address is opened or refreshed, bypassing app.py's frame and error guard.
    assert not (ROOT / "pages").exists()
