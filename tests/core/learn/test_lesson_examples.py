"""Tests for core.learn.lesson_examples: the Clean and Features lessons told with the person's
data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import make_churn_dataset
from core.learn import clean_examples, features_examples, lesson_examples
from core.prepare import TrainingData
from core.recipe import Recipe
from tests.core.split_data import recipe_and_data

SEED = 13
N = 120


def _fmt(value: float) -> str:
    """Numbers as the lessons print them."""
    return f"{value:,.4g}"


def _frame(task: str = "regression", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Two gappy numbers (one gappier), a skewed number, a small and a large category."""
    rng = np.random.default_rng(seed)
    income = rng.normal(3000, 400, size=n)
    income[::3] = np.nan
    height = rng.normal(170, 8, size=n)
    height[::10] = np.nan
    frame = pd.DataFrame(
        {
            "income": income,
            "height": height,
            "visits": rng.lognormal(0, 1.2, size=n),
            "colour": pd.array(rng.choice(["red", "blue"], size=n), dtype="str"),
            "town": pd.array(rng.choice([f"T{i}" for i in range(7)], size=n), dtype="str"),
        }
    )
    if task == "regression":
        frame["y"] = rng.normal(size=n)
    else:
        frame["y"] = pd.array(np.where(rng.random(n) < 0.2, "yes", "no"), dtype="str")
    return frame


def _data(
    frame: pd.DataFrame | None = None,
    *,
    task: str = "regression",
    cleaning: dict | None = None,
    features: dict | None = None,
    data: dict | None = None,
) -> tuple[Recipe, TrainingData]:
    frame = _frame(task) if frame is None else frame
    return recipe_and_data(frame, task=task, cleaning=cleaning, features=features, data=data)


def _mentioning(sentences: list[str], text: str) -> str:
    found = [s for s in sentences if text in s]
    assert found, f"no sentence mentions {text!r}: {sentences}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# lesson_examples
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "examples"),
    [
        pytest.param("clean", clean_examples, id="clean"),
        pytest.param("features", features_examples, id="features"),
    ],
)
def test_lesson_examples_dispatches_by_key(key, examples) -> None:
    recipe, data = _data()

    assert lesson_examples(key, data, recipe) == examples(data, recipe)


@pytest.mark.parametrize("key", ["split", "model", "explore", ""])
def test_lesson_examples_is_empty_for_other_lessons(key) -> None:
    recipe, data = _data()

    assert lesson_examples(key, data, recipe) == []


# ---------------------------------------------------------------------------------------------
# clean_examples
# ---------------------------------------------------------------------------------------------


def test_clean_examples_state_the_split_sizes() -> None:
    recipe, data = _data()

    first = clean_examples(data, recipe)[0]

    n_train, n_test = len(data.X_train), len(data.X_test)
    assert f"Your {N:,} usable rows are split into {n_train:,} training and {n_test:,}" in first


def test_clean_examples_name_the_gappiest_column_and_its_training_median() -> None:
    recipe, data = _data()

    sentence = _mentioning(clean_examples(data, recipe), "'income' is missing")

    missing = int(data.X_train["income"].isna().sum())
    assert f"in {missing:,} of {len(data.X_train):,} training rows" in sentence
    assert f"training median is {_fmt(data.X_train['income'].median())}" in sentence
    assert "fills the test rows with the same value" in sentence
    assert "'height' is missing" not in " ".join(clean_examples(data, recipe))


def test_clean_examples_name_the_imputation_override() -> None:
    recipe, data = _data(cleaning={"imputation_overrides": {"income": "knn"}})

    sentence = _mentioning(clean_examples(data, recipe), "'income' is missing")

    assert "most similar training rows" in sentence


def test_clean_examples_count_rows_without_a_target() -> None:
    frame = _frame()
    frame.loc[[0, 1, 2, 3], "y"] = np.nan
    recipe, data = _data(frame)

    sentence = _mentioning(clean_examples(data, recipe), "have no value for 'y'")

    assert sentence.startswith("4 row(s)")


def test_clean_examples_point_at_the_column_with_most_values_above_the_fence() -> None:
    recipe, data = _data()

    sentence = _mentioning(clean_examples(data, recipe), "above its upper fence")

    visits = data.X_train["visits"]
    q1, q3 = visits.quantile([0.25, 0.75])
    above = int((visits > q3 + 1.5 * (q3 - q1)).sum())
    assert sentence.startswith(f"'visits' has {above:,} training value(s)")
    assert _fmt(q3 + 1.5 * (q3 - q1)) in sentence


def test_clean_examples_fence_follows_the_chosen_iqr_factor() -> None:
    recipe, data = _data(cleaning={"iqr_factor": 3.0})

    sentence = _mentioning(clean_examples(data, recipe), "above its upper fence")

    visits = data.X_train["visits"]
    q1, q3 = visits.quantile([0.25, 0.75])
    assert f"(Q3 + 3 × IQR = {_fmt(q3 + 3 * (q3 - q1))})" in sentence


def test_clean_examples_describe_spelling_changes() -> None:
    frame = _frame()
    frame.loc[[0, 1, 2], "colour"] = " Red"
    recipe, data = _data(frame, cleaning={"text_normalisation": "trim_lower"})

    sentence = _mentioning(clean_examples(data, recipe), "'colour':")

    change = data.clean.changes[0]
    assert f"{change.cells:,} cell(s) normalised before the split" in sentence
    assert f"{change.categories_before} → {change.categories_after} distinct values" in sentence


@pytest.mark.parametrize(
    ("drop", "state"),
    [pytest.param(True, "are dropped", id="dropped"), pytest.param(False, "are kept", id="kept")],
)
def test_clean_examples_mention_duplicates_and_what_happens_to_them(drop, state) -> None:
    frame = _frame()
    frame = pd.concat([frame, frame.iloc[[5, 6]]], ignore_index=True)
    recipe, data = _data(frame, cleaning={"drop_duplicates": drop})

    sentence = _mentioning(clean_examples(data, recipe), "exactly repeat an earlier row")

    assert sentence.startswith("2 row(s)")
    assert state in sentence


def test_clean_examples_on_the_churn_sample_use_its_columns() -> None:
    frame = make_churn_dataset(n_rows=300, seed=SEED).rename(columns={"churned": "y"})
    recipe, data = _data(frame.drop(columns="cancellation_reason"), task="binary")

    text = " ".join(clean_examples(data, recipe))

    gappiest = data.X_train[list(data.columns.numeric)].isna().sum().idxmax()
    assert gappiest == "satisfaction_score"
    assert f"'{gappiest}' is missing" in text
    assert "exactly repeat an earlier row" in text


# ---------------------------------------------------------------------------------------------
# features_examples
# ---------------------------------------------------------------------------------------------


def test_features_examples_count_the_categories_of_the_largest_category() -> None:
    recipe, data = _data(features={"max_onehot_levels": 5})

    sentence = _mentioning(features_examples(data, recipe), "categories in the training rows")

    levels = data.X_train["town"].nunique()
    assert sentence.startswith(f"'town' has {levels:,} categories")
    assert "about 5 columns from it (capped at 5" in sentence


def test_features_examples_name_the_most_skewed_column() -> None:
    recipe, data = _data()

    sentence = _mentioning(features_examples(data, recipe), "is skewed")

    skew = data.X_train["visits"].skew()
    assert sentence.startswith(f"'visits' is skewed (skewness {skew:.1f})")


def test_features_examples_compare_the_widest_and_narrowest_ranges() -> None:
    recipe, data = _data()

    sentence = _mentioning(features_examples(data, recipe), " spans ")

    income = data.X_train["income"]
    assert sentence.startswith(f"'income' spans {_fmt(income.max() - income.min())}")
    assert "while 'visits' spans" in sentence


def test_features_examples_mention_the_minority_class_share() -> None:
    recipe, data = _data(task="binary")

    sentence = _mentioning(features_examples(data, recipe), "of training rows. Resampling")

    share = data.y_train.value_counts(normalize=True)["yes"]
    assert sentence.startswith(f"'yes' is {share:.0%} of training rows")


def test_features_examples_describe_date_parts_and_text() -> None:
    frame = _frame()
    frame["joined"] = pd.date_range("2021-03-04", periods=N, freq="D")
    frame["note"] = pd.array(["a short free text note here"] * N, dtype="str")
    recipe, data = _data(
        frame,
        data={"column_types": {"note": "text"}},
        features={"text": "tfidf", "text_max_features": 40},
    )

    text = " ".join(features_examples(data, recipe))

    earliest = data.X_train["joined"].min().date()
    assert (
        f"'joined' becomes month, weekday, days_since; 'days since' counts from {earliest}" in text
    )
    left_out = "Left out of 'joined', as every training row has the same one: "
    assert left_out + "year (always 2021), hour (always 0)." in text
    assert "'note' is free text" in text
    assert "at most 40" in text


# ---------------------------------------------------------------------------------------------
# tables with little to say
# ---------------------------------------------------------------------------------------------


def _without_missing(task: str = "regression") -> pd.DataFrame:
    return _frame(task).fillna({"income": 3000.0, "height": 170.0})


def _numbers_only(task: str = "regression") -> pd.DataFrame:
    return _frame(task).drop(columns=["colour", "town"])


def _categories_only(task: str = "regression") -> pd.DataFrame:
    return _frame(task).drop(columns=["income", "height", "visits"])


@pytest.mark.parametrize(
    ("frame", "task"),
    [
        pytest.param(_without_missing, "regression", id="no-missing-values"),
        pytest.param(_numbers_only, "regression", id="no-categorical-columns"),
        pytest.param(_categories_only, "regression", id="no-numeric-columns"),
        pytest.param(_without_missing, "binary", id="classification-no-missing"),
        pytest.param(_categories_only, "binary", id="classification-categories-only"),
    ],
)
@pytest.mark.parametrize("key", ["clean", "features"])
def test_lesson_examples_never_crash_on_plain_tables(frame, task, key) -> None:
    recipe, data = _data(frame(task), task=task)

    sentences = lesson_examples(key, data, recipe)

    assert all(isinstance(s, str) and s for s in sentences)


def test_clean_examples_without_missing_values_skip_the_imputation_sentence() -> None:
    recipe, data = _data(_without_missing())

    text = " ".join(clean_examples(data, recipe))

    assert "is missing in" not in text
    assert "imputation" not in text


def test_features_examples_without_categories_skip_the_encoding_sentence() -> None:
    recipe, data = _data(_numbers_only())

    text = " ".join(features_examples(data, recipe))

    assert "categories in the training rows" not in text


def test_features_examples_for_regression_skip_the_class_balance_sentence() -> None:
    recipe, data = _data()

    text = " ".join(features_examples(data, recipe))

    assert "Resampling" not in text


def test_features_examples_flag_a_category_that_differs_in_most_rows() -> None:
    frame = _frame()
    frame["name"] = pd.array([f"Person {i}" for i in range(len(frame))], dtype="str")
    # Read as an identifier (left out) unless the person sets it back to categorical.
    recipe, data = _data(frame, data={"column_types": {"name": "categorical"}})
    sentence = _mentioning(features_examples(data, recipe), "different value in most rows")
    assert "'name'" in sentence


def test_lesson_numbers_are_never_in_scientific_notation() -> None:
    frame = _frame()
    frame["income"] = frame["income"] * 10  # spans tens of thousands
    recipe, data = _data(frame)
    for sentence in features_examples(data, recipe) + clean_examples(data, recipe):
        assert "e+" not in sentence
