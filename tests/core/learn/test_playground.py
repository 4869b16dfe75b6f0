"""The playground: decision regions and fitted curves on one or two of the learner's columns,
fitted on sampled training rows only, bounded, deterministic, with errors for people."""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from core.learn import MAX_GRID, Playground, PlaygroundError, numeric_candidates, playground
from core.prepare import TrainingData
from core.recipe import Recipe
from tests.core.split_data import recipe_and_data

SEED = 3
N = 300


def _frame(task: str, n: int = N, *, seed: int = SEED, classes: int = 3) -> pd.DataFrame:
    """Two informative numbers on different scales, a noise number, a category and a target."""
    rng = np.random.default_rng(seed)
    alpha = rng.normal(0.0, 1.0, size=n)
    beta = rng.normal(50.0, 10.0, size=n)
    signal = alpha + (beta - 50.0) / 10.0 + rng.normal(scale=0.4, size=n)
    frame = pd.DataFrame(
        {
            "alpha": alpha,
            "beta": beta,
            "noise": rng.normal(size=n),
            "colour": rng.choice(["red", "green", "blue"], size=n),
        }
    )
    if task == "regression":
        frame["y"] = 3.0 * signal
    elif task == "binary":
        frame["y"] = np.where(signal > 0, "yes", "no")
    else:
        edges = np.quantile(signal, np.linspace(0, 1, classes + 1)[1:-1])
        frame["y"] = np.array([f"k{i}" for i in range(classes)])[np.searchsorted(edges, signal)]
    return frame


def _setup(
    task: str = "binary",
    algorithm: str | None = "logistic_regression",
    params: dict | None = None,
    *,
    n: int = N,
    frame: pd.DataFrame | None = None,
) -> tuple[Recipe, TrainingData]:
    recipe, data = recipe_and_data(_frame(task, n) if frame is None else frame, task=task)
    recipe = recipe.with_section(
        recipe.model.with_changes(algorithm=algorithm, params=params or {})
    )
    return recipe, data


def _regions(result: Playground) -> list:
    return [t for t in result.figure.data if t.type in ("heatmap", "contour")]


def _points(result: Playground, symbol: str) -> list:
    return [
        t
        for t in result.figure.data
        if t.type == "scatter" and t.mode == "markers" and t.marker.symbol == symbol
    ]


def _drawn(traces: list) -> int:
    return sum(len(t.x) for t in traces)


# --- candidates ------------------------------------------------------------------------------


def test_numeric_candidates_are_the_numeric_feature_columns() -> None:
    _, data = _setup()
    assert numeric_candidates(data) == ["alpha", "beta", "noise"]


def test_numeric_candidates_leave_out_a_column_with_one_finite_value() -> None:
    frame = _frame("binary")
    frame["almost_empty"] = np.where(np.arange(N) % 2 == 0, 1.0, np.inf)
    _, data = _setup(frame=frame)
    assert "almost_empty" not in numeric_candidates(data)


# --- what is drawn ---------------------------------------------------------------------------

CASES = [
    ("binary", "logistic_regression", ("alpha", "beta")),
    ("binary", "decision_tree", ("alpha", "beta")),
    ("binary", "svm", ("alpha", "beta")),
    ("binary", "knn", ("alpha", None)),
    ("binary", "ridge", ("alpha", None)),
    ("multiclass", "knn", ("alpha", "beta")),
    ("multiclass", "random_forest", ("alpha", "beta")),
    ("multiclass", "logistic_regression", ("beta", None)),
    ("regression", "ridge", ("alpha", None)),
    ("regression", "linear_regression", ("alpha", "beta")),
    ("regression", "random_forest", ("alpha", "beta")),
    ("regression", "decision_tree", ("beta", None)),
]


@functools.cache
def _case(
    task: str, algorithm: str, columns: tuple[str, str | None]
) -> tuple[Playground, TrainingData]:
    """One drawing per case, shared by the tests that read it (they do not change it)."""
    recipe, data = _setup(task, algorithm)
    return playground(data, recipe, *columns), data


@pytest.mark.parametrize(("task", "algorithm", "columns"), CASES)
def test_renders_regions_or_curve_with_training_and_test_points(
    task: str, algorithm: str, columns: tuple[str, str | None]
) -> None:
    result, data = _case(task, algorithm, columns)
    two = columns[1] is not None
    assert len(_regions(result)) == (1 if two else 0)
    assert _drawn(_points(result, "circle")) == result.n_train_points == len(data.X_train)
    assert _drawn(_points(result, "x")) == result.n_test_points == len(data.X_test)


@pytest.mark.parametrize(("task", "algorithm", "columns"), CASES)
def test_scores_and_caption_are_filled_in(
    task: str, algorithm: str, columns: tuple[str, str | None]
) -> None:
    result, _ = _case(task, algorithm, columns)
    assert math.isfinite(result.train_score)
    assert math.isfinite(result.test_score)
    assert result.metric_label
    assert f"{result.n_train_points:,} training rows" in result.caption


def test_one_column_shows_a_line_of_the_model() -> None:
    recipe, data = _setup("regression", "ridge")
    result = playground(data, recipe, "alpha")
    lines = [t for t in result.figure.data if t.mode == "lines"]
    assert len(lines) == 1


def test_binary_regions_shade_the_positive_class_probability() -> None:
    recipe, data = _setup("binary", "logistic_regression")
    result = playground(data, recipe, "alpha", "beta")
    region = _regions(result)[0]
    z = np.asarray(region.z)
    assert (region.type, float(z.min()) >= 0.0, float(z.max()) <= 1.0) == ("contour", True, True)


def test_binary_regions_without_probabilities_show_predicted_classes() -> None:
    recipe, data = _setup("binary", "svm")
    result = playground(data, recipe, "alpha", "beta")
    region = _regions(result)[0]
    assert (region.type, set(np.unique(np.asarray(region.z)))) == ("heatmap", {0, 1})


def test_class_names_are_in_the_legend_and_colour_bar() -> None:
    recipe, data = _setup("multiclass", "knn")
    result = playground(data, recipe, "alpha", "beta")
    names = " ".join(t.name for t in result.figure.data if t.type == "scatter")
    assert all(label in names for label in ("k0", "k1", "k2"))
    assert list(_regions(result)[0].colorbar.ticktext) == ["k0", "k1", "k2"]


def test_many_classes_share_two_point_traces() -> None:
    frame = _frame("multiclass", 600, classes=14)
    recipe, data = _setup("multiclass", "decision_tree", frame=frame)
    result = playground(data, recipe, "alpha", "beta")
    assert len([t for t in result.figure.data if t.type == "scatter"]) == 2


def test_regression_surface_and_points_share_one_colour_scale() -> None:
    recipe, data = _setup("regression", "knn")
    result = playground(data, recipe, "alpha", "beta")
    colour_axes = {
        t.coloraxis if t.type == "heatmap" else t.marker.coloraxis for t in result.figure.data
    }
    assert colour_axes == {"coloraxis"}


def test_axis_titles_are_the_column_names() -> None:
    recipe, data = _setup("binary", "knn")
    layout = playground(data, recipe, "alpha", "beta").figure.layout
    assert (layout.xaxis.title.text, layout.yaxis.title.text) == ("alpha", "beta")


def test_caption_carries_no_text_from_the_data() -> None:
    recipe, data = _setup("binary", "decision_tree")
    caption = playground(data, recipe, "alpha", "beta").caption
    assert not any(word in caption for word in ("alpha", "beta", "yes", "no "))


# --- hyperparameters and the recipe ----------------------------------------------------------


def test_a_deeper_tree_fits_the_training_rows_better() -> None:
    recipe, data = _setup("binary", "decision_tree")
    stump = playground(data, recipe, "alpha", "beta", params={"max_depth": 1})
    deep = playground(data, recipe, "alpha", "beta", params={"max_depth": None})
    assert deep.train_score > stump.train_score


def test_the_caption_names_overfitting_when_training_beats_test() -> None:
    recipe, data = _setup("binary", "decision_tree")
    deep = playground(data, recipe, "alpha", "beta", params={"max_depth": None})
    assert "overfitting" in deep.caption


def test_the_recipes_algorithm_and_hyperparameters_are_the_default() -> None:
    recipe, data = _setup("binary", "decision_tree", {"max_depth": 1})
    from_recipe = playground(data, recipe, "alpha", "beta")
    explicit = playground(data, recipe, "alpha", "beta", params={"max_depth": 1})
    assert from_recipe.train_score == explicit.train_score


def test_another_algorithm_starts_from_its_own_defaults() -> None:
    recipe, data = _setup("binary", "decision_tree", {"max_depth": 1})
    result = playground(data, recipe, "alpha", "beta", algorithm="knn")
    assert math.isfinite(result.train_score)


def test_the_recipes_primary_metric_is_reported() -> None:
    recipe, data = _setup("binary", "logistic_regression")
    recipe = recipe.with_section(recipe.problem.with_changes(metric="f1"))
    assert playground(data, recipe, "alpha", "beta").metric_label == "F1 (positive class)"


def test_a_metric_needing_probabilities_falls_back_to_accuracy() -> None:
    recipe, data = _setup("binary", "svm")
    recipe = recipe.with_section(recipe.problem.with_changes(metric="log_loss"))
    assert playground(data, recipe, "alpha", "beta").metric_label == "Accuracy"


# --- bounds, sampling and leakage ------------------------------------------------------------


def test_samples_respect_max_points() -> None:
    recipe, data = _setup("binary", "knn", n=600)
    result = playground(data, recipe, "alpha", "beta", max_points=100)
    assert (result.n_train_points, result.n_test_points) == (100, 33)


def test_classification_samples_keep_each_class_share() -> None:
    recipe, data = _setup("binary", "knn", n=600)
    result = playground(data, recipe, "alpha", "beta", max_points=100)
    drawn = {t.name: len(t.x) for t in _points(result, "circle")}
    share = (data.y_train == "yes").mean()
    assert abs(drawn["yes (training)"] - 100 * share) <= 1


def test_grid_and_points_are_clipped() -> None:
    recipe, data = _setup("binary", "svm")
    result = playground(data, recipe, "alpha", "beta", grid=10_000, max_points=10**9)
    assert np.asarray(_regions(result)[0].z).shape == (MAX_GRID, MAX_GRID)


def test_a_tiny_grid_is_raised_to_the_minimum() -> None:
    recipe, data = _setup("binary", "svm")
    result = playground(data, recipe, "alpha", "beta", grid=1, max_points=1)
    assert (np.asarray(_regions(result)[0].z).shape, result.n_train_points) == ((10, 10), 50)


def test_the_figure_stays_small() -> None:
    recipe, data = _setup("binary", "logistic_regression", n=2000)
    figure = playground(data, recipe, "alpha", "beta").figure
    assert len(figure.to_json()) < 250_000


def test_only_sampled_training_rows_are_fitted(monkeypatch: pytest.MonkeyPatch) -> None:
    recipe, data = _setup("binary", "knn", n=600)
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
    recipe, data = _setup("binary", "decision_tree")
    flipped = data.y_test.map({"yes": "no", "no": "yes"}).astype(data.y_test.dtype)
    shuffled = data.X_test.sample(frac=1.0, random_state=0).set_index(data.X_test.index)
    other = dataclasses.replace(data, X_test=shuffled, y_test=flipped)
    original = playground(data, recipe, "alpha", "beta")
    changed = playground(data=other, recipe=recipe, x="alpha", y="beta")
    assert changed.train_score == original.train_score
    np.testing.assert_array_equal(_regions(changed)[0].z, _regions(original)[0].z)


def test_missing_values_are_filled_for_the_model_and_not_drawn() -> None:
    frame = _frame("binary")
    frame.loc[frame.index[:30], "alpha"] = np.nan
    recipe, data = _setup(frame=frame)
    result = playground(data, recipe, "alpha", "beta")
    drawn = _drawn(_points(result, "circle")) + _drawn(_points(result, "x"))
    assert (drawn, "not drawn" in result.caption) == (N - 30, True)


# --- determinism -----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_figure() -> None:
    recipe, data = _setup("binary", "random_forest", {"n_estimators": 20}, n=600)
    first = playground(data, recipe, "alpha", "beta", max_points=100, seed=5)
    second = playground(data, recipe, "alpha", "beta", max_points=100, seed=5)
    assert first.figure.to_json() == second.figure.to_json()


def test_another_seed_draws_another_sample() -> None:
    recipe, data = _setup("binary", "knn", n=600)
    first = playground(data, recipe, "alpha", "beta", max_points=100, seed=5)
    second = playground(data, recipe, "alpha", "beta", max_points=100, seed=6)
    assert first.figure.to_json() != second.figure.to_json()


# --- speed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "algorithm", ["logistic_regression", "decision_tree", "random_forest", "knn", "svm"]
)
def test_default_settings_on_2000_training_rows_are_fast(algorithm: str) -> None:
    recipe, data = _setup("binary", algorithm, n=2500)
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
    recipe, data = _setup()
    assert "both axes" in _error(recipe, data, "alpha", "alpha").what


def test_an_unknown_column_is_refused() -> None:
    recipe, data = _setup()
    assert "not a feature column" in _error(recipe, data, "alpha", "gamma").why


def test_the_target_is_not_a_column_to_draw() -> None:
    recipe, data = _setup()
    assert "not a feature column" in _error(recipe, data, "y").why


def test_a_category_column_is_refused() -> None:
    recipe, data = _setup()
    assert "not a numeric column" in _error(recipe, data, "colour", "alpha").why


def test_no_algorithm_is_refused() -> None:
    recipe, data = _setup(algorithm=None)
    assert "No algorithm" in _error(recipe, data, "alpha", "beta").what


def test_an_unknown_algorithm_is_refused() -> None:
    recipe, data = _setup()
    assert "no algorithm called" in _error(recipe, data, "alpha", algorithm="magic").what


def test_an_algorithm_for_another_task_is_refused() -> None:
    recipe, data = _setup()
    assert "cannot be used" in _error(recipe, data, "alpha", algorithm="linear_regression").what


def test_an_invalid_hyperparameter_is_refused() -> None:
    recipe, data = _setup()
    assert "cannot be" in _error(recipe, data, "alpha", params={"C": -1.0}).what


def test_too_few_rows_are_refused() -> None:
    recipe, data = _setup()
    # The split itself keeps 10 training rows; a caller may still pass a smaller slice.
    data = dataclasses.replace(data, X_train=data.X_train.iloc[:8], y_train=data.y_train.iloc[:8])
    assert "at least 10 training rows" in _error(recipe, data, "alpha", "beta").what


def test_a_model_that_fails_is_reported() -> None:
    recipe, data = _setup("binary", "knn", {"n_neighbors": 100}, n=80)
    assert "could not be fitted" in _error(recipe, data, "alpha", "beta").what
