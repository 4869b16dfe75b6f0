"""From the table as loaded to the table as understood, following the recipe's data section.

Only operations that learn nothing from the data happen here (dropping columns, casting
types, parsing dates), so this may run before the train/test split without leaking anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from core.data.columns import (
    ColumnInfo,
    ColumnKind,
    apply_column_kinds,
    convert_target,
    infer_column_kinds,
)
from core.data.read_settings import ReadOptions
from core.recipe import DataSection

__all__ = ["PreparedTable", "prepare_table", "read_options"]


@dataclass(frozen=True)
class PreparedTable:
    """A table converted to its column kinds.

    Parameters
    ----------
    raw : pandas.DataFrame
        The table as loaded, minus dropped columns (text still text).
    frame : pandas.DataFrame
        The same rows with each column converted to its kind.
    columns : tuple of ColumnInfo
        Kind, reason and counts per column (overrides applied).
    lost_values : mapping of str to int
        Per column, present values that the conversion turned into missing.
    dropped_columns : tuple of str
        Recipe drops that were applied (drops of absent columns are ignored).
    """

    raw: pd.DataFrame
    frame: pd.DataFrame
    columns: tuple[ColumnInfo, ...]
    lost_values: Mapping[str, int]
    dropped_columns: tuple[str, ...]

    def info(self, name: str) -> ColumnInfo:
        """The ColumnInfo of one column (KeyError when absent)."""
        for info in self.columns:
            if info.name == name:
                return info
        raise KeyError(name)

    def names_of_kind(self, *kinds: ColumnKind) -> list[str]:
        """Columns of the given kinds, in table order."""
        return [c.name for c in self.columns if c.kind in kinds]


def prepare_table(
    raw: pd.DataFrame, data: DataSection, *, target: str | None = None
) -> PreparedTable:
    """Apply the data section (drops, kind overrides) and convert columns to their kinds.

    Parameters
    ----------
    raw : pandas.DataFrame
        The table as loaded; not modified.
    data : DataSection
        The recipe's data section.
    target : str, optional
        The target column. Its labels stay as the file wrote them
        (:func:`core.data.columns.convert_target`: 0/1 stays 0/1, ``"yes"``/``"no"`` stays so),
        since they are the classes every page, download and recipe names.

    Returns
    -------
    PreparedTable
    """
    dropped = tuple(c for c in data.drop_columns if c in raw.columns)
    kept = raw.drop(columns=list(dropped))
    columns = infer_column_kinds(kept, overrides=data.column_types)
    conversion = apply_column_kinds(kept, columns)
    frame = conversion.frame
    lost_values = conversion.lost_values
    if target is not None and target in kept.columns:
        target_info = next(c for c in columns if c.name == target)
        labels = convert_target(kept[target], target_info.kind, target_info.date_format)
        frame = frame.assign(**{target: labels})
        lost = dict(lost_values)
        lost.pop(target, None)
        n_lost = int((labels.isna() & kept[target].notna()).sum())
        if n_lost:
            lost[target] = n_lost
        lost_values = MappingProxyType(lost)
    return PreparedTable(
        raw=kept,
        frame=frame,
        columns=columns,
        lost_values=lost_values,
        dropped_columns=dropped,
    )


def read_options(data: DataSection) -> ReadOptions:
    """The intake options that a recipe's data section asks for."""
    return ReadOptions(
        delimiter=data.delimiter,
        encoding=data.encoding,
        decimal=data.decimal,
        sheet=data.sheet,
        skip_bad_lines=data.skip_bad_lines,
        na_tokens=data.na_tokens,
    )
