"""Tests for core.understand.problem: task inference, task checks, metric advice, positive class,
baselines."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.metrics import get_scorer_names

from core.data import ColumnInfo, prepare_table
from core.errors import ProblemError
from core.recipe import TASKS, DataSection
from core.understand import (
    METRICS,
    baseline_score,
    check_task,
    class_balance,
    default_positive_class,
    format_change,
    format_score,
    infer_task,
    metrics_for_task,
    recommend_metric,
)

N = 200


def _target(values, dtype: str | None = None, name: str = "y") -> tuple[pd.Series, ColumnInfo]:
    """The target as the app sees it: converted to its kind by prepare_table."""
    rng = np.random.default_rng(0)
    values = list(values)
    frame = pd.DataFrame({name: pd.Series(values, dtype=dtype), "x": rng.normal(size=len(values))})
    table = prepare_table(frame, DataSection(), target=name)
    return table.frame[name], table.info(name)


def _text(values) -> pd.Series:
    return pd.Series(list(values), dtype="str")


# ---------------------------------------------------------------------------------------------
# infer_task
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        pytest.param(["yes", "no"] * 100, "str", id="yes-no-strings"),
        pytest.param(["cat", "dog"] * 100, "str", id="other-strings"),
        pytest.param([True, False] * 100, None, id="booleans"),
        pytest.param([0, 1] * 100, None, id="ints-0-1"),
        pytest.param([1.5, 2.5] * 100, None, id="two-floats"),
    ],
)
def test_infer_task_two_values_are_binary(values, dtype) -> None:
    inference = infer_task(*_target(values, dtype))
    assert inference.task == "binary"
    assert "exactly two values" in inference.reason
    assert inference.ambiguous is False


def test_infer_task_binary_keeps_text_labels_in_reason() -> None:
    inference = infer_task(*_target(["yes", "no"] * 100, "str", name="churn"))
    assert inference.reason == "'churn' has exactly two values ('no', 'yes')."


def test_infer_task_strings_with_several_values_are_multiclass() -> None:
    values = np.random.default_rng(0).choice(["setosa", "versicolor", "virginica"], N)
    inference = infer_task(*_target(values, "str"))
    assert (inference.task, inference.ambiguous) == ("multiclass", False)
    assert "3 categories" in inference.reason


def test_infer_task_small_integers_are_multiclass_but_ambiguous() -> None:
    values = np.random.default_rng(0).integers(1, 6, N)
    inference = infer_task(*_target(values))
    assert (inference.task, inference.ambiguous) == ("multiclass", True)
    assert "regression" in inference.reason


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(np.random.default_rng(0).normal(100, 10, N), id="floats"),
        pytest.param(np.random.default_rng(0).integers(0, 1_000, N), id="many-integers"),
    ],
)
def test_infer_task_numbers_are_regression(values) -> None:
    inference = infer_task(*_target(values))
    assert (inference.task, inference.ambiguous) == ("regression", False)


@pytest.mark.parametrize(
    ("values", "dtype", "words"),
    [
        pytest.param(["a"] * N, "str", ["1 distinct value"], id="constant"),
        pytest.param([None] * N, "str", ["0 distinct value"], id="all-missing"),
        pytest.param(range(N), None, ["identifier"], id="identifier"),
        pytest.param(
            pd.date_range("2020-01-01", periods=N).strftime("%Y-%m-%d"),
            "str",
            ["dates"],
            id="datetime",
        ),
        pytest.param(
            [f"c{i % 150}" for i in range(2 * N)], "str", ["150 categories"], id="150-categories"
        ),
        pytest.param(
            [" ".join(np.random.default_rng(i).choice(list("abcdefghij"), 6)) for i in range(N)],
            "str",
            ["free text"],
            id="free-text",
        ),
    ],
)
def test_infer_task_refuses_unusable_targets(values, dtype, words: list[str]) -> None:
    target, info = _target(values, dtype)
    with pytest.raises(ProblemError) as caught:
        infer_task(target, info)
    assert f"{info.name!r}" in caught.value.message
    for word in words:
        assert word in caught.value.message


# ---------------------------------------------------------------------------------------------
# check_task
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "dtype", "task", "words"),
    [
        pytest.param(
            np.random.default_rng(0).choice(["a", "b", "c"], N),
            "str",
            "regression",
            ["Regression needs a numeric target"],
            id="regression-on-text",
        ),
        pytest.param(
            np.random.default_rng(0).choice(["a", "b", "c"], N),
            "str",
            "binary",
            ["exactly two classes", "has 3"],
            id="binary-with-3-classes",
        ),
        pytest.param(
            ["a", "b"] * 100, "str", "multiclass", ["exactly two values"], id="multiclass-with-2"
        ),
        pytest.param(
            np.random.default_rng(0).normal(size=N),
            None,
            "multiclass",
            ["too many to treat as classes"],
            id="multiclass-on-200-floats",
        ),
    ],
)
def test_check_task_refuses_mismatched_task(values, dtype, task: str, words: list[str]) -> None:
    with pytest.raises(ProblemError) as caught:
        check_task(*_target(values, dtype), task)
    for word in words:
        assert word in caught.value.message


@pytest.mark.parametrize(
    ("values", "task"),
    [
        pytest.param(np.random.default_rng(0).integers(1, 6, N), "regression", id="ratings-reg"),
        pytest.param(np.random.default_rng(0).integers(1, 6, N), "multiclass", id="ratings-multi"),
        pytest.param(np.random.default_rng(0).normal(size=N), "regression", id="floats-reg"),
    ],
)
def test_check_task_accepts_fitting_task(values, task: str) -> None:
    assert check_task(*_target(values), task) is None


# ---------------------------------------------------------------------------------------------
# recommend_metric
# ---------------------------------------------------------------------------------------------


def _binary(minority: int, total: int = N, labels=("pos", "neg")) -> pd.Series:
    return _text([labels[0]] * minority + [labels[1]] * (total - minority))


@pytest.mark.parametrize(
    ("target", "task", "metric", "share"),
    [
        pytest.param(_binary(100), "binary", "accuracy", "50%", id="balanced-binary"),
        pytest.param(_binary(36), "binary", "f1", "18%", id="18pct-minority"),
        pytest.param(
            _binary(10, labels=("spam", "ham")), "binary", "average_precision", "5%", id="5pct"
        ),
        pytest.param(
            _text(["a"] * 120 + ["b"] * 60 + ["c"] * 20),
            "multiclass",
            "balanced_accuracy",
            "20 rows",
            id="uneven-multiclass",
        ),
        pytest.param(
            _text(["a"] * 70 + ["b"] * 65 + ["c"] * 65),
            "multiclass",
            "accuracy",
            "65–70 rows",
            id="even-multiclass",
        ),
        pytest.param(
            pd.Series(np.random.default_rng(0).lognormal(0, 1.5, N)),
            "regression",
            "mae",
            "skewness",
            id="skewed-regression",
        ),
        pytest.param(
            pd.Series(np.random.default_rng(0).normal(100, 10, N)),
            "regression",
            "rmse",
            "no extreme outliers",
            id="normal-regression",
        ),
    ],
)
def test_recommend_metric_follows_the_data(target, task: str, metric: str, share: str) -> None:
    advice = recommend_metric(target, task)
    assert advice.metric == metric
    assert re.search(rf"(?<![\d.]){re.escape(share)}", advice.reason), advice.reason
    assert metric not in advice.alternatives


def test_recommend_metric_leaves_out_mape_when_targets_are_zero() -> None:
    values = np.random.default_rng(0).uniform(0, 10, N)
    values[:5] = 0.0  # at the low end of the range, not outliers
    advice = recommend_metric(pd.Series(values), "regression")
    assert advice.metric == "rmse"
    assert "mape" not in advice.alternatives
    assert "zero" in advice.reason


@pytest.mark.parametrize("task", TASKS)
def test_recommend_metric_suggests_metrics_of_the_task(task: str) -> None:
    target = {
        "binary": _binary(60),
        "multiclass": _text(["a"] * 120 + ["b"] * 60 + ["c"] * 20),
        "regression": pd.Series(np.random.default_rng(0).normal(size=N)),
    }[task]
    advice = recommend_metric(target, task)
    for key in (advice.metric, *advice.alternatives):
        assert task in METRICS[key].tasks, key


def test_recommend_metric_positive_majority_suggests_balanced_accuracy() -> None:
    # PR-AUC on a 95 % positive class says nothing about the rare class: recommend balanced
    # accuracy, state the rare share, and suggest making the rare class positive.
    advice = recommend_metric(_text(["yes"] * 190 + ["no"] * 10), "binary")
    assert advice.metric == "balanced_accuracy"
    assert re.search(r"(?<![\d.])5%", advice.reason), advice.reason
    assert "'no' the positive class" in advice.reason


# ---------------------------------------------------------------------------------------------
# default_positive_class and class_balance
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param(_text(["yes"] * 150 + ["no"] * 50), "yes", id="yes-majority"),
        pytest.param(_text(["No"] * 150 + ["Yes"] * 50), "Yes", id="Yes-minority"),
        pytest.param(_text(["Y"] * 30 + ["N"] * 170), "Y", id="Y-N"),
        pytest.param(pd.Series([0] * 30 + [1] * 170), 1, id="ints-1-majority"),
        pytest.param(pd.Series([0] * 170 + [1] * 30), 1, id="ints-1-minority"),
        pytest.param(pd.Series([True] * 170 + [False] * 30), True, id="bools"),
        pytest.param(_text(["ham"] * 170 + ["spam"] * 30), "spam", id="rarer-class"),
        pytest.param(_text(["b"] * 30 + ["a"] * 170), "b", id="rarer-class-sorts-last"),
    ],
)
def test_default_positive_class_prefers_yes_then_rarer(target: pd.Series, expected) -> None:
    positive, reason = default_positive_class(target)
    assert positive == expected
    assert type(positive) is type(expected)
    assert repr(expected) in reason


def test_default_positive_class_reason_for_rarer_class_gives_share() -> None:
    _, reason = default_positive_class(_text(["ham"] * 170 + ["spam"] * 30))
    assert "rarer class (15% of rows)" in reason


def test_class_balance_counts_and_shares_ignore_missing() -> None:
    balance = class_balance(_text(["a"] * 60 + ["b"] * 30 + ["c"] * 10 + [None] * 50))
    assert balance.counts.to_dict() == {"a": 60, "b": 30, "c": 10}
    assert (balance.majority_share, balance.minority_share) == (0.6, 0.1)
    assert (balance.majority_class, balance.minority_class) == ("a", "c")


def test_class_balance_of_empty_target_is_a_problem_error() -> None:
    with pytest.raises(ProblemError, match="no values"):
        class_balance(pd.Series([None, None], dtype="str"))


# ---------------------------------------------------------------------------------------------
# baseline_score agrees with scikit-learn's dummy models
# ---------------------------------------------------------------------------------------------

_BINARY = _text(["no"] * 130 + ["yes"] * 70)
_MULTI = _text(["a"] * 90 + ["b"] * 70 + ["c"] * 40)
_REGRESSION = pd.Series(np.random.default_rng(0).gamma(2.0, 10.0, N))


def _dummy_classifier_prediction(y: pd.Series) -> np.ndarray:
    x = np.zeros((len(y), 1))
    return DummyClassifier(strategy="most_frequent").fit(x, y).predict(x)


def _dummy_regressor_prediction(y: pd.Series) -> np.ndarray:
    x = np.zeros((len(y), 1))
    return DummyRegressor(strategy="mean").fit(x, y).predict(x)


@pytest.mark.parametrize(
    ("target", "task", "metric", "sklearn_score"),
    [
        pytest.param(_BINARY, "binary", "accuracy", skm.accuracy_score, id="binary-accuracy"),
        pytest.param(
            _BINARY, "binary", "balanced_accuracy", skm.balanced_accuracy_score, id="binary-bacc"
        ),
        pytest.param(_MULTI, "multiclass", "accuracy", skm.accuracy_score, id="multi-accuracy"),
        pytest.param(
            _MULTI, "multiclass", "balanced_accuracy", skm.balanced_accuracy_score, id="multi-bacc"
        ),
        pytest.param(_REGRESSION, "regression", "r2", skm.r2_score, id="r2"),
        pytest.param(_REGRESSION, "regression", "rmse", skm.root_mean_squared_error, id="rmse"),
        pytest.param(_REGRESSION, "regression", "mae", skm.mean_absolute_error, id="mae"),
    ],
)
def test_baseline_score_equals_sklearn_dummy(target, task, metric, sklearn_score) -> None:
    if task == "regression":
        expected = sklearn_score(target, _dummy_regressor_prediction(target))
    else:
        expected = sklearn_score(target, _dummy_classifier_prediction(target))
    score, description = baseline_score(target, task, metric)
    assert score == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert "always predicting" in description


@pytest.mark.parametrize(
    "positive_class",
    [
        pytest.param("yes", id="positive-is-minority"),
        pytest.param("no", id="positive-is-majority"),
    ],
)
def test_baseline_score_f1_equals_sklearn_dummy(positive_class: str) -> None:
    expected = skm.f1_score(
        _BINARY, _dummy_classifier_prediction(_BINARY), pos_label=positive_class, zero_division=0
    )
    score, _ = baseline_score(_BINARY, "binary", "f1", positive_class=positive_class)
    assert score == pytest.approx(expected)


def test_baseline_score_f1_majority_positive_is_not_zero() -> None:
    # 130 "no" of 200: always predicting "no" has precision 0.65 and recall 1.
    score, _ = baseline_score(_BINARY, "binary", "f1", positive_class="no")
    assert score == pytest.approx(2 * 0.65 / 1.65)


def test_baseline_score_ignores_missing_target_rows() -> None:
    with_gaps = pd.concat([_REGRESSION, pd.Series([np.nan] * 20)], ignore_index=True)
    assert baseline_score(with_gaps, "regression", "mae") == baseline_score(
        _REGRESSION, "regression", "mae"
    )


def test_baseline_score_regression_describes_the_mean() -> None:
    _, description = baseline_score(pd.Series([1.0, 2.0, 6.0]), "regression", "rmse")
    assert description == "always predicting the mean (3)"


def test_baseline_score_int_positive_class_on_float_labels() -> None:
    target = pd.Series([1.0, 2.0, 2.0, np.nan] * 25)
    score, _ = baseline_score(target, "binary", "f1", positive_class=2)
    assert score == pytest.approx(2 * (2 / 3) / (1 + 2 / 3))


# ---------------------------------------------------------------------------------------------
# The metric catalogue
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(METRICS))
def test_metrics_entry_is_complete_and_a_valid_scorer(key: str) -> None:
    metric = METRICS[key]
    assert metric.key == key
    assert metric.label.strip()
    assert metric.meaning.strip()
    assert metric.tasks
    assert set(metric.tasks) <= set(TASKS)
    assert metric.scorer in get_scorer_names()


@pytest.mark.parametrize("key", list(METRICS))
def test_metrics_direction_matches_scorer_sign(key: str) -> None:
    metric = METRICS[key]
    assert metric.scorer.startswith("neg_") is (not metric.greater_is_better)


@pytest.mark.parametrize("task", TASKS)
def test_metrics_for_task_lists_only_that_task(task: str) -> None:
    listed = metrics_for_task(task)
    assert listed
    assert all(task in m.tasks for m in listed)
    assert {m.key for m in listed} == {k for k, m in METRICS.items() if task in m.tasks}


def test_metrics_catalogue_is_read_only() -> None:
    with pytest.raises(TypeError):
        METRICS["new"] = METRICS["accuracy"]  # type: ignore[index]


def test_class_balance_classes_are_plain_python_values_largest_first() -> None:
    balance = class_balance(pd.Series([2, 2, 2, 7]))
    assert balance.classes == [2, 7]
    assert all(type(c) is int for c in balance.classes)


# --- how scores are written ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "spec", "expected"),
    [
        ("mape", 0.084, ".4g", "8.4 %"),
        ("mape", 0.08412, ".3f", "8.412 %"),
        ("mape", 1.5, ".3g", "150 %"),
        ("r2", 0.084, ".4g", "0.084"),
        ("rmse", 12.3456, ".3f", "12.346"),
        ("not_a_metric", 0.5, ".2f", "0.50"),
    ],
    ids=["mape", "mape_3f", "mape_over_100", "r2", "rmse", "unknown_key"],
)
def test_format_score_reads_mape_as_a_percentage_and_others_as_they_are(key, value, spec, expected):
    assert format_score(key, value, spec) == expected


@pytest.mark.parametrize("value", [None, float("nan"), float("inf")], ids=["none", "nan", "inf"])
def test_format_score_writes_missing_values_as_told(value):
    assert format_score("mape", value) == "n/a"
    assert METRICS["mape"].format(value, missing="—") == "—"


def test_format_change_of_mape_is_in_percentage_points():
    assert format_change("mape", 0.012) == "1.2 percentage points"
    assert format_change("mape", -0.012, signed=True) == "-1.2 percentage points"
    assert format_change("r2", 0.012, signed=True) == "+0.012"
    assert format_change("mape", None) == "n/a"


def test_only_mape_is_a_percentage_with_a_unit_label():
    assert [m.key for m in METRICS.values() if m.percent] == ["mape"]
    assert METRICS["mape"].unit_label == "MAPE (%)"
    assert METRICS["mape"].shown(0.25) == 25.0
    assert METRICS["rmse"].unit_label == "RMSE"
    assert METRICS["rmse"].shown(0.25) == 0.25
