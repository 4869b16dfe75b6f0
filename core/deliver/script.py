"""Render a recipe as a standalone Python script that reproduces the work with scikit-learn alone.

The script needs pandas, scikit-learn and imbalanced-learn — never ModelPath. It reads the data
file as ModelPath read it, gives every column the kind ModelPath gave it, applies the same
pre-split cleaning, splits the same rows off for testing, builds the same pipeline, cuts the same
folds, and prints the same cross-validation and test scores beside the baseline's; then it
saves the fitted model.

"The same pipeline" is guaranteed rather than re-described: the script's pipeline code is
rendered from the very estimator object ModelPath builds
(:func:`core.model.cross_validation.model_pipeline`), parameter by parameter, and ModelPath's own
custom steps (:mod:`core.prepare.transformers`) and reading helpers are copied into the script from
their source, with what they depend on. A test runs generated scripts in a subprocess and compares
their numbers with ModelPath's.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import inspect
import math
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

import core.data.columns as columns_module
import core.data.intake as intake_module
import core.prepare.cleaning as cleaning_module
from core.data import ColumnKind, LoadReport, PreparedTable
from core.errors import ModelPathError
from core.model import model_pipeline, model_spec, resolve_scheme, scoring_for
from core.prepare import TrainingData, resolve_strategy
from core.recipe import DataSection, Recipe
from core.understand import METRICS

__all__ = [
    "SCRIPT_FILE_NAME",
    "ScriptError",
    "ScriptSource",
    "estimator_code",
    "render_script",
    "script_data_file",
]

#: The name the Deliver page and ``train --out`` give the script.
SCRIPT_FILE_NAME = "train_model.py"

# Why each pipeline step is there, in the words a reader of the script needs.
_STEP_NOTES = {
    "outlier_rows": "drops outlier rows while fitting only; predictions still see every row",
    "drop_missing": "drops columns that are mostly missing in the training rows",
    "prep": "prepares each kind of column on its own, learning only from training rows",
    "variance": "drops features that barely vary",
    "select": "keeps the most useful features, chosen on training rows only",
    "reduce": "PCA compresses the features into fewer components",
    "resample": "rebalances the classes; imbalanced-learn applies it while fitting only",
    "model": "the algorithm",
    "impute": "fills missing values with what the training rows suggest",
    "clip": "caps outliers at bounds learned from the training rows",
    "scale": "puts features on comparable scales",
    "encode": "turns categories into numbers",
    "rare": "groups rare categories into one",
    "parts": "turns dates into numbers (year, month, ...), leaving out parts constant in training",
    "durations": "adds the days between pairs of date columns",
    "transform": "reshapes skewed numbers",
    "documents": "joins the text into one document per row",
    "tfidf": "turns words into weighted counts",
}

# Helpers copied into the script from ModelPath's own source, so they cannot drift apart.
_READING_HELPERS = {
    intake_module: ("_apply_na_tokens", "_coerce_text_numbers", "_containers_to_json"),
    columns_module: ("convert_column", "convert_target"),
    cleaning_module: ("normalise_text",),
}

# Parameters that change speed, not results; left out so the script reads as the recipe.
_SPEED_ONLY_PARAMS = frozenset({"n_jobs", "verbose", "memory"})


class ScriptError(ModelPathError):
    """The script cannot be rendered (e.g. no algorithm chosen, or a step it cannot write)."""


@dataclass(frozen=True)
class ScriptSource:
    """How the data file was read, so the script reads it the same way.

    Parameters
    ----------
    file_name : str
        The default data file of the script (``python train_model.py [DATA_FILE]``).
    file_format : {"csv", "excel", "parquet", "json"}
    columns : tuple of str
        Column names as ModelPath read them (blank and duplicate headers already renamed).
    encoding, delimiter, decimal, sheet : str or None
        What ModelPath detected or was told (``delimiter=None``: a single column).
    skip_bad_lines : bool
        Whether lines with too many fields were skipped.
    na_tokens : tuple of str
        Cell values read as missing.
    """

    file_name: str
    file_format: str
    columns: tuple[str, ...]
    encoding: str | None = "utf-8"
    delimiter: str | None = ","
    decimal: str | None = "."
    sheet: str | None = None
    skip_bad_lines: bool = False
    na_tokens: tuple[str, ...] = ()

    @classmethod
    def from_report(
        cls, report: LoadReport, columns: Iterable[str], *, file_name: str | None = None
    ) -> ScriptSource:
        """The source as :func:`core.data.intake.load_table` reported reading it.

        Parameters
        ----------
        report : LoadReport
        columns : iterable of str
            The loaded frame's column names.
        file_name : str, optional
            Overrides the report's file name (e.g. a data file saved under another name).
        """
        return cls(
            file_name=file_name or report.file_name,
            file_format=report.file_format,
            columns=tuple(str(c) for c in columns),
            encoding=report.encoding,
            delimiter=report.delimiter,
            decimal=report.decimal,
            sheet=report.sheet,
            skip_bad_lines=bool(report.skipped_lines),
            na_tokens=tuple(report.na_tokens),
        )


def script_data_file(
    frame: pd.DataFrame, file_name: str, data: DataSection
) -> tuple[bytes, ScriptSource]:
    """A table as a CSV data file for the script, and how the script must read it.

    Used when the table is not one file (rows were appended from other files): the script then
    reads this CSV, written from the table as ModelPath read it.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as loaded (before kinds are applied).
    file_name : str
        The name to give the file.
    data : DataSection
        The recipe's data section (its missing-value words).

    Returns
    -------
    content : bytes
        UTF-8 CSV.
    source : ScriptSource
    """
    content = frame.to_csv(index=False).encode("utf-8")
    # Missing cells are written empty, so the empty cell must read as missing.
    tokens = ("", *(token for token in data.na_tokens if token != ""))
    source = ScriptSource(
        file_name=file_name,
        file_format="csv",
        columns=tuple(str(c) for c in frame.columns),
        na_tokens=tokens,
    )
    return content, source


# --------------------------------------------------------------------------------------------
# Copying source: a function or class with everything of its module it refers to
# --------------------------------------------------------------------------------------------


@dataclass
class _Bundle:
    """Source copied from ModelPath modules, with the imports it needs."""

    imports: dict[str, set[str]] = dataclasses.field(default_factory=dict)  # module → names
    plain_imports: set[str] = dataclasses.field(default_factory=set)  # "import numpy as np"
    blocks: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # name → src

    def add(self, module: ModuleType, names: Iterable[str]) -> None:
        source = inspect.getsource(module)
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
            if inspect.isfunction(value) or inspect.isclass(value):
                # A helper from a sibling module is copied from there, like the module's own.
                self.add(importlib.import_module(_defining_module(value)), [name])
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

    def source(self, module_order: Sequence[str]) -> str:
        """The copied blocks, module by module in ``module_order``, each in source order."""
        out = []
        copied_from = {m for m, _ in self.blocks.values()}
        for package_name in module_order:
            # A package (core.prepare.transformers) stands for its modules, private ones first.
            modules = sorted(
                m for m in copied_from if m == package_name or m.startswith(package_name + ".")
            )
            for module_name in modules:
                module = importlib.import_module(module_name)
                order = {name: i for i, name in enumerate(_top_level_names(module))}
                names = sorted(
                    (n for n, (m, _) in self.blocks.items() if m == module_name),
                    key=lambda n: order.get(n, -1),
                )
                out.extend(self.blocks[n][1] for n in names)
        return "\n\n\n".join(out)


def _defining_module(obj: Any) -> str:
    """The module whose file defines ``obj``; public names may report their package instead."""
    # core.prepare.transformers.set_module keeps the defining module as _module_source.
    return getattr(obj, "_module_source", obj.__module__)


def _top_level_names(module: ModuleType) -> list[str]:
    names = []
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
            names.extend(alias.asname or alias.name for alias in node.names)
    return names


# --------------------------------------------------------------------------------------------
# Writing estimators as code
# --------------------------------------------------------------------------------------------


class _Writer:
    """Turns estimator objects into constructor code, collecting the imports they need."""

    def __init__(self, bundle: _Bundle) -> None:
        self.bundle = bundle
        self.imports: dict[str, dict[str, str]] = {}  # module → {name: alias}
        self.taken: dict[str, object] = {}  # alias → object

    def name_of(self, obj: Any) -> str:
        """The name the script uses for a class or function (importing or copying it)."""
        if isinstance(obj, np.ufunc) or getattr(obj, "__module__", "") == "numpy":
            return f"np.{obj.__name__}"
        module_name = _defining_module(obj)
        if module_name.startswith("core."):
            self.bundle.add(importlib.import_module(module_name), [obj.__name__])
            return obj.__name__
        public = _public_module(obj)
        alias = obj.__name__
        if self.taken.get(alias, obj) is not obj:
            alias = public.split(".")[0].capitalize() + obj.__name__
        self.taken[alias] = obj
        self.imports.setdefault(public, {})[obj.__name__] = alias
        return alias

    def value(self, value: Any, indent: int) -> str:
        if value is None or isinstance(value, bool | str):
            return repr(value)
        if isinstance(value, np.generic):
            return self.value(value.item(), indent)
        if isinstance(value, int):
            return repr(value)
        if isinstance(value, float):
            if math.isnan(value):
                return "np.nan"
            if math.isinf(value):
                return "np.inf" if value > 0 else "-np.inf"
            return repr(value)
        if isinstance(value, type) and issubclass(value, np.generic):
            return f"np.{value.__name__}"
        if isinstance(value, np.dtype):
            return f"np.dtype({str(value)!r})"
        if isinstance(value, np.ndarray):
            return f"np.array({self.value(value.tolist(), indent)})"
        if isinstance(value, list | tuple):
            items = [self.value(v, indent + 4) for v in value]
            return _wrap(items, "[", "]", indent, value)
        if isinstance(value, dict):
            items = [
                f"{self.value(k, indent + 4)}: {self.value(v, indent + 4)}"
                for k, v in value.items()
            ]
            return _wrap(items, "{", "}", indent, value)
        if hasattr(value, "get_params"):
            return self.estimator(value, indent)
        if isinstance(value, functools.partial):
            args = [self.value(value.func, indent)]
            args += [self.value(arg, indent) for arg in value.args]
            args += [f"{k}={self.value(v, indent)}" for k, v in value.keywords.items()]
            return f"{self.name_of(functools.partial)}({', '.join(args)})"
        if hasattr(value, "split") and hasattr(value, "get_n_splits"):
            # A cross-validation splitter (e.g. inside TargetEncoder): its settings are
            # attributes named like its arguments, which is how scikit-learn prints it too.
            return self._by_attributes(value, indent)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # Fields left at their defaults are not written, as for estimators.
            args = [
                f"{f.name}={self.value(getattr(value, f.name), indent)}"
                for f in dataclasses.fields(value)
                if not _same(getattr(value, f.name), f.default)
            ]
            return f"{self.name_of(type(value))}({', '.join(args)})"
        if callable(value) and hasattr(value, "__name__"):
            return self.name_of(value)
        raise ScriptError(
            f"The script cannot write a setting of type {type(value).__name__}.",
            "Every pipeline setting must be written as Python code in the script.",
            "Report this as a ModelPath bug; meanwhile the .skops model file has the model.",
        )

    def estimator(self, estimator: Any, indent: int) -> str:
        cls = type(estimator)
        name = self.name_of(cls)
        params = estimator.get_params(deep=False)
        if "steps" in params and isinstance(params["steps"], list):
            return self._pipeline(name, params, indent)
        signature = inspect.signature(cls.__init__).parameters
        args = []
        for key, value in params.items():
            if key in _SPEED_ONLY_PARAMS:
                continue
            default = signature[key].default if key in signature else inspect.Parameter.empty
            if _same(value, default):
                continue
            args.append(f"{key}={self.value(value, indent + 4)}")
        one_line = f"{name}({', '.join(args)})"
        if len(one_line) + indent <= 96 and "\n" not in one_line:
            return one_line
        pad = " " * (indent + 4)
        return f"{name}(\n" + "".join(f"{pad}{a},\n" for a in args) + " " * indent + ")"

    def _by_attributes(self, obj: Any, indent: int) -> str:
        signature = inspect.signature(type(obj).__init__).parameters
        args = []
        for key, parameter in signature.items():
            if key == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            value = getattr(obj, key)
            if not _same(value, parameter.default):
                args.append(f"{key}={self.value(value, indent + 4)}")
        return f"{self.name_of(type(obj))}({', '.join(args)})"

    def _pipeline(self, name: str, params: Mapping[str, Any], indent: int) -> str:
        pad = " " * (indent + 4)
        lines = [f"{name}(", f"{pad}["]
        for step_name, step in params["steps"]:
            note = _STEP_NOTES.get(step_name)
            if note:
                lines.append(f"{pad}    # {step_name}: {note}")
            lines.append(f"{pad}    ({step_name!r}, {self.value(step, indent + 8)}),")
        lines.append(f"{pad}],")
        lines.append(" " * indent + ")")
        return "\n".join(lines)

    def import_lines(self) -> list[str]:
        out = []
        for module in sorted(self.imports):
            names = self.imports[module]
            parts = sorted(n if a == n else f"{n} as {a}" for n, a in names.items())
            if module == "sklearn.impute" and "IterativeImputer" in names:
                # IterativeImputer is still experimental; this import switches it on.
                out.append("from sklearn.experimental import enable_iterative_imputer  # noqa")
            out.append(f"from {module} import {', '.join(parts)}")
        return out


def _wrap(items: list[str], left: str, right: str, indent: int, original: Any) -> str:
    if isinstance(original, tuple):
        left, right = "(", ("," if len(items) == 1 else "") + ")"
    one_line = left + ", ".join(items) + right
    if len(one_line) + indent <= 96 and "\n" not in one_line:
        return one_line
    pad = " " * (indent + 4)
    return left + "\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + right


def _same(value: Any, default: Any) -> bool:
    if default is inspect.Parameter.empty:
        return False
    if value is default:
        return True
    if isinstance(value, float) and isinstance(default, float):
        return value == default or (math.isnan(value) and math.isnan(default))
    if type(value) is not type(default) or hasattr(value, "get_params"):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


def _public_module(obj: Any) -> str:
    """The shortest public module that exports ``obj`` (sklearn.preprocessing, not ._data)."""
    parts = obj.__module__.split(".")
    for end in range(2, len(parts) + 1):
        if any(part.startswith("_") for part in parts[:end]):
            break
        candidate = ".".join(parts[:end])
        try:
            module = importlib.import_module(candidate)
        except ImportError:  # pragma: no cover - every prefix of a loaded module imports
            continue
        if getattr(module, obj.__name__, None) is obj:
            return candidate
    return obj.__module__


def estimator_code(estimator: Any) -> tuple[str, list[str], str]:
    """An estimator as constructor code, the imports it needs and the source it copies.

    Parameters
    ----------
    estimator : scikit-learn estimator
        Usually an unfitted pipeline; only parameters that differ from the defaults are
        written (like scikit-learn's own ``repr``).

    Returns
    -------
    code : str
    imports : list of str
    copied : str
        Source of ModelPath's own steps the code uses (empty when none).

    Examples
    --------
    >>> from sklearn.linear_model import Ridge
    >>> estimator_code(Ridge(alpha=2.0))[:2]
    ('Ridge(alpha=2.0)', ['from sklearn.linear_model import Ridge'])
    """
    bundle = _Bundle()
    writer = _Writer(bundle)
    code = writer.estimator(estimator, 0)
    imports = sorted(bundle.plain_imports) + writer.import_lines() + _from_imports(bundle)
    return code, imports, bundle.source(["core.prepare.transformers"])


def _from_imports(bundle: _Bundle) -> list[str]:
    return [
        f"from {module} import {', '.join(sorted(names))}"
        for module, names in sorted(bundle.imports.items())
    ]


# --------------------------------------------------------------------------------------------
# The script
# --------------------------------------------------------------------------------------------


def render_script(
    recipe: Recipe,
    source: ScriptSource,
    table: PreparedTable,
    data: TrainingData,
    *,
    now: datetime | None = None,
) -> str:
    """Render the standalone script that reproduces ``recipe`` on the data file.

    Parameters
    ----------
    recipe : Recipe
        Needs a target, a task and an algorithm.
    source : ScriptSource
        How the data file was read.
    table : PreparedTable
        The table as prepared for ``recipe`` (its column kinds are written into the script, so
        the script converts exactly as ModelPath did).
    data : TrainingData
        The split data (feature columns, the training target for the positive class).
    now : datetime, optional
        The time stamped in the header (for tests).

    Returns
    -------
    str
        Python source; ``python train_model.py [DATA_FILE] [--json RESULTS] [--model PATH]``.

    Raises
    ------
    ScriptError
        When no algorithm is chosen, or a setting cannot be written as code.
    """
    problem = recipe.problem
    algorithm = recipe.model.algorithm
    if algorithm is None or problem.target is None or problem.task is None:
        raise ScriptError(
            "The script needs a target and an algorithm, and one of them is not chosen.",
            "It reproduces a whole recipe, from reading the file to the trained model.",
            "Choose the target on the Problem page and an algorithm on the Algorithm page.",
        )
    if source.file_format not in ("csv", "excel", "parquet", "json"):
        raise ScriptError(
            f"The script cannot read {source.file_format!r} files.",
            "It reads CSV, Excel, Parquet and JSON files.",
            "Download the data as CSV from the Deliver page and use that file.",
        )
    bundle = _Bundle()
    writer = _Writer(bundle)
    pipeline = model_pipeline(data, recipe, algorithm, recipe.model.params)
    baseline = model_pipeline(data, recipe, "baseline", {})
    pipeline_code = writer.estimator(pipeline, 4)
    # The baseline is the same pipeline ending in a dummy model: the steps that change which
    # rows are learned from (outlier rows, resampling) are the only ones a dummy notices.
    baseline_code = f"build_pipeline().set_params(model={writer.estimator(baseline[-1], 4)})"
    for module, names in _READING_HELPERS.items():
        bundle.add(module, names)
    for name in ("train_test_split", "GroupShuffleSplit", "cross_validate"):
        writer.name_of(getattr(importlib.import_module("sklearn.model_selection"), name))
    scoring = scoring_for(recipe, data.y_train)
    scorer_code = _scorer_code(writer, scoring.metric.key, scoring.positive_class)
    folds_code = _folds_code(writer, recipe, data)
    split_code = _split_code(recipe, data)
    spec = model_spec(algorithm)
    now = now or datetime.now(UTC)
    kinds = {info.name: info.kind.value for info in table.columns}
    date_formats = {
        info.name: info.date_format
        for info in table.columns
        if info.kind is ColumnKind.DATETIME and info.date_format
    }
    target = problem.target
    frame_columns = [info.name for info in table.columns]
    text_columns = [
        info.name
        for info in table.columns
        if info.kind in (ColumnKind.CATEGORICAL, ColumnKind.TEXT) and info.name != target
    ]
    merges = {
        column: dict(mapping)
        for column, mapping in recipe.cleaning.category_merges.items()
        if column in text_columns
    }
    versions = _versions()
    values = {
        "title": _docstring_safe(
            f"Reproduce the ModelPath model: {spec.label} predicting {target!r}."
        ),
        "stamp": now.strftime("%Y-%m-%d %H:%M UTC"),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "script_name": SCRIPT_FILE_NAME,
        "data_file": repr(source.file_name),
        "file_format": repr(source.file_format),
        "encoding": repr(source.encoding or "utf-8"),
        "delimiter": repr(source.delimiter if source.delimiter is not None else "\x1f"),
        "decimal": repr(source.decimal or "."),
        "sheet": repr(source.sheet if source.sheet is not None else 0),
        "bad_lines": repr("skip" if source.skip_bad_lines else "error"),
        "na_tokens": _literal(list(source.na_tokens)),
        "file_columns": _literal(list(source.columns)),
        "dropped": _literal([c for c in recipe.data.drop_columns if c in source.columns]),
        "kinds": _literal(kinds),
        "date_formats": _literal(date_formats),
        "frame_columns": _literal(frame_columns),
        "target": repr(target),
        "task": repr(problem.task),
        "normalisation": repr(recipe.cleaning.text_normalisation),
        "text_columns": _literal(text_columns),
        "merges": _literal(merges),
        "drop_duplicates": repr(recipe.cleaning.drop_duplicates),
        "features": _literal(list(data.columns.used)),
        "split_code": split_code,
        "folds_code": folds_code,
        "pipeline_code": pipeline_code,
        "baseline_code": baseline_code,
        "scorer_code": scorer_code,
        "metric_label": repr(scoring.metric.label),
        "metric_key": repr(scoring.metric.key),
        "natural_sign": "1.0" if scoring.metric.greater_is_better else "-1.0",
        # MAPE reads as a percentage, as ModelPath shows it; the JSON output keeps the fraction.
        "shown_code": 'f"{100 * score:.2f} %"' if scoring.metric.percent else 'f"{score:.4f}"',
        "extra_metrics": _extra_metrics(writer, problem.task),
        "seed": repr(recipe.split.seed),
    }
    copied = bundle.source(
        [
            "core.data.intake",
            "core.data.columns",
            "core.prepare.cleaning",
            "core.prepare.transformers",
        ]
    )
    values["copied"] = copied
    plain = bundle.plain_imports | {
        "import argparse",
        "import io",
        "import json",
        "import sys",
        "import warnings",
        "import numpy as np",
        "import pandas as pd",
    }
    from_lines = set(writer.import_lines() + _from_imports(bundle)) | {"from pathlib import Path"}
    values["imports"] = "\n".join(sorted(plain) + sorted(from_lines, key=_import_order))
    return string.Template(_TEMPLATE).substitute(values)


def _docstring_safe(text: str) -> str:
    """Text that cannot end or escape the script's docstring (column names are untrusted)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _import_order(line: str) -> tuple[int, str]:
    # The standard library first, then the scientific stack, like isort would.
    module = line.split()[1]
    third_party = module.split(".")[0] in ("numpy", "pandas", "sklearn", "imblearn", "scipy")
    return (1 if third_party else 0, line)


def _literal(value: Any) -> str:
    """A JSON-safe value as Python source, wrapped for reading."""
    text = repr(value)
    if len(text) <= 80:
        return text
    if isinstance(value, list):
        lines, line = [], ""
        for item in value:
            piece = f"{item!r}, "
            if line and len(line) + len(piece) > 92:
                lines.append(line.rstrip())
                line = ""
            line += piece
        lines.append(line.rstrip())
        return "[\n" + "".join(f"    {chunk}\n" for chunk in lines if chunk) + "]"
    if isinstance(value, dict):
        return "{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in value.items()) + "}"
    return text


def _versions() -> dict[str, str]:
    import imblearn
    import pandas
    import sklearn

    return {
        "pandas": pandas.__version__,
        "scikit-learn": sklearn.__version__,
        "imbalanced-learn": imblearn.__version__,
        "numpy": np.__version__,
    }


def _scorer_code(writer: _Writer, key: str, positive: object) -> str:
    metric = METRICS[key]
    if key in ("f1", "precision", "recall"):
        function = writer.name_of(
            getattr(importlib.import_module("sklearn.metrics"), f"{key}_score")
        )
        make = writer.name_of(importlib.import_module("sklearn.metrics").make_scorer)
        return f"{make}({function}, pos_label={_plain_label(positive)}, zero_division=0)"
    if key == "average_precision":
        metrics = importlib.import_module("sklearn.metrics")
        make = writer.name_of(metrics.make_scorer)
        function = writer.name_of(metrics.average_precision_score)
        return (
            f"{make}(\n        {function},\n"
            '        response_method=("decision_function", "predict_proba"),\n'
            f"        pos_label={_plain_label(positive)},\n    )"
        )
    get_scorer = writer.name_of(importlib.import_module("sklearn.metrics").get_scorer)
    return f"{get_scorer}({metric.scorer!r})"


def _plain_label(label: object) -> str:
    if isinstance(label, np.generic):
        label = label.item()
    return repr(label)


def _extra_metrics(writer: _Writer, task: str) -> str:
    metrics = importlib.import_module("sklearn.metrics")
    if task == "regression":
        names = {
            "MAE": "mean_absolute_error",
            "RMSE": "root_mean_squared_error",
            "R²": "r2_score",
        }
    else:
        names = {"Accuracy": "accuracy_score", "Balanced accuracy": "balanced_accuracy_score"}
    entries = [
        f"({label!r}, {writer.name_of(getattr(metrics, fn))})" for label, fn in names.items()
    ]
    return "[" + ", ".join(entries) + "]"


def _split_code(recipe: Recipe, data: TrainingData) -> str:
    split = recipe.split
    strategy = resolve_strategy(split, recipe.problem.task)
    if strategy in ("random", "stratified"):
        stratify = 'frame[TARGET].astype("str")' if strategy == "stratified" else "None"
        why = (
            "Stratified: the test rows keep the class shares of the whole table."
            if strategy == "stratified"
            else "Random: rows are shuffled, then a share is held out."
        )
        return (
            f"    # {why}\n"
            "    train_index, test_index = train_test_split(\n"
            f"        frame.index,\n        test_size={split.test_size!r},\n"
            f"        random_state={split.seed!r},\n        shuffle=True,\n"
            f"        stratify={stratify},\n    )\n"
            "    return pd.Index(train_index), pd.Index(test_index)"
        )
    if strategy == "time":
        return (
            "    # Time order: the latest rows are held out, so the model never trains on the\n"
            "    # future. Every row from the cutoff time on is held out, so no training row\n"
            "    # shares a test time.\n"
            f"    column = frame[{split.time_column!r}]\n"
            f"    n_test = int(np.ceil(len(frame) * {split.test_size!r}))\n"
            '    order = column.sort_values(kind="stable").index\n'
            "    cutoff = column.loc[order[-n_test]]\n"
            "    later = (column.loc[order] >= cutoff).to_numpy()\n"
            "    return order[~later], order[later]"
        )
    return (
        "    # Groups: all rows of one group go to the same side, so the test rows are groups\n"
        "    # the model has never seen.\n"
        f'    groups = frame[{split.group_column!r}].astype("str")\n'
        f"    splitter = GroupShuffleSplit(n_splits=1, test_size={split.test_size!r}, "
        f"random_state={split.seed!r})\n"
        "    train_pos, test_pos = next(splitter.split(frame, groups=groups))\n"
        "    return frame.index[train_pos], frame.index[test_pos]"
    )


def _folds_code(writer: _Writer, recipe: Recipe, data: TrainingData) -> str:
    validation = recipe.validation
    scheme = resolve_scheme(recipe)
    model_selection = importlib.import_module("sklearn.model_selection")
    if scheme == "time_series":
        splitter = writer.name_of(model_selection.TimeSeriesSplit)
        return (
            "    # Time-series folds: each fold trains on earlier rows and validates on the next\n"
            "    # block; rows sharing the boundary's time go to training.\n"
            f"    times = frame.loc[train_index, {recipe.split.time_column!r}].to_numpy()\n"
            '    order = np.argsort(times, kind="stable")\n'
            "    folds = []\n"
            f"    for train, test in {splitter}({validation.folds}).split(order):\n"
            "        train, test = order[train], order[test]\n"
            "        tied = times[test] <= times[train].max()\n"
            "        train, test = np.concatenate([train, test[tied]]), test[~tied]\n"
            "        if len(test):\n"
            "            folds.append((train, test))\n"
            "    return folds"
        )
    shuffle = validation.shuffle
    if scheme == "kfold":
        cls = model_selection.KFold
    elif scheme == "stratified_kfold":
        cls = model_selection.StratifiedKFold
    elif data.task in ("binary", "multiclass"):
        cls = model_selection.StratifiedGroupKFold
    else:
        cls = model_selection.GroupKFold
    name = writer.name_of(cls)
    groups = (
        f'frame.loc[train_index, {recipe.split.group_column!r}].astype("str").to_numpy()'
        if scheme == "group_kfold"
        else "None"
    )
    seed = f"({recipe.split.seed!r} + repeat) % 2**32" if shuffle else "None"
    repeated = f", repeated {validation.repeats} times" if validation.repeats > 1 else ""
    return (
        f"    # {validation.folds} folds{repeated} cut from the training rows only.\n"
        '    labels = y_train.astype("str").to_numpy()\n'
        f"    groups = {groups}\n"
        "    positions = np.arange(len(y_train))\n"
        "    folds = []\n"
        f"    for repeat in range({validation.repeats}):\n"
        f"        splitter = {name}({validation.folds}, shuffle={shuffle!r}, random_state={seed})\n"
        "        folds.extend(splitter.split(positions, labels, groups))\n"
        "    return folds"
    )


_TEMPLATE = '''\
"""${title}

Generated by ModelPath on ${stamp}, with
${versions}.
Needs only pandas, scikit-learn and imbalanced-learn; ModelPath itself is not needed.

Run it on the data file (its original name is the default):

    python ${script_name} [DATA_FILE] [--json RESULTS.json] [--model MODEL_FILE]

It reads the file as ModelPath read it, gives every column the kind ModelPath gave it, applies
the same cleaning, holds out the same test rows, builds the same pipeline, cuts the same folds
and prints the same cross-validation and test scores, beside a do-nothing baseline. Then it
refits on every training row and saves the model (a .skops file when skops is installed).

Everything that learns from data (filling gaps, scaling, encoding, selecting, resampling) is a
step of one pipeline, fitted on training folds only: the validation and test rows never leak
into what the model learned.
"""

from __future__ import annotations

${imports}

DATA_FILE = ${data_file}
TARGET = ${target}
TASK = ${task}
SEED = ${seed}

# --- 1. Reading the file, as ModelPath read it ----------------------------------------------

FILE_FORMAT = ${file_format}
ENCODING = ${encoding}
DELIMITER = ${delimiter}
DECIMAL = ${decimal}
SHEET = ${sheet}
BAD_LINES = ${bad_lines}
# Cells holding one of these words are missing values.
NA_TOKENS = ${na_tokens}
# Column names as ModelPath read them (blank or repeated headers renamed).
FILE_COLUMNS = ${file_columns}

# --- 2. Column kinds (learn nothing, so safe before the split) ------------------------------

DROPPED_COLUMNS = ${dropped}
COLUMN_KINDS = ${kinds}
DATE_FORMATS = ${date_formats}
COLUMNS = ${frame_columns}

# --- 3. Cleaning before the split (learns nothing either) ------------------------------------

TEXT_NORMALISATION = ${normalisation}
TEXT_COLUMNS = ${text_columns}
CATEGORY_MERGES = ${merges}
DROP_DUPLICATES = ${drop_duplicates}

# --- 4. The columns the model learns from ----------------------------------------------------

FEATURES = ${features}

# --- Helpers copied from ModelPath, so this script reads and converts exactly as it does -----

${copied}


# --- The steps -------------------------------------------------------------------------------


def read_table(path):
    """Read the data file with the options ModelPath detected."""
    content = Path(path).read_bytes()
    if FILE_FORMAT == "csv":
        text = content.decode(ENCODING, errors="replace").removeprefix("\\ufeff")
        frame = pd.read_csv(
            io.StringIO(text),
            sep=DELIMITER,
            engine="c",
            names=FILE_COLUMNS,
            header=0,
            index_col=False,
            keep_default_na=False,
            na_values=NA_TOKENS,
            decimal=DECIMAL,
            skip_blank_lines=True,
            low_memory=False,
            on_bad_lines=BAD_LINES,
        )
    elif FILE_FORMAT == "excel":
        raw = pd.read_excel(
            io.BytesIO(content), sheet_name=SHEET, header=None, keep_default_na=False,
            na_values=NA_TOKENS,
        )
        # Fully empty rows and columns are layout, not data; the first row is the header.
        trimmed = raw.dropna(axis=0, how="all").dropna(axis=1, how="all")
        frame = trimmed.iloc[1:].reset_index(drop=True).infer_objects()
        frame.columns = FILE_COLUMNS
    elif FILE_FORMAT == "parquet":
        frame = pd.read_parquet(io.BytesIO(content))
        if not (isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0):
            frame = frame.reset_index()
        frame = _containers_to_json(frame).infer_objects()
        frame.columns = FILE_COLUMNS
    else:
        text = content.decode(ENCODING or "utf-8", errors="replace").removeprefix("\\ufeff")
        frame = _json_table(text, str(path))
        frame = _containers_to_json(frame).infer_objects()
        frame.columns = FILE_COLUMNS
    frame, changed = _apply_na_tokens(frame, tuple(NA_TOKENS))
    if FILE_FORMAT == "csv":
        frame, _ = _coerce_text_numbers(frame, DECIMAL)
    elif changed:
        objects = [col for col in changed if pd.api.types.is_object_dtype(frame[col])]
        if objects:
            frame[objects] = frame[objects].infer_objects()
    return frame.reset_index(drop=True)


def _json_table(text, name):
    """A JSON list of objects, JSON Lines, or an object of columns, as a table."""
    if name.lower().endswith((".jsonl", ".ndjson")):
        return pd.json_normalize([json.loads(line) for line in text.splitlines() if line.strip()])
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return pd.json_normalize([json.loads(line) for line in text.splitlines() if line.strip()])
    if isinstance(data, list):
        return pd.json_normalize(data)
    values = list(data.values())
    records = values[0] if len(data) == 1 else None
    if isinstance(records, list) and all(isinstance(v, dict) for v in records):
        return pd.json_normalize(records)
    if all(isinstance(value, list) for value in values):
        return pd.DataFrame({str(key): value for key, value in data.items()})
    frame = pd.DataFrame.from_dict(data, orient="columns")
    labels = [str(label) for label in frame.index]
    if labels == [str(position) for position in range(len(labels))]:
        return frame.reset_index(drop=True)
    return frame.reset_index()


def prepare(raw):
    """Drop columns and convert every column to its kind (numbers, yes/no, dates, text)."""
    kept = raw.drop(columns=DROPPED_COLUMNS)
    frame = kept.assign(
        **{
            name: convert_column(kept[name], kind, DATE_FORMATS.get(name))
            for name, kind in COLUMN_KINDS.items()
        }
    )
    # The target keeps its labels as the file wrote them (0/1 stays 0/1, "yes" stays "yes").
    frame[TARGET] = convert_target(
        kept[TARGET], COLUMN_KINDS[TARGET], DATE_FORMATS.get(TARGET)
    )
    return frame


def clean(frame):
    """Cleaning that learns nothing: rows without a target go; text is tidied and merged."""
    frame = frame.loc[frame[TARGET].notna()]
    labels = frame[TARGET]
    if isinstance(labels.dtype, pd.BooleanDtype | pd.Int64Dtype):
        # No target is missing any more: numpy's own types, as scikit-learn expects.
        frame = frame.assign(**{TARGET: labels.astype(labels.dtype.numpy_dtype)})
    updated = {}
    for name, kind in COLUMN_KINDS.items():
        if name == TARGET:
            continue
        column = frame[name]
        if kind == "boolean":
            # Yes/no becomes 1/0, which is what every encoder would make of it.
            updated[name] = column.astype("Float64").astype("float64")
        elif kind == "numeric" and pd.api.types.is_integer_dtype(column.dtype):
            # Whole numbers become floats so imputers can write any fill value into them.
            updated[name] = column.astype("float64")
        elif name in TEXT_COLUMNS:
            tidy = normalise_text(column, TEXT_NORMALISATION)
            merges = CATEGORY_MERGES.get(name)
            if merges:
                keys = normalise_text(pd.Series(list(merges), dtype="str"), TEXT_NORMALISATION)
                values = normalise_text(
                    pd.Series(list(merges.values()), dtype="str"), TEXT_NORMALISATION
                )
                mapping = dict(zip(keys, values, strict=True))
                tidy = tidy.astype("str").replace(mapping).where(tidy.notna())
            if tidy is not column:
                updated[name] = tidy
    if updated:
        frame = frame.assign(**updated)
    if DROP_DUPLICATES:
        frame = frame.loc[~frame.duplicated(keep="first")]
    return frame


def split(frame):
    """Hold out the test rows; they are scored once, at the very end."""
${split_code}


def cv_folds(frame, train_index, y_train):
    """The cross-validation folds, as (training positions, validation positions) pairs."""
${folds_code}


def build_pipeline():
    """Every step that learns, in one pipeline, so it is fitted on training rows only."""
    return ${pipeline_code}


def build_baseline():
    """The same preparation with a do-nothing model: the score any real model must beat."""
    return ${baseline_code}


def make_scorer_for_metric():
    """The primary metric, ${metric_label}; errors are negated so larger is always better."""
    return ${scorer_code}


NATURAL_SIGN = ${natural_sign}  # turns the scorer's value back into the metric's own units
EXTRA_METRICS = ${extra_metrics}


def shown(score):
    """A score of the primary metric as ModelPath shows it (the JSON output keeps it as is)."""
    return ${shown_code}


def cross_validated(estimator, X_train, y_train, folds, scorer):
    scores = cross_validate(
        estimator, X_train, y_train, cv=folds, scoring=scorer, return_train_score=True,
        error_score="raise",
    )
    test = [NATURAL_SIGN * s for s in scores["test_score"]]
    train = [NATURAL_SIGN * s for s in scores["train_score"]]
    return {
        "folds": test,
        "mean": float(np.mean(test)),
        "std": float(np.std(test)),
        "train_mean": float(np.mean(train)),
    }


def save_model(model, path):
    """Save as .skops (safe to load: no code runs), or joblib when skops is not installed."""
    try:
        import skops.io as sio
    except ImportError:
        import joblib

        path = Path(path).with_suffix(".joblib")
        joblib.dump(model, path)
        print(f"Saved the model to {path} (install skops for a file that is safe to share;")
        print("  a joblib file runs code when loaded, so only load your own).")
        return path
    sio.dump(model, path)
    print(f"Saved the model to {path}.")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_file", nargs="?", default=DATA_FILE, help="the data file")
    parser.add_argument("--json", help="also write the scores to this JSON file")
    parser.add_argument("--model", default="model.skops", help="where to save the model")
    args = parser.parse_args(argv)

    frame = clean(prepare(read_table(args.data_file)))
    train_index, test_index = split(frame)
    X_train, y_train = frame.loc[train_index, FEATURES], frame.loc[train_index, TARGET]
    X_test, y_test = frame.loc[test_index, FEATURES], frame.loc[test_index, TARGET]
    print(f"{len(frame):,} rows: {len(X_train):,} for training, {len(X_test):,} held out.")

    folds = cv_folds(frame, train_index, y_train)
    scorer = make_scorer_for_metric()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cv = cross_validated(build_pipeline(), X_train, y_train, folds, scorer)
        baseline_cv = cross_validated(build_baseline(), X_train, y_train, folds, scorer)
        model = build_pipeline().fit(X_train, y_train)
        baseline = build_baseline().fit(X_train, y_train)
        test_score = NATURAL_SIGN * scorer(model, X_test, y_test)
        baseline_test = NATURAL_SIGN * scorer(baseline, X_test, y_test)
        predictions = model.predict(X_test)
        baseline_predictions = baseline.predict(X_test)

    label = ${metric_label}
    cv_reading = f"{shown(cv['mean'])} ± {shown(cv['std'])}"
    print(f"Cross-validation {label}: {cv_reading} over {len(folds)} folds")
    print("  per fold: " + ", ".join(shown(s) for s in cv["folds"]))
    print(f"  training folds: {shown(cv['train_mean'])}; baseline: {shown(baseline_cv['mean'])}")
    print(f"Test {label}: {shown(test_score)} (baseline {shown(baseline_test)})")
    extra = {}
    for name, function in EXTRA_METRICS:
        extra[name] = float(function(y_test, predictions))
        base = float(function(y_test, baseline_predictions))
        print(f"  test {name}: {extra[name]:.4f} (baseline {base:.4f})")
    if args.json:
        results = {
            "metric": ${metric_key},
            "cv": cv,
            "baseline_cv": baseline_cv,
            "test_score": test_score,
            "baseline_test_score": baseline_test,
            "test_metrics": extra,
            "rows": {"train": len(X_train), "test": len(X_test)},
        }
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    save_model(model, args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''
