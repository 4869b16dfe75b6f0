"""Fixtures shared by the advice tests: a well-fit model on clean data and a tree that
memorises. Trained once for the whole package: training is the slow part."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.core.learn.advice.setups import SEED, Setup, clean_frame, make_setup


@pytest.fixture(scope="package")
def clean() -> Setup:
    return make_setup(
        clean_frame(), "binary", algorithm="logistic_regression", problem={"metric": "accuracy"}
    )


@pytest.fixture(scope="package")
def deep_tree() -> Setup:
    """A tree grown without limit on a weak, noisy signal: it memorises."""
    rng = np.random.default_rng(SEED)
    n = 300
    a, b = rng.normal(size=n), rng.normal(size=n)
    y = np.where(a + rng.normal(scale=2.0, size=n) > 0, "yes", "no")
    frame = pd.DataFrame({"a": a, "b": b, "y": y})
    return make_setup(frame, "binary", algorithm="decision_tree", problem={"metric": "accuracy"})
