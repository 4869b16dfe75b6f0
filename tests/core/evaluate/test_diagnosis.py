"""Learning curves and the written diagnosis: the four verdicts on generated data, the
remedies in the registry's own hyperparameters, metric orientation and JSON output."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

import core.evaluate.diagnosis
from core.evaluate import (
    PERFECT_SCORES,
    Diagnosis,
    DiagnosisError,
    LearningCurve,
    Remedy,
    diagnose,
    learning_curve,
)
from core.model import (
    MODELS,
    Budget,
    CVResult,
    FoldPlan,
    FoldScore,
    cross_validate_model,
    model_spec,
    plan_folds,
)
from core.prepare import TrainingData
from core.recipe import Recipe
from core.understand import METRICS
from tests.core.split_data import recipe_and_data

FOLDS = 5


@pytest.fixture(autouse=True)
def _one_thread() -> Iterator[None]:
    """Native thread pools oversubscribe small CI machines (gradient boosting slows 10×)."""
    with threadpool_limits(1):
        yield


def _setup(
    frame: pd.DataFrame,
    task: str,
    algorithm: str,
    params: dict | None = None,
    *,
    folds: int = FOLDS,
    features: dict | None = None,
) -> tuple[Recipe, TrainingData, FoldPlan]:
    recipe, data = recipe_and_data(frame, task=task, features=features, validation={"folds": folds})
    recipe = recipe.with_section(
        recipe.model.with_changes(algorithm=algorithm, params=params or {})
    )
    return recipe, data, plan_folds(data, recipe)


def _read(recipe: Recipe, data: TrainingData, plan: FoldPlan, *, curve: bool = False):
    result = cross_validate_model(data, recipe, plan, n_jobs=1)
    baseline = cross_validate_model(data, recipe, plan, algorithm="baseline", params={}, n_jobs=1)
    lc = learning_curve(data, recipe, plan, n_jobs=1) if curve else None
    return result, baseline, lc, diagnose(result, baseline, recipe, curve=lc)


def _numbers(n: int = 300, columns: int = 3, *, seed: int = 0) -> tuple[np.ndarray, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, columns))
    return X, pd.DataFrame(X, columns=[f"x{i}" for i in range(columns)])


def _noisy_binary(n: int = 300, *, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    X, frame = _numbers(n, seed=seed)
    frame["y"] = np.where(X[:, 0] + rng.normal(0, 1.5, n) > 0, "pos", "neg")
    return frame


def _squared(n: int = 300, *, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    X, frame = _numbers(n, seed=seed)
    frame["y"] = X[:, 0] ** 2 + rng.normal(0, 0.1, n)
    return frame


def _linear(n: int = 300, *, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    X, frame = _numbers(n, seed=seed)
    frame["y"] = 2 * X[:, 0] - X[:, 1] + rng.normal(0, 0.1, n)
    return frame


def _smooth(n: int = 600, *, seed: int = 3) -> pd.DataFrame:
    """A smooth additive non-linear surface: boosting keeps improving with more rows."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, size=(n, 2))
    frame = pd.DataFrame(X, columns=["x0", "x1"])
    frame["y"] = np.sin(2 * X[:, 0]) + np.sin(2 * X[:, 1]) + rng.normal(0, 0.05, n)
    return frame


def _cv(metric: str, train: list[float | None], test: list[float], algorithm: str = "ridge"):
    folds = tuple(
        FoldScore(i, t, tr, 0.01, 0.001) for i, (tr, t) in enumerate(zip(train, test, strict=True))
    )
    return CVResult(algorithm, MappingProxyType({}), metric, folds, len(folds), "fp", 0.1)


def _remedies_are_valid(diagnosis: Diagnosis, algorithm: str) -> None:
    spec = model_spec(algorithm)
    for remedy in diagnosis.remedies:
        assert isinstance(remedy, Remedy)
        assert remedy.text
        assert remedy.page in (None, "features", "algorithm", "new_data")
        if remedy.param is not None:
            spec.param(remedy.param).check(remedy.value, algorithm=algorithm)


# ---------------------------------------------------------------------------------------------
# The four verdicts
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def overfit():
    with threadpool_limits(1):
        recipe, data, plan = _setup(_noisy_binary(), "binary", "decision_tree")
        return _read(recipe, data, plan)


def test_overfitting_deep_tree_on_noisy_labels(overfit) -> None:
    result, baseline, _, diagnosis = overfit
    assert diagnosis.verdict == "overfitting"
    assert result.train_mean == pytest.approx(1.0)
    assert f"{result.train_mean:.3f}" in diagnosis.headline
    assert f"{result.mean:.3f}" in diagnosis.headline
    assert diagnosis.figures["training score"] == result.train_mean
    assert diagnosis.figures["CV score"] == result.mean
    assert diagnosis.figures["gap (training − CV)"] == pytest.approx(
        result.train_mean - result.mean
    )
    assert diagnosis.figures["baseline (CV)"] == pytest.approx(baseline.mean)
    by_param = {r.param: r for r in diagnosis.remedies if r.param is not None}
    depth = by_param["max_depth"]
    assert isinstance(depth.value, int)
    assert not isinstance(depth.value, bool)
    assert 1 <= depth.value <= 50
    assert "max_depth" in depth.text
    assert "no limit" in depth.text
    leaf = by_param["min_samples_leaf"]
    current = result.params.get(
        "min_samples_leaf", model_spec("decision_tree").param("min_samples_leaf").default
    )
    assert isinstance(leaf.value, int)
    assert leaf.value > current
    assert any(r.page == "new_data" for r in diagnosis.remedies)
    _remedies_are_valid(diagnosis, "decision_tree")


def test_overfitting_remedy_lowers_an_existing_depth() -> None:
    recipe, data, plan = _setup(
        _noisy_binary(), "binary", "decision_tree", {"max_depth": 20, "min_samples_leaf": 2}
    )
    *_, diagnosis = _read(recipe, data, plan)
    assert diagnosis.verdict == "overfitting"
    by_param = {r.param: r.value for r in diagnosis.remedies if r.param is not None}
    assert by_param["max_depth"] < 20
    assert by_param["min_samples_leaf"] > 2
    _remedies_are_valid(diagnosis, "decision_tree")


@pytest.mark.parametrize("algorithm", ["linear_regression", "ridge"])
def test_underfitting_linear_model_on_a_curve(algorithm: str) -> None:
    params = {"alpha": 1.0} if algorithm == "ridge" else {}
    recipe, data, plan = _setup(_squared(), "regression", algorithm, params)
    result, _, _, diagnosis = _read(recipe, data, plan)
    assert diagnosis.verdict == "underfitting"
    assert f"{result.train_mean:.3f}" in diagnosis.headline
    assert diagnosis.figures["training skill"] < 0.5
    assert any(
        r.page == "features" and ("polynomial" in r.text.lower() or "interaction" in r.text.lower())
        for r in diagnosis.remedies
    )
    assert any(r.page == "algorithm" and "non-linear" in r.text.lower() for r in diagnosis.remedies)
    if algorithm == "ridge":
        alpha = next(r for r in diagnosis.remedies if r.param == "alpha")
        assert alpha.value < 1.0
        assert "Lower alpha" in alpha.text
    else:
        assert all(r.param is None for r in diagnosis.remedies)  # nothing to tune
    _remedies_are_valid(diagnosis, algorithm)


def test_good_fit_ridge_on_a_linear_target() -> None:
    recipe, data, plan = _setup(_linear(), "regression", "ridge")
    result, _, _, diagnosis = _read(recipe, data, plan)
    assert diagnosis.verdict == "good fit"
    assert diagnosis.headline.startswith("Good fit")
    assert f"{result.train_mean:.3f}" in diagnosis.headline
    assert f"{result.mean:.3f}" in diagnosis.headline
    assert diagnosis.figures["CV skill (share of the way from baseline to perfect)"] > 0.9
    assert all(r.param is None for r in diagnosis.remedies)


def test_more_data_when_the_curve_still_rises() -> None:
    recipe, data, plan = _setup(
        _smooth(), "regression", "hist_gradient_boosting", {"learning_rate": 0.05}
    )
    result, baseline, curve, diagnosis = _read(recipe, data, plan, curve=True)
    assert result.metric == "rmse"
    assert diagnosis.verdict == "more data"
    before, last = curve.frame.iloc[-2], curve.frame.iloc[-1]
    assert last.cv_mean < before.cv_mean  # RMSE still falling
    rise = diagnosis.figures["CV rise over the curve's last step"]
    assert rise == pytest.approx(before.cv_mean - last.cv_mean)
    assert rise / abs(PERFECT_SCORES["rmse"] - baseline.mean) > core.evaluate.diagnosis.RISING
    assert f"{last.cv_mean:.3f}" in diagnosis.headline
    assert f"{last.rows:,.0f}" in diagnosis.headline
    assert diagnosis.remedies[0].page == "new_data"
    assert all(r.text.startswith("Meanwhile") for r in diagnosis.remedies[1:])
    _remedies_are_valid(diagnosis, "hist_gradient_boosting")
    # Without the curve the same numbers read as a good fit: the curve makes the difference.
    assert diagnose(result, baseline, recipe).verdict == "good fit"


# ---------------------------------------------------------------------------------------------
# learning_curve
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ridge_curve():
    with threadpool_limits(1):
        recipe, data, plan = _setup(_linear(200), "regression", "ridge", {"alpha": 0.5})
        return recipe, data, plan, learning_curve(data, recipe, plan, n_jobs=1)


def test_learning_curve_frame(ridge_curve) -> None:
    _, _, plan, curve = ridge_curve
    assert isinstance(curve, LearningCurve)
    assert curve.algorithm == "ridge"
    assert curve.metric == "rmse"
    assert curve.plan_fingerprint == plan.fingerprint
    assert curve.stopped is None
    assert curve.notes == ()
    frame = curve.frame
    assert list(frame.columns) == [
        "rows", "share", "train_mean", "train_std", "cv_mean", "cv_std", "folds"
    ]  # fmt: skip
    assert list(frame["share"]) == list(core.evaluate.diagnosis.DEFAULT_FRACTIONS)
    assert frame["rows"].is_monotonic_increasing
    assert frame["rows"].is_unique
    assert (frame["folds"] == plan.n_splits).all()


def test_learning_curve_full_share_equals_cross_validation(ridge_curve) -> None:
    recipe, data, plan, curve = ridge_curve
    last = curve.frame.iloc[-1]
    assert last["rows"] == pytest.approx(np.mean([len(t) for t, _ in plan.splits]))
    reference = cross_validate_model(data, recipe, plan, n_jobs=1)
    assert last["cv_mean"] == pytest.approx(reference.mean, rel=1e-12)
    assert last["cv_std"] == pytest.approx(reference.std, rel=1e-12)
    assert last["train_mean"] == pytest.approx(reference.train_mean, rel=1e-12)


def test_learning_curve_shrinks_training_rows_only(monkeypatch) -> None:
    recipe, data, plan = _setup(_noisy_binary(200), "binary", "logistic_regression")
    seen: list[FoldPlan] = []
    real = core.evaluate.diagnosis.evaluate_candidates

    def spy(data_, recipe_, plan_, *args, **kwargs):
        seen.append(plan_)
        return real(data_, recipe_, plan_, *args, **kwargs)

    monkeypatch.setattr(core.evaluate.diagnosis, "evaluate_candidates", spy)
    curve = learning_curve(data, recipe, plan, fractions=(0.1, 0.5, 1.0), n_jobs=1)
    assert len(seen) == 3
    assert len(curve.frame) == 3
    classes = set(data.y_train.unique())
    y = data.y_train.to_numpy()
    for share, used in zip((0.1, 0.5, 1.0), seen, strict=True):
        for (train, test), (full_train, full_test) in zip(used.splits, plan.splits, strict=True):
            np.testing.assert_array_equal(test, full_test)  # validation rows untouched
            assert set(train) <= set(full_train)  # a subset of the fold's own training rows
            assert set(y[train]) == classes  # every class kept
            assert len(train) == pytest.approx(share * len(full_train), abs=2)
    np.testing.assert_array_equal(seen[-1].splits[0][0], plan.splits[0][0])


def test_learning_curve_tiny_share_keeps_rare_class() -> None:
    """A 10 % stratified draw still holds the rare class in every fold."""
    rng = np.random.default_rng(5)
    X, frame = _numbers(250, seed=5)
    frame["y"] = np.where(X[:, 0] + rng.normal(0, 0.3, 250) > 1.4, "rare", "common")
    recipe, data, plan = _setup(frame, "binary", "logistic_regression")
    assert (data.y_train == "rare").mean() < 0.15
    curve = learning_curve(data, recipe, plan, fractions=(0.05, 1.0), n_jobs=1)
    assert list(curve.frame["share"]) == [0.05, 1.0]
    assert curve.notes == ()


def test_learning_curve_stopped_after_first_size() -> None:
    recipe, data, plan = _setup(_linear(200), "regression", "ridge")
    calls = {"n": 0}

    def should_stop() -> bool:  # called once per finished fit, so true after the first size
        calls["n"] += 1
        return calls["n"] >= plan.n_splits

    curve = learning_curve(data, recipe, plan, budget=Budget(should_stop=should_stop), n_jobs=1)
    assert curve.stopped == "stopped"
    assert len(curve.frame) == 1
    assert curve.frame["share"].iloc[0] == core.evaluate.diagnosis.DEFAULT_FRACTIONS[0]
    assert any("not run" in note and "stopped" in note for note in curve.notes)
    assert any(
        str(len(core.evaluate.diagnosis.DEFAULT_FRACTIONS) - 1) in note for note in curve.notes
    )
    # A one-point curve can be read, but shows no trend.
    result = cross_validate_model(data, recipe, plan, n_jobs=1)
    diagnosis = diagnose(result, None, recipe, curve=curve)
    assert diagnosis.figures["CV rise over the curve's last step"] is None
    assert any("single point" in reason for reason in diagnosis.reasons)


def test_learning_curve_stopped_at_once_raises() -> None:
    recipe, data, plan = _setup(_linear(200), "regression", "ridge")
    with pytest.raises(DiagnosisError, match="No point"):
        learning_curve(data, recipe, plan, budget=Budget(should_stop=lambda: True), n_jobs=1)


def test_learning_curve_rejects_bad_shares_and_missing_algorithm() -> None:
    recipe, data, plan = _setup(_linear(200), "regression", "ridge")
    with pytest.raises(DiagnosisError, match="No training-set size"):
        learning_curve(data, recipe, plan, fractions=(0.0, 1.5, -1), n_jobs=1)
    bare = recipe.with_section(recipe.model.with_changes(algorithm=None, params={}))
    with pytest.raises(core.evaluate.diagnosis.ModelPathError):
        learning_curve(data, bare, plan, n_jobs=1)


def test_learning_curve_progress_is_bounded() -> None:
    recipe, data, plan = _setup(_linear(200), "regression", "ridge")
    seen: list[tuple[float, str]] = []
    learning_curve(
        data,
        recipe,
        plan,
        fractions=(0.5, 1.0),
        budget=Budget(progress=lambda f, m: seen.append((f, m))),
        n_jobs=1,
    )
    assert seen
    assert all(0.0 <= f <= 1.0 for f, _ in seen)
    assert any("Learning curve: 50%" in m for _, m in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


# ---------------------------------------------------------------------------------------------
# JSON output
# ---------------------------------------------------------------------------------------------


def test_to_dict_is_json_with_nan_as_none(ridge_curve) -> None:
    recipe, data, plan, curve = ridge_curve
    result = cross_validate_model(data, recipe, plan, n_jobs=1)
    diagnosis = diagnose(result, None, recipe, curve=curve)  # no baseline: skills are NaN
    assert math.isnan(diagnosis.figures["CV skill (share of the way from baseline to perfect)"])
    block = diagnosis.to_dict()
    text = json.dumps(block, allow_nan=False)
    back = json.loads(text)
    assert back["verdict"] == diagnosis.verdict
    assert back["figures"]["CV skill (share of the way from baseline to perfect)"] is None
    assert back["figures"]["baseline (CV)"] is None
    assert back["figures"]["training score"] == pytest.approx(result.train_mean)
    assert back["remedies"] == [r.text for r in diagnosis.remedies]
    assert back["reasons"] == list(diagnosis.reasons)
    json.dumps(curve.points(), allow_nan=False)
    assert len(curve.points()) == len(curve.frame)


def test_points_turn_nan_into_none() -> None:
    frame = pd.DataFrame(
        {"rows": [10.0], "share": [1.0], "train_mean": [np.nan], "train_std": [0.0],
         "cv_mean": [1.0], "cv_std": [np.inf], "folds": [3]}
    )  # fmt: skip
    curve = LearningCurve("ridge", "rmse", frame, None, (), "fp")
    (point,) = curve.points()
    assert point["train_mean"] is None
    assert point["cv_std"] is None
    json.dumps(curve.points(), allow_nan=False)


# ---------------------------------------------------------------------------------------------
# Orientation, scale and errors (hand-made results)
# ---------------------------------------------------------------------------------------------


def test_lower_is_better_gap_is_positive_when_training_error_is_lower() -> None:
    assert not METRICS["rmse"].greater_is_better
    result = _cv("rmse", [1.0, 1.1, 0.9], [2.0, 2.1, 1.9])
    baseline = _cv("rmse", [5.0, 5.0, 5.0], [5.0, 5.1, 4.9], "baseline")
    diagnosis = diagnose(result, baseline, Recipe())
    assert diagnosis.figures["gap (training − CV)"] == pytest.approx(1.0)
    assert diagnosis.figures["gap as a share of baseline-to-perfect"] == pytest.approx(1.0 / 5.0)
    assert diagnosis.figures["CV skill (share of the way from baseline to perfect)"] == (
        pytest.approx(3.0 / 5.0)
    )
    assert diagnosis.verdict == "overfitting"
    # The same numbers with higher-is-better orientation read the other way round.
    r2 = diagnose(_cv("r2", [0.5, 0.5, 0.5], [0.6, 0.6, 0.6]), None, Recipe())
    assert r2.figures["gap (training − CV)"] == pytest.approx(-0.1)
    assert r2.verdict != "overfitting"


def test_training_error_above_cv_error_is_not_overfitting() -> None:
    result = _cv("rmse", [2.0, 2.0, 2.0], [1.0, 1.1, 0.9])
    baseline = _cv("rmse", [5.0] * 3, [5.0] * 3, "baseline")
    diagnosis = diagnose(result, baseline, Recipe())
    assert diagnosis.figures["gap (training − CV)"] < 0
    assert diagnosis.verdict == "good fit"


def test_same_gap_is_large_near_a_high_baseline() -> None:
    """A 0.05-accuracy gap: large when the baseline is 0.90, small when it is 0.50."""
    result = _cv("accuracy", [0.99, 0.99, 0.99], [0.94, 0.945, 0.935])
    high = diagnose(result, _cv("accuracy", [0.9] * 3, [0.9] * 3, "baseline"), Recipe())
    low = diagnose(result, _cv("accuracy", [0.5] * 3, [0.5] * 3, "baseline"), Recipe())
    assert high.verdict == "overfitting"
    assert low.verdict == "good fit"


def test_underfitting_needs_a_baseline() -> None:
    result = _cv("r2", [0.1, 0.1, 0.1], [0.08, 0.09, 0.1])
    assert diagnose(result, _cv("r2", [0.0] * 3, [0.0] * 3, "baseline"), Recipe()).verdict == (
        "underfitting"
    )
    assert diagnose(result, None, Recipe()).verdict == "good fit"  # no scale to judge skill


def test_missing_training_scores_raise() -> None:
    result = _cv("accuracy", [None, None, None], [0.8, 0.82, 0.81])
    assert math.isnan(result.train_mean)
    with pytest.raises(DiagnosisError, match="no training-fold scores"):
        diagnose(result, None, Recipe())
    empty = CVResult("ridge", {}, "rmse", (), 5, "fp", 0.0)
    with pytest.raises(DiagnosisError):
        diagnose(empty, None, Recipe())


def test_perfect_scores_cover_every_metric() -> None:
    assert set(PERFECT_SCORES) == set(METRICS)
    for key, metric in METRICS.items():
        assert PERFECT_SCORES[key] == (1.0 if metric.greater_is_better else 0.0)


# ---------------------------------------------------------------------------------------------
# Remedies for every algorithm of the registry
# ---------------------------------------------------------------------------------------------


def _verdict_results(metric: str, algorithm: str, params: dict) -> dict[str, CVResult]:
    """Hand-made CV results that read as each verdict on a 0.5-to-1.0 scale."""

    def cv(train, test):
        folds = tuple(FoldScore(i, test[i], train[i], 0.01, 0.001) for i in range(3))
        return CVResult(algorithm, MappingProxyType(params), metric, folds, 3, "fp", 0.1)

    return {
        "overfitting": cv([1.0] * 3, [0.7, 0.71, 0.69]),
        "underfitting": cv([0.55] * 3, [0.54, 0.55, 0.53]),
        "good fit": cv([0.9] * 3, [0.89, 0.9, 0.88]),
    }


def _extreme_params(spec) -> list[dict]:
    """Defaults, then every numeric parameter at its low and at its high end."""
    variants: list[dict] = [{}]
    for p in spec.params:
        if p.kind in ("int", "float"):
            for end in (p.low, p.high):
                variants.append({p.name: int(end) if p.kind == "int" else float(end)})
    return variants


@pytest.mark.parametrize("algorithm", sorted(MODELS))
def test_remedies_are_valid_hyperparameters_for_every_algorithm(algorithm: str) -> None:
    spec = model_spec(algorithm)
    task = "binary" if "binary" in spec.tasks else "regression"
    baseline = CVResult(
        "baseline",
        {},
        "accuracy",
        tuple(FoldScore(i, 0.5, 0.5, 0.0, 0.0) for i in range(3)),
        3,
        "fp",
        0.0,
    )
    recipe = Recipe()
    recipe = recipe.with_section(recipe.problem.with_changes(target="y", task=task))
    for params in _extreme_params(spec):
        for verdict, result in _verdict_results("accuracy", algorithm, params).items():
            diagnosis = diagnose(result, baseline, recipe)
            assert diagnosis.verdict == verdict
            _remedies_are_valid(diagnosis, algorithm)
            for remedy in diagnosis.remedies:
                if remedy.param is None:
                    continue
                p = spec.param(remedy.param)
                current = params.get(p.name, p.default)
                assert remedy.value != current  # a remedy always changes something
                simpler = verdict == "overfitting"
                if current is not None and p.complexity:
                    raises = remedy.value > current
                    assert raises == ((p.complexity > 0) != simpler), remedy.text


def test_diagnosis_of_mape_reads_percentages_and_percentage_points() -> None:
    # Training folds err by 2 %, validation folds by about 12 %: overfitting, read in percent.
    result = _cv("mape", [0.02, 0.02, 0.02], [0.12, 0.121, 0.119])
    baseline = _cv("mape", [0.4, 0.4, 0.4], [0.4, 0.41, 0.39], "baseline")
    diagnosis = diagnose(result, baseline, Recipe())
    assert diagnosis.verdict == "overfitting"
    assert "the training folds score 2 % MAPE but the validation folds 12 %" in diagnosis.headline
    assert "a gap of 10 percentage points" in diagnosis.headline
    assert "beats the baseline's 40 % by 28 percentage points" in diagnosis.reasons[0]
    assert "0.12" not in diagnosis.headline
    # Stored figures stay fractions, like every stored score.
    assert diagnosis.figures["CV score"] == pytest.approx(0.12)
