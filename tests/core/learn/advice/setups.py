"""Tables with planted problems and the inputs a page would pass to advise() about them,
shared by the tests of every step's advice."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from core.data import load_table
from core.evaluate import TrainedModel, train_and_evaluate
from core.learn import LIFECYCLE, Advice, advise
from core.model import plan_folds
from core.prepare import TrainingData, training_data
from core.recipe import ModelSection, ProblemSection, Recipe, ValidationSection
from core.understand import DatasetProfile, profile_table

STEPS = [step.key for step in LIFECYCLE]
SEED = 3


@dataclasses.dataclass(frozen=True)
class Setup:
    """Everything a page could pass to :func:`advise`."""

    profile: DatasetProfile
    recipe: Recipe
    data: TrainingData
    trained: TrainedModel | None

    def advise(self, step: str, **overrides) -> list[Advice]:
        inputs = {
            "profile": self.profile,
            "recipe": self.recipe,
            "data": self.data,
            "trained": self.trained,
        }
        return advise(step, **{**inputs, **overrides})


def make_setup(
    frame: pd.DataFrame,
    task: str,
    *,
    algorithm: str | None = None,
    params: dict | None = None,
    problem: dict | None = None,
    train: bool = True,
    **sections,
) -> Setup:
    """Load the frame as a CSV file, profile it, split it and (optionally) train on it."""
    loaded = load_table(frame.to_csv(index=False).encode("utf-8"), "table.csv")
    recipe = Recipe(
        problem=ProblemSection(target="y", task=task, **(problem or {})),
        validation=ValidationSection(folds=4),
        model=ModelSection(algorithm=algorithm, params=params or {}),
        **sections,
    )
    profile = profile_table(loaded, recipe)
    data = training_data(profile.table, recipe)
    trained = None
    if train and algorithm is not None:
        trained = train_and_evaluate(data, recipe, plan_folds(data, recipe), n_jobs=1)
    return Setup(profile, recipe, data, trained)


def by_key(items: list[Advice], key: str) -> Advice:
    found = [a for a in items if a.key == key]
    assert found, f"no advice {key!r} in {[a.key for a in items]}"
    return found[0]


def keys_of(items: list[Advice]) -> list[str]:
    return [a.key for a in items]


def clean_frame(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Balanced classes, no gaps, no leak, no IDs; a linear signal a logistic model fits well."""
    rng = np.random.default_rng(seed)
    a, b, c = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    signal = 1.5 * a - b + rng.normal(scale=0.7, size=n)
    return pd.DataFrame(
        {
            "a": a,
            "b": b,
            "c": c,
            "city": rng.choice(["Paris", "Lyon", "Nice", "Lille"], n),
            "y": np.where(signal > np.median(signal), "yes", "no"),
        }
    )


def shares_frame(n: int = 300, majority: float = 0.62, seed: int = SEED) -> pd.DataFrame:
    """Exactly ``majority`` of the rows are 'no'; two weakly informative numbers."""
    rng = np.random.default_rng(seed)
    y = np.array(["no"] * round(majority * n) + ["yes"] * (n - round(majority * n)))
    rng.shuffle(y)
    return pd.DataFrame({"a": rng.normal(size=n) + (y == "yes"), "b": rng.normal(size=n), "y": y})


def name_codes_frame() -> pd.DataFrame:
    frame = shares_frame()
    frame["name"] = [f"person {i % 280}" for i in range(len(frame))]
    return frame
