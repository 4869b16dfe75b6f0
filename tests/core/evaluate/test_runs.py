"""Tests for core.evaluate.runs: the run record checks and normalises what it is given."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from tests.core.evaluate.run_data import make_run

# --- the run ---------------------------------------------------------------------------------


def test_run_properties() -> None:
    run = make_run((0.8, 0.9), cv_train_folds=(1.0, None), planned_folds=3)
    assert run.cv_mean == pytest.approx(0.85)
    assert run.cv_std == pytest.approx(np.std([0.8, 0.9]))
    assert run.train_mean == 1.0
    assert not run.complete
    assert run.test_score == 0.8
    assert run.higher_is_better
    assert not make_run(metric="rmse").higher_is_better


def test_run_copies_inputs_and_turns_missing_numbers_into_none() -> None:
    scores = {"r2": 0.8, "rmse": math.nan}
    folds = [0.8, 0.81]
    run = make_run(folds, test_metrics=scores)
    scores["r2"] = 0.1
    folds.append(0.5)
    assert run.test_metrics == {"r2": 0.8, "rmse": None}
    assert run.cv_folds == (0.8, 0.81)
    with pytest.raises(TypeError):
        run.test_metrics["r2"] = 0.5  # type: ignore[index]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        pytest.param({"kind": "magic"}, ValueError, id="kind"),
        pytest.param({"metric": "nope"}, ValueError, id="metric"),
        pytest.param({"n_train": True}, TypeError, id="bool-is-not-int"),
        pytest.param({"cv_folds": ("0.8",)}, TypeError, id="text-score"),
        pytest.param({"test_fraction": -0.1}, ValueError, id="negative-fraction"),
        pytest.param({"recipe": {}}, TypeError, id="recipe"),
    ],
)
def test_run_refuses_invalid_fields(changes: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        make_run(**changes)
