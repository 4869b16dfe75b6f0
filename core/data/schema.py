"""Checking that a second table fits the one a model was built from, and appending its rows.

Two features lean on this module: "retrain with new data" (a person uploads more rows with the
same columns; they are checked and appended to the current table) and batch predictions on a new
file (where the target column is optional). :func:`check_schema` compares the columns and their
values and returns a :class:`SchemaCheck` whose sentences are shown to people verbatim;
:func:`append_rows` stacks the rows so that kind inference on the combined table still sees the
reference kinds.

Column names come from users, so they only ever appear inside plain strings, quoted with ‘’.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from core.data.columns import (
    ColumnInfo,
    ColumnKind,
    apply_column_kinds,
    infer_column,
    parse_numbers,
)
from core.errors import ModelPathError

__all__ = ["SchemaCheck", "SchemaError", "append_rows", "check_schema"]

# Above this share of unreadable present values, a column no longer holds its reference kind.
# It mirrors the 95% share that kind inference needs to call text numbers or dates.
_MAX_UNREADABLE_SHARE = 0.05
_MAX_EXAMPLES = 3
_EXAMPLE_CHARS = 30
_MAX_NAMES = 10
# Kinds whose values must still convert; the others accept any value.
_CHECKED_KINDS = frozenset({ColumnKind.NUMERIC, ColumnKind.DATETIME})
_COUNTED_KINDS = frozenset({ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN})
_KIND_WORDS = {
    ColumnKind.NUMERIC: "numbers",
    ColumnKind.DATETIME: "dates",
    ColumnKind.BOOLEAN: "yes/no values",
    ColumnKind.CATEGORICAL: "text",
    ColumnKind.TEXT: "text",
}


class SchemaError(ModelPathError):
    """A new table does not have the columns or values of the table a model was built from."""


def _empty_mapping() -> Mapping:
    return MappingProxyType({})


@dataclass(frozen=True)
class SchemaCheck:
    """How a new table compares with the reference table.

    Parameters
    ----------
    missing : tuple of str
        Required columns absent from the new table, in reference order.
    missing_optional : tuple of str
        Reference columns absent from the new table but not required; appending fills them with
        missing values.
    extra : tuple of str
        Columns of the new table that the reference does not have (ignored), in new-table order.
    kind_mismatches : tuple of (str, str, str)
        ``(column, expected kind, found kind)`` for shared columns whose new values no longer
        fit the reference kind (kinds as :class:`~core.data.columns.ColumnKind` values).
    unseen_categories : mapping of str to int
        Per categorical or boolean reference column, how many new rows hold a value never seen
        in the reference. Only columns with at least one such row are listed.
    rows : int
        Rows in the new table.
    unreadable : mapping of str to (int, int), default={}
        Per shared numeric or datetime column with unreadable values: how many present new
        values cannot be read as the reference kind, and how many present values there are.
    examples : mapping of str to tuple of str, default={}
        Per column in ``unreadable``: up to three distinct unreadable values, shortened.
    reference_name : str, default=""
        The reference table's name (usually its file name) for messages; "" says "the original
        table".
    """

    missing: tuple[str, ...]
    missing_optional: tuple[str, ...]
    extra: tuple[str, ...]
    kind_mismatches: tuple[tuple[str, str, str], ...]
    unseen_categories: Mapping[str, int]
    rows: int
    unreadable: Mapping[str, tuple[int, int]] = field(default_factory=_empty_mapping)
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=_empty_mapping)
    reference_name: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing blocks using the new table."""
        return not self.missing and not self.kind_mismatches and self.rows > 0

    def problems(self) -> list[str]:
        """Blocking problems, one plain sentence each (empty when :attr:`ok`).

        Returns
        -------
        list of str
        """
        sentences = []
        if self.missing:
            count = len(self.missing)
            noun = "column the model needs is" if count == 1 else "columns the model needs are"
            names = _name_list([self._with_near_miss(name) for name in self.missing])
            sentences.append(f"{count} {noun} missing: {names}.")
        for column, expected, found in self.kind_mismatches:
            sentences.append(self._mismatch_sentence(column, ColumnKind(expected), found))
        if self.rows == 0:
            sentences.append("The new file has no rows.")
        return sentences

    def notices(self) -> list[str]:
        """Things worth knowing that do not block using the new table.

        Returns
        -------
        list of str
        """
        label = self._label()
        sentences = []
        if self.extra:
            count = len(self.extra)
            noun = "column that" if count == 1 else "columns that"
            verb = "it" if count == 1 else "they"
            sentences.append(
                f"The new file has {count} {noun} {label} does not have; {verb} will be "
                f"ignored: {_name_list(self.extra)}."
            )
        if self.missing_optional:
            count = len(self.missing_optional)
            noun = "column of" if count == 1 else "columns of"
            verb = "is" if count == 1 else "are"
            names = _name_list([self._with_near_miss(name) for name in self.missing_optional])
            sentences.append(
                f"{count} {noun} {label} {verb} not in the new file and will be left empty "
                f"(missing values): {names}."
            )
        mismatched = {column for column, _, _ in self.kind_mismatches}
        for column, (unreadable, _) in self.unreadable.items():
            if column in mismatched:
                continue
            noun = "value" if unreadable == 1 else "values"
            verb = "is" if unreadable == 1 else "are"
            sentences.append(
                f"{unreadable:,} {noun} in ‘{column}’ {verb} not readable like the rest of "
                f"the column (e.g. {_quoted(self.examples.get(column, ()))}) and will be "
                "treated as missing."
            )
        for column, count in self.unseen_categories.items():
            rows = "of the new rows has" if count == 1 else "of the new rows have"
            sentences.append(
                f"{count:,} {rows} a value in ‘{column}’ that never appears in {label}."
            )
        return sentences

    def raise_for_problems(self) -> None:
        """Raise when anything blocks using the new table.

        Raises
        ------
        SchemaError
            When :attr:`ok` is false; ``why`` lists every problem sentence.
        """
        if self.ok:
            return
        label = self._label()
        raise SchemaError(
            f"The new file can't be used: it does not match {label}.",
            " ".join(self.problems()),
            f"Upload a file with the same columns as {label} (names must match exactly, "
            f"including capitals and spaces), at least one row, and numbers or dates where "
            f"{label} had them. Extra columns are fine: they are ignored.",
        )

    def _label(self) -> str:
        return f"‘{self.reference_name}’" if self.reference_name else "the original table"

    def _with_near_miss(self, name: str) -> str:
        key = name.strip().casefold()
        close = [c for c in self.extra if c.strip().casefold() == key]
        if not close:
            return f"‘{name}’"
        return f"‘{name}’ (the new file has {_quoted(close)} — names must match exactly)"

    def _mismatch_sentence(self, column: str, expected: ColumnKind, found: str) -> str:
        expected_words = _KIND_WORDS.get(expected, expected.value)
        examples = self.examples.get(column, ())
        shown = f" (e.g. {_quoted(examples)})" if examples else ""
        unreadable, present = self.unreadable.get(column, (0, 0))
        share = (
            f": {unreadable:,} of {present:,} values can't be read as {expected_words}."
            if present
            else "."
        )
        if found == expected.value:
            # Same kind, different notation: typically dates written in another format.
            return (
                f"Column ‘{column}’ held {expected_words} before, but the new file writes them "
                f"differently{shown}{share}"
            )
        found_words = _KIND_WORDS.get(ColumnKind(found), found)
        return (
            f"Column ‘{column}’ held {expected_words} before but now holds {found_words}"
            f"{shown}{share}"
        )


def check_schema(
    reference: pd.DataFrame,
    new: pd.DataFrame,
    *,
    required: Sequence[str] | None = None,
    kinds: Sequence[ColumnInfo] | None = None,
    reference_name: str = "",
) -> SchemaCheck:
    """Compare a new table's columns and values with the reference table's.

    Names must match exactly; a required column that is only present with other capitals or
    spaces is still missing (the message names the near miss). Shared numeric and datetime
    columns must still convert to their kind: more than 5% unreadable present values is a kind
    mismatch, fewer is a notice. Categorical and boolean columns accept any value; values never
    seen in the reference are counted.

    Parameters
    ----------
    reference : pandas.DataFrame
        The table the model was built from, as loaded; not modified.
    new : pandas.DataFrame
        The new table, as loaded; not modified.
    required : sequence of str, optional
        Reference columns the new table must have. Defaults to every reference column.
    kinds : sequence of ColumnInfo, optional
        The reference kinds (with the person's overrides), matched by name. Reference columns
        without an entry are inferred.
    reference_name : str, default=""
        The reference table's name for messages (e.g. its file name).

    Returns
    -------
    SchemaCheck

    Raises
    ------
    ValueError
        When ``required`` names a column that the reference does not have (a caller bug).

    Examples
    --------
    >>> import pandas as pd
    >>> ref = pd.DataFrame({"age": [30, 40], "city": ["Oslo", "Rome"]})
    >>> check = check_schema(ref, pd.DataFrame({"age": [50], "city": ["Lima"]}))
    >>> check.ok, dict(check.unseen_categories)
    (True, {'city': 1})
    """
    reference_columns = list(reference.columns)
    new_columns = list(new.columns)
    required_names = reference_columns if required is None else list(required)
    unknown = [name for name in required_names if name not in reference_columns]
    if unknown:
        raise ValueError(f"Required columns not in the reference table: {unknown!r}.")
    required_set = set(required_names)
    new_set = set(new_columns)
    reference_set = set(reference_columns)

    absent = [c for c in reference_columns if c not in new_set]
    shared = [c for c in reference_columns if c in new_set]
    given = {info.name: info for info in kinds or ()}

    mismatches: list[tuple[str, str, str]] = []
    unseen: dict[str, int] = {}
    unreadable: dict[str, tuple[int, int]] = {}
    examples: dict[str, tuple[str, ...]] = {}
    for name in shared:
        info = given[name] if name in given else infer_column(reference[name])
        column = new[name]
        if info.kind in _CHECKED_KINDS:
            lost = _unreadable(column, info)
            if lost.any():
                n_lost, n_present = int(lost.sum()), int(column.notna().sum())
                unreadable[name] = (n_lost, n_present)
                examples[name] = _examples(column[lost])
                if n_lost > _MAX_UNREADABLE_SHARE * n_present:
                    found = _found_kind(column)
                    mismatches.append((name, info.kind.value, found.value))
        elif info.kind in _COUNTED_KINDS:
            count = _count_unseen(reference[name], column, info)
            if count:
                unseen[name] = count

    return SchemaCheck(
        missing=tuple(c for c in absent if c in required_set),
        missing_optional=tuple(c for c in absent if c not in required_set),
        extra=tuple(c for c in new_columns if c not in reference_set),
        kind_mismatches=tuple(mismatches),
        unseen_categories=MappingProxyType(unseen),
        rows=len(new),
        unreadable=MappingProxyType(unreadable),
        examples=MappingProxyType(examples),
        reference_name=reference_name,
    )


def append_rows(reference: pd.DataFrame, new: pd.DataFrame, check: SchemaCheck) -> pd.DataFrame:
    """Stack the new rows under the reference rows, in the reference's columns.

    The new table is reduced to the reference columns in reference order (extra columns
    dropped, missing optional columns filled with missing values). Where the two sides store a
    column differently, the combined column is made consistent so that kind inference still
    sees the reference kind: text when either side is text, float when whole numbers meet
    decimals, and dates when dates stored as dates meet dates written as text (parsed in their
    own best format; the few that cannot be read become missing, as the app's kind conversion
    would make them).

    Parameters
    ----------
    reference : pandas.DataFrame
        The table the model was built from, as loaded; not modified.
    new : pandas.DataFrame
        The new rows, as loaded; not modified.
    check : SchemaCheck
        The result of :func:`check_schema` on these two tables.

    Returns
    -------
    pandas.DataFrame
        Reference rows followed by new rows, with a fresh RangeIndex.

    Raises
    ------
    SchemaError
        When ``check`` has problems (see :meth:`SchemaCheck.raise_for_problems`).
    ValueError
        When ``check`` does not describe these two tables (a caller bug).
    """
    check.raise_for_problems()
    absent = tuple(c for c in reference.columns if c not in new.columns)
    if set(absent) != set(check.missing_optional) or len(new) != check.rows:
        raise ValueError("The schema check was made for other tables; run check_schema again.")
    n_reference, n_new = len(reference), len(new)
    combined = {}
    for name in reference.columns:
        top = reference[name].reset_index(drop=True)
        if name in new.columns:
            bottom = new[name].reset_index(drop=True)
        else:
            bottom = pd.Series(np.nan, index=range(n_new), dtype=_missing_dtype(top.dtype))
        combined[name] = _stack(top, bottom)
    return pd.DataFrame(combined, index=pd.RangeIndex(n_reference + n_new))


# --- checking --------------------------------------------------------------------------------


def _unreadable(column: pd.Series, info: ColumnInfo) -> pd.Series:
    """Present values that the app's own kind conversion would turn into missing values."""
    name = str(column.name)
    converted = apply_column_kinds(column.to_frame(name), [info]).frame[name]
    return converted.isna() & column.notna()


def _found_kind(column: pd.Series) -> ColumnKind:
    """What the new column holds, in the words a person would use."""
    kind = infer_column(column).kind
    if kind not in (ColumnKind.IDENTIFIER, ColumnKind.CONSTANT):
        return kind
    if pd.api.types.is_bool_dtype(column.dtype):
        return ColumnKind.BOOLEAN
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return ColumnKind.DATETIME
    if pd.api.types.is_numeric_dtype(column.dtype):
        return ColumnKind.NUMERIC
    present = column.dropna().astype("str").str.strip()
    if len(present) and parse_numbers(present)[0].notna().all():
        return ColumnKind.NUMERIC
    return ColumnKind.CATEGORICAL


def _count_unseen(reference: pd.Series, new: pd.Series, info: ColumnInfo) -> int:
    """New present values whose converted form never appears in the reference."""
    name = str(reference.name)
    seen = apply_column_kinds(reference.to_frame(name), [info]).frame[name].dropna().unique()
    converted = apply_column_kinds(new.to_frame(name), [info]).frame[name]
    present = new.notna()
    # A present value the conversion cannot read (e.g. "maybe" in a yes/no column) is also new.
    is_new = present & (converted.isna() | ~converted.isin(list(seen)))
    return int(is_new.sum())


def _examples(values: pd.Series) -> tuple[str, ...]:
    return tuple(_shorten(v) for v in pd.unique(values.astype("str"))[:_MAX_EXAMPLES])


def _shorten(value: object) -> str:
    text = str(value)
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"‘{v}’" for v in values)


def _name_list(quoted_names: Sequence[str]) -> str:
    """Up to ten names (already quoted or to be quoted), then "and N more"."""
    shown = [n if n.startswith("‘") else f"‘{n}’" for n in quoted_names[:_MAX_NAMES]]
    rest = len(quoted_names) - len(shown)
    return ", ".join(shown) + (f" and {rest:,} more" if rest else "")


# --- appending -------------------------------------------------------------------------------


def _missing_dtype(dtype) -> object:
    """A dtype that holds missing values and combines with ``dtype`` without changing kind."""
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if isinstance(dtype, pd.CategoricalDtype):
        return "str"
    if pd.api.types.is_numeric_dtype(dtype):
        return "float64"
    return dtype


def _stack(top: pd.Series, bottom: pd.Series) -> pd.Series:
    top, bottom = _consistent(top, bottom)
    stacked = pd.concat([top, bottom], ignore_index=True)
    if pd.api.types.is_object_dtype(stacked.dtype) and not (
        pd.api.types.is_object_dtype(top.dtype) and pd.api.types.is_object_dtype(bottom.dtype)
    ):
        # pandas fell back to object for a pair it cannot unify (e.g. two time zones).
        stacked = pd.concat([_as_text(top), _as_text(bottom)], ignore_index=True)
    return stacked


def _consistent(top: pd.Series, bottom: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Bring two stored forms of one column to a shared, kind-preserving form."""
    if top.dtype == bottom.dtype:
        return top, bottom
    # An all-missing side carries no evidence: let it take the other side's form.
    if bottom.isna().all():
        return _widen(top), pd.Series(np.nan, index=bottom.index, dtype=_missing_dtype(top.dtype))
    if top.isna().all():
        return pd.Series(np.nan, index=top.index, dtype=_missing_dtype(bottom.dtype)), _widen(
            bottom
        )
    top_kind, bottom_kind = _storage(top.dtype), _storage(bottom.dtype)
    if top_kind == bottom_kind == "number":
        return _bool_as_number(top), _bool_as_number(bottom)
    if top_kind == bottom_kind == "date":
        return top, bottom
    if {top_kind, bottom_kind} == {"date", "text"}:
        parsed = _dates_from_text(top if top_kind == "text" else bottom)
        if parsed is not None:
            return (parsed, bottom) if top_kind == "text" else (top, parsed)
    return _as_text(top), _as_text(bottom)


def _storage(dtype) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return "text"  # kind inference reads categorical storage as text, too
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        return "number"
    return "text"


def _widen(series: pd.Series) -> pd.Series:
    """The side that has values, in a form that can also hold the other side's missing ones."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("boolean")
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _as_text(series)
    return series


def _bool_as_number(series: pd.Series) -> pd.Series:
    # True/False meeting 0/1 (or other numbers): concat would fall back to object.
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("Float64").astype("float64")
    return series


def _dates_from_text(text: pd.Series) -> pd.Series | None:
    """Text dates parsed in their own best format, or None when too many would be lost."""
    info = infer_column(text)
    date_info = ColumnInfo(
        name=str(text.name),
        kind=ColumnKind.DATETIME,
        reason="",
        n_missing=info.n_missing,
        n_unique=info.n_unique,
        date_format=info.date_format if info.kind is ColumnKind.DATETIME else None,
    )
    lost = _unreadable(text, date_info)
    if lost.sum() > _MAX_UNREADABLE_SHARE * text.notna().sum():
        return None
    name = str(text.name)
    return apply_column_kinds(text.to_frame(name), [date_info]).frame[name]


def _as_text(series: pd.Series) -> pd.Series:
    """Text that reads like the values did, missing values kept missing."""
    if pd.api.types.is_float_dtype(series.dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        present = values[~np.isnan(values)]
        if np.isfinite(present).all() and np.all(present == np.round(present)):
            # 3.0 → "3", as the app's own conversion writes whole numbers stored as float.
            return series.astype("Int64").astype("str")
    return series.astype("str")
