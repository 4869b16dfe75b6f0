"""Exploratory analysis: tidy frames and bounded plotly figures.

Data helpers return tidy :class:`pandas.DataFrame` objects; figure factories turn them into
plotly figures wrapped in a :class:`ChartResult` that also says, in plain words, how to read
the chart and whether anything was sampled, aggregated or left out. The UI only places them.

Every figure carries a bounded amount of data whatever the row count: distributions are
binned with numpy and drawn as bars, box plots are drawn from precomputed statistics, long
category lists are cut to the most frequent ones plus "Other", and scatter plots show a
seeded random sample whose size is reported in the note.

Text that comes from the data (column names, category values) only ever reaches a figure as
data or labels. Notes, hover templates and errors built here never contain it, so the page
can render them as markdown safely.

The inputs are a frame whose columns have already been converted to their kinds (see
:mod:`core.data.columns`) plus the :class:`~core.data.columns.ColumnInfo` list describing them.
This module never imports streamlit and never mutates its inputs.
"""

from __future__ import annotations

import io
import math
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.data import ColumnInfo, ColumnKind
from core.errors import ModelPathError

__all__ = [
    "MAX_ASSOCIATION_LEVELS",
    "MAX_CATEGORIES",
    "MAX_HEATMAP_COLUMNS",
    "MAX_PAIRPLOT_COLUMNS",
    "MAX_PAIRPLOT_ROWS",
    "MAX_POINTS",
    "ChartResult",
    "Overview",
    "association_heatmap",
    "categorical_association_frame",
    "column_profile",
    "column_summary_frame",
    "correlation_frame",
    "correlation_heatmap",
    "feature_vs_target",
    "missing_frame",
    "missing_pattern_chart",
    "missingness_chart",
    "outlier_chart",
    "outlier_frame",
    "overview",
    "pairplot_png",
    "target_distribution",
]

MAX_POINTS = 5_000
"""Most points a scatter plot draws; larger tables are sampled."""
MAX_CATEGORIES = 20
"""Most categories a bar or box chart shows; the rest are grouped as "Other"."""
MAX_HEATMAP_COLUMNS = 40
"""Most columns a heatmap (or a per-column bar chart) shows."""
MAX_PAIRPLOT_COLUMNS = 6
"""Most numeric columns a pair plot draws."""
MAX_PAIRPLOT_ROWS = 1_000
"""Most rows a pair plot draws; larger tables are sampled."""
MAX_ASSOCIATION_LEVELS = 100
"""Columns with more distinct values than this are left out of Cramér's V."""

_MAX_BINS = 50
_MAX_TIME_BUCKETS = 200
_MAX_PATTERN_ROWS = 300
_MAX_CLASS_TRACES = 10
_MAX_HUE_CLASSES = 10
_TEMPLATE = "plotly_white"
_TASKS = ("binary", "multiclass", "regression")
_CLASSIFICATION = ("binary", "multiclass")
_CATEGORY_KINDS = (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN)
_OTHER = "Other"
_MISSING = "(missing)"
_BOX_NOTE = (
    "Boxes summarise every row with a value; whiskers reach the furthest values within "
    "1.5 × IQR of the box and individual outliers are not drawn."
)
_BOX_HOW = (
    "Each box spans the middle half of the values (25th to 75th percentile), the line inside "
    "is the median, the dashed line the mean, and the whiskers reach the furthest values "
    "that are not outliers."
)
_HIST_HOW = "Each bar covers a range of values; its height is how many rows fall in that range."

# pyplot is not thread-safe and streamlit serves sessions from threads.
_PYPLOT_LOCK = threading.Lock()


@dataclass(frozen=True)
class ChartResult:
    """A figure plus what the page should say about it.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        The chart, ready to place.
    note : str or None
        Set when something was sampled, aggregated, truncated or left out, e.g.
        ``"Showing a random sample of 5,000 of 200,000 rows."``. Never contains text from the
        data, so it can be rendered as markdown.
    how_to_read : str
        One line telling how to read the chart.
    """

    figure: go.Figure
    note: str | None
    how_to_read: str


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
# Small helpers
# --------------------------------------------------------------------------------------------


def _infos(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> list[ColumnInfo]:
    """The described columns that are in the frame, once each, in the given order."""
    seen: set[str] = set()
    out = []
    for info in columns:
        if info.name in frame.columns and info.name not in seen:
            seen.add(info.name)
            out.append(info)
    return out


def _column(frame: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in frame.columns:
        raise ModelPathError(
            f"The {role} column is not in the table.",
            "It may have been renamed or dropped since it was chosen.",
            "Pick the column again from the columns of the current table.",
        )
    column = frame[name]
    if isinstance(column, pd.DataFrame):
        raise ModelPathError(
            f"The table has more than one column with the {role} column's name.",
            "Charts need each column name to be unique.",
            "Rename the duplicated columns and load the table again.",
        )
    return column


def _check_task(task: str | None) -> str:
    if task not in _TASKS:
        raise ModelPathError(
            "The task is not set to binary, multiclass or regression.",
            "The chart depends on whether the target is a class or a number.",
            "Choose the task on the problem page first.",
        )
    return task


def _is_number(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _as_float(series: pd.Series) -> np.ndarray:
    """Values as a new float64 array; missing and infinite values become NaN."""
    dtype = series.dtype
    if pd.api.types.is_numeric_dtype(dtype):  # includes bool and nullable dtypes
        values = series.to_numpy(dtype="float64", na_value=np.nan)
    else:
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(values), values, np.nan)


def _as_datetime(series: pd.Series, date_format: str | None = None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    return pd.to_datetime(series, errors="coerce", format=date_format)


def _count(n: int | np.integer) -> str:
    return f"{int(n):,}"


def _plural(n: int | np.integer, word: str, plural: str | None = None) -> str:
    return f"{int(n):,} {word if int(n) == 1 else plural or word + 's'}"


def _join(notes: Sequence[str | None]) -> str | None:
    text = " ".join(note for note in notes if note)
    return text or None


def _sample_note(shown: int, total: int) -> str:
    return f"Showing a random sample of {_count(shown)} of {_count(total)} rows."


def _fresh(base: str, taken: Sequence[str]) -> str:
    """``base`` unless a real value already uses it, then ``"base (2)"`` and so on."""
    label, i = base, 2
    while label in taken:
        label, i = f"{base} ({i})", i + 1
    return label


def _fmt(value: object) -> str:
    """A statistic as display text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "—"
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return _count(value)
    if isinstance(value, float | np.floating):
        return "—" if math.isnan(value) else f"{float(value):,.6g}"
    return str(value)


def _share(part: float, whole: float) -> str:
    return "—" if not whole else f"{part / whole:.1%}"


def _layout(fig: go.Figure, **kwargs: object) -> go.Figure:
    fig.update_layout(template=_TEMPLATE, margin={"l": 10, "r": 10, "t": 30, "b": 10}, **kwargs)
    return fig


def _square_heatmap(
    matrix: pd.DataFrame, *, symbol: str, zmin: float, colorscale: str
) -> go.Figure:
    """A column × column heatmap of values in [zmin, 1], annotated when small enough to read."""
    names = [str(name) for name in matrix.columns]
    heatmap = go.Heatmap(
        z=matrix.to_numpy(),
        x=names,
        y=names,
        zmin=zmin,
        zmax=1,
        zmid=0 if zmin < 0 else None,
        colorscale=colorscale,
        colorbar={"title": {"text": symbol}},
        hovertemplate=f"%{{y}}<br>%{{x}}<br>{symbol} = %{{z:.2f}}<extra></extra>",
    )
    if len(names) <= 12:
        heatmap.update(texttemplate="%{z:.2f}")
    fig = _layout(go.Figure(heatmap))
    fig.update_xaxes(type="category")
    fig.update_yaxes(type="category", autorange="reversed")
    return fig


def _empty_figure(message: str) -> go.Figure:
    """A figure with no data and a fixed message (never data text)."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig)


@dataclass(frozen=True)
class _Groups:
    """Rows mapped to at most ``max_levels`` most frequent values, "Other" and "(missing)"."""

    codes: np.ndarray  # group index per row, -1 for rows without a group
    labels: list[str]
    counts: np.ndarray
    n_levels: int  # distinct non-missing values
    n_kept: int  # levels shown under their own name
    n_missing: int


def _group(series: pd.Series, max_levels: int, *, missing: bool = True) -> _Groups:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    n_levels = len(uniques)
    present = codes >= 0
    level_counts = np.bincount(codes[present], minlength=n_levels)
    keep = np.argsort(-level_counts, kind="stable")[:max_levels]
    labels = [str(uniques[i]) for i in keep]
    if n_levels:
        mapping = np.full(n_levels, len(keep), dtype=np.int64)
        mapping[keep] = np.arange(len(keep))
        group = np.where(present, mapping[np.maximum(codes, 0)], -1)
    else:
        group = np.full(codes.shape, -1, dtype=np.int64)
    if n_levels > len(keep):
        labels.append(_fresh(_OTHER, labels))
    n_missing = int((~present).sum())
    if missing and n_missing:
        group = np.where(present, group, len(labels))
        labels.append(_fresh(_MISSING, labels))
    counts = np.bincount(group[group >= 0], minlength=len(labels))
    return _Groups(group, labels, counts, n_levels, len(keep), n_missing)


def _truncation_note(groups: _Groups, noun: str = "categories") -> str | None:
    if groups.n_levels <= groups.n_kept:
        return None
    return f"Top {groups.n_kept} of {_count(groups.n_levels)} {noun}; the rest grouped as {_OTHER}."


def _bin_count(values: np.ndarray, lo: float, hi: float) -> int:
    """Freedman–Diaconis or Sturges, whichever asks for more bins, capped at ``_MAX_BINS``."""
    n = values.size
    bins = math.log2(n) + 1
    q25, q75 = np.quantile(values, [0.25, 0.75])
    width = 2.0 * (q75 - q25) * n ** (-1.0 / 3.0)
    if width > 0:
        bins = max(bins, (hi - lo) / width)
    if not math.isfinite(bins):
        return _MAX_BINS
    return int(min(_MAX_BINS, max(1, math.ceil(min(bins, _MAX_BINS)))))


def _histogram(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges and counts of the non-missing values."""
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.array([], dtype="float64"), np.array([], dtype=np.int64)
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        edges = np.array([lo - 0.5, hi + 0.5])
    elif hi - lo < _MAX_BINS and np.array_equal(values, np.round(values)):
        edges = lo - 0.5 + np.arange(int(hi - lo) + 2, dtype="float64")
    else:
        edges = np.histogram_bin_edges(values, bins=_bin_count(values, lo, hi), range=(lo, hi))
    counts, edges = np.histogram(values, bins=edges)
    return edges, counts


def _histogram_figure(values: np.ndarray, x_title: str, y_title: str = "Rows") -> go.Figure:
    edges, counts = _histogram(values)
    if not counts.size:
        return _empty_figure("No values to show.")
    left, right = edges[:-1], edges[1:]
    fig = go.Figure(
        go.Bar(
            x=(left + right) / 2,
            y=counts,
            width=right - left,
            customdata=np.column_stack([left, right]),
            hovertemplate=(
                "%{customdata[0]:,.4g} to %{customdata[1]:,.4g}<br>%{y:,} rows<extra></extra>"
            ),
            marker_line_width=0,
            showlegend=False,
        )
    )
    return _layout(fig, bargap=0.02, xaxis_title=x_title, yaxis_title=y_title)


def _missing_note(n_missing: int) -> str | None:
    return f"{_plural(n_missing, 'missing value')} not shown." if n_missing else None


def _category_bar(series: pd.Series, title: str) -> tuple[go.Figure, str | None]:
    groups = _group(series, MAX_CATEGORIES)
    total = groups.counts.sum()
    shares = groups.counts / total if total else np.zeros(len(groups.labels))
    fig = go.Figure(
        go.Bar(
            x=groups.counts,
            y=groups.labels,
            orientation="h",
            customdata=shares,
            hovertemplate="%{y}<br>%{x:,} rows (%{customdata:.1%})<extra></extra>",
            showlegend=False,
        )
    )
    _layout(fig, xaxis_title="Rows", yaxis_title=title)
    fig.update_yaxes(type="category", autorange="reversed")
    return fig, _truncation_note(groups)


def _box_stats(values: np.ndarray) -> dict[str, float] | None:
    values = values[~np.isnan(values)]
    if values.size == 0:
        return None
    q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    iqr = q3 - q1
    return {
        "q1": float(q1),
        "median": float(median),
        "q3": float(q3),
        "lowerfence": float(values[values >= q1 - 1.5 * iqr].min()),
        "upperfence": float(values[values <= q3 + 1.5 * iqr].max()),
        "mean": float(values.mean()),
    }


def _box_figure(
    values: np.ndarray, groups: _Groups, *, value_title: str, group_title: str
) -> go.Figure:
    labels, stats = [], []
    for index, label in enumerate(groups.labels):
        found = _box_stats(values[groups.codes == index])
        if found is not None:
            labels.append(label)
            stats.append(found)
    if not stats:
        return _empty_figure("No rows have both values.")
    fig = go.Figure(
        go.Box(
            orientation="v",
            x=labels,
            **{key: [s[key] for s in stats] for key in stats[0]},
            boxpoints=False,
            boxmean=True,
            showlegend=False,
        )
    )
    _layout(fig, xaxis_title=group_title, yaxis_title=value_title)
    fig.update_xaxes(type="category")
    return fig


_FREQUENCIES = (
    ("min", "minute", 60.0),
    ("h", "hour", 3_600.0),
    ("D", "day", 86_400.0),
    ("7D", "week", 7 * 86_400.0),
    ("MS", "month", 30.44 * 86_400.0),
    ("QS", "quarter", 91.31 * 86_400.0),
    ("YS", "year", 365.25 * 86_400.0),
)


def _time_frequency(dates: pd.Series) -> tuple[str, str]:
    """A pandas frequency giving at most ``_MAX_TIME_BUCKETS`` buckets, and its unit name."""
    span = (dates.max() - dates.min()).total_seconds()
    dates_only = bool((dates == dates.dt.normalize()).all())  # no time of day: days at least
    for freq, unit, seconds in _FREQUENCIES:
        if dates_only and seconds < 86_400.0:
            continue
        if span / seconds + 1 <= _MAX_TIME_BUCKETS:
            return freq, unit
    years = math.ceil(span / _FREQUENCIES[-1][2] / (_MAX_TIME_BUCKETS - 1))
    return f"{years}YS", f"{years}-year period"


def _time_buckets(dates: pd.Series, values: np.ndarray) -> tuple[pd.DataFrame, str]:
    """Rows and mean value per time bucket (``start``, ``rows``, ``mean``) and the unit."""
    freq, unit = _time_frequency(dates)
    series = pd.Series(values, index=pd.DatetimeIndex(dates)).sort_index()
    resampled = series.resample(freq)
    out = pd.DataFrame({"rows": resampled.count(), "mean": resampled.mean()})
    out = out.rename_axis("start").reset_index()
    return out, unit


def _sorted_classes(values: Sequence[object]) -> list[object]:
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=str)


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


def column_profile(
    frame: pd.DataFrame, info: ColumnInfo, *, seed: int = 0
) -> tuple[pd.DataFrame, ChartResult]:
    """Statistics and a distribution chart for one column, suited to its kind.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    info : ColumnInfo
        The column to profile.
    seed : int, default=0
        Kept for a uniform signature; every chart here aggregates all rows, so nothing is
        sampled.

    Returns
    -------
    stats : pandas.DataFrame
        Columns ``statistic`` and ``value``; values are display text.
    chart : ChartResult
        Numeric: histogram. Categorical, boolean, identifier and constant: bars of the most
        frequent values. Datetime: rows per time bucket. Text: histogram of length in words.

    Raises
    ------
    ModelPathError
        If the column is not in the table.
    """
    del seed  # nothing is sampled; the argument keeps the factories' signatures alike
    series = _column(frame, info.name, "chosen")
    n = len(series)
    n_missing = int(series.isna().sum())
    stats: list[tuple[str, str]] = [
        ("rows", _count(n)),
        ("missing", f"{_count(n_missing)} ({_share(n_missing, n)})"),
        ("unique", _count(series.nunique(dropna=True))),
    ]
    kind = info.kind
    if kind == ColumnKind.NUMERIC:
        values = _as_float(series)
        present = values[~np.isnan(values)]
        stats += _numeric_stats(present)
        n_dropped = n - present.size
        note = (
            f"{_plural(n_dropped, 'missing or infinite value')} not shown." if n_dropped else None
        )
        fig = _histogram_figure(values, info.name)
        how = _HIST_HOW
    elif kind == ColumnKind.DATETIME:
        dates = _as_datetime(series, info.date_format).dropna()
        if len(dates):
            stats += [
                ("earliest", str(dates.min())),
                ("latest", str(dates.max())),
                ("span", str(dates.max() - dates.min())),
            ]
            buckets, unit = _time_buckets(dates, np.ones(len(dates)))
            fig = go.Figure(
                go.Bar(
                    x=buckets["start"],
                    y=buckets["rows"],
                    hovertemplate="%{x}<br>%{y:,} rows<extra></extra>",
                    showlegend=False,
                )
            )
            _layout(fig, bargap=0.05, xaxis_title=info.name, yaxis_title=f"Rows per {unit}")
            how = f"Each bar is one {unit}; its height is how many rows fall in it."
        else:
            fig = _empty_figure("No dates to show.")
            how = "The column has no dates to count."
        n_unparsed = n - len(dates)
        note = f"{_plural(n_unparsed, 'row')} without a date not shown." if n_unparsed else None
    elif kind == ColumnKind.TEXT:
        text = series.dropna().astype("str")
        words = text.str.split().str.len().to_numpy(dtype="float64", na_value=np.nan)
        if words.size:
            stats += [
                ("mean words", _fmt(float(np.mean(words)))),
                ("median words", _fmt(float(np.median(words)))),
                ("max words", _fmt(int(np.max(words)))),
            ]
        fig = _histogram_figure(words, "Length in words")
        how = (
            "Each bar covers a range of text lengths in words; its height is how many rows have it."
        )
        note = _missing_note(n_missing)
    else:  # categorical, boolean, identifier, constant
        counts = series.value_counts(dropna=True)
        if len(counts):
            stats += [
                ("most frequent", str(counts.index[0])),
                (
                    "most frequent count",
                    f"{_count(counts.iloc[0])} ({_share(counts.iloc[0], n - n_missing)})",
                ),
            ]
        if kind == ColumnKind.BOOLEAN:
            n_true = int(_as_float(series)[~series.isna().to_numpy()].sum())
            stats.append(("true", f"{_count(n_true)} ({_share(n_true, n - n_missing)})"))
        fig, note = _category_bar(series, info.name)
        how = "Each bar is one value; its length is how many rows hold it, most frequent first."
    table = pd.DataFrame(stats, columns=["statistic", "value"], dtype="object")
    return table, ChartResult(fig, note, how)


def _numeric_stats(values: np.ndarray) -> list[tuple[str, str]]:
    if values.size == 0:
        return []
    series = pd.Series(values)
    q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    return [
        ("mean", _fmt(float(values.mean()))),
        ("std", _fmt(series.std())),
        ("min", _fmt(float(values.min()))),
        ("25%", _fmt(float(q1))),
        ("median", _fmt(float(median))),
        ("75%", _fmt(float(q3))),
        ("max", _fmt(float(values.max()))),
        ("skew", _fmt(series.skew())),
        ("zeros", f"{_count((values == 0).sum())} ({_share((values == 0).sum(), values.size)})"),
    ]


# --------------------------------------------------------------------------------------------
# Target
# --------------------------------------------------------------------------------------------


def _target(frame: pd.DataFrame, target: str, task: str | None) -> tuple[pd.Series, str]:
    task = _check_task(task)
    series = _column(frame, target, "target")
    if task == "regression" and not _is_number(series):
        raise ModelPathError(
            "The target is not numeric, so it can't be treated as a regression target.",
            "Regression predicts a number; this column holds text, dates or true/false values.",
            "Choose a numeric target, or set the task to binary or multiclass.",
        )
    return series, task


def target_distribution(frame: pd.DataFrame, target: str, task: str | None) -> ChartResult:
    """How the target's values are spread.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    target : str
        Name of the target column.
    task : {"binary", "multiclass", "regression"}
        The modelling task.

    Returns
    -------
    ChartResult
        Classification: one bar per class with its count and share (top classes only when
        there are many). Regression: histogram.

    Raises
    ------
    ModelPathError
        If the target is missing from the table, the task is unknown, or a regression target
        is not numeric.
    """
    series, task = _target(frame, target, task)
    n_missing = int(series.isna().sum())
    missing_note = (
        f"{_plural(n_missing, 'row')} with a missing target not counted." if n_missing else None
    )
    if task == "regression":
        fig = _histogram_figure(_as_float(series), target)
        return ChartResult(fig, missing_note, _HIST_HOW)
    groups = _group(series, MAX_CATEGORIES, missing=False)
    total = groups.counts.sum()
    shares = groups.counts / total if total else np.zeros(len(groups.labels))
    fig = go.Figure(
        go.Bar(
            x=groups.labels,
            y=groups.counts,
            text=shares,
            texttemplate="%{text:.1%}",
            textposition="outside",
            hovertemplate="%{x}<br>%{y:,} rows (%{text:.1%})<extra></extra>",
            showlegend=False,
        )
    )
    _layout(fig, xaxis_title=target, yaxis_title="Rows")
    fig.update_xaxes(type="category")
    note = _join([_truncation_note(groups, "classes"), missing_note])
    how = "Each bar is one class; its height is how many rows have it and the label its share."
    return ChartResult(fig, note, how)


def feature_vs_target(
    frame: pd.DataFrame, feature: ColumnInfo, target: str, task: str | None, *, seed: int = 0
) -> ChartResult:
    """How the target changes with one feature.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    feature : ColumnInfo
        The feature to plot; numeric, categorical, boolean or datetime.
    target : str
        Name of the target column.
    task : {"binary", "multiclass", "regression"}
        The modelling task.
    seed : int, default=0
        Seed of the random sample drawn for scatter plots.

    Returns
    -------
    ChartResult
        Numeric feature and class target: a box of the feature per class. Categorical or
        boolean feature and class target: stacked bars of class shares within each of the
        most frequent categories. Numeric feature and regression target: a sampled scatter
        with a least-squares trend line fitted on all rows. Categorical or boolean feature and
        regression target: a box of the target per category. Datetime feature: the target's
        mean (regression) or the share of the positive class (binary; the larger label, as a
        label encoder orders them) or of the most frequent class (multiclass) per time bucket.

    Raises
    ------
    ModelPathError
        If a column is missing, the feature is the target, the task is unknown, or the
        feature's kind (text, identifier, constant) has no meaningful chart against a target.
    """
    target_series, task = _target(frame, target, task)
    if feature.name == target:
        raise ModelPathError(
            "The feature is the target itself.",
            "Plotting a column against itself tells nothing about the target.",
            "Pick another feature.",
        )
    if feature.kind not in (ColumnKind.NUMERIC, ColumnKind.DATETIME, *_CATEGORY_KINDS):
        raise ModelPathError(
            f"A {feature.kind} column can't be plotted against the target.",
            {
                ColumnKind.TEXT: "Free text has almost no repeated values to group by; it "
                "needs to be turned into features (such as word counts) first.",
                ColumnKind.IDENTIFIER: "An identifier is (almost) different on every row, so it "
                "carries no pattern a model should learn.",
                ColumnKind.CONSTANT: "A constant column has the same value on every row, so "
                "the target can't change with it.",
            }.get(feature.kind, "Its values can't be grouped or ordered."),
            "Pick a numeric, categorical, boolean or datetime feature, or change this "
            "column's kind if it was guessed wrongly.",
        )
    feature_series = _column(frame, feature.name, "feature")
    has_target = target_series.notna().to_numpy()
    n_no_target = int((~has_target).sum())
    target_note = (
        f"{_plural(n_no_target, 'row')} with a missing target left out." if n_no_target else None
    )
    target_series = target_series[has_target]
    feature_series = feature_series[has_target]
    classification = task in _CLASSIFICATION

    if feature.kind == ColumnKind.DATETIME:
        return _datetime_vs_target(
            feature, feature_series, target, target_series, task, target_note
        )

    if feature.kind == ColumnKind.NUMERIC:
        x = _as_float(feature_series)
        n_no_value = int(np.isnan(x).sum())
        value_note = (
            f"{_plural(n_no_value, 'row')} without a feature value left out."
            if n_no_value
            else None
        )
        if classification:
            classes = _group(target_series, MAX_CATEGORIES, missing=False)
            fig = _box_figure(x, classes, value_title=feature.name, group_title=target)
            note = _join([_BOX_NOTE, _truncation_note(classes, "classes"), value_note, target_note])
            return ChartResult(fig, note, _BOX_HOW)
        return _scatter_with_trend(
            x, _as_float(target_series), feature.name, target, seed, [value_note, target_note]
        )

    # categorical or boolean feature
    categories = _group(feature_series, MAX_CATEGORIES)
    if not classification:
        y = _as_float(target_series)
        fig = _box_figure(y, categories, value_title=target, group_title=feature.name)
        note = _join([_BOX_NOTE, _truncation_note(categories), target_note])
        return ChartResult(fig, note, _BOX_HOW)
    classes = _group(target_series, _MAX_CLASS_TRACES, missing=False)
    n_f, n_c = len(categories.labels), len(classes.labels)
    table = np.bincount(categories.codes * n_c + classes.codes, minlength=n_f * n_c).reshape(
        n_f, n_c
    )
    totals = table.sum(axis=1, keepdims=True)
    shares = np.divide(table, totals, out=np.zeros(table.shape), where=totals > 0)
    fig = go.Figure(
        [
            go.Bar(
                x=categories.labels,
                y=shares[:, j],
                customdata=table[:, j],
                name=label,
                hovertemplate="%{x}<br>%{y:.1%} of the category's rows (%{customdata:,})",
            )
            for j, label in enumerate(classes.labels)
        ]
    )
    _layout(
        fig,
        barmode="stack",
        xaxis_title=feature.name,
        yaxis_title="Share of rows",
        legend_title_text=target,
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    note = _join([_truncation_note(categories), _truncation_note(classes, "classes"), target_note])
    how = (
        "Each bar is one category split by class; compare the coloured shares across bars "
        "to see whether the class mix changes with the category."
    )
    return ChartResult(fig, note, how)


def _scatter_with_trend(
    x: np.ndarray, y: np.ndarray, x_title: str, y_title: str, seed: int, notes: list[str | None]
) -> ChartResult:
    both = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[both], y[both]
    n = x.size
    sample_note = None
    if n > MAX_POINTS:
        rng = np.random.default_rng(seed)
        index = np.sort(rng.choice(n, size=MAX_POINTS, replace=False))
        sample_note = (
            f"{_sample_note(MAX_POINTS, n)} The trend line is fitted on all {_count(n)} rows."
        )
    else:
        index = np.arange(n)
    fig = go.Figure(
        go.Scatter(
            x=x[index],
            y=y[index],
            mode="markers",
            name="Rows",
            marker={"size": 5, "opacity": 0.5},
            hovertemplate="%{x:,.4g}, %{y:,.4g}<extra></extra>",
        )
    )
    trend_note = None
    if n >= 2 and np.ptp(x) > 0:
        slope, intercept = np.polyfit(x, y, 1)
        ends = np.array([x.min(), x.max()])
        fig.add_trace(
            go.Scatter(
                x=ends,
                y=slope * ends + intercept,
                mode="lines",
                name="Least-squares trend",
                line={"width": 3},
                hovertemplate="trend: %{y:,.4g}<extra></extra>",
            )
        )
    else:
        trend_note = "No trend line: the feature needs at least two different values."
    _layout(fig, xaxis_title=x_title, yaxis_title=y_title)
    how = (
        "Each dot is one row; the straight line is the least-squares trend, so its slope shows "
        "how much the target changes per unit of the feature on average."
    )
    return ChartResult(fig, _join([sample_note, trend_note, *notes]), how)


def _datetime_vs_target(
    feature: ColumnInfo,
    feature_series: pd.Series,
    target: str,
    target_series: pd.Series,
    task: str,
    target_note: str | None,
) -> ChartResult:
    dates = _as_datetime(feature_series, feature.date_format)
    has_date = dates.notna().to_numpy()
    n_no_date = int((~has_date).sum())
    date_note = f"{_plural(n_no_date, 'row')} without a date left out." if n_no_date else None
    dates, target_series = dates[has_date], target_series[has_date]
    if task == "regression":
        values = _as_float(target_series)
        y_title = "Mean of the target"
        trace_name = "Mean"
        how_end = "the mean target"
    else:
        classes = list(pd.unique(target_series))
        if task == "binary":
            label = _sorted_classes(classes)[-1] if classes else None
        else:
            label = target_series.value_counts().index[0] if classes else None
        values = (target_series == label).to_numpy(dtype="float64", na_value=0.0)
        y_title = "Share of rows in the class"
        trace_name = str(label)
        how_end = (
            "the share of rows in the positive class"
            if task == "binary"
            else "the share of rows in the most frequent class"
        )
    if not len(dates):
        fig = _empty_figure("No rows have both a date and a target.")
        return ChartResult(fig, _join([date_note, target_note]), "There is nothing to plot.")
    buckets, unit = _time_buckets(dates, values)
    fig = go.Figure(
        go.Scatter(
            x=buckets["start"],
            y=buckets["mean"],
            customdata=buckets["rows"],
            mode="lines+markers",
            name=trace_name,
            showlegend=True,
            hovertemplate="%{x}<br>%{y:,.4g} over %{customdata:,} rows<extra></extra>",
        )
    )
    _layout(fig, xaxis_title=feature.name, yaxis_title=y_title, legend_title_text=target)
    if task != "regression":
        fig.update_yaxes(tickformat=".0%")
    how = f"Each point is one {unit}; its height is {how_end} among that {unit}'s rows."
    return ChartResult(fig, _join([f"Rows grouped by {unit}.", date_note, target_note]), how)


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


def correlation_heatmap(
    frame: pd.DataFrame, columns: Sequence[ColumnInfo], *, method: str = "pearson"
) -> ChartResult:
    """Heatmap of :func:`correlation_frame`.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column.
    method : {"pearson", "spearman"}, default="pearson"
        See :func:`correlation_frame`.

    Returns
    -------
    ChartResult
        A diverging heatmap from -1 to 1.

    Raises
    ------
    ModelPathError
        If fewer than two numeric or boolean columns vary, or the method is unknown.
    """
    corr, block = _correlation(frame, columns, method)
    if corr.shape[0] < 2:
        raise ModelPathError(
            "There are fewer than two numeric or boolean columns that vary.",
            "A correlation needs two columns whose values change from row to row.",
            "Check the column kinds, or load a table with more numeric columns.",
        )
    fig = _square_heatmap(corr, symbol="r", zmin=-1, colorscale="RdBu_r")
    notes = []
    if block.n_constant:
        notes.append(f"{_plural(block.n_constant, 'column')} without variation left out.")
    if block.n_dropped:
        notes.append(
            f"Showing the {MAX_HEATMAP_COLUMNS} columns with the highest variance; "
            f"{_plural(block.n_dropped, 'more column')} left out."
        )
    word = "rank " if method == "spearman" else ""
    how = (
        f"Each cell is the {word}correlation of two columns: red near 1 means they rise "
        "together, blue near -1 that one falls as the other rises, white no linear relation."
    )
    return ChartResult(fig, _join(notes), how)


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


def association_heatmap(
    frame: pd.DataFrame, columns: Sequence[ColumnInfo], *, target: str | None = None
) -> ChartResult:
    """Heatmap of :func:`categorical_association_frame`.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column.
    target : str or None, default=None
        See :func:`categorical_association_frame`.

    Returns
    -------
    ChartResult
        A heatmap from 0 to 1; the note says how many columns were left out and why.

    Raises
    ------
    ModelPathError
        If fewer than two categorical or boolean columns can be compared.
    """
    found = _category_codes(frame, columns, target)
    assoc = _association(found)
    notes = []
    if found.n_many:
        notes.append(
            f"{_plural(found.n_many, 'column')} with more than {MAX_ASSOCIATION_LEVELS} "
            "distinct values left out."
        )
    if found.n_single:
        notes.append(f"{_plural(found.n_single, 'column')} with fewer than two values left out.")
    if found.n_dropped:
        notes.append(
            f"Showing the first {MAX_HEATMAP_COLUMNS} columns; "
            f"{_plural(found.n_dropped, 'more column')} left out."
        )
    if assoc.shape[0] < 2:
        raise ModelPathError(
            "There are fewer than two categorical or boolean columns to compare.",
            " ".join(notes)
            or "Cramér's V measures how strongly two sets of categories go together.",
            "Check the column kinds, or use the correlation heatmap for numeric columns.",
        )
    fig = _square_heatmap(assoc, symbol="V", zmin=0, colorscale="Blues")
    how = (
        "Each cell is Cramér's V of two columns: 0 means knowing one tells nothing about the "
        "other, 1 that one determines the other."
    )
    return ChartResult(fig, _join(notes), how)


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


def missingness_chart(frame: pd.DataFrame, *, seed: int = 0) -> ChartResult:
    """Bar of the missing share of each column that has missing values.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    seed : int, default=0
        Kept for a uniform signature; the chart counts every row.

    Returns
    -------
    ChartResult
        Horizontal bars, most missing at the top, at most ``MAX_HEATMAP_COLUMNS`` of them.
    """
    del seed
    table = missing_frame(frame)
    table = table[table["missing"] > 0]
    how = "Each bar is one column; its length is the share of rows where it is missing."
    if table.empty:
        return ChartResult(
            _empty_figure("No missing values."), "No column has missing values.", how
        )
    note = None
    if len(table) > MAX_HEATMAP_COLUMNS:
        note = (
            f"Showing the {MAX_HEATMAP_COLUMNS} columns with the most missing values; "
            f"{_plural(len(table) - MAX_HEATMAP_COLUMNS, 'more column')} also have some."
        )
        table = table.head(MAX_HEATMAP_COLUMNS)
    fig = go.Figure(
        go.Bar(
            x=table["missing_share"].to_numpy(),
            y=table["column"].tolist(),
            customdata=table["missing"].to_numpy(),
            orientation="h",
            hovertemplate="%{y}<br>%{x:.1%} missing (%{customdata:,} rows)<extra></extra>",
            showlegend=False,
        )
    )
    _layout(fig, xaxis_title="Share of rows missing", yaxis_title="Column")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(type="category", autorange="reversed")
    return ChartResult(fig, note, how)


def missing_pattern_chart(frame: pd.DataFrame, *, seed: int = 0) -> ChartResult:
    """Which cells are missing, on a random sample of at most 300 rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    seed : int, default=0
        Seed of the row sample.

    Returns
    -------
    ChartResult
        A two-colour heatmap: rows (in table order) by the columns that have missing values
        (at most ``MAX_HEATMAP_COLUMNS``, those missing most).
    """
    how = (
        "Each row of the grid is one table row and each column one column; dark cells are "
        "missing, so stripes across columns show values that go missing together."
    )
    n = len(frame)
    table = missing_frame(frame)
    table = table[table["missing"] > 0]
    if table.empty:
        return ChartResult(
            _empty_figure("No missing values."), "No column has missing values.", how
        )
    notes = []
    chosen = table.head(MAX_HEATMAP_COLUMNS)["column"].tolist()
    if len(table) > MAX_HEATMAP_COLUMNS:
        notes.append(
            f"Showing the {MAX_HEATMAP_COLUMNS} columns with the most missing values; "
            f"{_plural(len(table) - MAX_HEATMAP_COLUMNS, 'more column')} also have some."
        )
    positions_of = {str(c): i for i, c in enumerate(frame.columns)}
    column_positions = sorted(positions_of[name] for name in chosen)
    if n > _MAX_PATTERN_ROWS:
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(n, size=_MAX_PATTERN_ROWS, replace=False))
        notes.insert(0, _sample_note(_MAX_PATTERN_ROWS, n))
    else:
        rows = np.arange(n)
    block = frame.iloc[rows, column_positions]
    fig = go.Figure(
        go.Heatmap(
            z=block.isna().to_numpy(dtype=np.int8),
            x=[str(c) for c in block.columns],
            y=rows,
            zmin=0,
            zmax=1,
            colorscale=[[0.0, "#e8ecf1"], [1.0, "#c0392b"]],
            showscale=False,
            hovertemplate="row %{y}<br>%{x}<br>missing: %{z}<extra></extra>",
        )
    )
    _layout(fig, xaxis_title="Column", yaxis_title="Row (position in the table)")
    fig.update_xaxes(type="category")
    fig.update_yaxes(autorange="reversed")
    return ChartResult(fig, _join(notes), how)


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


def outlier_chart(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> ChartResult:
    """Bar of the outlier share of each numeric column.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[ColumnInfo]
        The kind of each column.

    Returns
    -------
    ChartResult
        Horizontal bars split into low and high outliers, most outliers at the top, at most
        ``MAX_HEATMAP_COLUMNS`` columns.

    Raises
    ------
    ModelPathError
        If no column is numeric.
    """
    table = outlier_frame(frame, columns)
    if table.empty:
        raise ModelPathError(
            "There are no numeric columns to check for outliers.",
            "Outliers are judged from the spread of numbers.",
            "Check the column kinds; a numeric column read as text can be changed there.",
        )
    how = (
        "Each bar is one numeric column; its length is the share of values more than 1.5 "
        "interquartile ranges below the first or above the third quartile."
    )
    notes = []
    n_empty = int(table["outlier_share"].isna().sum())
    if n_empty:
        notes.append(f"{_plural(n_empty, 'column')} with no values left out.")
    table = table.dropna(subset=["outlier_share"])
    if table.empty:
        return ChartResult(_empty_figure("No values to check."), _join(notes), how)
    table = table.sort_values("outlier_share", ascending=False, kind="stable")
    if len(table) > MAX_HEATMAP_COLUMNS:
        notes.append(
            f"Showing the {MAX_HEATMAP_COLUMNS} columns with the most outliers; "
            f"{_plural(len(table) - MAX_HEATMAP_COLUMNS, 'more column')} left out."
        )
        table = table.head(MAX_HEATMAP_COLUMNS)
    share = table["outlier_share"].to_numpy()
    n_outliers = table["n_outliers"].to_numpy()
    names = table["column"].astype("str").tolist()
    fig = go.Figure()
    for side, label in (("n_low", "Below the lower fence"), ("n_high", "Above the upper fence")):
        counts = table[side].to_numpy()
        part = np.divide(counts, n_outliers, out=np.zeros(len(counts)), where=n_outliers > 0)
        fig.add_trace(
            go.Bar(
                x=share * part,
                y=names,
                customdata=counts,
                orientation="h",
                name=label,
                hovertemplate="%{y}<br>%{x:.2%} of values (%{customdata:,})",
            )
        )
    _layout(
        fig, barmode="stack", xaxis_title="Share of values outside 1.5 × IQR", yaxis_title="Column"
    )
    fig.update_xaxes(tickformat=".1%")
    fig.update_yaxes(type="category", autorange="reversed")
    return ChartResult(fig, _join(notes), how)


# --------------------------------------------------------------------------------------------
# Pair plot (matplotlib / seaborn, rendered to PNG)
# --------------------------------------------------------------------------------------------


def _pyplot():  # returns the pyplot module, switching to Agg only if pyplot is not loaded
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def pairplot_png(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    hue: str | None = None,
    seed: int = 0,
) -> tuple[bytes, str | None]:
    """A seaborn pair plot of a few numeric columns, as PNG bytes.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[str]
        Columns to plot; those that are not numeric are skipped (and counted in the note).
    hue : str or None, default=None
        A class target to colour the points by. With more than 10 classes the colouring is
        dropped and the note says so.
    seed : int, default=0
        Seed of the row sample.

    Returns
    -------
    png : bytes
        The rendered image.
    note : str or None
        What was sampled or skipped.

    Raises
    ------
    ModelPathError
        If none or more than ``MAX_PAIRPLOT_COLUMNS`` of the columns are numeric, or ``hue``
        is not in the table.
    """
    names = [name for name in dict.fromkeys(columns) if name in frame.columns]
    numeric = [name for name in names if _is_number(frame[name])]
    if not numeric:
        raise ModelPathError(
            "None of the chosen columns is numeric.",
            "A pair plot draws numeric columns against each other.",
            f"Pick between one and {MAX_PAIRPLOT_COLUMNS} numeric columns.",
        )
    if len(numeric) > MAX_PAIRPLOT_COLUMNS:
        raise ModelPathError(
            f"{len(numeric)} numeric columns were chosen; a pair plot shows at most "
            f"{MAX_PAIRPLOT_COLUMNS}.",
            "Each extra column adds a whole row and column of small charts, which become "
            "unreadable.",
            f"Pick at most {MAX_PAIRPLOT_COLUMNS} columns, for example the ones most "
            "correlated with the target.",
        )
    notes: list[str] = []
    n_skipped = len(list(dict.fromkeys(columns))) - len(numeric)
    if n_skipped:
        notes.append(f"Not numeric, so left out: {_plural(n_skipped, 'chosen column')}.")
    data = pd.DataFrame({name: _as_float(frame[name]) for name in numeric})
    keep = data.notna().any(axis=1).to_numpy()
    hue_name = None
    if hue is not None:
        hue_series = _column(frame, hue, "colour-by")
        if hue_series.nunique(dropna=True) > _MAX_HUE_CLASSES:
            notes.append(f"Not coloured by class: there are more than {_MAX_HUE_CLASSES} classes.")
        else:
            hue_name = _fresh(str(hue), numeric)
            data[hue_name] = hue_series.map(str, na_action="ignore").to_numpy(dtype=object)
            keep = keep & hue_series.notna().to_numpy()
    data = data[keep]
    n = len(data)
    if n == 0:
        raise ModelPathError(
            "No row has a value in the chosen columns.",
            "A pair plot needs rows to draw.",
            "Pick columns with fewer missing values.",
        )
    if n > MAX_PAIRPLOT_ROWS:
        rng = np.random.default_rng(seed)
        data = data.iloc[np.sort(rng.choice(n, size=MAX_PAIRPLOT_ROWS, replace=False))]
        notes.insert(0, _sample_note(MAX_PAIRPLOT_ROWS, n))
    hue_order = _sorted_classes(list(pd.unique(data[hue_name]))) if hue_name else None

    import matplotlib
    import seaborn as sns

    with _PYPLOT_LOCK:
        plt = _pyplot()
        # Column names must show literally, not as mathtext ("$" pairs).
        with matplotlib.rc_context({"text.parse_math": False}), sns.axes_style("ticks"):
            grid = sns.pairplot(
                data.reset_index(drop=True),
                vars=numeric,
                hue=hue_name,
                hue_order=hue_order,
                diag_kind="hist",
                height=2.0,
                plot_kws={"s": 12, "alpha": 0.6, "linewidth": 0},
            )
            try:
                buffer = io.BytesIO()
                grid.figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
            finally:
                plt.close(grid.figure)
    return buffer.getvalue(), _join(notes)
