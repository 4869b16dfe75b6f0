"""Tests for core.learn.advice.data: values the reader could not read, renamed headers, and too few
rows for the columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import load_table
from core.learn import advise
from core.recipe import ProblemSection, Recipe
from core.understand import DatasetProfile, profile_table
from tests.core.learn.advice.setups import SEED, by_key, make_setup


def _csv_with_bad_prices(n_bad: int) -> DatasetProfile:
    rng = np.random.default_rng(SEED)
    rows = ["a,a,price,y"]
    for i in range(100):
        price = "n.a." if i < n_bad else f"{rng.normal(10, 2):.2f}"
        rows.append(f"{rng.normal():.3f},{rng.normal():.3f},{price},{'yes' if i % 2 else 'no'}")
    loaded = load_table("\n".join(rows).encode("utf-8"), "table.csv")
    return profile_table(loaded, Recipe(problem=ProblemSection(target="y", task="binary")))


def test_values_lost_to_a_numeric_column_are_a_data_warning() -> None:
    advice = by_key(advise("data", profile=_csv_with_bad_prices(3)), "unreadable_values:price")
    assert advice.severity == "warning"
    assert "3 values (3 %)" in advice.text
    assert "became missing" in advice.text


def test_text_that_turns_a_number_column_into_categories_is_a_data_warning() -> None:
    advice = by_key(advise("data", profile=_csv_with_bad_prices(7)), "unreadable_values:price")
    assert "7 values (7 %)" in advice.text
    assert "‘n.a.’" in advice.text
    assert "categories" in advice.text


def test_codes_mixing_numbers_and_text_are_never_advised_to_become_numbers() -> None:
    rows = ["code,a,y"] + [
        f"{f'PC {i}' if i % 3 == 0 else i},{i % 7},{'yes' if i % 2 else 'no'}"
        for i in range(100, 200)
    ]
    profile = profile_table(
        load_table("\n".join(rows).encode("utf-8"), "table.csv"),
        Recipe(problem=ProblemSection(target="y", task="binary")),
    )
    advice = by_key(advise("data", profile=profile), "unreadable_values:code")
    assert "keep it as text" in advice.text
    assert "numeric" not in advice.text


def test_renamed_headers_are_a_data_tip() -> None:
    advice = by_key(advise("data", profile=_csv_with_bad_prices(0)), "renamed_headers")
    assert "‘a’ → ‘a_2’" in advice.text


def test_few_rows_for_many_columns_is_a_warning() -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame(rng.normal(size=(60, 12)), columns=[f"x{i}" for i in range(12)])
    frame["y"] = np.where(rng.random(60) < 0.5, "yes", "no")
    setup = make_setup(frame, "binary", train=False)
    advice = by_key(setup.advise("data"), "rows_per_feature")
    assert advice.severity == "warning"
    assert advice.numbers["rows_per_feature"] == pytest.approx(5.0)
