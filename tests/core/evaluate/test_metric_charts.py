"""Tests for core.evaluate.metric_charts: figures are checked through their data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.svm import LinearSVC

import core.evaluate.metric_charts as charts
import core.evaluate.metric_frames as metric_frames
import core.evaluate.predictions as predictions
from core.evaluate import EvaluationError
from core.understand import MAX_POINTS, ChartResult
from tests.core.evaluate.prediction_data import SEED, metric_value

# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


def _chart_cases(binary, iris, diabetes) -> dict[str, ChartResult]:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary")
    base = predictions.predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    Xi, yi, model_i = iris
    multi = predictions.predictions_from(model_i, Xi, yi, task="multiclass")
    Xr, yr, model_r = diabetes
    residuals = metric_frames.residual_frame(
        predictions.predictions_from(model_r, Xr, yr, task="regression")
    )
    return {
        "confusion": charts.confusion_chart(
            metric_frames.confusion_frame(y, pred.y_pred, pred.classes), normalized=False
        ),
        "confusion-normalized": charts.confusion_chart(
            metric_frames.confusion_frame(yi, multi.y_pred, multi.classes, normalize=True),
            normalized=True,
        ),
        "roc": charts.roc_chart(pred, base),
        "roc-multiclass": charts.roc_chart(multi),
        "pr": charts.pr_chart(pred),
        "pr-multiclass": charts.pr_chart(multi),
        "threshold": charts.threshold_chart(metric_frames.threshold_frame(pred), 0.5),
        "calibration": charts.calibration_chart(metric_frames.calibration_frame(pred)),
        "predicted-actual": charts.predicted_actual_chart(residuals),
        "residuals": charts.residuals_chart(residuals),
        "residual-histogram": charts.residual_histogram(residuals),
    }


def test_charts_return_figures_with_reading_guide(binary, iris, diabetes) -> None:
    for name, result in _chart_cases(binary, iris, diabetes).items():
        assert isinstance(result.figure, go.Figure), name
        assert result.figure.data, name
        assert result.how_to_read.strip(), name
        assert result.note is None, name


def test_roc_chart_legend_shows_auc_and_baseline(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary")
    base = predictions.predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    names = [trace.name for trace in charts.roc_chart(pred, base).figure.data]
    assert f"model (AUC {metric_value(pred, 'roc_auc'):.3f})" in names
    assert "baseline (AUC 0.500)" in names


def test_pr_chart_no_skill_line_at_positive_share(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary")
    no_skill = charts.pr_chart(pred).figure.data[1]
    assert no_skill.y[0] == pytest.approx((y == "yes").mean())


def test_confusion_chart_annotates_percentages(iris) -> None:
    X, y, model = iris
    frame = metric_frames.confusion_frame(y, model.predict(X), model.classes_, normalize=True)
    heatmap = charts.confusion_chart(frame, normalized=True).figure.data[0]
    assert all(text.endswith("%") for row in heatmap.text for text in row)
    assert list(heatmap.y) == list(frame.index)


@pytest.mark.parametrize(
    "chart",
    [charts.predicted_actual_chart, charts.residuals_chart],
    ids=["predicted-actual", "residuals"],
)
def test_scatter_charts_sample_large_frames(chart) -> None:
    rng = np.random.default_rng(SEED)
    actual = rng.normal(size=12_000)
    predicted = actual + rng.normal(scale=0.3, size=12_000)
    frame = pd.DataFrame({"actual": actual, "predicted": predicted, "residual": actual - predicted})
    result = chart(frame)
    assert len(result.figure.data[0].x) == MAX_POINTS
    assert result.note == "Showing a random sample of 5,000 of 12,000 rows."
    again = chart(frame)
    np.testing.assert_array_equal(result.figure.data[0].x, again.figure.data[0].x)


def test_residual_histogram_counts_every_row(diabetes) -> None:
    X, y, model = diabetes
    frame = metric_frames.residual_frame(
        predictions.predictions_from(model, X, y, task="regression")
    )
    bars = charts.residual_histogram(frame).figure.data[0]
    assert sum(bars.y) == len(frame)


@pytest.mark.parametrize(
    ("chart", "frame"),
    [
        pytest.param(
            lambda f: charts.confusion_chart(f, normalized=False), pd.DataFrame(), id="confusion"
        ),
        pytest.param(
            lambda f: charts.threshold_chart(f, 0.5),
            pd.DataFrame(columns=["threshold", "precision", "recall", "f1"]),
            id="threshold",
        ),
        pytest.param(
            charts.calibration_chart,
            pd.DataFrame(columns=["mean_predicted", "fraction_positive", "rows"]),
            id="calibration",
        ),
        pytest.param(
            charts.predicted_actual_chart,
            pd.DataFrame(columns=["actual", "predicted", "residual"]),
            id="predicted-actual",
        ),
        pytest.param(
            charts.residuals_chart,
            pd.DataFrame(columns=["actual", "predicted", "residual"]),
            id="residuals",
        ),
        pytest.param(
            charts.residual_histogram,
            pd.DataFrame(columns=["actual", "predicted", "residual"]),
            id="histogram",
        ),
    ],
)
def test_charts_empty_frame_raises(chart, frame) -> None:
    with pytest.raises(EvaluationError) as caught:
        chart(frame)
    assert caught.value.what
    assert caught.value.fix


def test_roc_chart_without_scores_raises(iris) -> None:
    X, y, _ = iris
    model = LinearSVC(random_state=SEED).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="multiclass")
    with pytest.raises(EvaluationError):
        charts.roc_chart(pred)
    with pytest.raises(EvaluationError):
        charts.pr_chart(pred)
