"""The run record: one training action (what was trained, how, how well) and its JSON text.

A :class:`Run` is one training action (a train, a retrain from an earlier run, or a restore). It
checks and normalises every value it is given, so a run read back from a file is as trustworthy
as one just trained. Its JSON text (the recipe as its ``to_dict()``, never a pickle) is what
:class:`core.evaluate.run_store.RunStore` keeps; :data:`RUN_SCHEMA_VERSION` versions that text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, fields
from types import MappingProxyType
from typing import Any

import numpy as np

from core.model import LeakageWarning
from core.recipe import Recipe
from core.understand import METRICS

__all__ = [
    "RUN_KINDS",
    "RUN_SCHEMA_VERSION",
    "Run",
]

RUN_SCHEMA_VERSION = 1
RUN_KINDS = ("train", "retrain", "restore")


# --- the run ---------------------------------------------------------------------------------


def _optional_float(value: Any, where: str) -> float | None:
    """A number or ``None``; NaN and infinities become ``None`` (one way to say "no value")."""
    if value is None:
        return None
    number = _float(value, where)
    return number if math.isfinite(number) else None


def _float(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"Run.{where} must be a number, not {type(value).__name__}")
    return float(value)


def _int(value: Any, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"Run.{where} must be a whole number, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"Run.{where} must be at least {minimum}, not {value}")
    return int(value)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"Run.{where} must be text, not {type(value).__name__}")
    return value


def _score_map(value: Any, where: str) -> Mapping[str, float | None]:
    if not isinstance(value, Mapping):
        raise TypeError(f"Run.{where} must map metric keys to numbers")
    return MappingProxyType(
        {_str(k, f"{where} key"): _optional_float(v, f"{where}[{k!r}]") for k, v in value.items()}
    )


def _sequence(value: Any, where: str) -> Iterable[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"Run.{where} must be a sequence of numbers")
    return value


@dataclass(frozen=True)
class Run:
    """One training action: what was trained, how, and how well.

    Parameters
    ----------
    recipe : Recipe
        The whole workflow that was trained.
    algorithm : str
        The model registry key, e.g. ``"random_forest"``.
    algorithm_label : str
        The algorithm's name shown to people, e.g. ``"Random forest"``.
    metric : str
        The primary metric's key (see ``core.understand.problem.METRICS``).
    cv_folds : tuple of float
        Validation score per fold, in fold order, in metric units (RMSE positive).
    cv_train_folds : tuple of float or None
        Training-fold score per fold; ``None`` where it was not measured.
    planned_folds : int
        How many folds the validation plan has.
    folds_fingerprint : str
        Equal fingerprints mean the same folds (row positions).
    rows_fingerprint : str
        Equal fingerprints mean the same training rows and target values.
    dataset_label : str
        The file name or sample title (plain text; shown as text only).
    n_train, n_test : int
        Rows in the training and test splits.
    test_fraction : float
        Mean validation-fold size divided by mean training-fold size (for the corrected t-test).
    test_metrics : mapping of str to float or None
        Metric key → value on the held-out test split.
    baseline_cv_mean : float or None
        The baseline's CV mean, in metric units.
    baseline_test : mapping of str to float or None
        Metric key → the baseline's value on the test split.
    fit_seconds : float
        Time of the final refit.
    total_seconds : float
        Time of the whole action.
    kind : {"train", "retrain", "restore"}, default="train"
        What kind of action produced the run.
    note : str, default=""
        The person's note.
    parent_id : int or None, default=None
        The run a retrain started from.
    diagnosis : str, default=""
        The verdict word, e.g. ``"overfitting"``; ``"suspicious"`` whenever ``warnings`` holds
        any.
    warnings : tuple of LeakageWarning, default=()
        Why the run's score may be too good to be true (a leak among its features).
    id : int or None, default=None
        Set by :class:`RunStore`.
    created : str, default=""
        ISO-8601 UTC time; set by :class:`RunStore` when empty.

    Notes
    -----
    Numbers that may be missing (training-fold scores, test metrics, baselines) are ``None``
    when missing; NaN and infinities given there are turned into ``None``.
    """

    recipe: Recipe
    algorithm: str
    algorithm_label: str
    metric: str
    cv_folds: tuple[float, ...]
    cv_train_folds: tuple[float | None, ...]
    planned_folds: int
    folds_fingerprint: str
    rows_fingerprint: str
    dataset_label: str
    n_train: int
    n_test: int
    test_fraction: float
    test_metrics: Mapping[str, float | None]
    baseline_cv_mean: float | None
    baseline_test: Mapping[str, float | None]
    fit_seconds: float
    total_seconds: float
    kind: str = "train"
    note: str = ""
    parent_id: int | None = None
    diagnosis: str = ""
    warnings: tuple[LeakageWarning, ...] = ()
    id: int | None = None
    created: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.recipe, Recipe):
            raise TypeError("Run.recipe must be a Recipe")
        if self.metric not in METRICS:
            raise ValueError(f"Run.metric {self.metric!r} is not a known metric key")
        if self.kind not in RUN_KINDS:
            raise ValueError(f"Run.kind must be one of {RUN_KINDS}, not {self.kind!r}")
        for name in (
            "algorithm",
            "algorithm_label",
            "folds_fingerprint",
            "rows_fingerprint",
            "dataset_label",
            "note",
            "diagnosis",
            "created",
        ):
            _str(getattr(self, name), name)
        normalised: dict[str, Any] = {
            "cv_folds": tuple(_float(v, "cv_folds") for v in _sequence(self.cv_folds, "cv_folds")),
            "cv_train_folds": tuple(
                _optional_float(v, "cv_train_folds")
                for v in _sequence(self.cv_train_folds, "cv_train_folds")
            ),
            "planned_folds": _int(self.planned_folds, "planned_folds"),
            "n_train": _int(self.n_train, "n_train"),
            "n_test": _int(self.n_test, "n_test"),
            "test_metrics": _score_map(self.test_metrics, "test_metrics"),
            "baseline_cv_mean": _optional_float(self.baseline_cv_mean, "baseline_cv_mean"),
            "baseline_test": _score_map(self.baseline_test, "baseline_test"),
            "parent_id": None
            if self.parent_id is None
            else _int(self.parent_id, "parent_id", minimum=1),
            "id": None if self.id is None else _int(self.id, "id", minimum=1),
            "warnings": tuple(
                w if isinstance(w, LeakageWarning) else LeakageWarning.from_dict(w)
                for w in _sequence(self.warnings, "warnings")
            ),
        }
        if normalised["warnings"]:
            normalised["diagnosis"] = "suspicious"  # a leak outranks any other reading
        for name in ("test_fraction", "fit_seconds", "total_seconds"):
            value = _float(getattr(self, name), name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"Run.{name} must be a finite number ≥ 0, not {value}")
            normalised[name] = value
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    @property
    def cv_mean(self) -> float:
        """Mean validation score across the fitted folds (NaN when none was fitted)."""
        return float(np.mean(self.cv_folds)) if self.cv_folds else math.nan

    @property
    def cv_std(self) -> float:
        """Standard deviation of the fold scores (``ddof=0``, like the rest of the app)."""
        return float(np.std(self.cv_folds)) if len(self.cv_folds) > 1 else 0.0

    @property
    def train_mean(self) -> float:
        """Mean training-fold score (NaN when none was measured)."""
        values = [v for v in self.cv_train_folds if v is not None]
        return float(np.mean(values)) if values else math.nan

    @property
    def complete(self) -> bool:
        """Whether every planned fold was fitted."""
        return len(self.cv_folds) == self.planned_folds

    @property
    def test_score(self) -> float | None:
        """The primary metric on the held-out test split."""
        return self.test_metrics.get(self.metric)

    @property
    def higher_is_better(self) -> bool:
        """Direction of the primary metric."""
        return METRICS[self.metric].greater_is_better

    @property
    def suspicious(self) -> bool:
        """Whether a leakage warning makes the run's scores untrustworthy."""
        return bool(self.warnings)

    @property
    def suspect_columns(self) -> tuple[str, ...]:
        """Every column the run's warnings name, once."""
        return tuple(dict.fromkeys(c for w in self.warnings for c in w.columns))


# --- JSON text of a run ----------------------------------------------------------------------

# Fields kept in their own columns rather than in the JSON text.
_COLUMN_FIELDS = ("id", "created")
_JSON_FIELDS = tuple(f.name for f in fields(Run) if f.name not in _COLUMN_FIELDS)
_REQUIRED_FIELDS = tuple(
    f.name
    for f in fields(Run)
    if f.name not in _COLUMN_FIELDS and f.default is MISSING and f.default_factory is MISSING
)


def _finite_or_none(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_finite_or_none(v) for v in value]
    return value


def _run_to_json(run: Run) -> str:
    payload = {name: getattr(run, name) for name in _JSON_FIELDS}
    payload["recipe"] = run.recipe.to_dict()
    payload["warnings"] = [w.to_dict() for w in run.warnings]
    return json.dumps(_finite_or_none(payload), sort_keys=True, ensure_ascii=False, allow_nan=False)


def _run_from_json(run_id: int, created: Any, text: Any) -> Run:
    """Rebuild a run from a stored row, checking every value (the file is not trusted).

    Raises ``ValueError``, ``TypeError`` (or ``RecipeError``, a ``ValueError``) when malformed.
    """
    if not isinstance(text, str) or not isinstance(created, str):
        raise TypeError("the stored run is not text")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("the stored run is not a JSON object")
    unknown = sorted(set(data) - set(_JSON_FIELDS))
    missing = sorted(set(_REQUIRED_FIELDS) - set(data))
    if unknown or missing:
        raise ValueError(f"unknown fields {unknown}, missing fields {missing}")
    values = dict(data)
    values["recipe"] = Recipe.from_dict(data["recipe"])
    values["cv_folds"] = [math.nan if v is None else v for v in _sequence(data["cv_folds"], "")]
    return Run(**values, id=run_id, created=created)
