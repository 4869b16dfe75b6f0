"""Tests of core.deliver._report_view: the report's blocks, laid out by Jinja2 templates."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from core.deliver._report_view import (
    _ENVIRONMENT,
    Bullets,
    Chart,
    Paragraph,
    Section,
    num,
    render_page,
    table,
)

EVIL = "<script>alert('x')</script>"


def _page(*blocks) -> str:
    return render_page(
        {
            "title": EVIL,
            "date": "2026-03-01",
            "dataset_label": EVIL,
            "sections": [("summary", "Summary")],
            "body": [Section("summary", "Summary", list(blocks))],
        }
    )


def test_report_templates_escape_every_value() -> None:
    assert _ENVIRONMENT.autoescape is True
    document = _page(
        Paragraph(EVIL, "note"),
        table([EVIL], [(EVIL,)], caption=EVIL),
        Bullets([EVIL], heading=EVIL, intro=EVIL),
    )
    assert "<script>" not in document
    # Quotes are spelled as html.escape spells them, as the report always has.
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in document


def test_report_templates_trust_only_chart_markup() -> None:
    figure = Markup('<div id="chart-1"></div><script>Plotly.newPlot("chart-1")</script>')
    document = _page(Chart(EVIL, EVIL, figure, note=EVIL))
    assert str(figure) in document
    assert document.count("<script>") == 1


def test_report_templates_refuse_a_missing_value() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render_page({"title": "t"})


def test_report_blocks_are_joined_one_per_line() -> None:
    document = _page(Paragraph("one"), Paragraph("two", "absent"))
    assert '<h2>Summary</h2>\n<p>one</p>\n<p class="absent">two</p>\n</section>' in document
    assert document.endswith("</html>\n")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.12345, "0.123"), (123.45, "123.5"), (12345.6, "12,346"), (float("nan"), "n/a")],
    ids=["small", "hundreds", "thousands", "nan"],
)
def test_num_writes_scores_for_people(value: float, shown: str) -> None:
    assert num(value) == shown
