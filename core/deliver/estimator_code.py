"""Write scikit-learn estimators as the Python code that constructs them.

The exported script's pipeline is rendered from the very estimator object ModelPath builds,
parameter by parameter: only parameters that differ from the defaults are written (like
scikit-learn's own ``repr``), classes are imported from their shortest public module, and
ModelPath's own steps are copied into the script with :class:`SourceBundle`.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from core.deliver._source_bundle import COPIED_FROM, ScriptError, SourceBundle

__all__ = ["estimator_code"]

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

# Parameters that change speed, not results; left out so the script reads as the recipe.
_SPEED_ONLY_PARAMS = frozenset({"n_jobs", "verbose", "memory"})


class _Writer:
    """Turns estimator objects into constructor code, collecting the imports they need."""

    def __init__(self, bundle: SourceBundle) -> None:
        self.bundle = bundle
        self.imports: dict[str, dict[str, str]] = {}  # module → {name: alias}
        self.taken: dict[str, object] = {}  # alias → object

    def name_of(self, obj: Any) -> str:
        """The name the script uses for a class or function (importing or copying it)."""
        if isinstance(obj, np.ufunc) or getattr(obj, "__module__", "") == "numpy":
            return f"np.{obj.__name__}"
        module_name = obj.__module__
        if module_name.startswith("core."):
            self.bundle.add(module_name, [obj.__name__])
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
    bundle = SourceBundle()
    writer = _Writer(bundle)
    code = writer.estimator(estimator, 0)
    imports = sorted(bundle.plain_imports) + writer.import_lines() + bundle.from_imports()
    return code, imports, bundle.source(COPIED_FROM)
