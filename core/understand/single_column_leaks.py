"""Single-column leak checks: each column alone against the target.

:func:`single_column_scores` scores every column *alone* against the target with
cross-validation on a bounded sample (at most :data:`LEAK_SAMPLE_ROWS` rows and
:data:`LEAK_MAX_COLUMNS` columns): a single column that predicts the target almost perfectly is
more often a record of the outcome than a cause of it. :func:`presence_leaks` finds columns
whose being *filled* gives a class away. :mod:`core.understand.findings` turns both into
findings; :mod:`core.understand.leakage` looks for leaks several columns give away together.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import balanced_accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from core.data import ColumnKind, PreparedTable

__all__ = [
    "presence_leaks",
    "single_column_scores",
]

# A column filled (almost) only for one class is a record of that outcome: a lifeboat number
# exists for survivors, a cancellation reason for customers who left. Such a column can score
# below LEAK_SCORE alone (it misses the rows of that class where it is empty), so its presence
# is judged on its own: nearly every filled row has one class, and it is filled for at least
# half of that class's rows.
PRESENCE_PRECISION = 0.98
PRESENCE_RECALL = 0.5
PRESENCE_MIN_ROWS = 20
LEAK_SAMPLE_ROWS = 5_000
LEAK_MAX_COLUMNS = 200


def presence_leaks(
    table: PreparedTable, target: str, *, skip: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """Columns whose being filled gives a class away (see :data:`PRESENCE_PRECISION`).

    Parameters
    ----------
    table : PreparedTable
    target : str
        A class target.
    skip : sequence of str
        Columns already flagged.

    Returns
    -------
    list of (column, detail)
        The detail says it with the numbers, e.g. "‘boat’ is filled in 322 rows and 100 % of
        them have ‘Survived’ = 1; it is filled for 93 % of all rows with 1".
    """
    frame = table.frame
    y = frame[target]
    known = y.notna()
    out = []
    for info in table.columns:
        name = info.name
        if name == target or name in skip:
            continue
        filled = frame[name].notna() & known
        n_filled = int(filled.sum())
        if n_filled < PRESENCE_MIN_ROWS or n_filled == int(known.sum()):
            continue
        counts = y[filled].value_counts()
        label, hits = counts.index[0], int(counts.iloc[0])
        label = label.item() if isinstance(label, np.generic) else label  # 1, not np.int64(1)
        of_class = int((y[known] == label).sum())
        precision, recall = hits / n_filled, hits / of_class
        # A class that is nearly every row makes any column look like this: nothing to learn.
        if of_class / int(known.sum()) > 0.9:
            continue
        if precision >= PRESENCE_PRECISION and recall >= PRESENCE_RECALL:
            out.append(
                (
                    name,
                    f"{name!r} is filled in {n_filled:,} rows and {precision:.0%} of them have "
                    f"{target!r} = {label!r}; it is filled for {recall:.0%} of all rows with "
                    f"{label!r}.",
                )
            )
    return out


def single_column_scores(
    table: PreparedTable,
    target: str,
    task: str,
    *,
    exclude: tuple[str, ...] = (),
    seed: int = 0,
) -> list[tuple[str, float, str]]:
    """Cross-validated score of each column used alone to predict the target.

    Classification uses balanced accuracy (chance = 1 / number of classes); regression uses
    R² and, for numeric columns, the absolute correlation (a near-copy scores ~1). Each column
    is fitted on training folds only: a small decision tree for numbers, the per-category
    majority class (or mean) for categories.

    Parameters
    ----------
    table : PreparedTable
    target : str
    task : {"binary", "multiclass", "regression"}
    exclude : tuple of str
        Columns to skip.
    seed : int, default=0

    Returns
    -------
    list of (column, score, how)
        One entry per column scored, highest first.
    """
    frame = table.frame
    rows = frame[frame[target].notna()]
    if len(rows) < 10:
        return []
    if len(rows) > LEAK_SAMPLE_ROWS:
        rows = rows.sample(n=LEAK_SAMPLE_ROWS, random_state=seed)
    classification = task in ("binary", "multiclass")
    y = rows[target].astype("str").to_numpy() if classification else rows[target].to_numpy(float)
    if classification:
        smallest = int(pd.Series(y).value_counts().min())
        if smallest < 2:
            return []
        splitter = StratifiedKFold(n_splits=min(3, smallest), shuffle=True, random_state=seed)
    else:
        splitter = KFold(n_splits=3, shuffle=True, random_state=seed)
    folds = list(splitter.split(np.zeros(len(y)), y))
    scorable = (
        ColumnKind.NUMERIC,
        ColumnKind.BOOLEAN,
        ColumnKind.CATEGORICAL,
        ColumnKind.DATETIME,
        ColumnKind.IDENTIFIER,
    )
    # A column filled only for some rows (constant where present) can leak through whether
    # it is filled: "cancellation reason" exists only for customers who cancelled.
    candidates = [
        c
        for c in table.columns
        if c.name != target
        and c.name not in exclude
        and (c.kind in scorable or (c.kind is ColumnKind.CONSTANT and 0 < c.n_missing < len(frame)))
    ][:LEAK_MAX_COLUMNS]
    scores = []
    for info in candidates:
        column = rows[info.name]
        numeric = _as_number(column)
        if numeric is not None:
            score, how = _score_numeric(numeric, y, folds, classification, seed)
        elif info.kind is ColumnKind.IDENTIFIER:
            continue  # a text ID cannot be learned per value; numeric IDs are scored above
        else:
            score, how = _score_categories(column, y, folds, classification)
        scores.append((info.name, score, how))
    scores.sort(key=lambda item: -item[1])
    return scores


def _as_number(column: pd.Series) -> np.ndarray | None:
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        days = (column - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86_400
        return days.to_numpy(dtype="float64", na_value=np.nan)
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.to_numpy(dtype="float64", na_value=np.nan)
    return None


def _score_numeric(x, y, folds, classification, seed) -> tuple[float, str]:
    # Infinite values cannot be split on; they count as missing, as they do for the model.
    x = np.where(np.isinf(x), np.nan, x).reshape(-1, 1)
    predictions = np.empty(len(y), dtype=object if classification else float)
    for train, test in folds:
        model = (
            DecisionTreeClassifier(max_leaf_nodes=8, random_state=seed)
            if classification
            else DecisionTreeRegressor(max_leaf_nodes=8, random_state=seed)
        )
        model.fit(x[train], y[train])
        predictions[test] = model.predict(x[test])
    if classification:
        return _balanced_accuracy(y, predictions), "balanced accuracy"
    r2 = float(r2_score(y, predictions.astype(float)))
    present = ~np.isnan(x[:, 0])
    correlation = 0.0
    if present.sum() > 2 and np.std(x[present, 0]) > 0 and np.std(y[present]) > 0:
        correlation = abs(float(np.corrcoef(x[present, 0], y[present])[0, 1]))
    if correlation > r2:
        return correlation, "absolute correlation"
    return r2, "R²"


def _score_categories(column, y, folds, classification) -> tuple[float, str]:
    keys = column.astype("str").fillna("<missing>").to_numpy()
    predictions = np.empty(len(y), dtype=object if classification else float)
    for train, test in folds:
        train_frame = pd.DataFrame({"key": keys[train], "y": y[train]})
        if classification:
            fallback = pd.Series(y[train]).mode().iloc[0]
            lookup = train_frame.groupby("key")["y"].agg(lambda s: s.mode().iloc[0])
        else:
            fallback = float(np.mean(y[train]))
            lookup = train_frame.groupby("key")["y"].mean()
        predictions[test] = pd.Series(keys[test]).map(lookup).fillna(fallback).to_numpy()
    if classification:
        return _balanced_accuracy(y, predictions), "balanced accuracy"
    return float(r2_score(y, predictions.astype(float))), "R²"


def _balanced_accuracy(y, predictions) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # classes absent from predictions are fine here
        return float(balanced_accuracy_score(y.astype(str), predictions.astype(str)))
