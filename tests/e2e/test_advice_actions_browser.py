"""One-click advice actions stick in a real browser (chromium driven by Playwright).

AppTest reads a widget's value from the server, but a browser keeps its own copy of every
keyed widget's value and sends it back with the next interaction, so an action whose result
the page does not push to the browser is undone by the next click. These tests watch what
the browser shows and what it sends back.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import click as _click
from tests.e2e.conftest import open_page as _open

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api").expect


def _tutorial(page) -> None:
    """Load the teaching table and confirm the problem, as the tutorial's first steps do."""
    _click(page, page.get_by_role("button", name=re.compile("Start the tutorial")))
    _open(page, "Problem")
    expect(_metric(page)).to_be_visible()


def _dropped(page):
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text="Columns to drop")


def _metric(page):
    return page.get_by_role("combobox", name=re.compile("^Primary metric"))


def _keep(page, column: str) -> None:
    """Take a column back out of the Problem page's left-out list (its tag's delete button)."""
    exclude = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Columns to leave")
    _click(page, exclude.get_by_role("button", name=f"Remove {column}"))
    expect(exclude).not_to_contain_text(column)


def test_drop_advice_survives_the_clean_form(page) -> None:
    _tutorial(page)
    _keep(page, "cancellation_reason")  # left out by default; kept, the Clean advice drops it
    _open(page, "Clean")
    drop = page.get_by_role("button", name=re.compile("Drop ‘cancellation_reason’"))
    expect(_dropped(page)).not_to_contain_text("cancellation_reason")
    _click(page, drop)
    expect(_dropped(page)).to_contain_text("cancellation_reason")
    _click(page, page.get_by_role("button", name="Apply these fixes"))  # unchanged
    expect(drop).to_have_count(0)  # the column is gone, so is the advice
    expect(_dropped(page)).to_contain_text("cancellation_reason")


def test_metric_advice_survives_the_next_interaction(page) -> None:
    _tutorial(page)
    _click(page, _metric(page))
    _click(page, page.get_by_role("option", name=re.compile("^Accuracy")))
    expect(_metric(page)).to_have_value(re.compile("^Accuracy"))
    _click(page, page.get_by_role("button", name=re.compile("Use F1")))
    expect(_metric(page)).to_have_value(re.compile("^F1"))
    # Any other interaction sends every widget's browser-side value back to the server.
    _click(page, page.get_by_role("button", name="Leave out the suggested columns"))
    exclude = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Columns to leave")
    expect(exclude).to_contain_text("customer_id")
    expect(_metric(page)).to_have_value(re.compile("^F1"))
    _open(page, "Explore")
    _open(page, "Problem")
    expect(_metric(page)).to_have_value(re.compile("^F1"))
