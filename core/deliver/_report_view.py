"""The report's view model and its rendering: plain blocks laid out by Jinja2 templates.

The report's sections are lists of blocks (a paragraph, a table, a list...) holding plain values
that Python computed; ``templates/report.html.j2`` and its macros lay them out. Autoescaping is
on, so every value from the person or their data (file and column names, class labels, the note)
is escaped by the template; only plotly's figure HTML is marked safe. The number formats the
report uses everywhere live here too.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from core.understand import METRICS

MAX_TABLE_ROWS = 200  # column and importance tables; longer ones say how many were left out
MAX_LISTED_CLASSES = 20
MAX_LISTED_COLUMNS = 12


# --- blocks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """Plain text; ``css`` is one of "note", "absent", "skipped", "summary", "verdict"."""

    kind: ClassVar[str] = "paragraph"
    text: str
    css: str | None = None


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str


@dataclass(frozen=True)
class Table:
    """Headers and rows of plain values; columns in ``numeric`` are right-aligned."""

    kind: ClassVar[str] = "table"
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    numeric: frozenset[int] = frozenset()
    caption: str | None = None


@dataclass(frozen=True)
class Facts:
    """A two-column table of labelled values."""

    kind: ClassVar[str] = "facts"
    rows: Sequence[tuple[str, object]]


@dataclass(frozen=True)
class Bullets:
    """A bulleted list, optionally right after a heading or an introducing note."""

    kind: ClassVar[str] = "bullets"
    items: Sequence[str]
    heading: str | None = None
    intro: str | None = None


@dataclass(frozen=True)
class FindingItem:
    severity: str
    title: str
    detail: str
    action: str


@dataclass(frozen=True)
class Findings:
    kind: ClassVar[str] = "findings"
    items: Sequence[FindingItem]


@dataclass(frozen=True)
class PersonalNote:
    """The person's own note, one entry per line."""

    kind: ClassVar[str] = "note"
    lines: Sequence[str]


@dataclass(frozen=True)
class Preformatted:
    kind: ClassVar[str] = "preformatted"
    text: str
    css: str | None = None
    code: bool = False


@dataclass(frozen=True)
class Chart:
    """A drawn figure: ``figure`` is plotly's HTML, the only markup the report trusts."""

    kind: ClassVar[str] = "chart"
    title: str
    how_to_read: str
    figure: Markup
    note: str | None = None


Block = (
    Paragraph | Heading | Table | Facts | Bullets | Findings | PersonalNote | Preformatted | Chart
)


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: Sequence[Block] = field(default_factory=tuple)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    caption: str | None = None,
) -> Table:
    """A :class:`Table` (rows are read once, so generators are fine)."""
    return Table(tuple(headers), [tuple(r) for r in rows], frozenset(numeric), caption)


def absent(text: str) -> Paragraph:
    """A sentence saying what is not in the report and why."""
    return Paragraph(text, "absent")


# --- rendering -------------------------------------------------------------------------------


def _escape(value: Any) -> Any:
    # Autoescaping escapes whatever this returns unless it is Markup. html.escape spells quotes
    # as the report always has (&#x27;, &quot;), so documents stay byte-identical.
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    finalize=_escape,
    keep_trailing_newline=True,
)


def render_page(context: Mapping[str, Any]) -> str:
    """The report document from its view model (see ``templates/report.html.j2``)."""
    return _ENVIRONMENT.get_template("report.html.j2").render(context)


# --- numbers and words -----------------------------------------------------------------------


def num(value: object) -> str:
    """A score for people: 3 decimals, fewer for large values; "n/a" when missing."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:.3f}"


def score(key: str, value: object) -> str:
    """A score of metric ``key`` as :func:`num` writes it, MAPE as a percentage ("8.412 %")."""
    shown = num(value)
    metric = METRICS.get(key)
    if shown == "n/a" or metric is None or not metric.percent:
        return shown
    return f"{num(metric.shown(float(value)))} %"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def names(values: Sequence[object], most: int = MAX_LISTED_COLUMNS) -> str:
    shown = ", ".join(str(n) for n in values[:most])
    left = len(values) - most
    return shown + (f" and {left:,} more" if left > 0 else "")


def metric_label(key: str) -> str:
    return METRICS[key].label if key in METRICS else key


def direction(key: str) -> str:
    higher = METRICS[key].greater_is_better if key in METRICS else True
    return "higher is better" if higher else "lower is better"


def beats(key: str, model: float, baseline: float) -> bool:
    higher = METRICS[key].greater_is_better if key in METRICS else True
    return model > baseline if higher else model < baseline
