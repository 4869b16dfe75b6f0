"""Tests for core.prepare.transformers.rare_categories: RareCategoryGrouper."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.prepare import RareCategoryGrouper


def _colours() -> pd.DataFrame:
    # 10 rows: red 6, blue 3, green 1 (share 0.1) and no missing values.
    values = ["red"] * 6 + ["blue"] * 3 + ["green"]
    return pd.DataFrame({"colour": pd.Series(values, dtype="str")})


def test_rare_category_grouper_maps_rare_and_unseen_to_other_label() -> None:
    grouper = RareCategoryGrouper(min_share=0.2, other_label="rest").fit(_colours())
    new = pd.DataFrame({"colour": pd.Series(["green", "purple"], dtype="str")})
    assert grouper.transform(new).ravel().tolist() == ["rest", "rest"]


def test_rare_category_grouper_keeps_frequent_and_missing_values() -> None:
    grouper = RareCategoryGrouper(min_share=0.2).fit(_colours())
    new = pd.DataFrame({"colour": pd.Series(["red", None, "blue"], dtype="str")})
    out = grouper.transform(new)
    assert out.dtype == object
    assert out[0, 0] == "red"
    assert out[2, 0] == "blue"
    assert pd.isna(out[1, 0])


def test_rare_category_grouper_records_frequent_and_rare_categories() -> None:
    grouper = RareCategoryGrouper(min_share=0.2).fit(_colours())
    assert grouper.frequent_categories_[0].tolist() == ["blue", "red"]
    assert grouper.rare_categories_[0].tolist() == ["green"]


def test_rare_category_grouper_share_counts_non_missing_values_only() -> None:
    # "b" is 1 of 5 present values (0.2, kept at min_share=0.2); counting the 5 missing
    # rows would make it 0.1 and rare.
    X = np.array([["a"]] * 4 + [["b"]] + [[None]] * 5, dtype=object)
    grouper = RareCategoryGrouper(min_share=0.2).fit(X)
    assert grouper.frequent_categories_[0].tolist() == ["a", "b"]


def test_rare_category_grouper_learns_from_fit_data_only() -> None:
    grouper = RareCategoryGrouper(min_share=0.2).fit(_colours())
    # green is common here, but it was rare in the fit data.
    new = pd.DataFrame({"colour": pd.Series(["green"] * 5, dtype="str")})
    assert set(grouper.transform(new).ravel()) == {"other"}


def test_rare_category_grouper_numeric_input_maps_rare_to_nan() -> None:
    X = np.array([[1.0]] * 9 + [[2.0]])
    out = RareCategoryGrouper(min_share=0.2).fit(X).transform(np.array([[1.0], [2.0], [3.0]]))
    np.testing.assert_array_equal(out, [[1.0], [np.nan], [np.nan]])


def test_rare_category_grouper_feature_names_are_one_to_one() -> None:
    grouper = RareCategoryGrouper().fit(_colours())
    assert grouper.get_feature_names_out().tolist() == ["colour"]
