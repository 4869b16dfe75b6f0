"""Tests for core.prepare.transformers.column_selection: ColumnsPresent."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline

from core.prepare import ColumnsPresent, MissingShareDropper, OutlierClipper


def test_columns_present_keeps_given_order() -> None:
    frame = pd.DataFrame(columns=["a", "b", "c"])
    assert ColumnsPresent(["c", "a"])(frame) == ["c", "a"]


def test_columns_present_skips_absent_columns() -> None:
    frame = pd.DataFrame(columns=["a", "b"])
    assert ColumnsPresent(["gone", "b"])(frame) == ["b"]
    assert ColumnsPresent(["gone"])(frame) == []


def test_columns_present_stores_tuple_and_compares_by_columns() -> None:
    selector = ColumnsPresent(["a", "b"])
    assert selector.columns == ("a", "b")
    assert selector == ColumnsPresent(("a", "b"))
    assert selector != ColumnsPresent(["b", "a"])
    assert hash(selector) == hash(ColumnsPresent(("a", "b")))
    assert repr(selector) == "ColumnsPresent(columns=('a', 'b'), minimum=1)"


def test_columns_present_pickle_round_trip() -> None:
    selector = ColumnsPresent(["a", "b"])
    assert pickle.loads(pickle.dumps(selector)) == selector


def test_columns_present_rejects_a_single_string() -> None:
    with pytest.raises(TypeError, match=r"ColumnsPresent\(\['ab'\]\)"):
        ColumnsPresent("ab")


def test_columns_present_empty_selection_skips_branch_after_dropper() -> None:
    frame = pd.DataFrame({"sparse": [np.nan, np.nan, 1.0], "full": [1.0, 2.0, 3.0]})
    prep = ColumnTransformer(
        [
            ("sparse_branch", OutlierClipper(), ColumnsPresent(["sparse"])),
            ("full_branch", OutlierClipper(), ColumnsPresent(["full"])),
        ]
    )
    pipe = Pipeline([("drop", MissingShareDropper()), ("prep", prep)])
    assert pipe.fit_transform(frame).shape == (3, 1)
    assert pipe.get_feature_names_out().tolist() == ["full_branch__full"]
