"""Tests for core.evaluate.metrics: every number equals scikit-learn's own function on the
same predictions; undefined metrics are None with a reason; the table puts the primary first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

import core.evaluate.metrics as metrics
import core.evaluate.predictions as predictions
from core.evaluate import EvaluationError, Predictions
from tests.core.evaluate.prediction_data import SEED

# ---------------------------------------------------------------------------------------------
# metric_values equal scikit-learn's functions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("positive", ["yes", "no"], ids=["positive-is-c1", "positive-is-c0"])
def test_metric_values_binary_equal_sklearn(binary, positive) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class=positive)
    y_pred = model.predict(X)
    proba = model.predict_proba(X)
    score = proba[:, list(model.classes_).index(positive)]
    expected = {
        "accuracy": skm.accuracy_score(y, y_pred),
        "balanced_accuracy": skm.balanced_accuracy_score(y, y_pred),
        "precision": skm.precision_score(y, y_pred, pos_label=positive, zero_division=0),
        "recall": skm.recall_score(y, y_pred, pos_label=positive, zero_division=0),
        "f1": skm.f1_score(y, y_pred, pos_label=positive, zero_division=0),
        "roc_auc": skm.roc_auc_score(y == positive, score),
        "average_precision": skm.average_precision_score(y, score, pos_label=positive),
        "log_loss": skm.log_loss(y, proba, labels=model.classes_),
        "mcc": skm.matthews_corrcoef(y, y_pred),
    }
    values = metrics.metric_values(pred)
    assert list(values) == list(expected)
    for key, value in expected.items():
        assert values[key].value == pytest.approx(value), key
        assert values[key].note == ""


def test_metric_values_multiclass_equal_sklearn(iris) -> None:
    X, y, model = iris
    pred = predictions.predictions_from(model, X, y, task="multiclass")
    y_pred, proba = model.predict(X), model.predict_proba(X)
    expected = {
        "accuracy": skm.accuracy_score(y, y_pred),
        "balanced_accuracy": skm.balanced_accuracy_score(y, y_pred),
        "precision_macro": skm.precision_score(y, y_pred, average="macro", zero_division=0),
        "recall_macro": skm.recall_score(y, y_pred, average="macro", zero_division=0),
        "f1_macro": skm.f1_score(y, y_pred, average="macro", zero_division=0),
        "f1_weighted": skm.f1_score(y, y_pred, average="weighted", zero_division=0),
        "roc_auc_ovr": skm.roc_auc_score(
            y, proba, multi_class="ovr", average="macro", labels=model.classes_
        ),
        "log_loss": skm.log_loss(y, proba, labels=model.classes_),
        "mcc": skm.matthews_corrcoef(y, y_pred),
    }
    values = metrics.metric_values(pred)
    assert list(values) == list(expected)
    for key, value in expected.items():
        assert values[key].value == pytest.approx(value), key


def test_metric_values_regression_equal_sklearn(diabetes) -> None:
    X, y, model = diabetes
    pred = predictions.predictions_from(model, X, y, task="regression")
    y_pred = model.predict(X)
    expected = {
        "mae": skm.mean_absolute_error(y, y_pred),
        "rmse": skm.root_mean_squared_error(y, y_pred),
        "r2": skm.r2_score(y, y_pred),
        "mape": skm.mean_absolute_percentage_error(y, y_pred),
        "median_ae": skm.median_absolute_error(y, y_pred),
    }
    values = metrics.metric_values(pred)
    assert list(values) == list(expected)
    for key, value in expected.items():
        assert values[key].value == pytest.approx(value), key
    assert values["r2"].higher_is_better
    assert not values["rmse"].higher_is_better


def test_metric_values_dummy_baseline_equal_sklearn(binary) -> None:
    X, y, _ = binary
    dummy = DummyClassifier(strategy="prior").fit(X, y)
    pred = predictions.predictions_from(dummy, X, y, task="binary", positive_class="yes")
    y_pred, proba = dummy.predict(X), dummy.predict_proba(X)
    values = metrics.metric_values(pred)
    assert values["accuracy"].value == pytest.approx(skm.accuracy_score(y, y_pred))
    assert values["f1"].value == pytest.approx(
        skm.f1_score(y, y_pred, pos_label="yes", zero_division=0)
    )
    assert values["roc_auc"].value == pytest.approx(skm.roc_auc_score(y == "yes", proba[:, 1]))
    assert values["log_loss"].value == pytest.approx(skm.log_loss(y, proba, labels=["no", "yes"]))
    assert values["mcc"].value == pytest.approx(skm.matthews_corrcoef(y, y_pred))


def test_metric_values_mape_none_with_zero_targets() -> None:
    y = pd.Series([0.0, 0.0, 0.0, 2.0, 5.0, 7.0])
    pred = Predictions("regression", y, np.array([0.1, -0.2, 0.0, 2.5, 4.0, 7.5]))
    mape = metrics.metric_values(pred)["mape"]
    assert mape.value is None
    assert "3 test rows" in mape.note


def test_metric_values_r2_none_for_constant_target() -> None:
    pred = Predictions("regression", pd.Series([3.0, 3.0, 3.0]), np.array([2.0, 3.0, 4.0]))
    r2 = metrics.metric_values(pred)["r2"]
    assert r2.value is None
    assert r2.note


def test_metric_values_decision_model_has_roc_auc_but_no_log_loss(binary) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class="no")
    values = metrics.metric_values(pred)
    expected = skm.roc_auc_score(y == "no", -model.decision_function(X))
    assert values["roc_auc"].value == pytest.approx(expected)
    assert values["average_precision"].value == pytest.approx(
        skm.average_precision_score(y == "no", -model.decision_function(X))
    )
    assert values["log_loss"].value is None
    assert "probabilities" in values["log_loss"].note


@pytest.mark.filterwarnings("ignore:y_pred contains classes not in y_true")
def test_metric_values_roc_auc_none_with_one_class_present(binary) -> None:
    X, y, model = binary
    only_yes = y == "yes"
    pred = predictions.predictions_from(model, X[only_yes], y[only_yes], task="binary")
    values = metrics.metric_values(pred)
    assert values["roc_auc"].value is None
    assert values["average_precision"].value is None
    assert "one class" in values["roc_auc"].note


def test_metric_values_multiclass_roc_auc_none_when_class_absent(iris) -> None:
    X, y, model = iris
    keep = y != "setosa"
    pred = predictions.predictions_from(model, X[keep], y[keep], task="multiclass")
    values = metrics.metric_values(pred)
    assert values["roc_auc_ovr"].value is None
    assert values["roc_auc_ovr"].note
    assert values["log_loss"].value == pytest.approx(
        skm.log_loss(y[keep], model.predict_proba(X[keep]), labels=model.classes_)
    )


# ---------------------------------------------------------------------------------------------
# metric_table
# ---------------------------------------------------------------------------------------------


def test_metric_table_primary_first_with_difference(binary) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary")
    base = predictions.predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    table = metrics.metric_table(pred, base, primary="f1")
    assert list(table.columns) == ["metric", "model", "baseline", "difference", "better", "note"]
    assert len(table) == len(metrics.metric_values(pred))
    assert table.loc[0, "metric"] == "F1 (positive class) (primary)"
    np.testing.assert_allclose(table["difference"], table["model"] - table["baseline"])
    log_loss = table[table["metric"] == "Log loss"].iloc[0]
    assert log_loss["better"] == "lower"


def test_metric_table_without_baseline_leaves_columns_empty(diabetes) -> None:
    X, y, model = diabetes
    pred = predictions.predictions_from(model, X, y, task="regression")
    table = metrics.metric_table(pred, None)
    assert table["baseline"].isna().all()
    assert table["difference"].isna().all()
    assert table["model"].notna().all()


def test_metric_table_shows_mape_in_percent_and_its_difference_in_points(diabetes) -> None:
    X, y, model = diabetes
    pred = predictions.predictions_from(model, X, y, task="regression")
    base = predictions.predictions_from(DummyRegressor().fit(X, y), X, y, task="regression")
    table = metrics.metric_table(pred, base, primary="mape").set_index("metric")
    mape = skm.mean_absolute_percentage_error(y, model.predict(X))
    base_mape = skm.mean_absolute_percentage_error(y, np.full(len(y), np.mean(y)))
    row = table.loc["MAPE (%) (primary)"]
    assert row["model"] == pytest.approx(100 * mape)
    assert row["baseline"] == pytest.approx(100 * base_mape)
    assert row["difference"] == pytest.approx(100 * (mape - base_mape))
    # Other metrics keep their own units.
    assert table.loc["MAE", "model"] == pytest.approx(skm.mean_absolute_error(y, model.predict(X)))


def test_metric_table_unknown_primary_raises(diabetes) -> None:
    X, y, model = diabetes
    pred = predictions.predictions_from(model, X, y, task="regression")
    with pytest.raises(EvaluationError):
        metrics.metric_table(pred, None, primary="f1")
