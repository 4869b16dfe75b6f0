"""Tests for core.evaluate.metrics and core.evaluate.metric_charts: every number equals
scikit-learn's own function on the same predictions, frames have the promised shape, figures are
checked through their data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from imblearn.pipeline import Pipeline as ImbPipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve
from sklearn.datasets import load_diabetes, load_iris
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

import core.evaluate.metric_charts as charts
import core.evaluate.metrics as metrics
from core.errors import ModelPathError
from core.evaluate import EvaluationError, Predictions
from core.understand import MAX_POINTS, ChartResult

SEED = 0


# ---------------------------------------------------------------------------------------------
# Fixed data and fitted models
# ---------------------------------------------------------------------------------------------


def _binary_data(n: int = 400, seed: int = SEED) -> tuple[pd.DataFrame, pd.Series]:
    """Two informative features and noise; "yes" for about 35 % of rows; a shifted index."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "noise"])
    X.index = pd.RangeIndex(1_000, 1_000 + n)
    signal = X["a"] - 0.5 * X["b"] + rng.normal(scale=0.8, size=n)
    y = pd.Series(np.where(signal > 0.4, "yes", "no"), index=X.index, name="churn", dtype="str")
    return X, y


@pytest.fixture(scope="module")
def binary() -> tuple[pd.DataFrame, pd.Series, LogisticRegression]:
    X, y = _binary_data()
    return X, y, LogisticRegression().fit(X, y)


@pytest.fixture(scope="module")
def iris() -> tuple[pd.DataFrame, pd.Series, LogisticRegression]:
    data = load_iris(as_frame=True)
    X, y = data.data, data.target.map(dict(enumerate(data.target_names)))
    X_train, y_train = X.iloc[::2], y.iloc[::2]
    X_test, y_test = X.iloc[1::2], y.iloc[1::2]
    model = LogisticRegression(max_iter=1_000).fit(X_train, y_train)
    return X_test, y_test, model


@pytest.fixture(scope="module")
def diabetes() -> tuple[pd.DataFrame, pd.Series, Ridge]:
    data = load_diabetes(as_frame=True)
    X, y = data.data, data.target
    model = Ridge(alpha=1.0).fit(X.iloc[::2], y.iloc[::2])
    return X.iloc[1::2], y.iloc[1::2], model


def _value(pred: Predictions, key: str) -> float | None:
    return metrics.metric_values(pred)[key].value


# ---------------------------------------------------------------------------------------------
# predictions_from
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("positive", "column"), [("yes", 1), ("no", 0)], ids=["c1", "c0"])
def test_predictions_from_binary_scores_are_the_positive_column(binary, positive, column) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class=positive)
    assert pred.positive_class == positive
    assert pred.classes == ("no", "yes")
    assert pred.score_kind == "probability"
    np.testing.assert_allclose(pred.scores, model.predict_proba(X)[:, column])
    assert pred.y_true.index.equals(X.index)


def test_predictions_from_default_positive_is_second_class(binary) -> None:
    X, y, model = binary
    assert metrics.predictions_from(model, X, y, task="binary").positive_class == "yes"


@pytest.mark.parametrize(("positive", "sign"), [("yes", 1), ("no", -1)], ids=["c1", "c0"])
def test_predictions_from_decision_function_oriented_to_positive(binary, positive, sign) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class=positive)
    assert pred.score_kind == "decision"
    assert pred.proba is None
    np.testing.assert_allclose(pred.scores, sign * model.decision_function(X))


def test_predictions_from_pipeline_svc_uses_decision(binary) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), SVC()).fit(X, y)
    pred = metrics.predictions_from(model, X, y, task="binary")
    assert pred.score_kind == "decision"
    assert _value(pred, "roc_auc") is not None


def test_predictions_from_imblearn_pipeline_without_proba_uses_decision(binary) -> None:
    X, y, _ = binary
    model = ImbPipeline(
        [("sample", RandomUnderSampler(random_state=SEED)), ("model", LinearSVC(random_state=SEED))]
    ).fit(X, y)
    pred = metrics.predictions_from(model, X, y, task="binary")
    assert pred.score_kind == "decision"
    np.testing.assert_allclose(pred.scores, model.decision_function(X))


def test_predictions_from_positive_class_matches_by_value() -> None:
    X, y_text = _binary_data(120)
    y = pd.Series((y_text == "yes").astype("float64"), index=X.index)
    model = LogisticRegression().fit(X, y)
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class=1)
    assert pred.positive_class == 1.0
    np.testing.assert_allclose(pred.scores, model.predict_proba(X)[:, 1])


def test_predictions_from_unknown_positive_class_raises(binary) -> None:
    X, y, model = binary
    with pytest.raises(EvaluationError) as caught:
        metrics.predictions_from(model, X, y, task="binary", positive_class="maybe")
    assert caught.value.what
    assert caught.value.why
    assert caught.value.fix


def test_predictions_from_does_not_mutate_inputs(binary) -> None:
    X, y, model = binary
    X_before, y_before = X.copy(), y.copy()
    metrics.predictions_from(model, X, y, task="binary")
    pd.testing.assert_frame_equal(X, X_before)
    pd.testing.assert_series_equal(y, y_before)


# ---------------------------------------------------------------------------------------------
# metric_values equal scikit-learn's functions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("positive", ["yes", "no"], ids=["positive-is-c1", "positive-is-c0"])
def test_metric_values_binary_equal_sklearn(binary, positive) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class=positive)
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
    pred = metrics.predictions_from(model, X, y, task="multiclass")
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
    pred = metrics.predictions_from(model, X, y, task="regression")
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
    pred = metrics.predictions_from(dummy, X, y, task="binary", positive_class="yes")
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
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class="no")
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
    pred = metrics.predictions_from(model, X[only_yes], y[only_yes], task="binary")
    values = metrics.metric_values(pred)
    assert values["roc_auc"].value is None
    assert values["average_precision"].value is None
    assert "one class" in values["roc_auc"].note


def test_metric_values_multiclass_roc_auc_none_when_class_absent(iris) -> None:
    X, y, model = iris
    keep = y != "setosa"
    pred = metrics.predictions_from(model, X[keep], y[keep], task="multiclass")
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
    pred = metrics.predictions_from(model, X, y, task="binary")
    base = metrics.predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    table = metrics.metric_table(pred, base, primary="f1")
    assert list(table.columns) == ["metric", "model", "baseline", "difference", "better", "note"]
    assert len(table) == len(metrics.metric_values(pred))
    assert table.loc[0, "metric"] == "F1 (positive class) (primary)"
    np.testing.assert_allclose(table["difference"], table["model"] - table["baseline"])
    log_loss = table[table["metric"] == "Log loss"].iloc[0]
    assert log_loss["better"] == "lower"


def test_metric_table_without_baseline_leaves_columns_empty(diabetes) -> None:
    X, y, model = diabetes
    pred = metrics.predictions_from(model, X, y, task="regression")
    table = metrics.metric_table(pred, None)
    assert table["baseline"].isna().all()
    assert table["difference"].isna().all()
    assert table["model"].notna().all()


def test_metric_table_shows_mape_in_percent_and_its_difference_in_points(diabetes) -> None:
    X, y, model = diabetes
    pred = metrics.predictions_from(model, X, y, task="regression")
    base = metrics.predictions_from(DummyRegressor().fit(X, y), X, y, task="regression")
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
    pred = metrics.predictions_from(model, X, y, task="regression")
    with pytest.raises(EvaluationError):
        metrics.metric_table(pred, None, primary="f1")


# ---------------------------------------------------------------------------------------------
# Confusion and thresholds
# ---------------------------------------------------------------------------------------------


def test_confusion_frame_counts_equal_sklearn(iris) -> None:
    X, y, model = iris
    y_pred = model.predict(X)
    frame = metrics.confusion_frame(y, y_pred, model.classes_)
    expected = skm.confusion_matrix(y, y_pred, labels=model.classes_)
    np.testing.assert_array_equal(frame.to_numpy(), expected)
    assert frame.index.name == "actual"
    assert list(frame.columns) == [str(c) for c in model.classes_]
    assert frame.to_numpy().sum() == len(y)


def test_confusion_frame_normalized_rows_sum_to_one() -> None:
    frame = metrics.confusion_frame(
        ["a", "a", "b", "b", "b"], ["a", "b", "b", "b", "a"], ["a", "b", "c"], normalize=True
    )
    np.testing.assert_allclose(frame.loc[["a", "b"]].sum(axis=1), 1.0)
    assert (frame.loc["c"] == 0).all()


def test_at_threshold_half_reproduces_predict(binary) -> None:
    X, y, model = binary
    for positive in ("yes", "no"):
        pred = metrics.predictions_from(model, X, y, task="binary", positive_class=positive)
        reading = metrics.at_threshold(pred, metrics.default_threshold(pred))
        np.testing.assert_array_equal(reading.y_pred, model.predict(X))
        assert reading.f1 == pytest.approx(_value(pred, "f1"))


def test_at_threshold_default_reproduces_predict_for_decision_model(binary) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class="yes")
    assert metrics.default_threshold(pred) == 0.0
    low, high = metrics.threshold_range(pred)
    assert low == pytest.approx(pred.scores.min())
    assert high == pytest.approx(pred.scores.max())
    np.testing.assert_array_equal(metrics.at_threshold(pred, 0.0).y_pred, model.predict(X))


def test_at_threshold_higher_never_adds_positives(binary) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class="yes")
    readings = [metrics.at_threshold(pred, t) for t in (0.2, 0.5, 0.8)]
    counts = [r.predicted_positive for r in readings]
    assert counts == sorted(counts, reverse=True)
    assert not readings[0].confusion.equals(readings[2].confusion)
    assert readings[2].precision >= readings[0].precision
    assert readings[2].recall <= readings[0].recall


def test_at_threshold_multiclass_raises(iris) -> None:
    X, y, model = iris
    pred = metrics.predictions_from(model, X, y, task="multiclass")
    with pytest.raises(EvaluationError) as caught:
        metrics.at_threshold(pred, 0.5)
    assert isinstance(caught.value, ModelPathError)
    assert caught.value.what
    assert caught.value.why
    assert caught.value.fix


def test_threshold_frame_is_bounded(binary) -> None:
    X, y = _binary_data(3_000, seed=1)
    pred = metrics.predictions_from(binary[2], X, y, task="binary")
    frame = metrics.threshold_frame(pred)
    assert list(frame.columns) == ["threshold", "precision", "recall", "f1"]
    assert 0 < len(frame) <= metrics.MAX_THRESHOLD_ROWS
    assert frame["threshold"].is_monotonic_increasing


# ---------------------------------------------------------------------------------------------
# Curves, per class, residuals, worst rows
# ---------------------------------------------------------------------------------------------


def test_roc_frame_binary_matches_roc_auc(binary) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary")
    frame = metrics.roc_frame(pred)
    assert list(frame.columns) == ["class", "fpr", "tpr", "threshold"]
    assert set(frame["class"]) == {"yes"}
    assert skm.auc(frame["fpr"], frame["tpr"]) == pytest.approx(_value(pred, "roc_auc"))


def test_roc_frame_multiclass_one_curve_per_class(iris) -> None:
    X, y, model = iris
    pred = metrics.predictions_from(model, X, y, task="multiclass")
    assert set(metrics.roc_frame(pred)["class"]) == {str(c) for c in model.classes_}
    assert set(metrics.pr_frame(pred)["class"]) == {str(c) for c in model.classes_}


def test_roc_frame_empty_without_probabilities(iris) -> None:
    X, y, _ = iris
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = metrics.predictions_from(model, X, y, task="multiclass")
    assert metrics.roc_frame(pred).empty
    assert _value(pred, "roc_auc_ovr") is None


def test_calibration_frame_rows_sum_to_n_and_equal_sklearn(binary) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary", positive_class="yes")
    frame = metrics.calibration_frame(pred, n_bins=8)
    prob_true, prob_pred = calibration_curve(
        y, model.predict_proba(X)[:, 1], n_bins=8, strategy="quantile", pos_label="yes"
    )
    assert frame["rows"].sum() == len(y)
    np.testing.assert_allclose(frame["fraction_positive"], prob_true)
    np.testing.assert_allclose(frame["mean_predicted"], prob_pred)


def test_calibration_frame_empty_for_decision_scores(binary) -> None:
    X, y, _ = binary
    model = LinearSVC(random_state=SEED).fit(X, y)
    assert metrics.calibration_frame(metrics.predictions_from(model, X, y, task="binary")).empty


def test_per_class_frame_sorted_by_error_rate(iris) -> None:
    X, y, model = iris
    pred = metrics.predictions_from(model, X, y, task="multiclass")
    frame = metrics.per_class_frame(pred)
    assert list(frame.columns) == ["rows", "precision", "recall", "f1", "error_rate"]
    assert frame["error_rate"].is_monotonic_decreasing
    np.testing.assert_allclose(frame["error_rate"], 1 - frame["recall"])
    assert frame["rows"].sum() == len(y)
    recall = skm.recall_score(y, model.predict(X), labels=["virginica"], average=None)[0]
    assert frame.loc["virginica", "recall"] == pytest.approx(recall)


def test_residual_frame_keeps_index(diabetes) -> None:
    X, y, model = diabetes
    frame = metrics.residual_frame(metrics.predictions_from(model, X, y, task="regression"))
    assert frame.index.equals(y.index)
    np.testing.assert_allclose(frame["residual"], y - model.predict(X))


def test_worst_rows_classification_lowest_true_probability_first(binary) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary")
    worst = metrics.worst_rows(pred, X, n=10)
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
    pred = metrics.predictions_from(model, X, y, task="binary")
    worst = metrics.worst_rows(pred, X, n=len(X))
    wrong = (worst["actual"] != worst["predicted"]).to_numpy()
    n_wrong = int(wrong.sum())
    assert 0 < n_wrong < len(X)
    assert wrong[:n_wrong].all()
    assert worst.index[:n_wrong].is_monotonic_increasing


def test_worst_rows_regression_largest_error_first(diabetes) -> None:
    X, y, model = diabetes
    pred = metrics.predictions_from(model, X, y, task="regression")
    worst = metrics.worst_rows(pred, X, n=5)
    assert list(worst.columns[:4]) == ["actual", "predicted", "error", "absolute error"]
    assert worst["absolute error"].is_monotonic_decreasing
    assert worst["absolute error"].iloc[0] == pytest.approx(np.abs(y - model.predict(X)).max())
    assert len(worst) == 5


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


def _chart_cases(binary, iris, diabetes) -> dict[str, ChartResult]:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary")
    base = metrics.predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    Xi, yi, model_i = iris
    multi = metrics.predictions_from(model_i, Xi, yi, task="multiclass")
    Xr, yr, model_r = diabetes
    residuals = metrics.residual_frame(metrics.predictions_from(model_r, Xr, yr, task="regression"))
    return {
        "confusion": charts.confusion_chart(
            metrics.confusion_frame(y, pred.y_pred, pred.classes), normalized=False
        ),
        "confusion-normalized": charts.confusion_chart(
            metrics.confusion_frame(yi, multi.y_pred, multi.classes, normalize=True),
            normalized=True,
        ),
        "roc": charts.roc_chart(pred, base),
        "roc-multiclass": charts.roc_chart(multi),
        "pr": charts.pr_chart(pred),
        "pr-multiclass": charts.pr_chart(multi),
        "threshold": charts.threshold_chart(metrics.threshold_frame(pred), 0.5),
        "calibration": charts.calibration_chart(metrics.calibration_frame(pred)),
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
    pred = metrics.predictions_from(model, X, y, task="binary")
    base = metrics.predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    names = [trace.name for trace in charts.roc_chart(pred, base).figure.data]
    assert f"model (AUC {_value(pred, 'roc_auc'):.3f})" in names
    assert "baseline (AUC 0.500)" in names


def test_pr_chart_no_skill_line_at_positive_share(binary) -> None:
    X, y, model = binary
    pred = metrics.predictions_from(model, X, y, task="binary")
    no_skill = charts.pr_chart(pred).figure.data[1]
    assert no_skill.y[0] == pytest.approx((y == "yes").mean())


def test_confusion_chart_annotates_percentages(iris) -> None:
    X, y, model = iris
    frame = metrics.confusion_frame(y, model.predict(X), model.classes_, normalize=True)
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
    frame = metrics.residual_frame(metrics.predictions_from(model, X, y, task="regression"))
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
    pred = metrics.predictions_from(model, X, y, task="multiclass")
    with pytest.raises(EvaluationError):
        charts.roc_chart(pred)
    with pytest.raises(EvaluationError):
        charts.pr_chart(pred)
