"""Generated tables for the benchmark, and the recipe + training data + folds built from them.

The tables are made from a seeded :class:`numpy.random.Generator` only, so the same ``rows`` and
``seed`` always give the same table, split and folds. Each has eight numeric columns (two with
missing values), two text categories (one with missing values, one with twelve levels) and a
target column ``y``: ``"yes"``/``"no"`` for the binary task, a float for regression.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.data import prepare_table
from core.model import FoldPlan, plan_folds
from core.prepare import TrainingData, training_data
from core.recipe import ModelSection, ProblemSection, Recipe, TuningSection

__all__ = ["Case", "make_case", "make_frame", "with_search"]

N_NUMERIC = 8
MISSING_SHARE = 0.05
CITIES = tuple(f"city_{i}" for i in range(6))
PLANS = tuple(f"plan_{i:02d}" for i in range(12))


def make_frame(rows: int, seed: int, task: str) -> pd.DataFrame:
    """A mixed numeric + categorical table with missing values and a target ``y``.

    Parameters
    ----------
    rows : int
        Number of rows.
    seed : int
        Seed of the generator (the same seed gives the same table).
    task : {"binary", "regression"}
        Whether ``y`` holds ``"yes"``/``"no"`` labels or numbers.

    Returns
    -------
    pandas.DataFrame
    """
    rng = np.random.default_rng(seed)
    numbers = rng.normal(size=(rows, N_NUMERIC))
    frame = pd.DataFrame(numbers, columns=[f"x{i}" for i in range(N_NUMERIC)])
    frame["city"] = rng.choice(np.array(CITIES, dtype=object), rows)
    frame["plan"] = rng.choice(np.array(PLANS, dtype=object), rows)
    signal = (
        numbers[:, 0]
        - 0.5 * numbers[:, 1]
        + 0.4 * numbers[:, 2] * numbers[:, 3]
        + 0.6 * np.sin(2 * numbers[:, 4])
        + 0.8 * (frame["city"].to_numpy() == "city_1")
        - 0.5 * np.isin(frame["plan"].to_numpy(), PLANS[:4])
    )
    # Missing values after the signal: the model sees gaps the target does not depend on.
    for column in ("x1", "x5", "city"):
        frame.loc[rng.random(rows) < MISSING_SHARE, column] = np.nan
    if task == "binary":
        chance = 1.0 / (1.0 + np.exp(-signal))
        frame["y"] = np.where(rng.random(rows) < chance, "yes", "no")
    elif task == "regression":
        frame["y"] = 3.0 * signal + rng.normal(scale=1.0, size=rows) + 10.0
    else:
        raise ValueError(f"task must be 'binary' or 'regression', not {task!r}")
    return frame


@dataclass(frozen=True)
class Case:
    """One generated table ready to cross-validate: its recipe, split data and folds."""

    rows: int
    task: str
    recipe: Recipe
    data: TrainingData
    plan: FoldPlan

    @property
    def name(self) -> str:
        """``"10k"``, ``"100k"``, or the row count when it is not a round thousand."""
        return f"{self.rows // 1000}k" if self.rows % 1000 == 0 else f"{self.rows}"


def make_case(rows: int, seed: int, task: str) -> Case:
    """The default recipe predicting ``y`` of :func:`make_frame`, its training data and folds.

    Built the way the app builds them: :func:`core.data.dataset.prepare_table`, then
    :func:`core.prepare.training_rows.training_data` (pre-split cleaning and the 80/20 split), then
    :func:`core.model.folds.plan_folds` (5 stratified folds for binary, 5 K-folds for
    regression).
    """
    frame = make_frame(rows, seed, task)
    recipe = Recipe(problem=ProblemSection(target="y", task=task))
    table = prepare_table(frame, recipe.data, target="y")
    data = training_data(table, recipe)
    return Case(rows, task, recipe, data, plan_folds(data, recipe))


def with_search(
    recipe: Recipe, algorithm: str, method: str, space: dict, *, n_candidates: int
) -> Recipe:
    """The recipe set to search ``algorithm`` over ``space`` with ``method``."""
    return recipe.with_section(ModelSection(algorithm=algorithm)).with_section(
        TuningSection(method=method, n_candidates=n_candidates, space=space)
    )
