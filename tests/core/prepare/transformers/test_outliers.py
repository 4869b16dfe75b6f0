"""Tests for core.prepare.transformers.outliers: OutlierClipper and OutlierRowFilter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from core.prepare import OutlierClipper, OutlierRowFilter

SEED = 20240315


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(SEED)


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
