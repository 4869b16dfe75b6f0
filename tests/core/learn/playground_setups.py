"""Tables, recipes and figure readers shared by the playground's tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.learn import Playground
from core.prepare import TrainingData
from core.recipe import Recipe
from tests.core.split_data import recipe_and_data

SEED = 3
N = 300


def make_frame(task: str, n: int = N, *, seed: int = SEED, classes: int = 3) -> pd.DataFrame:
    """Two informative numbers on different scales, a noise number, a category and a target."""
    rng = np.random.default_rng(seed)
    alpha = rng.normal(0.0, 1.0, size=n)
    beta = rng.normal(50.0, 10.0, size=n)
    signal = alpha + (beta - 50.0) / 10.0 + rng.normal(scale=0.4, size=n)
    frame = pd.DataFrame(
        {
            "alpha": alpha,
            "beta": beta,
            "noise": rng.normal(size=n),
            "colour": rng.choice(["red", "green", "blue"], size=n),
        }
    )
    if task == "regression":
        frame["y"] = 3.0 * signal
    elif task == "binary":
        frame["y"] = np.where(signal > 0, "yes", "no")
    else:
        edges = np.quantile(signal, np.linspace(0, 1, classes + 1)[1:-1])
        frame["y"] = np.array([f"k{i}" for i in range(classes)])[np.searchsorted(edges, signal)]
    return frame


def make_setup(
    task: str = "binary",
    algorithm: str | None = "logistic_regression",
    params: dict | None = None,
    *,
    n: int = N,
    frame: pd.DataFrame | None = None,
) -> tuple[Recipe, TrainingData]:
    recipe, data = recipe_and_data(make_frame(task, n) if frame is None else frame, task=task)
    recipe = recipe.with_section(
        recipe.model.with_changes(algorithm=algorithm, params=params or {})
    )
    return recipe, data


def region_traces(result: Playground) -> list:
    return [t for t in result.figure.data if t.type in ("heatmap", "contour")]


def point_traces(result: Playground, symbol: str) -> list:
    return [
        t
        for t in result.figure.data
        if t.type == "scatter" and t.mode == "markers" and t.marker.symbol == symbol
    ]


def drawn_count(traces: list) -> int:
    return sum(len(t.x) for t in traces)
