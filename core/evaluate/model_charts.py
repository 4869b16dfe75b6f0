"""Charts of cross-validated results: the leaderboard, a validation curve, a search.

Each returns a :class:`core.understand.ChartResult` (figure, note, how to read it), like the
exploration charts, so pages place them the same way.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.evaluate.diagnosis import LearningCurve
from core.model import Leaderboard, SearchResult, ValidationCurve, model_spec
from core.understand import METRICS, ChartResult

__all__ = ["curve_chart", "leaderboard_chart", "learning_curve_chart", "search_chart"]

_TRAIN, _CV, _BASE = "#9aa5b1", "#1f77b4", "#d62728"


def leaderboard_chart(board: Leaderboard) -> ChartResult:
    """CV mean ± std per scored algorithm, with the baseline as a line."""
    metric = METRICS[board.metric]
    rows = [r for r in board.rows if r.result is not None and r.algorithm != "baseline"]
    rows = rows[::-1]  # best at the top of a horizontal bar chart
    fig = go.Figure(
        go.Bar(
            x=[metric.shown(r.result.mean) for r in rows],
            y=[r.label for r in rows],
            orientation="h",
            error_x={"type": "data", "array": [metric.shown(r.result.std) for r in rows]},
            marker_color=_CV,
            name="CV mean ± std",
        )
    )
    if board.baseline is not None:
        fig.add_vline(
            x=metric.shown(board.baseline.mean),
            line_dash="dash",
            line_color=_BASE,
            annotation_text=f"baseline {metric.format(board.baseline.mean, '.3g')}",
        )
    fig.update_layout(
        xaxis_title=f"{metric.unit_label} (cross-validated)",
        height=120 + 32 * len(rows),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    better = "longer" if metric.greater_is_better else "shorter"
    return ChartResult(
        fig,
        None,
        f"Each bar is an algorithm's mean score over the folds ({better} is better); the "
        "whisker is the fold-to-fold spread, and the dashed line is the baseline. Bars whose "
        "whiskers overlap are not clearly different.",
    )


def _banded_lines(fig: go.Figure, x, frame, metric: str) -> None:
    """Training and CV mean lines with ±1 std bands, in the units people read the metric in."""
    shown = METRICS[metric].shown
    for name, color, prefix in (
        ("training folds", _TRAIN, "train"),
        ("cross-validation", _CV, "cv"),
    ):
        mean, std = shown(frame[f"{prefix}_mean"]), shown(frame[f"{prefix}_std"])
        fig.add_trace(go.Scatter(x=x, y=mean, name=name, mode="lines+markers", line_color=color))
        fig.add_trace(
            go.Scatter(
                x=list(x) + list(x)[::-1],
                y=list(mean + std) + list(mean - std)[::-1],
                fill="toself",
                fillcolor=color,
                opacity=0.15,
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
            )
        )


def curve_chart(curve: ValidationCurve) -> ChartResult:
    """Training and CV score across a hyperparameter's values, with ±1 std bands."""
    frame = curve.frame()
    spec = model_spec(curve.algorithm).param(curve.param)
    numeric = spec.kind in ("int", "float") and all(
        isinstance(v, (int, float)) for v in frame["value"]
    )
    x = frame["value"] if numeric else frame["value"].astype(str)
    fig = go.Figure()
    _banded_lines(fig, x, frame, curve.metric)
    log = numeric and spec.log
    fig.update_layout(
        xaxis_title=curve.param,
        yaxis_title=METRICS[curve.metric].unit_label,
        xaxis_type="log" if log else None,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return ChartResult(
        fig,
        None,
        "Where both lines are poor, the model is too simple (bias); where the training line is "
        "far better than the cross-validation line, it memorises (variance). The best setting "
        "is where the cross-validation line peaks; bands show the fold-to-fold spread.",
    )


def search_chart(result: SearchResult) -> ChartResult:
    """CV score against each searched hyperparameter, one panel per parameter."""
    names = list(result.searched)
    scored = [r for r in result.rows if r.evaluation.result is not None]
    fig = make_subplots(rows=1, cols=max(1, len(names)), shared_yaxes=True, subplot_titles=names)
    best = result.best
    shown = METRICS[result.metric].shown
    for col, name in enumerate(names, start=1):
        values = [r.values[name] for r in scored]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        fig.add_trace(
            go.Scatter(
                x=values if numeric else [str(v) for v in values],
                y=[shown(r.evaluation.result.mean) for r in scored],
                mode="markers",
                marker={"color": _CV, "opacity": 0.7},
                name=name,
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        spec = model_spec(result.algorithm).param(name)
        if numeric and spec.log:
            fig.update_xaxes(type="log", row=1, col=col)
        if best is not None:
            value = best.values[name]
            fig.add_trace(
                go.Scatter(
                    x=[value if numeric else str(value)],
                    y=[shown(best.evaluation.result.mean)],
                    mode="markers",
                    marker={"color": _BASE, "size": 12, "symbol": "star"},
                    name="best",
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
    current = result.current.evaluation.result if result.current is not None else None
    if current is not None and current.complete:
        # A line, not a dot: the bar every candidate has to clear to be worth applying.
        fig.add_hline(
            y=current.mean,
            line_dash="dot",
            line_color=_TRAIN,
            annotation_text=f"current setting {METRICS[result.metric].format(current.mean, '.3g')}",
            row="all",
            col="all",
        )
    fig.update_yaxes(title_text=METRICS[result.metric].unit_label, row=1, col=1)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=360)
    note = None
    if result.method == "halving":
        note = "Halving: early rungs were scored on fewer rows, so their scores run lower."
    return ChartResult(
        fig,
        note,
        "Each dot is one candidate's cross-validated score against the value it tried; the "
        "star is the best and the dotted line the current setting on the same folds. A flat "
        "cloud means the parameter matters little in this range.",
    )


def learning_curve_chart(curve: LearningCurve, baseline: float | None = None) -> ChartResult:
    """Training and CV score against training rows, with ±1 std bands and the baseline."""
    frame = curve.frame
    metric = METRICS[curve.metric]
    fig = go.Figure()
    _banded_lines(fig, frame["rows"], frame, curve.metric)
    if baseline is not None:
        fig.add_hline(
            y=metric.shown(baseline),
            line_dash="dash",
            line_color=_BASE,
            annotation_text=f"baseline {metric.format(baseline, '.3g')}",
        )
    fig.update_layout(
        xaxis_title="training rows per fold",
        yaxis_title=metric.unit_label,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return ChartResult(
        fig,
        None,
        "The gap between the lines is what the model memorises (a wide gap that stays wide is "
        "overfitting); two low lines close together mean it is too simple; a cross-validation "
        "line still climbing at the right means more rows would likely help.",
    )
