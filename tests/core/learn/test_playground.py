"""The playground: decision regions and fitted curves on one or two of the learner's columns,
fitted on sampled training rows only, bounded, deterministic, with errors for people."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from core.learn import MAX_GRID, PlaygroundError, numeric_candidates, playground
from core.prepare import TrainingData
from core.recipe import Recipe
from tests.core.learn.playground_setups import (
    N,
    drawn_count,
    make_frame,
    make_setup,
    point_traces,
    region_traces,
)

# --- candidates ------------------------------------------------------------------------------


def test_numeric_candidates_are_the_numeric_feature_columns() -> None:
    _, data = make_setup()
    assert numeric_candidates(data) == ["alpha", "beta", "noise"]


def test_numeric_candidates_leave_out_a_column_with_one_finite_value() -> None:
    frame = make_frame("binary")
    frame["almost_empty"] = np.where(np.arange(N) % 2 == 0, 1.0, np.inf)
    _, data = make_setup(frame=frame)
    assert "almost_empty" not in numeric_candidates(data)


# --- hyperparameters and the recipe ----------------------------------------------------------


def test_a_deeper_tree_fits_the_training_rows_better() -> None:
    recipe, data = make_setup("binary", "decision_tree")
    stump = playground(data, recipe, "alpha", "beta", params={"max_depth": 1})
    deep = playground(data, recipe, "alpha", "beta", params={"max_depth": None})
    assert deep.train_score > stump.train_score


def test_the_caption_names_overfitting_when_training_beats_test() -> None:
    recipe, data = make_setup("binary", "decision_tree")
    deep = playground(data, recipe, "alpha", "beta", params={"max_depth": None})
    assert "overfitting" in deep.caption


def test_the_recipes_algorithm_and_hyperparameters_are_the_default() -> None:
    recipe, data = make_setup("binary", "decision_tree", {"max_depth": 1})
    from_recipe = playground(data, recipe, "alpha", "beta")
    explicit = playground(data, recipe, "alpha", "beta", params={"max_depth": 1})
    assert from_recipe.train_score == explicit.train_score


def test_another_algorithm_starts_from_its_own_defaults() -> None:
    recipe, data = make_setup("binary", "decision_tree", {"max_depth": 1})
    result = playground(data, recipe, "alpha", "beta", algorithm="knn")
    assert math.isfinite(result.train_score)


def test_the_recipes_primary_metric_is_reported() -> None:
    recipe, data = make_setup("binary", "logistic_regression")
    recipe = recipe.with_section(recipe.problem.with_changes(metric="f1"))
    assert playground(data, recipe, "alpha", "beta").metric_label == "F1 (positive class)"


def test_a_metric_needing_probabilities_falls_back_to_accuracy() -> None:
    recipe, data = make_setup("binary", "svm")
    recipe = recipe.with_section(recipe.problem.with_changes(metric="log_loss"))
    assert playground(data, recipe, "alpha", "beta").metric_label == "Accuracy"


# --- bounds, sampling and leakage ------------------------------------------------------------


def test_samples_respect_max_points() -> None:
    recipe, data = make_setup("binary", "knn", n=600)
    result = playground(data, recipe, "alpha", "beta", max_points=100)
    assert (result.n_train_points, result.n_test_points) == (100, 33)


def test_classification_samples_keep_each_class_share() -> None:
    recipe, data = make_setup("binary", "knn", n=600)
    result = playground(data, recipe, "alpha", "beta", max_points=100)
    drawn = {t.name: len(t.x) for t in point_traces(result, "circle")}
    share = (data.y_train == "yes").mean()
    assert abs(drawn["yes (training)"] - 100 * share) <= 1


def test_grid_and_points_are_clipped() -> None:
    recipe, data = make_setup("binary", "svm")
    result = playground(data, recipe, "alpha", "beta", grid=10_000, max_points=10**9)
    assert np.asarray(region_traces(result)[0].z).shape == (MAX_GRID, MAX_GRID)


def test_a_tiny_grid_is_raised_to_the_minimum() -> None:
    recipe, data = make_setup("binary", "svm")
    result = playground(data, recipe, "alpha", "beta", grid=1, max_points=1)
    assert (np.asarray(region_traces(result)[0].z).shape, result.n_train_points) == ((10, 10), 50)


def test_the_figure_stays_small() -> None:
    recipe, data = make_setup("binary", "logistic_regression", n=2000)
    figure = playground(data, recipe, "alpha", "beta").figure
    assert len(figure.to_json()) < 250_000


def test_only_sampled_training_rows_are_fitted(monkeypatch: pytest.MonkeyPatch) -> None:
    recipe, data = make_setup("binary", "knn", n=600)
    fitted: list[pd.Index] = []
    original = Pipeline.fit

    def spy(self, X, y=None, **params):
        fitted.append(X.index)
        return original(self, X, y, **params)

    monkeypatch.setattr(Pipeline, "fit", spy)
    playground(data, recipe, "alpha", "beta", max_points=200)
    assert (len(fitted), len(fitted[0]), fitted[0].isin(data.X_train.index).all()) == (
        1,
        200,
        True,
    )


def test_changing_the_test_rows_changes_neither_the_model_nor_its_training_score() -> None:
    recipe, data = make_setup("binary", "decision_tree")
    flipped = data.y_test.map({"yes": "no", "no": "yes"}).astype(data.y_test.dtype)
    shuffled = data.X_test.sample(frac=1.0, random_state=0).set_index(data.X_test.index)
    other = dataclasses.replace(data, X_test=shuffled, y_test=flipped)
    original = playground(data, recipe, "alpha", "beta")
    changed = playground(data=other, recipe=recipe, x="alpha", y="beta")
    assert changed.train_score == original.train_score
    np.testing.assert_array_equal(region_traces(changed)[0].z, region_traces(original)[0].z)


def test_missing_values_are_filled_for_the_model_and_not_drawn() -> None:
    frame = make_frame("binary")
    frame.loc[frame.index[:30], "alpha"] = np.nan
    recipe, data = make_setup(frame=frame)
    result = playground(data, recipe, "alpha", "beta")
    drawn = drawn_count(point_traces(result, "circle")) + drawn_count(point_traces(result, "x"))
    assert (drawn, "not drawn" in result.caption) == (N - 30, True)


# --- determinism -----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_figure() -> None:
    recipe, data = make_setup("binary", "random_forest", {"n_estimators": 20}, n=600)
    first = playground(data, recipe, "alpha", "beta", max_points=100, seed=5)
    second = playground(data, recipe, "alpha", "beta", max_points=100, seed=5)
    assert first.figure.to_json() == second.figure.to_json()


def test_another_seed_draws_another_sample() -> None:
    recipe, data = make_setup("binary", "knn", n=600)
    first = playground(data, recipe, "alpha", "beta", max_points=100, seed=5)
    second = playground(data, recipe, "alpha", "beta", max_points=100, seed=6)
    assert first.figure.to_json() != second.figure.to_json()


# --- speed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "algorithm", ["logistic_regression", "decision_tree", "random_forest", "knn", "svm"]
)
def test_default_settings_on_2000_training_rows_are_fast(algorithm: str) -> None:
    recipe, data = make_setup("binary", algorithm, n=2500)
    result = playground(data, recipe, "alpha", "beta")
    # A few hundred milliseconds in practice; the bound leaves room for a busy test machine.
    assert result.seconds < 3.0


# --- errors ----------------------------------------------------------------------------------


def _error(recipe: Recipe, data: TrainingData, *args, **kwargs) -> PlaygroundError:
    with pytest.raises(PlaygroundError) as caught:
        playground(data, recipe, *args, **kwargs)
    error = caught.value
    assert error.what
    assert error.why
    assert error.fix
    return error


def test_the_same_column_twice_is_refused() -> None:
    recipe, data = make_setup()
    assert "both axes" in _error(recipe, data, "alpha", "alpha").what


def test_an_unknown_column_is_refused() -> None:
    recipe, data = make_setup()
    assert "not a feature column" in _error(recipe, data, "alpha", "gamma").why


def test_the_target_is_not_a_column_to_draw() -> None:
    recipe, data = make_setup()
    assert "not a feature column" in _error(recipe, data, "y").why


def test_a_category_column_is_refused() -> None:
    recipe, data = make_setup()
    assert "not a numeric column" in _error(recipe, data, "colour", "alpha").why


def test_no_algorithm_is_refused() -> None:
    recipe, data = make_setup(algorithm=None)
    assert "No algorithm" in _error(recipe, data, "alpha", "beta").what


def test_an_unknown_algorithm_is_refused() -> None:
    recipe, data = make_setup()
    assert "no algorithm called" in _error(recipe, data, "alpha", algorithm="magic").what


def test_an_algorithm_for_another_task_is_refused() -> None:
    recipe, data = make_setup()
    assert "cannot be used" in _error(recipe, data, "alpha", algorithm="linear_regression").what


def test_an_invalid_hyperparameter_is_refused() -> None:
    recipe, data = make_setup()
    assert "cannot be" in _error(recipe, data, "alpha", params={"C": -1.0}).what


def test_too_few_rows_are_refused() -> None:
    recipe, data = make_setup()
    # The split itself keeps 10 training rows; a caller may still pass a smaller slice.
    data = dataclasses.replace(data, X_train=data.X_train.iloc[:8], y_train=data.y_train.iloc[:8])
    assert "at least 10 training rows" in _error(recipe, data, "alpha", "beta").what


def test_a_model_that_fails_is_reported() -> None:
    recipe, data = make_setup("binary", "knn", {"n_neighbors": 100}, n=80)
    assert "could not be fitted" in _error(recipe, data, "alpha", "beta").what
