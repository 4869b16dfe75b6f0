"""Journeys through the real app in a real browser (Debian chromium, headless)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def _main_text(page) -> str:
    return page.locator("section.stMain, section.main, [data-testid='stMain']").first.inner_text()


def _wait_idle(page) -> None:
    # Streamlit shows a status widget while a script runs; wait until the run is over.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )


def _open(page, title: str) -> None:
    page.get_by_role("link", name=title, exact=True).first.click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    _wait_idle(page)


def test_start_page_loads_a_sample_without_errors(page) -> None:
    page.get_by_role("button", name="Load the churn sample").click()
    page.get_by_role("heading", name="Data", exact=True).wait_for()
    _wait_idle(page)
    text = _main_text(page)
    assert "Customer churn" in text
    assert not re.search(r"error id", text, re.IGNORECASE)
