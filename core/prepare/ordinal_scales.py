"""Known ordered scales, the order they suggest for a categorical column, and typed orders.

Quality words, school grades, clothing sizes, low/medium/high, how often, how much one agrees,
education levels: a categorical column whose values all sit on one of these scales has an
order a model can use ("more" and "less") that one-hot encoding throws away.
:func:`suggest_order` recognises such a column — ignoring case, spaces, hyphens and
underscores — and proposes its values in the column's own spelling, lowest first
(:func:`spelling_clashes` says when two spellings of one level stand in the way);
:func:`parse_order` reads an order a person typed (one value per line, or separated by
commas) and checks it against the column's values.

Suggesting learns nothing into a model: the person chooses to use the order, like a category
merge, and the ordinal encoder that applies it is a pipeline step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.errors import ModelPathError

__all__ = [
    "SCALES",
    "OrderError",
    "OrderSuggestion",
    "Scale",
    "SpellingClash",
    "parse_order",
    "spelling_clashes",
    "suggest_order",
    "suggest_orders",
]


class OrderError(ModelPathError):
    """A typed order does not fit the column's values."""


@dataclass(frozen=True)
class Scale:
    """An ordered scale: its levels from lowest to highest, each with its spellings.

    Parameters
    ----------
    name : str
        What the scale is, in plain words ("quality words").
    levels : tuple of tuple of str
        Lowest level first; each level lists the spellings that mean it, already in the
        normalised form (lower case, single spaces, no apostrophes).
    """

    name: str
    levels: tuple[tuple[str, ...], ...]

    def rank_of(self, value: str) -> int | None:
        """The level of a value (0 is the lowest), or ``None`` when it is not on the scale."""
        key = _normalise(value)
        for rank, spellings in enumerate(self.levels):
            if key in spellings:
                return rank
        return None


def _grades() -> tuple[tuple[str, ...], ...]:
    # F (or E) lowest, A+ highest; "A-" < "A" < "A+" within a letter.
    levels: list[tuple[str, ...]] = [("f",), ("e",)]
    for letter in "dcba":
        levels += [(f"{letter}-",), (letter,), (f"{letter}+",)]
    return tuple(levels)


#: The scales :func:`suggest_order` knows, tried in this order (the first that places every
#: value wins). Levels run from lowest to highest.
SCALES: tuple[Scale, ...] = (
    Scale(
        "quality words",
        (
            ("very poor", "very bad", "terrible"),
            ("poor", "bad"),
            ("fair",),
            ("average", "ok", "okay", "satisfactory"),
            ("good",),
            ("very good",),
            ("premium",),
            ("ideal",),
            ("excellent", "outstanding"),
        ),
    ),
    Scale(
        "plan tiers",
        (
            ("free",),
            ("basic", "starter"),
            ("standard", "std"),
            ("plus",),
            ("premium", "pro"),
            ("enterprise",),
        ),
    ),
    Scale("letter grades", _grades()),
    Scale(
        "sizes",
        (
            ("xxs", "2xs"),
            ("xs", "extra small"),
            ("s", "small"),
            ("m", "medium", "med"),
            ("l", "large"),
            ("xl", "extra large"),
            ("xxl", "2xl"),
            ("xxxl", "3xl"),
        ),
    ),
    Scale(
        "levels",
        (
            ("very low",),
            ("low",),
            ("medium", "moderate", "mid", "med"),
            ("high",),
            ("very high",),
        ),
    ),
    Scale(
        "how often",
        (
            ("never",),
            ("rarely", "seldom"),
            ("sometimes", "occasionally"),
            ("often", "frequently", "usually"),
            ("always",),
        ),
    ),
    Scale(
        "agreement",
        (
            ("strongly disagree",),
            ("disagree",),
            ("neutral", "neither agree nor disagree"),
            ("agree",),
            ("strongly agree",),
        ),
    ),
    Scale(
        "satisfaction",
        (
            ("very dissatisfied", "very unsatisfied"),
            ("dissatisfied", "unsatisfied"),
            ("neutral",),
            ("satisfied",),
            ("very satisfied",),
        ),
    ),
    Scale(
        "likelihood",
        (
            ("very unlikely",),
            ("unlikely",),
            ("neutral",),
            ("likely",),
            ("very likely",),
        ),
    ),
    Scale(
        "skill levels",
        (
            ("beginner", "novice"),
            ("intermediate",),
            ("advanced",),
            ("expert",),
        ),
    ),
    Scale(
        "education levels",
        (
            ("none", "no schooling"),
            ("primary", "primary school", "elementary", "elementary school"),
            ("secondary", "high school", "secondary school", "hs"),
            ("some college",),
            ("associate", "associates", "associate degree", "associates degree"),
            ("bachelor", "bachelors", "bachelor degree", "bachelors degree", "ba", "bsc", "bs"),
            ("master", "masters", "master degree", "masters degree", "ma", "msc", "ms"),
            ("doctorate", "phd", "doctoral"),
        ),
    ),
)


def _normalise(value: object) -> str:
    """Lower case, apostrophes gone, hyphens and underscores between words as spaces."""
    text = str(value).strip().lower().replace("'", "").replace("’", "")
    text = re.sub(r"(?<=\w)[-_](?=\w)", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class OrderSuggestion:
    """An order suggested for one column because its values sit on a known scale.

    Parameters
    ----------
    column : str
        The column.
    scale : str
        The scale's name, e.g. ``"quality words"``.
    order : tuple of str
        The column's own values, lowest first.
    """

    column: str
    scale: str
    order: tuple[str, ...]

    @property
    def text(self) -> str:
        """The order in one line, e.g. ``"Fair < Good < Ideal"``."""
        return " < ".join(self.order)


def _distinct(values: Iterable[object]) -> list[str]:
    series = pd.Series(list(values), dtype=object).dropna()
    return list(dict.fromkeys(str(v) for v in series))


def _placed(distinct: list[str]) -> tuple[Scale, list[int]] | None:
    """The first scale that places every value, with each value's level."""
    for scale in SCALES:
        ranks = [scale.rank_of(value) for value in distinct]
        if all(rank is not None for rank in ranks):
            return scale, ranks  # type: ignore[return-value]
    return None


def suggest_order(values: Iterable[object], *, column: str = "") -> OrderSuggestion | None:
    """Suggest an order for a column when every one of its values is on one known scale.

    Parameters
    ----------
    values : iterable
        The column's values (missing values are ignored; repeats are fine).
    column : str, default=""
        The column's name, carried into the suggestion.

    Returns
    -------
    OrderSuggestion or None
        ``None`` when fewer than two distinct values, when some value is on no scale with
        the others, or when two spellings mean one level ("Good" and "good": see
        :func:`spelling_clashes`), as an order gives each value its own position. Every
        value must fit: a value the order leaves out could not be encoded.

    Examples
    --------
    >>> suggest_order(["Ideal", "Fair", "very-good", "Ideal"], column="cut").order
    ('Fair', 'very-good', 'Ideal')
    >>> suggest_order(["Good", "Ideal", "banana"]) is None
    True
    """
    distinct = _distinct(values)
    placed = _placed(distinct) if len(distinct) >= 2 else None
    if placed is None:
        return None
    scale, ranks = placed
    if len(set(ranks)) < len(ranks):
        return None
    order = tuple(value for _, value in sorted(zip(ranks, distinct, strict=True)))
    return OrderSuggestion(column=column, scale=scale.name, order=order)


@dataclass(frozen=True)
class SpellingClash:
    """A column that would fit a known scale if its spellings of one level agreed.

    Parameters
    ----------
    column : str
        The column.
    scale : str
        The scale it would fit.
    groups : tuple of tuple of str
        The values that mean one level, per level with more than one spelling.
    """

    column: str
    scale: str
    groups: tuple[tuple[str, ...], ...]


def spelling_clashes(values: Iterable[object], *, column: str = "") -> SpellingClash | None:
    """Spellings of one level ("Basic", "basic ") that keep a column from an order.

    Parameters
    ----------
    values : iterable
        The column's values (missing values are ignored).
    column : str, default=""
        The column's name, carried into the result.

    Returns
    -------
    SpellingClash or None
        ``None`` unless every value is on one scale and some level has two spellings.

    Examples
    --------
    >>> spelling_clashes(["low", "Low", "high"], column="risk").groups
    (('low', 'Low'),)
    """
    distinct = _distinct(values)
    placed = _placed(distinct) if len(distinct) >= 2 else None
    if placed is None:
        return None
    scale, ranks = placed
    by_level: dict[int, list[str]] = {}
    for rank, value in zip(ranks, distinct, strict=True):
        by_level.setdefault(rank, []).append(value)
    groups = tuple(tuple(group) for _, group in sorted(by_level.items()) if len(group) > 1)
    if not groups or len(by_level) < 2:
        return None
    return SpellingClash(column=column, scale=scale.name, groups=groups)


def suggest_orders(
    frame: pd.DataFrame, columns: Iterable[str]
) -> dict[str, OrderSuggestion | SpellingClash]:
    """Suggested orders, or the spellings in the way of one, for columns of a table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (e.g. the cleaned table, so merged spellings count once).
    columns : iterable of str
        The categorical columns to look at; names absent from ``frame`` are skipped.

    Returns
    -------
    dict of str to OrderSuggestion or SpellingClash
        Only the columns that fit a known scale, in the given order: an
        :class:`OrderSuggestion`, or a :class:`SpellingClash` when spellings must be tidied
        first.
    """
    out: dict[str, OrderSuggestion | SpellingClash] = {}
    for column in columns:
        if column not in frame.columns:
            continue
        found = suggest_order(frame[column], column=column) or spelling_clashes(
            frame[column], column=column
        )
        if found is not None:
            out[column] = found
    return out


def parse_order(text: str, values: Iterable[object], *, column: str) -> tuple[str, ...]:
    """Read an order typed as one value per line, or separated by commas, lowest first.

    Parameters
    ----------
    text : str
        The typed order. With more than one line, each line is one value (so values may
        contain commas); on a single line, commas separate the values. Surrounding spaces
        and empty entries are ignored.
    values : iterable
        The column's values (missing values ignored); the order must place each of them.
    column : str
        The column's name, for messages.

    Returns
    -------
    tuple of str
        The order, lowest first, in the column's spelling.

    Raises
    ------
    OrderError
        When the order names a value the column does not have, leaves one of its values
        out, names a value twice or has fewer than two values; the message names them.

    Examples
    --------
    >>> parse_order("small, medium, large", ["large", "small", "medium"], column="size")
    ('small', 'medium', 'large')
    """
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    entries = lines if len(lines) > 1 else [e.strip() for e in "".join(lines).split(",")]
    entries = [entry for entry in entries if entry]
    known = _distinct(values)
    repeated = sorted({e for e in entries if entries.count(e) > 1})
    unknown = [e for e in dict.fromkeys(entries) if e not in known]
    missing = [v for v in known if v not in entries]
    problems = []
    if unknown:
        problems.append(f"{_listed(unknown)} {'is' if len(unknown) == 1 else 'are'} not a value")
    if missing:
        problems.append(f"{_listed(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    if repeated:
        problems.append(f"{_listed(repeated)} appear{'s' if len(repeated) == 1 else ''} twice")
    if problems:
        raise OrderError(
            f"The order for {column!r} does not fit its values: " + "; ".join(problems) + ".",
            f"An order places every value of the column exactly once; {column!r} has "
            f"{len(known)} value(s): {_listed(known)}.",
            "Write each value once, lowest first, one per line or separated by commas, "
            "spelled as in the column.",
        )
    if len(entries) < 2:
        raise OrderError(
            f"The order for {column!r} has {len(entries)} value(s).",
            "An order needs at least two values to say which is lower.",
            "Write the column's values lowest first, one per line or separated by commas.",
        )
    return tuple(entries)


def _listed(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
