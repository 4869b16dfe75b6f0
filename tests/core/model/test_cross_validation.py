"""The cross-validation engine: agreement with scikit-learn, failures, budgets, progress and
parallel fits."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

import core.model.cross_validation
from core.model import (
    Budget,
    FoldScore,
    ModelError,
    cross_validate_model,
    evaluate_candidates,
    scoring_for,
)
from tests.core.model.engine_data import engine_setup, sklearn_reference, stop_after_first_fit

# ---------------------------------------------------------------------------------------------
# cross_validate_model
# ---------------------------------------------------------------------------------------------


def test_cross_validate_model_scores_every_planned_fold() -> None:
    recipe, data, plan = engine_setup()

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
    recipe, data, plan = engine_setup(task, problem={"metric": metric})

    result = cross_validate_model(data, recipe, plan, algorithm=algorithm, params=params, n_jobs=1)

    test, train = sklearn_reference(data, recipe, plan, algorithm, params)
    np.testing.assert_allclose(result.test_scores, test, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose([f.train for f in result.folds], train, rtol=1e-10, atol=1e-12)
    assert result.mean == pytest.approx(float(np.mean(test)), rel=1e-12)


def test_cross_validate_model_uses_the_recipe_model_by_default() -> None:
    recipe, data, plan = engine_setup("regression")
    recipe = recipe.with_section(
        recipe.model.with_changes(algorithm="knn", params={"n_neighbors": 9})
    )

    result = cross_validate_model(data, recipe, plan, n_jobs=1)

    assert result.algorithm == "knn"
    assert dict(result.params) == {"n_neighbors": 9}
    test, _ = sklearn_reference(data, recipe, plan, "knn", {"n_neighbors": 9})
    np.testing.assert_allclose(result.test_scores, test)


def test_cross_validate_model_needs_an_algorithm() -> None:
    recipe, data, plan = engine_setup()

    with pytest.raises(ModelError, match="No algorithm is chosen"):
        cross_validate_model(data, recipe, plan, n_jobs=1)


def test_cross_validate_model_reports_a_failing_fit() -> None:
    recipe, data, plan = engine_setup(n=100, folds=4)  # 60 training rows per fold

    with pytest.raises(ModelError, match=r"could not be trained: Fold 1: .*n_neighbors"):
        cross_validate_model(
            data, recipe, plan, algorithm="knn", params={"n_neighbors": 100}, n_jobs=1
        )


def test_one_and_two_jobs_give_identical_scores() -> None:
    recipe, data, plan = engine_setup()
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
    recipe, data, plan = engine_setup(n=100, folds=4)
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
    test, _ = sklearn_reference(data, recipe, plan, "decision_tree", {"max_depth": 3})
    np.testing.assert_allclose(tree.result.test_scores, test)


def test_a_candidate_failing_in_one_fold_only_is_failed(monkeypatch) -> None:
    recipe, data, plan = engine_setup()
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


def test_a_stop_request_keeps_the_finished_folds() -> None:
    recipe, data, plan = engine_setup()

    result = cross_validate_model(
        data, recipe, plan, algorithm="ridge", budget=stop_after_first_fit(), n_jobs=1
    )

    assert result.stopped == "stopped"
    assert len(result.folds) == 1 < plan.n_splits
    assert not result.complete
    assert result.to_dict()["stopped"] == "stopped"
    test, _ = sklearn_reference(data, recipe, plan, "ridge")
    assert result.folds[0].test == pytest.approx(test[0])


def test_a_stop_request_marks_later_candidates_not_run() -> None:
    recipe, data, plan = engine_setup()
    configs = [("ridge", {}), ("decision_tree", {}), ("knn", {})]

    first, second, third = evaluate_candidates(
        data, recipe, plan, configs, budget=stop_after_first_fit(), n_jobs=1
    )

    assert first.status == "partial"
    assert first.result.stopped == "stopped"
    assert len(first.result.folds) == 1
    assert "Only 1 of" in first.note
    assert second.status == third.status == "not run"
    assert second.result is None
    assert second.error is None


def test_progress_is_reported_from_zero_to_one() -> None:
    recipe, data, plan = engine_setup()
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


def test_fold_scores_carry_their_timings() -> None:
    recipe, data, plan = engine_setup()

    result = cross_validate_model(data, recipe, plan, algorithm="ridge", n_jobs=1)

    assert all(isinstance(f, FoldScore) for f in result.folds)
    assert all(f.fit_seconds >= 0 and f.score_seconds >= 0 for f in result.folds)
    assert result.fit_seconds == pytest.approx(np.mean([f.fit_seconds for f in result.folds]))


@pytest.mark.parametrize(("n_jobs", "inner"), [(2, 1), (1, 1)])
def test_parallel_folds_get_single_threaded_models(monkeypatch, n_jobs, inner) -> None:
    # No nested oversubscription: a forest inside parallel folds must not fan out again.
    recipe, data, plan = engine_setup()
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
