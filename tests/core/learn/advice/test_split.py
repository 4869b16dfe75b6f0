"""Tests for core.learn.advice.split: too few test rows, and the split strategy the table calls
for (time, group, stratified, or shuffled for a one-day snapshot)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.recipe import SplitSection
from tests.core.learn.advice.setups import SEED, by_key, keys_of, make_setup, shares_frame


def test_dates_with_a_random_split_suggest_a_time_split() -> None:
    frame = shares_frame()
    frame["when"] = pd.date_range("2021-01-01", periods=len(frame), freq="D").astype("str")
    setup = make_setup(frame, "binary", train=False)
    advice = by_key(setup.advise("split"), "time_split:when")
    assert "2021-01-01" in advice.text
    assert advice.action.params == {"strategy": "time", "time_column": "when"}
    by_time = make_setup(
        frame, "binary", train=False, split=SplitSection(strategy="time", time_column="when")
    )
    assert "time_split:when" not in keys_of(by_time.advise("split"))


def _snapshot_frame(n: int = 300, seed: int = SEED) -> pd.DataFrame:
    """People exported on one day: a start date, and the days from it to the export day."""
    frame = shares_frame(n=n, seed=seed)
    rng = np.random.default_rng(seed)
    days = rng.integers(30, 2_000, size=n)
    frame["joined"] = (pd.Timestamp("2024-06-30") - pd.to_timedelta(days, unit="D")).astype("str")
    frame["days_as_member"] = days
    return frame


def test_a_start_date_mirrored_by_an_elapsed_time_keeps_the_shuffled_split() -> None:
    setup = make_setup(_snapshot_frame(), "binary", train=False)

    items = setup.advise("split")

    assert "time_split:joined" not in keys_of(items)
    advice = by_key(items, "snapshot_split:joined")
    assert advice.severity == "good"
    assert advice.action is None
    assert advice.numbers["correlation"] == pytest.approx(-1.0, abs=1e-3)
    assert "‘days_as_member’ counts the time from each of them to one common day" in advice.text


def test_a_date_with_a_count_since_a_fixed_start_still_suggests_a_time_split() -> None:
    # Orders over time with "days since launch": the number rises with the date, so rows do
    # arrive over time and the latest ones are the future.
    frame = shares_frame()
    when = pd.date_range("2021-01-01", periods=len(frame), freq="D")
    frame["ordered"] = when.astype("str")
    frame["days_since_launch"] = (when - pd.Timestamp("2020-06-01")).days

    items = make_setup(frame, "binary", train=False).advise("split")

    assert "snapshot_split:ordered" not in keys_of(items)
    assert by_key(items, "time_split:ordered").action.params["strategy"] == "time"


def test_too_few_test_rows_of_a_class_is_a_warning() -> None:
    setup = make_setup(shares_frame(n=200, majority=0.95), "binary", train=False)
    advice = by_key(setup.advise("split"), "test_rows_per_class")
    assert advice.numbers["rows"] == 2
    assert "2 rows of ‘yes’" in advice.text


def test_a_repeating_customer_id_suggests_a_group_split() -> None:
    frame = shares_frame()
    frame["customer_id"] = np.arange(len(frame)) % 50
    advice = by_key(
        make_setup(frame, "binary", train=False).advise("split"), "group_split:customer_id"
    )
    assert "300 rows share 50 values" in advice.text
    assert advice.action.params == {"strategy": "group", "group_column": "customer_id"}


def test_an_imbalanced_target_split_at_random_suggests_stratifying() -> None:
    setup = make_setup(
        shares_frame(majority=0.8), "binary", train=False, split=SplitSection(strategy="random")
    )
    advice = by_key(setup.advise("split"), "stratify")
    assert advice.action.params == {"strategy": "stratified"}
    assert "20 %" in advice.text
