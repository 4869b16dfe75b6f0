"""Input checks the custom steps share: shares, frame shapes, and validating a table without
converting a DataFrame (so its column dtypes survive ``validate_data``).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import validate_data


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
