"""Charts of a model's test-split evaluation: confusion, ROC, precision-recall, thresholds,
calibration and residuals.

Each takes a frame (or :class:`~core.evaluate.predictions.Predictions`) from
:mod:`core.evaluate.metric_frames` and returns a :class:`core.understand.ChartResult` (figure,
note, how to read it), like the other charts, so pages place them the same way. Scatter plots
draw a seeded random sample of at most :data:`core.understand.MAX_POINTS` rows and say so in the
note; notes never contain data text. An empty frame raises
:class:`~core.evaluate.predictions.EvaluationError` rather than drawing nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from core.evaluate.metric_frames import pr_frame, roc_frame
from core.evaluate.predictions import EvaluationError, Predictions
from core.understand import MAX_POINTS, ChartResult

__all__ = [
    "calibration_chart",
    "confusion_chart",
    "pr_chart",
    "predicted_actual_chart",
    "residual_histogram",
    "residuals_chart",
    "roc_chart",
    "threshold_chart",
]

_CV, _BASE, _GUIDE = "#1f77b4", "#d62728", "#9aa5b1"
_TEMPLATE = "plotly_white"
_MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}
_MAX_CLASS_CURVES = 10
_MAX_BINS = 50


def _layout(fig: go.Figure, **kwargs: object) -> go.Figure:
    fig.update_layout(template=_TEMPLATE, margin=_MARGIN, **kwargs)
    return fig


def _require_rows(frame: pd.DataFrame, chart: str, fix: str) -> None:
    if frame.empty:
        raise EvaluationError(
            f"There is nothing to draw in the {chart}.",
            "The evaluation produced no points for it.",
            fix,
        )


def _count(n: int) -> str:
    return f"{int(n):,}"


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------


def confusion_chart(frame: pd.DataFrame, *, normalized: bool) -> ChartResult:
    """Heatmap of a confusion matrix, actual classes down, predicted classes across.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`core.evaluate.metric_frames.confusion_frame`.
    normalized : bool
        True when the frame holds row shares; cells are then annotated as percentages.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the frame is empty.
    """
    _require_rows(frame, "confusion matrix", "Evaluate a classification model first.")
    actual = [str(v) for v in frame.index]
    predicted = [str(v) for v in frame.columns]
    values = frame.to_numpy(dtype="float64")
    if normalized:
        text = [[f"{v:.0%}" for v in row] for row in values]
        hover = "actual %{y}<br>predicted %{x}<br>%{z:.1%} of the class<extra></extra>"
        zmax, title = 1.0, "share"
    else:
        text = [[f"{int(v):,}" for v in row] for row in values]
        hover = "actual %{y}<br>predicted %{x}<br>%{z:,} rows<extra></extra>"
        zmax, title = None, "rows"
    heatmap = go.Heatmap(
        z=values,
        x=predicted,
        y=actual,
        zmin=0,
        zmax=zmax,
        colorscale="Blues",
        colorbar={"title": {"text": title}},
        text=text,
        hovertemplate=hover,
    )
    if len(predicted) <= 20:
        heatmap.update(texttemplate="%{text}")
    fig = _layout(go.Figure(heatmap), xaxis_title="Predicted class", yaxis_title="Actual class")
    fig.update_xaxes(type="category", side="bottom")
    fig.update_yaxes(type="category", autorange="reversed")
    how = (
        "Each row is an actual class and each column the class predicted for it; the diagonal "
        "holds correct predictions, so a good model puts nearly everything on the diagonal."
    )
    if normalized:
        how += " Each row shows shares of that class, so the diagonal cell is its recall."
    return ChartResult(fig, None, how)


def _curve_note(shown: int, total: int) -> str | None:
    if shown >= total:
        return None
    return f"Showing the {_count(shown)} largest of {_count(total)} classes."


def _largest_classes(pred: Predictions, labels: list[str]) -> list[str]:
    """The labels with the most true rows, at most :data:`_MAX_CLASS_CURVES`, in input order."""
    if len(labels) <= _MAX_CLASS_CURVES:
        return labels
    sizes = _class_shares(pred)
    ranked = sorted(labels, key=lambda label: -sizes.get(label, 0.0))
    keep = set(ranked[:_MAX_CLASS_CURVES])
    return [label for label in labels if label in keep]


def _class_shares(pred: Predictions) -> dict[str, float]:
    """Share of true rows per class, keyed by the label as the curve frames write it."""
    truth = np.asarray(pred.y_true.to_numpy())
    if pred.task == "binary":
        return {str(pred.positive_class): float(np.mean(truth == pred.positive_class))}
    return {str(c): float(np.mean(truth == c)) for c in pred.classes}


def _palette(i: int) -> str:
    colours = qualitative.Plotly
    return colours[i % len(colours)]


def _finite(values: pd.Series) -> np.ndarray:
    array = values.to_numpy(dtype="float64")
    return np.where(np.isfinite(array), array, np.nan)


def roc_chart(model: Predictions, baseline: Predictions | None = None) -> ChartResult:
    """ROC curve of the model (one per class for multiclass) with AUC, against chance.

    Parameters
    ----------
    model : Predictions
    baseline : Predictions, optional
        A binary baseline's curve is drawn dashed for comparison.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the model has no scores (multiclass: no probabilities) or only one class is
        present.
    """
    frame = roc_frame(model)
    _require_rows(
        frame,
        "ROC curve",
        "The curve needs probabilities or decision scores and both outcomes among the rows; "
        "choose an algorithm that gives scores.",
    )
    labels = list(dict.fromkeys(frame["class"]))
    shown = _largest_classes(model, labels)
    binary = model.task == "binary"
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="chance",
            line={"dash": "dot", "color": _GUIDE},
            hoverinfo="skip",
        )
    )
    for i, label in enumerate(shown):
        part = frame[frame["class"] == label]
        area = float(np.trapezoid(part["tpr"], part["fpr"]))
        fig.add_trace(
            go.Scatter(
                x=part["fpr"],
                y=part["tpr"],
                customdata=_finite(part["threshold"]),
                mode="lines",
                name=f"model (AUC {area:.3f})" if binary else f"{label} (AUC {area:.3f})",
                line={"color": _CV if binary else _palette(i)},
                hovertemplate="false positive rate %{x:.3f}<br>true positive rate %{y:.3f}"
                "<br>threshold %{customdata:.4g}<extra></extra>",
            )
        )
    if baseline is not None and binary:
        base = roc_frame(baseline)
        if not base.empty:
            area = float(np.trapezoid(base["tpr"], base["fpr"]))
            fig.add_trace(
                go.Scatter(
                    x=base["fpr"],
                    y=base["tpr"],
                    mode="lines",
                    name=f"baseline (AUC {area:.3f})",
                    line={"dash": "dash", "color": _BASE},
                    hovertemplate="baseline<br>false positive rate %{x:.3f}"
                    "<br>true positive rate %{y:.3f}<extra></extra>",
                )
            )
    _layout(
        fig,
        xaxis_title="False positive rate",
        yaxis_title="True positive rate (recall)",
        xaxis_range=[0, 1],
        yaxis_range=[0, 1.02],
    )
    how = (
        "Each point is one threshold: how many positives are found (up) for how many "
        "negatives wrongly flagged (right). A good model hugs the top-left corner; the dotted "
        "diagonal is guessing (AUC 0.5)."
    )
    if not binary:
        how += " Each class is drawn against all the others."
    return ChartResult(fig, _curve_note(len(shown), len(labels)), how)


def pr_chart(model: Predictions) -> ChartResult:
    """Precision-recall curve(s) with average precision, and the no-skill level.

    Parameters
    ----------
    model : Predictions

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the model has no scores (multiclass: no probabilities) or only one class is
        present.
    """
    frame = pr_frame(model)
    _require_rows(
        frame,
        "precision-recall curve",
        "The curve needs probabilities or decision scores and both outcomes among the rows; "
        "choose an algorithm that gives scores.",
    )
    labels = list(dict.fromkeys(frame["class"]))
    shown = _largest_classes(model, labels)
    shares = _class_shares(model)
    binary = model.task == "binary"
    fig = go.Figure()
    for i, label in enumerate(shown):
        part = frame[frame["class"] == label]
        recall, precision = part["recall"].to_numpy(), part["precision"].to_numpy()
        # Step-wise area, as scikit-learn's average_precision_score computes it.
        ap = float(-np.sum(np.diff(recall) * precision[:-1]))
        colour = _CV if binary else _palette(i)
        fig.add_trace(
            go.Scatter(
                x=recall,
                y=precision,
                customdata=_finite(part["threshold"]),
                mode="lines",
                line={"shape": "vh", "color": colour},
                name=f"model (AP {ap:.3f})" if binary else f"{label} (AP {ap:.3f})",
                hovertemplate="recall %{x:.3f}<br>precision %{y:.3f}"
                "<br>threshold %{customdata:.4g}<extra></extra>",
            )
        )
        share = shares.get(label, 0.0)
        fig.add_trace(
            go.Scatter(
                x=[0, 1],
                y=[share, share],
                mode="lines",
                line={"dash": "dash", "color": _BASE if binary else colour},
                name=f"no skill ({share:.1%} positive)" if binary else f"{label} no skill",
                showlegend=binary,
                hovertemplate=f"no skill: precision {share:.3f}<extra></extra>",
            )
        )
    _layout(
        fig,
        xaxis_title="Recall",
        yaxis_title="Precision",
        xaxis_range=[0, 1],
        yaxis_range=[0, 1.02],
    )
    how = (
        "Each point is one threshold: the share of positives found (right) against the share "
        "of flagged rows that really are positive (up). A good model stays high to the right; "
        "the dashed line is the no-skill level, the positive share."
    )
    if not binary:
        how += " Each class is drawn against all the others, with its own no-skill line."
    return ChartResult(fig, _curve_note(len(shown), len(labels)), how)


def threshold_chart(frame: pd.DataFrame, threshold: float) -> ChartResult:
    """Precision, recall and F1 across thresholds, with the chosen threshold marked.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`core.evaluate.metric_frames.threshold_frame`.
    threshold : float
        The threshold currently chosen.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the frame is empty.
    """
    _require_rows(
        frame,
        "threshold chart",
        "Thresholds apply to binary models with probabilities or decision scores.",
    )
    fig = go.Figure()
    for column, name, colour in (
        ("precision", "precision", _CV),
        ("recall", "recall", "#2ca02c"),
        ("f1", "F1", "#ff7f0e"),
    ):
        fig.add_trace(
            go.Scatter(
                x=frame["threshold"],
                y=frame[column],
                mode="lines",
                name=name,
                line={"color": colour},
                hovertemplate=f"threshold %{{x:.4g}}<br>{name} %{{y:.3f}}<extra></extra>",
            )
        )
    fig.add_vline(
        x=float(threshold),
        line_dash="dash",
        line_color=_BASE,
        annotation_text=f"threshold {threshold:.3g}",
    )
    _layout(fig, xaxis_title="Threshold", yaxis_title="Score", yaxis_range=[0, 1.02])
    return ChartResult(
        fig,
        None,
        "Raising the threshold (moving right) flags fewer rows: precision usually rises and "
        "recall falls. Pick the point whose balance fits the cost of each mistake; F1 peaks "
        "where both are reasonably high.",
    )


def calibration_chart(frame: pd.DataFrame) -> ChartResult:
    """Reliability curve: observed positive share against mean predicted probability.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`core.evaluate.metric_frames.calibration_frame`.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the frame is empty.
    """
    _require_rows(
        frame,
        "calibration chart",
        "Calibration applies to binary models that give probabilities.",
    )
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="perfectly calibrated",
            line={"dash": "dot", "color": _GUIDE},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frame["mean_predicted"],
            y=frame["fraction_positive"],
            customdata=frame["rows"].to_numpy(),
            mode="lines+markers",
            name="model",
            line={"color": _CV},
            hovertemplate="predicted %{x:.3f}<br>observed %{y:.3f}"
            "<br>%{customdata:,} rows<extra></extra>",
        )
    )
    _layout(
        fig,
        xaxis_title="Mean predicted probability (per bin)",
        yaxis_title="Observed share of positives",
        xaxis_range=[0, 1],
        yaxis_range=[0, 1.02],
    )
    return ChartResult(
        fig,
        None,
        "Each dot is a group of rows with similar predicted probability; a well-calibrated "
        "model sits on the diagonal. Below it the model is over-confident about positives, "
        "above it under-confident.",
    )


# ---------------------------------------------------------------------------------------------
# Regression
# ---------------------------------------------------------------------------------------------


def _sampled(frame: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, str | None]:
    n = len(frame)
    if n <= MAX_POINTS:
        return frame, None
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(n, size=MAX_POINTS, replace=False))
    note = f"Showing a random sample of {_count(MAX_POINTS)} of {_count(n)} rows."
    return frame.iloc[rows], note


def _require_residuals(frame: pd.DataFrame, chart: str) -> None:
    _require_rows(frame, chart, "Evaluate a regression model on at least one labelled row.")


def predicted_actual_chart(frame: pd.DataFrame, *, seed: int = 0) -> ChartResult:
    """Predicted against actual values, with the identity line.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`core.evaluate.metric_frames.residual_frame`.
    seed : int, default=0
        Seed of the sample drawn when there are more than ``MAX_POINTS`` rows.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the frame is empty.
    """
    _require_residuals(frame, "predicted-versus-actual chart")
    shown, note = _sampled(frame, seed)
    low = float(min(frame["actual"].min(), frame["predicted"].min()))
    high = float(max(frame["actual"].max(), frame["predicted"].max()))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=shown["actual"],
            y=shown["predicted"],
            mode="markers",
            name="rows",
            marker={"size": 5, "opacity": 0.5, "color": _CV},
            hovertemplate="actual %{x:,.4g}<br>predicted %{y:,.4g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[low, high],
            y=[low, high],
            mode="lines",
            name="perfect prediction",
            line={"dash": "dash", "color": _BASE},
            hoverinfo="skip",
        )
    )
    _layout(fig, xaxis_title="Actual", yaxis_title="Predicted")
    return ChartResult(
        fig,
        note,
        "Each dot is one row; on the dashed line the prediction equals the truth. A good model "
        "keeps the dots in a tight band along it; a tilt or curve away from it shows errors "
        "that depend on the value.",
    )


def residuals_chart(frame: pd.DataFrame, *, seed: int = 0) -> ChartResult:
    """Residuals (actual − predicted) against predicted values, with the zero line.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`core.evaluate.metric_frames.residual_frame`.
    seed : int, default=0
        Seed of the sample drawn when there are more than ``MAX_POINTS`` rows.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the frame is empty.
    """
    _require_residuals(frame, "residual chart")
    shown, note = _sampled(frame, seed)
    fig = go.Figure(
        go.Scatter(
            x=shown["predicted"],
            y=shown["residual"],
            mode="markers",
            name="rows",
            marker={"size": 5, "opacity": 0.5, "color": _CV},
            hovertemplate="predicted %{x:,.4g}<br>residual %{y:,.4g}<extra></extra>",
        )
    )
    fig.add_hline(y=0, line_dash="dash", line_color=_BASE)
    _layout(fig, xaxis_title="Predicted", yaxis_title="Residual (actual − predicted)")
    return ChartResult(
        fig,
        note,
        "Each dot is one row's error against its prediction. A good model leaves a shapeless "
        "band around the zero line; a funnel or curve means errors grow or bend with the "
        "prediction. Above the line the model predicted too low.",
    )


def residual_histogram(frame: pd.DataFrame) -> ChartResult:
    """Distribution of residuals, binned with numpy (at most 50 bars).

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`core.evaluate.metric_frames.residual_frame`.

    Returns
    -------
    ChartResult

    Raises
    ------
    EvaluationError
        When the frame has no finite residual.
    """
    residual = frame["residual"].to_numpy(dtype="float64") if "residual" in frame else []
    residual = np.asarray(residual)[np.isfinite(residual)]
    _require_residuals(pd.DataFrame({"residual": residual}), "residual histogram")
    edges = np.histogram_bin_edges(residual, bins="auto")
    if len(edges) - 1 > _MAX_BINS:
        edges = np.histogram_bin_edges(residual, bins=_MAX_BINS)
    counts, edges = np.histogram(residual, bins=edges)
    fig = go.Figure(
        go.Bar(
            x=(edges[:-1] + edges[1:]) / 2,
            y=counts,
            width=np.diff(edges),
            customdata=np.column_stack([edges[:-1], edges[1:]]),
            marker_color=_CV,
            name="rows",
            hovertemplate="%{customdata[0]:,.4g} to %{customdata[1]:,.4g}"
            "<br>%{y:,} rows<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_dash="dash", line_color=_BASE)
    _layout(fig, xaxis_title="Residual (actual − predicted)", yaxis_title="Rows", bargap=0.02)
    return ChartResult(
        fig,
        None,
        "How far predictions miss and in which direction. A good model gives a narrow hump "
        "centred on the zero line; a hump off zero means a systematic bias, a long tail a few "
        "large misses.",
    )
