"""The playground: what one algorithm learns from one or two of the learner's own columns.

In the spirit of TensorFlow Playground, but on the person's table: :func:`playground` fits the
chosen algorithm, with the chosen hyperparameters, on one or two numeric feature columns of a
sample of the training rows, then draws what it learned over an even grid: the class it
predicts at every point (classification) or the value it predicts (regression), with the
training rows as circles and held-out test rows as crosses. Changing a hyperparameter and
drawing again shows what the knob does to the boundary, in well under a second for the usual
algorithms.

The model here is deliberately small: median imputation, standard scaling (so distance-,
kernel- and gradient-based learners behave) and the registry's estimator, on the chosen columns
only. It pictures the algorithm's behaviour, not the recipe's model, and its scores are for
those columns alone. Test rows are only predicted and scored, never fitted on. Captions never
contain text from the data, so they can be rendered as markdown; column and class names only
reach plotly (axis titles, legend), which escapes them.

This module fits and scores; the figures are drawn in ``_playground_figures``.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import get_scorer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from core.errors import ModelPathError
from core.learn._playground_figures import (
    _all_classes,
    _class_figure,
    _Context,
    _finite,
    _positive,
    _value_figure,
)
from core.model import ModelSpec, model_spec, scoring_for
from core.prepare import TrainingData
from core.recipe import CLASSIFICATION_TASKS, Recipe
from core.understand import METRICS, Metric

__all__ = [
    "MAX_GRID",
    "Playground",
    "PlaygroundError",
    "numeric_candidates",
    "playground",
]

MAX_POINTS = 5_000
"""Most training rows the playground fits on and draws (larger requests are clipped)."""
MAX_GRID = 150
"""Most grid steps per axis (larger requests are clipped)."""
_MIN_POINTS = 50
_MIN_GRID = 10
_MIN_ROWS = 10
_GAP_POINTS = 0.05  # train − test gap (score units) past which a score-type metric says overfit
_GAP_SHARE = 0.2  # relative gap past which an error-type metric says overfit


class PlaygroundError(ModelPathError):
    """The playground cannot draw the chosen columns with the chosen model."""


@dataclass(frozen=True)
class Playground:
    """One playground drawing and the numbers behind it.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        Decision regions (classification) or the fitted curve/surface (regression), with the
        sampled training rows as circles and the sampled test rows as crosses.
    caption : str
        How to read the figure, with this model's numbers. Never contains text from the data.
    train_score, test_score : float
        The metric on the sampled training rows the model was fitted on, and on the sampled
        test rows (NaN when there are none), for the model on the chosen columns only.
    metric_label : str
        The metric's name (the recipe's primary metric, or accuracy / R² when that metric
        cannot be computed here).
    n_train_points, n_test_points : int
        How many training rows were fitted on and how many test rows were scored.
    seconds : float
        Wall-clock time of the whole call.
    """

    figure: go.Figure
    caption: str
    train_score: float
    test_score: float
    metric_label: str
    n_train_points: int
    n_test_points: int
    seconds: float


def numeric_candidates(data: TrainingData) -> list[str]:
    """The numeric feature columns the playground can draw.

    Parameters
    ----------
    data : TrainingData
        The split data.

    Returns
    -------
    list of str
        Numeric feature columns, in table order, with at least two distinct finite values
        among the training rows.
    """
    return [
        column
        for column in data.columns.numeric
        if column in data.X_train.columns and _distinct_values(data.X_train[column]) >= 2
    ]


def _distinct_values(values: pd.Series) -> int:
    return int(np.unique(_finite(values.to_numpy(dtype="float64", na_value=np.nan))).size)


def playground(
    data: TrainingData,
    recipe: Recipe,
    x: str,
    y: str | None = None,
    *,
    algorithm: str | None = None,
    params: Mapping[str, Any] | None = None,
    max_points: int = 1500,
    grid: int = 80,
    seed: int = 0,
) -> Playground:
    """Fit one algorithm on one or two numeric columns and draw what it learned.

    Parameters
    ----------
    data : TrainingData
        The split data; only training rows are fitted on.
    recipe : Recipe
        Supplies the default algorithm and hyperparameters (``model``), the primary metric and
        positive class (``problem``), class weighting (``features.imbalance``) and the model's
        seed (``split.seed``).
    x : str
        The column across (a name from :func:`numeric_candidates`).
    y : str, optional
        The column up. Without it, the figure is a curve along ``x``.
    algorithm : str, optional
        A registry key; defaults to the recipe's ``model.algorithm``.
    params : mapping, optional
        Hyperparameters; defaults to the recipe's ``model.params`` when ``algorithm`` is the
        recipe's, else the registry's defaults.
    max_points : int, default=1500
        Most training rows to fit on and draw (clipped to 50–5,000); at most a third as many
        test rows are drawn. Classification samples keep each class's share.
    grid : int, default=80
        Grid steps per axis (clipped to 10–150).
    seed : int, default=0
        Seed of the row samples (and of the jitter in one-column class plots).

    Returns
    -------
    Playground

    Raises
    ------
    PlaygroundError
        When no algorithm is chosen or it is unknown, a hyperparameter is invalid, a column is
        unknown, not numeric or chosen twice, there are too few rows, or the model fails.
    """
    start = time.perf_counter()
    max_points = int(min(max(max_points, _MIN_POINTS), MAX_POINTS))
    grid = int(min(max(grid, _MIN_GRID), MAX_GRID))
    columns = _checked_columns(data, x, y)
    spec, estimator = _estimator(data, recipe, algorithm, params)
    classification = data.task in CLASSIFICATION_TASKS

    if len(data.X_train) < _MIN_ROWS:
        raise PlaygroundError(
            f"The playground needs at least {_MIN_ROWS} training rows; there are "
            f"{len(data.X_train)}.",
            "A model drawn from a handful of rows shows nothing but chance.",
            "Use a larger table, or a smaller test share on the Split page.",
        )
    rng = np.random.default_rng(seed)
    train_at = _sample(len(data.X_train), data.y_train if classification else None, max_points, rng)
    test_at = _sample(
        len(data.X_test), data.y_test if classification else None, max_points // 3, rng
    )
    X_fit = _numbers(data.X_train.iloc[train_at], columns)
    y_fit = data.y_train.iloc[train_at]
    X_held = _numbers(data.X_test.iloc[test_at], columns)
    y_held = data.y_test.iloc[test_at]
    ranges = [_axis_range(X_fit[c].to_numpy(), c) for c in columns]
    if classification and y_fit.nunique() < 2:
        raise PlaygroundError(
            "The sampled training rows hold only one class.",
            "A classifier needs at least two classes to draw a boundary between them.",
            "Raise the number of points, or check the target on the Problem page.",
        )

    model = Pipeline(
        [
            ("impute", SimpleImputer(strategy="median")),
            ("scale", StandardScaler()),
            ("model", estimator),
        ]
    )
    context = _Context(
        model=model,
        spec=spec,
        columns=columns,
        ranges=ranges,
        grid=grid,
        X_fit=X_fit,
        y_fit=y_fit,
        X_held=X_held,
        y_held=y_held,
        target=recipe.problem.target or "target",
        rng=rng,
    )
    try:
        # One thread, like n_jobs=1: on a few thousand rows, OpenMP start-up and contention
        # with other sessions cost more than they save (gradient boosting went from 0.3 s to
        # several seconds on a busy two-core machine).
        with warnings.catch_warnings(), threadpool_limits(limits=1):
            # A picture of the algorithm is still worth drawing before the optimiser converges.
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X_fit, y_fit)
            scoring = _scores(model, recipe, data, context)
            if classification:
                classes = _all_classes(data.y_train, model)
                positive = _positive(scoring.positive, model) if data.task == "binary" else None
                figure, how = _class_figure(context, classes, positive)
            else:
                figure, how = _value_figure(context)
    except ModelPathError:
        raise
    except Exception as exc:
        raise PlaygroundError(
            f"{spec.label} could not be fitted and drawn on the chosen columns.",
            f"It failed with: {_describe(exc)}.",
            "Change the hyperparameters (for example fewer neighbours than sampled rows), raise "
            "the number of points, or choose other columns or another algorithm.",
        ) from exc

    caption = " ".join(
        part
        for part in (
            how,
            _score_sentence(scoring, len(X_fit), len(X_held), len(columns)),
            _gap_sentence(scoring),
            _notes(data, context, train_at, classification),
        )
        if part
    )
    return Playground(
        figure=figure,
        caption=caption,
        train_score=scoring.train,
        test_score=scoring.test,
        metric_label=scoring.metric.label,
        n_train_points=len(X_fit),
        n_test_points=len(X_held),
        seconds=time.perf_counter() - start,
    )


# --- checks and the model --------------------------------------------------------------------


def _checked_columns(data: TrainingData, x: str, y: str | None) -> list[str]:
    if y is not None and x == y:
        raise PlaygroundError(
            f"The same column {x!r} was chosen for both axes.",
            "Two axes show two different columns, so the plane has something to separate.",
            "Choose a different second column, or none for a curve along one column.",
        )
    usable = numeric_candidates(data)
    chosen = [x] if y is None else [x, y]
    for column in chosen:
        if column in usable:
            continue
        if column not in data.X_train.columns:
            why = "It is not a feature column of this recipe (unknown, the target, or excluded)."
        elif column in data.columns.numeric:
            why = "It has fewer than two different values among the training rows."
        else:
            why = "It is not a numeric column, so it has no axis to draw along."
        raise PlaygroundError(
            f"The playground cannot use the column {column!r}.",
            why,
            "Choose one of the numeric feature columns it offers.",
        )
    return chosen


def _estimator(
    data: TrainingData, recipe: Recipe, algorithm: str | None, params: Mapping[str, Any] | None
) -> tuple[ModelSpec, Any]:
    chosen = algorithm or recipe.model.algorithm
    if chosen is None:
        raise PlaygroundError(
            "No algorithm is chosen yet.",
            "The playground draws what one algorithm learns.",
            "Choose an algorithm on the Model page, or pick one in the playground.",
        )
    if params is None:
        params = recipe.model.params if chosen == recipe.model.algorithm else {}
    try:
        spec = model_spec(chosen)
        estimator = spec.build(data.task, params, seed=recipe.split.seed, n_jobs=1)
    except ModelPathError as exc:
        raise PlaygroundError(exc.what, exc.why, exc.fix) from exc
    if (
        data.task in CLASSIFICATION_TASKS
        and recipe.features.imbalance == "class_weight"
        and "class_weight" in estimator.get_params()
    ):
        # The recipe weights classes by their rarity; the playground shows the same learner.
        estimator.set_params(class_weight="balanced")
    return spec, estimator


def _sample(n: int, labels: pd.Series | None, size: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted positions of at most ``size`` of ``n`` rows: all when few, else a random sample.

    With ``labels`` the sample keeps each class's share (largest remainders, at least one row
    per class so small classes stay visible).
    """
    if n <= size:
        return np.arange(n)
    if labels is None:
        return np.sort(rng.choice(n, size=size, replace=False))
    codes, _ = pd.factorize(labels, sort=True)
    counts = np.bincount(codes)
    quotas = counts * size / n
    take = np.minimum(np.maximum(np.floor(quotas).astype(int), 1), counts)
    for k in np.argsort(-(quotas - np.floor(quotas)), kind="stable"):
        if take.sum() >= size:
            break
        if take[k] < counts[k]:
            take[k] += 1
    while take.sum() > size:
        take[int(np.argmax(take))] -= 1
    picked = [
        rng.choice(np.flatnonzero(codes == k), size=t, replace=False)
        for k, t in enumerate(take)
        if t
    ]
    return np.sort(np.concatenate(picked))


def _numbers(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The chosen columns as floats, infinities as missing (the imputer fills both)."""
    values = frame[columns].to_numpy(dtype="float64", na_value=np.nan, copy=True)
    values[~np.isfinite(values)] = np.nan
    return pd.DataFrame(values, columns=columns, index=frame.index)


def _axis_range(values: np.ndarray, column: str) -> tuple[float, float]:
    """The 1st–99th percentile of the sampled training values, padded by 5 % each side."""
    finite = _finite(values)
    if np.unique(finite).size < 2:
        raise PlaygroundError(
            f"Too few sampled training rows have a value in the column {column!r}.",
            "An axis needs at least two different values to span.",
            "Raise the number of points, or choose a column with fewer missing values.",
        )
    low, high = np.percentile(finite, [1, 99])
    if high <= low:
        low, high = finite.min(), finite.max()
    pad = 0.05 * (high - low)
    return float(low - pad), float(high + pad)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:297] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scores:
    metric: Metric
    train: float
    test: float
    positive: object | None


def _scores(model: Pipeline, recipe: Recipe, data: TrainingData, context: _Context) -> _Scores:
    """The primary metric on the sampled rows; accuracy or R² when it cannot be computed.

    A sample may hold one class only, or the model may give no probabilities, which some
    metrics need; the playground then falls back rather than failing.
    """
    positive = None
    try:
        scoring = scoring_for(recipe, data.y_train)
        positive = scoring.positive_class
        train, test = (
            _score(lambda X, y: scoring.natural(scoring.scorer(model, X, y)), X, y)
            for X, y in ((context.X_fit, context.y_fit), (context.X_held, context.y_held))
        )
        if math.isfinite(train) and (math.isfinite(test) or context.X_held.empty):
            return _Scores(scoring.metric, train, test, positive)
    except (ValueError, TypeError, AttributeError, KeyError, ZeroDivisionError):
        pass
    metric = METRICS["accuracy" if data.task in CLASSIFICATION_TASKS else "r2"]
    scorer = get_scorer(metric.scorer)
    train, test = (
        _score(lambda X, y: float(scorer(model, X, y)), X, y)
        for X, y in ((context.X_fit, context.y_fit), (context.X_held, context.y_held))
    )
    return _Scores(metric, train, test, positive)


def _score(score, X: pd.DataFrame, y: pd.Series) -> float:
    if X.empty:
        return math.nan
    with warnings.catch_warnings():
        # Undefined metrics (one class in a small sample) come back as NaN and fall back.
        warnings.simplefilter("ignore")
        return float(score(X, y))


def _score_sentence(scores: _Scores, n_train: int, n_test: int, n_columns: int) -> str:
    using = "this column alone" if n_columns == 1 else "these two columns alone"
    text = (
        f"Using {using}, its {scores.metric.label} is {_fmt(scores.train)} on the "
        f"{n_train:,} training rows it learned from"
    )
    if n_test:
        text += f" and {_fmt(scores.test)} on {n_test:,} test rows it never saw"
    return text + "; the recipe's model uses every feature column, so its scores differ."


def _gap_sentence(scores: _Scores) -> str:
    if not (math.isfinite(scores.train) and math.isfinite(scores.test)):
        return ""
    if scores.metric.greater_is_better:
        gap, limit = scores.train - scores.test, _GAP_POINTS
    else:
        # Errors are in the target's units, so the gap is judged relative to their size.
        gap = (scores.test - scores.train) / max(abs(scores.test), abs(scores.train), 1e-12)
        limit = _GAP_SHARE
    if gap > limit:
        return (
            "It does clearly better on its training rows than on the test rows: the shape "
            "follows quirks of the rows it learned from (overfitting), so a simpler setting "
            "should smooth it."
        )
    if gap < -limit:
        return (
            "It does better on the test rows than on its training rows, which is the luck of "
            "which rows were held out rather than skill."
        )
    return "The two scores are close, so what it learned carries over to new rows."


def _fmt(value: float) -> str:
    return f"{value:.3g}" if math.isfinite(value) else "not available"


def _notes(
    data: TrainingData, context: _Context, train_at: np.ndarray, classification: bool
) -> str:
    notes = []
    if len(train_at) < len(data.X_train):
        kept = ", keeping each class's share" if classification else ""
        notes.append(
            f"The {len(train_at):,} training rows are a random sample{kept}, of "
            f"{len(data.X_train):,}."
        )
    both = pd.concat([context.X_fit, context.X_held])
    missing = int((~both.notna().all(axis=1)).sum())
    if missing:
        notes.append(
            f"{missing:,} of these rows lack a value in a chosen column: the model fills it "
            "with the training median, and they are not drawn."
        )
    outside = np.zeros(len(both), dtype=bool)
    for column, (low, high) in zip(context.columns, context.ranges, strict=True):
        values = both[column].to_numpy()
        outside |= (values < low) | (values > high)
    if outside.any():
        notes.append(
            f"{int(outside.sum()):,} rows lie beyond the drawn range (the training sample's "
            "1st to 99th percentile, padded) and are off the chart."
        )
    return " ".join(notes)
