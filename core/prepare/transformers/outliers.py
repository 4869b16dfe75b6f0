"""Outliers: :class:`OutlierClipper` clips numeric values to bounds learned in ``fit``, and
:class:`OutlierRowFilter` (an imbalanced-learn style sampler) drops training rows outside them.
Both learn their bounds with the same rules (IQR or quantiles), defined once here.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.utils import Tags

from core.prepare.transformers._validation import _check_frame_shape, _is_real

__all__ = ["OutlierClipper", "OutlierRowFilter"]

_BOUND_METHODS = ("iqr", "quantile")


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
