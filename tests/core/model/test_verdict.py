"""One verdict: read_fit's rules, and the same numbers read the same way by the Tune card
(describe_fit), the Diagnosis page (diagnose), the advice boxes, the run record and the store,
the HTML report and the command line."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from core.cli import TrainingRun, metrics_dict, render_training
from core.deliver import ReportInputs, render_report
from core.evaluate import RunStore, TrainedModel, diagnose, run_from, train_and_evaluate
from core.learn import advise
from core.model import (
    CurveStep,
    CVResult,
    FoldScore,
    LeakageWarning,
    describe_fit,
    plan_folds,
    read_fit,
)
from core.prepare import TrainingData
from tests.core.split_data import recipe_and_data

LEAK = LeakageWarning("leakage", ("total",), "‘total’ gives the answer away. Leave it out.")


# --- read_fit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "verdict"),
    [
        pytest.param(
            {"train": 1.0, "cv": 0.80, "spread": 0.02, "baseline": 0.5}, "overfitting", id="gap"
        ),
        pytest.param(
            {"train": 1.0, "cv": 0.80, "spread": 0.15, "baseline": 0.5},
            "good fit",
            id="gap-in-noise",
        ),
        pytest.param(
            {"train": 0.60, "cv": 0.58, "spread": 0.02, "baseline": 0.5}, "underfitting", id="weak"
        ),
        pytest.param(
            {"train": 0.93, "cv": 0.90, "spread": 0.02, "baseline": 0.5}, "good fit", id="good"
        ),
    ],
)
def test_read_fit_verdicts(numbers: dict, verdict: str) -> None:
    reading = read_fit("accuracy", **numbers)
    assert reading.verdict == reading.fit == verdict
    assert reading.headline.lower().startswith(verdict)


def test_read_fit_gap_is_judged_on_the_baseline_to_perfect_scale() -> None:
    # The same RMSE gap of 65.7 is large next to a baseline of 300 and small next to 1,000.
    numbers = {"train": 20.0, "cv": 85.7, "spread": 10.0}
    assert read_fit("rmse", baseline=300.0, **numbers).verdict == "overfitting"
    assert read_fit("rmse", baseline=1000.0, **numbers).verdict == "good fit"


def test_read_fit_rising_curve_is_more_data() -> None:
    curve = CurveStep(100, 0.80, 200, 0.86, cv_std_after=0.02)
    reading = read_fit("accuracy", train=0.90, cv=0.86, spread=0.02, baseline=0.5, curve=curve)
    assert reading.verdict == "more data"
    assert "0.800 to 0.860" in reading.headline


def test_read_fit_a_leakage_warning_makes_it_suspicious_and_names_the_columns() -> None:
    reading = read_fit("accuracy", train=0.93, cv=0.90, spread=0.02, baseline=0.5, warnings=[LEAK])
    assert (reading.verdict, reading.fit) == ("suspicious", "good fit")
    assert reading.columns == ("total",)
    assert "Leave out ‘total’ and retrain" in reading.headline
    assert "good fit" not in reading.headline.lower()


def test_leakage_warning_round_trips_through_json() -> None:
    assert LeakageWarning.from_dict(LEAK.to_dict()) == LEAK
    with pytest.raises(TypeError):
        LeakageWarning.from_dict({"kind": "leakage", "columns": "total", "message": "x"})


# --- the same numbers everywhere -------------------------------------------------------------


@pytest.fixture(scope="module")
def trained_regression() -> tuple[TrainingData, TrainedModel]:
    rng = np.random.default_rng(3)
    n = 160
    frame = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    frame["y"] = frame["a"] + rng.normal(size=n)  # honest and ordinary: R² about 0.5
    recipe, data = recipe_and_data(frame, validation={"folds": 4})
    recipe = recipe.with_section(recipe.model.with_changes(algorithm="ridge", params={}))
    return data, train_and_evaluate(data, recipe, plan_folds(data, recipe))


def _result(algorithm: str, test: list[float], train: list[float]) -> CVResult:
    folds = tuple(
        FoldScore(i, t, r, fit_seconds=0.01, score_seconds=0.01)
        for i, (t, r) in enumerate(zip(test, train, strict=True))
    )
    return CVResult(algorithm, {}, "rmse", folds, len(folds), "folds", 0.1)


CASES = {
    # The regression: a gap of 65.7 RMSE, large next to a baseline of 300.
    "overfitting": ([75.7, 95.7, 80.7, 90.7], [20.0] * 4, 300.0, ()),
    # The same gap next to a baseline of 1,000: the old Tune card said overfitting here.
    "good fit": ([75.7, 95.7, 80.7, 90.7], [20.0] * 4, 1000.0, ()),
    "underfitting": ([250.0, 260.0, 255.0, 265.0], [245.0, 250.0, 248.0, 252.0], 300.0, ()),
    "suspicious": ([2.0, 2.2, 2.1, 1.9], [1.9, 2.0, 2.0, 1.9], 300.0, (LEAK,)),
}


@pytest.mark.parametrize("verdict", list(CASES))
def test_same_numbers_same_verdict_everywhere(trained_regression, verdict: str) -> None:
    data, real = trained_regression
    test, train, base, warnings = CASES[verdict]
    cv = _result("ridge", test, train)
    baseline_cv = _result("baseline", [base] * 4, [base] * 4)
    trained = dataclasses.replace(real, cv=cv, baseline_cv=baseline_cv, warnings=warnings)

    diagnosis = diagnose(cv, baseline_cv, trained.recipe, warnings=trained.warnings)
    assert diagnosis.verdict == verdict
    # The Tune card.
    card = describe_fit(cv, baseline_cv, warnings=warnings)
    assert diagnosis.headline in card
    # The advice boxes on every page that reads the fit.
    for step in ("tune", "evaluate", "improve"):
        keys = {a.key for a in advise(step, trained=trained)}
        assert verdict.replace(" ", "_") in keys, step
        assert not keys & (
            {"overfitting", "underfitting", "good_fit", "suspicious"} - {verdict.replace(" ", "_")}
        )
    texts = " ".join(
        a.text for s in ("tune", "evaluate", "deliver") for a in advise(s, trained=trained)
    )
    assert "no sign of memorising" not in texts
    # The run record, stored and read back, and the board.
    run = run_from(trained, dataset_label="table", diagnosis=diagnosis.verdict)
    with RunStore() as store:
        stored = store.add(run)
        assert store.get(stored.id).diagnosis == verdict
        assert store.get(stored.id).warnings == warnings
        assert store.frame()["diagnosis"].tolist() == [verdict]
    # The report.
    document = render_report(
        ReportInputs(trained, data, "table", diagnosis=diagnosis), charts=False
    )
    assert f"Diagnosis: {verdict}" in document
    # The command line.
    cli_run = TrainingRun(
        file_name="table.csv",
        recipe=trained.recipe,
        algorithm_source="recipe",
        result=cv,
        baseline=baseline_cv,
        baseline_error=None,
        wall_seconds=0.1,
        folds_description="4 folds",
        n_train=trained.n_train,
        n_test=trained.n_test,
        trained=trained,
        diagnosis=diagnosis,
    )
    assert metrics_dict(cli_run)["diagnosis"]["verdict"] == verdict
    assert f"Diagnosis: {verdict} — " in render_training(cli_run)


def test_suspicious_run_is_never_called_better(trained_regression) -> None:
    from core.evaluate import compare_runs

    _, real = trained_regression
    honest = run_from(real, dataset_label="table")
    leaky_cv = dataclasses.replace(
        real.cv, folds=tuple(dataclasses.replace(f, test=f.test / 10) for f in real.cv.folds)
    )
    leaky = run_from(
        dataclasses.replace(real, cv=leaky_cv, warnings=(LEAK,)), dataset_label="table"
    )
    with RunStore() as store:
        first, second = store.add(leaky), store.add(honest)
        comparison = compare_runs(first, second)
        assert store.frame()["run"].tolist() == [second.id, first.id]  # the leak never heads
    assert comparison.significant
    assert "is better" not in comparison.verdict
    assert f"Run {first.id} is suspicious (likely leakage)" in comparison.verdict
    assert math.isfinite(comparison.difference)


def test_report_reads_suspicious_even_without_the_callers_diagnosis(trained_regression) -> None:
    data, real = trained_regression
    trained = dataclasses.replace(real, warnings=(LEAK,))
    document = render_report(ReportInputs(trained, data, "table"), charts=False)
    assert "Diagnosis: suspicious (likely leakage)" in document
    assert "Leave out ‘total’ and retrain" in document
    assert "Good fit" not in document


def test_validation_curve_points_read_suspicious_with_a_suspect_among_the_features() -> None:
    from core.model import validation_curve

    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"a": rng.normal(size=120), "b": rng.normal(size=120)})
    frame["y"] = frame["a"] + rng.normal(size=120)
    recipe, data = recipe_and_data(frame, validation={"folds": 3})
    recipe = recipe.with_section(recipe.model.with_changes(algorithm="ridge", params={}))
    plan = plan_folds(data, recipe)
    honest = validation_curve(data, recipe, plan, "alpha", [0.1, 10.0])
    leaky = validation_curve(data, recipe, plan, "alpha", [0.1, 10.0], suspects=["a"])
    assert not any("suspicious" in r for r in honest.readings)
    ends = [r for r in leaky.readings if r.startswith("At the")]
    assert len(ends) == 2
    assert all("suspicious (likely leakage)" in r and "‘a’" in r for r in ends)
