"""Shared by the evaluation tests: fixed binary data, and one metric's value on predictions."""

from __future__ import annotations

import numpy as np
import pandas as pd

import core.evaluate.metrics as metrics
from core.evaluate import Predictions

SEED = 0


def binary_data(n: int = 400, seed: int = SEED) -> tuple[pd.DataFrame, pd.Series]:
    """Two informative features and noise; "yes" for about 35 % of rows; a shifted index."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "noise"])
    X.index = pd.RangeIndex(1_000, 1_000 + n)
    signal = X["a"] - 0.5 * X["b"] + rng.normal(scale=0.8, size=n)
    y = pd.Series(np.where(signal > 0.4, "yes", "no"), index=X.index, name="churn", dtype="str")
    return X, y


def metric_value(pred: Predictions, key: str) -> float | None:
    """The value of one metric on ``pred`` (None when it is undefined there)."""
    return metrics.metric_values(pred)[key].value
