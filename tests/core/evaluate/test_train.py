"""The training action: the final refit and its test score, the baseline beside it, the
leak-proof refit, the run record, stops, fingerprints and end-to-end tasks."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    mean_absolute_error,
    mean_squared_error,
    r2_score,
)

from core.evaluate import (
    FinalModel,
    TrainedModel,
    fit_final,
    new_rows_check,
    rows_fingerprint,
    run_from,
    train_and_evaluate,
)
from core.evaluate import test_fraction as fold_test_fraction
from core.model import (
    Budget,
    FoldPlan,
    ModelError,
    cross_validate_model,
    model_pipeline,
    plan_folds,
    scoring_for,
)
from core.prepare import TrainingData
from core.recipe import Recipe
from tests.core.split_data import recipe_and_data

SEED = 7
N = 240


def _frame(task: str = "regression", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Two informative numbers on different scales, one noise column and a noisy target."""
    rng = np.random.default_rng(seed)
    a = rng.normal(5.0, 2.0, size=n)
    b = rng.normal(-3.0, 1.0, size=n)
    c = rng.normal(size=n)
    signal = 2 * a - b + rng.normal(scale=1.5, size=n)
    frame = pd.DataFrame({"a": a, "b": b, "c": c})
    if task == "regression":
        frame["y"] = signal
    else:
        frame["y"] = pd.array(np.where(signal > np.median(signal), "yes", "no"), dtype="str")
    return frame


def _with_model(recipe: Recipe, algorithm: str, params: dict | None = None) -> Recipe:
    return recipe.with_section(recipe.model.with_changes(algorithm=algorithm, params=params or {}))


def _setup(
    task: str = "regression",
    algorithm: str = "ridge",
    params: dict | None = None,
    *,
    frame: pd.DataFrame | None = None,
    folds: int = 4,
    features: dict | None = None,
) -> tuple[Recipe, TrainingData, FoldPlan]:
    recipe, data = recipe_and_data(
        _frame(task) if frame is None else frame,
        task=task,
        features=features,
        validation={"folds": folds},
    )
    recipe = _with_model(recipe, algorithm, params)
    return recipe, data, plan_folds(data, recipe)


def _by_hand(data: TrainingData, recipe: Recipe, algorithm: str, params: dict | None = None):
    """The recipe's pipeline refitted by hand on the training split."""
    pipeline = clone(model_pipeline(data, recipe, algorithm, params or {}))
    return pipeline.fit(data.X_train, data.y_train)


def _dummy_predictions(data: TrainingData) -> np.ndarray:
    dummy = DummyRegressor() if data.task == "regression" else DummyClassifier(strategy="prior")
    return dummy.fit(data.X_train, data.y_train).predict(data.X_test)


@pytest.fixture(scope="module")
def regression() -> tuple[Recipe, TrainingData, FoldPlan, TrainedModel]:
    recipe, data, plan = _setup("regression", "ridge", {"alpha": 1.0})
    return recipe, data, plan, train_and_evaluate(data, recipe, plan, n_jobs=1)


@pytest.fixture(scope="module")
def binary() -> tuple[Recipe, TrainingData, FoldPlan, TrainedModel]:
    recipe, data, plan = _setup("binary", "logistic_regression")
    return recipe, data, plan, train_and_evaluate(data, recipe, plan, n_jobs=1)


# ---------------------------------------------------------------------------------------------
# fit_final
# ---------------------------------------------------------------------------------------------


def test_fit_final_regression_test_score_is_rmse_by_hand() -> None:
    recipe, data, _ = _setup("regression", "ridge", {"alpha": 3.0})
    final = fit_final(data, recipe, n_jobs=1)
    assert isinstance(final, FinalModel)
    assert final.algorithm == "ridge"
    assert dict(final.params) == {"alpha": 3.0}
    assert scoring_for(recipe, data.y_train).metric.key == "rmse"
    predicted = _by_hand(data, recipe, "ridge", {"alpha": 3.0}).predict(data.X_test)
    rmse = math.sqrt(mean_squared_error(data.y_test, predicted))
    assert final.test_score == pytest.approx(rmse, rel=1e-9)
    assert final.test_score > 0  # metric units: RMSE positive, not the scorer's negation
    np.testing.assert_allclose(final.test.y_pred, predicted)
    baseline = math.sqrt(mean_squared_error(data.y_test, _dummy_predictions(data)))
    assert final.baseline_test_score == pytest.approx(baseline, rel=1e-9)
    # The baseline predicts the training mean for every test row.
    np.testing.assert_allclose(final.baseline_test.y_pred, data.y_train.mean())
    assert final.test_score < final.baseline_test_score
    assert final.fit_seconds >= 0
    assert final.predict_seconds >= 0


def test_fit_final_binary_test_score_is_accuracy_by_hand() -> None:
    recipe, data, _ = _setup("binary", "decision_tree", {"max_depth": 3})
    final = fit_final(data, recipe, n_jobs=1)
    scoring = scoring_for(recipe, data.y_train)
    predicted = _by_hand(data, recipe, "decision_tree", {"max_depth": 3}).predict(data.X_test)
    dummy = _dummy_predictions(data)
    if scoring.metric.key == "accuracy":
        expected = accuracy_score(data.y_test, predicted)
        expected_baseline = accuracy_score(data.y_test, dummy)
    else:
        assert scoring.metric.key == "f1"
        expected = f1_score(data.y_test, predicted, pos_label=scoring.positive_class)
        expected_baseline = f1_score(
            data.y_test, dummy, pos_label=scoring.positive_class, zero_division=0
        )
    assert final.test_score == pytest.approx(expected)
    assert final.baseline_test_score == pytest.approx(expected_baseline)
    # Accuracy of both, whatever the primary metric, through the metric table.
    table = TrainedModel(
        recipe, None, None, final, "", math.nan, len(data.X_train), len(data.X_test), 0.0
    )
    assert table.test_metrics()["accuracy"] == pytest.approx(accuracy_score(data.y_test, predicted))
    assert table.baseline_test_metrics()["accuracy"] == pytest.approx(
        accuracy_score(data.y_test, dummy)
    )


def test_fit_final_explicit_algorithm_ignores_recipe_params() -> None:
    recipe, data, _ = _setup("regression", "ridge", {"alpha": 5.0})
    final = fit_final(data, recipe, algorithm="linear_regression", n_jobs=1)
    assert final.algorithm == "linear_regression"
    assert dict(final.params) == {}
    predicted = _by_hand(data, recipe, "linear_regression").predict(data.X_test)
    assert final.test_score == pytest.approx(math.sqrt(mean_squared_error(data.y_test, predicted)))


def test_fit_final_without_algorithm_raises() -> None:
    recipe, data = recipe_and_data(_frame(), validation={"folds": 4})
    with pytest.raises(ModelError, match="No algorithm"):
        fit_final(data, recipe)


def test_fit_final_refit_never_sees_test_rows() -> None:
    """The fitted scaler's statistics are the training split's, not the whole table's."""
    recipe, data, _ = _setup("regression", "ridge", features={"scaling": "standard"})
    final = fit_final(data, recipe, n_jobs=1)
    prep = final.pipeline.named_steps["prep"]
    scaler = prep.named_transformers_["numeric"].named_steps["scale"]
    columns = ["a", "b", "c"]
    np.testing.assert_allclose(scaler.mean_, data.X_train[columns].mean().to_numpy())
    np.testing.assert_allclose(scaler.var_, data.X_train[columns].var(ddof=0).to_numpy())
    everything = pd.concat([data.X_train, data.X_test])[columns].mean().to_numpy()
    assert not np.allclose(scaler.mean_, everything)
    assert scaler.n_samples_seen_ == len(data.X_train)
    assert final.pipeline.named_steps["model"].n_features_in_ == len(columns)
    # The baseline was fitted on the same rows: it predicts the training mean.
    assert final.baseline.named_steps["model"].constant_[0][0] == pytest.approx(data.y_train.mean())


def test_fit_final_wraps_fit_failure_in_model_error() -> None:
    recipe, data, _ = _setup("regression", "ridge")
    broken = data.X_train.copy()
    broken.iloc[:, 0] = np.inf  # the imputer passes inf through; Ridge refuses it
    data_broken = dataclasses.replace(data, X_train=broken)
    with pytest.raises(ModelError, match="could not be fitted"):
        fit_final(data_broken, recipe, n_jobs=1)


# ---------------------------------------------------------------------------------------------
# TrainedModel
# ---------------------------------------------------------------------------------------------


def test_metric_table_primary_row_is_the_test_score(regression) -> None:
    _, data, _, trained = regression
    table = trained.metric_table()
    assert list(table.columns[:5]) == ["metric", "model", "baseline", "difference", "better"]
    primary = table.iloc[0]
    assert primary["metric"].endswith("(primary)")
    assert trained.metric == "rmse"
    assert primary["model"] == pytest.approx(trained.final.test_score)
    assert primary["baseline"] == pytest.approx(trained.final.baseline_test_score)
    assert primary["better"] == "lower"
    dummy = _dummy_predictions(data)
    by_metric = dict(zip(table["metric"], table["baseline"], strict=True))
    assert by_metric["MAE"] == pytest.approx(mean_absolute_error(data.y_test, dummy))
    assert by_metric["R²"] == pytest.approx(r2_score(data.y_test, dummy))
    np.testing.assert_allclose(table["difference"], table["model"] - table["baseline"])


def test_metric_table_binary_primary_row(binary) -> None:
    _, data, _, trained = binary
    table = trained.metric_table()
    assert table.iloc[0]["model"] == pytest.approx(trained.final.test_score)
    assert table.iloc[0]["baseline"] == pytest.approx(trained.final.baseline_test_score)
    dummy = _dummy_predictions(data)
    accuracy = table[table["metric"].str.startswith("Accuracy")].iloc[0]
    assert accuracy["baseline"] == pytest.approx(accuracy_score(data.y_test, dummy))


def test_metric_table_empty_without_final(regression) -> None:
    trained = dataclasses.replace(regression[3], final=None)
    assert trained.metric_table().empty
    assert trained.test_metrics() == {}
    assert trained.baseline_test_metrics() == {}


# ---------------------------------------------------------------------------------------------
# train_and_evaluate and run_from
# ---------------------------------------------------------------------------------------------


def test_train_and_evaluate_cv_matches_cross_validate_model(regression) -> None:
    recipe, data, plan, trained = regression
    reference = cross_validate_model(data, recipe, plan, n_jobs=1)
    np.testing.assert_allclose(trained.cv.test_scores, reference.test_scores)
    assert [f.train for f in trained.cv.folds] == pytest.approx([f.train for f in reference.folds])
    assert trained.cv.complete
    assert trained.cv.plan_fingerprint == plan.fingerprint
    baseline = cross_validate_model(data, recipe, plan, algorithm="baseline", params={}, n_jobs=1)
    assert trained.baseline_cv is not None
    assert trained.baseline_cv.algorithm == "baseline"
    np.testing.assert_allclose(trained.baseline_cv.test_scores, baseline.test_scores)
    assert trained.final is not None
    assert trained.final.test_score == pytest.approx(fit_final(data, recipe, n_jobs=1).test_score)
    assert trained.n_train == len(data.X_train)
    assert trained.n_test == len(data.X_test)
    assert trained.rows_fingerprint == rows_fingerprint(data)
    assert trained.test_fraction == pytest.approx(fold_test_fraction(plan))
    assert trained.recipe.model.algorithm == "ridge"
    assert dict(trained.recipe.model.params) == {"alpha": 1.0}
    assert trained.seconds > 0
    assert trained.parent_id is None


def test_run_from_records_the_action(regression) -> None:
    _, data, plan, trained = regression
    run = run_from(trained, dataset_label="x", diagnosis="good fit", note="first")
    assert run.kind == "train"
    assert run.parent_id is None
    assert run.dataset_label == "x"
    assert run.algorithm == "ridge"
    assert run.metric == "rmse"
    assert run.cv_folds == tuple(f.test for f in trained.cv.folds)
    assert run.cv_train_folds == tuple(f.train for f in trained.cv.folds)
    assert run.planned_folds == plan.n_splits
    assert run.folds_fingerprint == plan.fingerprint
    assert run.rows_fingerprint == trained.rows_fingerprint
    assert run.test_metrics["rmse"] == trained.final.test_score
    assert run.baseline_test["rmse"] == trained.final.baseline_test_score
    assert run.test_metrics["mae"] == pytest.approx(trained.test_metrics()["mae"])
    assert run.baseline_cv_mean == pytest.approx(trained.baseline_cv.mean)
    assert run.fit_seconds == trained.final.fit_seconds
    assert run.n_train == len(data.X_train)
    assert run.n_test == len(data.X_test)
    assert run.diagnosis == "good fit"
    assert run.note == "first"
    retrain = run_from(dataclasses.replace(trained, parent_id=3), dataset_label="x")
    assert retrain.kind == "retrain"
    assert retrain.parent_id == 3


def test_run_from_without_final(regression) -> None:
    """A stopped training (no refit) must still be recordable as a run."""
    trained = dataclasses.replace(regression[3], final=None, baseline_cv=None)
    run = run_from(trained, dataset_label="x")
    assert run.test_metrics == {"rmse": None}
    assert run.baseline_test == {"rmse": None}
    assert run.baseline_cv_mean is None
    assert run.fit_seconds == 0.0


def test_stop_requested_from_the_start_skips_baseline_and_refit() -> None:
    """The stop is checked after each finished fit: one fold is kept, nothing else runs."""
    recipe, data, plan = _setup("regression", "ridge")
    budget = Budget(should_stop=lambda: True)
    trained = train_and_evaluate(data, recipe, plan, budget=budget, n_jobs=1)
    assert trained.final is None
    assert trained.baseline_cv is None
    assert trained.cv.stopped == "stopped"
    assert not trained.cv.complete
    assert len(trained.cv.folds) == 1
    assert trained.metric_table().empty
    assert trained.test_metrics() == {}


def test_stop_after_cross_validation_skips_only_the_refit() -> None:
    recipe, data, plan = _setup("regression", "ridge")
    calls = {"n": 0}

    def should_stop() -> bool:
        calls["n"] += 1
        return calls["n"] > plan.n_splits + 1  # the model's folds and the check before the baseline

    trained = train_and_evaluate(
        data, recipe, plan, budget=Budget(should_stop=should_stop), n_jobs=1
    )
    assert trained.cv.complete
    assert trained.final is None


def test_spent_time_budget_still_refits() -> None:
    recipe, data, plan = _setup("regression", "ridge")
    trained = train_and_evaluate(data, recipe, plan, budget=Budget(seconds=0.0), n_jobs=1)
    assert trained.cv.stopped == "budget"
    assert trained.final is not None
    assert math.isfinite(trained.final.test_score)


def test_progress_reaches_the_refit() -> None:
    recipe, data, plan = _setup("regression", "ridge")
    messages: list[tuple[float, str]] = []
    train_and_evaluate(
        data,
        recipe,
        plan,
        budget=Budget(progress=lambda f, m: messages.append((f, m))),
        n_jobs=1,
    )
    assert any("Refitting" in m for _, m in messages)
    assert all(0.0 <= f <= 1.0 for f, _ in messages)


# ---------------------------------------------------------------------------------------------
# rows_fingerprint and test_fraction
# ---------------------------------------------------------------------------------------------


def test_rows_fingerprint_tracks_training_rows_and_targets() -> None:
    _, data = recipe_and_data(_frame(), validation={"folds": 4})
    _, same = recipe_and_data(_frame(), validation={"folds": 4})
    assert rows_fingerprint(data) == rows_fingerprint(same)
    assert len(rows_fingerprint(data)) == 16
    y = data.y_train.copy()
    y.iloc[0] = y.iloc[0] + 1.0
    changed = dataclasses.replace(data, y_train=y)
    assert rows_fingerprint(changed) != rows_fingerprint(data)
    other_rows = dataclasses.replace(
        data, X_train=data.X_train.iloc[1:], y_train=data.y_train.iloc[1:]
    )
    assert rows_fingerprint(other_rows) != rows_fingerprint(data)
    # Other feature columns on the same rows stay comparable: that is what comparing is for.
    renamed = dataclasses.replace(data, X_train=data.X_train.rename(columns={"c": "d"}))
    assert rows_fingerprint(renamed) == rows_fingerprint(data)


@pytest.mark.parametrize("folds", [2, 4, 5, 8])
def test_test_fraction_is_one_over_k_minus_one(folds: int) -> None:
    _, data, plan = _setup("regression", "ridge", frame=_frame(n=400), folds=folds)
    assert len(data.X_train) == 320  # divisible by every K here
    assert fold_test_fraction(plan) == pytest.approx(1 / (folds - 1))


def test_test_fraction_of_uneven_folds() -> None:
    splits = (
        (np.arange(3, 10), np.arange(0, 3)),
        (np.r_[0:3, 6:10], np.arange(3, 6)),
    )
    plan = FoldPlan("kfold", 2, 1, splits, "hand-made")
    assert fold_test_fraction(plan) == pytest.approx(3 / 7)
    empty = FoldPlan("kfold", 1, 1, ((np.array([], dtype=int), np.arange(3)),), "empty")
    assert math.isnan(fold_test_fraction(empty))


# ---------------------------------------------------------------------------------------------
# End to end
# ---------------------------------------------------------------------------------------------


def test_multiclass_iris_end_to_end() -> None:
    iris = load_iris(as_frame=True)
    frame = iris.data.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    frame["y"] = pd.array(iris.target_names[iris.target], dtype="str")
    recipe, data, plan = _setup("multiclass", "logistic_regression", frame=frame, folds=5)
    trained = train_and_evaluate(data, recipe, plan, n_jobs=1)
    assert trained.cv.complete
    assert trained.final is not None
    assert set(trained.final.test.classes) == {"setosa", "versicolor", "virginica"}
    assert trained.cv.mean > 0.8
    table = trained.metric_table()
    assert table.iloc[0]["model"] == pytest.approx(trained.final.test_score)
    assert trained.test_metrics()["accuracy"] > 0.8
    dummy = _dummy_predictions(data)
    assert trained.baseline_test_metrics()["accuracy"] == pytest.approx(
        accuracy_score(data.y_test, dummy)
    )
    predicted = trained.final.pipeline.predict(data.X_test)
    assert trained.test_metrics()["accuracy"] == pytest.approx(
        accuracy_score(data.y_test, predicted)
    )
    run = run_from(trained, dataset_label="iris")
    assert run.test_metrics[trained.metric] == trained.final.test_score


def test_binary_string_labels_end_to_end(binary) -> None:
    recipe, data, _, trained = binary
    assert set(data.y_train.unique()) == {"yes", "no"}
    assert trained.final is not None
    assert set(trained.final.test.classes) == {"yes", "no"}
    assert set(np.unique(trained.final.test.y_pred)) <= {"yes", "no"}
    scoring = scoring_for(recipe, data.y_train)
    assert trained.final.test.positive_class == scoring.positive_class
    assert trained.cv.mean > trained.baseline_cv.mean or trained.metric in ("log_loss",)
    run = run_from(trained, dataset_label="binary.csv")
    assert run.test_metrics[trained.metric] == trained.final.test_score
    assert run.cv_folds == tuple(trained.cv.test_scores)


def test_new_rows_check_scores_the_earlier_model_on_appended_rows_only() -> None:
    old_frame = _frame(n=200)
    new_frame = _frame(n=80, seed=SEED + 1)
    recipe, old_data, _ = _setup(frame=old_frame)
    earlier = fit_final(old_data, recipe)
    combined = pd.concat([old_frame, new_frame], ignore_index=True)
    _, new_data = recipe_and_data(combined, task="regression")
    check = new_rows_check(
        earlier.pipeline, recipe, new_data, rows_before=200, earlier_test_score=1.0
    )
    assert check is not None
    assert check.rows == 80
    scoring = scoring_for(recipe, old_data.y_train)
    assert check.metric == scoring.metric.key
    X_new = new_frame[list(old_data.X_train.columns)].set_axis(range(200, 280))
    expected = scoring.natural(scoring.scorer(earlier.pipeline, X_new, new_frame["y"]))
    assert check.score == pytest.approx(expected)
    assert check.earlier_test_score == 1.0
    none_added = new_rows_check(
        earlier.pipeline, recipe, new_data, rows_before=280, earlier_test_score=None
    )
    assert none_added is None
