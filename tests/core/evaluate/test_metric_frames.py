"""Tests for core.evaluate.metric_frames: confusion, thresholds, curves, per-class errors,
residuals and worst rows have the promised shape and equal scikit-learn's own functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

import core.evaluate.metric_frames as metric_frames
import core.evaluate.predictions as predictions
from core.errors import ModelPathError
from core.evaluate import EvaluationError
from tests.core.evaluate.prediction_data import SEED, binary_data, metric_value

# ---------------------------------------------------------------------------------------------
# Confusion and thresholds
# ---------------------------------------------------------------------------------------------


def test_confusion_frame_counts_equal_sklearn(iris) -> None:
    X, y, model = iris
    y_pred = model.predict(X)
    frame = metric_frames.confusion_frame(y, y_pred, model.classes_)
    expected = skm.confusion_matrix(y, y_pred, labels=model.classes_)
    np.testing.assert_array_equal(frame.to_numpy(), expected)
    assert frame.index.name == "actual"
    assert list(frame.columns) == [str(c) for c in model.classes_]
    assert frame.to_numpy().sum() == len(y)


def test_confusion_frame_normalized_rows_sum_to_one() -> None:
    frame = metric_frames.confusion_frame(
        ["a", "a", "b", "b", "b"], ["a", "b", "b", "b", "a"], ["a", "b", "c"], normalize=True
    )
    np.testing.assert_allclose(frame.loc[["a", "b"]].sum(axis=1), 1.0)
    assert (frame.loc["c"] == 0).all()


def test_at_threshold_half_reproduces_predict(binary) -> None:
    X, y, model = binary
    for positive in ("yes", "no"):
        pred = predictions.predictions_from(model, X, y, task="binary", positive_class=positive)
        reading = metric_frames.at_threshold(pred, metric_frames.default_threshold(pred))
        np.testing.assert_array_equal(reading.y_pred, model.predict(X))
        assert reading.f1 == pytest.approx(metric_value(pred, "f1"))


def test_at_threshold_default_reproduces_predict_for_decision_model(binary) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class="yes")
    assert metric_frames.default_threshold(pred) == 0.0
    low, high = metric_frames.threshold_range(pred)
    assert low == pytest.approx(pred.scores.min())
    assert high == pytest.approx(pred.scores.max())
    np.testing.assert_array_equal(metric_frames.at_threshold(pred, 0.0).y_pred, model.predict(X))


def test_at_threshold_higher_never_adds_positives(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class="yes")
    readings = [metric_frames.at_threshold(pred, t) for t in (0.2, 0.5, 0.8)]
    counts = [r.predicted_positive for r in readings]
    assert counts == sorted(counts, reverse=True)
    assert not readings[0].confusion.equals(readings[2].confusion)
    assert readings[2].precision >= readings[0].precision
    assert readings[2].recall <= readings[0].recall


def test_at_threshold_multiclass_raises(iris) -> None:
    X, y, model = iris
    pred = predictions.predictions_from(model, X, y, task="multiclass")
    with pytest.raises(EvaluationError) as caught:
        metric_frames.at_threshold(pred, 0.5)
    assert isinstance(caught.value, ModelPathError)
    assert caught.value.what
    assert caught.value.why
    assert caught.value.fix


def test_threshold_frame_is_bounded(binary) -> None:
    X, y = binary_data(3_000, seed=1)
    pred = predictions.predictions_from(binary[2], X, y, task="binary")
    frame = metric_frames.threshold_frame(pred)
    assert list(frame.columns) == ["threshold", "precision", "recall", "f1"]
    assert 0 < len(frame) <= metric_frames.MAX_THRESHOLD_ROWS
    assert frame["threshold"].is_monotonic_increasing


# ---------------------------------------------------------------------------------------------
# Curves, per class, residuals, worst rows
# ---------------------------------------------------------------------------------------------


def test_roc_frame_binary_matches_roc_auc(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary")
    frame = metric_frames.roc_frame(pred)
    assert list(frame.columns) == ["class", "fpr", "tpr", "threshold"]
    assert set(frame["class"]) == {"yes"}
    assert skm.auc(frame["fpr"], frame["tpr"]) == pytest.approx(metric_value(pred, "roc_auc"))


def test_roc_frame_multiclass_one_curve_per_class(iris) -> None:
    X, y, model = iris
    pred = predictions.predictions_from(model, X, y, task="multiclass")
    assert set(metric_frames.roc_frame(pred)["class"]) == {str(c) for c in model.classes_}
    assert set(metric_frames.pr_frame(pred)["class"]) == {str(c) for c in model.classes_}


def test_roc_frame_empty_without_probabilities(iris) -> None:
    X, y, _ = iris
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="multiclass")
    assert metric_frames.roc_frame(pred).empty
    assert metric_value(pred, "roc_auc_ovr") is None


def test_calibration_frame_rows_sum_to_n_and_equal_sklearn(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class="yes")
    frame = metric_frames.calibration_frame(pred, n_bins=8)
    prob_true, prob_pred = calibration_curve(
        y, model.predict_proba(X)[:, 1], n_bins=8, strategy="quantile", pos_label="yes"
    )
    assert frame["rows"].sum() == len(y)
    np.testing.assert_allclose(frame["fraction_positive"], prob_true)
    np.testing.assert_allclose(frame["mean_predicted"], prob_pred)


def test_calibration_frame_empty_for_decision_scores(binary) -> None:
    X, y, _ = binary
    model = LinearSVC(random_state=SEED).fit(X, y)
    assert metric_frames.calibration_frame(
        predictions.predictions_from(model, X, y, task="binary")
    ).empty


def test_per_class_frame_sorted_by_error_rate(iris) -> None:
    X, y, model = iris
    pred = predictions.predictions_from(model, X, y, task="multiclass")
    frame = metric_frames.per_class_frame(pred)
    assert list(frame.columns) == ["rows", "precision", "recall", "f1", "error_rate"]
    assert frame["error_rate"].is_monotonic_decreasing
    np.testing.assert_allclose(frame["error_rate"], 1 - frame["recall"])
    assert frame["rows"].sum() == len(y)
    recall = skm.recall_score(y, model.predict(X), labels=["virginica"], average=None)[0]
    assert frame.loc["virginica", "recall"] == pytest.approx(recall)


def test_residual_frame_keeps_index(diabetes) -> None:
    X, y, model = diabetes
    frame = metric_frames.residual_frame(
        predictions.predictions_from(model, X, y, task="regression")
    )
    assert frame.index.equals(y.index)
    np.testing.assert_allclose(frame["residual"], y - model.predict(X))


def test_worst_rows_classification_lowest_true_probability_first(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary")
    worst = metric_frames.worst_rows(pred, X, n=10)
    assert list(worst.columns) == [
        "actual",
        "predicted",
        "probability of actual",
        "a",
        "b",
        "noise",
    ]
    assert worst["probability of actual"].is_monotonic_increasing
    proba = model.predict_proba(X)[:, 1]
    given = np.where(y == "yes", proba, 1 - proba)
    assert worst["probability of actual"].iloc[0] == pytest.approx(given.min())
    pd.testing.assert_frame_equal(worst[["a", "b", "noise"]], X.loc[worst.index])


def test_worst_rows_without_probabilities_puts_mistakes_first(binary) -> None:
    X, y, _ = binary
    model = LinearSVC(random_state=SEED).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary")
    worst = metric_frames.worst_rows(pred, X, n=len(X))
    wrong = (worst["actual"] != worst["predicted"]).to_numpy()
    n_wrong = int(wrong.sum())
    assert 0 < n_wrong < len(X)
    assert wrong[:n_wrong].all()
    assert worst.index[:n_wrong].is_monotonic_increasing


def test_worst_rows_regression_largest_error_first(diabetes) -> None:
    X, y, model = diabetes
    pred = predictions.predictions_from(model, X, y, task="regression")
    worst = metric_frames.worst_rows(pred, X, n=5)
    assert list(worst.columns[:4]) == ["actual", "predicted", "error", "absolute error"]
    assert worst["absolute error"].is_monotonic_decreasing
    assert worst["absolute error"].iloc[0] == pytest.approx(np.abs(y - model.predict(X)).max())
    assert len(worst) == 5
