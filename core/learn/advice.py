"""In your data: the advice a mentor would give on each lifecycle page, from the person's own
data and results.

Each piece of :class:`Advice` names its columns and numbers ("‘cabin’ is 77 % empty: dropping
it is usually better than imputing") and, where the app can do it in one click, carries an
:class:`Action` ("drop ‘cabin’"). :func:`advise` reads whatever the page has — the profile, the
recipe, the split data, a trained model, a learning curve, a diagnosis — and skips the advice
whose inputs are missing, so every page can ask early and get more as the person goes on.

Everything here only reads numbers that were already computed or are cheap to count (class
shares, missing cells, quantiles): pages rerun often, and advice must never slow them down or
fail them.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from core.data import ColumnKind, PreparedTable, parse_numbers, values_are_codes
from core.errors import ModelPathError
from core.evaluate import (
    Diagnosis,
    DiagnosisError,
    LearningCurve,
    TrainedModel,
    diagnose,
    setting_text,
)
from core.learn.lessons import LIFECYCLE
from core.model import MODELS, ModelSpec, leave_out_label
from core.prepare import TrainingData, clean_columns, resolve_scaling, resolve_strategy
from core.recipe import CLASSIFICATION_TASKS, Recipe
from core.understand import (
    METRICS,
    DatasetProfile,
    Finding,
    baseline_score,
    class_balance,
    recommend_metric,
    spelling_variants,
)

__all__ = ["ACTION_KINDS", "SEVERITIES", "Action", "Advice", "advise"]

logger = logging.getLogger(__name__)

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


# --- problem ---------------------------------------------------------------------------------


def _class_baseline(inputs: _Inputs) -> list[Advice]:
    """The majority share is what a model that learned nothing already scores."""
    y, task = inputs.y, inputs.task
    if y is None or task not in CLASSIFICATION_TASKS:
        return []
    balance = class_balance(y)
    majority, minority = balance.majority_class, balance.minority_class
    numbers = {"majority_share": balance.majority_share, "minority_share": balance.minority_share}
    if task == "binary":
        shares = (
            f"{_q(inputs.target)} is {_q(majority)} in {_pct(balance.majority_share)} of rows "
            f"and {_q(minority)} in {_pct(balance.minority_share)}"
        )
    else:
        shares = (
            f"{_q(inputs.target)} has {len(balance.counts)} classes, the largest "
            f"{_q(majority)} with {_pct(balance.majority_share)} of rows and the smallest "
            f"{_q(minority)} with {_pct(balance.minority_share)}"
        )
    text = (
        f"{shares}: always guessing {_q(majority)} already gives "
        f"{_pct(balance.majority_share)} accuracy"
    )
    metric = inputs.metric
    if metric != "accuracy" and _metric_fits(metric, task):
        score, _ = baseline_score(y, task, metric, positive_class=inputs.positive_class)
        if math.isfinite(score):
            numbers["baseline"] = score
            text += f", and {inputs.score_text(score)} {METRICS[metric].label}"
    elif metric == "accuracy":
        numbers["baseline"] = balance.majority_share
    text += ". A model is only worth something above that."
    return [inputs.advice("class_baseline", text, numbers, "tip")]


def _metric_for_imbalance(inputs: _Inputs) -> list[Advice]:
    """Accuracy on imbalanced classes rewards a model that never finds the rare class."""
    y, task, recipe = inputs.y, inputs.task, inputs.recipe
    if y is None or task not in CLASSIFICATION_TASKS or recipe is None:
        return []
    chosen = recipe.problem.metric
    if chosen != "accuracy":
        return []
    balance = class_balance(y)
    if task == "binary":
        imbalanced = balance.minority_share < IMBALANCED_SHARE
    else:
        imbalanced = balance.counts.iloc[-1] / balance.counts.iloc[0] < 0.5
    if not imbalanced:
        return []
    better = recommend_metric(y, task, positive_class=recipe.problem.positive_class).metric
    if better == "accuracy":
        return []
    label = METRICS[better].label
    return [
        inputs.advice(
            "metric_for_imbalance",
            f"{_q(balance.minority_class)} is only {_pct(balance.minority_share)} of rows, so "
            f"accuracy flatters: a model that never predicts it still scores "
            f"{_pct(balance.majority_share)}. {label} counts the rare class fairly.",
            {"minority_share": balance.minority_share, "majority_share": balance.majority_share},
            "warning",
            Action("set_metric", f"Use {label}", {"metric": better}),
        )
    ]


def _regression_target(inputs: _Inputs) -> list[Advice]:
    """A skewed target makes RMSE a story about a few rows; MAPE breaks on zeros."""
    y, task = inputs.y, inputs.task
    if y is None or task != "regression":
        return []
    values = pd.to_numeric(y, errors="coerce").dropna().to_numpy(dtype="float64")
    values = values[np.isfinite(values)]
    if len(values) < 3:
        return []
    out = []
    metric = inputs.metric
    zeros = int(np.sum(np.abs(values) < 1e-9))
    if metric == "mape" and zeros:
        out.append(
            inputs.advice(
                "mape_with_zeros",
                f"{_q(inputs.target)} is zero in {_rows(zeros)}, where MAPE divides by zero and "
                "explodes. MAE reads as the typical error in the target's own units.",
                {"zero_rows": zeros},
                "warning",
                Action("set_metric", "Use MAE", {"metric": "mae"}),
            )
        )
    skew = float(pd.Series(values).skew())
    if math.isfinite(skew) and abs(skew) > SKEWED_TARGET and metric in ("rmse", "r2"):
        largest = float(np.max(values)) if skew > 0 else float(np.min(values))
        out.append(
            inputs.advice(
                "skewed_target",
                f"{_q(inputs.target)} is skewed (skewness {skew:.1f}; median "
                f"{_fmt(float(np.median(values)))}, extreme {_fmt(largest)}): a few extreme "
                f"rows dominate {METRICS[metric].label}. MAE reads as the typical error.",
                {"skewness": skew, "median": float(np.median(values)), "extreme": largest},
                "tip",
                Action("set_metric", "Use MAE", {"metric": "mae"}),
            )
        )
    # With zeros in the target, MAPE's baseline is astronomically large and says nothing.
    if _metric_fits(metric, "regression") and not (metric == "mape" and zeros):
        score, _ = baseline_score(pd.Series(values), "regression", metric)
        mean = float(np.mean(values))
        if math.isfinite(score):
            out.append(
                inputs.advice(
                    "regression_baseline",
                    f"Always predicting the mean of {_q(inputs.target)} ({_fmt(mean)}) already "
                    f"scores {METRICS[metric].label} {inputs.score_text(score)}. A model is only "
                    "worth something beyond that.",
                    {"mean": mean, "baseline": score},
                    "tip",
                )
            )
    return out


# --- data ------------------------------------------------------------------------------------


def _rows_per_feature(inputs: _Inputs) -> list[Advice]:
    """Too few rows per column and flexible models memorise."""
    table, n_features = inputs.table, inputs.n_features
    if table is None or not n_features:
        return []
    n_rows = len(table.frame)
    per_feature = n_rows / n_features
    numbers = {"rows": n_rows, "features": n_features, "rows_per_feature": per_feature}
    counts = f"{_rows(n_rows)} for {n_features} usable column{'s' if n_features > 1 else ''}"
    if n_rows < FEW_ROWS:
        return [
            inputs.advice(
                "few_rows",
                f"Only {counts}: scores will swing from one split to the next. Collect more "
                "rows if you can; prefer simple models and more folds.",
                numbers,
                "warning",
            )
        ]
    if per_feature < ROWS_PER_FEATURE:
        return [
            inputs.advice(
                "rows_per_feature",
                f"{counts} (about {per_feature:.0f} per column): with so few rows per column a "
                "flexible model finds chance patterns. Leave out columns you do not need, or "
                "collect more rows.",
                numbers,
                "warning",
            )
        ]
    if per_feature >= COMFORTABLE_ROWS_PER_FEATURE and n_rows >= FEW_TRAIN_ROWS:
        return [
            inputs.advice(
                "rows_per_feature",
                f"{counts} (about {per_feature:,.0f} per column): enough to learn from without "
                "collecting more first.",
                numbers,
                "good",
            )
        ]
    return []


def _read_problems(inputs: _Inputs) -> list[Advice]:
    """Values the reader could not use, lines it skipped and headers it renamed."""
    profile = inputs.profile
    if profile is None:
        return []
    out = []
    report = profile.loaded.report
    if report.skipped_lines:
        lines = report.skipped_lines
        shown = ", ".join(str(n) for n in lines[:5]) + ("…" if len(lines) > 5 else "")
        were = "line of the file was" if len(lines) == 1 else "lines of the file were"
        out.append(
            inputs.advice(
                "skipped_lines",
                f"{len(lines):,} {were} skipped ({were.split()[0]} {shown}): their rows are not "
                "in the table. Check that they were really broken.",
                {"skipped_lines": len(lines)},
                "warning",
            )
        )
    for finding in inputs.findings("mixed_types")[:2]:
        column = finding.column
        if column is None or column in inputs.excluded:
            continue
        advice = _unreadable(inputs, profile.table, column, finding.value)
        if advice is not None:
            out.append(advice)
    renamed = report.renamed_headers
    if renamed:
        shown = ", ".join(f"{_q(old)} → {_q(new)}" for old, new in renamed[:3])
        out.append(
            inputs.advice(
                "renamed_headers",
                f"{len(renamed)} column name{'s were' if len(renamed) > 1 else ' was'} blank, "
                f"repeated or padded and renamed ({shown}). Use the new names in recipes and "
                "new files.",
                {"renamed": len(renamed)},
                "tip",
            )
        )
    return out


def _unreadable(
    inputs: _Inputs, table: PreparedTable, column: str, lost: float | None
) -> Advice | None:
    """Values that are not of the column's kind: lost as missing, or turning numbers to text."""
    n_rows = len(table.frame)
    if not n_rows:
        return None
    if lost:
        count = int(lost)
        kind = table.info(column).kind.value
        return inputs.advice(
            f"unreadable_values:{column}",
            f"{_q(column)}: {_rows(count, 'value')} ({_pct(count / n_rows)}) could not be read "
            f"as {kind} and became missing. Fix them at the source, add them to the "
            "missing-value words, or change the column's kind.",
            {"values": count, "share": count / n_rows},
            "warning",
        )
    # Mostly numbers, kept as text: count the values that are not numbers.
    present = table.raw[column].dropna()
    numbers, _ = parse_numbers(present.astype("str"))
    text = present[numbers.isna().to_numpy()]
    if not len(text):
        return None
    examples = ", ".join(_q(v) for v in pd.unique(text.astype("str"))[:3])
    if values_are_codes(present.astype("str")):
        # Codes ("A/5 21171" beside "113803"): as numbers, every code with a letter would be
        # lost, so never suggest it.
        return inputs.advice(
            f"unreadable_values:{column}",
            f"{_q(column)} is mostly numbers, but {_rows(len(text), 'value')} "
            f"({_pct(len(text) / n_rows)}) are text (e.g. {examples}) and most values are "
            "different, like codes: keep it as text. Read as numbers, those values would "
            "become missing. If it names rows (a ticket or order number), exclude it.",
            {"values": len(text), "share": len(text) / n_rows},
            "warning",
        )
    return inputs.advice(
        f"unreadable_values:{column}",
        f"{_q(column)} is mostly numbers, but {_rows(len(text), 'value')} "
        f"({_pct(len(text) / n_rows)}) are text (e.g. {examples}), so the whole column is read "
        "as categories. Fix those values, add them to the missing-value words, or set the "
        "column's kind to numeric.",
        {"values": len(text), "share": len(text) / n_rows},
        "warning",
    )


# --- explore ---------------------------------------------------------------------------------


def _leakage(inputs: _Inputs) -> list[Advice]:
    """A column that predicts the target almost perfectly is usually a record of the outcome."""
    out = []
    for finding in inputs.findings("leakage_suspect"):
        column = finding.column
        if column is None or column in inputs.excluded:
            continue
        if finding.value is None:  # filled only for one outcome: the detail says how
            evidence = finding.detail.split("; ")[0]
        else:
            evidence = (
                f"{_q(column)} alone predicts {_q(inputs.target)} almost perfectly (it scores "
                f"{finding.value:.3f} on its own under cross-validation)"
            )
        out.append(
            inputs.advice(
                f"leakage:{column}",
                f"{evidence}. Is it known before the outcome happens? If not, exclude it: it "
                "inflates every score and fails in use.",
                {"score": finding.value if finding.value is not None else 1.0},
                "warning",
                Action("exclude_column", f"Exclude {_q(column)}", {"column": column}),
            )
        )
    for finding in inputs.findings("leakage_combination"):
        if not finding.columns or set(finding.columns) & set(inputs.excluded):
            continue
        # No one-click action: which of the columns is recorded after the outcome is the
        # person's knowledge, and leaving out one of them is usually enough.
        out.append(
            inputs.advice(
                "leakage:" + "+".join(finding.columns),
                f"{finding.detail.split('. ')[0]}. Are they all known before the outcome "
                "happens? Exclude the ones that are not: they inflate every score and fail in use.",
                {"score": finding.value or 0.0},
                "warning",
            )
        )
    return out


def _duplicates(inputs: _Inputs) -> list[Advice]:
    """Exact copies on both sides of the split test memory, not skill."""
    if inputs.recipe is not None and inputs.recipe.cleaning.drop_duplicates:
        return []
    count, n_rows = 0, 0
    if inputs.data is not None:
        count, n_rows = inputs.data.clean.duplicates_found, inputs.data.clean.rows_in
    else:
        for finding in inputs.findings("duplicate_rows"):
            count, n_rows = int(finding.value or 0), len(inputs.profile.table.frame)
    if not count or not n_rows:
        return []
    on_clean_page = inputs.step == "clean"
    return [
        inputs.advice(
            "duplicates",
            f"{_rows(count)} ({_pct(count / n_rows)}) exactly repeat an earlier row. Copies "
            "that land in both training and test rows let the model be tested on rows it "
            "memorised; drop them unless repeats are real, separate events.",
            {"duplicates": count, "share": count / n_rows},
            "warning",
            None if on_clean_page else Action("go_to", "Go to Clean", {"page": "clean"}),
        )
    ]


def _identifiers(inputs: _Inputs) -> list[Advice]:
    """IDs are left out automatically; saying so explains why a column 'disappears'."""
    names = [
        f.column
        for f in inputs.findings("identifier")
        if f.column is not None and f.column not in inputs.excluded
    ]
    if not names:
        return []
    shown = ", ".join(_q(n) for n in names[:3]) + (" …" if len(names) > 3 else "")
    looks = "looks like a row ID and is" if len(names) == 1 else "look like row IDs and are"
    return [
        inputs.advice(
            "identifiers",
            f"{shown} {looks} left out of the features: a model could memorise IDs but not "
            "generalise from them. If rows share an ID (one customer, many rows), use it to "
            "group the split instead.",
            {"identifiers": len(names)},
            "tip",
        )
    ]


def _missing_target(inputs: _Inputs) -> list[Advice]:
    """Rows without an answer are dropped; why they lack one may matter."""
    out = []
    for finding in inputs.findings("missing_target"):
        count = int(finding.value or 0)
        n_rows = len(inputs.profile.table.frame)
        if count and n_rows:
            out.append(
                inputs.advice(
                    "missing_target",
                    f"{_rows(count)} ({_pct(count / n_rows)}) have no {_q(inputs.target)}: they "
                    "are dropped before the split. If they are missing for a reason (e.g. not "
                    "yet known), the model learns only from the rest.",
                    {"rows": count, "share": count / n_rows},
                    "tip",
                )
            )
    return out


# --- clean -----------------------------------------------------------------------------------


def _missing_columns(inputs: _Inputs) -> list[Advice]:
    """Heavy missingness: drop the column, or impute with indicators."""
    table = inputs.table
    if table is None or not len(table.frame):
        return []
    recipe = inputs.recipe
    n_rows = len(table.frame)
    skip = (ColumnKind.IDENTIFIER, ColumnKind.CONSTANT)
    # Counted after conversion, so values that could not be read count as missing too.
    missing = table.frame.isna().sum()
    shares = {
        c.name: int(missing[c.name]) / n_rows
        for c in table.columns
        if c.name != inputs.target and c.name not in inputs.excluded and c.kind not in skip
    }
    cap = recipe.cleaning.max_missing_share if recipe is not None else None
    heavy = [
        (share, name)
        for name, share in shares.items()
        if share >= HEAVY_MISSING_SHARE and (cap is None or share <= cap)
    ]
    out = []
    for share, column in sorted(heavy, reverse=True)[:2]:
        numbers = {"missing_share": share, "missing": int(missing[column]), "rows": n_rows}
        if share >= DROP_MISSING_SHARE:
            out.append(
                inputs.advice(
                    f"high_missing:{column}",
                    f"{_q(column)} is {_pct(share)} empty ({int(missing[column]):,} of "
                    f"{n_rows:,} rows): dropping it is usually better than imputing, which "
                    "would invent most of its values.",
                    numbers,
                    "warning",
                    Action("drop_column", f"Drop {_q(column)}", {"column": column}),
                )
            )
        else:
            indicators = recipe is not None and recipe.cleaning.missing_indicators
            how = (
                "the 'was missing' indicators you turned on let the model learn from the gaps"
                if indicators
                else "turn on 'was missing' indicators so the model can also learn from the gaps"
            )
            out.append(
                inputs.advice(
                    f"high_missing:{column}",
                    f"{_q(column)} is {_pct(share)} empty ({int(missing[column]):,} of {n_rows:,} "
                    "rows). "
                    f"Imputing fills many cells with one guess: {how}, or drop it if the gaps "
                    "mean nothing.",
                    numbers,
                    "tip",
                    Action("drop_column", f"Drop {_q(column)}", {"column": column}),
                )
            )
    return out


def _far_outliers(inputs: _Inputs) -> list[Advice]:
    """Values beyond 3 IQRs, counted on training rows (where the fences would be learned)."""
    data, recipe = inputs.data, inputs.recipe
    if data is None or (recipe is not None and recipe.cleaning.outliers != "none"):
        return []
    X = data.X_train
    worst = None
    for column in data.columns.numeric:
        values = pd.to_numeric(X[column], errors="coerce").dropna()
        if len(values) < 20:
            continue
        q1, q3 = (float(v) for v in values.quantile([0.25, 0.75]))
        spread = q3 - q1
        if not _finite(q1, q3) or spread <= 0:
            continue
        low, high = q1 - FAR_OUTLIER_IQR * spread, q3 + FAR_OUTLIER_IQR * spread
        count = int(((values < low) | (values > high)).sum())
        if count and (worst is None or count > worst[1]):
            worst = (column, count, low, high, len(values))
    if worst is None:
        return []
    column, count, low, high, n = worst
    tree_model = inputs.algorithm is not None and inputs.algorithm.family in ("tree", "ensemble")
    why = (
        "Trees barely notice them"
        if tree_model
        else "They pull linear and distance-based models towards themselves"
    )
    return [
        inputs.advice(
            f"outliers:{column}",
            f"{_q(column)} has {_rows(count, 'training value')} ({_pct(count / n)}) far outside "
            f"its usual range (below {_fmt(low)} or above {_fmt(high)}, 3 × IQR from the "
            f"quartiles). {why}; check they are real, then clip them or keep them.",
            {"outliers": count, "share": count / n, "low": low, "high": high},
            "tip",
        )
    ]


def _spellings(inputs: _Inputs) -> list[Advice]:
    """One category spelled several ways becomes several categories."""
    out = []
    for finding in inputs.findings("inconsistent_categories"):
        column = finding.column
        if column is None or column in inputs.excluded or _spellings_tidied(inputs, column):
            continue
        groups = int(finding.value or 0)
        out.append(
            inputs.advice(
                f"spellings:{column}",
                f"{_q(column)} spells {groups} value{'s' if groups != 1 else ''} in more than one "
                "way (case or spaces): a model counts each spelling as its own category. "
                "Normalise or merge them here.",
                {"groups": groups},
                "tip",
            )
        )
        break  # one column at a time: the same fix usually tidies the others
    return out


def _spellings_tidied(inputs: _Inputs, column: str) -> bool:
    """Whether the recipe's normalisation and merges already make one spelling of each value
    (the findings describe the table as read, before cleaning)."""
    table = inputs.table
    if inputs.recipe is None or table is None or column not in table.frame.columns:
        return False
    cleaned, _ = clean_columns(
        table.frame[[column]], [table.info(column)], inputs.recipe.cleaning, target=None
    )
    return not spelling_variants(cleaned[column])


# --- features --------------------------------------------------------------------------------


def _many_categories(inputs: _Inputs) -> list[Advice]:
    """Many levels: one-hot lumps most of them; ID-like ones cannot carry over."""
    data, recipe = inputs.data, inputs.recipe
    if data is None:
        return []
    X = data.X_train
    n_train = len(X)
    cap = recipe.features.max_onehot_levels if recipe is not None else 20
    encoding = recipe.features.encoding if recipe is not None else "onehot"
    levels = {c: int(X[c].nunique()) for c in data.columns.categorical}
    many = sorted(((n, c) for c, n in levels.items() if n > cap), reverse=True)
    out = []
    for count, column in many[:2]:
        rare = int((X[column].value_counts() < 5).sum())
        numbers = {"levels": count, "rare_levels": rare, "rows": n_train}
        if n_train and count > 0.5 * n_train:
            out.append(
                inputs.advice(
                    f"id_like:{column}",
                    f"{_q(column)} has {count:,} different values in {n_train:,} training rows, "
                    "like a name or an ID: what a model learns from it will not carry over to "
                    "new rows.",
                    numbers,
                    "warning",
                    Action("exclude_column", f"Exclude {_q(column)}", {"column": column}),
                )
            )
        elif encoding != "target":
            out.append(
                inputs.advice(
                    f"many_categories:{column}",
                    f"{_q(column)} has {count:,} categories in the training rows, {rare:,} of them "
                    f"seen fewer than 5 times. One-hot encoding keeps the {cap} commonest and "
                    "lumps the rest; grouping rare ones into 'other' or target encoding keeps "
                    "what they say in fewer columns.",
                    numbers,
                    "tip",
                )
            )
    return out


def _numeric_spans(data: TrainingData) -> dict[str, float]:
    X = data.X_train
    spans = {}
    for column in data.columns.numeric:
        values = pd.to_numeric(X[column], errors="coerce").dropna()
        if len(values):
            span = float(values.max() - values.min())
            if math.isfinite(span) and span > 0:
                spans[column] = span
    return spans


def _scaling(inputs: _Inputs) -> list[Advice]:
    """Distance, kernel and penalty models compare magnitudes; unscaled, the widest column wins."""
    data, recipe, spec = inputs.data, inputs.recipe, inputs.algorithm
    if data is None or recipe is None or spec is None or spec.key == "baseline":
        return []
    spans = _numeric_spans(data)
    if len(spans) < 2:
        return []
    wide, narrow = max(spans, key=spans.get), min(spans, key=spans.get)
    ratio = spans[wide] / spans[narrow]
    scaler = resolve_scaling(recipe.features, needs_scaling=spec.card.needs_scaling)
    numbers = {"wide_span": spans[wide], "narrow_span": spans[narrow], "ratio": ratio}
    if spec.card.needs_scaling and scaler == "none" and ratio >= SCALE_RATIO:
        return [
            inputs.advice(
                "scaling_off",
                f"{_q(wide)} spans {_fmt(spans[wide])} while {_q(narrow)} spans "
                f"{_fmt(spans[narrow])}, and scaling is off: {spec.label} compares magnitudes, "
                f"so {_q(wide)} drowns the others. Set scaling to automatic or standard.",
                numbers,
                "warning",
            )
        ]
    if spec.card.needs_scaling and scaler != "none" and ratio >= SCALE_RATIO:
        return [
            inputs.advice(
                "scaling_on",
                f"{_q(wide)} spans {_fmt(spans[wide])} and {_q(narrow)} {_fmt(spans[narrow])}; "
                f"scaling ({scaler}) puts them on one footing for {spec.label}, learned from "
                "training rows only.",
                numbers,
                "good",
            )
        ]
    return []


def _imbalance_treatment(inputs: _Inputs) -> list[Advice]:
    """A rare class gets ignored by a model trained to be right on most rows."""
    data, recipe = inputs.data, inputs.recipe
    if data is None or recipe is None or data.task != "binary" or not len(data.y_train):
        return []
    if recipe.features.imbalance != "none":
        return []
    shares = data.y_train.value_counts(normalize=True)
    if len(shares) < 2 or shares.min() >= RESAMPLE_SHARE:
        return []
    spec = inputs.algorithm
    weights = spec is None or spec.accepts_class_weight(data.task)
    treatment = "class_weight" if weights else "oversample"
    how = "class weights" if weights else "oversampling"
    effect = "Class weights make" if weights else "Oversampling makes"
    rare = shares.idxmin()
    return [
        inputs.advice(
            "imbalance_treatment",
            f"{_q(rare)} is {_pct(float(shares.min()))} of training rows, so a model is right "
            f"most of the time by ignoring it. {effect} each {_q(rare)} row count more, inside "
            "training folds only.",
            {"minority_share": float(shares.min())},
            "tip",
            Action("set_imbalance", f"Use {how}", {"imbalance": treatment}),
        )
    ]


def _skewed_features(inputs: _Inputs) -> list[Advice]:
    """A long tail pulls linear and distance models; a log or Yeo-Johnson pulls it in."""
    data, recipe, spec = inputs.data, inputs.recipe, inputs.algorithm
    if data is None or recipe is None or spec is None:
        return []
    if spec.family not in SCALE_SENSITIVE_FAMILIES:
        return []
    features = recipe.features
    handled = set(features.log_columns + features.power_columns + features.bin_columns)
    skews = {}
    for column in data.columns.numeric:
        if column in handled:
            continue
        values = pd.to_numeric(data.X_train[column], errors="coerce").dropna()
        if len(values) > 2:
            skew = float(values.skew())
            if math.isfinite(skew):
                skews[column] = skew
    if not skews:
        return []
    column = max(skews, key=lambda c: abs(skews[c]))
    if abs(skews[column]) <= SKEWED_FEATURE:
        return []
    return [
        inputs.advice(
            f"skewed:{column}",
            f"{_q(column)} is skewed (skewness {skews[column]:.1f}): the few values in its "
            f"long tail dominate {spec.label}. A log or Yeo-Johnson transform pulls the tail "
            "in.",
            {"skewness": skews[column]},
            "tip",
        )
    ]


# --- split -----------------------------------------------------------------------------------


def _test_rows(inputs: _Inputs) -> list[Advice]:
    """A test score from a handful of rows is a coin toss."""
    data = inputs.data
    if data is None:
        return []
    n_test = len(data.y_test)
    if data.task in CLASSIFICATION_TASKS:
        counts = data.y_test.value_counts()
        if not len(counts):
            return []
        label, smallest = counts.idxmin(), int(counts.min())
        if smallest >= FEW_TEST_ROWS_PER_CLASS:
            return []
        step = 100 / smallest if smallest else math.inf
        swing = (
            f"one row more or less right moves that class's recall by {step:.0f} points"
            if smallest
            else "its recall cannot be measured at all"
        )
        return [
            inputs.advice(
                "test_rows_per_class",
                f"The test split holds only {_rows(smallest)} of {_q(label)} (of {n_test:,} test "
                f"rows): {swing}. A larger test share, or more rows, makes it steadier.",
                {"rows": smallest, "test_rows": n_test},
                "warning",
            )
        ]
    if n_test < FEW_TEST_ROWS:
        return [
            inputs.advice(
                "test_rows",
                f"The test split holds only {_rows(n_test)}: its score swings with which rows "
                "happen to land there. A larger test share, or more rows, makes it steadier.",
                {"test_rows": n_test},
                "warning",
            )
        ]
    return []


def _split_strategy(inputs: _Inputs) -> list[Advice]:
    """Dates in the table with a shuffled split; IDs that repeat with rows split apart;
    an imbalanced target split without stratifying."""
    recipe, table = inputs.recipe, inputs.table
    if recipe is None or table is None:
        return []
    strategy = resolve_strategy(recipe.split, inputs.task)
    frame = table.frame
    out = []
    if strategy in ("random", "stratified"):
        dates = [
            c.name
            for c in table.columns
            if c.kind is ColumnKind.DATETIME
            and c.name not in inputs.excluded
            and c.n_unique >= 10
            and not frame[c.name].isna().any()
        ]
        snapshot = _elapsed_time_mirror(inputs, dates[0]) if dates else None
        if snapshot is not None:
            out.append(_snapshot_split(inputs, dates[0], *snapshot))
        elif dates:
            column = dates[0]
            first, last = frame[column].min(), frame[column].max()
            span = f" (from {first:%Y-%m-%d} to {last:%Y-%m-%d})" if pd.notna(first) else ""
            out.append(
                inputs.advice(
                    f"time_split:{column}",
                    f"{_q(column)} holds dates{span}, but the split shuffles the rows. If the "
                    "model will predict rows that come after today's, hold out the latest rows: "
                    "a shuffled split lets it learn from the future.",
                    {"distinct_dates": table.info(column).n_unique},
                    "tip",
                    Action(
                        "set_split",
                        f"Split by time on {_q(column)}",
                        {"strategy": "time", "time_column": column},
                    ),
                )
            )
        n_rows = len(frame)
        groups = [
            c
            for c in table.columns
            if _ID_LIKE_NAME.search(c.name)
            and c.name != inputs.target
            and c.kind in (ColumnKind.CATEGORICAL, ColumnKind.NUMERIC)
            and 3 <= c.n_unique <= 0.8 * n_rows
            and not frame[c.name].isna().any()
        ]
        if groups:
            column = groups[0].name
            n_groups = groups[0].n_unique
            out.append(
                inputs.advice(
                    f"group_split:{column}",
                    f"{_q(column)} repeats: {n_rows:,} rows share {n_groups:,} values. If rows "
                    "with the same value belong together (one customer, one patient), a random "
                    "split puts them on both sides and the score measures memory.",
                    {"rows": n_rows, "groups": n_groups},
                    "tip",
                    Action(
                        "set_split",
                        f"Split by groups of {_q(column)}",
                        {"strategy": "group", "group_column": column},
                    ),
                )
            )
    y = inputs.y
    if strategy == "random" and inputs.task in CLASSIFICATION_TASKS and y is not None:
        balance = class_balance(y)
        if balance.minority_share < IMBALANCED_SHARE:
            out.append(
                inputs.advice(
                    "stratify",
                    f"{_q(balance.minority_class)} is only {_pct(balance.minority_share)} of rows "
                    "and the split is not stratified: the test split may get too few of them. "
                    "Stratifying keeps the class shares in both parts.",
                    {"minority_share": balance.minority_share},
                    "tip",
                    Action("set_split", "Stratify the split", {"strategy": "stratified"}),
                )
            )
    return out


# A number that falls as the date rises this tightly is the time elapsed from each date to one
# common day (tenure, age): the mark of a table exported on one day.
SNAPSHOT_CORRELATION = -0.99


def _snapshot_split(inputs: _Inputs, column: str, mirror: str, r: float) -> Advice:
    """The dates say when each row's subject started (a signup, a birth), not when the row
    arrived: every row was measured on one day. A time split would test only on the newest
    subjects, with elapsed times the training rows never had."""
    frame = inputs.table.frame
    first, last = frame[column].min(), frame[column].max()
    return inputs.advice(
        f"snapshot_split:{column}",
        f"{_q(column)} holds dates (from {first:%Y-%m-%d} to {last:%Y-%m-%d}), and {_q(mirror)} "
        f"counts the time from each of them to one common day (one falls as the other rises, "
        f"r = {r:.2f}): the table is a snapshot taken on one day, not rows arriving over time. "
        "A shuffled split suits it; a split by time would test only on the newest rows, with "
        f"{_q(mirror)} values the model never trained on.",
        {"distinct_dates": inputs.table.info(column).n_unique, "correlation": r},
        "good",
    )


def _elapsed_time_mirror(inputs: _Inputs, column: str) -> tuple[str, float] | None:
    """A numeric column counting the time from ``column``'s dates to one common day, with its
    correlation to the dates (None when no column does)."""
    table = inputs.table
    frame = table.frame
    days = (frame[column] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86_400
    for info in table.columns:
        if info.kind is not ColumnKind.NUMERIC or info.name == inputs.target:
            continue
        values = pd.to_numeric(frame[info.name], errors="coerce")
        both = days.notna() & values.notna()
        if both.sum() < FEW_ROWS or values[both].nunique() < 3:
            continue
        r = float(np.corrcoef(days[both], values[both])[0, 1])
        if r <= SNAPSHOT_CORRELATION:
            return info.name, r
    return None


# --- algorithm -------------------------------------------------------------------------------


def _few_rows_for_model(inputs: _Inputs) -> list[Advice]:
    """With few rows, simple models overfit least."""
    data = inputs.data
    if data is None:
        return []
    n_train = len(data.X_train)
    n_features = len(data.columns.used)
    spec = inputs.algorithm
    flexible = spec is not None and spec.family in FLEXIBLE_FAMILIES
    numbers = {"train_rows": n_train, "features": n_features}
    if n_features and n_train / n_features < ROWS_PER_FEATURE:
        return [
            inputs.advice(
                "rows_per_feature",
                f"{_rows(n_train, 'training row')} for {n_features} columns: too few per "
                "column for a flexible model. Start with a regularised linear model, and leave "
                "out columns you do not need.",
                numbers,
                "warning",
            )
        ]
    if n_train >= FEW_TRAIN_ROWS:
        return []
    if flexible:
        return [
            inputs.advice(
                "few_rows_flexible",
                f"Only {_rows(n_train, 'training row')}: {spec.label} can memorise that many. "
                "Compare it with a simple regularised linear model, which often wins on small "
                "tables.",
                numbers,
                "warning",
            )
        ]
    if spec is not None and spec.family == "linear":
        return [
            inputs.advice(
                "few_rows_simple",
                f"{_rows(n_train, 'training row')}: a small table, where a simple model like "
                f"{spec.label} is the right start.",
                numbers,
                "good",
            )
        ]
    return [
        inputs.advice(
            "few_rows",
            f"Only {_rows(n_train, 'training row')}: simple, regularised models (logistic "
            "regression, ridge) overfit least; flexible ones need more rows to beat them.",
            numbers,
            "tip",
        )
    ]


def _baseline_reminder(inputs: _Inputs) -> list[Advice]:
    """Every score needs its yardstick."""
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    if inputs.trained is not None and inputs.trained.baseline_cv is not None:
        base = inputs.trained.baseline_cv.mean
        where = "on the same folds"
    elif inputs.data is not None and _metric_fits(inputs.metric, inputs.data.task):
        base, _ = baseline_score(
            inputs.data.y_train,
            inputs.data.task,
            inputs.metric,
            positive_class=inputs.positive_class,
        )
        where = "on the training rows"
    else:
        return []
    if not _finite(base):
        return []
    return [
        inputs.advice(
            "baseline",
            f"A model that ignores every feature scores {label} {score(base)} {where}. Judge "
            "each algorithm by how far it gets beyond that, not by its score alone.",
            {"baseline": base},
            "tip",
        )
    ]


# --- tune, evaluate, improve -----------------------------------------------------------------


def _current_value(inputs: _Inputs, param: str) -> Any:
    """The hyperparameter's value in the trained model (else the recipe), or its default."""
    if inputs.trained is not None:
        params = inputs.trained.cv.params
    else:
        params = inputs.recipe.model.params if inputs.recipe is not None else {}
    if param in params:
        return params[param]
    spec = inputs.algorithm
    if spec is not None:
        for p in spec.params:
            if p.name == param:
                return p.default
    return None


def _param_action(inputs: _Inputs, diagnosis: Diagnosis) -> tuple[str, Action | None]:
    """The first remedy that changes a hyperparameter, as words and a one-click action."""
    for remedy in diagnosis.remedies:
        if remedy.param is not None:
            current = _current_value(inputs, remedy.param)
            words = (
                f"try {remedy.param} = {setting_text(remedy.value)} (now {setting_text(current)})"
            )
            label = f"Set {remedy.param} to {setting_text(remedy.value)}"
            action = Action("set_param", label, {"param": remedy.param, "value": remedy.value})
            return words, action
    for remedy in diagnosis.remedies:
        if remedy.page is not None:
            text = remedy.text.rstrip(".")
            words = text[0].lower() + text[1:]
            page = remedy.page.replace("_", " ").capitalize()
            return words, Action("go_to", f"Go to {page}", {"page": remedy.page})
    return "", None


def _suspicious(inputs: _Inputs) -> list[Advice]:
    """A model that learned from a likely leak: no other reading of its scores holds."""
    trained = inputs.trained
    if trained is None or not trained.warnings:
        return []
    columns = tuple(dict.fromkeys(c for w in trained.warnings for c in w.columns))
    label = inputs.metric_label()
    # The same one action as the Metrics and Diagnosis pages: every named column, and retrain.
    action = Action("leave_out_and_retrain", leave_out_label(columns), {"columns": columns})
    return [
        inputs.advice(
            "suspicious",
            f"Suspicious (likely leakage): cross-validated {label} "
            f"{inputs.score_text(trained.cv.mean)}, but "
            f"the model learned from {', '.join(_q(c) for c in columns)}. "
            + " ".join(w.message for w in trained.warnings),
            {"cv": trained.cv.mean},
            "warning",
            action,
        )
    ]


def _fit(inputs: _Inputs) -> list[Advice]:
    """The diagnosis's verdict (core.model.verdict's, the one every page shows), with the first
    concrete remedy."""
    diagnosis = inputs.diagnosis
    if diagnosis is None:
        return []
    if diagnosis.verdict == "suspicious":
        return _suspicious(inputs)
    figures = diagnosis.figures
    train, cv = figures.get("training score"), figures.get("CV score")
    if not _finite(train, cv):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    numbers = {"train": train, "cv": cv, "gap": abs(train - cv)}
    if diagnosis.verdict == "overfitting":
        words, action = _param_action(inputs, diagnosis)
        return [
            inputs.advice(
                "overfitting",
                f"Training {label} {score(train)} vs cross-validated {score(cv)}: the model "
                "memorises the rows it sees" + (f"; {words}." if words else "."),
                numbers,
                "warning",
                action,
            )
        ]
    if diagnosis.verdict == "underfitting":
        words, action = _param_action(inputs, diagnosis)
        base = figures.get("baseline (CV)")
        against = f" (baseline {score(base)})" if _finite(base) else ""
        if _finite(base):
            numbers["baseline"] = base
        return [
            inputs.advice(
                "underfitting",
                f"Even on its training rows the model gets only {label} {score(train)}"
                f"{against}, and {score(cv)} cross-validated: it is too simple for the pattern, "
                "or the features carry little signal" + (f"; {words}." if words else "."),
                numbers,
                "warning",
                action,
            )
        ]
    if diagnosis.verdict == "more data":
        return [
            inputs.advice(
                "more_data",
                f"The validation {label} ({score(cv)}) was still rising at the largest training "
                "size: more rows would likely help more than tuning.",
                numbers,
                "tip",
                Action("go_to", "Go to New data", {"page": "new_data"}),
            )
        ]
    # Only "good fit" is left: read_fit found the gap small next to the baseline-to-perfect
    # distance and the fold spread, so the words say exactly that.
    return [
        inputs.advice(
            "good_fit",
            f"Good fit: training ({score(train)}) and cross-validated ({score(cv)}) {label} agree, "
            f"a gap of {inputs.change_text(abs(train - cv))}, small next to the distance from the "
            "baseline to a perfect score.",
            numbers,
            "good",
        )
    ]


def _beats_baseline(inputs: _Inputs) -> list[Advice]:
    """A model that does not beat the dummy has learned nothing, whatever its score."""
    trained = inputs.trained
    if trained is None or trained.baseline_cv is None or not trained.baseline_cv.folds:
        return []
    if trained.warnings:  # a leak's lead over the baseline is no achievement
        return []
    cv, base, spread = trained.cv.mean, trained.baseline_cv.mean, trained.cv.std
    if not _finite(cv, base, spread):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    margin = inputs.sign() * (cv - base)
    numbers = {"cv": cv, "baseline": base, "std": spread}
    if margin <= max(spread, 1e-12):
        return [
            inputs.advice(
                "no_better_than_baseline",
                f"Cross-validated {label} {score(cv)} ± {score(spread)} is no better than the "
                f"baseline's {score(base)}, which ignores every feature: the model has learned "
                "nothing useful yet. Look for features that carry the signal.",
                numbers,
                "warning",
                Action("go_to", "Go to Features", {"page": "features"}),
            )
        ]
    if inputs.step == "evaluate":
        return [
            inputs.advice(
                "beats_baseline",
                f"Cross-validated {label} {score(cv)} beats the baseline's {score(base)} by "
                f"{inputs.change_text(abs(cv - base))}, more than the fold-to-fold spread "
                f"({score(spread)}).",
                numbers,
                "good",
            )
        ]
    return []


def _noise_floor(inputs: _Inputs) -> list[Advice]:
    """Differences smaller than the fold spread are luck."""
    trained = inputs.trained
    if trained is None or len(trained.cv.folds) < 2:
        return []
    spread = trained.cv.std
    if not _finite(spread) or spread <= 0:
        return []
    return [
        inputs.advice(
            "noise_floor",
            f"Across folds, {inputs.metric_label()} varies by ± {inputs.score_text(spread)}: a "
            "setting or run must beat another by more than that to count as better.",
            {"std": spread},
            "tip",
        )
    ]


def _new_rows(inputs: _Inputs) -> list[Advice]:
    """How the earlier model did on rows it never saw, against its own test score."""
    trained = inputs.trained
    check = trained.new_rows if trained is not None else None
    if check is None or not _finite(check.score, check.earlier_test_score):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    earlier, now = float(check.earlier_test_score), float(check.score)
    worse = inputs.sign() * (earlier - now)
    numbers = {"new_rows": check.rows, "score": now, "earlier_test_score": earlier}
    # Both scores are measured once, on the test split and on the new rows: both are noisy.
    noise = math.hypot(
        _score_noise(inputs, trained, trained.n_test), _score_noise(inputs, trained, check.rows)
    )
    if worse > max(2 * noise, 1e-12):
        return [
            inputs.advice(
                "drift",
                f"On {_rows(check.rows, 'new row')} the earlier model scores {label} "
                f"{score(now)}, against {score(earlier)} on its own test split: the new rows "
                "differ from the old ones. Retraining on all rows lets the model catch up.",
                numbers,
                "warning",
            )
        ]
    return [
        inputs.advice(
            "no_drift",
            f"On {_rows(check.rows, 'new row')} the earlier model scores {label} {score(now)}, "
            f"in line with {score(earlier)} on its test split: the new rows look like the old.",
            numbers,
            "good",
        )
    ]


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


# --- deliver ---------------------------------------------------------------------------------


def _test_vs_cv(inputs: _Inputs) -> list[Advice]:
    """The test score should agree with cross-validation within the noise of one split."""
    trained = inputs.trained
    final = trained.final if trained is not None else None
    if final is None or trained.n_test <= 0 or trained.warnings:
        return []  # a leaky model's test score agreeing with its CV proves nothing
    test, cv, spread = final.test_score, trained.cv.mean, trained.cv.std
    if not _finite(test, cv, spread):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    noise = _score_noise(inputs, trained, trained.n_test)
    worse = inputs.sign() * (cv - test)
    numbers = {"test": test, "cv": cv, "std": spread}
    if worse > max(2 * noise, 1e-9 * max(abs(cv), 1.0)):
        return [
            inputs.advice(
                "test_below_cv",
                f"The test {label} {score(test)} is clearly worse than cross-validation's "
                f"{score(cv)} ± {score(spread)}: the test rows differ from the training rows, or "
                "the settings were tuned to the folds. Find out why before delivering.",
                numbers,
                "warning",
            )
        ]
    if -worse > max(2 * noise, 1e-9 * max(abs(cv), 1.0)):
        return [
            inputs.advice(
                "test_above_cv",
                f"The test {label} {score(test)} is better than cross-validation's {score(cv)} "
                f"± {score(spread)}: the test split may be easier than usual. Quote the CV "
                "score as the expected one.",
                numbers,
                "tip",
            )
        ]
    return [
        inputs.advice(
            "test_agrees",
            f"The test {label} {score(test)} agrees with cross-validation's {score(cv)} ± "
            f"{score(spread)}: the score is believable on new rows like these.",
            numbers,
            "good",
        )
    ]


def _unseen_categories(inputs: _Inputs) -> list[Advice]:
    """Categories the model never saw in training will keep arriving in use."""
    data = inputs.data
    if data is None or not data.columns.categorical or not len(data.X_test):
        return []
    worst = None
    for column in data.columns.categorical:
        test = data.X_test[column].dropna()
        unseen = test[~test.isin(data.X_train[column].dropna().unique())]
        if len(unseen) and (worst is None or len(unseen) > worst[1]):
            worst = (column, len(unseen), sorted(set(unseen.astype("str")))[:3])
    if worst is None:
        return []
    column, count, examples = worst
    shown = ", ".join(_q(v) for v in examples)
    n_test = len(data.X_test)
    return [
        inputs.advice(
            f"unseen_categories:{column}",
            f"{_q(column)} holds values the model never saw in training in "
            f"{_rows(count, 'test row')} ({_pct(count / n_test)}; e.g. {shown}). New data will "
            "bring more: they are read as unknown, so predictions for such rows rest on the "
            "other columns.",
            {"rows": count, "share": count / n_test},
            "tip",
        )
    ]


def _quote_with_baseline(inputs: _Inputs) -> list[Advice]:
    """A delivered score means something only beside the baseline's, on the same test rows."""
    trained = inputs.trained
    final = trained.final if trained is not None else None
    if final is None or not _finite(final.test_score, final.baseline_test_score):
        return []
    if trained.warnings:  # never "quote" a score that rests on a leak
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    test, base = final.test_score, final.baseline_test_score
    numbers = {"test": test, "baseline": base, "test_rows": trained.n_test}
    if inputs.sign() * (test - base) <= 0:
        return [
            inputs.advice(
                "test_not_above_baseline",
                f"On the {trained.n_test:,} test rows the model scores {label} {score(test)}, no "
                f"better than the baseline's {score(base)}, which ignores every feature: it is "
                "not worth delivering yet.",
                numbers,
                "warning",
            )
        ]
    return [
        inputs.advice(
            "quote_baseline",
            f"Quote the test {label} {score(test)} with its baseline, {score(base)} for a model "
            f"that ignores the features, and the {trained.n_test:,} test rows it was measured "
            "on.",
            numbers,
            "tip",
        )
    ]


# --- the steps -------------------------------------------------------------------------------

_RULES: Mapping[str, tuple[_Rule, ...]] = MappingProxyType(
    {
        "problem": (_metric_for_imbalance, _regression_target, _class_baseline),
        "data": (_read_problems, _rows_per_feature),
        "explore": (_leakage, _duplicates, _missing_target, _identifiers),
        "clean": (_missing_columns, _duplicates, _far_outliers, _spellings),
        "features": (_many_categories, _scaling, _imbalance_treatment, _skewed_features),
        "split": (_test_rows, _split_strategy),
        "algorithm": (_few_rows_for_model, _beats_baseline, _baseline_reminder),
        "tune": (_suspicious, _fit, _beats_baseline, _noise_floor),
        "evaluate": (_suspicious, _fit, _beats_baseline, _test_vs_cv),
        "improve": (_suspicious, _new_rows, _fit, _noise_floor),
        "deliver": (_suspicious, _test_vs_cv, _unseen_categories, _quote_with_baseline),
    }
)
_STEPS = frozenset(s.key for s in LIFECYCLE)
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def advise(
    step: str,
    *,
    profile: DatasetProfile | None = None,
    recipe: Recipe | None = None,
    data: TrainingData | None = None,
    trained: TrainedModel | None = None,
    curve: LearningCurve | None = None,
    diagnosis: Diagnosis | None = None,
) -> list[Advice]:
    """The advice for one lifecycle step, computed from the person's own data and results.

    Any input may be None; advice that needs it is skipped. Nothing here fits a model: the
    inputs already hold every score, and the rest is counting.

    Parameters
    ----------
    step : str
        A key of :data:`core.learn.lessons.LIFECYCLE` (``"problem"``, ``"data"``, … ``"deliver"``).
    profile : DatasetProfile, optional
        The table, its findings, the target and the metric advice.
    recipe : Recipe, optional
        The current choices (advice about a choice already made is not repeated).
    data : TrainingData, optional
        The split data.
    trained : TrainedModel, optional
        The last training action (CV, baseline, test scores).
    curve : LearningCurve, optional
        Whether more rows would help (used when the diagnosis is computed here).
    diagnosis : Diagnosis, optional
        The verdict and remedies; computed from ``trained`` when not given.

    Returns
    -------
    list of Advice
        At most four, warnings first, then tips, then confirmations.

    Raises
    ------
    ModelPathError
        When ``step`` is not a lifecycle step.
    """
    if step not in _STEPS:
        raise ModelPathError(
            f"There is no lifecycle step {step!r} to advise on.",
            "Advice exists for: " + ", ".join(s.key for s in LIFECYCLE) + ".",
            "Use one of those keys.",
        )
    if recipe is None and trained is not None:
        recipe = trained.recipe
    inputs = _Inputs(step, profile, recipe, data, trained, curve, diagnosis)
    found: list[Advice] = []
    seen: set[str] = set()
    for rule in _RULES.get(step, ()):
        for item in _safely(rule, inputs):
            if item.key not in seen:
                seen.add(item.key)
                found.append(item)
    found.sort(key=lambda a: _RANK[a.severity])  # stable: rule order breaks ties
    return found[:MAX_ADVICE]


def _safely(rule: _Rule, inputs: _Inputs) -> list[Advice]:
    # Advice is commentary beside the page's real content: a rule tripping over an odd table
    # must not take the page down. The failure is logged in full, so tests and logs see it.
    try:
        return rule(inputs)
    except Exception:
        logger.exception("Advice rule %s failed on step %r", rule.__name__, inputs.step)
        return []
