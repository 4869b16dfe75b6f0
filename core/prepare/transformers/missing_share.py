"""Dropping mostly-missing columns: :class:`MissingShareDropper` learns each column's missing share
in ``fit`` and drops the columns over the threshold, on the raw mixed-type table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import (  # _check_feature_names_in: what OneToOneFeatureMixin uses
    _check_feature_names_in,
    check_is_fitted,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.utils import Tags


from core.prepare.transformers._validation import _check_share, _validate_table

__all__ = ["MissingShareDropper"]


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
