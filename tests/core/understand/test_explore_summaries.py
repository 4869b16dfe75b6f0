"""Tests for core.understand.explore_summaries: overview, per-column summaries, correlation,
association, missing-value and outlier frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import core.understand.explore_charts as explore_charts
import core.understand.explore_summaries as explore_summaries
from core.errors import ModelPathError
from tests.core.understand.explore_frames import K, _info

# --------------------------------------------------------------------------------------------
# overview and summary
# --------------------------------------------------------------------------------------------


def test_overview_counts_duplicates_and_missing() -> None:
    frame = pd.DataFrame(
        {
            "a": [1.0, 1.0, 2.0, np.nan, 1.0],
            "b": pd.Series(["x", "x", "y", "z", None], dtype="str"),
        }
    )
    columns = [_info("a", K.NUMERIC), _info("b", K.CATEGORICAL)]
    result = explore_summaries.overview(frame, columns)
    assert (result.n_rows, result.n_columns) == (5, 2)
    assert result.n_duplicate_rows == 1
    assert result.n_missing_cells == 2
    assert result.missing_share == pytest.approx(2 / 10)
    assert result.memory_bytes > 0
    assert dict(result.kind_counts) == {"numeric": 1, "categorical": 1}


def test_overview_empty_frame_has_zero_missing_share() -> None:
    result = explore_summaries.overview(pd.DataFrame({"a": pd.Series([], dtype=float)}), [])
    assert result.n_rows == 0
    assert result.missing_share == 0.0
    assert dict(result.kind_counts) == {}


def test_column_summary_frame_matches_pandas_statistics(small) -> None:
    frame, columns = small
    summary = explore_summaries.column_summary_frame(frame, columns).set_index("name")
    assert list(summary.index) == [info.name for info in columns]
    num = frame["num"]
    row = summary.loc["num"]
    assert row["kind"] == "numeric"
    assert row["missing"] == num.isna().sum()
    assert row["missing %"] == pytest.approx(100 * num.isna().mean())
    assert row["unique"] == num.nunique()
    assert row["mean"] == pytest.approx(num.mean())
    assert row["std"] == pytest.approx(num.std())
    assert row["min"] == pytest.approx(num.min())
    assert row["max"] == pytest.approx(num.max())
    for label, q in (("25%", 0.25), ("50%", 0.5), ("75%", 0.75)):
        assert row[label] == pytest.approx(num.quantile(q))
    assert row["skew"] == pytest.approx(num.skew())
    assert pd.isna(row["most_frequent"])


def test_column_summary_frame_reports_most_frequent_for_other_kinds(small) -> None:
    frame, columns = small
    summary = explore_summaries.column_summary_frame(frame, columns).set_index("name")
    counts = frame["color"].value_counts()
    assert summary.loc["color", "most_frequent"] == counts.index[0]
    assert summary.loc["color", "most_frequent_count"] == counts.iloc[0]
    assert np.isnan(summary.loc["color", "mean"])
    assert summary.loc["flag", "most_frequent"] in {"True", "False"}


def test_column_summary_frame_handles_all_missing_and_single_row() -> None:
    frame = pd.DataFrame(
        {"a": [np.nan], "b": pd.Series([None], dtype="str"), "c": pd.Series([3], dtype="Int64")}
    )
    columns = [_info("a", K.NUMERIC), _info("b", K.CATEGORICAL), _info("c", K.NUMERIC)]
    summary = explore_summaries.column_summary_frame(frame, columns).set_index("name")
    assert summary.loc["a", "missing %"] == 100.0
    assert np.isnan(summary.loc["a", "mean"])
    assert pd.isna(summary.loc["b", "most_frequent_count"])
    assert summary.loc["c", "mean"] == 3.0
    assert np.isnan(summary.loc["c", "std"])


# --------------------------------------------------------------------------------------------
# correlation and association
# --------------------------------------------------------------------------------------------


def test_correlation_frame_perfect_pairs_and_constants() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    frame = pd.DataFrame(
        {
            "x": x,
            "twice": 2 * x + 1,
            "neg": -x,
            "flag": pd.Series(x > 0, dtype="boolean"),
            "const": np.full(300, 4.0),
            "gone": np.full(300, np.nan),
        }
    )
    columns = [_info(c, K.BOOLEAN if c == "flag" else K.NUMERIC) for c in frame.columns]
    corr = explore_summaries.correlation_frame(frame, columns)
    assert list(corr.columns) == ["x", "twice", "neg", "flag"]
    assert corr.loc["x", "twice"] == pytest.approx(1.0)
    assert corr.loc["x", "neg"] == pytest.approx(-1.0)
    assert corr.loc["x", "flag"] == pytest.approx(np.corrcoef(x, x > 0)[0, 1])
    chart = explore_charts.correlation_heatmap(frame, columns)
    heatmap = chart.figure.data[0]
    assert heatmap.type == "heatmap"
    assert (heatmap.zmin, heatmap.zmax) == (-1, 1)
    assert "2 columns without variation" in chart.note


def test_correlation_frame_spearman_matches_pandas(small) -> None:
    frame, columns = small
    corr = explore_summaries.correlation_frame(frame, columns, method="spearman")
    expected = frame[["skewed", "count", "y"]].corr(method="spearman")
    np.testing.assert_allclose(corr.loc[expected.index, expected.columns], expected)


def test_correlation_frame_keeps_highest_variance_columns() -> None:
    rng = np.random.default_rng(0)
    n_columns = explore_summaries.MAX_HEATMAP_COLUMNS + 5
    base = rng.normal(size=50)
    frame = pd.DataFrame({f"c{i}": (i + 1) * base + rng.normal(size=50) for i in range(n_columns)})
    columns = [_info(c, K.NUMERIC) for c in frame.columns]
    corr = explore_summaries.correlation_frame(frame, columns)
    assert list(corr.columns) == [f"c{i}" for i in range(5, n_columns)]
    assert "5 more columns left out" in explore_charts.correlation_heatmap(frame, columns).note


def test_correlation_frame_rejects_unknown_method(small) -> None:
    frame, columns = small
    with pytest.raises(ModelPathError):
        explore_summaries.correlation_frame(frame, columns, method="kendall")


def test_categorical_association_copy_is_one_and_independent_is_near_zero() -> None:
    rng = np.random.default_rng(0)
    a = pd.Series(rng.choice(list("pqrs"), size=5_000), dtype="str")
    frame = pd.DataFrame(
        {
            "a": a,
            "copy": a.copy(),
            "other": pd.Series(rng.choice(list("xyz"), size=5_000), dtype="str"),
            "flag": pd.Series(rng.random(5_000) < 0.5, dtype="boolean"),
        }
    )
    columns = [_info("a", K.CATEGORICAL), _info("copy", K.CATEGORICAL)]
    columns += [_info("other", K.CATEGORICAL), _info("flag", K.BOOLEAN)]
    assoc = explore_summaries.categorical_association_frame(frame, columns)
    assert list(assoc.columns) == ["a", "copy", "other", "flag"]
    np.testing.assert_allclose(np.diag(assoc), 1.0)
    assert assoc.loc["a", "copy"] == pytest.approx(1.0)
    assert assoc.loc["a", "other"] < 0.05
    assert assoc.loc["other", "flag"] < 0.05
    np.testing.assert_allclose(assoc, assoc.T)


# --------------------------------------------------------------------------------------------
# missing values
# --------------------------------------------------------------------------------------------


def test_missing_frame_sorted_descending() -> None:
    frame = pd.DataFrame(
        {"a": [1, 2, 3, 4], "b": [np.nan, 1, np.nan, np.nan], "c": [np.nan, 1, 2, 3]}
    )
    missing = explore_summaries.missing_frame(frame)
    assert list(missing["column"]) == ["b", "c", "a"]
    assert list(missing["missing"]) == [3, 1, 0]
    np.testing.assert_allclose(missing["missing_share"], [0.75, 0.25, 0.0])


# --------------------------------------------------------------------------------------------
# outliers
# --------------------------------------------------------------------------------------------


def test_outlier_frame_matches_hand_computation() -> None:
    frame = pd.DataFrame({"v": [1.0, 2, 3, 4, 5, 6, 7, 8, 100, -50, np.nan], "s": ["x"] * 11})
    columns = [_info("v", K.NUMERIC), _info("s", K.CATEGORICAL)]
    table = explore_summaries.outlier_frame(frame, columns)
    assert list(table["column"]) == ["v"]
    row = table.iloc[0]
    # sorted: -50 1 2 3 4 5 6 7 8 100; q1 at position 2.25 -> 2.25, q3 at 6.75 -> 6.75
    assert (row["q1"], row["q3"], row["iqr"]) == pytest.approx((2.25, 6.75, 4.5))
    assert (row["lower_fence"], row["upper_fence"]) == pytest.approx((-4.5, 13.5))
    assert (row["n_low"], row["n_high"], row["n_outliers"]) == (1, 1, 2)
    assert row["outlier_share"] == pytest.approx(0.2)
