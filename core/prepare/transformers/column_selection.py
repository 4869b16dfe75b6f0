"""Column selection for ``ColumnTransformer``: :class:`ColumnsPresent` picks the named columns an
earlier step left in the table.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

__all__ = ["ColumnsPresent"]


@dataclass(frozen=True)
class ColumnsPresent:
    """Select the named columns that are still present, for ``ColumnTransformer``.

    An earlier step (e.g. :class:`MissingShareDropper`) may have dropped some columns; this
    selector asks for the survivors only, and an empty selection makes ``ColumnTransformer``
    skip the branch. Unlike a lambda it pickles, clones and compares by value.

    Parameters
    ----------
    columns : sequence of hashable
        Column names, stored as a tuple; the selection keeps this order.
    minimum : int, default=1
        Select nothing when fewer than this many of the columns are present: a branch that
        combines columns (the days between two dates) is skipped rather than fed one.

    Raises
    ------
    TypeError
        If ``columns`` is a single string rather than a sequence of names.

    Examples
    --------
    >>> ColumnsPresent(["b", "gone", "a"])(pd.DataFrame(columns=["a", "b"]))
    ['b', 'a']
    """

    columns: tuple[Hashable, ...]
    minimum: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.columns, str):
            raise TypeError(
                f"ColumnsPresent takes a list of column names, got the string "
                f"{self.columns!r}; write ColumnsPresent([{self.columns!r}])."
            )
        # Frozen dataclass: the tuple conversion has to bypass the frozen __setattr__.
        object.__setattr__(self, "columns", tuple(self.columns))

    def __call__(self, X: pd.DataFrame) -> list[Hashable]:
        """The configured names present in ``X.columns``, in the configured order.

        Parameters
        ----------
        X : DataFrame
            The table ``ColumnTransformer`` is about to split.

        Returns
        -------
        list
            The present names; empty when fewer than ``minimum`` are present.

        Raises
        ------
        TypeError
            If X has no column names.
        """
        if not hasattr(X, "columns"):
            raise TypeError(
                f"ColumnsPresent selects columns by name, so it needs a DataFrame; got "
                f"{type(X).__name__}. Keep the pipeline's input a DataFrame."
            )
        present = set(X.columns)
        chosen = [name for name in self.columns if name in present]
        return chosen if len(chosen) >= self.minimum else []
