"""Shared by core tests: a recipe over a small frame, and the split data it gives."""

from __future__ import annotations

import pandas as pd

from core.data import prepare_table
from core.prepare import TrainingData, training_data
from core.recipe import (
    CleaningSection,
    DataSection,
    FeaturesSection,
    ProblemSection,
    Recipe,
    ValidationSection,
)


def recipe_and_data(
    frame: pd.DataFrame,
    *,
    task: str = "regression",
    data: dict | None = None,
    problem: dict | None = None,
    cleaning: dict | None = None,
    features: dict | None = None,
    validation: dict | None = None,
) -> tuple[Recipe, TrainingData]:
    """A recipe predicting ``y`` with the given section fields, and its training data."""
    recipe = Recipe(
        data=DataSection(**(data or {})),
        problem=ProblemSection(target="y", task=task, **(problem or {})),
        cleaning=CleaningSection(**(cleaning or {})),
        features=FeaturesSection(**(features or {})),
        validation=ValidationSection(**(validation or {})),
    )
    table = prepare_table(frame, recipe.data, target="y")
    return recipe, training_data(table, recipe)
