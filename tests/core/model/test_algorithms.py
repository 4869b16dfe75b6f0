"""Tests for core.model.algorithms: every registry entry builds, fits, validates and tells the
truth.

Parametrised over the registry, so a new algorithm is tested without editing this file.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from core.model import MODELS, ModelError, model_spec, models_for_task
from core.recipe import TASKS

CASES = [
    pytest.param(spec.key, task, id=f"{spec.key}-{task}")
    for spec in MODELS.values()
    for task in spec.tasks
]


def _data(task: str, *, missing: bool = False):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    if task == "regression":
        y = X[:, 0] * 2 + rng.normal(scale=0.1, size=60)
    else:
        classes = 2 if task == "binary" else 3
        y = np.arange(60) % classes
        X[:, 0] += y
    if missing:
        X[::7, 1] = np.nan
    return X, y


@pytest.mark.parametrize(("key", "task"), CASES)
def test_model_builds_and_fits_with_defaults(key: str, task: str) -> None:
    estimator = model_spec(key).build(task, seed=0)
    X, y = _data(task)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X, y)
    assert len(estimator.predict(X)) == len(y)


@pytest.mark.parametrize(("key", "task"), CASES)
def test_model_card_says_truthfully_whether_missing_values_are_handled(key, task) -> None:
    estimator = model_spec(key).build(task, seed=0)
    X, y = _data(task, missing=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if model_spec(key).card.handles_missing:
            estimator.fit(X, y)
        else:
            with pytest.raises(ValueError, match="NaN"):
                estimator.fit(X, y)


@pytest.mark.parametrize("key", list(MODELS))
def test_model_params_accept_their_range_ends(key: str) -> None:
    spec = model_spec(key)
    for param in spec.params:
        values = list(param.choices) if param.kind == "choice" else [param.low, param.high]
        for value in values:
            estimator = spec.build(spec.tasks[0], {param.name: value}, seed=0)
            assert estimator is not None


@pytest.mark.parametrize("key", [k for k, s in MODELS.items() if s.params])
def test_model_params_out_of_range_are_refused_with_the_range(key: str) -> None:
    spec = model_spec(key)
    numeric = [p for p in spec.params if p.kind in ("int", "float")]
    if not numeric:
        pytest.skip("only choices")
    param = numeric[0]
    with pytest.raises(ModelError) as caught:
        spec.build(spec.tasks[0], {param.name: param.high * 10 + 1}, seed=0)
    assert param.name in caught.value.message
    assert f"{param.low:g}" in caught.value.message


def test_model_unknown_parameter_lists_the_known_ones() -> None:
    with pytest.raises(ModelError) as caught:
        model_spec("random_forest").build("binary", {"depth": 3}, seed=0)
    assert "max_depth" in caught.value.message


def test_model_unknown_algorithm_lists_the_available_ones() -> None:
    with pytest.raises(ModelError) as caught:
        model_spec("xgboost")
    assert "random_forest" in caught.value.message


@pytest.mark.parametrize(
    ("key", "task"),
    [("linear_regression", "binary"), ("logistic_regression", "regression"), ("lasso", "binary")],
)
def test_model_wrong_task_is_refused(key: str, task: str) -> None:
    with pytest.raises(ModelError) as caught:
        model_spec(key).build(task, seed=0)
    assert task in caught.value.message


@pytest.mark.parametrize("task", TASKS)
def test_models_for_task_start_with_the_baseline_and_cover_the_issue_list(task: str) -> None:
    keys = [spec.key for spec in models_for_task(task)]
    assert keys[0] == "baseline"
    for expected in ("knn", "decision_tree", "random_forest", "extra_trees", "mlp", "svm"):
        assert expected in keys


@pytest.mark.parametrize("key", list(MODELS))
def test_model_cards_are_complete(key: str) -> None:
    card = model_spec(key).card
    for text in (card.how, card.strengths, card.weaknesses, card.cost, card.when):
        assert len(text) > 10
    assert card.how.count(". ") >= 1  # two sentences


@pytest.mark.parametrize("key", [k for k, s in MODELS.items() if s.family in ("tree", "ensemble")])
def test_tree_models_do_not_ask_for_scaling(key: str) -> None:
    assert not model_spec(key).card.needs_scaling


def test_model_seed_reaches_random_estimators() -> None:
    a = model_spec("random_forest").build("binary", seed=7)
    assert a.get_params()["random_state"] == 7


def test_model_mlp_layers_and_units_become_hidden_layer_sizes() -> None:
    mlp = model_spec("mlp").build("regression", {"hidden_layers": 2, "hidden_units": 16}, seed=0)
    assert mlp.get_params()["hidden_layer_sizes"] == (16, 16)


def test_model_logistic_l1_ratio_switches_to_a_solver_that_supports_it() -> None:
    model = model_spec("logistic_regression").build("binary", {"l1_ratio": 1.0}, seed=0)
    assert model.get_params()["solver"] == "saga"


def test_model_whole_number_params_accept_integral_floats_and_refuse_fractions() -> None:
    spec = model_spec("knn")
    assert spec.build("binary", {"n_neighbors": 7.0}, seed=0).get_params()["n_neighbors"] == 7
    with pytest.raises(ModelError):
        spec.build("binary", {"n_neighbors": 7.5}, seed=0)
