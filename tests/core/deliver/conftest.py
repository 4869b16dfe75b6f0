"""Fixtures shared by the delivery tests: trained models with their cards, once per module."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.recipe import ModelSection, ProblemSection, Recipe, ValidationSection
from tests.core.deliver.trained_models import (
    SEED,
    Trained,
    as_uploaded,
    messy_recipe,
    messy_rows,
    train,
)


@pytest.fixture(scope="module")
def messy() -> Trained:
    return train(as_uploaded(messy_rows()), messy_recipe())


@pytest.fixture(scope="module")
def regression() -> Trained:
    rng = np.random.default_rng(SEED)
    a = rng.normal(size=120)
    b = rng.choice(["x", "y", "z"], 120)
    frame = pd.DataFrame({"a": a, "b": b, "y": 3 * a + (b == "x") + rng.normal(0, 0.1, 120)})
    recipe = Recipe(
        problem=ProblemSection(target="y", task="regression"),
        validation=ValidationSection(folds=2),
        model=ModelSection(algorithm="ridge"),
    )
    return train(frame, recipe)


@pytest.fixture(scope="module")
def decimal_comma() -> Trained:
    """A model whose numeric column was text with decimal commas in training."""
    rng = np.random.default_rng(SEED)
    price = rng.uniform(500, 5_000, 100).round(2)
    text = [f"€{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") for v in price]
    frame = pd.DataFrame({"price": pd.array(text, dtype="str"), "y": price / 100})
    recipe = Recipe(
        problem=ProblemSection(target="y", task="regression"),
        validation=ValidationSection(folds=2),
        model=ModelSection(algorithm="ridge"),
    )
    return train(frame, recipe)
