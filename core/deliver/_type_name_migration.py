"""Migration of the type names in model files written by older ModelPath versions.

A ``.skops`` file names each object's type by module path and name in its ``schema.json``,
and :func:`~core.deliver.modelfile.load_model` builds only the names on its allow-list. When
a type ModelPath writes into model files moves to another module, files written before the
move name the old path. Rather than keep a module at the old path that only re-exports the
new one, the old paths are renamed in the schema as it is read: the allow-list and skops then
see current names only, and an old file loads exactly like a new one.

Only exact module paths are renamed and names are kept, so a type the old module never had
(``core.transformers.Evil``) becomes ``core.prepare.transformers.Evil``, which is not on the
allow-list either and is refused as before.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["RENAMED_MODULES", "read_schema", "with_schema"]

#: Module path an older ModelPath wrote into model files → where those types live now.
RENAMED_MODULES: Mapping[str, str] = MappingProxyType(
    {
        # Issue 15 moved the custom pipeline steps into the prepare package.
        "core.transformers": "core.prepare.transformers",
    }
)


def read_schema(raw: bytes | str) -> tuple[Any, bool]:
    """Parse a ``schema.json`` with current module paths in place of renamed ones.

    Parameters
    ----------
    raw : bytes or str
        The content of the archive's ``schema.json``.

    Returns
    -------
    schema : object
        The parsed JSON, every node's ``__module__`` named as in :data:`RENAMED_MODULES`.
    renamed : bool
        Whether any module path was renamed, i.e. whether the archive needs the new schema.

    Raises
    ------
    ValueError
        If ``raw`` is not valid JSON.

    Examples
    --------
    >>> read_schema('{"__class__": "OutlierClipper", "__module__": "core.transformers"}')
    ({'__class__': 'OutlierClipper', '__module__': 'core.prepare.transformers'}, True)
    """
    renamed: list[str] = []

    # json calls the hook on every object it decodes, innermost first, so no recursion of
    # our own walks a deeply nested (possibly crafted) schema.
    def current(node: dict[str, Any]) -> dict[str, Any]:
        module = node.get("__module__")
        if isinstance(module, str) and module in RENAMED_MODULES:
            renamed.append(module)
            return {**node, "__module__": RENAMED_MODULES[module]}
        return node

    schema = json.loads(raw, object_hook=current)
    return schema, bool(renamed)


def with_schema(content: bytes, schema: Any) -> bytes:
    """The archive ``content`` with its ``schema.json`` replaced by ``schema``.

    Every other member is copied unchanged, with its name and compression. Call it only on
    an archive whose unpacked size has been checked: every member is read.

    Parameters
    ----------
    content : bytes
        A readable ``.skops`` archive.
    schema : object
        The JSON to store as ``schema.json`` (as skops writes it, indented by two).

    Returns
    -------
    bytes
        The new archive.
    """
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for member in source.infolist():
            if member.filename == "schema.json":
                data = json.dumps(schema, indent=2).encode("utf-8")
            else:
                data = source.read(member)
            target.writestr(member, data)
    return buffer.getvalue()
