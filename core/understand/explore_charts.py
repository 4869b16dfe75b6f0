"""Exploration's pictures: bounded plotly figures of a table's columns and their relations.

Figure factories turn the tidy frames of :mod:`core.understand.explore_summaries` (and single
columns) into plotly figures wrapped in a :class:`ChartResult` that also says, in plain words,
how to read the chart and whether anything was sampled, aggregated or left out. The UI only
places them. The charts of the target live in :mod:`core.understand.target_charts`, the pair
plot in :mod:`core.understand.pair_plot`.

Every figure carries a bounded amount of data whatever the row count: distributions are
binned with numpy and drawn as bars, box plots are drawn from precomputed statistics, long
category lists are cut to the most frequent ones plus "Other", and scatter plots show a
seeded random sample whose size is reported in the note.

Text that comes from the data (column names, category values) only ever reaches a figure as
data or labels. Notes, hover templates and errors built here never contain it, so the page
can render them as markdown safely. This module never imports streamlit and never mutates its
inputs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.data import ColumnInfo, ColumnKind
from core.errors import ModelPathError
from core.understand._explore_common import (
    _as_datetime,
    _as_float,
    _column,
    _count,
    _fresh,
    _join,
    _plural,
    _sample_note,
)
from core.understand.explore_summaries import (
    MAX_ASSOCIATION_LEVELS,
    MAX_HEATMAP_COLUMNS,
    _association,
    _category_codes,
    _correlation,
    missing_frame,
    outlier_frame,
)

__all__ = [
    "MAX_CATEGORIES",
    "MAX_POINTS",
    "ChartResult",
    "association_heatmap",
    "column_profile",
    "correlation_heatmap",
    "missing_pattern_chart",
    "missingness_chart",
    "outlier_chart",
]

MAX_POINTS = 5_000
"""Most points a scatter plot draws; larger tables are sampled."""
MAX_CATEGORIES = 20
"""Most categories a bar or box chart shows; the rest are grouped as "Other"."""

_MAX_BINS = 50
_MAX_TIME_BUCKETS = 200
_MAX_PATTERN_ROWS = 300

_TEMPLATE = "plotly_white"

_OTHER = "Other"
_MISSING = "(missing)"

_HIST_HOW = "Each bar covers a range of values; its height is how many rows fall in that range."


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


# --------------------------------------------------------------------------------------------
# Figure parts shared by the charts
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Per-column profiles
# --------------------------------------------------------------------------------------------


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
# Correlation and association
# --------------------------------------------------------------------------------------------


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
