"""Tests for core.evaluate.run_comparison: the corrected resampled t-test between two runs, and
its refusals when a fold-by-fold comparison is not valid."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy import stats

from core.evaluate import (
    compare_runs,
)
from tests.core.evaluate.run_data import FOLDS, make_recipe, make_run

# --- comparing two runs ----------------------------------------------------------------------


def test_compare_runs_identical_fold_scores_are_not_significant() -> None:
    result = compare_runs(make_run(id=1), make_run(id=2))
    assert result.comparable
    assert (result.t_statistic, result.p_value, result.significant) == (0.0, 1.0, False)
    assert result.difference == 0
    assert "identical fold scores" in result.verdict
    assert result.changes.empty


def test_compare_runs_finds_a_clear_improvement() -> None:
    noise = (0.002, -0.001, 0.0, 0.001, -0.002)
    better = tuple(f + 0.05 + n for f, n in zip(FOLDS, noise, strict=True))
    result = compare_runs(make_run(id=3), make_run(better, id=5, recipe=make_recipe(alpha=9.0)))
    assert result.comparable
    assert result.significant
    assert result.difference == pytest.approx(0.05)
    assert result.p_value < 0.01
    assert result.t_statistic > 0
    assert result.verdict.startswith("Run 5 scores 0.86 and run 3 0.81")
    assert "corrected resampled t-test" in result.verdict
    assert "Run 5 is better than run 3" in result.verdict
    assert list(result.changes["setting"]) == ["params.alpha"]


def test_compare_runs_noise_is_within_noise() -> None:
    other = (0.81, 0.80, 0.80, 0.82, 0.82)
    result = compare_runs(make_run(id=1), make_run(other, id=2))
    assert result.comparable
    assert result.significant is False
    assert "within fold-to-fold noise" in result.verdict
    assert "treat them as equally good" in result.verdict


def test_compare_runs_p_value_matches_a_hand_computation() -> None:
    first = make_run((0.70, 0.72, 0.74, 0.71), test_fraction=1 / 3)
    second = make_run((0.73, 0.72, 0.78, 0.72), test_fraction=1 / 3)
    d = np.array([0.03, 0.0, 0.04, 0.01])
    t = d.mean() / math.sqrt((1 / 4 + 1 / 3) * d.var(ddof=1))
    p = 2 * stats.t.sf(abs(t), df=3)
    result = compare_runs(first, second)
    assert result.t_statistic == pytest.approx(t)
    assert result.p_value == pytest.approx(p)
    assert result.significant is bool(p < 0.05)
    assert compare_runs(first, second, alpha=0.5).significant is bool(p < 0.5)


def test_compare_runs_respects_lower_is_better() -> None:
    first = make_run((10.0, 11.0, 9.5, 10.5, 10.2), metric="rmse", id=1)
    second = make_run((8.0, 9.1, 7.4, 8.6, 8.1), metric="rmse", id=2)
    result = compare_runs(first, second)
    assert result.difference < 0
    assert result.t_statistic > 0
    assert result.significant
    assert "Run 2 is better than run 1" in result.verdict
    assert "lower RMSE is better" in result.verdict


def test_compare_runs_constant_improvement_is_significant() -> None:
    result = compare_runs(make_run(id=1), make_run(tuple(f + 0.25 for f in FOLDS), id=2))
    assert result.significant
    assert result.p_value == 0.0
    assert "Run 2 is better" in result.verdict


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        pytest.param({"folds_fingerprint": "folds-b"}, "different folds", id="folds"),
        pytest.param(
            {"rows_fingerprint": "rows-b", "folds_fingerprint": "folds-b", "n_train": 480},
            "480 training rows",
            id="rows-count",
        ),
        pytest.param({"rows_fingerprint": "rows-b"}, "different rows", id="rows-same-count"),
        pytest.param({"metric": "rmse"}, "different metrics", id="metric"),
        pytest.param({"planned_folds": 10}, "5 of its 10 folds", id="incomplete"),
    ],
)
def test_compare_runs_refuses_invalid_comparisons(changes: dict[str, Any], words: str) -> None:
    result = compare_runs(make_run(id=3), make_run(id=7, **changes))
    assert not result.comparable
    assert (result.t_statistic, result.p_value, result.significant) == (None, None, None)
    assert words in result.reason
    assert "not valid" in result.verdict
    assert "CV means" in result.verdict
    assert "0.81" in result.verdict


def test_compare_runs_needs_two_folds() -> None:
    result = compare_runs(make_run((0.8,), id=1), make_run((0.9,), id=2))
    assert not result.comparable
    assert "at least two folds" in result.reason
    assert result.difference == pytest.approx(0.1)


def test_compare_runs_without_ids_names_first_and_second() -> None:
    result = compare_runs(make_run(), make_run(folds_fingerprint="other"))
    assert "the second run" in result.reason.lower()


def test_compare_runs_refuses_a_bad_alpha() -> None:
    with pytest.raises(ValueError, match="alpha"):
        compare_runs(make_run(), make_run(), alpha=1.5)
