"""Tests for core.prepare.transformers.function_steps: the functions for FunctionTransformer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from core.prepare import as_documents, signed_expm1, signed_log1p


def test_signed_log1p_round_trips_through_signed_expm1() -> None:
    values = np.array([[-1e6, -2.5, 0.0], [0.5, 3.0, 1e6]])
    np.testing.assert_allclose(signed_expm1(signed_log1p(values)), values, rtol=1e-12)


def test_signed_log1p_is_symmetric_around_zero_and_keeps_nan() -> None:
    out = signed_log1p([[-np.e + 1, 0.0, np.e - 1, np.nan]])
    np.testing.assert_allclose(out, [[-1.0, 0.0, 1.0, np.nan]])


def test_signed_log1p_accepts_nullable_frames() -> None:
    frame = pd.DataFrame({"a": pd.array([1.0, None], dtype="Float64")})
    out = signed_log1p(frame)
    assert out.dtype == np.float64
    assert np.isnan(out[1, 0])


@pytest.mark.parametrize(
    "column",
    [
        pd.DataFrame({"review": pd.Series(["good", None, "bad"], dtype="str")}),
        np.array([["good"], [None], ["bad"]], dtype=object),
        np.array([["good"], [pd.NA], ["bad"]], dtype=object),
        pd.Series(["good", np.nan, "bad"], dtype=object),
    ],
    ids=["str_frame", "none_array", "pd_na_array", "series"],
)
def test_as_documents_makes_missing_values_empty_strings(column: object) -> None:
    documents = as_documents(column)
    assert documents.shape == (3,)
    assert documents.dtype == object
    assert documents.tolist() == ["good", "", "bad"]


def test_as_documents_rejects_several_columns() -> None:
    with pytest.raises(ValueError, match="one text column"):
        as_documents(np.array([["a", "b"]], dtype=object))


def test_as_documents_feeds_tfidf_vectorizer() -> None:
    frame = pd.DataFrame({"review": pd.Series(["good food", None, "bad food"], dtype="str")})
    pipe = make_pipeline(FunctionTransformer(as_documents), TfidfVectorizer())
    assert pipe.fit_transform(frame).shape == (3, 3)
