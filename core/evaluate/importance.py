"""Why a trained model predicts what it does: importance per original column.

Two readings, both reported per column of the person's table rather than per encoded feature:

* :func:`permutation_importance_by_column` shuffles one raw column of the test rows at a time
  and measures how much the whole pipeline's score worsens. Because the pipeline starts from the
  raw columns, a one-hot encoded column is shuffled as a whole, so its levels are folded back
  automatically. It works for any model. Columns are measured strongest first by a cheap first
  estimate, so a time budget that runs out leaves the weakest columns unmeasured (named by
  :func:`unmeasured_text`), never a leaky column that happens to sit last in the table.
* :func:`native_importance` reads the model's own numbers (``coef_`` or
  ``feature_importances_``) and sums each encoded feature into the column it came from (one-hot
  levels, date parts, missing-value flags, words of a text column). Not every model has such
  numbers, and PCA makes them untraceable; :func:`native_importance_reason` says why.

:func:`importance_chart` turns either result into a bounded horizontal bar chart. Notes and
units never contain text from the data, so pages can render them as markdown.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import PolynomialFeatures
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from core.errors import ModelPathError
from core.model import MODELS, Budget, Scoring
from core.understand import ChartResult

__all__ = [
    "Importance",
    "ImportanceError",
    "importance_chart",
    "native_importance",
    "native_importance_reason",
    "permutation_importance_by_column",
    "unmeasured_text",
]

_COLUMNS = ["column", "importance", "std"]
_MISSING_PREFIX = "missingindicator_"
_PERMUTATION_HOW = (
    "How much the score worsens when this column's values are shuffled (the whisker is the "
    "spread over repeated shuffles); bars near zero (or below, within the whiskers) mean the "
    "model does not rely on it."
)
_COEFFICIENT_HOW = (
    "How strongly the model's coefficients respond to this column (all its encoded features "
    "together); longer bars move predictions more, and the bars say nothing about direction."
)
# The first estimate for models without their own importance shuffles each column once on a
# quarter of the measured rows (50 to 500): about 5 % of the measurement's cost with its 5
# shuffles per column, yet a column the model leans on clearly still stands out.
_SCREEN_ROWS = (50, 500)
_SCREEN_SHARE = 0.25
_UNMEASURED_LISTED = 5
_IMPURITY_HOW = (
    "The column's share of how much the trees' splits purified the training rows; the shares "
    "add up to 1, and longer bars mean the trees split on the column more, and more usefully."
)


class ImportanceError(ModelPathError):
    """Importance cannot be measured on the given rows."""


@dataclass(frozen=True)
class Importance:
    """How much each original column matters to a trained model.

    Parameters
    ----------
    kind : {"permutation", "native"}
        How it was measured.
    frame : pandas.DataFrame
        Columns ``"column"`` (original column name), ``"importance"`` and ``"std"`` (spread
        over repeated shuffles; NaN for native importance), sorted by importance, largest first.
        Permutation importance of a percentage metric (MAPE) is in percentage points.
    unit : str
        What the numbers mean, e.g. ``"drop in ROC-AUC when the column is shuffled"``.
    note : str, default=""
        Sampling, folding and caveats, in plain words; never contains data values.
    stopped : {"budget", "stopped"} or None, default=None
        Why a permutation measurement ended before every column was measured, if it did.
    baseline : float or None, default=None
        The unshuffled score in the metric's own units (permutation importance only).
    unmeasured : tuple, default=()
        The columns a stopped permutation measurement did not reach, strongest first by the
        first estimate; they are not in ``frame``.
    order : str, default=""
        What set the order the columns were measured in, in plain words (e.g. ``"the model's
        own importance"``); ``""`` when it was the table's order.
    budget_seconds : float or None, default=None
        The time budget the measurement ran under, if it had one.
    """

    kind: str
    frame: pd.DataFrame
    unit: str
    note: str = ""
    stopped: str | None = None
    baseline: float | None = None
    unmeasured: tuple[Hashable, ...] = ()
    order: str = ""
    budget_seconds: float | None = None

    @property
    def complete(self) -> bool:
        """Whether every column was measured (always True for native importance)."""
        return self.stopped is None


# --- permutation importance ------------------------------------------------------------------


def permutation_importance_by_column(
    model: Any,
    X: pd.DataFrame,
    y: pd.Series,
    scoring: Scoring,
    *,
    n_repeats: int = 5,
    seed: int = 0,
    max_rows: int = 5000,
    n_jobs: int = 1,
    budget: Budget | None = None,
) -> Importance:
    """How much the score worsens when each original column is shuffled.

    Each raw column of ``X`` is shuffled ``n_repeats`` times and the fitted pipeline is scored
    again; the importance is the mean worsening of the score in the metric's own units
    (positive: the column helps). The shuffles are exactly those of
    :func:`sklearn.inspection.permutation_importance` with ``random_state=seed``, but the columns
    are measured one at a time, so a budget can stop between columns and progress is reported.

    When the budget can stop the measurement (a time limit or a stop request), the columns are
    measured strongest first by a cheap first estimate: the model's own importance folded back
    to the columns (coefficients, impurity) when it has one, else one shuffle per column on a
    quarter of the rows. A short budget then leaves the weakest columns unmeasured rather than
    whichever come last in the table. The order never changes a measured column's numbers.

    Parameters
    ----------
    model : estimator
        The fitted whole pipeline (it takes the raw feature columns).
    X : pandas.DataFrame
        Raw feature columns of rows the model did not learn from (the test split).
    y : pandas.Series
        Their target values.
    scoring : Scoring
        The metric; its scorer is larger-is-better.
    n_repeats : int, default=5
        Shuffles per column.
    seed : int, default=0
        Seeds the shuffles and the row sample.
    max_rows : int, default=5000
        Larger tables are measured on a seeded random sample of this many rows.
    n_jobs : int, default=1
        Columns measured in parallel.
    budget : Budget, optional
        Stops between columns when exhausted; receives progress after each column.

    Returns
    -------
    Importance
        ``kind="permutation"``; when stopped early, the finished columns only, with a note,
        and the others in ``unmeasured`` (see :func:`unmeasured_text`).

    Raises
    ------
    ImportanceError
        When ``X`` has no columns or fewer than two rows, or ``y`` does not match it.

    Examples
    --------
    >>> scoring = scoring_for(recipe, data.y_train)  # doctest: +SKIP
    >>> model.fit(data.X_train, data.y_train)  # doctest: +SKIP
    >>> permutation_importance_by_column(
    ...     model, data.X_test, data.y_test, scoring
    ... ).frame.head(3)  # doctest: +SKIP
    """
    _check_rows(X, y, n_repeats=n_repeats, max_rows=max_rows)
    budget = budget or Budget()
    notes = []
    X_used, y_used = X, y
    if len(X) > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(len(X), size=max_rows, replace=False))
        X_used, y_used = X.iloc[rows], y.iloc[rows]
        notes.append(f"Measured on a random sample of {max_rows:,} of {len(X):,} test rows.")
    # permutation_importance draws one seed from random_state and gives every column a fresh
    # RandomState of it; doing the same makes each column's shuffles identical to sklearn's
    # whatever order the columns are measured in.
    column_seed = int(check_random_state(seed).randint(np.iinfo(np.int32).max + 1))
    baseline = float(scoring.scorer(model, X_used, y_used))
    n_columns = X_used.shape[1]
    drops: dict[int, np.ndarray] = {}
    stopped = budget.exhausted()
    order: list[int] = list(range(n_columns))
    order_by = ""
    if not stopped:
        budget.report(0.0, f"Permutation importance: 0 of {n_columns} columns")
        order, order_by = _measurement_order(model, X_used, y_used, scoring, seed, budget)
        stopped = budget.exhausted()
    if not stopped:
        results = _permuted_scores_stream(
            model, X_used, y_used, scoring, column_seed, n_repeats, n_jobs, order
        )
        try:
            for position, scores in results:
                drops[position] = baseline - scores
                budget.report(
                    len(drops) / n_columns,
                    f"Permutation importance: {len(drops)} of {n_columns} columns",
                )
                if len(drops) < n_columns:
                    stopped = budget.exhausted()
                    if stopped:
                        break
        finally:
            results.close()
    if not drops:
        # Nothing measured, so the order did not matter: list the columns as the table does.
        order, order_by = list(range(n_columns)), ""
    unmeasured = tuple(X_used.columns[j] for j in order if j not in drops)
    if stopped:
        why = (
            "stopped on request"
            if stopped == "stopped"
            else f"ran out of {_budget(budget.seconds)}"
        )
        notes.append(
            f"Measured {len(drops)} of {n_columns} columns: the measurement {why}, so the "
            "other columns are missing."
        )
        if order_by and unmeasured:
            notes.append(
                f"Columns were measured strongest first by {order_by}, so the "
                f"{len(unmeasured):,} missing ones are those it rated weakest."
            )
    measured = sorted(drops)
    # In the units people read: a percentage metric's changes are percentage points.
    shown = scoring.metric.shown
    frame = pd.DataFrame(
        {
            "column": pd.Series([X_used.columns[j] for j in measured], dtype=object),
            "importance": [shown(float(np.mean(drops[j]))) for j in measured],
            "std": [shown(float(np.std(drops[j]))) for j in measured],
        },
        columns=_COLUMNS,
    )
    change = "drop" if scoring.metric.greater_is_better else "rise"
    points = " (percentage points)" if scoring.metric.percent else ""
    return Importance(
        kind="permutation",
        frame=_sorted(frame),
        unit=f"{change} in {scoring.metric.label}{points} when the column is shuffled",
        note=" ".join(notes),
        stopped=stopped,
        baseline=scoring.natural(baseline),
        unmeasured=unmeasured,
        order=order_by,
        budget_seconds=budget.seconds,
    )


def _budget(seconds: float | None) -> str:
    return "time" if seconds is None else f"its {_seconds(seconds)} time budget"


def _seconds(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds >= 10 else f"{seconds:.2g} s"


def unmeasured_text(importance: Importance, *, most: int = _UNMEASURED_LISTED) -> str:
    """Which columns a stopped measurement did not reach, and why, naming them.

    Parameters
    ----------
    importance : Importance
        From :func:`permutation_importance_by_column`.
    most : int, default=5
        Columns named; the rest are counted ("and 8 more").

    Returns
    -------
    str
        E.g. ``"Not measured (the time budget ran out): x, y and 8 more. …"``; ``""`` when
        every column was measured. It contains column names: show it as plain text.
    """
    if not importance.unmeasured:
        return ""
    names = [str(c) for c in importance.unmeasured]
    shown = ", ".join(names[:most])
    rest = len(names) - most
    listed = shown + (f" and {rest:,} more" if rest > 0 else "")
    if importance.stopped == "stopped":
        why, fix = "the measurement was stopped", "Measure again and let it finish"
    else:
        seconds = importance.budget_seconds
        budget = "the time budget" if seconds is None else f"the {_seconds(seconds)} time budget"
        why = f"{budget} ran out"
        fix = "Raise the time budget (Tune page) and measure again"
    order = (
        f" They are the weakest by {importance.order}, which set the order of measurement."
        if importance.order
        else ""
    )
    count = f"{len(names):,} column" + ("" if len(names) == 1 else "s")
    return (
        f"Not measured ({why}): {count}, {listed}.{order} Their importance is unknown, not "
        f"zero. {fix} to measure every column."
    )


def _measurement_order(
    model: Any, X: pd.DataFrame, y: pd.Series, scoring: Scoring, seed: int, budget: Budget
) -> tuple[list[int], str]:
    """Column positions, strongest first by a cheap estimate, and what the estimate was.

    The model's own importance is free when it has one; otherwise each column is shuffled once
    on a small sample. Without a time limit or a stop request every column gets measured, so
    the table's order is kept and the estimate skipped.
    """
    n_columns = X.shape[1]
    table_order = list(range(n_columns))
    if n_columns < 2 or (budget.seconds is None and budget.should_stop is None):
        return table_order, ""
    native = _native(model)
    if isinstance(native, Importance):
        by_name = dict(zip(native.frame["column"], native.frame["importance"], strict=True))
        estimate = [by_name.get(c, np.nan) for c in X.columns]
        how = "the model's own importance"
    else:
        estimate = _screen(model, X, y, scoring, seed, budget)
        how = "a quick first shuffle of each column"
    # Stable sort: equal (or unknown, NaN last) estimates keep the table's order.
    keyed = [(-v if np.isfinite(v) else np.inf, j) for j, v in enumerate(estimate)]
    return [j for _, j in sorted(keyed)], how


def _screen(
    model: Any, X: pd.DataFrame, y: pd.Series, scoring: Scoring, seed: int, budget: Budget
) -> list[float]:
    """Score drop of one shuffle per column on a sample of the rows (NaN if not reached)."""
    rng = np.random.default_rng(seed)
    fewest, most = _SCREEN_ROWS
    size = min(len(X), max(fewest, min(most, int(len(X) * _SCREEN_SHARE))))
    if size < len(X):
        rows = np.sort(rng.choice(len(X), size=size, replace=False))
        X, y = X.iloc[rows], y.iloc[rows]
    baseline = float(scoring.scorer(model, X, y))
    estimate = [np.nan] * X.shape[1]
    for position in range(X.shape[1]):
        if budget.exhausted():
            break
        shuffled = X.copy()
        column = shuffled.iloc[rng.permutation(len(X)), position]
        column.index = shuffled.index
        shuffled.isetitem(position, column)
        estimate[position] = baseline - float(scoring.scorer(model, shuffled, y))
    return estimate


def _check_rows(X: pd.DataFrame, y: pd.Series, *, n_repeats: int, max_rows: int) -> None:
    if X.shape[1] == 0 or len(X) < 2:
        raise ImportanceError(
            f"Importance needs at least two rows and one column; got {len(X):,} rows and "
            f"{X.shape[1]:,} columns.",
            "Shuffling a column only changes predictions when there are rows to swap.",
            "Measure importance on the test split of a table with more rows.",
        )
    if len(y) != len(X):
        raise ImportanceError(
            f"The target has {len(y):,} values but the table has {len(X):,} rows.",
            "Each row needs its own target value to be scored.",
            "Pass the target of the same rows (e.g. X_test with y_test).",
        )
    if n_repeats < 1 or max_rows < 2:
        raise ImportanceError(
            f"n_repeats must be at least 1 and max_rows at least 2; got {n_repeats} and "
            f"{max_rows}.",
            "Each column is shuffled n_repeats times on at most max_rows rows.",
            "Use the defaults (5 shuffles, 5,000 rows) unless there is a reason not to.",
        )


def _permuted_scores_stream(model, X, y, scoring, column_seed, n_repeats, n_jobs, order):
    """Yield ``(column position, scores of its shuffles)`` as columns finish, started in
    ``order``."""
    calls = (
        delayed(_permuted_scores)(model, X, y, scoring.scorer, position, column_seed, n_repeats)
        for position in order
    )
    if n_jobs <= 1 or X.shape[1] <= 1:
        return (call(*args, **kwargs) for call, args, kwargs in calls)
    return Parallel(n_jobs=n_jobs, return_as="generator_unordered")(calls)


def _permuted_scores(
    model: Any,
    X: pd.DataFrame,
    y: pd.Series,
    scorer: Any,
    position: int,
    column_seed: int,
    n_repeats: int,
) -> tuple[int, np.ndarray]:
    # The same shuffles as sklearn's _calculate_permutation_scores: one shuffled index per
    # repeat, each applied to the already shuffled column.
    random_state = np.random.RandomState(column_seed)
    shuffled = X.copy()
    order = np.arange(len(shuffled))
    scores = []
    for _ in range(n_repeats):
        random_state.shuffle(order)
        column = shuffled.iloc[order, position]
        column.index = shuffled.index
        shuffled.isetitem(position, column)
        scores.append(float(scorer(model, shuffled, y)))
    return position, np.asarray(scores)


# --- native importance -----------------------------------------------------------------------


def native_importance(model: Any) -> Importance | None:
    """The model's own importance numbers, summed per original column.

    Reads ``coef_`` (absolute values; averaged over classes when there are several rows) or
    ``feature_importances_`` (impurity reduction) of the final estimator, and assigns each of
    the model's input features to the original column it was made from: one-hot levels, date
    parts, bins, missing-value flags (``missingindicator_<column>``) and the words of a text
    column. Polynomial interaction terms are split equally among their columns. Columns whose
    features were all removed before the model (a mostly-missing column, variance or selection
    steps) show 0.

    Parameters
    ----------
    model : Pipeline
        The fitted whole pipeline.

    Returns
    -------
    Importance or None
        ``kind="native"`` with ``std`` NaN; None when the model has no such numbers, a PCA step
        mixes the columns, or the features cannot be traced back
        (:func:`native_importance_reason` says which).
    """
    found = _native(model)
    return found if isinstance(found, Importance) else None


def native_importance_reason(model: Any) -> str:
    """Why :func:`native_importance` is unavailable for this model, in plain words.

    Parameters
    ----------
    model : Pipeline
        The fitted whole pipeline.

    Returns
    -------
    str
        The reason, e.g. ``"PCA mixes the columns into components, …"``; ``""`` when native
        importance is available.
    """
    found = _native(model)
    return "" if isinstance(found, Importance) else found


def _native(model: Any) -> Importance | str:
    """The native importance, or the reason it is unavailable."""
    steps = list(getattr(model, "steps", [(None, model)]))
    estimator = steps[-1][1]
    try:
        check_is_fitted(estimator)
    except (NotFittedError, TypeError):
        return "The model has not been trained yet, so it has no importance to read."
    coef = getattr(estimator, "coef_", None)
    impurity = getattr(estimator, "feature_importances_", None) if coef is None else None
    if coef is None and impurity is None:
        return (
            f"{_label(estimator)} has no built-in importance; use permutation importance, "
            "which works for any model."
        )
    if any(name == "reduce" or _is_pca(step) for name, step in steps[:-1]):
        return (
            "PCA mixes the columns into components, so a component's weight cannot be traced "
            "back to one column."
        )
    if coef is not None:
        values = np.abs(coef.toarray() if sparse.issparse(coef) else np.asarray(coef, float))
        per_class = values.ndim == 2 and values.shape[0] > 1
        values = values.mean(axis=0) if values.ndim == 2 else values
    else:
        values = np.asarray(impurity, dtype=float)
    traced = _trace_features(model, steps)
    if isinstance(traced, str):
        return traced
    sources, columns = traced
    if len(sources) != len(values):
        return _UNTRACEABLE
    totals = dict.fromkeys(columns, 0.0)
    split = False
    for value, owners in zip(values, sources, strict=True):
        split = split or len(owners) > 1
        for owner in owners:
            totals[owner] = totals.get(owner, 0.0) + float(value) / len(owners)
    frame = pd.DataFrame(
        {
            "column": pd.Series(list(totals), dtype=object),
            "importance": list(totals.values()),
            "std": np.nan,
        },
        columns=_COLUMNS,
    )
    notes = []
    features_per_column = Counter(owner for owners in sources for owner in owners)
    if any(count > 1 for count in features_per_column.values()):
        notes.append(
            "Encoded features (category levels, date parts, missing-value flags, words) are "
            "summed into the column they came from."
        )
    if split:
        notes.append("Interaction terms are split equally among the columns they multiply.")
    unused = len(totals) - len(features_per_column)
    if unused:
        notes.append(
            f"{unused} of {len(totals)} columns reach the model through no feature (removed "
            "by cleaning, a variance or a selection step) and show 0."
        )
    if coef is not None:
        scaled = _inputs_scaled(model)
        unit = "sum of |coefficients| of its encoded features"
        unit += ", averaged over classes" if per_class else ""
        unit += " (on scaled inputs)" if scaled else " (on unscaled inputs)"
        if not scaled:
            notes.append(
                "The inputs are not scaled, so coefficients depend on each column's units: a "
                "column measured in large numbers gets small coefficients even if it matters."
            )
    else:
        unit = "share of impurity reduction"
        notes.append(
            "Impurity importance is measured on the training rows while the trees grow and "
            "favours columns with many distinct values; permutation importance on the test "
            "rows is the more reliable reading."
        )
    return Importance(kind="native", frame=_sorted(frame), unit=unit, note=" ".join(notes))


_UNTRACEABLE = (
    "The model's input features cannot be traced back to the table's columns, so its "
    "importances cannot be reported per column; use permutation importance instead."
)


def _is_pca(step: Any) -> bool:
    return type(step).__name__ in ("PCA", "IncrementalPCA", "KernelPCA", "TruncatedSVD")


@functools.lru_cache(maxsize=64)
def _label_of_class(cls: type) -> str | None:
    for spec in MODELS.values():
        for task in spec.tasks:
            if type(spec.factory(task, 0, 1)) is cls:
                return spec.label
    return None


def _label(estimator: Any) -> str:
    return _label_of_class(type(estimator)) or type(estimator).__name__


def _trace_features(
    model: Any, steps: list[tuple[Any, Any]]
) -> tuple[list[tuple[Hashable, ...]], list[Hashable]] | str:
    """Per model input feature, the original columns it came from; and every original column."""
    if len(steps) == 1:
        names = getattr(steps[0][1], "feature_names_in_", None)
        if names is None:
            return _UNTRACEABLE
        return [(name,) for name in names], list(names)
    try:
        names = list(model[:-1].get_feature_names_out())
    except (AttributeError, ValueError, TypeError, NotFittedError):
        return _UNTRACEABLE
    prep = dict(steps).get("prep")
    if prep is None or not hasattr(prep, "transformers_"):
        # No column transformer: the features are the columns themselves.
        return [(name,) for name in names], list(dict.fromkeys(names))
    branches = _branches(prep)
    used = {c for _, cols, _ in branches.values() for c in cols}
    # Every column the pipeline was given, in table order: ties in the sorted frame keep the
    # order the person knows, and columns dropped before the model (mostly missing, or no
    # feature left after selection) show 0 rather than vanish.
    given = getattr(model, "feature_names_in_", None)
    inputs = list(given if given is not None else getattr(prep, "feature_names_in_", []))
    columns = inputs + sorted(used - set(inputs), key=str)
    sources = []
    for name in names:
        branch, sep, rest = str(name).partition("__")
        if not sep or branch not in branches:
            return _UNTRACEABLE
        owners = _owners(rest, *branches[branch])
        if owners is None:
            return _UNTRACEABLE
        sources.append(owners)
    return sources, columns


def _branches(prep: Any) -> dict[str, tuple[Any, list[Hashable], dict[str, tuple]]]:
    """Branch name → (fitted transformer, its input columns, known output → columns)."""
    inputs = list(getattr(prep, "feature_names_in_", []))
    branches = {}
    for name, transformer, selected in prep.transformers_:
        if name == "remainder" or (isinstance(transformer, str) and transformer == "drop"):
            continue
        columns = _selected_names(selected, inputs)
        branches[name] = (transformer, columns, _polynomial_outputs(transformer, columns))
    return branches


def _selected_names(selected: Any, inputs: Sequence[Hashable]) -> list[Hashable]:
    if isinstance(selected, str | int):
        values = [selected]
    elif isinstance(selected, list | tuple):
        values = list(selected)
    else:
        values = np.asarray(selected).tolist()
    if values and all(isinstance(v, bool | np.bool_) for v in values):
        return [c for c, keep in zip(inputs, values, strict=False) if keep]
    if values and all(isinstance(v, int | np.integer) for v in values) and inputs:
        return [inputs[int(v)] for v in values]
    return values


def _polynomial_outputs(
    transformer: Any, columns: list[Hashable]
) -> dict[str, tuple[Hashable, ...]]:
    """Output name → the columns multiplied in it, for a branch with polynomial features."""
    steps = list(getattr(transformer, "steps", []))
    at = next((i for i, (_, s) in enumerate(steps) if isinstance(s, PolynomialFeatures)), None)
    if at is None:
        return {}
    poly = steps[at][1]
    try:
        # The steps before it (clipping, imputing) keep one name per column, or drop a column.
        names_in = transformer[:at].get_feature_names_out(columns) if at else np.asarray(columns)
        names_out = poly.get_feature_names_out(names_in)
    except (AttributeError, ValueError, TypeError, NotFittedError):
        return {}
    by_name = {str(c): c for c in columns}
    return {
        str(out): tuple(by_name.get(str(name), name) for name in np.asarray(names_in)[powers > 0])
        for out, powers in zip(names_out, poly.powers_, strict=True)
    }


def _owners(
    rest: str, transformer: Any, columns: list[Hashable], products: dict[str, tuple]
) -> tuple[Hashable, ...] | None:
    """The original columns one output feature (name without its branch) came from."""
    if rest in products:
        return products[rest]
    if rest.startswith(_MISSING_PREFIX):
        rest = rest[len(_MISSING_PREFIX) :]
    if len(columns) == 1:
        # One input column (a text column's words, an ordered category…): every output is it.
        return (columns[0],)
    matches = [c for c in columns if rest == str(c) or rest.startswith(f"{c}_")]
    if not matches:
        return None
    return (max(matches, key=lambda c: len(str(c))),)


def _inputs_scaled(model: Any) -> bool:
    prep = dict(model.steps).get("prep") if hasattr(model, "steps") else None
    if prep is None or not hasattr(prep, "transformers_"):
        return False
    return any("scale" in getattr(t, "named_steps", {}) for _, t, _ in prep.transformers_)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)


# --- chart -----------------------------------------------------------------------------------


def importance_chart(importance: Importance, *, top: int = 20) -> ChartResult:
    """Horizontal bars of the most important columns, largest at the top.

    Parameters
    ----------
    importance : Importance
        From :func:`permutation_importance_by_column` or :func:`native_importance`.
    top : int, default=20
        Most columns shown.

    Returns
    -------
    ChartResult
        Whiskers show the spread over shuffles for permutation importance; columns a stopped
        measurement did not reach are marked "not measured" below the bars. The note says when
        columns were left out, followed by the importance's own note (sampling, stopping).
    """
    top = max(1, int(top))
    shown = importance.frame.head(top).iloc[::-1]  # plotly draws the first bar at the bottom
    # Unmeasured columns take the slots left below the measured ones, marked rather than drawn
    # as zero: their importance is unknown.
    unmeasured = [str(c) for c in importance.unmeasured[: max(0, top - len(shown))]]
    permutation = importance.kind == "permutation"
    bar = go.Bar(
        x=shown["importance"].to_list(),
        y=[str(c) for c in shown["column"]],
        orientation="h",
        marker_color="#1f77b4",
        hovertemplate="%{y}<br>%{x:.4g}<extra></extra>",
        name="measured",
    )
    if permutation:
        bar.update(
            error_x={"type": "data", "array": shown["std"].to_list(), "visible": True},
            hovertemplate="%{y}<br>%{x:.4g} ± %{error_x.array:.2g}<extra></extra>",
        )
    figure = go.Figure(bar)
    if unmeasured:
        figure.add_trace(
            go.Scatter(
                x=[0.0] * len(unmeasured),
                y=unmeasured[::-1],
                mode="markers+text",
                marker={"symbol": "line-ns-open", "color": "#888", "size": 10},
                text=["not measured"] * len(unmeasured),
                textposition="middle right",
                textfont={"color": "#888"},
                hovertemplate="%{y}<br>not measured<extra></extra>",
                name="not measured",
            )
        )
    categories = unmeasured[::-1] + [str(c) for c in shown["column"]]
    figure.update_layout(
        template="plotly_white",
        xaxis_title=importance.unit[:1].upper() + importance.unit[1:],
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": categories},
        height=140 + 24 * len(categories),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        showlegend=False,
    )
    if permutation:
        figure.add_vline(x=0, line_color="#888", line_width=1)
    notes = []
    total = len(importance.frame)
    if total > top:
        notes.append(f"Showing the {top} most important of {total:,} columns.")
    elif total == 0:
        notes.append("No column was measured.")
    if importance.unmeasured:
        notes.append(
            f"Columns not measured: {len(importance.unmeasured):,}"
            + (f"; {len(unmeasured):,} of them are marked at the bottom." if unmeasured else ".")
        )
    if importance.note:
        notes.append(importance.note)
    if permutation:
        how = _PERMUTATION_HOW
    elif importance.unit.startswith("share of impurity"):
        how = _IMPURITY_HOW
    else:
        how = _COEFFICIENT_HOW
    return ChartResult(figure, " ".join(notes) or None, how)
