"""What every advice rule shares: the :class:`Action` and :class:`Advice` it returns, the
thresholds where a mentor would speak up, the number formatting, and :class:`_Inputs` — what the
page gave us, with the facts several rules need worked out once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import pandas as pd

from core.data import ColumnKind, PreparedTable
from core.evaluate import Diagnosis, DiagnosisError, LearningCurve, TrainedModel, diagnose
from core.model import MODELS, ModelSpec
from core.prepare import TrainingData
from core.recipe import CLASSIFICATION_TASKS, Recipe
from core.understand import METRICS, DatasetProfile, Finding, recommend_metric

__all__ = ["ACTION_KINDS", "SEVERITIES", "Action", "Advice"]

MAX_ADVICE = 4
SEVERITIES = ("warning", "tip", "good")
ACTION_KINDS = (
    "drop_column",
    "exclude_column",
    "set_param",
    "set_metric",
    "set_imbalance",
    "set_split",
    "leave_out_and_retrain",
    "go_to",
)

# Thresholds. Shares are of rows; each is the point where a mentor would speak up.
DROP_MISSING_SHARE = 0.60  # emptier than this: dropping beats imputing
HEAVY_MISSING_SHARE = 0.30  # from here on, imputing with indicators or dropping is a choice
FAR_OUTLIER_IQR = 3.0  # "far out" fences: Q1 − 3 × IQR, Q3 + 3 × IQR
IMBALANCED_SHARE = 0.35  # a binary minority below this makes accuracy flatter
RESAMPLE_SHARE = 0.20  # a binary minority below this deserves class weights or resampling
SKEWED_TARGET = 2.0
SKEWED_FEATURE = 2.0
FEW_ROWS = 50
FEW_TRAIN_ROWS = 300  # below this, flexible models rarely beat simple ones
ROWS_PER_FEATURE = 10  # fewer rows per column than this invites memorising
COMFORTABLE_ROWS_PER_FEATURE = 20
FEW_TEST_ROWS_PER_CLASS = 10
FEW_TEST_ROWS = 30
SCALE_RATIO = 10.0  # numeric spans differing by this factor need scaling for distance models
FLEXIBLE_FAMILIES = ("tree", "ensemble", "kernel", "neural")
SCALE_SENSITIVE_FAMILIES = ("linear", "neighbours", "kernel", "neural")
# Names like "customer_id", "CustomerID", "id_patient": when such a column repeats, its rows
# probably belong together.
_ID_LIKE_NAME = re.compile(r"(?i)(^|[_\s.\-])(id|key)$|^id([_\s.\-]|$)|[a-z]I[dD]$")


@dataclass(frozen=True)
class Action:
    """A one-click change the page can offer beside a piece of advice.

    Parameters
    ----------
    kind : str
        One of :data:`ACTION_KINDS`: ``"drop_column"`` ``{column}`` (remove it from the table,
        ``data.drop_columns``), ``"exclude_column"`` ``{column}`` (keep it but never learn
        from it, ``problem.exclude_columns``), ``"set_param"`` ``{param, value}`` (a
        hyperparameter of the current algorithm), ``"set_metric"`` ``{metric}``,
        ``"set_imbalance"`` ``{imbalance}`` (``features.imbalance``), ``"set_split"``
        ``{strategy}`` plus ``time_column`` or ``group_column`` when the strategy needs one,
        ``"leave_out_and_retrain"`` ``{columns}`` (a suspicious model's one action: exclude
        them all and train again on the Metrics page), ``"go_to"`` ``{page}`` (the stem of a
        file in ``steps/``, e.g. ``"clean"``, ``"new_data"``).
    label : str
        The button's text, e.g. "Drop ‘cabin’".
    params : mapping
        What the action needs, as listed above.
    """

    kind: str
    label: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "label": self.label, "params": dict(self.params)}


@dataclass(frozen=True)
class Advice:
    """One piece of advice about the person's own data or results.

    Parameters
    ----------
    step : str
        The lifecycle step (a key of :data:`core.learn.lessons.LIFECYCLE`) it was given for.
    key : str
        Stable identifier, e.g. ``"high_missing:cabin"`` (to remember a dismissed advice).
    text : str
        Plain text (never markdown) with the numbers; column names quoted with ‘ ’.
    numbers : mapping of str to float
        The numbers quoted in the text, for tests and tools.
    severity : {"warning", "tip", "good"}
        A warning points at something that distorts the score; a tip at a likely gain; good
        confirms a choice.
    action : Action or None
        A one-click change, when the app can make it.
    """

    step: str
    key: str
    text: str
    numbers: Mapping[str, float]
    severity: str
    action: Action | None = None

    def __post_init__(self) -> None:
        numbers = {name: float(value) for name, value in dict(self.numbers).items()}
        object.__setattr__(self, "numbers", MappingProxyType(numbers))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "step": self.step,
            "key": self.key,
            "text": self.text,
            "numbers": {k: (v if math.isfinite(v) else None) for k, v in self.numbers.items()},
            "severity": self.severity,
            "action": None if self.action is None else self.action.to_dict(),
        }


# --- formatting ------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    # 19,690 and 0.2913, never 1.969e+04 (as the lesson examples write numbers).
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _pct(share: float) -> str:
    """A share as a percentage with a space: "77 %", "0.4 %", "99.6 %"."""
    percent = 100 * share
    if 0 < percent < 1 or 99 < percent < 100:
        return f"{percent:.1f} %"
    return f"{percent:.0f} %"


def _q(name: object) -> str:
    return f"‘{name}’"


def _rows(count: int, word: str = "row") -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _metric_fits(metric: str | None, task: str | None) -> bool:
    return metric in METRICS and task in METRICS[metric].tasks


def _finite(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)


# --- what the page gave us -------------------------------------------------------------------


@dataclass
class _Inputs:
    """The inputs of one call, with the facts several rules share worked out once."""

    step: str
    profile: DatasetProfile | None
    recipe: Recipe | None
    data: TrainingData | None
    trained: TrainedModel | None
    curve: LearningCurve | None
    given_diagnosis: Diagnosis | None

    def advice(
        self,
        key: str,
        text: str,
        numbers: Mapping[str, float],
        severity: str,
        action: Action | None = None,
    ) -> Advice:
        return Advice(self.step, key, text, numbers, severity, action)

    @cached_property
    def table(self) -> PreparedTable | None:
        """The whole table with its column kinds (profile first, else the split data's)."""
        if self.profile is not None:
            return self.profile.table
        if self.data is not None:
            return self.data.clean.table
        return None

    @cached_property
    def task(self) -> str | None:
        if self.recipe is not None and self.recipe.problem.task is not None:
            return self.recipe.problem.task
        if self.data is not None:
            return self.data.task
        if self.trained is not None and self.trained.recipe.problem.task is not None:
            return self.trained.recipe.problem.task
        if self.profile is not None and self.profile.task is not None:
            return self.profile.task.task
        return None

    @cached_property
    def target(self) -> str | None:
        if self.recipe is not None and self.recipe.problem.target is not None:
            return self.recipe.problem.target
        if self.profile is not None and self.profile.target is not None:
            return self.profile.target
        if self.data is not None:
            return self.data.clean.target
        return None

    @cached_property
    def y(self) -> pd.Series | None:
        """Every row's target (missing ones set aside)."""
        target = self.target
        if self.profile is not None and target in self.profile.table.frame.columns:
            y = self.profile.table.frame[target]
        elif self.data is not None:
            y = pd.concat([self.data.y_train, self.data.y_test])
        else:
            return None
        y = y.dropna()
        return y if len(y) else None

    @cached_property
    def metric(self) -> str | None:
        """The primary metric: the trained one, the chosen one, else the recommended one."""
        task = self.task
        if self.trained is not None:
            return self.trained.metric
        chosen = self.recipe.problem.metric if self.recipe is not None else None
        if _metric_fits(chosen, task):
            return chosen
        if self.profile is not None and self.profile.metric_advice is not None:
            return self.profile.metric_advice.metric
        if self.y is not None and task is not None:
            return recommend_metric(self.y, task, positive_class=self.positive_class).metric
        return None

    @cached_property
    def positive_class(self) -> object | None:
        recipe = self.recipe or (self.trained.recipe if self.trained is not None else None)
        return recipe.problem.positive_class if recipe is not None else None

    @cached_property
    def excluded(self) -> set[str]:
        """Columns already dropped or excluded, about which there is nothing left to say."""
        recipe = self.recipe
        if recipe is None:
            return set()
        return set(recipe.problem.exclude_columns) | set(recipe.data.drop_columns)

    @cached_property
    def algorithm(self) -> ModelSpec | None:
        key = None
        if self.recipe is not None:
            key = self.recipe.model.algorithm
        if key is None and self.trained is not None:
            key = self.trained.cv.algorithm
        return MODELS.get(key or "")

    @cached_property
    def diagnosis(self) -> Diagnosis | None:
        if self.given_diagnosis is not None:
            return self.given_diagnosis
        if self.trained is None:
            return None
        try:
            return diagnose(
                self.trained.cv,
                self.trained.baseline_cv,
                self.trained.recipe,
                curve=self.curve,
                n_features=self.trained.model_inputs,
                warnings=self.trained.warnings,
            )
        except DiagnosisError:
            return None

    @cached_property
    def n_features(self) -> int | None:
        """Columns a model would learn from (before encoding)."""
        if self.data is not None:
            return len(self.data.columns.used)
        table = self.table
        if table is None:
            return None
        unusable = (ColumnKind.IDENTIFIER, ColumnKind.CONSTANT, ColumnKind.TEXT)
        return sum(
            1
            for c in table.columns
            if c.name != self.target and c.name not in self.excluded and c.kind not in unusable
        )

    def findings(self, *codes: str) -> list[Finding]:
        if self.profile is None:
            return []
        return [f for f in self.profile.findings if f.code in codes]

    def metric_label(self) -> str:
        return METRICS[self.metric].label if self.metric in METRICS else "score"

    def score_text(self, value: float) -> str:
        """A score of the primary metric as people read it: MAPE as a percentage."""
        metric = METRICS.get(self.metric)
        return metric.format(value) if metric is not None and metric.percent else _fmt(value)

    def change_text(self, delta: float) -> str:
        """A difference of two scores: MAPE's in percentage points."""
        metric = METRICS.get(self.metric)
        if metric is not None and metric.percent:
            return metric.format_change(delta)
        return _fmt(delta)

    def sign(self) -> float:
        """+1 when larger scores are better, −1 for errors (RMSE, log loss)."""
        return (
            -1.0 if self.metric in METRICS and not METRICS[self.metric].greater_is_better else 1.0
        )


_Rule = Callable[[_Inputs], list[Advice]]


# --- shared by several steps -----------------------------------------------------------------


def _score_noise(inputs: _Inputs, trained: TrainedModel, n_rows: int) -> float:
    """How much a score measured once on ``n_rows`` rows varies by chance."""
    # One validation fold of about v rows varies by the fold spread; n rows by about
    # spread × √(v / n).
    fraction = trained.test_fraction
    fold_rows = trained.n_train * fraction / (1 + fraction) if _finite(fraction) else 0.0
    noise = trained.cv.std * math.sqrt(max(fold_rows, 1.0) / max(n_rows, 1))
    cv = trained.cv.mean
    if trained.recipe.problem.task in CLASSIFICATION_TASKS and inputs.sign() > 0 and 0 < cv < 1:
        # A few folds can agree by luck; a share of n rows varies by at least √(p(1 − p) / n).
        noise = max(noise, math.sqrt(cv * (1 - cv) / max(n_rows, 1)))
    return noise
