"""Cleaning that learns nothing, applied to the whole table before the train/test split.

Only operations whose result for a row depends on that row alone (or on exact equality
between rows) live here: dropping rows whose target is missing, trimming whitespace and
normalising case, merging spellings the person mapped, converting yes/no columns to 0/1, and
dropping exact duplicate rows. Column drops, type casts and date parsing come before this, from
the data section (:func:`core.data.dataset.prepare_table`). Everything that learns a statistic —
imputation, outlier fences, rare-category grouping — is a pipeline step instead
(:mod:`core.prepare.pipeline`), fitted on training rows only.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from core.data import ColumnInfo, ColumnKind, PreparedTable
from core.errors import ModelPathError
from core.recipe import CleaningSection

__all__ = [
    "FUZZY_SIMILARITY",
    "CleanTable",
    "ColumnChange",
    "MergeSuggestion",
    "clean_before_split",
    "clean_columns",
    "normalise_text",
    "suggest_merges",
]

TEXT_KINDS = (ColumnKind.CATEGORICAL, ColumnKind.TEXT)
# Fuzzy matching compares every pair of distinct values, so it only runs on columns with few.
MAX_FUZZY_VALUES = 300
FUZZY_SIMILARITY = 0.85


@dataclass(frozen=True)
class ColumnChange:
    """What one pre-split operation did to one column.

    Parameters
    ----------
    column : str
        The column changed.
    operation : str
        ``"normalised"`` (whitespace/case), ``"merged"`` (spellings mapped) or ``"to_number"``
        (yes/no to 1/0).
    cells : int
        Cells whose value changed.
    categories_before, categories_after : int
        Distinct values before and after the operation.
    """

    column: str
    operation: str
    cells: int
    categories_before: int
    categories_after: int


@dataclass(frozen=True)
class CleanTable:
    """The table after pre-split cleaning.

    Parameters
    ----------
    frame : pandas.DataFrame
        Remaining rows (original index kept) and all columns.
    table : PreparedTable
        The table it came from (kinds and reasons).
    target : str
        The target column.
    rows_in : int
        Rows before cleaning.
    missing_target_rows : int
        Rows dropped because the target was missing (always dropped: nothing can learn from
        them or be scored on them).
    duplicate_rows : int
        Exact duplicate rows dropped (0 when de-duplication is off).
    duplicates_found : int
        Exact duplicate rows present, whether or not they were dropped.
    changes : tuple of ColumnChange
        What normalisation and merges did, per column.
    """

    frame: pd.DataFrame
    table: PreparedTable
    target: str
    rows_in: int
    missing_target_rows: int
    duplicate_rows: int
    duplicates_found: int
    changes: tuple[ColumnChange, ...]

    @property
    def rows_out(self) -> int:
        """Rows left for splitting."""
        return len(self.frame)

    def changes_frame(self) -> pd.DataFrame:
        """The per-column changes as a tidy table (one row per column and operation)."""
        return pd.DataFrame(
            [
                {
                    "column": c.column,
                    "operation": c.operation,
                    "cells changed": c.cells,
                    "categories before": c.categories_before,
                    "categories after": c.categories_after,
                }
                for c in self.changes
            ],
            columns=[
                "column",
                "operation",
                "cells changed",
                "categories before",
                "categories after",
            ],
        )


@dataclass(frozen=True)
class MergeSuggestion:
    """Spellings that probably mean the same category.

    Parameters
    ----------
    column : str
        The column.
    values : tuple of str
        The spellings, most frequent first.
    canonical : str
        The suggested single value (the most frequent spelling).
    rows : int
        Rows carrying one of the other spellings.
    reason : str
        ``"case or spaces"`` or ``"similar spelling"``.
    """

    column: str
    values: tuple[str, ...]
    canonical: str
    rows: int
    reason: str

    def as_mapping(self) -> dict[str, str]:
        """The merge as {spelling: canonical} for the recipe."""
        return {v: self.canonical for v in self.values if v != self.canonical}


def normalise_text(values: pd.Series, mode: str) -> pd.Series:
    """Trim and collapse whitespace (``"trim"``), and lower-case (``"trim_lower"``).

    Missing values stay missing; ``mode="none"`` returns the values unchanged.
    """
    if mode == "none":
        return values
    out = values.astype("str").str.strip().str.replace(r"\s+", " ", regex=True)
    if mode == "trim_lower":
        out = out.str.lower()
    return out.where(values.notna())


def clean_before_split(
    table: PreparedTable, cleaning: CleaningSection, *, target: str
) -> CleanTable:
    """Apply the cleaning that learns nothing, before the train/test split.

    Parameters
    ----------
    table : PreparedTable
        The table converted to its column kinds.
    cleaning : CleaningSection
        The recipe's cleaning section (only ``text_normalisation``, ``category_merges`` and
        ``drop_duplicates`` act here).
    target : str
        The target column; rows where it is missing are dropped.

    Returns
    -------
    CleanTable

    Raises
    ------
    ModelPathError
        When the target is not a column of the table, or no row has a target value.
    """
    frame = table.frame
    if target not in frame.columns:
        raise ModelPathError(
            f"The target {target!r} is not a column of the current table.",
            "It may have been dropped or renamed since it was chosen.",
            "Choose the target again on the Problem page.",
        )
    rows_in = len(frame)
    has_target = frame[target].notna()
    frame = frame.loc[has_target]
    if frame.empty:
        raise ModelPathError(
            f"Every value of the target {target!r} is missing.",
            "A model learns from rows whose answer is known, and there are none.",
            "Choose another target, or check the missing-value words on the Data page.",
        )
    labels = frame[target]
    if isinstance(labels.dtype, pd.BooleanDtype | pd.Int64Dtype):
        # Missing targets are gone, so the labels fit numpy's own types (what scikit-learn
        # expects); 0/1 stays 0/1 and True/False stays True/False.
        frame = frame.assign(**{target: labels.astype(labels.dtype.numpy_dtype)})
    frame, changes = clean_columns(frame, table.columns, cleaning, target=target)
    duplicated = frame.duplicated(keep="first")
    duplicates_found = int(duplicated.sum())
    if cleaning.drop_duplicates and duplicates_found:
        frame = frame.loc[~duplicated]
    return CleanTable(
        frame=frame,
        table=table,
        target=target,
        rows_in=rows_in,
        missing_target_rows=int((~has_target).sum()),
        duplicate_rows=duplicates_found if cleaning.drop_duplicates else 0,
        duplicates_found=duplicates_found,
        changes=changes,
    )


def clean_columns(
    frame: pd.DataFrame,
    columns: Sequence[ColumnInfo],
    cleaning: CleaningSection,
    *,
    target: str | None,
) -> tuple[pd.DataFrame, tuple[ColumnChange, ...]]:
    """Clean each column on its own, as training did: the row-by-row part of pre-split cleaning.

    Yes/no columns become 0/1 floats, whole-number columns become floats, and categorical and
    free-text columns get the recipe's text normalisation and category merges. Nothing here
    drops rows or looks at other rows, so the same function prepares training rows
    (:func:`clean_before_split`) and new rows to predict (:mod:`core.deliver.predict`).

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns already converted to their kinds (:func:`core.data.columns.apply_column_kinds`);
        not modified. Columns in ``columns`` but not in the frame are skipped.
    columns : sequence of ColumnInfo
        The kind of each column, matched by name.
    cleaning : CleaningSection
        Only ``text_normalisation`` and ``category_merges`` act here.
    target : str or None
        The target column, left exactly as it is (None when there is none, e.g. new rows).

    Returns
    -------
    frame : pandas.DataFrame
        A new frame with the same rows, index and columns.
    changes : tuple of ColumnChange
        What normalisation and merges changed, per column.
    """
    changes: list[ColumnChange] = []
    updated: dict[str, pd.Series] = {}
    for info in columns:
        name = info.name
        if name not in frame.columns or name == target:
            # The target keeps its labels as written: the positive class and the class
            # balance on the Problem page refer to them.
            continue
        column = frame[name]
        if info.kind is ColumnKind.BOOLEAN:
            # 0/1 is what every encoder would make of yes/no; doing it here keeps such columns
            # numeric (and free of outlier fences meant for real numbers).
            updated[name] = column.astype("Float64").astype("float64")
            continue
        if info.kind is ColumnKind.NUMERIC:
            if pd.api.types.is_integer_dtype(column.dtype):
                # Whole numbers become floats so that imputers can write any fill value
                # (a constant 0.5, a mean) into them; the values themselves are unchanged.
                updated[name] = column.astype("float64")
            continue
        if info.kind not in TEXT_KINDS:
            continue
        normalised = normalise_text(column, cleaning.text_normalisation)
        _record(changes, name, "normalised", column, normalised)
        merges = cleaning.category_merges.get(name)
        if merges:
            # Both sides are normalised like the column, so a merge written by hand
            # ("Nyc" → "New York") lands on the same spelling as the normalised values.
            keys = normalise_text(pd.Series(list(merges), dtype="str"), cleaning.text_normalisation)
            values = normalise_text(
                pd.Series(list(merges.values()), dtype="str"), cleaning.text_normalisation
            )
            mapping = dict(zip(keys, values, strict=True))
            merged = normalised.astype("str").replace(mapping).where(normalised.notna())
            _record(changes, name, "merged", normalised, merged)
            normalised = merged
        if normalised is not column:
            updated[name] = normalised
    cleaned = frame.assign(**updated) if updated else frame.copy()
    return cleaned, tuple(changes)


def _record(
    changes: list[ColumnChange], name: str, operation: str, before: pd.Series, after: pd.Series
) -> None:
    if before is after:
        return
    differs = (before.astype("str") != after.astype("str")) & before.notna()
    cells = int(differs.sum())
    if cells:
        changes.append(
            ColumnChange(
                column=name,
                operation=operation,
                cells=cells,
                categories_before=int(before.nunique()),
                categories_after=int(after.nunique()),
            )
        )


def suggest_merges(
    table: PreparedTable, *, columns: list[str] | None = None, normalisation: str = "none"
) -> list[MergeSuggestion]:
    """Likely duplicate spellings in categorical columns.

    Two kinds are found: values equal once case and spaces are normalised (``"NY"``,
    ``"ny "``), and values whose spellings are very similar (``"New York"``, ``"New Yrok"``).
    The person decides; nothing is merged without their choice.

    Parameters
    ----------
    table : PreparedTable
        The table.
    columns : list of str, optional
        Columns to look at; default all categorical columns.
    normalisation : str
        The text normalisation already chosen; groups it would resolve are not suggested again.

    Returns
    -------
    list of MergeSuggestion
        Largest groups (by rows affected) first.
    """
    names = columns if columns is not None else table.names_of_kind(ColumnKind.CATEGORICAL)
    suggestions: list[MergeSuggestion] = []
    for name in names:
        values = normalise_text(table.frame[name], normalisation).dropna()
        counts = values.astype("str").value_counts()
        if len(counts) < 2 or len(counts) > 10_000:
            continue
        groups = _case_groups(counts)
        grouped = {v for group in groups for v in group}
        for group in groups:
            suggestions.append(_suggestion(name, group, counts, "case or spaces"))
        if len(counts) <= MAX_FUZZY_VALUES:
            rest = [v for v in counts.index if v not in grouped]
            for group in _similar_groups(rest, counts):
                suggestions.append(_suggestion(name, group, counts, "similar spelling"))
    suggestions.sort(key=lambda s: s.rows, reverse=True)
    return suggestions


def _case_groups(counts: pd.Series) -> list[list[str]]:
    keys = counts.index.str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
    groups: dict[str, list[str]] = {}
    for value, key in zip(counts.index, keys, strict=True):
        groups.setdefault(key, []).append(value)
    return [group for group in groups.values() if len(group) > 1]


def _similar_groups(values: list[str], counts: Mapping[str, int]) -> list[list[str]]:
    """Group each value with the more frequent values it closely resembles."""
    groups: list[list[str]] = []
    taken: set[str] = set()
    for anchor in values:  # most frequent first
        if anchor in taken or len(anchor) < 4:
            continue
        group = [anchor]
        for other in values:
            if (
                other in taken
                or other == anchor
                or len(other) < 4
                or counts[other] > counts[anchor]
            ):
                continue
            ratio = difflib.SequenceMatcher(None, anchor.lower(), other.lower()).ratio()
            if ratio >= FUZZY_SIMILARITY and not _differ_only_in_digits(anchor, other):
                group.append(other)
        if len(group) > 1:
            taken.update(group)
            groups.append(group)
    return groups


def _differ_only_in_digits(a: str, b: str) -> bool:
    # "Plan 1" and "Plan 2" are different categories, not misspellings.
    return [c for c in a if not c.isdigit()] == [c for c in b if not c.isdigit()]


def _suggestion(name: str, group: list[str], counts: pd.Series, reason: str) -> MergeSuggestion:
    ordered = sorted(group, key=lambda v: -int(counts[v]))
    return MergeSuggestion(
        column=name,
        values=tuple(ordered),
        canonical=ordered[0],
        rows=int(sum(int(counts[v]) for v in ordered[1:])),
        reason=reason,
    )
