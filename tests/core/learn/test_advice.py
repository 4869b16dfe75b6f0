"""Tests for core.learn.advice: each planted problem gets advice that names its column and numbers
and offers the right one-click action; clean data and a well-fit model get no warning; every step
accepts missing inputs and odd data without raising."""

from __future__ import annotations

import dataclasses
import json
import logging

import numpy as np
import pandas as pd
import pytest

from core.data import load_table
from core.errors import ModelPathError
from core.evaluate import LearningCurve, NewRowsCheck, TrainedModel, diagnose, train_and_evaluate
from core.learn import ACTION_KINDS, LIFECYCLE, SEVERITIES, Action, Advice, advise
from core.model import model_spec, plan_folds
from core.prepare import TrainingData, training_data
from core.recipe import (
    CleaningSection,
    DataSection,
    FeaturesSection,
    ModelSection,
    ProblemSection,
    Recipe,
    SplitSection,
    ValidationSection,
)
from core.understand import METRICS, DatasetProfile, baseline_score, profile_table, recommend_metric

STEPS = [step.key for step in LIFECYCLE]
SEED = 3


@dataclasses.dataclass(frozen=True)
class Setup:
    """Everything a page could pass to :func:`advise`."""

    profile: DatasetProfile
    recipe: Recipe
    data: TrainingData
    trained: TrainedModel | None

    def advise(self, step: str, **overrides) -> list[Advice]:
        inputs = {
            "profile": self.profile,
            "recipe": self.recipe,
            "data": self.data,
            "trained": self.trained,
        }
        return advise(step, **{**inputs, **overrides})


def _setup(
    frame: pd.DataFrame,
    task: str,
    *,
    algorithm: str | None = None,
    params: dict | None = None,
    problem: dict | None = None,
    train: bool = True,
    **sections,
) -> Setup:
    """Load the frame as a CSV file, profile it, split it and (optionally) train on it."""
    loaded = load_table(frame.to_csv(index=False).encode("utf-8"), "table.csv")
    recipe = Recipe(
        problem=ProblemSection(target="y", task=task, **(problem or {})),
        validation=ValidationSection(folds=4),
        model=ModelSection(algorithm=algorithm, params=params or {}),
        **sections,
    )
    profile = profile_table(loaded, recipe)
    data = training_data(profile.table, recipe)
    trained = None
    if train and algorithm is not None:
        trained = train_and_evaluate(data, recipe, plan_folds(data, recipe), n_jobs=1)
    return Setup(profile, recipe, data, trained)


def _by_key(items: list[Advice], key: str) -> Advice:
    found = [a for a in items if a.key == key]
    assert found, f"no advice {key!r} in {[a.key for a in items]}"
    return found[0]


def _keys(items: list[Advice]) -> list[str]:
    return [a.key for a in items]


def _clean_frame(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Balanced classes, no gaps, no leak, no IDs; a linear signal a logistic model fits well."""
    rng = np.random.default_rng(seed)
    a, b, c = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    signal = 1.5 * a - b + rng.normal(scale=0.7, size=n)
    return pd.DataFrame(
        {
            "a": a,
            "b": b,
            "c": c,
            "city": rng.choice(["Paris", "Lyon", "Nice", "Lille"], n),
            "y": np.where(signal > np.median(signal), "yes", "no"),
        }
    )


def _shares_frame(n: int = 300, majority: float = 0.62, seed: int = SEED) -> pd.DataFrame:
    """Exactly ``majority`` of the rows are 'no'; two weakly informative numbers."""
    rng = np.random.default_rng(seed)
    y = np.array(["no"] * round(majority * n) + ["yes"] * (n - round(majority * n)))
    rng.shuffle(y)
    return pd.DataFrame({"a": rng.normal(size=n) + (y == "yes"), "b": rng.normal(size=n), "y": y})


@pytest.fixture(scope="module")
def clean() -> Setup:
    return _setup(
        _clean_frame(), "binary", algorithm="logistic_regression", problem={"metric": "accuracy"}
    )


@pytest.fixture(scope="module")
def deep_tree() -> Setup:
    """A tree grown without limit on a weak, noisy signal: it memorises."""
    rng = np.random.default_rng(SEED)
    n = 300
    a, b = rng.normal(size=n), rng.normal(size=n)
    y = np.where(a + rng.normal(scale=2.0, size=n) > 0, "yes", "no")
    frame = pd.DataFrame({"a": a, "b": b, "y": y})
    return _setup(frame, "binary", algorithm="decision_tree", problem={"metric": "accuracy"})


# ---------------------------------------------------------------------------------------------
# the brief's examples
# ---------------------------------------------------------------------------------------------


def test_a_column_77_percent_empty_is_advised_to_be_dropped() -> None:
    frame = _shares_frame()
    cabin = np.random.default_rng(1).normal(size=len(frame))
    cabin[np.random.default_rng(2).permutation(len(frame))[:231]] = np.nan  # 231 / 300 = 77 %
    frame["cabin"] = cabin
    setup = _setup(frame, "binary", train=False)
    advice = _by_key(setup.advise("clean"), "high_missing:cabin")
    assert "‘cabin’" in advice.text
    assert "77 %" in advice.text
    assert advice.severity == "warning"
    assert advice.numbers["missing_share"] == pytest.approx(0.77)
    assert advice.action == Action("drop_column", "Drop ‘cabin’", {"column": "cabin"})


def test_missing_share_is_counted_from_the_split_data_without_a_profile() -> None:
    frame = _shares_frame()
    frame["cabin"] = np.where(
        np.arange(len(frame)) % 4 == 0, np.arange(len(frame)), np.nan
    )  # 75 % empty
    setup = _setup(frame, "binary", train=False)
    advice = _by_key(advise("clean", data=setup.data, recipe=setup.recipe), "high_missing:cabin")
    assert "75 %" in advice.text


def test_a_column_dropped_by_the_missing_share_cap_is_not_advised_again() -> None:
    frame = _shares_frame()
    frame["cabin"] = np.where(np.arange(len(frame)) % 4 == 0, np.arange(len(frame)), np.nan)
    setup = _setup(frame, "binary", train=False, cleaning=CleaningSection(max_missing_share=0.5))
    assert "high_missing:cabin" not in _keys(setup.advise("clean"))


def test_a_moderately_empty_column_gets_a_tip_to_impute_with_indicators() -> None:
    frame = _shares_frame()
    frame["income"] = np.where(np.arange(len(frame)) % 5 < 2, np.nan, 1.0 * np.arange(len(frame)))
    setup = _setup(frame, "binary", train=False)
    advice = _by_key(setup.advise("clean"), "high_missing:income")
    assert advice.severity == "tip"
    assert "40 %" in advice.text
    assert "indicators" in advice.text


def test_classes_62_38_give_the_majority_baseline() -> None:
    setup = _setup(_shares_frame(majority=0.62), "binary", train=False)
    advice = _by_key(setup.advise("problem"), "class_baseline")
    assert "62 %" in advice.text
    assert "38 %" in advice.text
    assert "‘no’" in advice.text
    assert advice.numbers["majority_share"] == pytest.approx(0.62)
    assert advice.numbers["minority_share"] == pytest.approx(0.38)


def test_the_baseline_is_also_given_in_the_chosen_metric() -> None:
    frame = _shares_frame(majority=0.62)
    setup = _setup(frame, "binary", train=False, problem={"metric": "balanced_accuracy"})
    advice = _by_key(setup.advise("problem"), "class_baseline")
    expected, _ = baseline_score(setup.profile.table.frame["y"], "binary", "balanced_accuracy")
    assert advice.numbers["baseline"] == pytest.approx(expected)
    assert f"{expected:.4g} Balanced accuracy" in advice.text


def test_a_deep_tree_on_noisy_data_is_told_it_overfits_with_a_parameter_to_set(
    deep_tree: Setup,
) -> None:
    advice = _by_key(deep_tree.advise("tune"), "overfitting")
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
    action = _by_key(deep_tree.advise("tune"), "overfitting").action
    spec = model_spec("decision_tree")
    param, value = action.params["param"], action.params["value"]
    assert spec.param(param).check(value, algorithm=spec.label) == value
    assert param in action.label
    assert f"{param} = {value}" in _by_key(deep_tree.advise("tune"), "overfitting").text


def test_overfitting_advice_comes_from_a_given_diagnosis_alone(deep_tree: Setup) -> None:
    trained = deep_tree.trained
    diagnosis = diagnose(trained.cv, trained.baseline_cv, trained.recipe)
    items = advise("evaluate", recipe=deep_tree.recipe, diagnosis=diagnosis)
    assert _by_key(items, "overfitting").action.kind == "set_param"


def test_a_column_equal_to_the_target_plus_noise_is_a_leakage_suspect() -> None:
    rng = np.random.default_rng(SEED)
    n = 300
    y = rng.normal(50, 10, n)
    frame = pd.DataFrame({"a": rng.normal(size=n), "leak": y + rng.normal(scale=0.5, size=n)})
    frame["y"] = y
    setup = _setup(frame, "regression", train=False)
    advice = _by_key(setup.advise("explore"), "leakage:leak")
    assert advice.severity == "warning"
    assert "‘leak’" in advice.text
    assert "before the outcome" in advice.text
    assert advice.numbers["score"] > 0.98
    assert f"{advice.numbers['score']:.3f}" in advice.text
    assert advice.action == Action("exclude_column", "Exclude ‘leak’", {"column": "leak"})


def _rebuilt_target_frame() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    y, part = rng.normal(50, 10, 300), rng.normal(20, 5, 300)
    return pd.DataFrame({"part": part, "total": y + part, "a": rng.normal(size=300), "y": y})


def test_a_target_rebuilt_from_two_columns_is_advised_with_its_relation() -> None:
    setup = _setup(_rebuilt_target_frame(), "regression", train=False)
    advice = _by_key(setup.advise("explore"), "leakage:total+part")
    assert "‘y’ ≈ ‘total’ − ‘part’ on 100.0% of rows" in advice.text


def test_a_combined_leak_with_one_column_excluded_is_not_advised() -> None:
    problem = {"exclude_columns": ("total",)}
    setup = _setup(_rebuilt_target_frame(), "regression", train=False, problem=problem)
    assert not [k for k in _keys(setup.advise("explore")) if k.startswith("leakage")]


def test_an_excluded_leak_is_not_advised_again() -> None:
    rng = np.random.default_rng(SEED)
    y = rng.normal(50, 10, 300)
    frame = pd.DataFrame({"a": rng.normal(size=300), "leak": y + rng.normal(size=300), "y": y})
    setup = _setup(frame, "regression", train=False, problem={"exclude_columns": ("leak",)})
    assert not [k for k in _keys(setup.advise("explore")) if k.startswith("leakage")]


def test_clean_data_and_a_well_fit_linear_model_get_no_warning(clean: Setup) -> None:
    every = [a for step in STEPS for a in clean.advise(step)]
    warnings = [a.text for a in every if a.severity == "warning"]
    assert warnings == []


def test_a_well_fit_model_is_told_so(clean: Setup) -> None:
    advice = _by_key(clean.advise("evaluate"), "good_fit")
    assert advice.severity == "good"
    assert "beats_baseline" in _keys(clean.advise("evaluate"))


# ---------------------------------------------------------------------------------------------
# the call itself
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS)
def test_every_step_without_inputs_gives_nothing(step: str) -> None:
    assert advise(step) == []


def test_an_unknown_step_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ModelPathError, match="'modelling'") as caught:
        advise("modelling")
    assert "problem" in caught.value.why
    assert "deliver" in caught.value.why


@pytest.mark.parametrize("step", STEPS)
def test_each_step_gives_at_most_four_most_important_first(step: str, deep_tree: Setup) -> None:
    items = deep_tree.advise(step)
    ranks = [SEVERITIES.index(a.severity) for a in items]
    assert len(items) <= 4
    assert ranks == sorted(ranks)
    assert all(a.step == step for a in items)


def test_advice_is_plain_text_with_json_ready_numbers_and_known_actions(deep_tree: Setup) -> None:
    every = [a for step in STEPS for a in deep_tree.advise(step)]
    assert every
    for advice in every:
        assert "**" not in advice.text
        assert "`" not in advice.text
        assert advice.severity in SEVERITIES
        assert advice.action is None or advice.action.kind in ACTION_KINDS
        json.dumps(advice.to_dict(), allow_nan=False)


def test_advice_and_actions_are_frozen() -> None:
    advice = Advice("clean", "k", "text", {"n": 1}, "tip", Action("go_to", "Go", {"page": "x"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        advice.text = "changed"
    with pytest.raises(TypeError):
        advice.numbers["n"] = 2
    with pytest.raises(TypeError):
        advice.action.params["page"] = "y"
    assert advice.numbers["n"] == 1.0


# ---------------------------------------------------------------------------------------------
# the other steps
# ---------------------------------------------------------------------------------------------


def test_accuracy_on_imbalanced_classes_suggests_a_fairer_metric() -> None:
    setup = _setup(
        _shares_frame(majority=0.9), "binary", train=False, problem={"metric": "accuracy"}
    )
    advice = _by_key(setup.advise("problem"), "metric_for_imbalance")
    better = recommend_metric(setup.profile.table.frame["y"], "binary").metric
    assert advice.severity == "warning"
    assert "10 %" in advice.text
    assert "90 %" in advice.text
    assert advice.action.kind == "set_metric"
    assert advice.action.params["metric"] == better != "accuracy"


def test_a_skewed_regression_target_with_rmse_suggests_mae() -> None:
    rng = np.random.default_rng(SEED)
    y = np.exp(rng.normal(scale=1.5, size=300))
    setup = _setup(
        pd.DataFrame({"a": rng.normal(size=300), "y": y}),
        "regression",
        train=False,
        problem={"metric": "rmse"},
    )
    items = setup.advise("problem")
    advice = _by_key(items, "skewed_target")
    assert advice.action.params == {"metric": "mae"}
    assert f"{advice.numbers['skewness']:.1f}" in advice.text
    baseline = _by_key(items, "regression_baseline")
    assert f"{y.mean():.4g}" in baseline.text


def test_mape_on_a_target_with_zeros_is_a_warning() -> None:
    rng = np.random.default_rng(SEED)
    y = rng.normal(10, 2, 200)
    y[:5] = 0
    setup = _setup(
        pd.DataFrame({"a": rng.normal(size=200), "y": y}),
        "regression",
        train=False,
        problem={"metric": "mape"},
    )
    items = setup.advise("problem")
    advice = _by_key(items, "mape_with_zeros")
    assert advice.severity == "warning"
    assert "5 rows" in advice.text
    assert "regression_baseline" not in _keys(items)  # MAPE's baseline is meaningless there


def _csv_with_bad_prices(n_bad: int) -> DatasetProfile:
    rng = np.random.default_rng(SEED)
    rows = ["a,a,price,y"]
    for i in range(100):
        price = "n.a." if i < n_bad else f"{rng.normal(10, 2):.2f}"
        rows.append(f"{rng.normal():.3f},{rng.normal():.3f},{price},{'yes' if i % 2 else 'no'}")
    loaded = load_table("\n".join(rows).encode("utf-8"), "table.csv")
    return profile_table(loaded, Recipe(problem=ProblemSection(target="y", task="binary")))


def test_values_lost_to_a_numeric_column_are_a_data_warning() -> None:
    advice = _by_key(advise("data", profile=_csv_with_bad_prices(3)), "unreadable_values:price")
    assert advice.severity == "warning"
    assert "3 values (3 %)" in advice.text
    assert "became missing" in advice.text


def test_text_that_turns_a_number_column_into_categories_is_a_data_warning() -> None:
    advice = _by_key(advise("data", profile=_csv_with_bad_prices(7)), "unreadable_values:price")
    assert "7 values (7 %)" in advice.text
    assert "‘n.a.’" in advice.text
    assert "categories" in advice.text


def test_codes_mixing_numbers_and_text_are_never_advised_to_become_numbers() -> None:
    rows = ["code,a,y"] + [
        f"{f'PC {i}' if i % 3 == 0 else i},{i % 7},{'yes' if i % 2 else 'no'}"
        for i in range(100, 200)
    ]
    profile = profile_table(
        load_table("\n".join(rows).encode("utf-8"), "table.csv"),
        Recipe(problem=ProblemSection(target="y", task="binary")),
    )
    advice = _by_key(advise("data", profile=profile), "unreadable_values:code")
    assert "keep it as text" in advice.text
    assert "numeric" not in advice.text


def test_renamed_headers_are_a_data_tip() -> None:
    advice = _by_key(advise("data", profile=_csv_with_bad_prices(0)), "renamed_headers")
    assert "‘a’ → ‘a_2’" in advice.text


def test_few_rows_for_many_columns_is_a_warning() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame(rng.normal(size=(60, 12)), columns=[f"x{i}" for i in range(12)])
    frame["y"] = np.where(rng.random(60) < 0.5, "yes", "no")
    setup = _setup(frame, "binary", train=False)
    advice = _by_key(setup.advise("data"), "rows_per_feature")
    assert advice.severity == "warning"
    assert advice.numbers["rows_per_feature"] == pytest.approx(5.0)


def test_duplicates_point_to_the_clean_page_from_explore() -> None:
    frame = _shares_frame()
    frame = pd.concat([frame, frame.iloc[:12]], ignore_index=True)
    setup = _setup(frame, "binary", train=False)
    explore = _by_key(setup.advise("explore"), "duplicates")
    assert "12 rows" in explore.text
    assert explore.action == Action("go_to", "Go to Clean", {"page": "clean"})
    assert _by_key(setup.advise("clean"), "duplicates").action is None
    dropped = _setup(frame, "binary", train=False, cleaning=CleaningSection(drop_duplicates=True))
    assert "duplicates" not in _keys(dropped.advise("clean"))


def test_unscaled_columns_for_nearest_neighbours_are_a_warning() -> None:
    frame = _shares_frame()
    frame["b"] = frame["b"] * 10_000
    setup = _setup(
        frame,
        "binary",
        algorithm="knn",
        train=False,
        features=FeaturesSection(scaling="none"),
    )
    advice = _by_key(setup.advise("features"), "scaling_off")
    assert advice.severity == "warning"
    assert "‘b’" in advice.text
    automatic = _setup(frame, "binary", algorithm="knn", train=False)
    assert _by_key(automatic.advise("features"), "scaling_on").severity == "good"


def test_a_rare_class_gets_a_class_weight_action() -> None:
    setup = _setup(
        _shares_frame(majority=0.9), "binary", algorithm="logistic_regression", train=False
    )
    advice = _by_key(setup.advise("features"), "imbalance_treatment")
    assert advice.action == Action(
        "set_imbalance", "Use class weights", {"imbalance": "class_weight"}
    )


def _name_codes_frame() -> pd.DataFrame:
    frame = _shares_frame()
    frame["name"] = [f"person {i % 280}" for i in range(len(frame))]
    return frame


def test_a_categorical_with_a_value_per_row_is_advised_to_be_excluded() -> None:
    # Read as an identifier (left out), unless the person sets the kind back to categorical.
    data = DataSection(column_types={"name": "categorical"})
    setup = _setup(_name_codes_frame(), "binary", train=False, data=data)
    advice = _by_key(setup.advise("features"), "id_like:name")
    assert advice.action.kind == "exclude_column"


def test_near_unique_codes_are_named_as_identifiers_on_explore() -> None:
    setup = _setup(_name_codes_frame(), "binary", train=False)
    assert "‘name’ looks like a row ID" in _by_key(setup.advise("explore"), "identifiers").text


def test_dates_with_a_random_split_suggest_a_time_split() -> None:
    frame = _shares_frame()
    frame["when"] = pd.date_range("2021-01-01", periods=len(frame), freq="D").astype("str")
    setup = _setup(frame, "binary", train=False)
    advice = _by_key(setup.advise("split"), "time_split:when")
    assert "2021-01-01" in advice.text
    assert advice.action.params == {"strategy": "time", "time_column": "when"}
    by_time = _setup(
        frame, "binary", train=False, split=SplitSection(strategy="time", time_column="when")
    )
    assert "time_split:when" not in _keys(by_time.advise("split"))


def _snapshot_frame(n: int = 300, seed: int = SEED) -> pd.DataFrame:
    """People exported on one day: a start date, and the days from it to the export day."""
    frame = _shares_frame(n=n, seed=seed)
    rng = np.random.default_rng(seed)
    days = rng.integers(30, 2_000, size=n)
    frame["joined"] = (pd.Timestamp("2024-06-30") - pd.to_timedelta(days, unit="D")).astype("str")
    frame["days_as_member"] = days
    return frame


def test_a_start_date_mirrored_by_an_elapsed_time_keeps_the_shuffled_split() -> None:
    setup = _setup(_snapshot_frame(), "binary", train=False)

    items = setup.advise("split")

    assert "time_split:joined" not in _keys(items)
    advice = _by_key(items, "snapshot_split:joined")
    assert advice.severity == "good"
    assert advice.action is None
    assert advice.numbers["correlation"] == pytest.approx(-1.0, abs=1e-3)
    assert "‘days_as_member’ counts the time from each of them to one common day" in advice.text


def test_a_date_with_a_count_since_a_fixed_start_still_suggests_a_time_split() -> None:
    # Orders over time with "days since launch": the number rises with the date, so rows do
    # arrive over time and the latest ones are the future.
    frame = _shares_frame()
    when = pd.date_range("2021-01-01", periods=len(frame), freq="D")
    frame["ordered"] = when.astype("str")
    frame["days_since_launch"] = (when - pd.Timestamp("2020-06-01")).days

    items = _setup(frame, "binary", train=False).advise("split")

    assert "snapshot_split:ordered" not in _keys(items)
    assert _by_key(items, "time_split:ordered").action.params["strategy"] == "time"


@pytest.mark.parametrize(
    ("normalisation", "tidied"),
    [("none", False), ("trim", False), ("trim_lower", True)],
)
def test_spelling_advice_ends_once_the_recipe_tidies_the_spellings(normalisation, tidied) -> None:
    frame = _shares_frame()
    frame["city"] = np.resize(["Paris", "paris", " Paris", "Lyon", "LYON"], len(frame))

    setup = _setup(
        frame,
        "binary",
        train=False,
        cleaning=CleaningSection(text_normalisation=normalisation),
    )

    assert ("spellings:city" not in _keys(setup.advise("clean"))) is tidied


def test_too_few_test_rows_of_a_class_is_a_warning() -> None:
    setup = _setup(_shares_frame(n=200, majority=0.95), "binary", train=False)
    advice = _by_key(setup.advise("split"), "test_rows_per_class")
    assert advice.numbers["rows"] == 2
    assert "2 rows of ‘yes’" in advice.text


def test_a_repeating_customer_id_suggests_a_group_split() -> None:
    frame = _shares_frame()
    frame["customer_id"] = np.arange(len(frame)) % 50
    advice = _by_key(
        _setup(frame, "binary", train=False).advise("split"), "group_split:customer_id"
    )
    assert "300 rows share 50 values" in advice.text
    assert advice.action.params == {"strategy": "group", "group_column": "customer_id"}


def test_an_imbalanced_target_split_at_random_suggests_stratifying() -> None:
    setup = _setup(
        _shares_frame(majority=0.8), "binary", train=False, split=SplitSection(strategy="random")
    )
    advice = _by_key(setup.advise("split"), "stratify")
    assert advice.action.params == {"strategy": "stratified"}
    assert "20 %" in advice.text


def test_far_outliers_are_counted_on_training_rows() -> None:
    frame = _shares_frame()
    frame.loc[:9, "b"] = 1_000.0
    setup = _setup(frame, "binary", train=False)
    advice = _by_key(setup.advise("clean"), "outliers:b")
    in_training = int((setup.data.X_train["b"] == 1_000.0).sum())
    assert advice.numbers["outliers"] == in_training
    assert f"{in_training} training value" in advice.text
    clipped = _setup(frame, "binary", train=False, cleaning=CleaningSection(outliers="clip_iqr"))
    assert "outliers:b" not in _keys(clipped.advise("clean"))


def test_few_rows_with_a_flexible_model_is_a_warning_on_the_algorithm_step() -> None:
    setup = _setup(_shares_frame(n=150), "binary", algorithm="random_forest", train=False)
    advice = _by_key(setup.advise("algorithm"), "few_rows_flexible")
    assert "120 training rows" in advice.text


def test_a_model_no_better_than_the_baseline_is_a_warning() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({"a": rng.normal(size=200), "y": rng.normal(size=200)})
    setup = _setup(frame, "regression", algorithm="ridge", problem={"metric": "rmse"})
    advice = _by_key(setup.advise("evaluate"), "no_better_than_baseline")
    assert advice.action == Action("go_to", "Go to Features", {"page": "features"})


def test_a_test_score_below_the_baselines_is_a_deliver_warning(clean: Setup) -> None:
    final = dataclasses.replace(clean.trained.final, test_score=0.45, baseline_test_score=0.5)
    trained = dataclasses.replace(clean.trained, final=final)
    advice = _by_key(clean.advise("deliver", trained=trained), "test_not_above_baseline")
    assert advice.severity == "warning"
    assert "0.45" in advice.text
    assert "0.5" in advice.text


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
    advice = _by_key(clean.advise("tune", curve=curve), "more_data")
    assert advice.action == Action("go_to", "Go to New data", {"page": "new_data"})


def test_the_recipe_is_taken_from_the_trained_model_when_not_given(deep_tree: Setup) -> None:
    assert "overfitting" in _keys(advise("evaluate", trained=deep_tree.trained))


def test_new_rows_that_score_worse_are_reported_as_drift(clean: Setup) -> None:
    trained = dataclasses.replace(
        clean.trained,
        new_rows=NewRowsCheck(rows=80, metric="accuracy", score=0.6, earlier_test_score=0.9),
    )
    advice = _by_key(clean.advise("improve", trained=trained), "drift")
    assert advice.severity == "warning"
    assert "80 new rows" in advice.text
    assert "0.6" in advice.text


def test_test_categories_never_seen_in_training_are_a_deliver_tip() -> None:
    frame = _shares_frame()
    frame["shop"] = [f"shop {i}" if i % 10 == 0 else "main" for i in range(len(frame))]
    setup = _setup(frame, "binary", algorithm="logistic_regression")
    advice = _by_key(setup.advise("deliver"), "unseen_categories:shop")
    unseen = set(setup.data.X_test["shop"]) - set(setup.data.X_train["shop"])
    assert advice.numbers["rows"] == len(unseen)
    assert "‘shop" in advice.text


# ---------------------------------------------------------------------------------------------
# odd data
# ---------------------------------------------------------------------------------------------


def test_odd_inputs_never_raise_nor_trip_a_rule(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="core.learn.advice")
    tiny = pd.DataFrame(
        {
            "empty": [np.nan] * 12,
            "same": [1.0] * 12,
            "text": ["a b c d e"] * 12,
            "y": [1.0, 2.0] * 6,
        }
    )
    loaded = load_table(tiny.to_csv(index=False).encode("utf-8"), "tiny.csv")
    profiles = [
        profile_table(loaded, Recipe()),  # no target
        profile_table(loaded, Recipe(problem=ProblemSection(target="y"))),
        profile_table(loaded, Recipe(problem=ProblemSection(target="empty"))),  # task error
    ]
    for profile in profiles:
        for step in STEPS:
            advise(step, profile=profile)
            advise(step, profile=profile, recipe=Recipe())
    setup = _setup(_shares_frame(), "binary", algorithm="decision_tree")
    stopped = dataclasses.replace(setup.trained, final=None, baseline_cv=None)
    for step in STEPS:
        advise(step, trained=stopped)
        advise(step, data=setup.data)
        advise(step, recipe=setup.recipe)
    assert caplog.records == []


def test_advice_writes_mape_as_a_percentage() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({"a": rng.normal(size=200)})
    frame["y"] = 50 + 10 * frame["a"] + rng.normal(scale=2, size=200)  # far from zero
    setup = _setup(frame, "regression", algorithm="ridge", problem={"metric": "mape"})
    trained = setup.trained
    assert trained.metric == "mape"
    mape = METRICS["mape"]
    baseline = _by_key(setup.advise("problem"), "regression_baseline")
    assert f"scores MAPE {mape.format(baseline.numbers['baseline'])}." in baseline.text
    beats = _by_key(setup.advise("evaluate"), "beats_baseline")
    cv, base = trained.cv.mean, trained.baseline_cv.mean
    assert f"Cross-validated MAPE {mape.format(cv)} beats the baseline's " in beats.text
    assert f"by {mape.format_change(abs(cv - base))}," in beats.text
    assert " %" in beats.text
    assert "percentage points" in beats.text
