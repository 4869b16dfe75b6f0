"""Tests for core.learn.advice.clean: empty columns to drop or impute, spellings to tidy, far
outliers counted on training rows."""

from __future__ import annotations

import numpy as np
import pytest

from core.learn import Action, advise
from core.recipe import CleaningSection
from tests.core.learn.advice.setups import by_key, keys_of, make_setup, shares_frame


def test_a_column_77_percent_empty_is_advised_to_be_dropped() -> None:
    frame = shares_frame()
    cabin = np.random.default_rng(1).normal(size=len(frame))
    cabin[np.random.default_rng(2).permutation(len(frame))[:231]] = np.nan  # 231 / 300 = 77 %
    frame["cabin"] = cabin
    setup = make_setup(frame, "binary", train=False)
    advice = by_key(setup.advise("clean"), "high_missing:cabin")
    assert "‘cabin’" in advice.text
    assert "77 %" in advice.text
    assert advice.severity == "warning"
    assert advice.numbers["missing_share"] == pytest.approx(0.77)
    assert advice.action == Action("drop_column", "Drop ‘cabin’", {"column": "cabin"})


def test_missing_share_is_counted_from_the_split_data_without_a_profile() -> None:
    frame = shares_frame()
    frame["cabin"] = np.where(
        np.arange(len(frame)) % 4 == 0, np.arange(len(frame)), np.nan
    )  # 75 % empty
    setup = make_setup(frame, "binary", train=False)
    advice = by_key(advise("clean", data=setup.data, recipe=setup.recipe), "high_missing:cabin")
    assert "75 %" in advice.text


def test_a_column_dropped_by_the_missing_share_cap_is_not_advised_again() -> None:
    frame = shares_frame()
    frame["cabin"] = np.where(np.arange(len(frame)) % 4 == 0, np.arange(len(frame)), np.nan)
    setup = make_setup(
        frame, "binary", train=False, cleaning=CleaningSection(max_missing_share=0.5)
    )
    assert "high_missing:cabin" not in keys_of(setup.advise("clean"))


def test_a_moderately_empty_column_gets_a_tip_to_impute_with_indicators() -> None:
    frame = shares_frame()
    frame["income"] = np.where(np.arange(len(frame)) % 5 < 2, np.nan, 1.0 * np.arange(len(frame)))
    setup = make_setup(frame, "binary", train=False)
    advice = by_key(setup.advise("clean"), "high_missing:income")
    assert advice.severity == "tip"
    assert "40 %" in advice.text
    assert "indicators" in advice.text


@pytest.mark.parametrize(
    ("normalisation", "tidied"),
    [("none", False), ("trim", False), ("trim_lower", True)],
)
def test_spelling_advice_ends_once_the_recipe_tidies_the_spellings(normalisation, tidied) -> None:
    frame = shares_frame()
    frame["city"] = np.resize(["Paris", "paris", " Paris", "Lyon", "LYON"], len(frame))

    setup = make_setup(
        frame,
        "binary",
        train=False,
        cleaning=CleaningSection(text_normalisation=normalisation),
    )

    assert ("spellings:city" not in keys_of(setup.advise("clean"))) is tidied


def test_far_outliers_are_counted_on_training_rows() -> None:
    frame = shares_frame()
    frame.loc[:9, "b"] = 1_000.0
    setup = make_setup(frame, "binary", train=False)
    advice = by_key(setup.advise("clean"), "outliers:b")
    in_training = int((setup.data.X_train["b"] == 1_000.0).sum())
    assert advice.numbers["outliers"] == in_training
    assert f"{in_training} training value" in advice.text
    clipped = make_setup(
        frame, "binary", train=False, cleaning=CleaningSection(outliers="clip_iqr")
    )
    assert "outliers:b" not in keys_of(clipped.advise("clean"))
