"""Tests for core.prepare.pipeline_checks: recipe-against-data checks that run before anything is
fitted."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import PolynomialFeatures

import core.prepare.pipeline_checks
from core.data import make_churn_dataset
from core.errors import ModelPathError
from core.prepare import (
    MAX_POLY_FEATURES,
    PipelineError,
    PipelineNote,
    TrainingData,
    check_pipeline,
    estimated_width,
    poly_output_count,
    raise_for_errors,
)
from core.recipe import (
    Recipe,
)
from tests.core.split_data import recipe_and_data

SEED = 5
N = 80


def _frame(task: str = "regression", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Three numbers, two three-level categories and a target; nothing missing."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "x1": rng.normal(size=n),
            "x2": rng.normal(50, 10, size=n),
            "x3": rng.uniform(size=n),
            "city": pd.array(rng.choice(["Oslo", "Rome", "Lima"], size=n), dtype="str"),
            "size": pd.array(rng.choice(["small", "medium", "large"], size=n), dtype="str"),
        }
    )
    if task == "regression":
        frame["y"] = rng.normal(size=n)
    else:
        frame["y"] = pd.array(np.where(rng.random(n) < 0.3, "yes", "no"), dtype="str")
    return frame


def _with_missing(task: str = "regression", column: str = "x1") -> pd.DataFrame:
    frame = _frame(task)
    frame.loc[::4, column] = np.nan
    return frame


def _data(
    frame: pd.DataFrame | None = None,
    *,
    task: str = "regression",
    data: dict | None = None,
    problem: dict | None = None,
    cleaning: dict | None = None,
    features: dict | None = None,
    validation: dict | None = None,
) -> tuple[Recipe, TrainingData]:
    frame = _frame(task) if frame is None else frame
    return recipe_and_data(
        frame,
        task=task,
        data=data,
        problem=problem,
        cleaning=cleaning,
        features=features,
        validation=validation,
    )


def _codes(recipe: Recipe, data: TrainingData) -> dict[str, str]:
    return {note.code: note.severity for note in check_pipeline(recipe, data)}


def _note(recipe: Recipe, data: TrainingData, code: str) -> PipelineNote:
    notes = [n for n in check_pipeline(recipe, data) if n.code == code]
    assert len(notes) == 1, [n.code for n in check_pipeline(recipe, data)]
    return notes[0]


# --- frames for particular situations --------------------------------------------------------


def _numbers_only(n_columns: int, n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({f"n{i}": rng.normal(size=n) for i in range(n_columns)})
    frame["y"] = rng.normal(size=n)
    return frame


def _categories_only() -> pd.DataFrame:
    return _frame().drop(columns=["x1", "x2", "x3"])


def _one_row_per_shop(task: str = "regression") -> pd.DataFrame:
    frame = _frame(task)
    frame["shop"] = pd.array([f"shop {i}" for i in range(N)], dtype="str")
    return frame


def _few_positives() -> pd.DataFrame:
    frame = _frame("binary")
    frame["y"] = pd.array(["yes"] * 8 + ["no"] * (N - 8), dtype="str")
    return frame


def _sparse(columns: tuple[str, ...]) -> pd.DataFrame:
    frame = _frame()
    for column in columns:
        frame.loc[frame.index % 5 != 0, column] = np.nan  # 80% missing
    return frame


def _skewed(n_columns: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({f"s{i}": rng.lognormal(0, 1.5, size=N) for i in range(n_columns)})
    frame["y"] = rng.normal(size=N)
    return frame


def _dated(freq: str) -> pd.DataFrame:
    frame = _frame()
    frame["when"] = pd.date_range("2024-01-01", periods=N, freq=freq)
    return frame


# ---------------------------------------------------------------------------------------------
# each code fires in its situation…
# ---------------------------------------------------------------------------------------------

FIRING = [
    pytest.param(
        {"features": {"log_columns": ("city",)}},
        "transform_not_numeric",
        "warning",
        id="transform_not_numeric",
    ),
    pytest.param(
        {"features": {"ordinal_orders": {"x1": ("low", "high")}}},
        "order_not_categorical",
        "warning",
        id="order_not_categorical",
    ),
    pytest.param(
        {"cleaning": {"imputation_overrides": {"nowhere": "median"}}},
        "override_unknown_column",
        "warning",
        id="override_unknown_column",
    ),
    pytest.param(
        {"cleaning": {"imputation_overrides": {"y": "median"}}},
        "override_unknown_column",
        "warning",
        id="override_unknown_column-target",
    ),
    pytest.param(
        {"cleaning": {"imputation_overrides": {"city": "median"}}},
        "override_wrong_kind",
        "error",
        id="override_wrong_kind",
    ),
    pytest.param(
        {"cleaning": {"category_merges": {"gone": {"a": "b"}}}},
        "merge_unknown_column",
        "warning",
        id="merge_unknown_column",
    ),
    pytest.param(
        {"frame": _with_missing(), "cleaning": {"numeric_imputation": "none"}},
        "missing_values_left",
        "warning",
        id="missing_values_left-warning",
    ),
    pytest.param(
        {
            "frame": _one_row_per_shop(),
            "data": {"column_types": {"shop": "categorical"}},
            "features": {"encoding": "target"},
        },
        "target_encoding_unique",
        "error",
        id="target_encoding_unique",
    ),
    pytest.param(
        {"features": {"ordinal_orders": {"size": ("small", "medium")}}},
        "order_incomplete",
        "error",
        id="order_incomplete",
    ),
    pytest.param(
        {
            "frame": _numbers_only(7),
            "features": {"poly_columns": tuple(f"n{i}" for i in range(7)), "poly_degree": 4},
        },
        "poly_too_many",
        "error",
        id="poly_too_many",
    ),
    pytest.param(
        {"frame": _categories_only(), "features": {"reduction": "pca"}},
        "pca_no_numeric",
        "error",
        id="pca_no_numeric",
    ),
    pytest.param(
        {"features": {"reduction": "pca", "selection": "f_test", "selection_k": 3}},
        "pca_after_selection",
        "info",
        id="pca_after_selection",
    ),
    pytest.param(
        {"features": {"imbalance": "oversample"}},
        "imbalance_regression",
        "warning",
        id="imbalance_regression",
    ),
    pytest.param(
        {"frame": _few_positives(), "task": "binary", "features": {"imbalance": "smote"}},
        "smote_too_few",
        "error",
        id="smote_too_few",
    ),
    pytest.param(
        {"frame": _sparse(("x1",)), "cleaning": {"max_missing_share": 0.5}},
        "columns_too_missing",
        "info",
        id="columns_too_missing",
    ),
    pytest.param(
        {
            "frame": _sparse(("x1", "x2", "x3", "city", "size")),
            "cleaning": {"max_missing_share": 0.5},
        },
        "all_columns_too_missing",
        "error",
        id="all_columns_too_missing",
    ),
    pytest.param(
        {"features": {"selection": "f_test", "selection_k": 20}},
        "selection_keeps_all",
        "warning",
        id="selection_keeps_all",
    ),
    pytest.param(
        {"frame": _skewed(), "cleaning": {"outliers": "drop_train_rows"}},
        "many_outlier_rows",
        "warning",
        id="many_outlier_rows",
    ),
    pytest.param(
        {"frame": _dated("D"), "features": {"date_parts": ("month", "hour")}},
        "constant_date_parts",
        "info",
        id="constant_date_parts",
    ),
]


@pytest.mark.parametrize(("situation", "code", "severity"), FIRING)
def test_check_pipeline_reports_code_in_its_situation(situation, code, severity) -> None:
    recipe, data = _data(**situation)

    assert _codes(recipe, data).get(code) == severity


# ---------------------------------------------------------------------------------------------
# … and not otherwise
# ---------------------------------------------------------------------------------------------

QUIET = [
    pytest.param(
        {"features": {"log_columns": ("x2",), "bin_columns": ("x1",)}},
        "transform_not_numeric",
        id="transform_not_numeric",
    ),
    pytest.param(
        {"features": {"ordinal_orders": {"size": ("small", "medium", "large")}}},
        "order_not_categorical",
        id="order_not_categorical",
    ),
    pytest.param(
        {"features": {"ordinal_orders": {"size": ("small", "medium", "large")}}},
        "order_incomplete",
        id="order_incomplete",
    ),
    pytest.param(
        {"cleaning": {"imputation_overrides": {"city": "constant", "x1": "knn"}}},
        "override_unknown_column",
        id="override_unknown_column",
    ),
    pytest.param(
        {"cleaning": {"imputation_overrides": {"city": "constant", "x1": "knn"}}},
        "override_wrong_kind",
        id="override_wrong_kind",
    ),
    pytest.param(
        {"frame": _with_missing(), "features": {"selection": "f_test", "selection_k": 3}},
        "missing_values_left",
        id="missing_values_left-imputed",
    ),
    pytest.param(
        {"features": {"encoding": "target"}},
        "target_encoding_unique",
        id="target_encoding_unique-repeated-categories",
    ),
    pytest.param(
        {
            "frame": _one_row_per_shop(),
            "data": {"column_types": {"shop": "categorical"}},
            "features": {"encoding": "onehot"},
        },
        "target_encoding_unique",
        id="target_encoding_unique-onehot",
    ),
    pytest.param(
        {"features": {"poly_columns": ("x1", "x2", "x3"), "poly_degree": 3}},
        "poly_too_many",
        id="poly_too_many",
    ),
    pytest.param({"features": {"reduction": "pca"}}, "pca_no_numeric", id="pca_no_numeric"),
    pytest.param(
        {"features": {"reduction": "pca"}}, "pca_after_selection", id="pca_after_selection"
    ),
    pytest.param(
        {"task": "binary", "features": {"imbalance": "oversample"}},
        "imbalance_regression",
        id="imbalance_regression",
    ),
    pytest.param(
        {"task": "binary", "features": {"imbalance": "smote"}},
        "smote_too_few",
        id="smote_too_few",
    ),
    pytest.param(
        {"cleaning": {"max_missing_share": 0.5}}, "columns_too_missing", id="columns_too_missing"
    ),
    pytest.param(
        {"frame": _sparse(("x1",)), "cleaning": {"max_missing_share": 0.5}},
        "all_columns_too_missing",
        id="all_columns_too_missing",
    ),
    pytest.param(
        {"features": {"selection": "f_test", "selection_k": 2}},
        "selection_keeps_all",
        id="selection_keeps_all",
    ),
    pytest.param(
        {"cleaning": {"outliers": "drop_train_rows"}},
        "many_outlier_rows",
        id="many_outlier_rows-normal-data",
    ),
    pytest.param(
        {"frame": _skewed(), "cleaning": {"outliers": "clip_iqr"}},
        "many_outlier_rows",
        id="many_outlier_rows-clipping",
    ),
    pytest.param(
        {"frame": _dated("7h"), "features": {"date_parts": ("weekday", "hour")}},
        "constant_date_parts",
        id="constant_date_parts-with-times",
    ),
    pytest.param(
        {"frame": _dated("D"), "features": {"date_parts": ("month", "weekday")}},
        "constant_date_parts",
        id="constant_date_parts-no-hour",
    ),
]


@pytest.mark.parametrize(("situation", "code"), QUIET)
def test_check_pipeline_stays_quiet_outside_the_situation(situation, code) -> None:
    recipe, data = _data(**situation)

    assert code not in _codes(recipe, data)


@pytest.mark.parametrize("task", ["regression", "binary"])
def test_check_pipeline_default_recipe_has_no_notes(task) -> None:
    recipe, data = _data(task=task)

    assert check_pipeline(recipe, data) == []


def test_check_pipeline_default_recipe_on_churn_sample_has_no_errors() -> None:
    frame = make_churn_dataset(n_rows=300, seed=SEED).rename(columns={"churned": "y"})
    recipe, data = _data(
        frame, task="binary", problem={"exclude_columns": ("cancellation_reason",)}
    )

    assert "error" not in _codes(recipe, data).values()


# ---------------------------------------------------------------------------------------------
# missing_values_left: error when a step cannot take missing values
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "features"),
    [
        pytest.param("regression", {"selection": "f_test", "selection_k": 3}, id="f_test"),
        pytest.param("regression", {"selection": "mutual_info", "selection_k": 3}, id="mi"),
        pytest.param("regression", {"selection": "l1", "selection_k": 3}, id="l1"),
        pytest.param("regression", {"reduction": "pca"}, id="pca"),
        pytest.param("binary", {"imbalance": "smote"}, id="smote"),
        pytest.param("regression", {"bin_columns": ("x1",)}, id="bins"),
        pytest.param("regression", {"poly_columns": ("x1", "x2")}, id="poly"),
    ],
)
def test_check_pipeline_missing_values_left_blocks_steps_that_need_numbers(task, features) -> None:
    recipe, data = _data(
        _with_missing(task), task=task, cleaning={"numeric_imputation": "none"}, features=features
    )

    note = _note(recipe, data, "missing_values_left")

    assert note.severity == "error"
    assert "'x1'" in note.what


@pytest.mark.parametrize(
    ("frame", "cleaning", "features"),
    [
        pytest.param(
            _with_missing(),
            {"numeric_imputation": "none"},
            {"bin_columns": ("x2",)},
            id="bins-on-a-complete-column",
        ),
        pytest.param(
            _with_missing(),
            {"numeric_imputation": "none"},
            {"selection": "tree", "selection_k": 3},
            id="tree-selection",
        ),
        pytest.param(
            _with_missing(column="city"),
            {"categorical_imputation": "none"},
            {"reduction": "pca"},
            id="only-categories-left",
        ),
    ],
)
def test_check_pipeline_missing_values_left_only_warns_when_nothing_blocks(
    frame, cleaning, features
) -> None:
    recipe, data = _data(frame, cleaning=cleaning, features=features)

    assert _note(recipe, data, "missing_values_left").severity == "warning"


def test_check_pipeline_missing_values_left_honours_per_column_override() -> None:
    recipe, data = _data(
        _with_missing(),
        cleaning={"numeric_imputation": "none", "imputation_overrides": {"x1": "median"}},
        features={"reduction": "pca"},
    )

    assert "missing_values_left" not in _codes(recipe, data)


# ---------------------------------------------------------------------------------------------
# messages that carry numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", ["regression", "binary"])
def test_check_pipeline_target_encoding_unique_counts_categories_and_suggests_alternatives(
    task,
) -> None:
    recipe, data = _data(
        _one_row_per_shop(task),
        task=task,
        data={"column_types": {"shop": "categorical"}},
        features={"encoding": "target"},
    )

    note = _note(recipe, data, "target_encoding_unique")

    n_categories = data.X_train["shop"].nunique()
    assert f"100% of its {n_categories} categories" in note.what
    assert "'shop'" in note.what
    assert "one-hot" in note.fix
    assert "Exclude 'shop'" in note.fix
    assert ("only adds noise" in note.why) is (task == "regression")


@pytest.mark.parametrize(
    ("n_columns", "degree", "interaction_only"),
    [
        pytest.param(7, 4, False, id="7-columns-degree-4"),
        pytest.param(24, 2, False, id="24-columns-degree-2"),
        pytest.param(10, 4, True, id="10-columns-interactions-4"),
    ],
)
def test_check_pipeline_poly_too_many_states_columns_made_and_a_smaller_choice(
    n_columns, degree, interaction_only
) -> None:
    columns = tuple(f"n{i}" for i in range(n_columns))
    recipe, data = _data(
        _numbers_only(n_columns),
        features={
            "poly_columns": columns,
            "poly_degree": degree,
            "interaction_only": interaction_only,
        },
    )

    note = _note(recipe, data, "poly_too_many")

    produced = poly_output_count(n_columns, degree, interaction_only)
    fits = max(
        k
        for k in range(1, n_columns)
        if poly_output_count(k, degree, interaction_only) <= MAX_POLY_FEATURES
    )
    assert produced > MAX_POLY_FEATURES >= poly_output_count(fits, degree, interaction_only)
    assert f"of {n_columns} columns make {produced:,} columns" in note.what
    assert f"at most {fits} columns at degree {degree}" in note.fix


def test_check_pipeline_smote_too_few_names_the_small_class() -> None:
    recipe, data = _data(_few_positives(), task="binary", features={"imbalance": "smote"})

    note = _note(recipe, data, "smote_too_few")

    per_fold = int(data.y_train.value_counts()["yes"] * 4 / 5)
    assert f"The class 'yes' has about {per_fold} training row(s)" in note.what


def test_check_pipeline_order_incomplete_names_the_unplaced_category() -> None:
    recipe, data = _data(features={"ordinal_orders": {"size": ("small", "medium")}})

    assert "'large'" in _note(recipe, data, "order_incomplete").what


def test_check_pipeline_columns_too_missing_names_the_dropped_columns() -> None:
    recipe, data = _data(_sparse(("x1", "x3")), cleaning={"max_missing_share": 0.5})

    note = _note(recipe, data, "columns_too_missing")

    assert "'x1', 'x3' will be dropped" in note.what
    assert "50%" in note.what


# ---------------------------------------------------------------------------------------------
# cost checks
# ---------------------------------------------------------------------------------------------


def test_check_pipeline_matrix_too_large_with_a_huge_text_vocabulary() -> None:
    rng = np.random.default_rng(SEED)
    n = 3200
    words = np.array([f"w{i}" for i in range(50)])
    frame = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "note": pd.array([" ".join(rng.choice(words, size=5)) for _ in range(n)], dtype="str"),
            "y": rng.normal(size=n),
        }
    )
    recipe, data = _data(
        frame,
        data={"column_types": {"note": "text"}},
        features={"text": "tfidf", "text_max_features": 20_000},
    )

    note = _note(recipe, data, "matrix_too_large")

    assert note.severity == "error"
    assert f"{len(data.X_train):,} rows × 20,001 columns" in note.what


def test_check_pipeline_matrix_too_large_follows_the_limit(monkeypatch) -> None:
    recipe, data = _data()
    assert "matrix_too_large" not in _codes(recipe, data)

    monkeypatch.setattr(core.prepare.pipeline_checks, "MAX_MATRIX_MB", 0.001)

    assert _codes(recipe, data)["matrix_too_large"] == "error"


def test_check_pipeline_slow_imputer_on_many_rows(monkeypatch) -> None:
    monkeypatch.setattr(core.prepare.pipeline_checks, "SLOW_IMPUTER_ROWS", 10)
    recipe, data = _data(_with_missing(), cleaning={"numeric_imputation": "knn"})

    assert _codes(recipe, data)["slow_imputer"] == "warning"


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        pytest.param({}, 3 + 4 + 4, id="onehot"),
        pytest.param({"max_onehot_levels": 2}, 3 + 2 + 2, id="onehot-capped"),
        pytest.param({"encoding": "ordinal"}, 3 + 1 + 1, id="ordinal"),
        pytest.param({"encoding": "target"}, 3 + 1 + 1, id="target"),
        pytest.param({"bin_columns": ("x1",), "n_bins": 5}, 2 + 5 + 8, id="bins"),
        pytest.param({"poly_columns": ("x1", "x2")}, 1 + 5 + 8, id="poly-degree-2"),
        pytest.param(
            {"ordinal_orders": {"size": ("small", "medium", "large")}}, 3 + 4 + 1, id="ordered"
        ),
    ],
)
def test_estimated_width_counts_output_columns(features, expected) -> None:
    recipe, data = _data(features=features)

    assert estimated_width(recipe, data) == expected


def test_estimated_width_adds_date_parts_and_text_vocabulary() -> None:
    frame = _dated("D")
    frame["note"] = pd.array(["a long free text note"] * N, dtype="str")
    recipe, data = _data(
        frame,
        data={"column_types": {"note": "text"}},
        features={"date_parts": ("year", "month"), "text": "tfidf", "text_max_features": 50},
    )

    assert estimated_width(recipe, data) == 11 + 2 + 50


# ---------------------------------------------------------------------------------------------
# poly_output_count
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("interaction_only", [False, True], ids=["powers", "interactions"])
@pytest.mark.parametrize("degree", [2, 3, 4])
@pytest.mark.parametrize("n_columns", [1, 2, 3, 5, 8])
def test_poly_output_count_matches_polynomial_features(n_columns, degree, interaction_only) -> None:
    X = np.random.default_rng(SEED).normal(size=(3, n_columns))
    poly = PolynomialFeatures(degree=degree, interaction_only=interaction_only, include_bias=False)

    poly.fit(X)

    assert poly_output_count(n_columns, degree, interaction_only) == poly.n_output_features_


def test_poly_output_count_without_interaction_only_is_a_binomial() -> None:
    assert poly_output_count(7, 4, False) == math.comb(11, 4) - 1 == 329


# ---------------------------------------------------------------------------------------------
# ordering and raising
# ---------------------------------------------------------------------------------------------


def test_check_pipeline_sorts_errors_first_then_warnings_then_notes() -> None:
    recipe, data = _data(
        _sparse(("x1",)),
        cleaning={
            "max_missing_share": 0.5,  # info
            "imputation_overrides": {"city": "median"},  # error: a number strategy for text
        },
        features={
            "selection": "f_test",
            "selection_k": 50,  # warning
            "reduction": "pca",  # info (after selection)
        },
    )

    severities = [n.severity for n in check_pipeline(recipe, data)]

    assert severities[0] == "error"
    assert {"warning", "info"} <= set(severities)
    rank = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=rank.get)


def _n(severity: str, code: str) -> PipelineNote:
    return PipelineNote(severity, code, f"what {code}", f"why {code}", f"fix {code}")


def test_raise_for_errors_raises_the_first_error_with_what_why_fix() -> None:
    notes = [_n("warning", "w"), _n("error", "first"), _n("error", "second")]

    with pytest.raises(PipelineError) as caught:
        raise_for_errors(notes)

    assert (caught.value.what, caught.value.why, caught.value.fix) == (
        "what first",
        "why first",
        "fix first",
    )
    assert isinstance(caught.value, ModelPathError)


@pytest.mark.parametrize(
    "notes",
    [
        pytest.param([], id="no-notes"),
        pytest.param([_n("warning", "w"), _n("info", "i")], id="warnings-and-notes"),
    ],
)
def test_raise_for_errors_is_silent_without_errors(notes) -> None:
    assert raise_for_errors(notes) is None


def test_pipeline_note_message_joins_its_parts() -> None:
    assert _n("error", "x").message == "what x why x fix x"
    assert PipelineNote("info", "y", "Only what.", "", "").message == "Only what."


def test_constant_date_parts_note_names_each_part_and_its_value() -> None:
    recipe, data = _data(_dated("D"), features={"date_parts": ("year", "month", "hour")})
    note = next(n for n in check_pipeline(recipe, data) if n.code == "constant_date_parts")
    assert "when_year (always 2024), when_hour (always 0)" in note.what
    assert "when_month" not in note.what


def test_many_date_columns_note_says_how_many_pairs_are_used() -> None:
    frame = _frame()
    for k in range(6):
        frame[f"d{k}"] = pd.date_range(f"202{k}-01-01", periods=N, freq="D")
    recipe, data = _data(frame)
    note = next(n for n in check_pipeline(recipe, data) if n.code == "date_pairs_capped")
    assert "The 6 date columns make 15 pairs" in note.what
    assert "for 10 of them" in note.what
