"""The quick comparison: the baseline always included, ranking, row limits, budget projections,
stops, and metrics a model cannot give."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import core.model.comparison
import core.model.cross_validation
from core.model import Budget, compare_models
from tests.core.model.engine_data import engine_setup, sklearn_reference, stop_after_first_fit


def _scored(board):
    return [row for row in board.rows if row.status == "scored"]


def test_compare_models_always_includes_the_baseline_and_ranks_best_first() -> None:
    recipe, data, plan = engine_setup(problem={"metric": "accuracy"})

    board = compare_models(
        data, recipe, plan, algorithms=["decision_tree", "logistic_regression", "knn"], n_jobs=1
    )

    keys = {row.algorithm for row in board.rows}
    assert keys == {"baseline", "decision_tree", "logistic_regression", "knn"}
    assert board.baseline is not None
    means = [row.result.mean for row in _scored(board)]
    assert len(means) == 4
    assert means == sorted(means, reverse=True)
    real = [row for row in _scored(board) if row.algorithm != "baseline"]
    assert board.best == real[0]
    assert board.best.result.mean == max(row.result.mean for row in real)
    # The baseline predicts the majority class: its accuracy is that class's share per fold.
    y = data.y_train.to_numpy()
    majority = [pd.Series(y[train]).mode()[0] for train, _ in plan.splits]
    expected = [np.mean(y[test] == m) for (_, test), m in zip(plan.splits, majority, strict=True)]
    np.testing.assert_allclose(board.baseline.test_scores, expected)
    assert board.plan_fingerprint == plan.fingerprint
    table = board.frame()
    assert table["rank"].tolist() == [1, 2, 3, 4]


def test_compare_models_orders_error_metrics_lowest_first() -> None:
    recipe, data, plan = engine_setup("regression", problem={"metric": "rmse"})

    board = compare_models(
        data, recipe, plan, algorithms=["ridge", "decision_tree", "knn"], n_jobs=1
    )

    scored = _scored(board)
    means = [row.result.mean for row in scored]
    assert len(means) == 4
    assert all(m > 0 for m in means)
    assert means == sorted(means)
    assert scored[-1].algorithm == "baseline"  # the mean is the worst guess here
    assert board.metric == "rmse"
    test, _ = sklearn_reference(data, recipe, plan, "ridge")
    ridge = next(row for row in scored if row.algorithm == "ridge")
    assert ridge.result.mean == pytest.approx(np.mean(test))


def test_compare_models_skips_an_algorithm_past_its_row_limit(monkeypatch) -> None:
    recipe, data, plan = engine_setup()
    real = core.model.comparison.model_spec

    def small_knn(key):
        spec = real(key)
        return dataclasses.replace(spec, max_rows=50) if key == "knn" else spec

    monkeypatch.setattr(core.model.comparison, "model_spec", small_knn)

    board = compare_models(data, recipe, plan, algorithms=["knn", "ridge"], n_jobs=1)

    statuses = {row.algorithm: row.status for row in board.rows}
    assert statuses == {"baseline": "scored", "ridge": "scored", "knn": "skipped"}
    knn = board.rows[-1]
    assert knn.algorithm == "knn"
    assert knn.result is None
    assert f"{len(data.X_train):,} training rows are too many" in knn.note
    assert "over 50" in knn.note


def test_compare_models_abandons_an_algorithm_projected_past_the_budget(monkeypatch) -> None:
    recipe, data, plan = engine_setup()
    real = core.model.cross_validation._fit_and_score
    fitted: list[str] = []

    def slow_tree(pipeline, *args):
        outcome = real(pipeline, *args)
        name = type(pipeline.steps[-1][1]).__name__
        fitted.append(name)
        if name == "DecisionTreeClassifier":  # pretend each fold took 100 s
            score = dataclasses.replace(outcome.score, fit_seconds=100.0)
            return dataclasses.replace(outcome, score=score)
        return outcome

    monkeypatch.setattr(core.model.cross_validation, "_fit_and_score", slow_tree)

    board = compare_models(
        data,
        recipe,
        plan,
        algorithms=["decision_tree", "ridge"],
        budget=Budget(seconds=300),
        n_jobs=1,
    )

    statuses = {row.algorithm: row.status for row in board.rows}
    assert statuses == {"baseline": "scored", "decision_tree": "skipped", "ridge": "scored"}
    tree = next(row for row in board.rows if row.algorithm == "decision_tree")
    assert "one fold took 100.0 s" in tree.note
    assert "400 s" in tree.note  # 4 folds, one at a time
    assert fitted.count("DecisionTreeClassifier") == 1  # the other folds never ran
    assert fitted.count("RidgeClassifier") == plan.n_splits
    assert board.stopped is None


def test_compare_models_marks_the_rest_not_run_after_a_stop() -> None:
    recipe, data, plan = engine_setup()

    board = compare_models(
        data,
        recipe,
        plan,
        algorithms=["ridge", "knn"],
        budget=stop_after_first_fit(),
        n_jobs=1,
    )

    assert board.stopped == "stopped"
    statuses = [row.status for row in board.rows]
    assert statuses == ["partial", "not run", "not run"]
    assert board.rows[0].algorithm == "baseline"
    assert len(board.rows[0].result.folds) == 1
    assert board.best is None  # a partly scored algorithm is never offered as the best
    assert all("Not run" in row.note for row in board.rows[1:])


def test_log_loss_with_a_model_without_probabilities_fails_with_a_reason() -> None:
    recipe, data, plan = engine_setup(problem={"metric": "log_loss"})

    board = compare_models(
        data, recipe, plan, algorithms=["linear_svm", "logistic_regression"], n_jobs=1
    )

    statuses = {row.algorithm: row.status for row in board.rows}
    assert statuses == {
        "baseline": "scored",
        "logistic_regression": "scored",
        "linear_svm": "failed",
    }
    failed = board.rows[-1]
    assert failed.algorithm == "linear_svm"
    assert "gives no probabilities" in failed.note
    assert "Log loss" in failed.note
    means = [row.result.mean for row in _scored(board)]
    assert means == sorted(means)  # log loss: lower is better
    assert all(m > 0 for m in means)


def test_compare_runs_the_baseline_first_then_cheap_algorithms(monkeypatch) -> None:
    recipe, data, plan = engine_setup()
    order = []
    real = core.model.comparison.evaluate_candidates

    def spy(data, recipe, plan, configs, **kwargs):
        order.extend(key for key, _ in configs)
        return real(data, recipe, plan, configs, **kwargs)

    monkeypatch.setattr(core.model.comparison, "evaluate_candidates", spy)
    compare_models(
        data, recipe, plan, algorithms=["svm", "random_forest", "logistic_regression"], n_jobs=1
    )
    assert order == ["baseline", "logistic_regression", "random_forest", "svm"]
