"""Shared by the engine tests (scoring, cross-validation, quick comparison): a noisy table for
each task, its recipe, data and folds, scikit-learn's own scores to check against, and a budget
that stops after one fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import cross_validate

from core.model import Budget, FoldPlan, model_pipeline, plan_folds, scoring_for
from core.prepare import TrainingData
from core.recipe import Recipe
from tests.core.split_data import recipe_and_data

SEED = 11
N = 300


def noisy_frame(task: str = "binary", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Three numbers (one informative, one curved) and a noisy target."""
    rng = np.random.default_rng(seed)
    x1, x2, x3 = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    signal = 2 * x1 + x2**2 + rng.normal(size=n)
    frame = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3})
    if task == "regression":
        frame["y"] = 10 * signal + 50
    elif task == "multiclass":
        frame["y"] = pd.array(
            np.select([signal < 0, signal < 2], ["low", "mid"], "high"), dtype="str"
        )
    else:
        frame["y"] = pd.array(np.where(signal > 1.5, "yes", "no"), dtype="str")
    return frame


def engine_setup(
    task: str = "binary", *, n: int = N, folds: int = 4, problem: dict | None = None
) -> tuple[Recipe, TrainingData, FoldPlan]:
    """A recipe over :func:`noisy_frame` for ``task``, its split data and its folds."""
    recipe, data = recipe_and_data(
        noisy_frame(task, n), task=task, problem=problem, validation={"folds": folds}
    )
    return recipe, data, plan_folds(data, recipe)


def sklearn_reference(data, recipe, plan, algorithm, params=None):
    """scikit-learn's own cross_validate on the same pipeline, folds and scorer."""
    scoring = scoring_for(recipe, data.y_train)
    scores = cross_validate(
        model_pipeline(data, recipe, algorithm, params),
        data.X_train,
        data.y_train,
        cv=list(plan.splits),
        scoring=scoring.scorer,
        return_train_score=True,
        n_jobs=1,
    )
    test = np.array([scoring.natural(v) for v in scores["test_score"]])
    train = np.array([scoring.natural(v) for v in scores["train_score"]])
    return test, train


def stop_after_first_fit() -> Budget:
    """A budget whose stop request comes as soon as the first fit has finished."""
    reports: list[float] = []
    return Budget(
        should_stop=lambda: len(reports) >= 2,  # the start report, then one per finished fit
        progress=lambda fraction, message: reports.append(fraction),
    )
