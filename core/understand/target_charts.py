"""Charts of the target: its distribution, and each feature against it.

Built from the same bounded figure parts as :mod:`core.understand.explore_charts` (binned
histograms, boxes drawn from precomputed statistics, "Other" for long category lists, seeded
scatter samples with a trend line, time buckets for dates) and returned as a
:class:`~core.understand.explore_charts.ChartResult`. The task (binary, multiclass or
regression) decides the chart. Notes never contain text from the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.data import ColumnInfo, ColumnKind
from core.errors import ModelPathError
from core.understand._explore_common import (
    _CATEGORY_KINDS,
    _as_datetime,
    _as_float,
    _column,
    _count,
    _is_number,
    _join,
    _plural,
    _sample_note,
    _sorted_classes,
)
from core.understand.explore_charts import (
    _HIST_HOW,
    MAX_CATEGORIES,
    MAX_POINTS,
    ChartResult,
    _empty_figure,
    _group,
    _Groups,
    _histogram_figure,
    _layout,
    _time_buckets,
    _truncation_note,
)

__all__ = [
    "feature_vs_target",
    "target_distribution",
]

_MAX_CLASS_TRACES = 10

_TASKS = ("binary", "multiclass", "regression")
_CLASSIFICATION = ("binary", "multiclass")

_BOX_NOTE = (
    "Boxes summarise every row with a value; whiskers reach the furthest values within "
    "1.5 × IQR of the box and individual outliers are not drawn."
)
_BOX_HOW = (
    "Each box spans the middle half of the values (25th to 75th percentile), the line inside "
    "is the median, the dashed line the mean, and the whiskers reach the furthest values "
    "that are not outliers."
)


# --------------------------------------------------------------------------------------------
# Small helpers: the task check, and box plots drawn from precomputed statistics
# --------------------------------------------------------------------------------------------


def _check_task(task: str | None) -> str:
    if task not in _TASKS:
        raise ModelPathError(
            "The task is not set to binary, multiclass or regression.",
            "The chart depends on whether the target is a class or a number.",
            "Choose the task on the problem page first.",
        )
    return task


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
