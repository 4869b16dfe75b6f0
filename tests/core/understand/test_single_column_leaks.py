"""Tests for core.understand.single_column_leaks: each column alone against the target."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.data import PreparedTable
from core.understand import single_column_scores
from tests.core.understand.findings_frames import _table, _text, _threshold_frame


def _noise_table() -> PreparedTable:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(400, 5)), columns=list("abcde"))
    frame["colour"] = _text(rng.choice(["red", "green", "blue"], 400))
    frame["y"] = _text(rng.choice(["p", "q"], 400))
    return _table(frame, "y")


def test_single_column_scores_random_noise_stays_near_chance() -> None:
    scores = single_column_scores(_noise_table(), "y", "binary")
    assert [name for name, _, _ in scores] != []
    assert {name for name, _, _ in scores} == {"a", "b", "c", "d", "e", "colour"}
    assert all(score < 0.65 for _, score, _ in scores), scores


def test_single_column_scores_sorted_highest_first() -> None:
    scores = single_column_scores(_table(_threshold_frame(), "y"), "y", "binary")
    values = [score for _, score, _ in scores]
    assert values == sorted(values, reverse=True)
    assert scores[0][0] == "risk_score"


def test_single_column_scores_skip_excluded_columns() -> None:
    scores = single_column_scores(_noise_table(), "y", "binary", exclude=("a", "colour"))
    assert {name for name, _, _ in scores} == {"b", "c", "d", "e"}


def test_single_column_scores_are_deterministic_for_a_seed() -> None:
    table = _noise_table()
    assert single_column_scores(table, "y", "binary", seed=3) == single_column_scores(
        table, "y", "binary", seed=3
    )
