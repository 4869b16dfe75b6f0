"""Tests for core.understand.target_charts: the target's distribution and each feature against
it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import core.understand.explore_charts as explore_charts
import core.understand.target_charts as target_charts
from core.errors import ModelPathError
from tests.core.understand.explore_frames import K, _by_name, _info, _trace_types

# --------------------------------------------------------------------------------------------
# target
# --------------------------------------------------------------------------------------------


def test_target_distribution_classification_counts_and_shares(small) -> None:
    frame, _ = small
    chart = target_charts.target_distribution(frame, "kind3", "multiclass")
    bar = chart.figure.data[0]
    counts = frame["kind3"].value_counts()
    assert dict(zip(bar.x, bar.y, strict=True)) == counts.to_dict()
    assert np.sum(bar.text) == pytest.approx(1.0)
    assert chart.figure.layout.xaxis.type == "category"


def test_target_distribution_regression_is_a_histogram(small) -> None:
    frame, _ = small
    chart = target_charts.target_distribution(frame, "y", "regression")
    assert _trace_types(chart.figure) == ["bar"]
    assert np.asarray(chart.figure.data[0].y).sum() == len(frame)


def test_target_distribution_notes_missing_targets() -> None:
    frame = pd.DataFrame({"t": pd.Series(["a", "b", None, "a"], dtype="str")})
    chart = target_charts.target_distribution(frame, "t", "binary")
    assert "1 row with a missing target" in chart.note
    assert np.asarray(chart.figure.data[0].y).sum() == 3


@pytest.mark.parametrize(
    ("target", "task"), [("y", "clustering"), ("y", None), ("kind3", "regression")]
)
def test_target_distribution_rejects_bad_task_or_target(small, target, task) -> None:
    frame, _ = small
    with pytest.raises(ModelPathError):
        target_charts.target_distribution(frame, target, task)


# --------------------------------------------------------------------------------------------
# feature vs target
# --------------------------------------------------------------------------------------------


def test_feature_vs_target_numeric_by_class_box_matches_numpy_quantiles(small) -> None:
    frame, columns = small
    chart = target_charts.feature_vs_target(frame, _by_name(columns, "num"), "kind3", "multiclass")
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
    chart = target_charts.feature_vs_target(frame, _by_name(columns, "color"), "label", "binary")
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
    chart = target_charts.feature_vs_target(frame, _by_name(columns, "flag"), "kind3", "multiclass")
    assert len(chart.figure.data) == 3
    assert set(chart.figure.data[0].x) == {"True", "False"}


def test_feature_vs_target_numeric_regression_trend_matches_polyfit(small) -> None:
    frame, columns = small
    chart = target_charts.feature_vs_target(frame, _by_name(columns, "skewed"), "y", "regression")
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
    first = target_charts.feature_vs_target(
        frame, _by_name(columns, "skewed"), "y", "regression", seed=1
    )
    again = target_charts.feature_vs_target(
        frame, _by_name(columns, "skewed"), "y", "regression", seed=1
    )
    assert len(first.figure.data[0].x) == explore_charts.MAX_POINTS
    np.testing.assert_array_equal(first.figure.data[0].x, again.figure.data[0].x)
    assert "random sample of 5,000 of 200,000 rows" in first.note
    slope, _ = np.polyfit(frame["skewed"], frame["y"], 1)
    line = first.figure.data[1]
    assert (line.y[1] - line.y[0]) / (line.x[1] - line.x[0]) == pytest.approx(slope)


def test_feature_vs_target_category_regression_box_per_category(small) -> None:
    frame, columns = small
    chart = target_charts.feature_vs_target(frame, _by_name(columns, "cat"), "y", "regression")
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
    chart = target_charts.feature_vs_target(frame, _info("d", K.DATETIME), "y", "regression")
    line = chart.figure.data[0]
    assert line.type == "scatter"
    expected = frame.groupby("d")["y"].mean()
    np.testing.assert_allclose(line.y, expected.to_numpy())
    assert list(line.customdata) == frame.groupby("d").size().tolist()
    assert "day" in chart.note


def test_feature_vs_target_datetime_binary_shows_positive_share() -> None:
    dates = pd.to_datetime(["2020-01-01", "2020-01-01", "2020-01-02", "2020-01-02", None])
    frame = pd.DataFrame({"d": dates, "t": [0, 1, 1, 1, 0]})
    chart = target_charts.feature_vs_target(frame, _info("d", K.DATETIME), "t", "binary")
    line = chart.figure.data[0]
    assert line.name == "1"
    np.testing.assert_allclose(line.y, [0.5, 1.0])
    assert "1 row without a date" in chart.note


@pytest.mark.parametrize("name", ["note", "row_id", "same"])
def test_feature_vs_target_unsupported_kinds_raise(small, name) -> None:
    frame, columns = small
    with pytest.raises(ModelPathError, match="can't be plotted"):
        target_charts.feature_vs_target(frame, _by_name(columns, name), "y", "regression")


def test_feature_vs_target_feature_equal_to_target_raises(small) -> None:
    frame, columns = small
    with pytest.raises(ModelPathError, match="target itself"):
        target_charts.feature_vs_target(frame, _by_name(columns, "y"), "y", "regression")
