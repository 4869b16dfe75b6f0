"""From a prepared table and a recipe to the rows a model learns from and is tested on.

The order is the leak-proof one: pre-split cleaning that learns nothing
(:func:`core.prepare.cleaning.clean_before_split`), then the split
(:func:`core.prepare.split.split_train_test`), then feature columns chosen by kind. What learns
happens later, inside the pipeline, fitted on ``X_train`` (or folds of it) only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.data import PreparedTable
from core.errors import ModelPathError
from core.prepare.cleaning import CleanTable, clean_before_split
from core.prepare.pipeline import FeatureColumns, feature_columns
from core.prepare.split import TrainTestSplit, split_train_test
from core.recipe import Recipe

__all__ = ["TrainingData", "training_data"]


@dataclass(frozen=True)
class TrainingData:
    """The cleaned table split into training and test features and targets.

    Parameters
    ----------
    clean : CleanTable
        The table after pre-split cleaning, with what was changed.
    split : TrainTestSplit
        Which rows train and which are held out.
    columns : FeatureColumns
        Feature columns by kind, and why other columns are not features.
    X_train, X_test : pandas.DataFrame
        Feature columns only.
    y_train, y_test : pandas.Series
        The target.
    task : str
        ``"binary"``, ``"multiclass"`` or ``"regression"``.
    """

    clean: CleanTable
    split: TrainTestSplit
    columns: FeatureColumns
    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series
    task: str


def training_data(table: PreparedTable, recipe: Recipe) -> TrainingData:
    """Clean (learning nothing), split, and pick feature columns, as the recipe says.

    Parameters
    ----------
    table : PreparedTable
        The table converted to its column kinds (from :func:`core.data.dataset.prepare_table`).
    recipe : Recipe
        Needs ``problem.target`` and ``problem.task``.

    Returns
    -------
    TrainingData

    Raises
    ------
    ModelPathError
        When no target or task is chosen, no feature column is left, or the split fails.
    """
    problem = recipe.problem
    if problem.target is None or problem.task is None:
        raise ModelPathError(
            "No target has been chosen yet.",
            "Cleaning and features are learned for a particular target.",
            "Choose the target on the Problem page.",
        )
    clean = clean_before_split(table, recipe.cleaning, target=problem.target)
    columns = feature_columns(table, recipe)
    if not columns.used:
        raise ModelPathError(
            "No column is left to learn from.",
            "Every column is the target, excluded, an identifier, constant, or unused text or "
            "dates.",
            "Include some columns on the Problem page, or use text or dates on the Features page.",
        )
    split = split_train_test(clean.frame, recipe.split, target=problem.target, task=problem.task)
    features = list(columns.used)
    frame = clean.frame
    return TrainingData(
        clean=clean,
        split=split,
        columns=columns,
        X_train=frame.loc[split.train_index, features],
        X_test=frame.loc[split.test_index, features],
        y_train=frame.loc[split.train_index, problem.target],
        y_test=frame.loc[split.test_index, problem.target],
        task=problem.task,
    )
