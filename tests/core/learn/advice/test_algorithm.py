"""Tests for core.learn.advice.algorithm: few rows with a flexible model."""

from __future__ import annotations

from tests.core.learn.advice.setups import by_key, make_setup, shares_frame


def test_few_rows_with_a_flexible_model_is_a_warning_on_the_algorithm_step() -> None:
    setup = make_setup(shares_frame(n=150), "binary", algorithm="random_forest", train=False)
    advice = by_key(setup.advise("algorithm"), "few_rows_flexible")
    assert "120 training rows" in advice.text
