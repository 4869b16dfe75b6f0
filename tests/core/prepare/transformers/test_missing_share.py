"""Tests for core.prepare.transformers.missing_share: MissingShareDropper."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.prepare import MissingShareDropper


def _mixed_frame() -> pd.DataFrame:
    """A raw table as the loader gives it: text, dates, nullable booleans and numbers."""
    return pd.DataFrame(
        {
            "city": pd.array(["Oslo", None, "Rome", "Oslo"], dtype="str"),
            "sold": pd.to_datetime(["2024-01-01", None, "2024-02-01", "2024-03-01"]),
            "member": pd.array([True, None, None, None], dtype="boolean"),
            "count": pd.array([1, 2, None, 4], dtype="Int64"),
            "size": pd.Categorical(["s", "m", "s", None]),
            "price": [1.5, np.nan, np.nan, 4.0],
        },
        index=pd.Index([10, 11, 12, 13], name="row"),
    )


def test_missing_share_dropper_threshold_is_strict() -> None:
    # Missing shares: 0.25, 0.5 (exactly the threshold, kept), 0.75 (dropped).
    frame = pd.DataFrame(
        {
            "quarter": [1.0, np.nan, 3.0, 4.0],
            "half": [1.0, np.nan, np.nan, 4.0],
            "most": [np.nan, np.nan, np.nan, 4.0],
        }
    )
    dropper = MissingShareDropper(max_missing_share=0.5).fit(frame)
    np.testing.assert_allclose(dropper.missing_share_, [0.25, 0.5, 0.75])
    assert dropper.keep_mask_.tolist() == [True, True, False]
    assert dropper.dropped_features_.tolist() == ["most"]
    assert dropper.get_feature_names_out().tolist() == ["quarter", "half"]


def test_missing_share_dropper_keeps_fit_data_choice_on_other_data() -> None:
    train = pd.DataFrame({"a": [np.nan, np.nan, np.nan, 1.0], "b": [1.0, 2.0, 3.0, 4.0]})
    # The opposite pattern: a transform-time choice would keep "a" and drop "b".
    test = pd.DataFrame({"a": [1.0, 2.0], "b": [np.nan, np.nan]})
    dropper = MissingShareDropper().fit(train)
    assert dropper.transform(test).columns.tolist() == ["b"]


def test_missing_share_dropper_preserves_dataframe_dtypes_and_index() -> None:
    frame = _mixed_frame()
    kept = MissingShareDropper().fit_transform(frame)
    assert kept.columns.tolist() == ["city", "sold", "count", "size", "price"]
    pd.testing.assert_series_equal(kept.dtypes, frame.dtypes.drop("member"))
    pd.testing.assert_index_equal(kept.index, frame.index)


def test_missing_share_dropper_counts_none_nan_and_pd_na_as_missing() -> None:
    X = np.array([[None, 1], [np.nan, 2], [pd.NA, 3], ["x", 4]], dtype=object)
    dropper = MissingShareDropper(max_missing_share=0.5).fit(X)
    np.testing.assert_allclose(dropper.missing_share_, [0.75, 0.0])


def test_missing_share_dropper_array_input_drops_by_position() -> None:
    X = np.array([[1.0, np.nan, 3.0], [4.0, np.nan, 6.0]])
    dropper = MissingShareDropper().fit(X)
    np.testing.assert_array_equal(dropper.transform(X), X[:, [0, 2]])
    assert dropper.dropped_features_.tolist() == ["x1"]


def test_missing_share_dropper_can_drop_every_column() -> None:
    frame = pd.DataFrame({"a": [np.nan, np.nan], "b": [None, "x"]}, index=[5, 6])
    kept = MissingShareDropper(max_missing_share=0.0).fit_transform(frame)
    assert kept.shape == (2, 0)
    pd.testing.assert_index_equal(kept.index, frame.index)


@pytest.mark.parametrize(
    "share", [-0.1, 1.5, "half", True], ids=["negative", "above_one", "text", "bool"]
)
def test_missing_share_dropper_rejects_invalid_share(share: object) -> None:
    with pytest.raises(ValueError, match="max_missing_share must be a number between 0 and 1"):
        MissingShareDropper(max_missing_share=share).fit(np.ones((3, 2)))
