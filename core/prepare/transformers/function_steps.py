"""Plain functions the pipeline plugs into ``FunctionTransformer``: a signed log transform and
its inverse, and turning a text column into the 1-D documents a vectoriser expects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


__all__ = ["as_documents", "signed_expm1", "signed_log1p"]


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
