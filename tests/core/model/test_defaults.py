"""The app's defaults: problem completion and the first algorithm to try."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import SAMPLES, LoadedTable, load_table, sample_csv_bytes, sample_file_name
from core.errors import ProblemError
from core.model import SMALL_TABLE_ROWS, complete_problem, model_spec, recommend_algorithm
from core.recipe import ProblemSection, Recipe
from core.understand import class_balance, default_positive_class, profile_table, recommend_metric
from tests.core.split_data import recipe_and_data

SEED = 13
WORDS = np.array(["price", "too", "high", "service", "slow", "staff", "kind", "call", "later"])


def _frame(n: int, *, task: str = "regression", seed: int = SEED) -> pd.DataFrame:
    """A number with gaps, a category, and a target."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    x[::7] = np.nan
    frame = pd.DataFrame(
        {
            "x": x,
            "z": rng.normal(size=n),
            "plan": pd.array(rng.choice(["basic", "plus", "pro"], n), dtype="str"),
        }
    )
    if task == "regression":
        frame["y"] = 2 * frame["z"] + rng.normal(size=n)
    else:
        frame["y"] = pd.array(np.where(rng.random(n) < 0.3, "yes", "no"), dtype="str")
    return frame


def _loaded(frame: pd.DataFrame) -> LoadedTable:
    return load_table(frame.to_csv(index=False).encode("utf-8"), "table.csv")


def _app_choices(loaded: LoadedTable, target: str) -> tuple[str, str, object | None]:
    """What the Problem page starts from: the inferred task, the recommended metric and the
    default positive class (for binary targets)."""
    profile = profile_table(loaded, Recipe(problem=ProblemSection(target=target)))
    y = profile.table.frame[target]
    task = profile.task.task
    positive = default_positive_class(y)[0] if task == "binary" else None
    return task, profile.metric_advice.metric, positive


# ---------------------------------------------------------------------------------------------
# complete_problem
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["breast_cancer", "iris", "diabetes"])
def test_complete_problem_fills_what_the_app_starts_from(key) -> None:
    sample = SAMPLES[key]
    loaded = load_table(sample_csv_bytes(key), sample_file_name(key))
    target = sample.suggested_target

    recipe, profile = complete_problem(loaded, Recipe(problem=ProblemSection(target=target)))

    task, metric, positive = _app_choices(loaded, target)
    assert recipe.problem.task == task == sample.task
    assert recipe.problem.metric == metric
    assert recipe.problem.positive_class == positive
    assert recipe.problem.target == target
    y = profile.table.frame[target]
    if task == "binary":
        assert positive in class_balance(y).classes
    assert profile.task.task == task
    assert profile.metric_advice.metric == metric


def test_complete_problem_fills_a_binary_problem_from_csv_bytes() -> None:
    loaded = _loaded(_frame(200, task="binary"))

    recipe, profile = complete_problem(loaded, Recipe(problem=ProblemSection(target="y")))

    y = profile.table.frame["y"]
    assert recipe.problem.task == "binary"
    assert recipe.problem.positive_class == "yes"  # reads as the 'yes' outcome
    assert recipe.problem.metric == recommend_metric(y, "binary", positive_class="yes").metric


def test_complete_problem_keeps_what_the_person_chose() -> None:
    loaded = _loaded(_frame(200, task="binary"))
    chosen = ProblemSection(target="y", task="binary", metric="mcc", positive_class="yes")

    recipe, _ = complete_problem(loaded, Recipe(problem=chosen))

    assert recipe.problem == chosen


def test_complete_problem_treats_a_numeric_target_as_regression_without_positive_class() -> None:
    loaded = _loaded(_frame(200))

    recipe, profile = complete_problem(loaded, Recipe(problem=ProblemSection(target="y")))

    assert recipe.problem.task == "regression"
    assert recipe.problem.positive_class is None
    assert recipe.problem.metric == recommend_metric(profile.table.frame["y"], "regression").metric
    assert recipe.problem.metric in ("rmse", "mae")


def test_complete_problem_fills_a_chosen_multiclass_task_without_positive_class() -> None:
    frame = _frame(300)
    frame["y"] = pd.array(np.resize(["low", "mid", "high"], 300), dtype="str")

    recipe, _ = complete_problem(
        _loaded(frame), Recipe(problem=ProblemSection(target="y", task="multiclass"))
    )

    assert recipe.problem.task == "multiclass"
    assert recipe.problem.positive_class is None
    assert recipe.problem.metric == "accuracy"  # three classes of equal size


def test_complete_problem_needs_a_target() -> None:
    with pytest.raises(ProblemError, match="No target column is given"):
        complete_problem(_loaded(_frame(50)), Recipe())


def test_complete_problem_refuses_a_target_that_cannot_be_modelled() -> None:
    frame = _frame(50)
    frame["y"] = 1.0  # one value: nothing to predict

    with pytest.raises(ProblemError):
        complete_problem(_loaded(frame), Recipe(problem=ProblemSection(target="y")))


# ---------------------------------------------------------------------------------------------
# recommend_algorithm
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "expected"), [("regression", "ridge"), ("binary", "logistic_regression")]
)
def test_a_small_table_gets_a_linear_model(task, expected) -> None:
    _, data = recipe_and_data(_frame(300, task=task), task=task)
    n_rows = len(data.X_train)
    assert n_rows < SMALL_TABLE_ROWS

    advice = recommend_algorithm(data)

    assert advice.algorithm == expected
    assert task in model_spec(advice.algorithm).tasks
    assert advice.reasons[0].startswith(f"{n_rows:,} training rows is a small table")
    assert advice.alternatives == ("random_forest", "knn")


def test_more_columns_than_rows_is_named_as_a_reason() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({f"n{i}": rng.normal(size=50) for i in range(45)})
    frame["y"] = rng.normal(size=50)
    _, data = recipe_and_data(frame, task="regression")

    advice = recommend_algorithm(data)

    assert advice.algorithm == "ridge"
    assert f"There are 45 feature columns for {len(data.X_train)} rows" in advice.reasons[1]


@pytest.mark.parametrize(
    ("n", "train_rows", "expected"),
    [(1248, 998, "ridge"), (1250, 1_000, "hist_gradient_boosting")],
)
def test_gradient_boosting_from_a_thousand_training_rows(n, train_rows, expected) -> None:
    _, data = recipe_and_data(_frame(n), task="regression")
    assert len(data.X_train) == train_rows

    advice = recommend_algorithm(data)

    assert advice.algorithm == expected
    assert advice.reasons[0].startswith(f"{train_rows:,} training rows")


def test_gradient_boosting_reasons_quote_the_data() -> None:
    _, data = recipe_and_data(_frame(1500, task="binary"), task="binary")
    n_rows = len(data.X_train)
    missing = int(data.X_train.isna().sum().sum())
    assert n_rows == 1_200
    assert missing > 0

    advice = recommend_algorithm(data)

    assert advice.algorithm == "hist_gradient_boosting"
    assert advice.alternatives == ("random_forest", "logistic_regression")
    text = " ".join(advice.reasons)
    assert "1,200 training rows" in text
    assert "1 categorical or yes/no column(s)" in text
    assert f"{missing:,} missing cells" in text
    assert "Compare it with logistic regression" in text


def test_text_columns_get_a_linear_model_even_on_a_large_table() -> None:
    frame = _frame(1500)
    rng = np.random.default_rng(SEED)
    frame["note"] = [" ".join(rng.choice(WORDS, 8)) for _ in range(len(frame))]
    _, data = recipe_and_data(frame, task="regression", features={"text": "tfidf"})
    assert data.columns.text == ("note",)

    advice = recommend_algorithm(data)

    assert advice.algorithm == "ridge"
    assert "1 free-text column(s)" in advice.reasons[0]
    assert f"{len(data.X_train):,} training rows" in advice.reasons[1]
    assert advice.alternatives == ("linear_svm", "hist_gradient_boosting")
    # Without the text column, the same table gets gradient boosting.
    _, plain = recipe_and_data(frame.drop(columns="note"), task="regression")
    assert recommend_algorithm(plain).algorithm == "hist_gradient_boosting"


def test_complete_problem_recommends_the_metric_for_the_chosen_positive_class() -> None:
    # The app recommends the metric with the person's positive class; so must the CLI.
    rng = np.random.default_rng(0)
    n = 300
    frame = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n)})
    frame["churned"] = np.where(rng.random(n) < 0.2, "yes", "no")
    loaded = load_table(frame.to_csv(index=False).encode(), "t.csv")
    recipe = Recipe(problem=ProblemSection(target="churned", task="binary", positive_class="no"))

    completed, profile = complete_problem(loaded, recipe)

    assert completed.problem.positive_class == "no"
    assert completed.problem.metric == profile.metric_advice.metric
