"""The choices ModelPath makes when a person has not made them, in the app and the CLI alike.

The Problem page starts from the inferred task, the recommended metric and the default
positive class; the Algorithm page starts from :func:`recommend_algorithm`. The command line
fills an absent or partial recipe with exactly these, so ``python -m core train`` and a person
who clicks through without changing anything get the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.data import LoadedTable
from core.errors import ProblemError
from core.prepare import TrainingData
from core.recipe import CLASSIFICATION_TASKS, Recipe
from core.understand import (
    DatasetProfile,
    class_balance,
    default_positive_class,
    profile_table,
    recommend_metric,
)

__all__ = [
    "SMALL_TABLE_ROWS",
    "Recommendation",
    "complete_problem",
    "recommend_algorithm",
]

SMALL_TABLE_ROWS = 1_000


def complete_problem(loaded: LoadedTable, recipe: Recipe) -> tuple[Recipe, DatasetProfile]:
    """Fill the problem section's unset task, metric and positive class with the app's defaults.

    Parameters
    ----------
    loaded : LoadedTable
    recipe : Recipe
        Needs ``problem.target``.

    Returns
    -------
    recipe : Recipe
    profile : DatasetProfile

    Raises
    ------
    ProblemError
        When no target is set or the target cannot be modelled.
    """
    problem = recipe.problem
    if problem.target is None:
        raise ProblemError(
            "No target column is given.",
            "A model needs to know which column to predict.",
            "Name the target (e.g. --target churned).",
        )
    profile = profile_table(loaded, recipe)
    if profile.task_error:
        raise ProblemError(profile.task_error)
    task = problem.task or profile.task.task
    changes: dict = {"task": task}
    y = profile.table.frame[problem.target]
    positive = problem.positive_class if task == "binary" else None
    if task == "binary" and positive is None:
        positive = default_positive_class(y)[0]
    elif task == "binary":
        # As the data spells it: a recipe from before labels kept their spelling may say true
        # for the label 1 (equal in Python, yet printed and saved differently), and a recipe
        # written by hand may say "1".
        classes = class_balance(y).classes
        same = [c for c in classes if c == positive] or [
            c for c in classes if str(c) == str(positive)
        ]
        positive = same[0] if same else positive
    changes["positive_class"] = positive
    if problem.metric is None:
        # The positive class decides imbalance readings, so it goes in as the app passes it.
        changes["metric"] = recommend_metric(y, task, positive_class=positive).metric
    recipe = recipe.with_section(problem.with_changes(**changes))
    return recipe, profile_table(loaded, recipe)


@dataclass(frozen=True)
class Recommendation:
    """A suggested algorithm, the data's numbers behind it, and alternatives worth comparing."""

    algorithm: str
    reasons: tuple[str, ...]
    alternatives: tuple[str, ...]


def recommend_algorithm(data: TrainingData) -> Recommendation:
    """Suggest a first algorithm from the data's size, column kinds and task.

    Parameters
    ----------
    data : TrainingData

    Returns
    -------
    Recommendation
        With reasons that quote the data's own numbers.
    """
    classify = data.task in CLASSIFICATION_TASKS
    linear = "logistic_regression" if classify else "ridge"
    n_rows = len(data.X_train)
    columns = data.columns
    n_features = len(columns.used)
    n_categorical = len(columns.categorical) + len(columns.boolean)
    missing = int(data.X_train.isna().sum().sum())
    if columns.text:
        return Recommendation(
            linear,
            (
                f"{len(columns.text)} free-text column(s) become hundreds of sparse word "
                "features; regularised linear models handle such wide, sparse inputs best.",
                f"{n_rows:,} training rows is enough for a linear model to learn word weights.",
            ),
            ("linear_svm", "hist_gradient_boosting"),
        )
    if n_rows < SMALL_TABLE_ROWS or n_features >= n_rows:
        reasons = [
            f"{n_rows:,} training rows is a small table: a simple, regularised linear model "
            "overfits least, and its weights are easy to read.",
        ]
        if n_features >= n_rows:
            reasons.append(
                f"There are {n_features} feature columns for {n_rows:,} rows; with more "
                "columns than rows, flexible models memorise."
            )
        reasons.append("Compare it with a random forest, which catches non-linear patterns.")
        return Recommendation(linear, tuple(reasons), ("random_forest", "knn"))
    reasons = [
        f"{n_rows:,} training rows is enough for gradient boosting, which is usually the most "
        "accurate choice on tables, and stays fast on large ones.",
    ]
    if n_categorical:
        reasons.append(
            f"{n_categorical} categorical or yes/no column(s): trees split on them directly "
            "and find interactions by themselves."
        )
    if missing:
        reasons.append(
            f"{missing:,} missing cells in the training rows: histogram gradient boosting "
            "can also take missing values natively."
        )
    reasons.append(
        f"Compare it with {'logistic regression' if classify else 'ridge'}, a "
        "simpler baseline that is easier to explain."
    )
    return Recommendation("hist_gradient_boosting", tuple(reasons), ("random_forest", linear))
