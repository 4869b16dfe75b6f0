"""Hyperparameter search: spaces, candidates, grid/random/halving runs and the comparison with
the current setting."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.model_selection import ParameterGrid

import core.model.cross_validation
from core.evaluate import search_chart
from core.model import (
    MAX_CANDIDATES,
    MODELS,
    Budget,
    CVResult,
    Evaluation,
    FoldScore,
    ModelError,
    SearchError,
    SearchRow,
    check_space,
    compare_with_current,
    cross_validate_model,
    default_space,
    model_spec,
    run_search,
    search_candidates,
)
from core.recipe import ModelSection, TuningSection
from tests.core.model.search_data import SEED, search_setup

ALGORITHMS = sorted(MODELS)
SEARCHABLE = [key for key in ALGORITHMS if default_space(MODELS[key])]


@pytest.fixture(autouse=True)
def _one_job(monkeypatch):
    """Searches run in this process: fast to start, and monkeypatched helpers are seen."""
    monkeypatch.setenv("MODELPATH_MAX_JOBS", "1")


def _in_space(value, rng: dict) -> bool:
    if "values" in rng:
        return value in rng["values"]
    return rng["low"] <= value <= rng["high"]


# ---------------------------------------------------------------------------------------------
# Spaces and candidates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_default_space_passes_its_own_check(algorithm) -> None:
    spec = MODELS[algorithm]
    space = default_space(spec)

    if not spec.params:
        assert space == {}
        with pytest.raises(SearchError, match="nothing to search"):
            check_space(spec, space)
        return
    checked = check_space(spec, space)
    assert set(checked) == set(space)
    assert "n_estimators" not in checked
    assert "max_iter" not in checked
    for name, rng in checked.items():
        param = spec.param(name)
        if "values" in rng:
            assert all(param.check(v, algorithm=spec.label) == v for v in rng["values"])
        else:
            assert (rng["low"], rng["high"]) == (param.low, param.high)


def _accepted_by_every_task(algorithm: str, candidates: list[dict]) -> None:
    spec = MODELS[algorithm]
    for task in spec.tasks:
        for candidate in candidates:
            estimator = spec.build(task, candidate, seed=SEED)
            estimator._validate_params()  # scikit-learn's own parameter constraints


@pytest.mark.parametrize("algorithm", SEARCHABLE)
def test_every_grid_candidate_builds_for_every_task(algorithm) -> None:
    spec = MODELS[algorithm]
    space = default_space(spec)

    candidates = search_candidates(
        spec, space, method="grid", n_candidates=10, grid_points=3, seed=SEED
    )

    assert 1 <= len(candidates) <= MAX_CANDIDATES
    assert len({tuple(sorted(c.items(), key=str)) for c in candidates}) == len(candidates)
    for candidate in candidates:
        assert set(candidate) == set(space)
        assert all(_in_space(v, space[k]) for k, v in candidate.items())
    _accepted_by_every_task(algorithm, candidates)


@pytest.mark.parametrize("algorithm", SEARCHABLE)
def test_every_random_candidate_builds_for_every_task(algorithm) -> None:
    spec = MODELS[algorithm]
    space = default_space(spec)

    candidates = search_candidates(
        spec, space, method="random", n_candidates=25, grid_points=4, seed=SEED
    )

    finite = math.prod(len(r["values"]) if "values" in r else math.inf for r in space.values())
    assert len(candidates) == min(25, finite)
    for candidate in candidates:
        assert set(candidate) == set(space)
        assert all(_in_space(v, space[k]) for k, v in candidate.items())
    _accepted_by_every_task(algorithm, candidates)


def test_grid_crosses_log_points_with_listed_values() -> None:
    spec = model_spec("logistic_regression")
    space = {"C": {"low": 0.01, "high": 100, "log": True}, "l1_ratio": {"values": [0.0, 0.5, 1.0]}}

    candidates = search_candidates(
        spec, space, method="grid", n_candidates=1, grid_points=5, seed=SEED
    )

    c_values = [float(f"{v:.4g}") for v in np.geomspace(0.01, 100, 5)]
    assert c_values == [0.01, 0.1, 1.0, 10.0, 100.0]
    expected = list(ParameterGrid({"C": c_values, "l1_ratio": [0.0, 0.5, 1.0]}))
    assert len(candidates) == 5 * 3
    assert candidates == expected


def test_grid_of_a_linear_range_is_evenly_spaced() -> None:
    spec = model_spec("elastic_net")

    candidates = search_candidates(
        spec,
        {"l1_ratio": {"low": 0.2, "high": 0.8}},
        method="grid",
        n_candidates=1,
        grid_points=4,
        seed=SEED,
    )

    np.testing.assert_allclose([c["l1_ratio"] for c in candidates], [0.2, 0.4, 0.6, 0.8])


def test_a_grid_past_the_limit_is_refused_with_its_size() -> None:
    spec = model_spec("logistic_regression")
    space = {
        "C": {"values": [round(0.01 * (i + 1), 2) for i in range(30)]},
        "l1_ratio": {"values": [round(0.05 * i, 2) for i in range(20)]},
    }
    assert MAX_CANDIDATES < 30 * 20

    with pytest.raises(SearchError, match=r"The grid has 600 candidates \(30 C × 20 l1_ratio\)"):
        search_candidates(spec, space, method="grid", n_candidates=1, grid_points=2, seed=SEED)


def test_random_search_is_deterministic_for_a_seed_and_draws_log_ranges_in_range() -> None:
    spec = model_spec("logistic_regression")
    space = {"C": {"low": 0.01, "high": 100, "log": True}, "l1_ratio": {"low": 0.0, "high": 1.0}}

    def draw(seed):
        return search_candidates(
            spec, space, method="random", n_candidates=200, grid_points=4, seed=seed
        )

    first, again, other = draw(SEED), draw(SEED), draw(SEED + 1)

    assert first == again
    assert first != other
    assert len(first) == 200
    c = np.array([cand["C"] for cand in first])
    ratio = np.array([cand["l1_ratio"] for cand in first])
    assert ((c >= 0.01) & (c <= 100)).all()
    assert ((ratio >= 0) & (ratio <= 1)).all()
    # Log-uniform: about as many draws in each decade (a uniform draw would put 99% above 1).
    decades = np.histogram(np.log10(c), bins=[-2, -1, 0, 1, 2])[0]
    assert decades.min() >= 30
    # The linear range is uniform: about half below its middle.
    assert 70 <= (ratio < 0.5).sum() <= 130


def test_random_search_draws_wide_integer_ranges_log_uniformly() -> None:
    spec = model_spec("knn")

    candidates = search_candidates(
        spec,
        {"n_neighbors": {"low": 1, "high": 100}},
        method="random",
        n_candidates=200,
        grid_points=4,
        seed=SEED,
    )

    values = np.array([c["n_neighbors"] for c in candidates])
    assert values.dtype.kind == "i"
    assert values.min() >= 1
    assert values.max() <= 100
    assert (values <= 10).sum() >= 70  # uniform would give about 20 of 200


def test_random_search_of_a_small_finite_space_tries_each_setting_once() -> None:
    spec = model_spec("knn")
    space = {"n_neighbors": {"values": [3, 5, 7]}, "weights": {"values": ["uniform", "distance"]}}

    candidates = search_candidates(
        spec, space, method="random", n_candidates=50, grid_points=4, seed=SEED
    )

    assert len(candidates) == 6
    grid = ParameterGrid({name: rng["values"] for name, rng in space.items()})
    assert {tuple(sorted(c.items())) for c in candidates} == {
        tuple(sorted(c.items())) for c in grid
    }


@pytest.mark.parametrize(
    ("space", "match"),
    [
        ({"gamma": {"values": [1.0]}}, "has no hyperparameter 'gamma'"),
        ({"C": {"low": 0.0001, "high": 10}}, "'C' cannot be 0.0001"),
        ({"C": {"low": 1, "high": 1e6}}, "'C' cannot be 1000000"),
        ({"C": {"values": [1.0, -1.0]}}, "'C' cannot be -1.0"),
        ({"C": {"low": 10, "high": 1}}, "runs from 10.0 down to 1.0"),
    ],
)
def test_check_space_rejects_unknown_names_and_out_of_range_bounds(space, match) -> None:
    with pytest.raises(ModelError, match=match):
        check_space(model_spec("logistic_regression"), space)


def test_check_space_rejects_a_range_over_choices() -> None:
    with pytest.raises(ModelError, match="takes choices, not a low–high range"):
        check_space(model_spec("knn"), {"weights": {"low": "uniform", "high": "distance"}})


def test_check_space_deduplicates_values_and_keeps_log_on_positive_ranges_only() -> None:
    checked = check_space(
        model_spec("elastic_net"),
        {"alpha": {"values": [1, 1.0, 2]}, "l1_ratio": {"low": 0, "high": 1, "log": True}},
    )

    assert checked["alpha"] == {"values": [1.0, 2.0]}
    assert checked["l1_ratio"] == {"low": 0.0, "high": 1.0, "log": False}


# ---------------------------------------------------------------------------------------------
# run_search
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["grid", "random", "halving"])
def test_run_search_finds_a_best_in_the_space_and_keeps_fixed_params(method) -> None:
    space = {"n_neighbors": {"low": 2, "high": 40}}
    recipe, data, plan = search_setup(
        "knn",
        params={"weights": "distance", "n_neighbors": 5},
        tuning={"method": method, "space": space, "n_candidates": 6, "grid_points": 4},
    )

    result = run_search(data, recipe, plan)

    assert (result.algorithm, result.method, result.metric) == ("knn", method, "rmse")
    assert dict(result.fixed) == {"weights": "distance"}
    assert result.searched == ("n_neighbors",)
    assert result.best is not None
    assert 2 <= result.best.values["n_neighbors"] <= 40
    assert result.best_params() == {"weights": "distance", **result.best.values}
    assert result.stopped is None
    assert result.plan_fingerprint == plan.fingerprint
    # The best is the lowest CV error among the fully cross-validated candidates of the last
    # rung, and its score is what cross-validating its parameters gives.
    final = max(row.rung for row in result.rows)
    finalists = [r for r in result.rows if r.rung == final and r.evaluation.result is not None]
    assert result.best.evaluation.result.mean == min(r.evaluation.result.mean for r in finalists)
    again = cross_validate_model(
        data, recipe, plan, algorithm="knn", params=result.best_params(), n_jobs=1
    )
    assert again.mean == pytest.approx(result.best.evaluation.result.mean)
    table = result.frame()
    extra = result.current not in result.rows
    assert len(table) == len(result.rows) + extra
    assert "RMSE (CV mean)" in table.columns


def test_grid_run_tries_every_grid_point() -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        tuning={
            "method": "grid",
            "space": {
                "max_depth": {"values": [2, 4, None]},
                "min_samples_leaf": {"values": [1, 5]},
            },
        },
    )

    result = run_search(data, recipe, plan)

    assert len(result.rows) == 6
    assert all(row.evaluation.status == "scored" for row in result.rows)
    assert all(row.n_rows == len(data.X_train) for row in result.rows)
    means = {
        (r.values["max_depth"], r.values["min_samples_leaf"]): r.evaluation.result.mean
        for r in result.rows
    }
    best = min(means, key=means.get)
    assert (result.best.values["max_depth"], result.best.values["min_samples_leaf"]) == best


def test_run_search_uses_the_default_space_when_none_is_given() -> None:
    recipe, data, plan = search_setup("ridge", tuning={"method": "grid", "grid_points": 3})

    result = run_search(data, recipe, plan)

    assert [row.values["alpha"] for row in result.rows] == [0.0001, 0.3162, 1000.0]


def test_run_search_needs_a_method_and_an_algorithm() -> None:
    recipe, data, plan = search_setup("ridge")
    with pytest.raises(SearchError, match="No search method is chosen"):
        run_search(data, recipe, plan)

    recipe = recipe.with_section(ModelSection()).with_section(TuningSection(method="random"))
    with pytest.raises(ModelError, match="No algorithm is chosen"):
        run_search(data, recipe, plan)


def test_a_search_goes_on_past_failing_candidates_and_notes_them() -> None:
    # k-NN cannot use more neighbours than a training fold has rows (here 80).
    recipe, data, plan = search_setup(
        "knn",
        n=150,
        tuning={"method": "grid", "space": {"n_neighbors": {"values": [3, 10, 90, 100]}}},
    )
    assert all(len(train) < 90 for train, _ in plan.splits)

    result = run_search(data, recipe, plan)

    statuses = {row.values["n_neighbors"]: row.evaluation.status for row in result.rows}
    assert statuses == {3: "scored", 10: "scored", 90: "failed", 100: "failed"}
    assert result.best.values["n_neighbors"] in (3, 10)
    assert result.notes == (
        "2 of 4 candidates failed and were skipped; their reasons are in the table.",
    )
    failed = next(r for r in result.rows if r.values["n_neighbors"] == 90)
    assert "n_neighbors" in failed.evaluation.error
    assert result.frame().set_index("n_neighbors").loc[90, "note"] == failed.evaluation.error


def test_a_search_fails_when_every_candidate_fails(monkeypatch) -> None:
    recipe, data, plan = search_setup(
        "knn",
        n=150,
        params={"n_neighbors": 90},  # the current setting is a candidate: it fails too
        tuning={"method": "random", "space": {"n_neighbors": {"values": [90, 95, 100]}}},
    )
    real = core.model.cross_validation._fit_and_score
    reasons: list[str] = []

    def recorded(*args):
        outcome = real(*args)
        reasons.append(outcome.error)
        return outcome

    monkeypatch.setattr(core.model.cross_validation, "_fit_and_score", recorded)

    with pytest.raises(
        SearchError, match=r"All 3 candidates failed\. The first reason: "
    ) as caught:
        run_search(data, recipe, plan)

    assert reasons
    assert all(r is not None for r in reasons)
    assert f"Fold 1: {reasons[0]}" in caught.value.message
    assert "n_neighbors" in caught.value.message


def test_halving_gives_the_last_rung_every_row_and_fewer_candidates_each_rung(
    monkeypatch,
) -> None:
    # 900 training rows, 3 folds: rungs of 100, 300 and 900 rows for 9, 3 and 1 candidates.
    recipe, data, plan = search_setup(
        "decision_tree",
        n=1125,
        tuning={
            "method": "halving",
            "n_candidates": 9,
            "space": {
                "max_depth": {"low": 1, "high": 12},
                "min_samples_leaf": {"low": 1, "high": 30},
            },
        },
    )
    assert len(data.X_train) == 900
    real = core.model.cross_validation._fit_and_score
    fits: list[tuple[int, int]] = []

    def counted(pipeline, X, y, train, test, *rest):
        fits.append((len(train), len(test)))
        return real(pipeline, X, y, train, test, *rest)

    monkeypatch.setattr(core.model.cross_validation, "_fit_and_score", counted)

    result = run_search(data, recipe, plan)

    rungs = [row.rung for row in result.rows]
    per_rung = [rungs.count(r) for r in range(3)]
    assert len(result.rows) == 9  # every candidate, at its last rung
    # Each rung has a third of the candidates of the one before (9 → 3 → 1).
    reached = [sum(1 for r in rungs if r >= k) for k in range(3)]
    assert reached == [9, 3, 1]
    assert per_rung == [6, 2, 1]
    assert [row.n_rows for row in result.rows if row.rung == 2] == [900]
    assert result.best.rung == 2
    assert result.best.n_rows == len(data.X_train)
    # Validation rows never change; training rows grow by the factor up to every row.
    full_train = [len(train) for train, _ in plan.splits]
    # The current setting is scored first, on every training row, then the rungs run.
    k = plan.n_splits
    assert len(fits) == (1 + 9 + 3 + 1) * k
    assert all(n_test == len(plan.splits[0][1]) for _, n_test in fits)
    assert [n_train for n_train, _ in fits[:k]] == full_train
    assert result.current.n_rows == len(data.X_train)
    assert result.current.rung == 2
    last = [n_train for n_train, _ in fits[-k:]]
    assert last == full_train
    first_rung = [n_train for n_train, _ in fits[k : 10 * k]]
    second_rung = [n_train for n_train, _ in fits[10 * k : 13 * k]]
    assert min(first_rung) > 0
    assert max(first_rung) <= 100
    assert max(first_rung) < min(second_rung)
    assert max(second_rung) <= 300


def _stop_after(fits: int) -> Budget:
    seen = []

    def progress(fraction, message):
        seen.append(fraction)

    return Budget(should_stop=lambda: len(seen) > fits, progress=progress)


def test_a_search_stopped_inside_its_last_candidate_says_so_and_never_picks_it() -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        params={"max_depth": 2},  # the current setting is the first candidate
        tuning={"method": "grid", "space": {"max_depth": {"values": [2, 4]}}},
    )

    # Two candidates × 3 folds; stop after the fourth fit, inside the second candidate.
    result = run_search(data, recipe, plan, budget=_stop_after(4))

    statuses = [row.evaluation.status for row in result.rows]
    assert statuses == ["scored", "partial"]
    assert result.stopped == "stopped"
    assert result.best is result.rows[0]


def test_halving_keeps_the_last_finished_rung_of_a_stopped_candidate() -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        n=1200,
        tuning={"method": "halving", "n_candidates": 9},
    )
    full = run_search(data, recipe, plan)
    # The current setting's folds (and their progress start) come first, then every
    # candidate runs in rung one.
    first_rung = (plan.n_splits + 1) + len(full.rows) * plan.n_splits

    # Progress is reported once as each rung starts and once per fit: stop inside rung two.
    stopped = run_search(data, recipe, plan, budget=_stop_after(first_rung + 3))

    assert stopped.stopped == "stopped"
    assert all(row.evaluation.status == "scored" for row in stopped.rows)
    assert {row.rung for row in stopped.rows} == {0}
    assert stopped.best is not None


def test_an_empty_list_of_values_is_refused_in_plain_words() -> None:
    with pytest.raises(SearchError) as caught:
        check_space(model_spec("knn"), {"weights": {"values": []}})

    assert "No value of 'weights' is picked" in caught.value.what


# ---------------------------------------------------------------------------------------------
# The best candidate against the current setting
# ---------------------------------------------------------------------------------------------


def _row(
    scores: list[float],
    *,
    values: dict | None = None,
    planned: int | None = None,
    n_rows: int = 200,
    metric: str = "accuracy",
    plan: str = "folds-a",
) -> SearchRow:
    folds = tuple(FoldScore(i, s, 1.0, 0.01, 0.01) for i, s in enumerate(scores))
    result = CVResult("decision_tree", {}, metric, folds, planned or len(scores), plan, 0.1)
    status = "scored" if result.complete else "partial"
    return SearchRow(
        values or {"max_depth": 3}, Evaluation("decision_tree", {}, result, None, status), 0, n_rows
    )


def test_compare_with_current_says_keep_the_current_setting_when_the_best_scores_lower() -> None:
    best = _row([0.80, 0.81, 0.80, 0.81, 0.80])
    current = _row([0.82, 0.83, 0.82, 0.82, 0.82], values={"max_depth": 5})

    comparison = compare_with_current(best, current, metric="accuracy")

    assert comparison.verdict == "worse"
    assert comparison.difference == pytest.approx(-0.018)
    assert comparison.folds_better == 0
    assert comparison.message.startswith(
        "The best candidate scores 0.804, below the current 0.822: keep the current setting"
    )


def test_compare_with_current_calls_a_gain_within_the_fold_spread_noise() -> None:
    # Better on average by 0.002, but the fold-by-fold difference swings by ±0.03.
    best = _row([0.85, 0.78, 0.84, 0.79, 0.83])
    current = _row([0.82, 0.81, 0.81, 0.82, 0.81], values={"max_depth": 5})

    comparison = compare_with_current(best, current, metric="accuracy")

    assert comparison.verdict == "noise"
    assert comparison.difference == pytest.approx(0.004)
    assert abs(comparison.difference) <= comparison.spread
    assert "no better than the current setting beyond fold-to-fold noise" in comparison.message
    assert "better on 3 of 5 folds" in comparison.message


def test_compare_with_current_keeps_the_current_setting_when_lower_within_the_noise() -> None:
    best = _row([0.80, 0.84, 0.78, 0.83, 0.80])
    current = _row([0.82, 0.81, 0.81, 0.82, 0.81], values={"max_depth": 5})

    comparison = compare_with_current(best, current, metric="accuracy")

    assert comparison.verdict == "noise"
    assert comparison.difference == pytest.approx(-0.004)
    assert comparison.message.startswith(
        "The best candidate scores 0.81, below the current 0.814: keep the current setting; "
        "the gap is within fold-to-fold noise"
    )


def test_compare_with_current_says_by_how_much_a_real_gain_wins() -> None:
    best = _row([0.86, 0.87, 0.85, 0.86, 0.87])
    current = _row([0.82, 0.83, 0.82, 0.82, 0.82], values={"max_depth": 5})

    comparison = compare_with_current(best, current, metric="accuracy")

    assert comparison.verdict == "better"
    assert comparison.folds_better == 5
    assert "above the current 0.822: better by 0.04 Accuracy" in comparison.message


def test_compare_with_current_orients_error_metrics() -> None:
    # RMSE: the candidate's larger error is worse, and is called so.
    best = _row([3.0, 3.1, 3.2], metric="rmse")
    current = _row([2.5, 2.6, 2.6], metric="rmse", values={"max_depth": 5})

    comparison = compare_with_current(best, current, metric="rmse")

    assert comparison.verdict == "worse"
    assert comparison.difference == pytest.approx(-0.5333, abs=1e-3)
    assert "3.1, worse (higher) than the current 2.567: keep the current setting" in (
        comparison.message
    )


def test_compare_with_current_knows_when_the_best_is_the_current_setting() -> None:
    best = _row([0.8, 0.82, 0.81])

    comparison = compare_with_current(best, best, metric="accuracy")

    assert comparison.verdict == "current"
    assert "is the current setting" in comparison.message


@pytest.mark.parametrize(
    ("current", "why"),
    [
        (None, "was not evaluated"),
        (_row([0.9], planned=3, values={"max_depth": 5}), "not scored on every fold"),
        (_row([0.9, 0.9, 0.9], n_rows=600, values={"max_depth": 5}), "on 200 training rows"),
        (_row([0.9, 0.9, 0.9], plan="folds-b", values={"max_depth": 5}), "training rows"),
    ],
    ids=["not evaluated", "partial", "other rows", "other folds"],
)
def test_compare_with_current_refuses_scores_from_other_folds_or_rows(current, why) -> None:
    best = _row([0.8, 0.82, 0.81])

    comparison = compare_with_current(best, current, metric="accuracy")

    assert comparison.verdict == "unknown"
    assert why in comparison.message
    assert "cannot say whether it beats the current setting" in comparison.message


@pytest.mark.parametrize("method", ["grid", "random", "halving"])
def test_a_search_scores_the_current_setting_on_the_same_folds(method) -> None:
    # A deep tree is the current setting; the search only tries stumps, which fit a sine and
    # a square far worse.
    recipe, data, plan = search_setup(
        "decision_tree",
        params={"max_depth": 6},
        n=600,
        tuning={
            "method": method,
            "space": {"max_depth": {"values": [1, 2]}},
            "n_candidates": 2,
        },
    )

    result = run_search(data, recipe, plan)

    current = result.current
    assert current is not None
    assert current not in result.rows
    assert current.values == {"max_depth": 6}
    assert current.evaluation.result.plan_fingerprint == plan.fingerprint
    assert current.n_rows == len(data.X_train)
    again = cross_validate_model(data, recipe, plan, n_jobs=1)
    assert current.evaluation.result.mean == pytest.approx(again.mean)
    comparison = result.comparison()
    assert comparison.verdict == "worse"
    assert "keep the current setting" in comparison.message
    table = result.frame()
    assert table["setting"].tolist().count("current") == 1
    assert table.loc[table["setting"] == "current", "max_depth"].item() == 6
    lines = [shape.y0 for shape in search_chart(result).figure.layout.shapes]
    assert lines == [pytest.approx(current.evaluation.result.mean)]


def test_searched_values_fill_in_the_defaults_of_the_searched_parameters() -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        params={"max_depth": 3},
        tuning={"method": "grid", "space": {"max_depth": {"values": [2, 3]}}},
    )
    result = run_search(data, recipe, plan)

    assert result.searched_values({"max_depth": 3, "min_samples_leaf": 4}) == {"max_depth": 3}
    assert result.searched_values({}) == {"max_depth": None}
    assert result.searched_values(recipe.model.params) == dict(result.current.values)


def test_a_search_does_not_score_the_current_setting_twice(monkeypatch) -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        params={"max_depth": 4},
        tuning={"method": "grid", "space": {"max_depth": {"values": [2, 4]}}},
    )
    real = core.model.cross_validation._fit_and_score
    fits = []

    def counted(*args):
        fits.append(args)
        return real(*args)

    monkeypatch.setattr(core.model.cross_validation, "_fit_and_score", counted)

    result = run_search(data, recipe, plan)

    assert len(fits) == 2 * plan.n_splits
    assert result.current is result.rows[1]
    assert result.frame()["setting"].tolist() == ["candidate", "current"]


def test_a_search_the_current_setting_wins_offers_nothing_new() -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        params={"max_depth": 6},
        n=600,
        tuning={"method": "grid", "space": {"max_depth": {"values": [1, 6]}}},
    )

    result = run_search(data, recipe, plan)

    assert result.best is result.current
    assert result.comparison().verdict == "current"


def test_a_search_stopped_early_still_has_the_current_setting_to_compare() -> None:
    recipe, data, plan = search_setup(
        "decision_tree",
        params={"max_depth": 6},
        tuning={"method": "grid", "space": {"max_depth": {"values": [1, 2, 3]}}},
    )

    # The current setting's 3 folds run first; stop inside the second candidate.
    result = run_search(data, recipe, plan, budget=_stop_after(7))

    assert result.stopped == "stopped"
    assert result.current.evaluation.status == "scored"
    assert result.best is result.rows[0]
    assert result.comparison().verdict == "worse"
