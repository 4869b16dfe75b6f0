"""Validation curves: the verdict at each end of the range, scores like cross-validation, and
the values swept."""

from __future__ import annotations

import numpy as np
import pytest

from core.model import ModelError, cross_validate_model, curve_values, model_spec, validation_curve
from tests.core.model.search_data import search_setup


@pytest.fixture(autouse=True)
def _one_job(monkeypatch):
    """Searches run in this process: fast to start, and monkeypatched helpers are seen."""
    monkeypatch.setenv("MODELPATH_MAX_JOBS", "1")


DEPTHS = [1, 2, 3, 4, 6, 10, None]


def _curve(noise: float):
    recipe, data, plan = search_setup("decision_tree", n=400, noise=noise, folds=4)
    return validation_curve(data, recipe, plan, "max_depth", DEPTHS)


def test_validation_curve_reads_high_variance_at_the_deep_end_of_noisy_data() -> None:
    curve = _curve(noise=3.0)
    table = curve.frame()

    assert table["value"].tolist() == [1, 2, 3, 4, 6, 10, "None (no limit)"]
    assert curve.metric == "rmse"
    deep, best = table.iloc[-1], table.loc[table["cv_mean"].idxmin()]
    # What is true on this data: the unlimited tree memorises (training error 0) and does
    # clearly worse on new rows than the best depth.
    assert deep["train_mean"] == pytest.approx(0.0, abs=1e-9)
    assert deep["cv_mean"] > 1.1 * best["cv_mean"]
    assert "At the highest value (max_depth = None (no limit))" in curve.readings[1]
    assert "high variance" in curve.readings[1]
    assert curve.readings[2].startswith(f"Best CV score at max_depth = {best['value']}:")


def test_validation_curve_reads_high_bias_at_a_stump_on_a_curved_target() -> None:
    curve = _curve(noise=1.0)
    table = curve.frame()

    stump, best = table.iloc[0], table.loc[table["cv_mean"].idxmin()]
    # What is true on this data: one split cannot follow a sine and a square, so the stump is
    # poor even on its own training rows, and far behind the best depth on new rows.
    assert stump["train_mean"] > 1.5 * best["cv_mean"]
    assert stump["cv_mean"] > 1.5 * best["cv_mean"]
    assert stump["cv_mean"] - stump["train_mean"] < 0.5 * (stump["cv_mean"] - best["cv_mean"])
    assert "At the lowest value (max_depth = 1)" in curve.readings[0]
    assert "high bias" in curve.readings[0]


def test_validation_curve_scores_each_value_like_cross_validation() -> None:
    recipe, data, plan = search_setup("knn", n=200)

    curve = validation_curve(data, recipe, plan, "n_neighbors", [2, 8])

    assert [p.value for p in curve.points] == [2, 8]
    for point in curve.points:
        expected = cross_validate_model(
            data, recipe, plan, algorithm="knn", params={"n_neighbors": point.value}, n_jobs=1
        )
        np.testing.assert_allclose(point.evaluation.result.test_scores, expected.test_scores)


def test_validation_curve_rejects_an_unknown_param_and_a_bad_value() -> None:
    recipe, data, plan = search_setup("decision_tree")

    with pytest.raises(ModelError, match="has no hyperparameter 'depth'"):
        validation_curve(data, recipe, plan, "depth", [1, 2])
    with pytest.raises(ModelError, match="'max_depth' cannot be 0"):
        validation_curve(data, recipe, plan, "max_depth", [0, 2])


def test_curve_values_spread_over_the_range() -> None:
    spec = model_spec("decision_tree")

    assert curve_values(spec, "max_depth", 4) == [1, 4, 14, 50]
    assert curve_values(model_spec("knn"), "weights") == ["uniform", "distance"]


def test_a_curve_over_choices_reads_only_the_best_value() -> None:
    recipe, data, plan = search_setup("knn")

    curve = validation_curve(data, recipe, plan, "weights")

    assert not any("lowest value" in r or "highest value" in r for r in curve.readings)
    assert curve.readings[-1].startswith("Best CV score at weights = ")
