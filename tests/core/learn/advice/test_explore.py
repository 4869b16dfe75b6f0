"""Tests for core.learn.advice.explore: leakage suspects (one column or two combined),
duplicated rows and identifiers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.learn import Action
from core.recipe import CleaningSection
from tests.core.learn.advice.setups import (
    SEED,
    by_key,
    keys_of,
    make_setup,
    name_codes_frame,
    shares_frame,
)


def test_a_column_equal_to_the_target_plus_noise_is_a_leakage_suspect() -> None:
    rng = np.random.default_rng(SEED)
    n = 300
    y = rng.normal(50, 10, n)
    frame = pd.DataFrame({"a": rng.normal(size=n), "leak": y + rng.normal(scale=0.5, size=n)})
    frame["y"] = y
    setup = make_setup(frame, "regression", train=False)
    advice = by_key(setup.advise("explore"), "leakage:leak")
    assert advice.severity == "warning"
    assert "‘leak’" in advice.text
    assert "before the outcome" in advice.text
    assert advice.numbers["score"] > 0.98
    assert f"{advice.numbers['score']:.3f}" in advice.text
    assert advice.action == Action("exclude_column", "Exclude ‘leak’", {"column": "leak"})


def _rebuilt_target_frame() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    y, part = rng.normal(50, 10, 300), rng.normal(20, 5, 300)
    return pd.DataFrame({"part": part, "total": y + part, "a": rng.normal(size=300), "y": y})


def test_a_target_rebuilt_from_two_columns_is_advised_with_its_relation() -> None:
    setup = make_setup(_rebuilt_target_frame(), "regression", train=False)
    advice = by_key(setup.advise("explore"), "leakage:total+part")
    assert "‘y’ ≈ ‘total’ − ‘part’ on 100.0% of rows" in advice.text


def test_a_combined_leak_with_one_column_excluded_is_not_advised() -> None:
    problem = {"exclude_columns": ("total",)}
    setup = make_setup(_rebuilt_target_frame(), "regression", train=False, problem=problem)
    assert not [k for k in keys_of(setup.advise("explore")) if k.startswith("leakage")]


def test_an_excluded_leak_is_not_advised_again() -> None:
    rng = np.random.default_rng(SEED)
    y = rng.normal(50, 10, 300)
    frame = pd.DataFrame({"a": rng.normal(size=300), "leak": y + rng.normal(size=300), "y": y})
    setup = make_setup(frame, "regression", train=False, problem={"exclude_columns": ("leak",)})
    assert not [k for k in keys_of(setup.advise("explore")) if k.startswith("leakage")]


def test_duplicates_point_to_the_clean_page_from_explore() -> None:
    frame = shares_frame()
    frame = pd.concat([frame, frame.iloc[:12]], ignore_index=True)
    setup = make_setup(frame, "binary", train=False)
    explore = by_key(setup.advise("explore"), "duplicates")
    assert "12 rows" in explore.text
    assert explore.action == Action("go_to", "Go to Clean", {"page": "clean"})
    assert by_key(setup.advise("clean"), "duplicates").action is None
    dropped = make_setup(
        frame, "binary", train=False, cleaning=CleaningSection(drop_duplicates=True)
    )
    assert "duplicates" not in keys_of(dropped.advise("clean"))


def test_near_unique_codes_are_named_as_identifiers_on_explore() -> None:
    setup = make_setup(name_codes_frame(), "binary", train=False)
    assert "‘name’ looks like a row ID" in by_key(setup.advise("explore"), "identifiers").text
