"""Tests for core.understand.explore: tidy frames, figures checked through their data, bounded
payloads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import core.understand.explore as explore
from core.data import ColumnInfo, ColumnKind
from core.errors import ModelPathError

K = ColumnKind
BIG_ROWS = 200_000
PAYLOAD_LIMIT = 500_000


def _info(name: str, kind: ColumnKind) -> ColumnInfo:
    return ColumnInfo(name=name, kind=kind, reason="set in the test", n_missing=0, n_unique=0)


def _mixed_frame(n: int, seed: int = 0) -> tuple[pd.DataFrame, list[ColumnInfo]]:
    """A frame with every kind, some missing values, a numeric and two class targets."""
    rng = np.random.default_rng(seed)
    num = rng.normal(10.0, 2.0, size=n)
    num[::10] = np.nan
    cat = rng.choice([f"c{i:03d}" for i in range(143)], size=n).astype(object)
    cat[::13] = None
    frame = pd.DataFrame(
        {
            "num": num,
            "skewed": rng.exponential(size=n),
            "count": rng.integers(0, 5, size=n),
            "cat": pd.Series(cat, dtype="str"),
            "color": pd.Series(rng.choice(["red", "green", "blue"], size=n), dtype="str"),
            "flag": pd.Series(rng.random(n) < 0.3, dtype="boolean"),
            "when": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 1_000, size=n), unit="D"),
            "note": pd.Series(
                rng.choice(["short", "a bit longer text", "one two three four five"], size=n),
                dtype="str",
            ),
            "row_id": pd.Series([f"id{i}" for i in range(n)], dtype="str"),
            "same": np.ones(n),
            "y": rng.normal(size=n),
            "label": pd.Series(rng.choice(["no", "yes"], size=n, p=[0.7, 0.3]), dtype="str"),
            "kind3": pd.Series(rng.choice(["a", "b", "c"], size=n), dtype="str"),
        }
    )
    kinds = {
        "num": K.NUMERIC,
        "skewed": K.NUMERIC,
        "count": K.NUMERIC,
        "cat": K.CATEGORICAL,
        "color": K.CATEGORICAL,
        "flag": K.BOOLEAN,
        "when": K.DATETIME,
        "note": K.TEXT,
        "row_id": K.IDENTIFIER,
        "same": K.CONSTANT,
        "y": K.NUMERIC,
        "label": K.CATEGORICAL,
        "kind3": K.CATEGORICAL,
    }
    return frame, [_info(name, kind) for name, kind in kinds.items()]


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, list[ColumnInfo]]:
    return _mixed_frame(2_000)


@pytest.fixture(scope="module")
def big() -> tuple[pd.DataFrame, list[ColumnInfo]]:
    return _mixed_frame(BIG_ROWS)


def _by_name(columns: list[ColumnInfo], name: str) -> ColumnInfo:
    return next(info for info in columns if info.name == name)


def _trace_types(fig: go.Figure) -> list[str]:
    return [trace.type for trace in fig.data]


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
    result = explore.overview(frame, columns)
    assert (result.n_rows, result.n_columns) == (5, 2)
    assert result.n_duplicate_rows == 1
    assert result.n_missing_cells == 2
    assert result.missing_share == pytest.approx(2 / 10)
    assert result.memory_bytes > 0
    assert dict(result.kind_counts) == {"numeric": 1, "categorical": 1}


def test_overview_empty_frame_has_zero_missing_share() -> None:
    result = explore.overview(pd.DataFrame({"a": pd.Series([], dtype=float)}), [])
    assert result.n_rows == 0
    assert result.missing_share == 0.0
    assert dict(result.kind_counts) == {}


def test_column_summary_frame_matches_pandas_statistics(small) -> None:
    frame, columns = small
    summary = explore.column_summary_frame(frame, columns).set_index("name")
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
    summary = explore.column_summary_frame(frame, columns).set_index("name")
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
    summary = explore.column_summary_frame(frame, columns).set_index("name")
    assert summary.loc["a", "missing %"] == 100.0
    assert np.isnan(summary.loc["a", "mean"])
    assert pd.isna(summary.loc["b", "most_frequent_count"])
    assert summary.loc["c", "mean"] == 3.0
    assert np.isnan(summary.loc["c", "std"])


# --------------------------------------------------------------------------------------------
# column profiles
# --------------------------------------------------------------------------------------------


def test_column_profile_numeric_histogram_counts_sum_to_non_missing(small) -> None:
    frame, columns = small
    stats, chart = explore.column_profile(frame, _by_name(columns, "num"))
    assert _trace_types(chart.figure) == ["bar"]
    heights = np.asarray(chart.figure.data[0].y)
    assert heights.sum() == frame["num"].notna().sum()
    assert len(heights) <= 50
    assert "missing" in chart.note
    assert list(stats.columns) == ["statistic", "value"]
    assert "mean" in set(stats["statistic"])
    assert chart.figure.layout.template.layout.paper_bgcolor is not None  # plotly_white


def test_column_profile_integer_values_get_one_bar_per_value(small) -> None:
    frame, columns = small
    _, chart = explore.column_profile(frame, _by_name(columns, "count"))
    bar = chart.figure.data[0]
    np.testing.assert_allclose(bar.x, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(bar.y, frame["count"].value_counts().sort_index().to_numpy())


def test_column_profile_categorical_shows_top_categories_other_and_missing(small) -> None:
    frame, columns = small
    _, chart = explore.column_profile(frame, _by_name(columns, "cat"))
    bar = chart.figure.data[0]
    labels = list(bar.y)
    assert labels[-2:] == ["Other", "(missing)"]
    assert len(labels) == explore.MAX_CATEGORIES + 2
    assert np.asarray(bar.x).sum() == len(frame)
    top = frame["cat"].value_counts().head(explore.MAX_CATEGORIES)
    assert labels[0] == top.index[0]
    assert "Top 20 of 143 categories" in chart.note


def test_column_profile_boolean_counts_true_and_false() -> None:
    frame = pd.DataFrame({"b": pd.Series([True, True, False, None], dtype="boolean")})
    stats, chart = explore.column_profile(frame, _info("b", K.BOOLEAN))
    bar = chart.figure.data[0]
    assert dict(zip(bar.y, bar.x, strict=True)) == {"True": 2, "False": 1, "(missing)": 1}
    assert stats.set_index("statistic").loc["true", "value"].startswith("2")


def test_column_profile_datetime_counts_over_time(small) -> None:
    frame, columns = small
    _, chart = explore.column_profile(frame, _by_name(columns, "when"))
    bar = chart.figure.data[0]
    assert bar.type == "bar"
    assert np.asarray(bar.y).sum() == len(frame)
    assert len(bar.y) <= 200
    assert "week" in chart.how_to_read


def test_column_profile_text_histogram_of_word_counts(small) -> None:
    frame, columns = small
    _, chart = explore.column_profile(frame, _by_name(columns, "note"))
    bar = chart.figure.data[0]
    words = frame["note"].str.split().str.len()
    heights = dict(zip(np.asarray(bar.x).round().astype(int), bar.y, strict=True))
    assert heights[1] == (words == 1).sum()
    assert heights[5] == (words == 5).sum()
    assert chart.figure.layout.xaxis.title.text == "Length in words"


def test_column_profile_constant_draws_a_single_bar(small) -> None:
    frame, columns = small
    _, chart = explore.column_profile(frame, _by_name(columns, "same"))
    bar = chart.figure.data[0]
    assert list(bar.y) == ["1.0"]
    assert list(bar.x) == [len(frame)]


def test_column_profile_all_missing_column_gives_empty_figure() -> None:
    frame = pd.DataFrame({"a": [np.nan, np.nan]})
    _, chart = explore.column_profile(frame, _info("a", K.NUMERIC))
    assert len(chart.figure.data) == 0
    assert "2 missing" in chart.note


def test_column_profile_unknown_column_raises() -> None:
    with pytest.raises(ModelPathError, match="not in the table"):
        explore.column_profile(pd.DataFrame({"a": [1]}), _info("b", K.NUMERIC))


# --------------------------------------------------------------------------------------------
# target
# --------------------------------------------------------------------------------------------


def test_target_distribution_classification_counts_and_shares(small) -> None:
    frame, _ = small
    chart = explore.target_distribution(frame, "kind3", "multiclass")
    bar = chart.figure.data[0]
    counts = frame["kind3"].value_counts()
    assert dict(zip(bar.x, bar.y, strict=True)) == counts.to_dict()
    assert np.sum(bar.text) == pytest.approx(1.0)
    assert chart.figure.layout.xaxis.type == "category"


def test_target_distribution_regression_is_a_histogram(small) -> None:
    frame, _ = small
    chart = explore.target_distribution(frame, "y", "regression")
    assert _trace_types(chart.figure) == ["bar"]
    assert np.asarray(chart.figure.data[0].y).sum() == len(frame)


def test_target_distribution_notes_missing_targets() -> None:
    frame = pd.DataFrame({"t": pd.Series(["a", "b", None, "a"], dtype="str")})
    chart = explore.target_distribution(frame, "t", "binary")
    assert "1 row with a missing target" in chart.note
    assert np.asarray(chart.figure.data[0].y).sum() == 3


@pytest.mark.parametrize(
    ("target", "task"), [("y", "clustering"), ("y", None), ("kind3", "regression")]
)
def test_target_distribution_rejects_bad_task_or_target(small, target, task) -> None:
    frame, _ = small
    with pytest.raises(ModelPathError):
        explore.target_distribution(frame, target, task)


# --------------------------------------------------------------------------------------------
# feature vs target
# --------------------------------------------------------------------------------------------


def test_feature_vs_target_numeric_by_class_box_matches_numpy_quantiles(small) -> None:
    frame, columns = small
    chart = explore.feature_vs_target(frame, _by_name(columns, "num"), "kind3", "multiclass")
    box = chart.figure.data[0]
    assert box.type == "box"
    assert box.boxpoints is False
    for i, label in enumerate(box.x):
        values = frame.loc[frame["kind3"] == label, "num"].dropna().to_numpy()
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        assert box.q1[i] == pytest.approx(q1)
        assert box.median[i] == pytest.approx(median)
        assert box.q3[i] == pytest.approx(q3)
        assert box.mean[i] == pytest.approx(values.mean())
        assert box.lowerfence[i] >= q1 - 1.5 * (q3 - q1)
    assert sorted(box.x) == ["a", "b", "c"]
    assert "outliers are not drawn" in chart.note


def test_feature_vs_target_category_by_class_shares_sum_to_one(small) -> None:
    frame, columns = small
    chart = explore.feature_vs_target(frame, _by_name(columns, "color"), "label", "binary")
    assert _trace_types(chart.figure) == ["bar", "bar"]
    assert {trace.name for trace in chart.figure.data} == {"no", "yes"}
    assert chart.figure.layout.barmode == "stack"
    shares = np.vstack([np.asarray(trace.y) for trace in chart.figure.data])
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    yes = next(trace for trace in chart.figure.data if trace.name == "yes")
    for category, share in zip(yes.x, yes.y, strict=True):
        rows = frame[frame["color"] == category]
        assert share == pytest.approx((rows["label"] == "yes").mean())


def test_feature_vs_target_boolean_feature_by_class(small) -> None:
    frame, columns = small
    chart = explore.feature_vs_target(frame, _by_name(columns, "flag"), "kind3", "multiclass")
    assert len(chart.figure.data) == 3
    assert set(chart.figure.data[0].x) == {"True", "False"}


def test_feature_vs_target_numeric_regression_trend_matches_polyfit(small) -> None:
    frame, columns = small
    chart = explore.feature_vs_target(frame, _by_name(columns, "skewed"), "y", "regression")
    assert _trace_types(chart.figure) == ["scatter", "scatter"]
    points, line = chart.figure.data
    assert points.mode == "markers"
    assert len(points.x) == len(frame)
    slope, intercept = np.polyfit(frame["skewed"], frame["y"], 1)
    fitted = (line.y[1] - line.y[0]) / (line.x[1] - line.x[0])
    assert fitted == pytest.approx(slope)
    assert line.y[0] == pytest.approx(slope * line.x[0] + intercept)
    assert chart.note is None


def test_feature_vs_target_scatter_is_sampled_and_seeded(big) -> None:
    frame, columns = big
    first = explore.feature_vs_target(frame, _by_name(columns, "skewed"), "y", "regression", seed=1)
    again = explore.feature_vs_target(frame, _by_name(columns, "skewed"), "y", "regression", seed=1)
    assert len(first.figure.data[0].x) == explore.MAX_POINTS
    np.testing.assert_array_equal(first.figure.data[0].x, again.figure.data[0].x)
    assert "random sample of 5,000 of 200,000 rows" in first.note
    slope, _ = np.polyfit(frame["skewed"], frame["y"], 1)
    line = first.figure.data[1]
    assert (line.y[1] - line.y[0]) / (line.x[1] - line.x[0]) == pytest.approx(slope)


def test_feature_vs_target_category_regression_box_per_category(small) -> None:
    frame, columns = small
    chart = explore.feature_vs_target(frame, _by_name(columns, "cat"), "y", "regression")
    box = chart.figure.data[0]
    assert box.type == "box"
    assert list(box.x[-2:]) == ["Other", "(missing)"]
    missing = frame.loc[frame["cat"].isna(), "y"].to_numpy()
    assert box.median[-1] == pytest.approx(np.median(missing))
    assert "Top 20 of 143 categories" in chart.note


def test_feature_vs_target_datetime_regression_mean_per_bucket() -> None:
    rng = np.random.default_rng(0)
    dates = pd.Timestamp("2021-03-01") + pd.to_timedelta(rng.integers(0, 10, 500), unit="D")
    frame = pd.DataFrame({"d": dates, "y": rng.normal(size=500)})
    chart = explore.feature_vs_target(frame, _info("d", K.DATETIME), "y", "regression")
    line = chart.figure.data[0]
    assert line.type == "scatter"
    expected = frame.groupby("d")["y"].mean()
    np.testing.assert_allclose(line.y, expected.to_numpy())
    assert list(line.customdata) == frame.groupby("d").size().tolist()
    assert "day" in chart.note


def test_feature_vs_target_datetime_binary_shows_positive_share() -> None:
    dates = pd.to_datetime(["2020-01-01", "2020-01-01", "2020-01-02", "2020-01-02", None])
    frame = pd.DataFrame({"d": dates, "t": [0, 1, 1, 1, 0]})
    chart = explore.feature_vs_target(frame, _info("d", K.DATETIME), "t", "binary")
    line = chart.figure.data[0]
    assert line.name == "1"
    np.testing.assert_allclose(line.y, [0.5, 1.0])
    assert "1 row without a date" in chart.note


@pytest.mark.parametrize("name", ["note", "row_id", "same"])
def test_feature_vs_target_unsupported_kinds_raise(small, name) -> None:
    frame, columns = small
    with pytest.raises(ModelPathError, match="can't be plotted"):
        explore.feature_vs_target(frame, _by_name(columns, name), "y", "regression")


def test_feature_vs_target_feature_equal_to_target_raises(small) -> None:
    frame, columns = small
    with pytest.raises(ModelPathError, match="target itself"):
        explore.feature_vs_target(frame, _by_name(columns, "y"), "y", "regression")


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
    corr = explore.correlation_frame(frame, columns)
    assert list(corr.columns) == ["x", "twice", "neg", "flag"]
    assert corr.loc["x", "twice"] == pytest.approx(1.0)
    assert corr.loc["x", "neg"] == pytest.approx(-1.0)
    assert corr.loc["x", "flag"] == pytest.approx(np.corrcoef(x, x > 0)[0, 1])
    chart = explore.correlation_heatmap(frame, columns)
    heatmap = chart.figure.data[0]
    assert heatmap.type == "heatmap"
    assert (heatmap.zmin, heatmap.zmax) == (-1, 1)
    assert "2 columns without variation" in chart.note


def test_correlation_frame_spearman_matches_pandas(small) -> None:
    frame, columns = small
    corr = explore.correlation_frame(frame, columns, method="spearman")
    expected = frame[["skewed", "count", "y"]].corr(method="spearman")
    np.testing.assert_allclose(corr.loc[expected.index, expected.columns], expected)


def test_correlation_frame_keeps_highest_variance_columns() -> None:
    rng = np.random.default_rng(0)
    n_columns = explore.MAX_HEATMAP_COLUMNS + 5
    base = rng.normal(size=50)
    frame = pd.DataFrame({f"c{i}": (i + 1) * base + rng.normal(size=50) for i in range(n_columns)})
    columns = [_info(c, K.NUMERIC) for c in frame.columns]
    corr = explore.correlation_frame(frame, columns)
    assert list(corr.columns) == [f"c{i}" for i in range(5, n_columns)]
    assert "5 more columns left out" in explore.correlation_heatmap(frame, columns).note


def test_correlation_frame_rejects_unknown_method(small) -> None:
    frame, columns = small
    with pytest.raises(ModelPathError):
        explore.correlation_frame(frame, columns, method="kendall")


def test_correlation_heatmap_needs_two_varying_columns() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 3.0]})
    with pytest.raises(ModelPathError, match="fewer than two"):
        explore.correlation_heatmap(frame, [_info("a", K.NUMERIC), _info("b", K.NUMERIC)])


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
    assoc = explore.categorical_association_frame(frame, columns)
    assert list(assoc.columns) == ["a", "copy", "other", "flag"]
    np.testing.assert_allclose(np.diag(assoc), 1.0)
    assert assoc.loc["a", "copy"] == pytest.approx(1.0)
    assert assoc.loc["a", "other"] < 0.05
    assert assoc.loc["other", "flag"] < 0.05
    np.testing.assert_allclose(assoc, assoc.T)


def test_association_heatmap_includes_target_and_skips_many_levels(small) -> None:
    frame, columns = small
    frame = frame.assign(code=(frame["label"] == "yes").astype(int))
    chart = explore.association_heatmap(frame, columns, target="code")
    heatmap = chart.figure.data[0]
    assert list(heatmap.x) == ["color", "flag", "label", "kind3", "code"]
    assert "1 column with more than 100 distinct values" in chart.note
    assert np.asarray(heatmap.z)[2, 4] == pytest.approx(1.0)


# --------------------------------------------------------------------------------------------
# missing values
# --------------------------------------------------------------------------------------------


def test_missing_frame_sorted_descending() -> None:
    frame = pd.DataFrame(
        {"a": [1, 2, 3, 4], "b": [np.nan, 1, np.nan, np.nan], "c": [np.nan, 1, 2, 3]}
    )
    missing = explore.missing_frame(frame)
    assert list(missing["column"]) == ["b", "c", "a"]
    assert list(missing["missing"]) == [3, 1, 0]
    np.testing.assert_allclose(missing["missing_share"], [0.75, 0.25, 0.0])


def test_missingness_chart_bars_are_missing_shares(small) -> None:
    frame, _ = small
    chart = explore.missingness_chart(frame)
    bar = chart.figure.data[0]
    assert list(bar.y) == ["num", "cat"]  # 1 in 10 missing, then 1 in 13
    np.testing.assert_allclose(bar.x, [frame["num"].isna().mean(), frame["cat"].isna().mean()])


def test_missingness_chart_without_missing_values_says_so() -> None:
    chart = explore.missingness_chart(pd.DataFrame({"a": [1, 2]}))
    assert len(chart.figure.data) == 0
    assert "No column has missing values" in chart.note


def test_missing_pattern_chart_samples_rows(big) -> None:
    frame, _ = big
    chart = explore.missing_pattern_chart(frame, seed=3)
    heatmap = chart.figure.data[0]
    z = np.asarray(heatmap.z)
    assert z.shape == (300, 2)
    assert list(heatmap.x) == ["num", "cat"]
    rows = np.asarray(heatmap.y)
    np.testing.assert_array_equal(z[:, 0], frame["num"].isna().to_numpy()[rows])
    assert "random sample of 300 of 200,000 rows" in chart.note


# --------------------------------------------------------------------------------------------
# outliers
# --------------------------------------------------------------------------------------------


def test_outlier_frame_matches_hand_computation() -> None:
    frame = pd.DataFrame({"v": [1.0, 2, 3, 4, 5, 6, 7, 8, 100, -50, np.nan], "s": ["x"] * 11})
    columns = [_info("v", K.NUMERIC), _info("s", K.CATEGORICAL)]
    table = explore.outlier_frame(frame, columns)
    assert list(table["column"]) == ["v"]
    row = table.iloc[0]
    # sorted: -50 1 2 3 4 5 6 7 8 100; q1 at position 2.25 -> 2.25, q3 at 6.75 -> 6.75
    assert (row["q1"], row["q3"], row["iqr"]) == pytest.approx((2.25, 6.75, 4.5))
    assert (row["lower_fence"], row["upper_fence"]) == pytest.approx((-4.5, 13.5))
    assert (row["n_low"], row["n_high"], row["n_outliers"]) == (1, 1, 2)
    assert row["outlier_share"] == pytest.approx(0.2)


def test_outlier_chart_stacks_low_and_high_shares(small) -> None:
    frame, columns = small
    chart = explore.outlier_chart(frame, columns)
    low, high = chart.figure.data
    table = explore.outlier_frame(frame, columns).set_index("column")
    assert list(low.y) == list(table.sort_values("outlier_share", ascending=False).index)
    totals = np.asarray(low.x) + np.asarray(high.x)
    np.testing.assert_allclose(totals, table.loc[list(low.y), "outlier_share"])


def test_outlier_chart_without_numeric_columns_raises() -> None:
    frame = pd.DataFrame({"s": pd.Series(["a"], dtype="str")})
    with pytest.raises(ModelPathError, match="no numeric columns"):
        explore.outlier_chart(frame, [_info("s", K.CATEGORICAL)])


# --------------------------------------------------------------------------------------------
# pair plot
# --------------------------------------------------------------------------------------------


def test_pairplot_png_returns_png_and_sampling_note(big) -> None:
    frame, _ = big
    png, note = explore.pairplot_png(frame, ["num", "skewed", "cat"], hue="kind3")
    assert png.startswith(b"\x89PNG")
    assert "random sample of 1,000" in note
    assert "Not numeric" in note


def test_pairplot_png_small_frame_has_no_note() -> None:
    frame = pd.DataFrame({"$a$": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0]})
    png, note = explore.pairplot_png(frame, ["$a$", "b"])
    assert png.startswith(b"\x89PNG")
    assert note is None


def test_pairplot_png_rejects_no_numeric_or_too_many_columns(small) -> None:
    frame, _ = small
    with pytest.raises(ModelPathError, match="None of the chosen columns is numeric"):
        explore.pairplot_png(frame, ["cat", "color"])
    wide = pd.DataFrame({f"c{i}": [1.0, 2.0] for i in range(explore.MAX_PAIRPLOT_COLUMNS + 1)})
    with pytest.raises(ModelPathError, match="at most 6"):
        explore.pairplot_png(wide, list(wide.columns))


# --------------------------------------------------------------------------------------------
# bounded payloads and no mutation
# --------------------------------------------------------------------------------------------

_FACTORIES = {
    "profile_numeric": lambda f, c: explore.column_profile(f, _by_name(c, "num"))[1],
    "profile_categorical": lambda f, c: explore.column_profile(f, _by_name(c, "cat"))[1],
    "profile_boolean": lambda f, c: explore.column_profile(f, _by_name(c, "flag"))[1],
    "profile_datetime": lambda f, c: explore.column_profile(f, _by_name(c, "when"))[1],
    "profile_text": lambda f, c: explore.column_profile(f, _by_name(c, "note"))[1],
    "profile_identifier": lambda f, c: explore.column_profile(f, _by_name(c, "row_id"))[1],
    "profile_constant": lambda f, c: explore.column_profile(f, _by_name(c, "same"))[1],
    "target_classes": lambda f, c: explore.target_distribution(f, "kind3", "multiclass"),
    "target_regression": lambda f, c: explore.target_distribution(f, "y", "regression"),
    "numeric_vs_class": lambda f, c: explore.feature_vs_target(
        f, _by_name(c, "num"), "label", "binary"
    ),
    "category_vs_class": lambda f, c: explore.feature_vs_target(
        f, _by_name(c, "cat"), "kind3", "multiclass"
    ),
    "numeric_vs_regression": lambda f, c: explore.feature_vs_target(
        f, _by_name(c, "num"), "y", "regression"
    ),
    "category_vs_regression": lambda f, c: explore.feature_vs_target(
        f, _by_name(c, "cat"), "y", "regression"
    ),
    "datetime_vs_class": lambda f, c: explore.feature_vs_target(
        f, _by_name(c, "when"), "label", "binary"
    ),
    "datetime_vs_regression": lambda f, c: explore.feature_vs_target(
        f, _by_name(c, "when"), "y", "regression"
    ),
    "correlation": explore.correlation_heatmap,
    "association": explore.association_heatmap,
    "missingness": lambda f, c: explore.missingness_chart(f),
    "missing_pattern": lambda f, c: explore.missing_pattern_chart(f),
    "outliers": explore.outlier_chart,
}

# What the note must say on 200,000 rows where sampling, aggregation or truncation applied.
_EXPECTED_NOTES = {
    "profile_categorical": "Top 20 of 143",
    "profile_identifier": "Top 20 of 200,000",
    "numeric_vs_class": "outliers are not drawn",
    "category_vs_class": "Top 20 of 143",
    "numeric_vs_regression": "random sample of 5,000",
    "category_vs_regression": "outliers are not drawn",
    "datetime_vs_class": "grouped by",
    "datetime_vs_regression": "grouped by",
    "association": "more than 100 distinct values",
    "missing_pattern": "random sample of 300",
}


@pytest.mark.parametrize("name", list(_FACTORIES))
def test_factories_bounded_payload_on_200k_rows(big, name) -> None:
    frame, columns = big
    chart = _FACTORIES[name](frame, columns)
    assert isinstance(chart, explore.ChartResult)
    assert isinstance(chart.figure, go.Figure)
    assert chart.how_to_read
    assert len(chart.figure.to_json()) < PAYLOAD_LIMIT
    assert chart.figure.layout.template.layout.plot_bgcolor == "white"
    if name in _EXPECTED_NOTES:
        assert _EXPECTED_NOTES[name] in chart.note


def test_functions_do_not_mutate_inputs(small) -> None:
    frame, columns = small
    before = frame.copy(deep=True)
    for build in _FACTORIES.values():
        build(frame, columns)
    explore.column_summary_frame(frame, columns)
    explore.outlier_frame(frame, columns)
    explore.pairplot_png(frame, ["num", "y"], hue="label")
    pd.testing.assert_frame_equal(frame, before)
