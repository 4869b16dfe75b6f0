"""Tests for core.prepare.transformers: the custom pipeline steps, functions and column selector."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.validation import check_is_fitted

from core.prepare import (
    DATE_PARTS,
    ColumnsPresent,
    DateFeatures,
    MissingShareDropper,
    OutlierClipper,
    OutlierRowFilter,
    RareCategoryGrouper,
    as_documents,
    signed_expm1,
    signed_log1p,
)

SEED = 20240315


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(SEED)


# ---------------------------------------------------------------------------------------------
# scikit-learn's common estimator checks
# ---------------------------------------------------------------------------------------------


@parametrize_with_checks(
    [
        MissingShareDropper(),
        OutlierClipper(),
        OutlierClipper(method="quantile", lower_quantile=0.1, upper_quantile=0.9),
        RareCategoryGrouper(),
        # A high share makes some check values rare, so the numeric grouping path runs too.
        RareCategoryGrouper(min_share=0.2),
        DateFeatures(),
        # Durations and dropped constants: the check data's dates all fall on one day, so
        # most parts are constant and the step keeps only the ones that vary.
        DateFeatures(parts=("year", "hour", "days_since"), max_pairs=3, drop_constant=True),
        DateFeatures(parts=(), max_pairs=2, drop_constant=True),
    ]
)
def test_transformer_passes_sklearn_estimator_checks(estimator, check) -> None:
    check(estimator)


# ---------------------------------------------------------------------------------------------
# MissingShareDropper
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# OutlierClipper
# ---------------------------------------------------------------------------------------------


def test_outlier_clipper_iqr_bounds_come_from_fit_data(rng: np.random.Generator) -> None:
    train = rng.normal(size=(200, 2))
    test = rng.normal(scale=10.0, size=(50, 2))
    clipper = OutlierClipper(iqr_factor=1.5).fit(train)

    q1, q3 = np.quantile(train, [0.25, 0.75], axis=0)
    expected_lower, expected_upper = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    np.testing.assert_allclose(clipper.lower_, expected_lower)
    np.testing.assert_allclose(clipper.upper_, expected_upper)
    np.testing.assert_allclose(
        clipper.transform(test), np.clip(test, expected_lower, expected_upper)
    )


def test_outlier_clipper_quantile_bounds_match_numpy(rng: np.random.Generator) -> None:
    train = rng.exponential(size=(300, 3))
    clipper = OutlierClipper(method="quantile", lower_quantile=0.05, upper_quantile=0.9)
    clipper.fit(train)
    np.testing.assert_allclose(clipper.lower_, np.quantile(train, 0.05, axis=0))
    np.testing.assert_allclose(clipper.upper_, np.quantile(train, 0.9, axis=0))


def test_outlier_clipper_keeps_nan_and_ignores_it_when_fitting() -> None:
    train = np.array([[1.0], [2.0], [np.nan], [3.0], [4.0]])
    clipper = OutlierClipper(method="quantile", lower_quantile=0.0, upper_quantile=1.0)
    clipped = clipper.fit(train).transform(np.array([[np.nan], [0.0], [9.0]]))
    assert (clipper.lower_[0], clipper.upper_[0]) == (1.0, 4.0)
    np.testing.assert_array_equal(clipped, [[np.nan], [1.0], [4.0]])
    assert clipped.dtype == np.float64


def test_outlier_clipper_all_nan_column_gets_open_bounds() -> None:
    train = np.array([[np.nan, 1.0], [np.nan, 2.0], [np.nan, 3.0]])
    clipper = OutlierClipper().fit(train)
    assert (clipper.lower_[0], clipper.upper_[0]) == (-np.inf, np.inf)
    np.testing.assert_array_equal(clipper.transform([[1e9, 2.0]])[:, 0], [1e9])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"method": "zscore"}, "method must be 'iqr' or 'quantile'"),
        ({"iqr_factor": -1.0}, "iqr_factor must be a number >= 0"),
        ({"lower_quantile": -0.1}, "lower_quantile must be a number between 0 and 1"),
        ({"upper_quantile": 1.1}, "upper_quantile must be a number between 0 and 1"),
        ({"lower_quantile": 0.5, "upper_quantile": 0.5}, "must be smaller than upper_quantile"),
    ],
    ids=["unknown_method", "negative_factor", "lower_below_0", "upper_above_1", "lower_eq_upper"],
)
def test_outlier_clipper_rejects_invalid_params_at_fit(params: dict, message: str) -> None:
    clipper = OutlierClipper(**params)  # constructing never validates
    with pytest.raises(ValueError, match=message):
        clipper.fit(np.ones((4, 1)))


def test_outlier_clipper_feature_names_are_one_to_one() -> None:
    frame = pd.DataFrame({"age": [1.0, 2.0, 3.0], "income": [4.0, 5.0, 6.0]})
    clipper = OutlierClipper().fit(frame)
    assert clipper.get_feature_names_out().tolist() == ["age", "income"]


# ---------------------------------------------------------------------------------------------
# RareCategoryGrouper
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# DateFeatures
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# OutlierRowFilter
# ---------------------------------------------------------------------------------------------


class _RowCounter(ClassifierMixin, BaseEstimator):
    """A stub final step that records how many rows it was fitted on."""

    def fit(self, X, y):
        self.n_fit_rows_ = len(X)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def _rows_with_outliers(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series]:
    """60 rows with a shuffled index; rows labelled 103 and 140 hold planted outliers."""
    index = pd.Index(rng.permutation(60) + 100, name="id")
    X = pd.DataFrame(
        {"a": rng.normal(size=60), "b": rng.normal(size=60), "city": ["x", "y"] * 30},
        index=index,
    )
    X.loc[103, "a"] = 40.0
    X.loc[140, "b"] = -40.0
    y = pd.Series(rng.integers(0, 2, size=60), index=index, name="target")
    return X, y


def test_outlier_row_filter_removes_planted_outliers_and_keeps_index(
    rng: np.random.Generator,
) -> None:
    X, y = _rows_with_outliers(rng)
    sampler = OutlierRowFilter(iqr_factor=3.0)
    X_kept, y_kept = sampler.fit_resample(X, y)
    assert sampler.n_removed_ == 2
    assert {103, 140}.isdisjoint(X_kept.index)
    assert isinstance(X_kept, pd.DataFrame)
    assert isinstance(y_kept, pd.Series)
    pd.testing.assert_index_equal(X_kept.index, y_kept.index)
    pd.testing.assert_frame_equal(X_kept, X.drop(index=[103, 140]))


def test_outlier_row_filter_checks_numeric_non_boolean_columns_only() -> None:
    X = pd.DataFrame(
        {
            "value": [1.0, 2.0, 3.0, 4.0, np.nan],
            "flag": [True, True, True, True, False],
            "name": pd.Series(["a", "a", "a", "a", "zzz"], dtype="str"),
        }
    )
    sampler = OutlierRowFilter()
    X_kept, _ = sampler.fit_resample(X, np.arange(5))
    assert sampler.columns_ == ["value"]
    # The NaN row is kept: a missing value is never an outlier.
    assert len(X_kept) == 5


def test_outlier_row_filter_array_input_keeps_dtype() -> None:
    X = np.array([[1.0], [2.0], [3.0], [4.0], [100.0]], dtype=np.float32)
    X_kept, y_kept = OutlierRowFilter().fit_resample(X, np.arange(5))
    assert X_kept.dtype == np.float32
    np.testing.assert_array_equal(y_kept, [0, 1, 2, 3])


def test_outlier_row_filter_raises_when_every_row_would_be_removed() -> None:
    # Fences at Q1..Q3 (factor 0): each row is outside in one column or the other.
    X = np.array([[0.0, 2.0], [1.0, 0.0], [2.0, 3.0], [3.0, 1.0]])
    with pytest.raises(ValueError, match=r"remove all 4 training rows.*larger iqr_factor"):
        OutlierRowFilter(iqr_factor=0.0).fit_resample(X, np.arange(4))


def test_outlier_row_filter_in_pipeline_fits_model_on_kept_rows(
    rng: np.random.Generator,
) -> None:
    X, y = _rows_with_outliers(rng)
    pipe = ImbPipeline(
        [("outlier_rows", OutlierRowFilter(iqr_factor=3.0)), ("model", _RowCounter())]
    )
    pipe.fit(X[["a", "b"]], y)
    assert pipe.named_steps["model"].n_fit_rows_ == 58


def test_outlier_row_filter_in_pipeline_predicts_every_test_row(
    rng: np.random.Generator,
) -> None:
    X, y = _rows_with_outliers(rng)
    train, test = X.index[:40], X.index[40:]
    X_test = X.loc[test, ["a", "b"]].copy()
    X_test.iloc[0] = [500.0, -500.0]  # an outlier the filter must not drop at predict time
    pipe = ImbPipeline([("outlier_rows", OutlierRowFilter()), ("model", LogisticRegression())])
    pipe.fit(X.loc[train, ["a", "b"]], y.loc[train])
    assert len(pipe.predict(X_test)) == len(X_test)


def test_outlier_row_filter_is_a_sampler_without_transform() -> None:
    sampler = OutlierRowFilter()
    assert hasattr(sampler, "fit_resample")
    assert not hasattr(sampler, "transform")
    assert not hasattr(sampler, "fit_transform")


def test_outlier_row_filter_clone_and_params_round_trip() -> None:
    sampler = OutlierRowFilter(method="quantile", lower_quantile=0.05, upper_quantile=0.95)
    copy = clone(sampler)
    assert copy is not sampler
    assert copy.get_params() == sampler.get_params()
    copy.set_params(iqr_factor=3.0, method="iqr")
    assert copy.get_params()["iqr_factor"] == 3.0
    assert copy.get_params()["method"] == "iqr"
    assert sampler.get_params()["method"] == "quantile"


def test_outlier_row_filter_fit_returns_self_and_learns_bounds() -> None:
    sampler = OutlierRowFilter()
    # Q1 = 1.75, Q3 = 3.25 (linear interpolation), so the fences are 1.75 - 2.25, 3.25 + 2.25.
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0]})
    assert sampler.fit(X, None) is sampler
    assert sampler.n_features_in_ == 1
    assert sampler.feature_names_in_.tolist() == ["a"]
    np.testing.assert_allclose([sampler.lower_[0], sampler.upper_[0]], [-0.5, 5.5])


def test_outlier_row_filter_is_not_fitted_before_fit() -> None:
    with pytest.raises(NotFittedError):
        check_is_fitted(OutlierRowFilter())


def test_outlier_row_filter_rejects_invalid_params() -> None:
    with pytest.raises(ValueError, match="method must be 'iqr' or 'quantile'"):
        OutlierRowFilter(method="zscore").fit_resample(np.ones((3, 1)), np.arange(3))


# ---------------------------------------------------------------------------------------------
# Functions for FunctionTransformer
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# ColumnsPresent
# ---------------------------------------------------------------------------------------------


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


def test_outlier_row_filter_checks_only_the_named_columns() -> None:
    X = pd.DataFrame(
        {
            "amount": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 500.0],
            "flag": [0.0] * 9 + [1.0],  # a rare 0/1 value, not an outlier
            "other": [1.0] * 9 + [900.0],
        }
    )
    y = pd.Series(range(10))
    sampler = OutlierRowFilter(columns=["flag", "missing_column"])
    X_kept, _ = sampler.fit_resample(X, y)
    assert sampler.columns_ == ["flag"]
    assert len(X_kept) == 9  # IQR of a 0/1 column with one 1 is 0: the 1 is outside

    sampler = OutlierRowFilter(columns=["amount"])
    X_kept, _ = sampler.fit_resample(X, y)
    assert sampler.columns_ == ["amount"]
    assert X_kept.index.tolist() == list(range(9))


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
