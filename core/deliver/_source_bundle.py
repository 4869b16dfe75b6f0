"""Copy ModelPath's own helpers into the exported script, each with what it refers to.

The script must read, convert and transform exactly as ModelPath does without importing it,
so the helpers it needs travel as their source: a function or class is copied with every
top-level name of its module it refers to (its AST closure), and the imports those need.
Helpers are named by the module *or package* that holds them (``"core.data"``); for a package
every submodule is searched, so splitting a module inside it does not break the script.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

from core.errors import ModelPathError

#: Where copied helpers come from, in the order the script lists them. Packages, not modules:
#: splitting a module inside them changes nothing here.
COPIED_FROM = ("core.data", "core.prepare")


class ScriptError(ModelPathError):
    """The script cannot be rendered (e.g. no algorithm chosen, or a step it cannot write)."""


@dataclass
class SourceBundle:
    """Source copied from ModelPath modules, with the imports it needs."""

    imports: dict[str, set[str]] = dataclasses.field(default_factory=dict)  # module → names
    plain_imports: set[str] = dataclasses.field(default_factory=set)  # "import numpy as np"
    blocks: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # name → src

    def add(self, where: str, names: Iterable[str]) -> None:
        """Copy ``names`` (with their closure) from the module or package named ``where``."""
        by_module: dict[str, list[str]] = {}
        for name in names:
            by_module.setdefault(_defining_module(where, name), []).append(name)
        for module_name, wanted in by_module.items():
            self._add(importlib.import_module(module_name), wanted)

    def _add(self, module: ModuleType, names: Iterable[str]) -> None:
        source = _source_of(module)
        tree = ast.parse(source)
        defined: dict[str, ast.stmt] = {}
        imported: dict[str, ast.stmt] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined[node.name] = node
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        defined[target.id] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined[node.target.id] = node
            elif isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    imported[alias.asname or alias.name.split(".")[0]] = node
        lines = source.splitlines()
        wanted = list(names)
        seen: set[str] = set()
        while wanted:
            name = wanted.pop()
            if name in seen:
                continue
            seen.add(name)
            if name in imported:
                self._import(module, name, imported[name])
                continue
            node = defined[name]
            for ref in ast.walk(node):
                ref_name = ref.id if isinstance(ref, ast.Name) else None
                if ref_name and ref_name != name and (ref_name in defined or ref_name in imported):
                    wanted.append(ref_name)
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            text = "\n".join(lines[first - 1 : node.end_lineno])
            known = self.blocks.get(name)
            if known is not None and known[1] != text:
                raise ScriptError(
                    f"Two helpers named {name!r} would be copied into the script.",
                    "The script copies ModelPath's helpers by name, so names must be unique.",
                    "Rename one of them in ModelPath's source.",
                )
            self.blocks[name] = (module.__name__, text)

    def _import(self, module: ModuleType, name: str, node: ast.stmt) -> None:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
            value = getattr(module, name)
            home = getattr(value, "__module__", None) or ""
            if home.startswith("core.") and getattr(value, "__name__", None) == name:
                # A helper of a sibling module (e.g. after a module was split) is copied too.
                # Its home may be a package (public steps report one, see set_module): add()
                # finds the module that defines it.
                self.add(home, [name])
                return
            # A constant ModelPath defines elsewhere travels as its value.
            self.blocks[name] = (module.__name__, f"{name} = {value!r}")
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name.split(".")[0]) == name:
                    suffix = f" as {alias.asname}" if alias.asname else ""
                    self.plain_imports.add(f"import {alias.name}{suffix}")
            return
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            if (alias.asname or alias.name) == name:
                entry = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
                self.imports.setdefault(node.module or "", set()).add(entry)

    def source(self, order: Sequence[str]) -> str:
        """The copied blocks, module by module in ``order``, each module's in source order.

        ``order`` names modules or packages; a package stands for all its modules (its
        ``__init__`` first, then its submodules by name).
        """
        out = []
        emitted: set[str] = set()
        for module_name in _expand(order):
            module = importlib.import_module(module_name)
            position = {name: i for i, name in enumerate(_top_level_names(module))}
            names = sorted(
                (n for n, (m, _) in self.blocks.items() if m == module_name),
                key=lambda n: position.get(n, -1),
            )
            out.extend(self.blocks[n][1] for n in names)
            emitted.update(names)
        left = sorted(set(self.blocks) - emitted)
        if left:
            # A copied helper outside the listed modules would leave the script broken.
            raise ScriptError(
                f"The script would miss ModelPath helpers: {', '.join(left)}.",
                "Copied helpers are written module by module, and their modules are not listed.",
                "Report this as a ModelPath bug; meanwhile the .skops model file has the model.",
            )
        return "\n\n\n".join(out)

    def from_imports(self) -> list[str]:
        """``from module import names`` lines the copied source needs."""
        return [
            f"from {module} import {', '.join(sorted(names))}"
            for module, names in sorted(self.imports.items())
        ]


def _expand(order: Sequence[str]) -> list[str]:
    """Module names in ``order``, each package replaced by all its modules, without repeats."""
    out: list[str] = []
    for name in order:
        module = importlib.import_module(name)
        found = [name]
        if hasattr(module, "__path__"):  # a package
            found += sorted(
                info.name for info in pkgutil.walk_packages(module.__path__, prefix=f"{name}.")
            )
        out.extend(n for n in found if n not in out)
    return out


def _defining_module(where: str, name: str) -> str:
    """The module among ``where`` (a module or package) that defines top-level ``name``."""
    candidates = _expand([where])
    if len(candidates) == 1:
        return where
    homes = [
        module_name
        for module_name in candidates
        if name in _defined_names(importlib.import_module(module_name))
    ]
    if len(homes) != 1:
        raise ScriptError(
            f"The script cannot tell where ModelPath's helper {name!r} is: "
            f"{len(homes)} modules of {where} define it.",
            "The script copies ModelPath's helpers by name, so a name must be defined once.",
            "Report this as a ModelPath bug; meanwhile the .skops model file has the model.",
        )
    return homes[0]


def _defined_names(module: ModuleType) -> set[str]:
    """Names a module defines itself (not the ones it imports)."""
    names = set()
    for node in ast.parse(_source_of(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _source_of(module: ModuleType) -> str:
    try:
        return inspect.getsource(module)
    except OSError:  # an empty file (a package's bare __init__) has no source to give
        return ""


def _top_level_names(module: ModuleType) -> list[str]:
    names = []
    for node in ast.parse(_source_of(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
            names.extend(alias.asname or alias.name for alias in node.names)
    return names
