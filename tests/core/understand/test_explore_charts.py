"""Tests for core.understand.explore_charts: figures checked through their data, bounded
payloads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import core.understand.explore_charts as explore_charts
import core.understand.explore_summaries as explore_summaries
import core.understand.pair_plot as pair_plot
import core.understand.target_charts as target_charts
from core.errors import ModelPathError
from tests.core.understand.explore_frames import PAYLOAD_LIMIT, K, _by_name, _info, _trace_types

# --------------------------------------------------------------------------------------------
# column profiles
# --------------------------------------------------------------------------------------------


def test_column_profile_numeric_histogram_counts_sum_to_non_missing(small) -> None:
    frame, columns = small
    stats, chart = explore_charts.column_profile(frame, _by_name(columns, "num"))
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
    _, chart = explore_charts.column_profile(frame, _by_name(columns, "count"))
    bar = chart.figure.data[0]
    np.testing.assert_allclose(bar.x, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(bar.y, frame["count"].value_counts().sort_index().to_numpy())


def test_column_profile_categorical_shows_top_categories_other_and_missing(small) -> None:
    frame, columns = small
    _, chart = explore_charts.column_profile(frame, _by_name(columns, "cat"))
    bar = chart.figure.data[0]
    labels = list(bar.y)
    assert labels[-2:] == ["Other", "(missing)"]
    assert len(labels) == explore_charts.MAX_CATEGORIES + 2
    assert np.asarray(bar.x).sum() == len(frame)
    top = frame["cat"].value_counts().head(explore_charts.MAX_CATEGORIES)
    assert labels[0] == top.index[0]
    assert "Top 20 of 143 categories" in chart.note


def test_column_profile_boolean_counts_true_and_false() -> None:
    frame = pd.DataFrame({"b": pd.Series([True, True, False, None], dtype="boolean")})
    stats, chart = explore_charts.column_profile(frame, _info("b", K.BOOLEAN))
    bar = chart.figure.data[0]
    assert dict(zip(bar.y, bar.x, strict=True)) == {"True": 2, "False": 1, "(missing)": 1}
    assert stats.set_index("statistic").loc["true", "value"].startswith("2")


def test_column_profile_datetime_counts_over_time(small) -> None:
    frame, columns = small
    _, chart = explore_charts.column_profile(frame, _by_name(columns, "when"))
    bar = chart.figure.data[0]
    assert bar.type == "bar"
    assert np.asarray(bar.y).sum() == len(frame)
    assert len(bar.y) <= 200
    assert "week" in chart.how_to_read


def test_column_profile_text_histogram_of_word_counts(small) -> None:
    frame, columns = small
    _, chart = explore_charts.column_profile(frame, _by_name(columns, "note"))
    bar = chart.figure.data[0]
    words = frame["note"].str.split().str.len()
    heights = dict(zip(np.asarray(bar.x).round().astype(int), bar.y, strict=True))
    assert heights[1] == (words == 1).sum()
    assert heights[5] == (words == 5).sum()
    assert chart.figure.layout.xaxis.title.text == "Length in words"


def test_column_profile_constant_draws_a_single_bar(small) -> None:
    frame, columns = small
    _, chart = explore_charts.column_profile(frame, _by_name(columns, "same"))
    bar = chart.figure.data[0]
    assert list(bar.y) == ["1.0"]
    assert list(bar.x) == [len(frame)]


def test_column_profile_all_missing_column_gives_empty_figure() -> None:
    frame = pd.DataFrame({"a": [np.nan, np.nan]})
    _, chart = explore_charts.column_profile(frame, _info("a", K.NUMERIC))
    assert len(chart.figure.data) == 0
    assert "2 missing" in chart.note


def test_column_profile_unknown_column_raises() -> None:
    with pytest.raises(ModelPathError, match="not in the table"):
        explore_charts.column_profile(pd.DataFrame({"a": [1]}), _info("b", K.NUMERIC))


# --------------------------------------------------------------------------------------------
# correlation and association
# --------------------------------------------------------------------------------------------


def test_correlation_heatmap_needs_two_varying_columns() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 3.0]})
    with pytest.raises(ModelPathError, match="fewer than two"):
        explore_charts.correlation_heatmap(frame, [_info("a", K.NUMERIC), _info("b", K.NUMERIC)])


def test_association_heatmap_includes_target_and_skips_many_levels(small) -> None:
    frame, columns = small
    frame = frame.assign(code=(frame["label"] == "yes").astype(int))
    chart = explore_charts.association_heatmap(frame, columns, target="code")
    heatmap = chart.figure.data[0]
    assert list(heatmap.x) == ["color", "flag", "label", "kind3", "code"]
    assert "1 column with more than 100 distinct values" in chart.note
    assert np.asarray(heatmap.z)[2, 4] == pytest.approx(1.0)


# --------------------------------------------------------------------------------------------
# missing values
# --------------------------------------------------------------------------------------------


def test_missingness_chart_bars_are_missing_shares(small) -> None:
    frame, _ = small
    chart = explore_charts.missingness_chart(frame)
    bar = chart.figure.data[0]
    assert list(bar.y) == ["num", "cat"]  # 1 in 10 missing, then 1 in 13
    np.testing.assert_allclose(bar.x, [frame["num"].isna().mean(), frame["cat"].isna().mean()])


def test_missingness_chart_without_missing_values_says_so() -> None:
    chart = explore_charts.missingness_chart(pd.DataFrame({"a": [1, 2]}))
    assert len(chart.figure.data) == 0
    assert "No column has missing values" in chart.note


def test_missing_pattern_chart_samples_rows(big) -> None:
    frame, _ = big
    chart = explore_charts.missing_pattern_chart(frame, seed=3)
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


def test_outlier_chart_stacks_low_and_high_shares(small) -> None:
    frame, columns = small
    chart = explore_charts.outlier_chart(frame, columns)
    low, high = chart.figure.data
    table = explore_summaries.outlier_frame(frame, columns).set_index("column")
    assert list(low.y) == list(table.sort_values("outlier_share", ascending=False).index)
    totals = np.asarray(low.x) + np.asarray(high.x)
    np.testing.assert_allclose(totals, table.loc[list(low.y), "outlier_share"])


def test_outlier_chart_without_numeric_columns_raises() -> None:
    frame = pd.DataFrame({"s": pd.Series(["a"], dtype="str")})
    with pytest.raises(ModelPathError, match="no numeric columns"):
        explore_charts.outlier_chart(frame, [_info("s", K.CATEGORICAL)])


# --------------------------------------------------------------------------------------------
# bounded payloads and no mutation
# --------------------------------------------------------------------------------------------


_FACTORIES = {
    "profile_numeric": lambda f, c: explore_charts.column_profile(f, _by_name(c, "num"))[1],
    "profile_categorical": lambda f, c: explore_charts.column_profile(f, _by_name(c, "cat"))[1],
    "profile_boolean": lambda f, c: explore_charts.column_profile(f, _by_name(c, "flag"))[1],
    "profile_datetime": lambda f, c: explore_charts.column_profile(f, _by_name(c, "when"))[1],
    "profile_text": lambda f, c: explore_charts.column_profile(f, _by_name(c, "note"))[1],
    "profile_identifier": lambda f, c: explore_charts.column_profile(f, _by_name(c, "row_id"))[1],
    "profile_constant": lambda f, c: explore_charts.column_profile(f, _by_name(c, "same"))[1],
    "target_classes": lambda f, c: target_charts.target_distribution(f, "kind3", "multiclass"),
    "target_regression": lambda f, c: target_charts.target_distribution(f, "y", "regression"),
    "numeric_vs_class": lambda f, c: target_charts.feature_vs_target(
        f, _by_name(c, "num"), "label", "binary"
    ),
    "category_vs_class": lambda f, c: target_charts.feature_vs_target(
        f, _by_name(c, "cat"), "kind3", "multiclass"
    ),
    "numeric_vs_regression": lambda f, c: target_charts.feature_vs_target(
        f, _by_name(c, "num"), "y", "regression"
    ),
    "category_vs_regression": lambda f, c: target_charts.feature_vs_target(
        f, _by_name(c, "cat"), "y", "regression"
    ),
    "datetime_vs_class": lambda f, c: target_charts.feature_vs_target(
        f, _by_name(c, "when"), "label", "binary"
    ),
    "datetime_vs_regression": lambda f, c: target_charts.feature_vs_target(
        f, _by_name(c, "when"), "y", "regression"
    ),
    "correlation": explore_charts.correlation_heatmap,
    "association": explore_charts.association_heatmap,
    "missingness": lambda f, c: explore_charts.missingness_chart(f),
    "missing_pattern": lambda f, c: explore_charts.missing_pattern_chart(f),
    "outliers": explore_charts.outlier_chart,
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
    assert isinstance(chart, explore_charts.ChartResult)
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
    explore_summaries.column_summary_frame(frame, columns)
    explore_summaries.outlier_frame(frame, columns)
    pair_plot.pairplot_png(frame, ["num", "y"], hue="label")
    pd.testing.assert_frame_equal(frame, before)
