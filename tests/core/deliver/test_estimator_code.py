"""Tests of core.deliver.estimator_code: estimators written as the code that builds them.

Every pipeline ModelPath can build must come back from its rendered code with the same settings.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
import warnings

import numpy as np
import pytest

from core.data import prepare_table
from core.deliver import estimator_code
from core.model import model_pipeline, models_for_task
from core.prepare import training_data
from core.recipe import DataSection
from tests.core.deliver.test_script import _namespace
from tests.core.prepare.test_pipeline_combinations import CASES, _random_recipe

# --- every pipeline comes back from its code ------------------------------------------------


def _same_settings(made, wanted, where: str = "pipeline") -> None:
    """Recursively compare two estimators' settings (copied classes compare by name)."""
    if hasattr(wanted, "get_params"):
        assert type(made).__name__ == type(wanted).__name__, where
        mine, theirs = made.get_params(deep=False), wanted.get_params(deep=False)
        for key, value in theirs.items():
            if key in ("n_jobs", "verbose", "memory"):
                continue
            _same_settings(mine[key], value, f"{where}.{key}")
    elif isinstance(wanted, list | tuple):
        assert isinstance(made, list | tuple), where
        assert len(made) == len(wanted), where
        for i, (a, b) in enumerate(zip(made, wanted, strict=True)):
            _same_settings(a, b, f"{where}[{i}]")
    elif isinstance(wanted, dict):
        assert made.keys() == wanted.keys(), where
        for key in wanted:
            _same_settings(made[key], wanted[key], f"{where}[{key!r}]")
    elif isinstance(wanted, functools.partial):
        assert made.func.__name__ == wanted.func.__name__, where
        assert made.keywords == wanted.keywords, where
    elif dataclasses.is_dataclass(wanted):
        assert type(made).__name__ == type(wanted).__name__, where
        assert dataclasses.astuple(made) == dataclasses.astuple(wanted), where
    elif hasattr(wanted, "get_n_splits"):
        assert repr(made) == repr(wanted), where
    elif callable(wanted) and hasattr(wanted, "__name__"):
        assert made.__name__ == wanted.__name__, where
    elif isinstance(wanted, float) and math.isnan(wanted):
        assert math.isnan(made), where
    elif isinstance(wanted, np.ndarray):
        np.testing.assert_array_equal(made, wanted)
    else:
        assert made == wanted, where


@pytest.fixture(scope="module")
def tables():
    from core.data import load_sample, make_churn_dataset

    raws = {key: load_sample(key) for key in CASES if key != "churn"}
    raws["churn"] = make_churn_dataset(n_rows=300, seed=3)
    return {
        key: prepare_table(raw, DataSection(), target=CASES[key][0]) for key, raw in raws.items()
    }


@pytest.mark.parametrize("seed", range(30))
def test_every_pipeline_comes_back_from_its_code(tables, seed: int) -> None:
    rng = random.Random(seed)
    key = rng.choice(sorted(CASES))
    target, task, excluded = CASES[key]
    recipe = _random_recipe(rng, tables[key], target, task, excluded)
    algorithm = rng.choice([spec.key for spec in models_for_task(task)])
    data = training_data(tables[key], recipe)
    pipeline = model_pipeline(data, recipe, algorithm, {})
    code, imports, copied = estimator_code(pipeline)
    source = "from __future__ import annotations\n" + "\n".join(imports) + "\n\n" + copied
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        namespace = _namespace(source + f"\n\nrebuilt = {code}\n", f"rebuilt_{seed}")
    _same_settings(namespace["rebuilt"], pipeline)


def test_estimator_code_of_a_plain_estimator() -> None:
    from sklearn.linear_model import Ridge

    assert estimator_code(Ridge(alpha=2.0)) == (
        "Ridge(alpha=2.0)",
        ["from sklearn.linear_model import Ridge"],
        "",
    )
