"""Tests for core.prepare.transformers.dates: DateFeatures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.prepare import DATE_PARTS, DateFeatures


def test_date_features_parts_on_known_date() -> None:
    # 15 March 2024 was a Friday (Monday=0 → 4).
    frame = pd.DataFrame({"sold": pd.to_datetime(["2024-03-15 14:30"])})
    step = DateFeatures(parts=("year", "month", "day", "weekday", "hour")).fit(frame)
    assert step.transform(frame).tolist() == [[2024.0, 3.0, 15.0, 4.0, 14.0]]


def test_date_features_days_since_uses_fit_data_minimum() -> None:
    train = pd.DataFrame({"sold": pd.to_datetime(["2024-01-11", "2024-01-01", None])})
    # The test data's own minimum (2023-12-31) must not become the reference.
    test = pd.DataFrame({"sold": pd.to_datetime(["2024-01-06 12:00", "2023-12-31 00:00"])})
    step = DateFeatures(parts=("days_since",)).fit(train)
    assert step.reference_[0] == pd.Timestamp("2024-01-01")
    np.testing.assert_allclose(step.transform(test).ravel(), [5.5, -1.0])


def test_date_features_missing_date_gives_nan_in_every_part() -> None:
    frame = pd.DataFrame({"sold": pd.to_datetime(["2024-03-15", None])})
    out = DateFeatures().fit(frame).transform(frame)
    assert out.dtype == np.float64
    assert np.isnan(out[1]).all()
    assert not np.isnan(out[0]).any()


def test_date_features_all_missing_fit_column_gives_nan_days_since() -> None:
    train = pd.DataFrame({"sold": pd.Series([pd.NaT, pd.NaT], dtype="datetime64[ns]")})
    step = DateFeatures(parts=("year", "days_since")).fit(train)
    assert pd.isna(step.reference_[0])
    out = step.transform(pd.DataFrame({"sold": pd.to_datetime(["2024-03-15"])}))
    assert out[0, 0] == 2024.0
    assert np.isnan(out[0, 1])


def test_date_features_feature_names_per_column_then_part() -> None:
    frame = pd.DataFrame(
        {"start": pd.to_datetime(["2024-01-01"]), "end": pd.to_datetime(["2024-02-01"])}
    )
    step = DateFeatures(parts=("month", "days_since")).fit(frame)
    assert step.get_feature_names_out().tolist() == [
        "start_month",
        "start_days_since",
        "end_month",
        "end_days_since",
    ]
    assert step.transform(frame).tolist() == [[1.0, 0.0, 2.0, 0.0]]


def test_date_features_converts_aware_dates_to_utc() -> None:
    local = pd.to_datetime(["2024-03-15 14:30"]).tz_localize("Europe/Berlin")  # UTC+1
    frame = pd.DataFrame({"sold": local})
    out = DateFeatures(parts=("hour",)).fit(frame).transform(frame)
    assert out.tolist() == [[13.0]]


def test_date_features_parses_text_and_makes_unreadable_text_missing() -> None:
    X = np.array([["2024-03-15 14:30"], ["2024-03-16T10:00+02:00"], ["not a date"]], dtype=object)
    out = DateFeatures(parts=("day", "hour")).fit(X).transform(X)
    np.testing.assert_array_equal(out, [[15.0, 14.0], [16.0, 8.0], [np.nan, np.nan]])


@pytest.mark.parametrize(
    "parts",
    [(), ("year", "minute"), "year", ("year", "year")],
    ids=["empty", "unknown", "str", "repeat"],
)
def test_date_features_rejects_bad_parts_naming_allowed_ones(parts: object) -> None:
    frame = pd.DataFrame({"sold": pd.to_datetime(["2024-03-15"])})
    with pytest.raises(ValueError, match="allowed parts: 'year', 'month'") as raised:
        DateFeatures(parts=parts).fit(frame)
    assert all(repr(part) in str(raised.value) for part in DATE_PARTS)


def _orders() -> pd.DataFrame:
    """Two date columns with times: ordered then delivered, all in 2024."""
    return pd.DataFrame(
        {
            "ordered": pd.to_datetime(["2024-03-15 09:00", "2024-03-16 18:30", "2024-04-01 12:00"]),
            "delivered": pd.to_datetime(
                ["2024-03-17 09:00", "2024-03-16 20:30", "2024-04-11 00:00"]
            ),
        }
    )


def test_date_features_two_columns_give_hour_weekday_and_days_between() -> None:
    frame = _orders()
    step = DateFeatures(parts=("weekday", "hour"), max_pairs=1).fit(frame)
    assert step.get_feature_names_out().tolist() == [
        "ordered_weekday",
        "ordered_hour",
        "delivered_weekday",
        "delivered_hour",
        "days_ordered_to_delivered",
    ]
    # 15 March 2024 was a Friday (4); the first order took exactly two days.
    np.testing.assert_allclose(step.transform(frame)[0], [4.0, 9.0, 6.0, 9.0, 2.0])
    np.testing.assert_allclose(step.transform(frame)[:, -1], [2.0, 2 / 24, 9.5])


def test_date_features_drops_a_constant_part_and_records_its_value() -> None:
    step = DateFeatures(parts=("year", "month"), drop_constant=True).fit(_orders())
    assert step.get_feature_names_out().tolist() == ["ordered_month", "delivered_month"]
    assert step.dropped_features_.tolist() == ["ordered_year", "delivered_year"]
    assert step.dropped_values_.tolist() == [2024.0, 2024.0]
    assert step.transform(_orders()).shape == (3, 2)


def test_date_features_constant_parts_are_learned_on_fit_rows_only() -> None:
    train = _orders()
    # Later rows fall in 2025: the year varies there, but fit saw one year, so it stays out.
    later = train.assign(ordered=train["ordered"] + pd.DateOffset(years=1))
    step = DateFeatures(parts=("year", "month"), drop_constant=True).fit(train)
    assert "ordered_year" in step.dropped_features_
    assert step.transform(pd.concat([train, later])).shape == (6, 2)
    refit = DateFeatures(parts=("year", "month"), drop_constant=True)
    assert "ordered_year" in refit.fit(pd.concat([train, later])).get_feature_names_out()


def test_date_features_hour_of_dates_without_times_is_dropped() -> None:
    frame = pd.DataFrame({"sold": pd.to_datetime(["2024-03-15", "2024-05-02", "2025-01-09"])})
    step = DateFeatures(parts=("year", "hour"), drop_constant=True).fit(frame)
    assert step.get_feature_names_out().tolist() == ["sold_year"]
    assert step.dropped_features_.tolist() == ["sold_hour"]


def test_date_features_keeps_one_output_when_every_one_is_constant() -> None:
    frame = pd.DataFrame({"sold": pd.to_datetime(["2024-03-15", "2024-03-15"])})
    step = DateFeatures(parts=("year", "month"), drop_constant=True).fit(frame)
    assert step.get_feature_names_out().tolist() == ["sold_year"]
    assert step.transform(frame).tolist() == [[2024.0], [2024.0]]


def test_date_features_pairs_are_capped_neighbours_first() -> None:
    days = pd.to_datetime(["2024-01-01", "2024-01-05"])
    frame = pd.DataFrame({name: days + pd.Timedelta(days=k) for k, name in enumerate("abcd")})
    step = DateFeatures(parts=(), max_pairs=4).fit(frame)
    # Six pairs exist; the three neighbouring pairs come first, then the nearest wider one.
    assert step.pairs_.tolist() == [[0, 1], [1, 2], [2, 3], [0, 2]]
    assert step.get_feature_names_out().tolist() == [
        "days_a_to_b",
        "days_b_to_c",
        "days_c_to_d",
        "days_a_to_c",
    ]


def test_date_features_missing_date_gives_nan_duration() -> None:
    frame = _orders()
    frame.loc[1, "delivered"] = pd.NaT
    out = DateFeatures(parts=(), max_pairs=1).fit(frame).transform(frame)
    assert np.isnan(out[1, 0])
    assert out[0, 0] == 2.0


@pytest.mark.parametrize(
    "max_pairs", [-1, 1.5, True, "3"], ids=["negative", "float", "bool", "text"]
)
def test_date_features_rejects_bad_max_pairs(max_pairs: object) -> None:
    with pytest.raises(ValueError, match="max_pairs must be"):
        DateFeatures(max_pairs=max_pairs).fit(_orders())


def test_date_features_without_parts_or_pairs_names_both_ways_out() -> None:
    with pytest.raises(ValueError, match="max_pairs above 0"):
        DateFeatures(parts=()).fit(_orders())
