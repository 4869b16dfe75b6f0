"""Tests for core.learn.advice.evaluate (tune, evaluate, improve): overfitting with a parameter
to set, a good fit, no better than the baseline, more rows, and drift on new rows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from core.evaluate import LearningCurve, NewRowsCheck, diagnose
from core.learn import Action, advise
from core.model import model_spec
from tests.core.learn.advice.setups import SEED, Setup, by_key, keys_of, make_setup


def test_a_deep_tree_on_noisy_data_is_told_it_overfits_with_a_parameter_to_set(
    deep_tree: Setup,
) -> None:
    advice = by_key(deep_tree.advise("tune"), "overfitting")
    train, cv = deep_tree.trained.cv.train_mean, deep_tree.trained.cv.mean
    assert train == pytest.approx(1.0)
    assert cv < train - 0.15
    assert advice.severity == "warning"
    assert advice.numbers["train"] == pytest.approx(train)
    assert advice.numbers["cv"] == pytest.approx(cv)
    assert f"{train:.4g}" in advice.text
    assert f"{cv:.4g}" in advice.text
    assert advice.action.kind == "set_param"


def test_the_overfitting_action_is_a_valid_simpler_setting(deep_tree: Setup) -> None:
    action = by_key(deep_tree.advise("tune"), "overfitting").action
    spec = model_spec("decision_tree")
    param, value = action.params["param"], action.params["value"]
    assert spec.param(param).check(value, algorithm=spec.label) == value
    assert param in action.label
    assert f"{param} = {value}" in by_key(deep_tree.advise("tune"), "overfitting").text


def test_overfitting_advice_comes_from_a_given_diagnosis_alone(deep_tree: Setup) -> None:
    trained = deep_tree.trained
    diagnosis = diagnose(trained.cv, trained.baseline_cv, trained.recipe)
    items = advise("evaluate", recipe=deep_tree.recipe, diagnosis=diagnosis)
    assert by_key(items, "overfitting").action.kind == "set_param"


def test_a_well_fit_model_is_told_so(clean: Setup) -> None:
    advice = by_key(clean.advise("evaluate"), "good_fit")
    assert advice.severity == "good"
    assert "beats_baseline" in keys_of(clean.advise("evaluate"))


def test_a_model_no_better_than_the_baseline_is_a_warning() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({"a": rng.normal(size=200), "y": rng.normal(size=200)})
    setup = make_setup(frame, "regression", algorithm="ridge", problem={"metric": "rmse"})
    advice = by_key(setup.advise("evaluate"), "no_better_than_baseline")
    assert advice.action == Action("go_to", "Go to Features", {"page": "features"})


def test_a_learning_curve_still_rising_points_to_more_rows(clean: Setup) -> None:
    cv = clean.trained.cv
    rising = pd.DataFrame(
        {
            "rows": [120.0, 240.0],
            "share": [0.5, 1.0],
            "train_mean": [cv.train_mean, cv.train_mean],
            "train_std": [0.01, 0.01],
            "cv_mean": [cv.mean - 0.08, cv.mean],
            "cv_std": [0.01, 0.01],
            "folds": [4, 4],
        }
    )
    curve = LearningCurve(cv.algorithm, cv.metric, rising, None, (), cv.plan_fingerprint)
    advice = by_key(clean.advise("tune", curve=curve), "more_data")
    assert advice.action == Action("go_to", "Go to New data", {"page": "new_data"})


def test_new_rows_that_score_worse_are_reported_as_drift(clean: Setup) -> None:
    trained = dataclasses.replace(
        clean.trained,
        new_rows=NewRowsCheck(rows=80, metric="accuracy", score=0.6, earlier_test_score=0.9),
    )
    advice = by_key(clean.advise("improve", trained=trained), "drift")
    assert advice.severity == "warning"
    assert "80 new rows" in advice.text
    assert "0.6" in advice.text
