"""Shared by the search and validation-curve tests: a curved regression table and a recipe
that names an algorithm and a tuning section, with its data and folds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import FoldPlan, plan_folds
from core.prepare import TrainingData
from core.recipe import ModelSection, Recipe, TuningSection
from tests.core.split_data import recipe_and_data

SEED = 5


def curved_frame(n: int = 300, *, noise: float = 1.0, seed: int = SEED) -> pd.DataFrame:
    """A non-linear regression target (a sine and a square) with Gaussian noise."""
    rng = np.random.default_rng(seed)
    x1, x2, x3 = rng.uniform(-3, 3, n), rng.uniform(-3, 3, n), rng.normal(size=n)
    y = 3 * np.sin(x1) + x2**2 + noise * rng.normal(size=n)
    return pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "y": y})


def search_setup(
    algorithm: str,
    *,
    params: dict | None = None,
    tuning: dict | None = None,
    n: int = 300,
    noise: float = 1.0,
    folds: int = 3,
    metric: str = "rmse",
) -> tuple[Recipe, TrainingData, FoldPlan]:
    """A regression recipe over :func:`curved_frame` with ``algorithm`` and the tuning section,
    its split data and its folds."""
    recipe, data = recipe_and_data(
        curved_frame(n, noise=noise),
        task="regression",
        problem={"metric": metric},
        validation={"folds": folds},
    )
    recipe = recipe.with_section(ModelSection(algorithm=algorithm, params=params or {}))
    recipe = recipe.with_section(TuningSection(**(tuning or {})))
    return recipe, data, plan_folds(data, recipe)
