"""Shared by the run tests: a small recipe and a small run whose fields a test may override."""

from __future__ import annotations

from typing import Any

from core.evaluate import Run
from core.recipe import Recipe

FOLDS = (0.80, 0.82, 0.79, 0.81, 0.83)


def make_recipe(algorithm: str = "ridge", **params: Any) -> Recipe:
    recipe = Recipe()
    return recipe.with_section(recipe.model.with_changes(algorithm=algorithm, params=params))


def make_run(folds: tuple[float, ...] = FOLDS, **changes: Any) -> Run:
    """A small run; ``changes`` override any field."""
    values: dict[str, Any] = {
        "recipe": make_recipe(),
        "algorithm": "ridge",
        "algorithm_label": "Ridge regression",
        "metric": "r2",
        "cv_folds": folds,
        "cv_train_folds": tuple(f + 0.05 for f in folds),
        "planned_folds": len(folds),
        "folds_fingerprint": "folds-a",
        "rows_fingerprint": "rows-a",
        "dataset_label": "houses.csv",
        "n_train": 400,
        "n_test": 100,
        "test_fraction": 0.25,
        "test_metrics": {"r2": 0.8, "rmse": 12.5},
        "baseline_cv_mean": 0.0,
        "baseline_test": {"r2": -0.01},
        "fit_seconds": 0.2,
        "total_seconds": 1.5,
    }
    values.update(changes)
    return Run(**values)
