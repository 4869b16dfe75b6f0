"""The playground's figures (core.learn._playground_figures): decision regions or fitted curves
with training and test points, class names in the legend, one colour scale for a regression,
the columns as axis titles, and captions free of text from the data."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

from core.learn import Playground, playground
from core.prepare import TrainingData
from tests.core.learn.playground_setups import (
    drawn_count,
    make_frame,
    make_setup,
    point_traces,
    region_traces,
)

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
    recipe, data = make_setup(task, algorithm)
    return playground(data, recipe, *columns), data


@pytest.mark.parametrize(("task", "algorithm", "columns"), CASES)
def test_renders_regions_or_curve_with_training_and_test_points(
    task: str, algorithm: str, columns: tuple[str, str | None]
) -> None:
    result, data = _case(task, algorithm, columns)
    two = columns[1] is not None
    assert len(region_traces(result)) == (1 if two else 0)
    assert drawn_count(point_traces(result, "circle")) == result.n_train_points == len(data.X_train)
    assert drawn_count(point_traces(result, "x")) == result.n_test_points == len(data.X_test)


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
    recipe, data = make_setup("regression", "ridge")
    result = playground(data, recipe, "alpha")
    lines = [t for t in result.figure.data if t.mode == "lines"]
    assert len(lines) == 1


def test_binary_regions_shade_the_positive_class_probability() -> None:
    recipe, data = make_setup("binary", "logistic_regression")
    result = playground(data, recipe, "alpha", "beta")
    region = region_traces(result)[0]
    z = np.asarray(region.z)
    assert (region.type, float(z.min()) >= 0.0, float(z.max()) <= 1.0) == ("contour", True, True)


def test_binary_regions_without_probabilities_show_predicted_classes() -> None:
    recipe, data = make_setup("binary", "svm")
    result = playground(data, recipe, "alpha", "beta")
    region = region_traces(result)[0]
    assert (region.type, set(np.unique(np.asarray(region.z)))) == ("heatmap", {0, 1})


def test_class_names_are_in_the_legend_and_colour_bar() -> None:
    recipe, data = make_setup("multiclass", "knn")
    result = playground(data, recipe, "alpha", "beta")
    names = " ".join(t.name for t in result.figure.data if t.type == "scatter")
    assert all(label in names for label in ("k0", "k1", "k2"))
    assert list(region_traces(result)[0].colorbar.ticktext) == ["k0", "k1", "k2"]


def test_many_classes_share_two_point_traces() -> None:
    frame = make_frame("multiclass", 600, classes=14)
    recipe, data = make_setup("multiclass", "decision_tree", frame=frame)
    result = playground(data, recipe, "alpha", "beta")
    assert len([t for t in result.figure.data if t.type == "scatter"]) == 2


def test_regression_surface_and_points_share_one_colour_scale() -> None:
    recipe, data = make_setup("regression", "knn")
    result = playground(data, recipe, "alpha", "beta")
    colour_axes = {
        t.coloraxis if t.type == "heatmap" else t.marker.coloraxis for t in result.figure.data
    }
    assert colour_axes == {"coloraxis"}


def test_axis_titles_are_the_column_names() -> None:
    recipe, data = make_setup("binary", "knn")
    layout = playground(data, recipe, "alpha", "beta").figure.layout
    assert (layout.xaxis.title.text, layout.yaxis.title.text) == ("alpha", "beta")


def test_caption_carries_no_text_from_the_data() -> None:
    recipe, data = make_setup("binary", "decision_tree")
    caption = playground(data, recipe, "alpha", "beta").caption
    assert not any(word in caption for word in ("alpha", "beta", "yes", "no "))
