"""Rare categories: :class:`RareCategoryGrouper` learns the frequent categories of each column in
``fit`` and groups the others into one label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import (
    check_is_fitted,
    validate_data,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.utils import Tags


from core.prepare.transformers._validation import _check_share

__all__ = ["RareCategoryGrouper"]


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
