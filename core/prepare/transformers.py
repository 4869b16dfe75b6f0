"""Custom scikit-learn steps for ModelPath's leak-proof preprocessing pipeline.

This module owns the pipeline steps scikit-learn does not ship: dropping mostly-missing
columns, clipping outliers, grouping rare categories, expanding dates into numbers, and
dropping outlier rows while fitting; plus the small functions and the column selector the
pipeline plugs into ``FunctionTransformer`` and ``ColumnTransformer``.

Every statistic (missing shares, clipping bounds, frequent categories, date references) is
learned in ``fit`` only. Inside a pipeline that is fitted on training folds, validation and
test rows therefore never influence what a step does to them — which is the point of
building preprocessing as pipeline steps instead of editing the table up front.

The transformers follow the scikit-learn estimator contract and pass its common checks
(``sklearn.utils.estimator_checks``); :class:`OutlierRowFilter` is an imbalanced-learn style
sampler for ``imblearn.pipeline.Pipeline`` but does not import imbalanced-learn.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import (  # _check_feature_names_in: what OneToOneFeatureMixin uses
    _check_feature_names_in,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.utils import Tags

from core.recipe import DATE_PARTS

__all__ = [
    "DATE_PARTS",
    "ColumnsPresent",
    "DateFeatures",
    "MissingShareDropper",
    "OutlierClipper",
    "OutlierRowFilter",
    "RareCategoryGrouper",
    "as_documents",
    "signed_expm1",
    "signed_log1p",
]

#: The parts :class:`DateFeatures` can extract, in their documented order.
# DATE_PARTS (the allowed parts) is defined once, by the recipe that stores the choice.

_BOUND_METHODS = ("iqr", "quantile")
_SECONDS_PER_DAY = 86_400.0


# ---------------------------------------------------------------------------------------------
# Shared validation
# ---------------------------------------------------------------------------------------------


def _is_real(value: object) -> bool:
    # bool is a numbers.Real, but True as a threshold is a mistake rather than 1.0.
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_share(owner: str, name: str, value: object) -> None:
    if not _is_real(value) or not 0 <= value <= 1:
        raise ValueError(
            f"{owner}: {name} must be a number between 0 and 1, got {value!r}. "
            f"It is a share of rows, so 0.05 means 5%."
        )


def _check_frame_shape(owner: str, frame: pd.DataFrame) -> None:
    # A DataFrame skips check_array (so its column dtypes survive); these are the two
    # shape checks check_array would otherwise have made, with its wording.
    n_samples, n_features = frame.shape
    if n_samples < 1:
        raise ValueError(
            f"Found array with 0 sample(s) (shape={frame.shape}) while a minimum of 1 is "
            f"required by {owner}."
        )
    if n_features < 1:
        raise ValueError(
            f"Found array with 0 feature(s) (shape={frame.shape}) while a minimum of 1 is "
            f"required by {owner}."
        )


def _validate_table(estimator: BaseEstimator, X: Any, *, reset: bool) -> pd.DataFrame | np.ndarray:
    """Validate X without converting a DataFrame; arrays go through ``check_array``."""
    if isinstance(X, pd.DataFrame):
        validate_data(estimator, X, skip_check_array=True, reset=reset)
        _check_frame_shape(type(estimator).__name__, X)
        return X
    return validate_data(estimator, X, reset=reset, dtype=None, ensure_all_finite=False)


def _columns(X: pd.DataFrame | np.ndarray) -> list[pd.Series]:
    """The columns of a validated table as Series, keeping a DataFrame's dtypes."""
    if isinstance(X, pd.DataFrame):
        return [X.iloc[:, j] for j in range(X.shape[1])]
    return [pd.Series(X[:, j]) for j in range(X.shape[1])]


# ---------------------------------------------------------------------------------------------
# Outlier bounds, shared by OutlierClipper and OutlierRowFilter
# ---------------------------------------------------------------------------------------------


def _check_bound_params(
    owner: str, method: object, iqr_factor: object, lower_quantile: object, upper_quantile: object
) -> None:
    if method not in _BOUND_METHODS:
        raise ValueError(
            f"{owner}: method must be 'iqr' or 'quantile', got {method!r}. 'iqr' uses "
            f"Q1 - iqr_factor*IQR and Q3 + iqr_factor*IQR; 'quantile' uses lower_quantile "
            f"and upper_quantile."
        )
    if not _is_real(iqr_factor) or not iqr_factor >= 0:
        raise ValueError(
            f"{owner}: iqr_factor must be a number >= 0, got {iqr_factor!r}. 1.5 is the usual "
            f"choice; 3 flags only extreme values."
        )
    for name, quantile in (("lower_quantile", lower_quantile), ("upper_quantile", upper_quantile)):
        if not _is_real(quantile) or not 0 <= quantile <= 1:
            raise ValueError(
                f"{owner}: {name} must be a number between 0 and 1, got {quantile!r}. "
                f"0.01 means the 1st percentile."
            )
    if lower_quantile >= upper_quantile:
        raise ValueError(
            f"{owner}: lower_quantile ({lower_quantile!r}) must be smaller than "
            f"upper_quantile ({upper_quantile!r}); for example 0.01 and 0.99."
        )


def _learn_bounds(
    values: np.ndarray,
    method: str,
    iqr_factor: float,
    lower_quantile: float,
    upper_quantile: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-column (lower, upper) bounds of a float matrix, ignoring NaN."""
    n_features = values.shape[1]
    lower = np.full(n_features, -np.inf)
    upper = np.full(n_features, np.inf)
    # An all-NaN column has no quantiles; open bounds leave it untouched instead of
    # letting nanquantile warn and return NaN bounds.
    observed = ~np.all(np.isnan(values), axis=0)
    if observed.any():
        present = values[:, observed]
        if method == "iqr":
            q1, q3 = np.nanquantile(present, [0.25, 0.75], axis=0)
            spread = iqr_factor * (q3 - q1)
            lower[observed] = q1 - spread
            upper[observed] = q3 + spread
        else:
            low, high = np.nanquantile(present, [lower_quantile, upper_quantile], axis=0)
            lower[observed] = low
            upper[observed] = high
    return lower, upper


# ---------------------------------------------------------------------------------------------
# MissingShareDropper
# ---------------------------------------------------------------------------------------------


class MissingShareDropper(TransformerMixin, BaseEstimator):
    """Drop the columns that are mostly missing in the fit data.

    It runs first in the pipeline, on the raw mixed-type table, so a DataFrame comes out as
    a DataFrame with its dtypes (text, dates, nullable booleans) untouched.

    Parameters
    ----------
    max_missing_share : float, default=0.5
        A column is dropped when its share of missing values (NaN, None, ``pd.NA``, NaT)
        in the fit data is strictly greater than this.

    Attributes
    ----------
    missing_share_ : ndarray of shape (n_features_in_,)
        Share of missing values per input column, in the fit data.
    keep_mask_ : ndarray of bool, shape (n_features_in_,)
        Which input columns are kept.
    dropped_features_ : ndarray of str
        Names of the dropped columns (``"x0"``, ``"x1"``, ... for arrays).
    n_features_in_ : int
        Number of columns seen in fit.
    feature_names_in_ : ndarray of str
        Column names seen in fit; only defined when they are all strings.

    Raises
    ------
    ValueError
        At fit, if ``max_missing_share`` is not a number between 0 and 1.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1.0, None, None], "b": ["x", "y", None]})
    >>> MissingShareDropper(max_missing_share=0.5).fit_transform(frame).columns.tolist()
    ['b']
    """

    def __init__(self, max_missing_share: float = 0.5) -> None:
        self.max_missing_share = max_missing_share

    def fit(self, X: pd.DataFrame | ArrayLike, y: object = None) -> MissingShareDropper:
        """Learn each column's missing share and which columns to keep.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            Training data, of any column dtypes.
        y : None
            Ignored.

        Returns
        -------
        self : MissingShareDropper
            The fitted step.
        """
        _check_share(type(self).__name__, "max_missing_share", self.max_missing_share)
        table = _validate_table(self, X, reset=True)
        missing = table.isna().to_numpy() if isinstance(table, pd.DataFrame) else pd.isna(table)
        self.missing_share_ = missing.mean(axis=0).astype(np.float64)
        self.keep_mask_ = self.missing_share_ <= self.max_missing_share
        self.dropped_features_ = _check_feature_names_in(self, None)[~self.keep_mask_]
        return self

    def transform(self, X: pd.DataFrame | ArrayLike) -> pd.DataFrame | np.ndarray:
        """Keep the columns chosen in fit.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features_in_)
            Data with the fit data's columns.

        Returns
        -------
        DataFrame or ndarray of shape (n_samples, n_kept)
            A DataFrame (same index and dtypes) when X is one, else an array.
        """
        check_is_fitted(self)
        table = _validate_table(self, X, reset=False)
        kept = np.flatnonzero(self.keep_mask_)
        if isinstance(table, pd.DataFrame):
            return table.iloc[:, kept]
        return table[:, kept]

    def get_feature_names_out(self, input_features: ArrayLike | None = None) -> np.ndarray:
        """Names of the kept columns.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input column names; defaults to ``feature_names_in_`` or ``x0``, ``x1``, ...

        Returns
        -------
        ndarray of str
            The kept names, in input order.
        """
        check_is_fitted(self)
        return _check_feature_names_in(self, input_features)[self.keep_mask_]

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags


# ---------------------------------------------------------------------------------------------
# OutlierClipper
# ---------------------------------------------------------------------------------------------


class OutlierClipper(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Clip numeric columns to bounds learned from the fit data.

    Parameters
    ----------
    method : {"iqr", "quantile"}, default="iqr"
        ``"iqr"``: bounds ``Q1 - iqr_factor * IQR`` and ``Q3 + iqr_factor * IQR``.
        ``"quantile"``: bounds at ``lower_quantile`` and ``upper_quantile``.
        Quantiles use numpy's default (linear) interpolation.
    iqr_factor : float, default=1.5
        Width of the IQR fences; must be >= 0.
    lower_quantile : float, default=0.01
        Lower bound's quantile for ``method="quantile"``, in [0, 1].
    upper_quantile : float, default=0.99
        Upper bound's quantile for ``method="quantile"``, in [0, 1] and above
        ``lower_quantile``.

    Attributes
    ----------
    lower_ : ndarray of shape (n_features_in_,)
        Lower bound per column (``-inf`` for a column that is all NaN in fit).
    upper_ : ndarray of shape (n_features_in_,)
        Upper bound per column (``+inf`` for a column that is all NaN in fit).
    n_features_in_ : int
        Number of columns seen in fit.
    feature_names_in_ : ndarray of str
        Column names seen in fit; only defined when they are all strings.

    Raises
    ------
    ValueError
        At fit, for an unknown method, a negative ``iqr_factor``, quantiles outside [0, 1]
        or ``lower_quantile >= upper_quantile``.

    Notes
    -----
    NaN is ignored when learning the bounds and stays NaN in the output, so the step can
    sit before or after imputation. The output is always a float64 array.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0], [100.0]])
    >>> OutlierClipper().fit_transform(X).ravel().tolist()
    [1.0, 2.0, 3.0, 4.0, 7.0]
    """

    def __init__(
        self,
        method: str = "iqr",
        iqr_factor: float = 1.5,
        lower_quantile: float = 0.01,
        upper_quantile: float = 0.99,
    ) -> None:
        self.method = method
        self.iqr_factor = iqr_factor
        self.lower_quantile = lower_quantile
        self.upper_quantile = upper_quantile

    def fit(self, X: ArrayLike, y: object = None) -> OutlierClipper:
        """Learn the clipping bounds of each column.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Numeric training data; NaN allowed.
        y : None
            Ignored.

        Returns
        -------
        self : OutlierClipper
            The fitted step.
        """
        _check_bound_params(
            type(self).__name__,
            self.method,
            self.iqr_factor,
            self.lower_quantile,
            self.upper_quantile,
        )
        values = validate_data(self, X, dtype=np.float64, ensure_all_finite="allow-nan")
        self.lower_, self.upper_ = _learn_bounds(
            values, self.method, self.iqr_factor, self.lower_quantile, self.upper_quantile
        )
        return self

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Clip each column to its learned bounds.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
            Numeric data; NaN allowed.

        Returns
        -------
        ndarray of float64, shape (n_samples, n_features_in_)
            The clipped values; NaN stays NaN.
        """
        check_is_fitted(self)
        values = validate_data(
            self, X, dtype=np.float64, ensure_all_finite="allow-nan", reset=False
        )
        return np.clip(values, self.lower_, self.upper_)

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


# ---------------------------------------------------------------------------------------------
# RareCategoryGrouper
# ---------------------------------------------------------------------------------------------


def _category_array(labels: pd.Index, numeric: bool) -> np.ndarray:
    """Categories as an array, sorted when the values allow it (mixed types may not)."""
    values = list(labels)
    try:
        values = sorted(values)
    except TypeError:
        values = sorted(values, key=repr)
    return np.asarray(values, dtype=np.float64 if numeric else object)


class RareCategoryGrouper(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Replace the categories that are rare in the fit data with one label.

    Parameters
    ----------
    min_share : float, default=0.01
        A category is kept when its share of the column's non-missing fit values is at
        least this; rarer categories are grouped.
    other_label : str, default="other"
        The label rare and unseen categories become. If it is also a frequent category,
        the rare ones join it.

    Attributes
    ----------
    frequent_categories_ : list of ndarray
        Per column, the categories kept as they are (sorted).
    rare_categories_ : list of ndarray
        Per column, the categories seen in fit that are grouped (sorted).
    n_features_in_ : int
        Number of columns seen in fit.
    feature_names_in_ : ndarray of str
        Column names seen in fit; only defined when they are all strings.

    Raises
    ------
    ValueError
        At fit, if ``min_share`` is not a number between 0 and 1.

    Notes
    -----
    Text input (object or string columns; ModelPath converts categorical columns to text
    before they reach this step) gives an object array: frequent categories unchanged,
    every other non-missing value — rare in fit or never seen — replaced by
    ``other_label``, and missing values as ``np.nan`` (which ``SimpleImputer`` and
    ``OneHotEncoder`` recognise; ``None`` would not be recognised by the imputer). A
    DataFrame mixing text and numbers is treated as text.

    All-numeric input cannot hold a text label without becoming a mixed-type column that
    encoders reject, so it keeps a float dtype instead and rare or unseen values become
    NaN, to be handled like missing values by the next step.

    Examples
    --------
    >>> X = np.array([["a"], ["a"], ["a"], ["b"], [None]], dtype=object)
    >>> RareCategoryGrouper(min_share=0.3).fit(X).transform(
    ...     np.array([["a"], ["b"], ["zzz"], [None]], dtype=object)
    ... ).ravel().tolist()
    ['a', 'other', 'other', nan]
    """

    def __init__(self, min_share: float = 0.01, other_label: str = "other") -> None:
        self.min_share = min_share
        self.other_label = other_label

    def _validate(self, X: Any, *, reset: bool) -> np.ndarray:
        values = validate_data(self, X, reset=reset, dtype=None, ensure_all_finite=False)
        if values.dtype.kind in "biuf":
            return values
        return values.astype(object, copy=False)

    def fit(self, X: pd.DataFrame | ArrayLike, y: object = None) -> RareCategoryGrouper:
        """Learn the frequent and rare categories of each column.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            Categorical training data; missing values allowed.
        y : None
            Ignored.

        Returns
        -------
        self : RareCategoryGrouper
            The fitted step.
        """
        _check_share(type(self).__name__, "min_share", self.min_share)
        values = self._validate(X, reset=True)
        numeric = values.dtype != object
        self.frequent_categories_ = []
        self.rare_categories_ = []
        for j in range(values.shape[1]):
            counts = pd.Series(values[:, j]).value_counts(dropna=True)
            n_present = counts.sum()
            shares = counts / n_present if n_present else counts.astype(np.float64)
            frequent = shares >= self.min_share
            self.frequent_categories_.append(_category_array(counts.index[frequent], numeric))
            self.rare_categories_.append(_category_array(counts.index[~frequent], numeric))
        return self

    def transform(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Replace every non-frequent, non-missing value.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features_in_)
            Categorical data; missing values allowed.

        Returns
        -------
        ndarray of shape (n_samples, n_features_in_)
            Object array for text input, float array for numeric input (see Notes).
        """
        check_is_fitted(self)
        values = self._validate(X, reset=False)
        numeric = values.dtype != object
        if numeric:
            out_dtype = values.dtype if values.dtype.kind == "f" else np.float64
            grouped = values.astype(out_dtype)
        else:
            grouped = values.copy()
        for j, frequent in enumerate(self.frequent_categories_):
            column = values[:, j]
            missing = pd.isna(column)
            known = pd.Series(column).isin(frequent).to_numpy()
            if numeric:
                grouped[~known, j] = np.nan
            else:
                grouped[~known & ~missing, j] = self.other_label
                grouped[missing, j] = np.nan
        return grouped

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags


# ---------------------------------------------------------------------------------------------
# DateFeatures
# ---------------------------------------------------------------------------------------------


def _check_parts(parts: object, *, allow_empty: bool = False) -> tuple[str, ...]:
    allowed = ", ".join(repr(part) for part in DATE_PARTS)
    if isinstance(parts, str) or not isinstance(parts, Iterable):
        raise ValueError(
            f"DateFeatures: parts must be a list of part names, got {parts!r}; choose from "
            f"the allowed parts: {allowed}."
        )
    chosen = tuple(parts)
    unknown = [part for part in chosen if part not in DATE_PARTS]
    if (not chosen and not allow_empty) or unknown:
        problem = f"unknown parts {unknown!r}" if unknown else "no parts (and no durations)"
        raise ValueError(
            f"DateFeatures: {problem} requested. Choose one or more of the allowed parts: "
            f"{allowed}, or set max_pairs above 0 for the days between date columns."
        )
    if len(set(chosen)) != len(chosen):
        raise ValueError(
            f"DateFeatures: parts {chosen!r} name a part twice; list each part once "
            f"(allowed parts: {allowed})."
        )
    return chosen


def _check_max_pairs(max_pairs: object) -> int:
    if isinstance(max_pairs, bool) or not isinstance(max_pairs, numbers.Integral):
        raise ValueError(
            f"DateFeatures: max_pairs must be a whole number >= 0, got {max_pairs!r}. It caps "
            f"the pairs of date columns whose difference in days is added; 0 adds none."
        )
    if max_pairs < 0:
        raise ValueError(
            f"DateFeatures: max_pairs must be >= 0, got {max_pairs!r}; 0 adds no durations."
        )
    return int(max_pairs)


def _as_naive_utc(column: pd.Series) -> pd.Series:
    """A column as timezone-naive UTC timestamps; unreadable values become NaT."""
    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return column.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(dtype):
        return column
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        as_numbers = column.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        # inf cannot be cast to a timestamp and would only warn on its way to NaT.
        as_numbers[~np.isfinite(as_numbers)] = np.nan
        return pd.to_datetime(pd.Series(as_numbers, index=column.index), errors="coerce")
    with warnings.catch_warnings():
        # "mixed" parses each text value on its own (as core.data.columns does), so one odd
        # format cannot turn the rest of the column into NaT; pandas warns about exactly that.
        warnings.simplefilter("ignore", UserWarning)
        parsed = pd.to_datetime(column, errors="coerce", utc=True, format="mixed")
    return parsed.dt.tz_localize(None)


def _earliest(column: pd.Series) -> np.datetime64:
    earliest = column.min()
    return np.datetime64("NaT") if pd.isna(earliest) else earliest.as_unit("ns").to_datetime64()


def _days_between(later: pd.Series, earlier: pd.Series | np.datetime64) -> np.ndarray:
    seconds = (later - earlier).dt.total_seconds()
    return seconds.to_numpy(dtype=np.float64, na_value=np.nan) / _SECONDS_PER_DAY


def _date_part(timestamps: pd.Series, part: str, reference: np.datetime64) -> np.ndarray:
    if part == "days_since":
        if pd.isna(reference):
            return np.full(len(timestamps), np.nan)
        return _days_between(timestamps, reference)
    # pandas deprecates ``dt.weekday``; ``day_of_week`` is the same Monday=0 number.
    accessor = "day_of_week" if part == "weekday" else part
    values = getattr(timestamps.dt, accessor)
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def _date_pairs(n_columns: int, max_pairs: int) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of column positions: neighbours first, then wider gaps.

    Columns that sit side by side in a table (ordered, shipped, delivered) are the likeliest
    to describe one process, so when the cap bites those pairs are the ones kept.
    """
    pairs = sorted(
        ((i, j) for i in range(n_columns) for j in range(i + 1, n_columns)),
        key=lambda pair: (pair[1] - pair[0], pair[0]),
    )
    return np.asarray(pairs[:max_pairs], dtype=np.int64).reshape(-1, 2)


def _is_constant(values: np.ndarray) -> np.ndarray:
    """Per column of a float matrix: at most one distinct non-missing value."""
    present = ~np.isnan(values)
    low = np.where(present, values, np.inf).min(axis=0, initial=np.inf)
    high = np.where(present, values, -np.inf).max(axis=0, initial=-np.inf)
    return ~(high > low)


class DateFeatures(TransformerMixin, BaseEstimator):
    """Expand date columns into numeric parts and the days between pairs of them.

    Parameters
    ----------
    parts : sequence of str, default=("year", "month", "day", "weekday", "hour", "days_since")
        Which parts to extract, from ``DATE_PARTS``: ``"year"``, ``"month"``, ``"day"``,
        ``"weekday"`` (Monday=0), ``"hour"``, ``"days_since"`` (fractional days since the
        column's earliest date in the fit data). May be empty when ``max_pairs > 0``.
    max_pairs : int, default=0
        With two or more input columns, add the fractional days from one column to another
        (``later - earlier`` in column order) for at most this many pairs of columns:
        neighbouring columns first, then pairs further apart. 0 adds none.
    drop_constant : bool, default=False
        Leave out every output (part or duration) that has at most one distinct value on the
        fit rows — a year when all fit dates share one, the hour of dates without times. If
        every output is constant, the first is kept so the step still returns a column.

    Attributes
    ----------
    reference_ : ndarray of datetime64[ns], shape (n_features_in_,)
        Per column, the earliest non-missing timestamp in the fit data, or ``NaT`` when the
        column has no dates — then ``days_since`` is NaN.
    pairs_ : ndarray of int, shape (n_pairs, 2)
        The column positions ``(earlier, later)`` whose difference in days is output.
    keep_mask_ : ndarray of bool
        Over every possible output (parts per column, then pairs), the ones returned.
    dropped_features_ : ndarray of str
        Names of the outputs left out because they were constant on the fit rows.
    dropped_values_ : ndarray of float64
        The one value each dropped output had on the fit rows (NaN when always missing).
    n_features_in_ : int
        Number of columns seen in fit.
    feature_names_in_ : ndarray of str
        Column names seen in fit; only defined when they are all strings.

    Raises
    ------
    ValueError
        At fit, for an unknown or repeated part, no parts without durations, or a
        ``max_pairs`` that is not a whole number >= 0; the message lists the allowed parts.

    Notes
    -----
    Input may be datetime64 columns of a DataFrame or anything ``pd.to_datetime(...,
    errors="coerce")`` reads; text is parsed value by value (``format="mixed"``) and numbers
    are read as pandas reads them (nanoseconds since 1970-01-01). Unreadable values become
    missing. Timezone-aware dates are converted to UTC and made naive. The output is a
    float64 array with NaN where a date is missing: the parts per input column then per part,
    named ``f"{column}_{part}"``, then the durations, named ``f"days_{earlier}_to_{later}"``.

    Which outputs are constant is learned in ``fit`` only, so inside a pipeline the choice
    depends on the training rows alone; a constant part is dropped even if validation rows
    would vary.

    Examples
    --------
    >>> frame = pd.DataFrame({"sold": pd.to_datetime(["2024-03-15 14:30", "2024-03-10 00:00"])})
    >>> step = DateFeatures(parts=("weekday", "hour", "days_since")).fit(frame)
    >>> step.get_feature_names_out().tolist()
    ['sold_weekday', 'sold_hour', 'sold_days_since']
    >>> step.transform(frame)[0].tolist()
    [4.0, 14.0, 5.604166666666667]
    >>> trips = pd.DataFrame(
    ...     {
    ...         "out": pd.to_datetime(["2024-05-01 08:00", "2024-06-03 08:00"]),
    ...         "back": pd.to_datetime(["2024-05-03 20:00", "2024-06-10 08:00"]),
    ...     }
    ... )
    >>> step = DateFeatures(parts=("year", "weekday"), max_pairs=1, drop_constant=True)
    >>> step.fit(trips).get_feature_names_out().tolist()
    ['out_weekday', 'back_weekday', 'days_out_to_back']
    >>> step.dropped_features_.tolist()
    ['out_year', 'back_year']
    """

    def __init__(
        self,
        parts: Iterable[str] = DATE_PARTS,
        max_pairs: int = 0,
        drop_constant: bool = False,
    ) -> None:
        self.parts = parts
        self.max_pairs = max_pairs
        self.drop_constant = drop_constant

    def _outputs(self, timestamps: list[pd.Series], parts: tuple[str, ...]) -> np.ndarray:
        """Every possible output (before dropping constants), as one float64 matrix."""
        blocks = [
            _date_part(column, part, reference)
            for column, reference in zip(timestamps, self.reference_, strict=True)
            for part in parts
        ]
        blocks += [_days_between(timestamps[j], timestamps[i]) for i, j in self._pairs()]
        n_rows = len(timestamps[0]) if timestamps else 0
        if not blocks:
            return np.empty((n_rows, 0), dtype=np.float64)
        return np.column_stack(blocks).astype(np.float64, copy=False)

    def _pairs(self) -> np.ndarray:
        # Model files written before durations existed have no pairs_; they had none.
        return getattr(self, "pairs_", np.empty((0, 2), dtype=np.int64))

    def _all_names(self, names: np.ndarray, parts: tuple[str, ...]) -> list[str]:
        out = [f"{name}_{part}" for name in names for part in parts]
        return out + [f"days_{names[i]}_to_{names[j]}" for i, j in self._pairs()]

    def _fit(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Learn everything; return every possible output on X (before dropping)."""
        max_pairs = _check_max_pairs(self.max_pairs)
        parts = _check_parts(self.parts, allow_empty=max_pairs > 0)
        table = _validate_table(self, X, reset=True)
        timestamps = [_as_naive_utc(column) for column in _columns(table)]
        # A datetime64 array (not Timestamps in an object array): model files store it as
        # plain numbers, so loading a model never has to rebuild Python objects for it.
        self.reference_ = np.array(
            [_earliest(column) for column in timestamps], dtype="datetime64[ns]"
        )
        self.pairs_ = _date_pairs(len(timestamps), max_pairs)
        outputs = self._outputs(timestamps, parts)
        keep = np.ones(outputs.shape[1], dtype=bool)
        if self.drop_constant:
            keep = ~_is_constant(outputs)
            if not keep.any() and keep.size:
                keep[0] = True  # an empty output would break the steps that follow
        self.keep_mask_ = keep
        names = np.asarray(self._all_names(_check_feature_names_in(self, None), parts), object)
        self.dropped_features_ = names[~keep]
        dropped = outputs[:, ~keep]
        present = ~np.isnan(dropped)
        self.dropped_values_ = np.array(
            [
                dropped[present[:, k], k][0] if present[:, k].any() else np.nan
                for k in range(dropped.shape[1])
            ],
            dtype=np.float64,
        )
        return outputs

    def fit(self, X: pd.DataFrame | ArrayLike, y: object = None) -> DateFeatures:
        """Learn each column's reference date, the pairs, and which outputs are constant.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            Date-like training data; missing values allowed.
        y : None
            Ignored.

        Returns
        -------
        self : DateFeatures
            The fitted step.
        """
        self._fit(X)
        return self

    def fit_transform(
        self, X: pd.DataFrame | ArrayLike, y: object = None, **fit_params: Any
    ) -> np.ndarray:
        """Fit, and return the kept outputs of X (computed once, not twice).

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            Date-like training data; missing values allowed.
        y : None
            Ignored.
        **fit_params : dict
            Ignored.

        Returns
        -------
        ndarray of float64, shape (n_samples, n_kept)
            As :meth:`transform` would return after :meth:`fit`.
        """
        return self._fit(X)[:, self.keep_mask_]

    def transform(self, X: pd.DataFrame | ArrayLike) -> np.ndarray:
        """Extract the kept date parts and durations.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features_in_)
            Date-like data; missing values allowed.

        Returns
        -------
        ndarray of float64, shape (n_samples, n_kept)
            The parts per input column then per part, then the durations; NaN where a date
            is missing.
        """
        check_is_fitted(self)
        parts = _check_parts(self.parts, allow_empty=True)
        table = _validate_table(self, X, reset=False)
        outputs = self._outputs([_as_naive_utc(column) for column in _columns(table)], parts)
        keep = getattr(self, "keep_mask_", None)  # absent from model files of older versions
        return outputs if keep is None else outputs[:, keep]

    def get_feature_names_out(self, input_features: ArrayLike | None = None) -> np.ndarray:
        """Output names: ``f"{column}_{part}"`` then ``f"days_{earlier}_to_{later}"``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input column names; defaults to ``feature_names_in_`` or ``x0``, ``x1``, ...

        Returns
        -------
        ndarray of str
            One name per output column.
        """
        check_is_fitted(self)
        parts = _check_parts(self.parts, allow_empty=True)
        names = np.asarray(
            self._all_names(_check_feature_names_in(self, input_features), parts), dtype=object
        )
        keep = getattr(self, "keep_mask_", None)
        return names if keep is None else names[keep]

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags


# ---------------------------------------------------------------------------------------------
# OutlierRowFilter
# ---------------------------------------------------------------------------------------------


def _numeric_columns(frame: pd.DataFrame) -> list[Hashable]:
    # Booleans are numeric to pandas, but True/False have no outliers worth removing.
    return [
        name
        for name, dtype in frame.dtypes.items()
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    ]


def _take_rows(data: Any, keep: np.ndarray) -> Any:
    if data is None:
        return None
    if isinstance(data, pd.DataFrame | pd.Series):
        return data.iloc[keep]
    return np.asarray(data)[keep]


class OutlierRowFilter(BaseEstimator):
    """Drop training rows with an outlying numeric value — a sampler, not a transformer.

    Use it as a step of ``imblearn.pipeline.Pipeline``, which calls ``fit_resample`` only
    while fitting: rows are removed from the training data, while validation and test rows
    (``predict``, ``score``, ``transform``) pass through untouched, so every row still gets
    a prediction. It has no ``transform`` method on purpose — imbalanced-learn's pipeline
    rejects a step that is both a sampler and a transformer.

    Parameters
    ----------
    method : {"iqr", "quantile"}, default="iqr"
        How bounds are learned, as in :class:`OutlierClipper`.
    iqr_factor : float, default=1.5
        Width of the IQR fences; must be >= 0.
    lower_quantile : float, default=0.01
        Lower bound's quantile for ``method="quantile"``.
    upper_quantile : float, default=0.99
        Upper bound's quantile for ``method="quantile"``.
    columns : sequence of str or None, default=None
        For DataFrame input, the columns to check (those absent are ignored). ``None`` checks
        every numeric, non-boolean column. ModelPath names its numeric feature columns, so
        0/1 columns made from yes/no values are never treated as outliers.

    Attributes
    ----------
    columns_ : list
        Columns the bounds apply to: the named (or numeric, non-boolean) column names of a
        DataFrame, or every column index of an array.
    lower_ : ndarray of shape (len(columns_),)
        Lower bound per checked column.
    upper_ : ndarray of shape (len(columns_),)
        Upper bound per checked column.
    n_removed_ : int
        Rows removed by the last ``fit_resample``.
    removed_mask_ : ndarray of bool, shape (n_samples,)
        Which rows the last ``fit_resample`` removed.
    n_features_in_ : int
        Number of columns seen in fit.
    feature_names_in_ : ndarray of str
        Column names seen in fit; only defined when they are all strings.

    Raises
    ------
    ValueError
        For invalid parameters (as :class:`OutlierClipper`), and from ``fit_resample`` when
        every row would be removed.

    Notes
    -----
    A row is removed when any checked value lies outside its column's bounds; NaN never
    counts as an outlier. pandas input keeps its type and index.

    Examples
    --------
    >>> X = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 100.0]}, index=list("abcde"))
    >>> y = pd.Series([0, 1, 0, 1, 0], index=X.index)
    >>> X_kept, y_kept = OutlierRowFilter().fit_resample(X, y)
    >>> X_kept.index.tolist()
    ['a', 'b', 'c', 'd']
    """

    # imbalanced-learn's ``is_sampler`` recognises samplers by this attribute.
    _estimator_type = "sampler"

    def __init__(
        self,
        method: str = "iqr",
        iqr_factor: float = 1.5,
        lower_quantile: float = 0.01,
        upper_quantile: float = 0.99,
        columns: Any = None,
    ) -> None:
        self.method = method
        self.iqr_factor = iqr_factor
        self.lower_quantile = lower_quantile
        self.upper_quantile = upper_quantile
        self.columns = columns

    def _fit(self, X: Any) -> tuple[Any, np.ndarray]:
        """Learn the bounds; return the validated X and its checked columns as floats."""
        _check_bound_params(
            type(self).__name__,
            self.method,
            self.iqr_factor,
            self.lower_quantile,
            self.upper_quantile,
        )
        if isinstance(X, pd.DataFrame):
            validate_data(self, X, skip_check_array=True, reset=True)
            _check_frame_shape(type(self).__name__, X)
            numeric = _numeric_columns(X)
            if self.columns is not None:
                numeric = [c for c in self.columns if c in set(numeric)]
            self.columns_ = numeric
            checked = X.loc[:, self.columns_].to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            X = validate_data(self, X, dtype=None, ensure_all_finite="allow-nan", reset=True)
            self.columns_ = list(range(X.shape[1]))
            checked = X.astype(np.float64)
        self.lower_, self.upper_ = _learn_bounds(
            checked, self.method, self.iqr_factor, self.lower_quantile, self.upper_quantile
        )
        return X, checked

    def fit(self, X: pd.DataFrame | ArrayLike, y: ArrayLike | None = None) -> OutlierRowFilter:
        """Learn the bounds of each numeric column.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            Training data; only numeric, non-boolean columns are checked.
        y : array-like of shape (n_samples,), default=None
            Ignored.

        Returns
        -------
        self : OutlierRowFilter
            The fitted sampler.
        """
        self._fit(X)
        return self

    def fit_resample(self, X: pd.DataFrame | ArrayLike, y: ArrayLike) -> tuple[Any, Any]:
        """Learn the bounds on X and return the rows without outliers.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            Training data; only numeric, non-boolean columns are checked.
        y : Series, DataFrame or array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target, filtered with the same rows.

        Returns
        -------
        X_kept : DataFrame or ndarray
            The kept rows (a DataFrame keeps its index).
        y_kept : Series, DataFrame or ndarray
            The matching targets.

        Raises
        ------
        ValueError
            If every row has a value outside the bounds.
        """
        if y is not None:
            check_consistent_length(X, y)
        X, checked = self._fit(X)
        # Comparisons with NaN are False, so a missing value is never an outlier.
        outside = (checked < self.lower_) | (checked > self.upper_)
        removed = outside.any(axis=1)
        if removed.all():
            raise ValueError(
                f"OutlierRowFilter would remove all {len(removed)} training rows: every row "
                f"has a value outside the {self.method} bounds. Use a larger iqr_factor "
                f"(or wider quantiles), or drop the outlier-row step."
            )
        self.removed_mask_ = removed
        self.n_removed_ = int(removed.sum())
        keep = ~removed
        return _take_rows(X, keep), _take_rows(y, keep)

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


# ---------------------------------------------------------------------------------------------
# Functions for FunctionTransformer
# ---------------------------------------------------------------------------------------------


def _as_float_array(X: Any) -> np.ndarray:
    if isinstance(X, pd.DataFrame | pd.Series):
        # Nullable pandas dtypes hold pd.NA, which a plain float cast rejects.
        return X.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(X, dtype=np.float64)


def signed_log1p(X: ArrayLike) -> np.ndarray:
    """Compress large magnitudes on both sides of zero: ``sign(x) * log1p(|x|)``.

    Parameters
    ----------
    X : array-like
        Numeric values; NaN allowed.

    Returns
    -------
    ndarray of float64
        Same shape as X; NaN stays NaN. Inverse: :func:`signed_expm1`.

    Examples
    --------
    >>> signed_log1p([-np.e + 1, 0.0, np.e - 1]).tolist()
    [-1.0, 0.0, 1.0]
    """
    values = _as_float_array(X)
    return np.sign(values) * np.log1p(np.abs(values))


def signed_expm1(X: ArrayLike) -> np.ndarray:
    """Undo :func:`signed_log1p`: ``sign(x) * expm1(|x|)``.

    Parameters
    ----------
    X : array-like
        Numeric values; NaN allowed.

    Returns
    -------
    ndarray of float64
        Same shape as X; NaN stays NaN.
    """
    values = _as_float_array(X)
    return np.sign(values) * np.expm1(np.abs(values))


def as_documents(X: pd.DataFrame | pd.Series | ArrayLike) -> np.ndarray:
    """Turn one text column into the 1-D array of strings ``TfidfVectorizer`` expects.

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, 1), or of shape (n_samples,)
        One column of text; missing values allowed.

    Returns
    -------
    ndarray of object, shape (n_samples,)
        Each value as ``str``; missing values become ``""``.

    Raises
    ------
    ValueError
        If X holds more than one column.

    Examples
    --------
    >>> as_documents(pd.DataFrame({"review": ["good", None]})).tolist()
    ['good', '']
    """
    values = X.to_numpy() if isinstance(X, pd.DataFrame | pd.Series) else np.asarray(X, object)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            f"as_documents expects one text column, got shape {values.shape}. Give each text "
            f"column its own text branch."
        )
    missing = pd.isna(values)
    return np.array(
        [
            "" if is_missing else str(value)
            for value, is_missing in zip(values, missing, strict=True)
        ],
        dtype=object,
    )


# ---------------------------------------------------------------------------------------------
# Column selector
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnsPresent:
    """Select the named columns that are still present, for ``ColumnTransformer``.

    An earlier step (e.g. :class:`MissingShareDropper`) may have dropped some columns; this
    selector asks for the survivors only, and an empty selection makes ``ColumnTransformer``
    skip the branch. Unlike a lambda it pickles, clones and compares by value.

    Parameters
    ----------
    columns : sequence of hashable
        Column names, stored as a tuple; the selection keeps this order.
    minimum : int, default=1
        Select nothing when fewer than this many of the columns are present: a branch that
        combines columns (the days between two dates) is skipped rather than fed one.

    Raises
    ------
    TypeError
        If ``columns`` is a single string rather than a sequence of names.

    Examples
    --------
    >>> ColumnsPresent(["b", "gone", "a"])(pd.DataFrame(columns=["a", "b"]))
    ['b', 'a']
    """

    columns: tuple[Hashable, ...]
    minimum: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.columns, str):
            raise TypeError(
                f"ColumnsPresent takes a list of column names, got the string "
                f"{self.columns!r}; write ColumnsPresent([{self.columns!r}])."
            )
        # Frozen dataclass: the tuple conversion has to bypass the frozen __setattr__.
        object.__setattr__(self, "columns", tuple(self.columns))

    def __call__(self, X: pd.DataFrame) -> list[Hashable]:
        """The configured names present in ``X.columns``, in the configured order.

        Parameters
        ----------
        X : DataFrame
            The table ``ColumnTransformer`` is about to split.

        Returns
        -------
        list
            The present names; empty when fewer than ``minimum`` are present.

        Raises
        ------
        TypeError
            If X has no column names.
        """
        if not hasattr(X, "columns"):
            raise TypeError(
                f"ColumnsPresent selects columns by name, so it needs a DataFrame; got "
                f"{type(X).__name__}. Keep the pipeline's input a DataFrame."
            )
        present = set(X.columns)
        chosen = [name for name in self.columns if name in present]
        return chosen if len(chosen) >= self.minimum else []
