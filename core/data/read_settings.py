"""Reading settings: the choices a person can make about how a file is read, and the limits.

:class:`ReadOptions` holds the person's reading choices (delimiter, encoding, decimal mark, sheet,
skipping bad lines, the missing-value tokens; ``None`` means "detect it"), :class:`LoadLimits`
the size limits every upload must respect, configurable through ``MODELPATH_MAX_*``
environment variables. :data:`DEFAULT_NA_TOKENS` and :data:`SUPPORTED_EXTENSIONS` say what is
read as missing and which files are read at all. :mod:`core.data.intake` applies them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import DataLoadError
from core.recipe import DEFAULT_NA_TOKENS as _RECIPE_NA_TOKENS

__all__ = [
    "DEFAULT_NA_TOKENS",
    "SUPPORTED_EXTENSIONS",
    "LoadLimits",
    "ReadOptions",
]

#: Cell values read as "missing" by default (after stripping surrounding whitespace).
#:
#: The empty cell, the spellings of "not available" and "not a number" written by R, pandas,
#: Excel and databases (``NA``, ``N/A``, ``n/a``, ``na``, ``NaN``, ``nan``, ``null``, ``NULL``,
#: ``Null``, ``None``, ``none``, ``#N/A``, ``<NA>``), the usual hand-typed gaps (``?``, ``-``,
#: ``--``) and the word ``missing``. Only whole cells match: ``-5`` and ``None of these`` stay
#: values. The person can edit the list (``ReadOptions.na_tokens``), for example to keep ``"NA"``
#: as Namibia's country code or ``"none"`` as a real answer. The same tuple, in the same order,
#: is the recipe default: it is defined once, in ``core.recipe``.
DEFAULT_NA_TOKENS: tuple[str, ...] = _RECIPE_NA_TOKENS

#: File extensions ModelPath reads (matched case-insensitively).
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".parquet",
    ".pq",
    ".json",
    ".jsonl",
    ".ndjson",
)

_ENV_VARIABLES = {
    "max_bytes": "MODELPATH_MAX_UPLOAD_MB",
    "max_rows": "MODELPATH_MAX_ROWS",
    "max_columns": "MODELPATH_MAX_COLUMNS",
    "max_cells": "MODELPATH_MAX_CELLS",
}


# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadLimits:
    """Size limits applied to every upload; each is named in the message when it is hit.

    Parameters
    ----------
    max_bytes : int, default=50 MiB
        Largest file accepted, checked before anything is parsed.
    max_rows : int, default=1_000_000
        Most data rows (the header row is not counted).
    max_columns : int, default=500
        Most columns.
    max_cells : int, default=20_000_000
        Most cells (rows times columns).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 500
    max_cells: int = 20_000_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_rows", "max_columns", "max_cells"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"LoadLimits.{name} must be a positive integer, got {value!r}.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LoadLimits:
        """Build limits from environment variables, falling back to the defaults.

        Parameters
        ----------
        environ : Mapping[str, str] or None, default=None
            Where to read the variables; ``os.environ`` when None. Recognised variables are
            ``MODELPATH_MAX_UPLOAD_MB`` (megabytes, decimals allowed), ``MODELPATH_MAX_ROWS``,
            ``MODELPATH_MAX_COLUMNS`` and ``MODELPATH_MAX_CELLS`` (positive whole numbers).
            Unset or blank variables keep the default.

        Returns
        -------
        LoadLimits
            The configured limits.

        Raises
        ------
        DataLoadError
            When a variable is set to something that isn't a positive number; the message names
            the variable.
        """
        env = os.environ if environ is None else environ
        defaults = cls()
        values: dict[str, int] = {}
        for attr, variable in _ENV_VARIABLES.items():
            raw = env.get(variable)
            if raw is None or not str(raw).strip():
                continue
            text = str(raw).strip().replace("_", "").replace(",", "")
            if attr == "max_bytes":
                try:
                    megabytes = float(text)
                except ValueError:
                    megabytes = math.nan
                if not math.isfinite(megabytes) or megabytes <= 0:
                    default_mb = f"{defaults.max_bytes / (1024 * 1024):g}"
                    raise _env_error(variable, raw, "a positive number of megabytes", default_mb)
                values[attr] = max(1, int(megabytes * 1024 * 1024))
                continue
            try:
                number = int(text)
            except ValueError:
                number = 0
            if number < 1:
                raise _env_error(
                    variable, raw, "a positive whole number", f"{getattr(defaults, attr)}"
                )
            values[attr] = number
        return cls(**values)


@dataclass(frozen=True)
class ReadOptions:
    """The person's reading choices; ``None`` means "detect it for me".

    Parameters
    ----------
    delimiter : str or None, default=None
        Field separator for text files: usually ``","``, ``";"``, ``"\\t"`` or ``"|"``.
    encoding : str or None, default=None
        Text encoding, e.g. ``"utf-8"``, ``"utf-8-sig"``, ``"cp1252"``, ``"latin-1"``,
        ``"utf-16"``.
    decimal : str or None, default=None
        Decimal mark for text files: ``"."`` or ``","``. With ``","`` a dot between digit groups
        is read as a thousands separator (``1.234,5``).
    sheet : str or None, default=None
        Excel sheet name; None reads the first sheet.
    skip_bad_lines : bool, default=False
        Skip text rows with more fields than the header instead of failing; the skipped line
        numbers are listed in the report.
    na_tokens : tuple of str, default=DEFAULT_NA_TOKENS
        Cell values (after stripping surrounding whitespace) read as missing, in every format.
    """

    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    skip_bad_lines: bool = False
    na_tokens: tuple[str, ...] = DEFAULT_NA_TOKENS

    def __post_init__(self) -> None:
        # Accept any sequence of strings (a list from a UI widget, say) but store a tuple.
        tokens = self.na_tokens
        if isinstance(tokens, str):
            tokens = (tokens,)
        object.__setattr__(self, "na_tokens", tuple(str(token) for token in tokens))


# --------------------------------------------------------------------------------------------
# Reading limits from the environment
# --------------------------------------------------------------------------------------------


def _env_error(variable: str, raw: str, expected: str, default: str) -> DataLoadError:
    return DataLoadError(
        f"The environment variable {variable} is set to '{raw}', which isn't {expected}.",
        f"ModelPath reads its upload limits from {variable} when it starts.",
        f"Set {variable} to {expected} (the default is {default}) or unset it, then restart "
        "ModelPath.",
    )
