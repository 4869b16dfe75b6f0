"""Small helpers shared by exploration's summaries, charts and pair plot.

Looking up a column and its :class:`~core.data.columns.ColumnInfo`, reading a column as floats
or datetimes, and the plain-English pieces (counts, plurals, lists of names, sampling notes)
that notes and captions are built from. Notes built from these never contain text from the
data, so the page can render them as markdown safely.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.data import ColumnInfo, ColumnKind
from core.errors import ModelPathError

_CATEGORY_KINDS = (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN)


def _infos(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> list[ColumnInfo]:
    """The described columns that are in the frame, once each, in the given order."""
    seen: set[str] = set()
    out = []
    for info in columns:
        if info.name in frame.columns and info.name not in seen:
            seen.add(info.name)
            out.append(info)
    return out


def _column(frame: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in frame.columns:
        raise ModelPathError(
            f"The {role} column is not in the table.",
            "It may have been renamed or dropped since it was chosen.",
            "Pick the column again from the columns of the current table.",
        )
    column = frame[name]
    if isinstance(column, pd.DataFrame):
        raise ModelPathError(
            f"The table has more than one column with the {role} column's name.",
            "Charts need each column name to be unique.",
            "Rename the duplicated columns and load the table again.",
        )
    return column


def _is_number(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _as_float(series: pd.Series) -> np.ndarray:
    """Values as a new float64 array; missing and infinite values become NaN."""
    dtype = series.dtype
    if pd.api.types.is_numeric_dtype(dtype):  # includes bool and nullable dtypes
        values = series.to_numpy(dtype="float64", na_value=np.nan)
    else:
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(values), values, np.nan)


def _as_datetime(series: pd.Series, date_format: str | None = None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    return pd.to_datetime(series, errors="coerce", format=date_format)


def _count(n: int | np.integer) -> str:
    return f"{int(n):,}"


def _plural(n: int | np.integer, word: str, plural: str | None = None) -> str:
    return f"{int(n):,} {word if int(n) == 1 else plural or word + 's'}"


def _join(notes: Sequence[str | None]) -> str | None:
    text = " ".join(note for note in notes if note)
    return text or None


def _sample_note(shown: int, total: int) -> str:
    return f"Showing a random sample of {_count(shown)} of {_count(total)} rows."


def _fresh(base: str, taken: Sequence[str]) -> str:
    """``base`` unless a real value already uses it, then ``"base (2)"`` and so on."""
    label, i = base, 2
    while label in taken:
        label, i = f"{base} ({i})", i + 1
    return label


def _sorted_classes(values: Sequence[object]) -> list[object]:
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=str)
