"""Small trained models the delivery tests share: a messy binary classifier (text numbers,
yes/no text, day-first dates, categories to clean), and the helpers that build them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.data import PreparedTable, load_table, prepare_table
from core.deliver import ModelCard, model_card
from core.evaluate import TrainedModel, train_and_evaluate
from core.model import plan_folds
from core.prepare import TrainingData, training_data
from core.recipe import (
    CleaningSection,
    DataSection,
    ModelSection,
    ProblemSection,
    Recipe,
    ValidationSection,
)

SEED = 11
N = 160
CITIES = (" NYC", "nyc", "New York", "boston", "Boston ", "Chicago", "chicago")


@dataclass(frozen=True)
class Trained:
    raw: pd.DataFrame
    table: PreparedTable
    data: TrainingData
    trained: TrainedModel
    card: ModelCard

    @property
    def pipeline(self):
        return self.trained.final.pipeline


def train(raw: pd.DataFrame, recipe: Recipe, *, source_name: str | None = None) -> Trained:
    table = prepare_table(raw, recipe.data, target=recipe.problem.target)
    data = training_data(table, recipe)
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe), n_jobs=1)
    card = model_card(trained, data, table, source_name=source_name)
    return Trained(raw, table, data, trained, card)


def as_uploaded(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame written as CSV and loaded back as the app loads uploads."""
    return load_table(frame.to_csv(index=False).encode("utf-8"), "rows.csv").frame


def messy_rows(n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Text numbers with currency and thousands separators, yes/no text, day-first dates as
    text, categories needing trimming, lower-casing and a merge, whole numbers, codes, gaps."""
    rng = np.random.default_rng(seed)
    income = rng.normal(50_000, 15_000, n).round(2)
    member = rng.choice(["yes", "no", " Yes", "NO"], n)
    city = rng.choice(CITIES, n)
    rooms = rng.integers(1, 6, n)
    # Days up to 28 so that only the day-first format reads every date.
    joined = [
        f"{d:02d}/{m:02d}/{y}"
        for d, m, y in zip(
            rng.integers(1, 29, n), rng.integers(1, 13, n), rng.integers(2019, 2023, n), strict=True
        )
    ]
    is_member = np.char.lower(np.char.strip(member.astype(str))) == "yes"
    signal = income / 10_000 + 1.5 * is_member + 0.5 * rooms + rng.normal(0, 1, n)
    frame = pd.DataFrame(
        {
            "income": [f"${v:,.2f}" for v in income],
            "member": member,
            "city": city,
            "rooms": rooms,
            "joined": joined,
            "code": rng.integers(1, 4, n),
            "y": np.where(signal > np.median(signal), "spam", "ham"),
        }
    )
    frame.loc[frame.index % 9 == 0, "income"] = ""
    frame.loc[frame.index % 13 == 0, "city"] = ""
    frame.loc[frame.index % 17 == 0, "rooms"] = np.nan
    return frame


def messy_recipe(**problem) -> Recipe:
    return Recipe(
        data=DataSection(source_name="customers.csv", column_types={"code": "categorical"}),
        problem=ProblemSection(target="y", task="binary", **problem),
        cleaning=CleaningSection(
            text_normalisation="trim_lower", category_merges={"city": {"NYC": "New York"}}
        ),
        validation=ValidationSection(folds=3),
        model=ModelSection(algorithm="logistic_regression"),
    )


def new_rows(messy: Trained, n: int = 6) -> pd.DataFrame:
    """Rows the model never saw, as a file loads them (without the target)."""
    return as_uploaded(messy_rows(n, seed=SEED + 1).drop(columns="y"))
