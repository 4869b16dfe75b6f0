"""Column understanding: what kind of values each column holds, and why we think so.

The kinds drive everything downstream (which charts, which findings, which encoders), so each
inference carries a plain-language reason the person can check and override. Overrides live in
the recipe (``recipe.data.column_types``) and are applied by :func:`apply_column_kinds`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

import numpy as np
import pandas as pd

from core.errors import RecipeError

__all__ = [
    "ColumnInfo",
    "ColumnKind",
    "KindConversion",
    "apply_column_kinds",
    "convert_column",
    "convert_target",
    "infer_column",
    "infer_column_kinds",
    "parse_numbers",
    "values_are_codes",
]


class ColumnKind(StrEnum):
    """What a column holds, as far as modelling is concerned."""

    NUMERIC = "numeric"
    CATEGORICAL = "categorical"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    TEXT = "text"
    IDENTIFIER = "identifier"
    CONSTANT = "constant"


@dataclass(frozen=True)
class ColumnInfo:
    """The inferred (or overridden) kind of one column.

    Parameters
    ----------
    name : str
        Column name.
    kind : ColumnKind
        What the column holds.
    reason : str
        Why this kind was chosen, in one sentence with the evidence.
    n_missing : int
        Missing cells in the column as loaded.
    n_unique : int
        Distinct non-missing values.
    date_format : str or None, default=None
        For datetime columns stored as text: the format that parses them.
    overridden : bool, default=False
        True when the person chose the kind rather than the inference.
    detected_kind : ColumnKind or None, default=None
        The inferred kind (equal to ``kind`` unless overridden).
    """

    name: str
    kind: ColumnKind
    reason: str
    n_missing: int
    n_unique: int
    date_format: str | None = None
    overridden: bool = False
    detected_kind: ColumnKind | None = None

    def __post_init__(self) -> None:
        if self.detected_kind is None:
            object.__setattr__(self, "detected_kind", self.kind)


# --- inference -------------------------------------------------------------------------------

_TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1", "on"})
_FALSE_WORDS = frozenset({"false", "no", "n", "f", "0", "off"})
_ID_NAME = re.compile(
    r"(?i)(^|[_\s.\-])(id|uuid|guid|key|ref)$|^(id|uuid|guid)([_\s.\-]|$)|[a-z]I[dD]$"
)
_CURRENCY_AND_SPACES = re.compile(r"[\s\u00a0\u202f$€£¥]")
_US_STYLE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+-]?\d*\.\d+$")
_EU_STYLE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")
_EU_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_US_NUMBER = re.compile(
    r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|nan)$", re.IGNORECASE
)
_LEADING_ZERO = re.compile(r"^0\d")
_DATE_HINT = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|[A-Za-z]{3,9}\.? \d{1,2}|\d{1,2} [A-Za-z]{3,9}"
)
# Tried in this order; on a tie the earlier format wins (month-first before day-first, as pandas).
_DATE_FORMATS = (
    "ISO8601",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%m-%d-%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
)
_SHARE_TO_ACCEPT = 0.95
_MIN_ROWS_FOR_IDENTIFIER = 20
_ID_UNIQUE_SHARE = 0.95
_SAMPLE_FOR_DATES = 500
_SAMPLE_FOR_WORDS = 2_000
# Names: at most this many words on average, most of them capitalised.
_NAME_MAX_WORDS = 6
_NAME_CAPITALISED_SHARE = 0.7
# Codes: enough rows to tell a code from a small category list, one or two "words", and at
# least this share of rows holding a value seen nowhere else.
_MIN_ROWS_FOR_CODES = 50
_CODE_MAX_WORDS = 2
#: Share of rows with a value of their own (or of distinct values) above which text is codes,
#: not categories or amounts with typos; findings and advice read it too.
CODE_UNIQUE_SHARE = 0.5
_CODE_MIN_DIGITS = 4


def infer_column_kinds(
    frame: pd.DataFrame, *, overrides: Mapping[str, str] | None = None
) -> tuple[ColumnInfo, ...]:
    """Infer the kind of every column, then apply the person's overrides.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as loaded (text columns still text).
    overrides : mapping of str to str, optional
        Column name → kind chosen by the person. Names not in the frame are ignored (a dropped
        column's override must not break loading); unknown kinds raise ``RecipeError``.

    Returns
    -------
    tuple of ColumnInfo
        One entry per column, in column order.

    Examples
    --------
    >>> import pandas as pd
    >>> info = infer_column_kinds(pd.DataFrame({"paid": ["yes", "no", "yes"]}))
    >>> info[0].kind
    <ColumnKind.BOOLEAN: 'boolean'>
    """
    overrides = dict(overrides or {})
    for name, kind in overrides.items():
        _check_kind(name, kind)
    infos = []
    for name in frame.columns:
        info = infer_column(frame[name])
        chosen = overrides.get(str(name))
        if chosen is not None and chosen != info.kind:
            kind = ColumnKind(chosen)
            info = replace(
                info,
                kind=kind,
                reason=f"Set by you (detected as {info.kind.value}: {info.reason})",
                date_format=info.date_format if kind is ColumnKind.DATETIME else None,
                overridden=True,
            )
        infos.append(info)
    return tuple(infos)


def infer_column(series: pd.Series) -> ColumnInfo:
    """Infer the kind of one column, with the evidence in ``reason``.

    Parameters
    ----------
    series : pandas.Series
        The column as loaded.

    Returns
    -------
    ColumnInfo
    """
    name = str(series.name)
    n_missing = int(series.isna().sum())
    present = series.dropna()
    n_present = len(present)

    def info(kind: ColumnKind, reason: str, n_unique: int, date_format: str | None = None):
        return ColumnInfo(name, kind, reason, n_missing, n_unique, date_format)

    if n_present == 0:
        return info(ColumnKind.CONSTANT, "Every value is missing.", 0)
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = present.astype("str")
    n_unique = int(present.nunique())
    if n_unique == 1:
        only = _short(present.iloc[0])
        return info(
            ColumnKind.CONSTANT, f"Only one distinct value ({only}) in {n_present:,} rows.", 1
        )
    if pd.api.types.is_bool_dtype(series.dtype):
        return info(ColumnKind.BOOLEAN, "Stored as true/false values.", n_unique)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return info(ColumnKind.DATETIME, "Stored as dates/times.", n_unique)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return _infer_numeric(present, name, n_unique, info)
    return _infer_text(present.astype("str"), name, n_unique, info)


def _infer_numeric(present: pd.Series, name: str, n_unique: int, info) -> ColumnInfo:
    values = present.to_numpy(dtype="float64")
    if n_unique == 2 and set(np.unique(values)) <= {0.0, 1.0}:
        return info(ColumnKind.BOOLEAN, "Only the values 0 and 1.", n_unique)
    whole = bool(np.all(np.isfinite(values)) and np.all(values == np.round(values)))
    unique_share = n_unique / len(values)
    if whole and unique_share >= _ID_UNIQUE_SHARE and len(values) >= _MIN_ROWS_FOR_IDENTIFIER:
        consecutive = unique_share == 1.0 and values.max() - values.min() + 1 == n_unique
        if _ID_NAME.search(name) or consecutive:
            evidence = (
                "the name looks like an identifier"
                if _ID_NAME.search(name)
                else "the values are consecutive whole numbers, like row numbers"
            )
            return info(
                ColumnKind.IDENTIFIER,
                f"Looks like an identifier: {n_unique:,} distinct values in {len(values):,} "
                f"rows and {evidence}.",
                n_unique,
            )
    if whole and n_unique <= 10:
        return info(
            ColumnKind.NUMERIC,
            f"Whole numbers with only {n_unique} distinct values; they could also be treated "
            "as categories if the numbers are labels rather than amounts.",
            n_unique,
        )
    detail = "whole numbers" if whole else "numbers"
    return info(ColumnKind.NUMERIC, f"Stored as {detail} ({n_unique:,} distinct values).", n_unique)


def _infer_text(present: pd.Series, name: str, n_unique: int, info) -> ColumnInfo:
    stripped = present.str.strip()
    lowered_unique = set(stripped.str.lower().unique())
    is_yes_no = lowered_unique <= _TRUE_WORDS | _FALSE_WORDS
    if is_yes_no and lowered_unique & _TRUE_WORDS and lowered_unique & _FALSE_WORDS:
        shown = ", ".join(sorted(_short(v) for v in stripped.unique())[:4])
        return info(ColumnKind.BOOLEAN, f"Text values that mean yes/no ({shown}).", n_unique)

    numbers, style = parse_numbers(stripped)
    parsed_share = float(numbers.notna().mean())
    leading_zeros = float(stripped.str.match(_LEADING_ZERO).mean())
    if parsed_share >= _SHARE_TO_ACCEPT and leading_zeros < 0.05:
        failures = stripped[numbers.isna()]
        reason = f"Stored as text, but {parsed_share:.0%} of values are numbers"
        reason += f" ({style})." if style else "."
        if len(failures):
            examples = ", ".join(_short(v) for v in failures.unique()[:3])
            noun = (
                "value that is not a number"
                if len(failures) == 1
                else "values that are not numbers"
            )
            reason += f" {len(failures):,} {noun} ({examples}) will become missing."
        numeric_info = _infer_numeric(numbers.dropna(), name, int(numbers.nunique()), info)
        if numeric_info.kind is ColumnKind.NUMERIC:
            return info(ColumnKind.NUMERIC, reason, n_unique)
        return numeric_info

    date_format, date_share = _best_date_format(stripped)
    if date_format is not None and date_share >= _SHARE_TO_ACCEPT:
        reason = f"{date_share:.0%} of values read as dates"
        reason += "." if date_format == "ISO8601" else f" in the format {date_format}."
        if date_format.startswith("%m/%d") or date_format.startswith("%m-%d"):
            reason += " Month-first was assumed where day and month were ambiguous."
        return info(ColumnKind.DATETIME, reason, n_unique, date_format)

    n_present = len(stripped)
    words = stripped.str.split().str.len()
    mean_words = float(words.mean())
    unique_share = n_unique / n_present
    # Near-unique rather than unique: duplicated rows repeat their ID.
    if unique_share >= _ID_UNIQUE_SHARE and n_present >= _MIN_ROWS_FOR_IDENTIFIER:
        looks_like_codes = mean_words <= 1.0 and float(stripped.str.len().max()) <= 64
        if _ID_NAME.search(name) or (looks_like_codes and unique_share == 1.0):
            evidence = (
                "every value is different"
                if unique_share == 1.0
                else "almost every value is different"
            )
            return info(
                ColumnKind.IDENTIFIER,
                f"Looks like an identifier: {evidence} ({n_unique:,} distinct in "
                f"{n_present:,} rows) and the values are codes, not descriptions.",
                n_unique,
            )
    if leading_zeros >= 0.05 and parsed_share >= _SHARE_TO_ACCEPT:
        return info(
            ColumnKind.CATEGORICAL,
            f"Digits with leading zeros ({leading_zeros:.0%} of values, e.g. postal codes): "
            "kept as codes, not amounts.",
            n_unique,
        )
    # After postal codes: those group places (rows share them), even when many are rare.
    id_like = _id_like_text(stripped, n_unique, mean_words)
    if id_like:
        return info(ColumnKind.IDENTIFIER, id_like, n_unique)
    if mean_words >= 4 and (unique_share >= 0.3 or n_unique > 100):
        return info(
            ColumnKind.TEXT,
            f"Free text: values average {mean_words:.1f} words and {unique_share:.0%} are "
            "different.",
            n_unique,
        )
    if 0.5 <= parsed_share < _SHARE_TO_ACCEPT:
        if values_are_codes(stripped):
            # Mostly distinct values are codes with digits in them, not amounts: read as
            # numbers, the codes with letters would silently become missing.
            return info(
                ColumnKind.CATEGORICAL,
                f"Mixed: {parsed_share:.0%} of values are numbers but the rest are text, and "
                f"{unique_share:.0%} of values are different, like codes; it is kept as text "
                f"(read as numbers, the other {1 - parsed_share:.0%} would become missing).",
                n_unique,
            )
        return info(
            ColumnKind.CATEGORICAL,
            f"Mixed: {parsed_share:.0%} of values are numbers but the rest are text, so it is "
            "kept as text. Fix the odd values, or set the kind to numeric to turn them into "
            "missing values.",
            n_unique,
        )
    many = " (many distinct values)" if n_unique > 50 else ""
    return info(ColumnKind.CATEGORICAL, f"Text with {n_unique:,} distinct values{many}.", n_unique)


def values_are_codes(values: pd.Series) -> bool:
    """Whether text mixing numbers and words holds codes rather than amounts with typos.

    Codes ("A/5 21171", "PC 17599", "113803") are mostly different from one another and their
    numbers are whole; amounts with a few typos (21.35, 19.80, "err") have fractions. Reading
    codes as numbers would turn every code with a letter in it into a missing value, so advice
    must never suggest it.

    Parameters
    ----------
    values : pandas.Series
        The column's text values (missing allowed).

    Returns
    -------
    bool
    """
    present = values.dropna().astype("str").str.strip()
    if not len(present) or present.nunique() / len(present) < CODE_UNIQUE_SHARE:
        return False
    numbers = parse_numbers(present)[0].dropna()
    return bool((numbers == numbers.round()).all())


def _id_like_text(values: pd.Series, n_unique: int, mean_words: float) -> str:
    """Why near-unique names or codes are ID-like ("" when they are not).

    Names (short, capitalised words, almost all different: "Braund, Mr. Owen Harris") and
    codes with digits that most rows do not share ("A/5 21171", "PC 17599", "113803") name a
    row rather than describe it: a model can only memorise them. Real categories repeat their
    values, and free text (a review) is longer and mostly lower-case.
    """
    n_present = len(values)
    if n_present < _MIN_ROWS_FOR_IDENTIFIER:
        return ""
    sample = values.sample(n=min(n_present, _SAMPLE_FOR_WORDS), random_state=0)
    unique_share = n_unique / n_present
    if unique_share >= _ID_UNIQUE_SHARE and mean_words <= _NAME_MAX_WORDS:
        first_letters = sample.str.split().explode().dropna().str[0]
        alphabetic = first_letters.str.isalpha()
        first_letters = first_letters[alphabetic]
        capitalised = float(first_letters.str.isupper().mean()) if len(first_letters) else 0.0
        wordy = float(alphabetic.mean()) >= _NAME_CAPITALISED_SHARE  # names, not numbers
        if wordy and capitalised >= _NAME_CAPITALISED_SHARE and values.str.len().max() <= 100:
            return (
                f"Looks like names that identify rows: {unique_share:.0%} of values are different "
                f"({n_unique:,} in {n_present:,} rows) and {capitalised:.0%} of their words are "
                "capitalised, like people's or products' names."
            )
    if n_present < _MIN_ROWS_FOR_CODES or mean_words > _CODE_MAX_WORDS:
        return ""
    counts = values.value_counts()
    once = float(counts[counts == 1].sum()) / n_present
    with_digits = float(sample.str.contains(r"\d", regex=True).mean())
    numbers = parse_numbers(sample)[0].dropna()
    # Amounts with a few text values (readings 21.3, 19.8, "err") are not codes: the numbers
    # of a code column are whole and long (ticket 113803), not measurements.
    long_whole = not len(numbers) or (
        bool((numbers == numbers.round()).all())
        and float(np.median(np.log10(np.maximum(numbers.abs(), 1)))) >= _CODE_MIN_DIGITS - 1
    )
    short = float(values.str.len().max()) <= 32
    if once >= CODE_UNIQUE_SHARE and with_digits >= 0.5 and long_whole and short:
        examples = ", ".join(_short(v) for v in counts.index[counts == 1][:3])
        return (
            f"Looks like codes that identify rows: {once:.0%} of rows hold a value no other row "
            f"has ({n_unique:,} distinct in {n_present:,} rows, e.g. {examples})."
        )
    return ""


def parse_numbers(values: pd.Series, decimal: str | None = None) -> tuple[pd.Series, str]:
    """Parse text that holds numbers, tolerating thousands separators, currency and percent.

    Parameters
    ----------
    values : pandas.Series
        Text values (missing allowed).
    decimal : {".", ","} or None, default=None
        The decimal mark. None decides from the values: the notation most of them fit
        (``1,234.5`` or ``1.234,5``). Predictions pin the mark training used, so a handful of
        new values cannot be read in the other notation.

    Returns
    -------
    numbers : pandas.Series of float64
        The parsed numbers; values that are not numbers become NaN.
    style : str
        A short description of the notation that was recognised ("" for plain numbers).
    """
    text = values.astype("str").str.replace(_CURRENCY_AND_SPACES, "", regex=True)
    percent = text.str.endswith("%", na=False)
    text = text.str.removesuffix("%")
    if decimal is None:
        sample = text.dropna().head(2_000)
        us_votes = int(sample.str.match(_US_STYLE).sum())
        eu_votes = int(sample.str.match(_EU_STYLE).sum())
        decimal = "," if eu_votes > us_votes else "."
    style = ""
    if decimal == ",":
        # Values that don't fit the notation (e.g. an IP address "192.168.1.5") are not numbers.
        fits = text.str.match(_EU_NUMBER, na=False)
        text = text.where(fits).str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        style = "with decimal commas, like '1.234,5'"
    else:
        fits = text.str.match(_US_NUMBER, na=False)
        if text.where(fits).str.contains(",", regex=False, na=False).any():
            style = "with thousands separators, like '1,234'"
        text = text.where(fits).str.replace(",", "", regex=False)
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    if percent.any():
        numbers = numbers.where(~percent, numbers / 100.0)
        style = (style + "; " if style else "") + "percentages divided by 100"
    return numbers, style


def _best_date_format(values: pd.Series) -> tuple[str | None, float]:
    unique = pd.Series(values.unique())
    sample = unique.sample(n=min(_SAMPLE_FOR_DATES, len(unique)), random_state=0).reset_index(
        drop=True
    )
    if not sample.str.contains(_DATE_HINT, na=False).mean() >= 0.5:
        return None, 0.0
    best, best_share = None, 0.0
    for fmt in _DATE_FORMATS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        share = float(parsed.notna().mean())
        if share > best_share:
            best, best_share = fmt, share
        if share == 1.0:
            break
    return best, best_share


# --- conversion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindConversion:
    """A frame converted to its column kinds, and what the conversion lost.

    Parameters
    ----------
    frame : pandas.DataFrame
        A new frame; numeric → float/int, boolean → ``boolean``, datetime → ``datetime64``,
        categorical/text/identifier → ``str``; constant columns are left as they were.
    lost_values : mapping of str to int
        Per column, how many present values could not be converted and became missing.
    """

    frame: pd.DataFrame
    lost_values: Mapping[str, int]


def apply_column_kinds(frame: pd.DataFrame, columns: Sequence[ColumnInfo]) -> KindConversion:
    """Convert each column to the representation of its kind.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as loaded; not modified.
    columns : sequence of ColumnInfo
        The kinds to apply (from :func:`infer_column_kinds`), matched by name.

    Returns
    -------
    KindConversion
    """
    converted = {}
    lost = {}
    for info in columns:
        if info.name not in frame.columns:
            continue
        original = frame[info.name]
        new = convert_column(original, info.kind, info.date_format)
        converted[info.name] = new
        n_lost = int((new.isna() & original.notna()).sum())
        if n_lost:
            lost[info.name] = n_lost
    result = frame.assign(**converted) if converted else frame.copy()
    return KindConversion(frame=result, lost_values=MappingProxyType(lost))


def convert_column(series: pd.Series, kind: str, date_format: str | None = None) -> pd.Series:
    """Convert one column to the representation of its kind; values that do not fit become missing.

    Parameters
    ----------
    series : pandas.Series
        The column as loaded; not modified.
    kind : str
        A :class:`ColumnKind` value.
    date_format : str or None, default=None
        The ``strptime`` format of a datetime column stored as text (None: parse mixed formats).

    Returns
    -------
    pandas.Series
    """
    kind = ColumnKind(kind)
    is_text = not (
        pd.api.types.is_numeric_dtype(series.dtype)
        or pd.api.types.is_datetime64_any_dtype(series.dtype)
    )
    if kind is ColumnKind.NUMERIC:
        if pd.api.types.is_bool_dtype(series.dtype):
            return series.astype("Float64").astype("float64")
        if not is_text:
            if pd.api.types.is_datetime64_any_dtype(series.dtype):
                return pd.Series(np.nan, index=series.index, name=series.name)
            return _finite(series)
        return _finite(parse_numbers(series.astype("str").str.strip())[0])
    if kind is ColumnKind.BOOLEAN:
        if pd.api.types.is_bool_dtype(series.dtype):
            return series.astype("boolean")
        words = series.astype("str").str.strip().str.lower()
        words = words.str.replace(r"\.0+$", "", regex=True)  # 1.0/0.0 from float columns
        mapped = words.map(
            lambda w: True if w in _TRUE_WORDS else False if w in _FALSE_WORDS else None
        )
        return mapped.astype("boolean")
    if kind is ColumnKind.DATETIME:
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return series
        text = series.astype("str").str.strip()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.to_datetime(text, format=date_format or "mixed", errors="coerce")
    if kind in (ColumnKind.CATEGORICAL, ColumnKind.TEXT, ColumnKind.IDENTIFIER):
        return _as_text(series)
    return series


_NUMBER_VALUES = frozenset({"integer", "floating", "mixed-integer-float", "decimal"})


def convert_target(series: pd.Series, kind: str, date_format: str | None = None) -> pd.Series:
    """Convert the target column, keeping its labels as the file wrote them.

    Features are converted for the model (:func:`convert_column`: a 0/1 column becomes
    True/False, whole numbers with a gap become 0.0/1.0). The target's values are the classes
    the person reads on every page, in every download and in the positive class of the recipe,
    so they stay as written: 0/1 stays 0/1 (even when some cells are missing), yes/no stays
    yes/no, True/False stays True/False, and text stays text.

    Parameters
    ----------
    series : pandas.Series
        The target column as loaded; not modified.
    kind : str
        Its :class:`ColumnKind` value (inferred or chosen).
    date_format : str or None, default=None
        As for :func:`convert_column`.

    Returns
    -------
    pandas.Series
        Whole numbers as ``int64`` (``Int64`` while some are missing), other numbers as
        ``float64``; true/false values as ``bool`` (``boolean`` while some are missing); yes/no
        text as the text, trimmed; anything else as :func:`convert_column` makes it.

    Examples
    --------
    >>> import pandas as pd
    >>> convert_target(pd.Series([1.0, 0.0, None]), "boolean").tolist()
    [1, 0, <NA>]
    """
    kind = ColumnKind(kind)
    if kind not in (ColumnKind.BOOLEAN, ColumnKind.NUMERIC):
        return convert_column(series, kind, date_format)
    if pd.api.types.is_bool_dtype(series.dtype):
        return series
    held = pd.api.types.infer_dtype(series, skipna=True)
    if held == "boolean":
        # True/False with missing cells is read as an object column.
        return series.astype("boolean")
    if kind is ColumnKind.BOOLEAN and held not in _NUMBER_VALUES:
        # yes/no written as text: the words are the labels ("yes", not True).
        return series.astype("str").str.strip()
    numbers = convert_column(series, ColumnKind.NUMERIC)
    values = numbers.dropna().to_numpy(dtype="float64")
    if len(values) and np.all(values == np.round(values)) and np.all(np.abs(values) < 2**53):
        # Whole numbers are labels or counts: 1, not 1.0 (a missing cell made them floats).
        return numbers.astype("Int64" if numbers.isna().any() else "int64")
    return numbers


def _finite(numbers: pd.Series) -> pd.Series:
    # "inf" in a file is not a quantity any model can learn from (imputers keep it, and every
    # estimator then refuses the table); it becomes missing, and is counted as a lost value.
    if pd.api.types.is_float_dtype(numbers.dtype) and np.isinf(numbers.to_numpy()).any():
        return numbers.mask(np.isinf(numbers.to_numpy()))
    return numbers


def _as_text(series: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(series.dtype):
        values = series.to_numpy(dtype="float64")
        finite = values[np.isfinite(values)]
        if np.all(finite == np.round(finite)):
            # 3.0 → "3": whole numbers stored as float because of missing values.
            return series.astype("Int64").astype("str")
    return series.astype("str")


def _check_kind(name: str, kind: str) -> None:
    allowed = [k.value for k in ColumnKind]
    if kind not in allowed:
        raise RecipeError(
            f"The column kind {kind!r} for column {name!r} is not known.",
            f"Allowed kinds are: {', '.join(allowed)}.",
            "Choose one of those kinds.",
        )


def _short(value: object, limit: int = 30) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
