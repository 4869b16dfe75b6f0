"""The cross-validation engine: scoring, agreement with scikit-learn, failures, budgets and the
quick comparison."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score, mean_squared_error
from sklearn.model_selection import cross_validate

import core.model.cross_validation
from core.model import (
    Budget,
    FoldPlan,
    FoldScore,
    ModelError,
    compare_models,
    cross_validate_model,
    evaluate_candidates,
    model_pipeline,
    plan_folds,
    scoring_for,
)
from core.prepare import TrainingData
from core.recipe import Recipe
from core.understand import recommend_metric
from tests.core.split_data import recipe_and_data

SEED = 11
N = 300


def _frame(task: str = "binary", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Three numbers (one informative, one curved) and a noisy target."""
    rng = np.random.default_rng(seed)
    x1, x2, x3 = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    signal = 2 * x1 + x2**2 + rng.normal(size=n)
    frame = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3})
    if task == "regression":
        frame["y"] = 10 * signal + 50
    elif task == "multiclass":
        frame["y"] = pd.array(
            np.select([signal < 0, signal < 2], ["low", "mid"], "high"), dtype="str"
        )
    else:
        frame["y"] = pd.array(np.where(signal > 1.5, "yes", "no"), dtype="str")
    return frame


def _setup(
    task: str = "binary", *, n: int = N, folds: int = 4, problem: dict | None = None
) -> tuple[Recipe, TrainingData, FoldPlan]:
    recipe, data = recipe_and_data(
        _frame(task, n), task=task, problem=problem, validation={"folds": folds}
    )
    return recipe, data, plan_folds(data, recipe)


def _reference(data, recipe, plan, algorithm, params=None):
    """scikit-learn's own cross_validate on the same pipeline, folds and scorer."""
    scoring = scoring_for(recipe, data.y_train)
    scores = cross_validate(
        model_pipeline(data, recipe, algorithm, params),
        data.X_train,
        data.y_train,
        cv=list(plan.splits),
        scoring=scoring.scorer,
        return_train_score=True,
        n_jobs=1,
    )
    test = np.array([scoring.natural(v) for v in scores["test_score"]])
    train = np.array([scoring.natural(v) for v in scores["train_score"]])
    return test, train


# ---------------------------------------------------------------------------------------------
# scoring_for
# ---------------------------------------------------------------------------------------------


def test_scoring_uses_the_recipe_metric() -> None:
    recipe, data, _ = _setup(problem={"metric": "mcc"})

    scoring = scoring_for(recipe, data.y_train)

    assert scoring.metric.key == "mcc"


@pytest.mark.parametrize(
    ("task", "metric"),
    [
        ("binary", None),
        ("binary", "rmse"),  # a metric of another task falls back too
        ("binary", "no_such_metric"),
        ("multiclass", None),
        ("regression", None),
        ("regression", "accuracy"),
    ],
)
def test_scoring_falls_back_to_the_recommended_metric(task, metric) -> None:
    recipe, data, _ = _setup(task, problem={"metric": metric})

    scoring = scoring_for(recipe, data.y_train)

    assert scoring.metric.key == recommend_metric(data.y_train, task).metric
    assert task in scoring.metric.tasks


def _fitted(data, recipe, algorithm="logistic_regression"):
    return clone(model_pipeline(data, recipe, algorithm)).fit(data.X_train, data.y_train)


def test_scoring_finds_a_text_positive_class() -> None:
    recipe, data, _ = _setup(problem={"metric": "f1", "positive_class": "no"})
    model = _fitted(data, recipe)

    scoring = scoring_for(recipe, data.y_train)

    assert scoring.positive_class == "no"
    predicted = model.predict(data.X_test)
    expected = f1_score(data.y_test, predicted, pos_label="no")
    assert scoring.scorer(model, data.X_test, data.y_test) == pytest.approx(expected)
    assert expected != pytest.approx(f1_score(data.y_test, predicted, pos_label="yes"))


@pytest.mark.parametrize(
    ("labels", "positive", "read_as"),
    [
        pytest.param((0, 1), 1, True, id="0/1 read as yes/no"),
        pytest.param((3.0, 5.0), 5, 5.0, id="whole-number floats"),
    ],
)
def test_scoring_finds_a_numeric_positive_class(labels, positive, read_as) -> None:
    frame = _frame()
    frame["y"] = np.where(frame["y"] == "yes", labels[1], labels[0])
    recipe, data = recipe_and_data(
        frame, task="binary", problem={"metric": "recall", "positive_class": positive}
    )
    model = _fitted(data, recipe)

    scoring = scoring_for(recipe, data.y_train)

    # The label as the data spells it (a recipe's 1 finds True, its 5 finds 5.0).
    assert scoring.positive_class == read_as
    assert type(scoring.positive_class) is type(data.y_train.to_numpy()[0])
    predicted = model.predict(data.X_test)
    truth = data.y_test.to_numpy()
    expected = ((predicted == read_as) & (truth == read_as)).sum() / (truth == read_as).sum()
    assert 0 < expected < 1
    assert scoring.scorer(model, data.X_test, data.y_test) == pytest.approx(expected)


def test_scoring_defaults_the_positive_class_like_the_app() -> None:
    recipe, data, _ = _setup(problem={"metric": "precision"})

    assert scoring_for(recipe, data.y_train).positive_class == "yes"


def test_error_metrics_are_positive_in_natural_units() -> None:
    recipe, data, plan = _setup("regression", problem={"metric": "rmse"})
    model = _fitted(data, recipe, "ridge")

    scoring = scoring_for(recipe, data.y_train)
    raw = scoring.scorer(model, data.X_test, data.y_test)

    expected = np.sqrt(mean_squared_error(data.y_test, model.predict(data.X_test)))
    assert raw == pytest.approx(-expected)
    assert expected > 0
    assert scoring.natural(raw) == pytest.approx(expected)
    result = cross_validate_model(data, recipe, plan, algorithm="ridge", n_jobs=1)
    assert (result.test_scores > 0).all()
    assert not result.higher_is_better


# ---------------------------------------------------------------------------------------------
# cross_validate_model
# ---------------------------------------------------------------------------------------------


def test_cross_validate_model_scores_every_planned_fold() -> None:
    recipe, data, plan = _setup()

    result = cross_validate_model(data, recipe, plan, algorithm="decision_tree", n_jobs=1)

    assert result.planned == plan.n_splits == len(result.folds) == 4
    assert result.complete
    assert result.stopped is None
    assert [f.fold for f in result.folds] == [0, 1, 2, 3]
    assert result.mean == pytest.approx(np.mean([f.test for f in result.folds]))
    assert result.std == pytest.approx(np.std(result.test_scores))
    assert all(f.train is not None for f in result.folds)
    assert result.train_mean == pytest.approx(np.mean([f.train for f in result.folds]))
    assert result.plan_fingerprint == plan.fingerprint
    assert result.metric == scoring_for(recipe, data.y_train).metric.key
    summary = result.to_dict()
    assert summary["folds"] == list(result.test_scores)
    assert summary["complete"] is True


@pytest.mark.parametrize(
    ("task", "metric", "algorithm", "params"),
    [
        ("binary", "f1", "logistic_regression", {"C": 0.3}),
        ("multiclass", "f1_macro", "random_forest", {"n_estimators": 20}),
        ("regression", "rmse", "ridge", {"alpha": 3.0}),
        ("regression", "mae", "knn", {}),
    ],
)
def test_cross_validate_model_equals_sklearn_cross_validate(task, metric, algorithm, params):
    recipe, data, plan = _setup(task, problem={"metric": metric})

    result = cross_validate_model(data, recipe, plan, algorithm=algorithm, params=params, n_jobs=1)

    test, train = _reference(data, recipe, plan, algorithm, params)
    np.testing.assert_allclose(result.test_scores, test, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose([f.train for f in result.folds], train, rtol=1e-10, atol=1e-12)
    assert result.mean == pytest.approx(float(np.mean(test)), rel=1e-12)


def test_cross_validate_model_uses_the_recipe_model_by_default() -> None:
    recipe, data, plan = _setup("regression")
    recipe = recipe.with_section(
        recipe.model.with_changes(algorithm="knn", params={"n_neighbors": 9})
    )

    result = cross_validate_model(data, recipe, plan, n_jobs=1)

    assert result.algorithm == "knn"
    assert dict(result.params) == {"n_neighbors": 9}
    test, _ = _reference(data, recipe, plan, "knn", {"n_neighbors": 9})
    np.testing.assert_allclose(result.test_scores, test)


def test_cross_validate_model_needs_an_algorithm() -> None:
    recipe, data, plan = _setup()

    with pytest.raises(ModelError, match="No algorithm is chosen"):
        cross_validate_model(data, recipe, plan, n_jobs=1)


def test_cross_validate_model_reports_a_failing_fit() -> None:
    recipe, data, plan = _setup(n=100, folds=4)  # 60 training rows per fold

    with pytest.raises(ModelError, match=r"could not be trained: Fold 1: .*n_neighbors"):
        cross_validate_model(
            data, recipe, plan, algorithm="knn", params={"n_neighbors": 100}, n_jobs=1
        )


def test_one_and_two_jobs_give_identical_scores() -> None:
    recipe, data, plan = _setup()
    configs = [("decision_tree", {"max_depth": 4}), ("logistic_regression", {})]

    one = evaluate_candidates(data, recipe, plan, configs, n_jobs=1)
    two = evaluate_candidates(data, recipe, plan, configs, n_jobs=2)

    for a, b in zip(one, two, strict=True):
        assert a.status == b.status == "scored"
        assert [f.fold for f in a.result.folds] == [f.fold for f in b.result.folds]
        np.testing.assert_array_equal(a.result.test_scores, b.result.test_scores)
        assert [f.train for f in a.result.folds] == [f.train for f in b.result.folds]


# ---------------------------------------------------------------------------------------------
# evaluate_candidates: failures and budgets
# ---------------------------------------------------------------------------------------------


def test_failing_candidates_are_reported_while_the_others_are_scored() -> None:
    recipe, data, plan = _setup(n=100, folds=4)
    configs = [
        ("knn", {"n_neighbors": 0}),  # the registry refuses the value
        ("decision_tree", {"max_depth": 3}),
        ("knn", {"n_neighbors": 100}),  # accepted, but a fold has fewer rows than neighbours
        ("no_such_algorithm", {}),
        ("logistic_regression", {}),
    ]

    evaluations = evaluate_candidates(data, recipe, plan, configs, n_jobs=1)

    assert [e.status for e in evaluations] == ["failed", "scored", "failed", "failed", "scored"]
    refused, tree, fit_failure, unknown, logistic = evaluations
    assert "'n_neighbors' cannot be 0" in refused.error
    assert refused.result is None
    assert fit_failure.error.startswith("Fold ")
    assert "n_neighbors" in fit_failure.error
    assert "no algorithm called 'no_such_algorithm'" in unknown.error
    for scored in (tree, logistic):
        assert scored.error is None
        assert scored.result.complete
    test, _ = _reference(data, recipe, plan, "decision_tree", {"max_depth": 3})
    np.testing.assert_allclose(tree.result.test_scores, test)


def test_a_candidate_failing_in_one_fold_only_is_failed(monkeypatch) -> None:
    recipe, data, plan = _setup()
    real = core.model.cross_validation._fit_and_score

    def flaky(pipeline, X, y, train, test, scorer, sign, return_train, candidate, fold):
        if candidate == 0 and fold == 2:
            broken = clone(pipeline).set_params(model__max_depth=-1)  # invalid at fit time
            return real(broken, X, y, train, test, scorer, sign, return_train, 0, 2)
        return real(pipeline, X, y, train, test, scorer, sign, return_train, candidate, fold)

    monkeypatch.setattr(core.model.cross_validation, "_fit_and_score", flaky)
    configs = [("decision_tree", {}), ("ridge", {})]

    tree, ridge = evaluate_candidates(data, recipe, plan, configs, n_jobs=1)

    assert tree.status == "failed"
    assert tree.error.startswith("Fold 3: ")
    assert "max_depth" in tree.error
    assert ridge.status == "scored"
    assert ridge.result.complete


def _stop_after_first_fit() -> Budget:
    reports: list[float] = []
    return Budget(
        should_stop=lambda: len(reports) >= 2,  # the start report, then one per finished fit
        progress=lambda fraction, message: reports.append(fraction),
    )


def test_a_stop_request_keeps_the_finished_folds() -> None:
    recipe, data, plan = _setup()

    result = cross_validate_model(
        data, recipe, plan, algorithm="ridge", budget=_stop_after_first_fit(), n_jobs=1
    )

    assert result.stopped == "stopped"
    assert len(result.folds) == 1 < plan.n_splits
    assert not result.complete
    assert result.to_dict()["stopped"] == "stopped"
    test, _ = _reference(data, recipe, plan, "ridge")
    assert result.folds[0].test == pytest.approx(test[0])


def test_a_stop_request_marks_later_candidates_not_run() -> None:
    recipe, data, plan = _setup()
    configs = [("ridge", {}), ("decision_tree", {}), ("knn", {})]

    first, second, third = evaluate_candidates(
        data, recipe, plan, configs, budget=_stop_after_first_fit(), n_jobs=1
    )

    assert first.status == "partial"
    assert first.result.stopped == "stopped"
    assert len(first.result.folds) == 1
    assert "Only 1 of" in first.note
    assert second.status == third.status == "not run"
    assert second.result is None
    assert second.error is None


def test_progress_is_reported_from_zero_to_one() -> None:
    recipe, data, plan = _setup()
    seen: list[tuple[float, str]] = []

    evaluate_candidates(
        data,
        recipe,
        plan,
        [("ridge", {}), ("knn", {})],
        budget=Budget(progress=lambda fraction, message: seen.append((fraction, message))),
        n_jobs=1,
    )

    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert len(seen) == 1 + 2 * plan.n_splits
    assert seen[-1][1] == "Cross-validating: 8 of 8 fits"


# ---------------------------------------------------------------------------------------------
# compare_models
# ---------------------------------------------------------------------------------------------


def _scored(board):
    return [row for row in board.rows if row.status == "scored"]


def test_compare_models_always_includes_the_baseline_and_ranks_best_first() -> None:
    recipe, data, plan = _setup(problem={"metric": "accuracy"})

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
    recipe, data, plan = _setup("regression", problem={"metric": "rmse"})

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
    test, _ = _reference(data, recipe, plan, "ridge")
    ridge = next(row for row in scored if row.algorithm == "ridge")
    assert ridge.result.mean == pytest.approx(np.mean(test))


def test_compare_models_skips_an_algorithm_past_its_row_limit(monkeypatch) -> None:
    recipe, data, plan = _setup()
    real = core.model.cross_validation.model_spec

    def small_knn(key):
        spec = real(key)
        return dataclasses.replace(spec, max_rows=50) if key == "knn" else spec

    monkeypatch.setattr(core.model.cross_validation, "model_spec", small_knn)

    board = compare_models(data, recipe, plan, algorithms=["knn", "ridge"], n_jobs=1)

    statuses = {row.algorithm: row.status for row in board.rows}
    assert statuses == {"baseline": "scored", "ridge": "scored", "knn": "skipped"}
    knn = board.rows[-1]
    assert knn.algorithm == "knn"
    assert knn.result is None
    assert f"{len(data.X_train):,} training rows are too many" in knn.note
    assert "over 50" in knn.note


def test_compare_models_abandons_an_algorithm_projected_past_the_budget(monkeypatch) -> None:
    recipe, data, plan = _setup()
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
    recipe, data, plan = _setup()

    board = compare_models(
        data,
        recipe,
        plan,
        algorithms=["ridge", "knn"],
        budget=_stop_after_first_fit(),
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
    recipe, data, plan = _setup(problem={"metric": "log_loss"})

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


def test_fold_scores_carry_their_timings() -> None:
    recipe, data, plan = _setup()

    result = cross_validate_model(data, recipe, plan, algorithm="ridge", n_jobs=1)

    assert all(isinstance(f, FoldScore) for f in result.folds)
    assert all(f.fit_seconds >= 0 and f.score_seconds >= 0 for f in result.folds)
    assert result.fit_seconds == pytest.approx(np.mean([f.fit_seconds for f in result.folds]))


@pytest.mark.parametrize(("n_jobs", "inner"), [(2, 1), (1, 1)])
def test_parallel_folds_get_single_threaded_models(monkeypatch, n_jobs, inner) -> None:
    # No nested oversubscription: a forest inside parallel folds must not fan out again.
    recipe, data, plan = _setup()
    seen = []
    real = core.model.cross_validation.model_pipeline

    def spy(*args, **kwargs):
        seen.append(kwargs["n_jobs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(core.model.cross_validation, "model_pipeline", spy)
    (evaluation,) = evaluate_candidates(
        data, recipe, plan, [("random_forest", {"n_estimators": 10})], n_jobs=n_jobs
    )
    assert evaluation.result is not None
    assert seen == [inner]


def test_compare_runs_the_baseline_first_then_cheap_algorithms(monkeypatch) -> None:
    recipe, data, plan = _setup()
    order = []
    real = core.model.cross_validation.evaluate_candidates

    def spy(data, recipe, plan, configs, **kwargs):
        order.extend(key for key, _ in configs)
        return real(data, recipe, plan, configs, **kwargs)

    monkeypatch.setattr(core.model.cross_validation, "evaluate_candidates", spy)
    compare_models(
        data, recipe, plan, algorithms=["svm", "random_forest", "logistic_regression"], n_jobs=1
    )
    assert order == ["baseline", "logistic_regression", "random_forest", "svm"]
