"""Dates: :class:`DateFeatures` expands date columns into numbers (calendar parts, days since
the earliest date seen in ``fit``, days between pairs of dates).
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

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

from core.prepare.transformers._validation import _columns, _validate_table
from core.recipe import DATE_PARTS

__all__ = ["DATE_PARTS", "DateFeatures"]

#: The parts :class:`DateFeatures` can extract, in their documented order.
# DATE_PARTS (the allowed parts) is defined once, by the recipe that stores the choice.

_SECONDS_PER_DAY = 86_400.0


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
