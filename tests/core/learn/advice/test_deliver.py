"""Tests for core.learn.advice.deliver: a test score below the baseline's, and categories never
seen in training."""

from __future__ import annotations

import dataclasses

from tests.core.learn.advice.setups import Setup, by_key, make_setup, shares_frame


def test_a_test_score_below_the_baselines_is_a_deliver_warning(clean: Setup) -> None:
    final = dataclasses.replace(clean.trained.final, test_score=0.45, baseline_test_score=0.5)
    trained = dataclasses.replace(clean.trained, final=final)
    advice = by_key(clean.advise("deliver", trained=trained), "test_not_above_baseline")
    assert advice.severity == "warning"
    assert "0.45" in advice.text
    assert "0.5" in advice.text


def test_test_categories_never_seen_in_training_are_a_deliver_tip() -> None:
    frame = shares_frame()
    frame["shop"] = [f"shop {i}" if i % 10 == 0 else "main" for i in range(len(frame))]
    setup = make_setup(frame, "binary", algorithm="logistic_regression")
    advice = by_key(setup.advise("deliver"), "unseen_categories:shop")
    unseen = set(setup.data.X_test["shop"]) - set(setup.data.X_train["shop"])
    assert advice.numbers["rows"] == len(unseen)
    assert "‘shop" in advice.text
