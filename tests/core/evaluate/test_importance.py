"""Tests of core.evaluate.importance: permutation and native importance per original column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from joblib import parallel_config
from sklearn.inspection import permutation_importance

from core.errors import ModelPathError
from core.evaluate import (
    Importance,
    ImportanceError,
    importance_chart,
    native_importance,
    native_importance_reason,
    permutation_importance_by_column,
    unmeasured_text,
)
from core.model import Budget, model_pipeline, scoring_for
from tests.core.split_data import recipe_and_data

_WORDS = ("good", "bad", "plot", "actor", "scene", "music", "long", "short", "fun", "dull")


def _frame(task: str, n: int = 300, seed: int = 0) -> pd.DataFrame:
    """y depends strongly on "a", somewhat on "city", not at all on "noise"."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "a": rng.normal(size=n),
            "noise": rng.normal(size=n),
            "city": rng.choice(["north", "south", "east"], size=n),
        }
    )
    signal = 3 * frame["a"] + (frame["city"] == "north")
    if task == "regression":
        frame["y"] = signal + rng.normal(scale=0.1, size=n)
    elif task == "binary":
        frame["y"] = np.where(signal > 0.3, "yes", "no")
    else:
        frame["y"] = pd.cut(signal, [-np.inf, -1, 1, np.inf], labels=["low", "mid", "high"])
        frame["y"] = frame["y"].astype(str)
    return frame


def _fitted(frame: pd.DataFrame, task: str, algorithm: str, params=None, **sections):
    recipe, data = recipe_and_data(frame, task=task, **sections)
    model = model_pipeline(data, recipe, algorithm, params or {})
    model.fit(data.X_train, data.y_train)
    return recipe, data, model


def _permutation(task: str, algorithm: str, params=None, **kwargs) -> Importance:
    recipe, data, model = _fitted(_frame(task), task, algorithm, params)
    scoring = scoring_for(recipe, data.y_train)
    return permutation_importance_by_column(model, data.X_test, data.y_test, scoring, **kwargs)


# --- permutation importance ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "algorithm", "params", "change"),
    [
        ("binary", "random_forest", {"n_estimators": 20}, "drop in"),
        ("regression", "ridge", {}, "rise in RMSE"),
    ],
    ids=["classification", "regression"],
)
def test_permutation_ranks_signal_first_and_noise_near_zero(task, algorithm, params, change):
    result = _permutation(task, algorithm, params)
    frame = result.frame.set_index("column")
    assert result.kind == "permutation"
    assert list(result.frame.columns) == ["column", "importance", "std"]
    assert result.frame["column"].iloc[0] == "a"
    assert set(frame.index) == {"a", "noise", "city"}
    assert abs(frame.loc["noise", "importance"]) <= 3 * frame.loc["noise", "std"] + 0.02
    assert frame.loc["a", "importance"] > 10 * abs(frame.loc["noise", "importance"])
    assert result.frame["importance"].is_monotonic_decreasing
    assert result.unit.startswith(change)
    assert result.unit.endswith("when the column is shuffled")
    assert result.complete
    assert result.note == ""


def test_permutation_equals_sklearn_on_the_whole_table():
    recipe, data, model = _fitted(_frame("binary"), "binary", "random_forest", {"n_estimators": 20})
    scoring = scoring_for(recipe, data.y_train)
    ours = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, n_repeats=3, seed=7
    )
    theirs = permutation_importance(
        model, data.X_test, data.y_test, scoring=scoring.scorer, n_repeats=3, random_state=7
    )
    by_column = ours.frame.set_index("column").loc[list(data.X_test.columns)]
    np.testing.assert_allclose(by_column["importance"], theirs.importances_mean, atol=1e-12)
    np.testing.assert_allclose(by_column["std"], theirs.importances_std, atol=1e-12)
    assert ours.baseline == pytest.approx(
        scoring.natural(scoring.scorer(model, data.X_test, data.y_test))
    )


def test_permutation_of_mape_is_in_percentage_points():
    frame = _frame("regression")
    frame["y"] += 20  # far from zero, where MAPE is meaningful
    recipe, data, model = _fitted(frame, "regression", "ridge", problem={"metric": "mape"})
    scoring = scoring_for(recipe, data.y_train)
    assert scoring.metric.key == "mape"
    ours = permutation_importance_by_column(model, data.X_test, data.y_test, scoring, seed=2)
    theirs = permutation_importance(
        model, data.X_test, data.y_test, scoring=scoring.scorer, n_repeats=5, random_state=2
    )
    by_column = ours.frame.set_index("column").loc[list(data.X_test.columns)]
    np.testing.assert_allclose(by_column["importance"], 100 * theirs.importances_mean)
    assert ours.unit == "rise in MAPE (percentage points) when the column is shuffled"


def test_permutation_is_positive_worsening_for_error_metrics():
    # RMSE: smaller is better, yet the important column must come out positive.
    result = _permutation("regression", "ridge")
    assert result.frame.set_index("column").loc["a", "importance"] > 0
    assert result.baseline is not None
    assert result.baseline > 0


def test_permutation_does_not_mutate_inputs():
    recipe, data, model = _fitted(_frame("regression"), "regression", "ridge")
    X, y = data.X_test.copy(), data.y_test.copy()
    permutation_importance_by_column(model, data.X_test, data.y_test, scoring_for(recipe, y))
    pd.testing.assert_frame_equal(data.X_test, X)
    pd.testing.assert_series_equal(data.y_test, y)


def test_permutation_stops_between_columns_with_a_note():
    reports: list[tuple[float, str]] = []
    budget = Budget(
        should_stop=lambda: any(
            message.startswith("Permutation importance: 1 of") for _, message in reports
        ),
        progress=lambda fraction, message: reports.append((fraction, message)),
    )
    result = _permutation("regression", "ridge", budget=budget)
    assert len(result.frame) == 1
    assert result.stopped == "stopped"
    assert not result.complete
    assert "Measured 1 of 3 columns" in result.note
    assert reports[-1] == (pytest.approx(1 / 3), "Permutation importance: 1 of 3 columns")


def test_permutation_stopped_before_any_column_gives_empty_frame():
    result = _permutation("regression", "ridge", budget=Budget(seconds=0.0))
    assert result.frame.empty
    assert list(result.frame.columns) == ["column", "importance", "std"]
    assert result.stopped == "budget"
    assert "Measured 0 of 3 columns" in result.note
    assert importance_chart(result).note.startswith("No column was measured.")


def test_unmeasured_text_of_a_spent_time_budget_quotes_its_seconds():
    result = _permutation("regression", "ridge", budget=Budget(seconds=0.0))
    assert "the measurement ran out of its 0 s time budget" in result.note
    # Nothing was measured, so the order claims nothing: the table's order, no "weakest".
    assert result.unmeasured == ("a", "noise", "city")
    assert "strongest first" not in result.note
    assert "weakest" not in unmeasured_text(result)
    assert unmeasured_text(result).startswith(
        "Not measured (the 0 s time budget ran out): 3 columns, "
    )


def test_permutation_reports_progress_to_completion():
    reports: list[tuple[float, str]] = []
    _permutation("regression", "ridge", budget=Budget(progress=lambda f, m: reports.append((f, m))))
    assert [f for f, _ in reports] == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert reports[-1][1] == "Permutation importance: 3 of 3 columns"


def test_permutation_samples_large_tables_and_says_so():
    recipe, data, model = _fitted(_frame("regression"), "regression", "ridge")
    scoring = scoring_for(recipe, data.y_train)
    first = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, max_rows=40, seed=3
    )
    again = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, max_rows=40, seed=3
    )
    assert first.note == f"Measured on a random sample of 40 of {len(data.X_test)} test rows."
    pd.testing.assert_frame_equal(first.frame, again.frame)
    assert first.frame["column"].iloc[0] == "a"


def test_permutation_in_parallel_equals_sequential():
    recipe, data, model = _fitted(_frame("regression"), "regression", "ridge")
    scoring = scoring_for(recipe, data.y_train)
    one = permutation_importance_by_column(model, data.X_test, data.y_test, scoring)
    # Threads exercise the parallel path without the start-up time of worker processes.
    with parallel_config(backend="threading"):
        two = permutation_importance_by_column(model, data.X_test, data.y_test, scoring, n_jobs=2)
    pd.testing.assert_frame_equal(one.frame, two.frame)


@pytest.mark.parametrize("rows", [slice(0, 0), slice(0, 1)], ids=["no_rows", "one_row"])
def test_permutation_rejects_too_few_rows(rows):
    recipe, data, model = _fitted(_frame("regression"), "regression", "ridge")
    with pytest.raises(ImportanceError, match="at least two rows") as caught:
        permutation_importance_by_column(
            model, data.X_test.iloc[rows], data.y_test.iloc[rows], scoring_for(recipe, data.y_train)
        )
    assert isinstance(caught.value, ModelPathError)
    assert caught.value.fix


def test_permutation_rejects_a_table_without_columns():
    recipe, data, model = _fitted(_frame("regression"), "regression", "ridge")
    with pytest.raises(ImportanceError):
        permutation_importance_by_column(
            model, data.X_test.iloc[:, []], data.y_test, scoring_for(recipe, data.y_train)
        )


# --- measurement order under a budget --------------------------------------------------------


def _strongest_last(n: int = 240, noise_columns: int = 11) -> pd.DataFrame:
    """Eleven noise columns, then "mild", then "leak" (the target nearly copied), in that order."""
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({f"noise{i:02d}": rng.normal(size=n) for i in range(noise_columns)})
    frame["mild"] = rng.normal(size=n)
    frame["leak"] = rng.normal(size=n)
    frame["y"] = 5 * frame["leak"] + frame["mild"] + rng.normal(scale=0.3, size=n)
    return frame


def _stop_after(columns: int) -> Budget:
    """A budget that asks to stop once ``columns`` columns are measured (no clock involved)."""
    reports: list[str] = []
    return Budget(
        should_stop=lambda: any(
            m.startswith(f"Permutation importance: {columns} of") for m in reports
        ),
        progress=lambda _fraction, message: reports.append(message),
    )


@pytest.mark.parametrize(
    ("algorithm", "params", "order"),
    [
        ("ridge", {}, "the model's own importance"),
        ("random_forest", {"n_estimators": 20}, "the model's own importance"),
        ("knn", {}, "a quick first shuffle of each column"),
    ],
    ids=["coefficients", "impurity", "no_native"],
)
def test_permutation_under_a_short_budget_measures_the_strongest_column_first(
    algorithm, params, order
):
    recipe, data, model = _fitted(_strongest_last(), "regression", algorithm, params)
    assert list(data.X_test.columns)[-1] == "leak"
    scoring = scoring_for(recipe, data.y_train)
    result = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, budget=_stop_after(1)
    )
    assert list(result.frame["column"]) == ["leak"]
    assert result.stopped == "stopped"
    assert result.order == order
    assert len(result.unmeasured) == 12
    assert set(result.unmeasured) == set(data.X_test.columns) - {"leak"}
    assert "Measured 1 of 13 columns" in result.note
    assert f"strongest first by {order}" in result.note


def test_permutation_order_follows_the_models_own_importance():
    recipe, data, model = _fitted(_strongest_last(), "regression", "ridge")
    scoring = scoring_for(recipe, data.y_train)
    result = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, budget=_stop_after(3)
    )
    estimate = list(native_importance(model).frame["column"])
    assert set(result.frame["column"]) == set(estimate[:3])
    assert list(result.unmeasured) == estimate[3:]
    assert estimate[:2] == ["leak", "mild"]


def test_permutation_order_never_changes_the_measured_numbers():
    recipe, data, model = _fitted(_strongest_last(), "regression", "ridge")
    scoring = scoring_for(recipe, data.y_train)
    table_order = permutation_importance_by_column(model, data.X_test, data.y_test, scoring)
    estimated = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, budget=Budget(seconds=3600.0)
    )
    assert table_order.order == ""
    assert estimated.order == "the model's own importance"
    assert estimated.complete
    assert estimated.unmeasured == ()
    pd.testing.assert_frame_equal(table_order.frame, estimated.frame)


def test_unmeasured_text_names_the_first_columns_and_counts_the_rest():
    recipe, data, model = _fitted(_strongest_last(), "regression", "ridge")
    scoring = scoring_for(recipe, data.y_train)
    stopped = permutation_importance_by_column(
        model, data.X_test, data.y_test, scoring, budget=_stop_after(1)
    )
    message = unmeasured_text(stopped)
    assert message.startswith("Not measured (the measurement was stopped): 12 columns, ")
    named = ", ".join(str(c) for c in stopped.unmeasured[:5])
    assert f"{named} and 7 more." in message
    assert "weakest by the model's own importance" in message
    timed_out = Importance(
        "permutation",
        stopped.frame,
        stopped.unit,
        stopped="budget",
        unmeasured=("b", "c"),
    )
    assert unmeasured_text(timed_out) == (
        "Not measured (the time budget ran out): 2 columns, b, c. Their importance is unknown, "
        "not zero. Raise the time budget (Tune page) and measure again to measure every column."
    )
    complete = permutation_importance_by_column(model, data.X_test, data.y_test, scoring)
    assert unmeasured_text(complete) == ""


# --- native importance -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "algorithm"),
    [("regression", "ridge"), ("binary", "logistic_regression"), ("multiclass", "ridge")],
    ids=["ridge", "logistic", "multiclass"],
)
def test_native_coefficients_are_summed_per_original_column(task, algorithm):
    _, data, model = _fitted(_frame(task), task, algorithm)
    result = native_importance(model)
    assert result is not None
    assert result.kind == "native"
    assert set(result.frame["column"]) <= set(data.X_train.columns)
    assert set(result.frame["column"]) == {"a", "noise", "city"}
    coef = np.abs(np.atleast_2d(model.steps[-1][1].coef_)).mean(axis=0)
    assert result.frame["importance"].sum() == pytest.approx(coef.sum())
    assert result.frame["std"].isna().all()
    assert result.frame["column"].iloc[0] == "a"
    assert result.unit.startswith("sum of |coefficients|")
    assert "(on scaled inputs)" in result.unit
    assert ("averaged over classes" in result.unit) == (task == "multiclass")
    assert native_importance_reason(model) == ""


def test_native_impurity_is_summed_per_original_column():
    _, _data, model = _fitted(_frame("binary"), "binary", "random_forest", {"n_estimators": 20})
    result = native_importance(model)
    assert result is not None
    assert result.unit == "share of impurity reduction"
    assert set(result.frame["column"]) == {"a", "noise", "city"}
    total = model.steps[-1][1].feature_importances_.sum()
    assert result.frame["importance"].sum() == pytest.approx(total)
    assert result.frame["column"].iloc[0] == "a"
    assert "summed into the column" in result.note


def test_native_folds_missing_indicators_into_their_column():
    frame = _frame("regression")
    frame.loc[frame.index[::7], "a"] = np.nan
    _, _, model = _fitted(frame, "regression", "ridge", cleaning={"missing_indicators": True})
    names = list(model[:-1].get_feature_names_out())
    assert "missing__missingindicator_a" in names
    coef = dict(zip(names, np.abs(model.steps[-1][1].coef_), strict=True))
    result = native_importance(model).frame.set_index("column")
    assert not any("missingindicator" in str(c) for c in result.index)
    expected = coef["numeric__a"] + coef["missing__missingindicator_a"]
    assert result.loc["a", "importance"] == pytest.approx(expected)


def test_native_splits_interaction_terms_equally_among_their_columns():
    frame = _frame("regression")
    frame["b c"] = np.random.default_rng(1).normal(size=len(frame))
    _, _, model = _fitted(frame, "regression", "ridge", features={"poly_columns": ("noise", "b c")})
    names = list(model[:-1].get_feature_names_out())
    assert "poly__noise b c" in names  # a column name with a space, multiplied by another
    coef = dict(zip(names, np.abs(model.steps[-1][1].coef_), strict=True))
    result = native_importance(model)
    importance = result.frame.set_index("column")["importance"]
    assert set(importance.index) == {"a", "noise", "b c", "city"}
    own = coef["poly__noise"] + coef["poly__noise^2"]
    assert importance["noise"] == pytest.approx(own + coef["poly__noise b c"] / 2)
    assert importance.sum() == pytest.approx(sum(coef.values()))
    assert "split equally" in result.note


def test_native_shows_columns_removed_by_selection_as_zero():
    _, _, model = _fitted(
        _frame("regression"),
        "regression",
        "ridge",
        features={"selection": "f_test", "selection_k": 1},
    )
    assert list(model[:-1].get_feature_names_out()) == ["numeric__a"]
    result = native_importance(model)
    importance = result.frame.set_index("column")["importance"]
    assert importance["noise"] == 0.0
    assert importance["city"] == 0.0
    assert importance["a"] == pytest.approx(abs(model.steps[-1][1].coef_[0]))
    assert "2 of 3 columns reach the model through no feature" in result.note


def test_native_folds_text_words_into_the_text_column():
    rng = np.random.default_rng(0)
    frame = _frame("regression", n=200)
    frame["review"] = [" ".join(rng.choice(_WORDS, size=6)) for _ in range(len(frame))]
    _, data, model = _fitted(frame, "regression", "ridge", features={"text": "tfidf"})
    assert "review" in data.columns.text
    result = native_importance(model)
    assert set(result.frame["column"]) == {"a", "noise", "city", "review"}
    assert result.frame["importance"].sum() == pytest.approx(np.abs(model.steps[-1][1].coef_).sum())


def test_native_unavailable_with_pca():
    _, _, model = _fitted(
        _frame("regression"), "regression", "ridge", features={"reduction": "pca"}
    )
    assert native_importance(model) is None
    assert native_importance_reason(model) == (
        "PCA mixes the columns into components, so a component's weight cannot be traced back "
        "to one column."
    )


@pytest.mark.parametrize(
    ("algorithm", "params", "label"),
    [
        ("hist_gradient_boosting", {"max_iter": 10}, "Histogram gradient boosting"),
        ("knn", {}, "k-nearest neighbours"),
        ("baseline", {}, "Baseline (dummy)"),
    ],
    ids=["hgb", "knn", "baseline"],
)
def test_native_unavailable_without_built_in_numbers(algorithm, params, label):
    _, _, model = _fitted(_frame("regression"), "regression", algorithm, params)
    assert native_importance(model) is None
    assert native_importance_reason(model) == (
        f"{label} has no built-in importance; use permutation importance, which works for "
        "any model."
    )


def test_native_unavailable_before_training():
    recipe, data = recipe_and_data(_frame("regression"), task="regression")
    model = model_pipeline(data, recipe, "ridge", {})
    assert native_importance(model) is None
    assert "not been trained" in native_importance_reason(model)


# --- chart -----------------------------------------------------------------------------------


def _many_columns(n: int) -> Importance:
    values = np.linspace(1.0, 0.0, n)
    frame = pd.DataFrame({"column": [f"c{i}" for i in range(n)], "importance": values, "std": 0.01})
    return Importance("permutation", frame, "drop in accuracy when the column is shuffled")


def test_chart_shows_at_most_top_bars_with_a_note():
    chart = importance_chart(_many_columns(57), top=20)
    (bar,) = chart.figure.data
    assert len(bar.y) == 20
    assert "Showing the 20 most important of 57 columns." in chart.note
    assert bar.y[-1] == "c0"
    assert bar.x[-1] == 1.0
    assert list(bar.error_x.array) == [0.01] * 20
    assert chart.how_to_read.startswith("How much the score worsens")


def test_chart_of_native_importance_has_no_whiskers_and_no_note_when_whole():
    _, _, model = _fitted(_frame("binary"), "binary", "random_forest", {"n_estimators": 20})
    result = native_importance(model)
    chart = importance_chart(result)
    (bar,) = chart.figure.data
    assert len(bar.y) == 3
    assert bar.error_x.array is None
    assert chart.note == result.note
    assert "share" in chart.how_to_read


def test_chart_marks_unmeasured_columns_below_the_bars():
    frame = pd.DataFrame({"column": ["leak"], "importance": [2.0], "std": [0.1]})
    result = Importance(
        "permutation",
        frame,
        "rise in RMSE when the column is shuffled",
        stopped="budget",
        unmeasured=("mild", "noise00", "noise01"),
    )
    chart = importance_chart(result, top=3)
    bar, marks = chart.figure.data
    assert list(bar.y) == ["leak"]
    assert list(marks.y) == ["noise00", "mild"]  # the strongest unmeasured nearest the bars
    assert set(marks.text) == {"not measured"}
    assert list(chart.figure.layout.yaxis.categoryarray) == ["noise00", "mild", "leak"]
    assert "Columns not measured: 3; 2 of them are marked at the bottom." in chart.note
