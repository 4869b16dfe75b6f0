"""Exploration's numbers: tidy frames about a table, with no figure in sight.

The headline :class:`Overview`, one summary row per column, the correlation matrix of the
numeric columns, Cramér's V between categorical columns, missing values per column and
outliers per numeric column. Each returns a tidy :class:`pandas.DataFrame` (or a small frozen
dataclass) the page can show as a table and the chart builders in
:mod:`core.understand.explore_charts` draw from.

The inputs are a frame whose columns have already been converted to their kinds (see
:mod:`core.data.columns`) plus the :class:`~core.data.columns.ColumnInfo` list describing them.
This module never imports streamlit and never mutates its inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.data import ColumnInfo, ColumnKind
from core.errors import ModelPathError
from core.understand._explore_common import _CATEGORY_KINDS, _as_float, _infos

__all__ = [
    "MAX_ASSOCIATION_LEVELS",
    "MAX_HEATMAP_COLUMNS",
    "Overview",
    "categorical_association_frame",
    "column_summary_frame",
    "correlation_frame",
    "missing_frame",
    "outlier_frame",
    "overview",
]

MAX_HEATMAP_COLUMNS = 40
"""Most columns a heatmap (or a per-column bar chart) shows."""

MAX_ASSOCIATION_LEVELS = 100
"""Columns with more distinct values than this are left out of Cramér's V."""


@dataclass(frozen=True)
class Overview:
    """Headline numbers about a table.

    Parameters
    ----------
    n_rows, n_columns : int
        Shape of the table.
    memory_bytes : int
        Memory used by the table, including the contents of text columns.
    n_duplicate_rows : int
        Rows that exactly repeat an earlier row.
    n_missing_cells : int
        Missing cells in the whole table.
    missing_share : float
        ``n_missing_cells`` divided by the number of cells (0.0 for an empty table).
    kind_counts : Mapping[str, int]
        Number of described columns per kind, in :class:`~core.data.columns.ColumnKind` order;
        kinds with no column are left out.
    """

    n_rows: int
    n_columns: int
    memory_bytes: int
    n_duplicate_rows: int
    n_missing_cells: int
    missing_share: float
    kind_counts: Mapping[str, int]


# --------------------------------------------------------------------------------------------
# Overview and per-column summaries
# --------------------------------------------------------------------------------------------


def overview(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> Overview:
    """Headline numbers about the table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column; only columns present in ``frame`` are counted by kind.

    Returns
    -------
    Overview
        Shape, memory, duplicate rows, missing cells and columns per kind.
    """
    n_rows, n_columns = frame.shape
    n_missing = int(frame.isna().to_numpy().sum()) if frame.size else 0
    n_cells = n_rows * n_columns
    duplicates = int(frame.duplicated().sum()) if n_columns and n_rows else 0
    kinds = [info.kind for info in _infos(frame, columns)]
    kind_counts = {str(kind): kinds.count(kind) for kind in ColumnKind if kind in kinds}
    return Overview(
        n_rows=int(n_rows),
        n_columns=int(n_columns),
        memory_bytes=int(frame.memory_usage(index=True, deep=True).sum()),
        n_duplicate_rows=duplicates,
        n_missing_cells=n_missing,
        missing_share=n_missing / n_cells if n_cells else 0.0,
        kind_counts=kind_counts,
    )


_SUMMARY_COLUMNS = (
    "name",
    "kind",
    "missing",
    "missing %",
    "unique",
    "mean",
    "std",
    "min",
    "25%",
    "50%",
    "75%",
    "max",
    "skew",
    "most_frequent",
    "most_frequent_count",
)
_NUMERIC_STATS = ("mean", "std", "min", "25%", "50%", "75%", "max", "skew")


def column_summary_frame(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> pd.DataFrame:
    """One row per described column with its missing values, distinct values and statistics.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column; columns not in ``frame`` are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``kind``, ``missing``, ``missing %`` (0–100), ``unique``; for numeric
        columns ``mean``, ``std``, ``min``, ``25%``, ``50%``, ``75%``, ``max``, ``skew`` (as
        pandas computes them, missing values skipped); for the other kinds ``most_frequent``
        (as text) and ``most_frequent_count``. Statistics that don't apply are missing.
    """
    rows = []
    for info in _infos(frame, columns):
        series = frame[info.name]
        n = len(series)
        n_missing = int(series.isna().sum())
        row: dict[str, object] = {
            "name": info.name,
            "kind": str(info.kind),
            "missing": n_missing,
            "missing %": 100.0 * n_missing / n if n else 0.0,
            "unique": int(series.nunique(dropna=True)),
        }
        if info.kind == ColumnKind.NUMERIC:
            values = pd.Series(_as_float_keep_inf(series), index=series.index)
            quartiles = values.quantile([0.25, 0.5, 0.75])
            row.update(
                {
                    "mean": values.mean(),
                    "std": values.std(),
                    "min": values.min(),
                    "25%": quartiles.iloc[0],
                    "50%": quartiles.iloc[1],
                    "75%": quartiles.iloc[2],
                    "max": values.max(),
                    "skew": values.skew(),
                }
            )
        else:
            counts = series.value_counts(dropna=True)
            if len(counts):
                row["most_frequent"] = str(counts.index[0])
                row["most_frequent_count"] = int(counts.iloc[0])
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(_SUMMARY_COLUMNS))
    out[list(_NUMERIC_STATS)] = out[list(_NUMERIC_STATS)].astype("float64")
    out["missing %"] = out["missing %"].astype("float64")
    out[["missing", "unique"]] = out[["missing", "unique"]].astype("int64")
    out["most_frequent_count"] = out["most_frequent_count"].astype("Int64")
    out["most_frequent"] = out["most_frequent"].astype("object")
    return out


def _as_float_keep_inf(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


# --------------------------------------------------------------------------------------------
# Correlation and association
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    data: pd.DataFrame
    n_constant: int
    n_dropped: int


def _numeric_block(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> _Block:
    infos = [
        i for i in _infos(frame, columns) if i.kind in (ColumnKind.NUMERIC, ColumnKind.BOOLEAN)
    ]
    data = {info.name: _as_float(frame[info.name]) for info in infos}
    variances = {}
    for name, values in data.items():
        present = values[~np.isnan(values)]
        variances[name] = float(np.var(present)) if present.size > 1 else 0.0
    varying = [name for name in data if variances[name] > 0]
    n_constant = len(data) - len(varying)
    kept = varying
    if len(varying) > MAX_HEATMAP_COLUMNS:
        top = set(sorted(varying, key=lambda name: -variances[name])[:MAX_HEATMAP_COLUMNS])
        kept = [name for name in varying if name in top]
    block = pd.DataFrame({name: data[name] for name in kept}, index=frame.index)
    return _Block(block, n_constant, len(varying) - len(kept))


def correlation_frame(
    frame: pd.DataFrame, columns: Sequence[ColumnInfo], *, method: str = "pearson"
) -> pd.DataFrame:
    """Pairwise correlation of the numeric and boolean (as 0/1) columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column.
    method : {"pearson", "spearman"}, default="pearson"
        Linear correlation, or rank correlation. Spearman ranks each column over all of its
        non-missing values, then correlates the ranks of the rows both columns have.

    Returns
    -------
    pandas.DataFrame
        Square, labelled by column name on both axes. Columns without variation (constant
        or all missing) are left out; with more than ``MAX_HEATMAP_COLUMNS`` left, the ones
        with the highest variance are kept, in table order. Pairs with fewer than two shared
        rows are NaN.

    Raises
    ------
    ModelPathError
        If ``method`` is not ``"pearson"`` or ``"spearman"``.
    """
    return _correlation(frame, columns, method)[0]


def _correlation(
    frame: pd.DataFrame, columns: Sequence[ColumnInfo], method: str
) -> tuple[pd.DataFrame, _Block]:
    if method not in ("pearson", "spearman"):
        raise ModelPathError(
            "The correlation method must be pearson or spearman.",
            "Pearson measures straight-line relations; Spearman any steadily rising or "
            "falling one.",
            "Choose one of the two.",
        )
    block = _numeric_block(frame, columns)
    data = block.data
    if method == "spearman":
        data = data.rank(method="average")
    return data.corr(method="pearson"), block


@dataclass(frozen=True)
class _Categories:
    codes: dict[str, tuple[np.ndarray, int]]
    n_many: int
    n_single: int
    n_dropped: int


def _category_codes(
    frame: pd.DataFrame, columns: Sequence[ColumnInfo], target: str | None
) -> _Categories:
    names = [info.name for info in _infos(frame, columns) if info.kind in _CATEGORY_KINDS]
    if target is not None and target in frame.columns and target not in names:
        names.append(target)
    codes: dict[str, tuple[np.ndarray, int]] = {}
    n_many = n_single = 0
    for name in names:
        found, uniques = pd.factorize(frame[name], use_na_sentinel=True)
        if len(uniques) > MAX_ASSOCIATION_LEVELS:
            n_many += 1
        elif len(uniques) < 2:
            n_single += 1
        else:
            codes[name] = (np.asarray(found, dtype=np.int64), len(uniques))
    n_dropped = 0
    if len(codes) > MAX_HEATMAP_COLUMNS:
        keep = [name for name in codes if name == target]
        keep += [name for name in codes if name != target][: MAX_HEATMAP_COLUMNS - len(keep)]
        n_dropped = len(codes) - len(keep)
        codes = {name: codes[name] for name in codes if name in keep}
    return _Categories(codes, n_many, n_single, n_dropped)


def _cramers_v(a: np.ndarray, ka: int, b: np.ndarray, kb: int) -> float:
    """Bias-corrected Cramér's V (Bergsma, 2013) on the rows where both values are present."""
    both = (a >= 0) & (b >= 0)
    table = np.bincount(a[both] * kb + b[both], minlength=ka * kb).reshape(ka, kb)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0].astype("float64")
    n = table.sum()
    r, k = table.shape
    if n < 2 or r < 2 or k < 2:
        return float("nan")
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    phi2 = float(((table - expected) ** 2 / expected).sum()) / n
    phi2_corrected = max(0.0, phi2 - (k - 1) * (r - 1) / (n - 1))
    r_corrected = r - (r - 1) ** 2 / (n - 1)
    k_corrected = k - (k - 1) ** 2 / (n - 1)
    denominator = min(k_corrected - 1, r_corrected - 1)
    if denominator <= 0:
        return float("nan")
    return min(1.0, math.sqrt(phi2_corrected / denominator))


def categorical_association_frame(
    frame: pd.DataFrame, columns: Sequence[ColumnInfo], *, target: str | None = None
) -> pd.DataFrame:
    """Bias-corrected Cramér's V between the categorical and boolean columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column; categorical and boolean ones are used.
    target : str or None, default=None
        A class target to include even when its kind is not categorical (for instance 0/1
        codes). Pass it only for classification tasks.

    Returns
    -------
    pandas.DataFrame
        Square, labelled by column name, 1.0 on the diagonal, values in [0, 1] (0 = no
        association). Each pair uses the rows where both are present; pairs where V is
        undefined are NaN. Columns with more than ``MAX_ASSOCIATION_LEVELS`` distinct
        values or fewer than two are left out, and at most ``MAX_HEATMAP_COLUMNS`` are kept
        (the target first, then in table order).
    """
    return _association(_category_codes(frame, columns, target))


def _association(found: _Categories) -> pd.DataFrame:
    codes = found.codes
    names = list(codes)
    matrix = np.eye(len(names))
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            b = names[j]
            matrix[i, j] = matrix[j, i] = _cramers_v(*codes[a], *codes[b])
    return pd.DataFrame(matrix, index=names, columns=names)


# --------------------------------------------------------------------------------------------
# Missing values
# --------------------------------------------------------------------------------------------


def missing_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values per column, most missing first.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.

    Returns
    -------
    pandas.DataFrame
        Columns ``column``, ``missing`` (count) and ``missing_share`` (0–1), one row per
        column of ``frame``, sorted by ``missing`` descending (ties in table order).
    """
    n = len(frame)
    missing = frame.isna().sum().to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "column": pd.Series([str(c) for c in frame.columns], dtype="object"),
            "missing": missing,
            "missing_share": missing / n if n else np.zeros(len(missing)),
        }
    )
    return out.sort_values("missing", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Outliers
# --------------------------------------------------------------------------------------------


def outlier_frame(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> pd.DataFrame:
    """Outliers of each numeric column by the 1.5 × IQR rule.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column; numeric ones are used.

    Returns
    -------
    pandas.DataFrame
        Columns ``column``, ``q1``, ``q3``, ``iqr``, ``lower_fence`` (q1 - 1.5 iqr),
        ``upper_fence`` (q3 + 1.5 iqr), ``n_low``, ``n_high``, ``n_outliers`` and
        ``outlier_share`` (of the non-missing values), in table order. Quartiles are
        numpy's (linear interpolation, as pandas); missing and infinite values are skipped.
    """
    rows = []
    for info in _infos(frame, columns):
        if info.kind != ColumnKind.NUMERIC:
            continue
        values = _as_float(frame[info.name])
        values = values[~np.isnan(values)]
        row: dict[str, object] = {"column": info.name}
        if values.size:
            q1, q3 = (float(q) for q in np.quantile(values, [0.25, 0.75]))
            iqr = q3 - q1
            lower, upper = q1 - 1.5 * iqr, q3 + 1.5 * iqr
            n_low, n_high = int((values < lower).sum()), int((values > upper).sum())
            row.update(
                q1=q1,
                q3=q3,
                iqr=iqr,
                lower_fence=lower,
                upper_fence=upper,
                n_low=n_low,
                n_high=n_high,
                n_outliers=n_low + n_high,
                outlier_share=(n_low + n_high) / values.size,
            )
        else:
            row.update(n_low=0, n_high=0, n_outliers=0)
        rows.append(row)
    names = [
        "column",
        "q1",
        "q3",
        "iqr",
        "lower_fence",
        "upper_fence",
        "n_low",
        "n_high",
        "n_outliers",
        "outlier_share",
    ]
    out = pd.DataFrame(rows, columns=names)
    floats = ["q1", "q3", "iqr", "lower_fence", "upper_fence", "outlier_share"]
    out[floats] = out[floats].astype("float64")
    out[["n_low", "n_high", "n_outliers"]] = out[["n_low", "n_high", "n_outliers"]].astype("int64")
    out["column"] = out["column"].astype("object")
    return out
