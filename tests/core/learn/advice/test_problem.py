"""Tests for core.learn.advice.problem: the majority baseline, a fairer metric for imbalanced
classes, and a regression target's skew and zeros."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.understand import baseline_score, recommend_metric
from tests.core.learn.advice.setups import SEED, by_key, keys_of, make_setup, shares_frame


def test_classes_62_38_give_the_majority_baseline() -> None:
    setup = make_setup(shares_frame(majority=0.62), "binary", train=False)
    advice = by_key(setup.advise("problem"), "class_baseline")
    assert "62 %" in advice.text
    assert "38 %" in advice.text
    assert "‘no’" in advice.text
    assert advice.numbers["majority_share"] == pytest.approx(0.62)
    assert advice.numbers["minority_share"] == pytest.approx(0.38)


def test_the_baseline_is_also_given_in_the_chosen_metric() -> None:
    frame = shares_frame(majority=0.62)
    setup = make_setup(frame, "binary", train=False, problem={"metric": "balanced_accuracy"})
    advice = by_key(setup.advise("problem"), "class_baseline")
    expected, _ = baseline_score(setup.profile.table.frame["y"], "binary", "balanced_accuracy")
    assert advice.numbers["baseline"] == pytest.approx(expected)
    assert f"{expected:.4g} Balanced accuracy" in advice.text


def test_accuracy_on_imbalanced_classes_suggests_a_fairer_metric() -> None:
    setup = make_setup(
        shares_frame(majority=0.9), "binary", train=False, problem={"metric": "accuracy"}
    )
    advice = by_key(setup.advise("problem"), "metric_for_imbalance")
    better = recommend_metric(setup.profile.table.frame["y"], "binary").metric
    assert advice.severity == "warning"
    assert "10 %" in advice.text
    assert "90 %" in advice.text
    assert advice.action.kind == "set_metric"
    assert advice.action.params["metric"] == better != "accuracy"


def test_a_skewed_regression_target_with_rmse_suggests_mae() -> None:
    rng = np.random.default_rng(SEED)
    y = np.exp(rng.normal(scale=1.5, size=300))
    setup = make_setup(
        pd.DataFrame({"a": rng.normal(size=300), "y": y}),
        "regression",
        train=False,
        problem={"metric": "rmse"},
    )
    items = setup.advise("problem")
    advice = by_key(items, "skewed_target")
    assert advice.action.params == {"metric": "mae"}
    assert f"{advice.numbers['skewness']:.1f}" in advice.text
    baseline = by_key(items, "regression_baseline")
    assert f"{y.mean():.4g}" in baseline.text


def test_mape_on_a_target_with_zeros_is_a_warning() -> None:
    rng = np.random.default_rng(SEED)
    y = rng.normal(10, 2, 200)
    y[:5] = 0
    setup = make_setup(
        pd.DataFrame({"a": rng.normal(size=200), "y": y}),
        "regression",
        train=False,
        problem={"metric": "mape"},
    )
    items = setup.advise("problem")
    advice = by_key(items, "mape_with_zeros")
    assert advice.severity == "warning"
    assert "5 rows" in advice.text
    assert "regression_baseline" not in keys_of(items)  # MAPE's baseline is meaningless there
