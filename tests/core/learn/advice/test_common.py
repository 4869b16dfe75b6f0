"""Tests for the shared parts of core.learn.advice: advice and actions are frozen, and scores are
written as people read the metric (MAPE as a percentage)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from core.learn import Action, Advice
from core.understand import METRICS
from tests.core.learn.advice.setups import SEED, by_key, make_setup


def test_advice_and_actions_are_frozen() -> None:
    advice = Advice("clean", "k", "text", {"n": 1}, "tip", Action("go_to", "Go", {"page": "x"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        advice.text = "changed"
    with pytest.raises(TypeError):
        advice.numbers["n"] = 2
    with pytest.raises(TypeError):
        advice.action.params["page"] = "y"
    assert advice.numbers["n"] == 1.0


def test_advice_writes_mape_as_a_percentage() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({"a": rng.normal(size=200)})
    frame["y"] = 50 + 10 * frame["a"] + rng.normal(scale=2, size=200)  # far from zero
    setup = make_setup(frame, "regression", algorithm="ridge", problem={"metric": "mape"})
    trained = setup.trained
    assert trained.metric == "mape"
    mape = METRICS["mape"]
    baseline = by_key(setup.advise("problem"), "regression_baseline")
    assert f"scores MAPE {mape.format(baseline.numbers['baseline'])}." in baseline.text
    beats = by_key(setup.advise("evaluate"), "beats_baseline")
    cv, base = trained.cv.mean, trained.baseline_cv.mean
    assert f"Cross-validated MAPE {mape.format(cv)} beats the baseline's " in beats.text
    assert f"by {mape.format_change(abs(cv - base))}," in beats.text
    assert " %" in beats.text
    assert "percentage points" in beats.text
