"""Tests of core.deliver._source_bundle: ModelPath helpers copied with their closure."""

from __future__ import annotations

import ast

import pytest

import core.data.columns as columns_module
import core.prepare.cleaning as cleaning_module
from core.deliver._source_bundle import COPIED_FROM, ScriptError, SourceBundle


def test_bundle_finds_a_helper_inside_a_package() -> None:
    bundle = SourceBundle()
    bundle.add("core.data", ["convert_column"])
    assert bundle.blocks["convert_column"][0] == columns_module.__name__
    source = bundle.source(COPIED_FROM)
    assert "def convert_column(" in source
    ast.parse(source)


def test_bundle_copies_what_a_helper_refers_to_in_its_module() -> None:
    bundle = SourceBundle()
    bundle.add("core.prepare", ["normalise_text"])
    tree = ast.parse(bundle.source(COPIED_FROM))
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    # Every top-level function of its module the copied source calls is copied with it.
    own = {name for name in called if callable(getattr(cleaning_module, name, None))}
    assert "normalise_text" in defined
    assert own - {"normalise_text"} <= defined


def test_bundle_names_a_package_and_reads_all_its_modules() -> None:
    bundle = SourceBundle()
    bundle.add("core.data.columns", ["convert_target"])
    # The package stands for every module in it, so the block is written.
    assert "def convert_target(" in bundle.source(["core.data"])


def test_bundle_refuses_to_leave_a_copied_helper_out() -> None:
    bundle = SourceBundle()
    bundle.add("core.data", ["convert_column"])
    with pytest.raises(ScriptError, match="would miss ModelPath helpers"):
        bundle.source(["core.prepare"])


def test_bundle_refuses_a_name_it_cannot_place() -> None:
    with pytest.raises(ScriptError, match="cannot tell where"):
        SourceBundle().add("core.data", ["no_such_helper"])


def test_bundle_from_imports_lists_what_the_copied_source_needs() -> None:
    bundle = SourceBundle()
    bundle.add("core.data", ["convert_column"])
    lines = bundle.from_imports()
    assert lines == sorted(lines)
    assert all(line.startswith("from ") and " import " in line for line in lines)
