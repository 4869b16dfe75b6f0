"""Tests for core.deliver._type_name_migration: old module paths in a schema become current ones."""

from __future__ import annotations

import importlib
import io
import json
import zipfile

import pytest

from core.deliver._type_name_migration import RENAMED_MODULES, read_schema, with_schema


def test_read_schema_renames_every_old_module_path_however_deep() -> None:
    raw = json.dumps(
        {
            "__module__": "builtins",
            "content": [{"__class__": "DateFeatures", "__module__": "core.transformers"}] * 2,
        }
    )
    schema, renamed = read_schema(raw)
    assert renamed
    assert [node["__module__"] for node in schema["content"]] == ["core.prepare.transformers"] * 2
    assert schema["__module__"] == "builtins"


@pytest.mark.parametrize(
    "module",
    ["core.prepare.transformers", "core.transformers.dates", "core.transformersx", "builtins"],
)
def test_read_schema_renames_exact_module_paths_only(module: str) -> None:
    raw = json.dumps({"__class__": "X", "__module__": module})
    assert read_schema(raw) == ({"__class__": "X", "__module__": module}, False)


def test_read_schema_keeps_the_names_so_the_allow_list_decides() -> None:
    schema, _ = read_schema('{"__class__": "Evil", "__module__": "core.transformers"}')
    assert schema == {"__class__": "Evil", "__module__": "core.prepare.transformers"}


def test_read_schema_leaves_values_that_only_look_like_paths() -> None:
    raw = json.dumps({"__class__": "str", "__module__": "builtins", "content": "core.transformers"})
    assert read_schema(raw)[1] is False


def test_renamed_modules_point_at_importable_modules() -> None:
    for new in RENAMED_MODULES.values():
        importlib.import_module(new)


def test_with_schema_replaces_schema_and_copies_other_members() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("schema.json", "{}")
        archive.writestr("1.npy", b"\x00\x01", compress_type=zipfile.ZIP_DEFLATED)
    content = with_schema(buffer.getvalue(), {"protocol": 2})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert json.loads(archive.read("schema.json")) == {"protocol": 2}
        assert archive.read("1.npy") == b"\x00\x01"
        assert archive.getinfo("1.npy").compress_type == zipfile.ZIP_DEFLATED
