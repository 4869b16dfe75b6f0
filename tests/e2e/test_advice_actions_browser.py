"""One-click advice actions stick in a real browser (chromium driven by Playwright).

AppTest reads a widget's value from the server, but a browser keeps its own copy of every
keyed widget's value and sends it back with the next interaction, so an action whose result
the page does not push to the browser is undone by the next click. These tests watch what
the browser shows and what it sends back.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``streamlit run app.py`` on a free local port, for this module's tests."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within a minute")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def page(server: str):
    """A fresh browser session on the app (a new person), guided mode on."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server)
        _settle(page)
        yield page
        browser.close()


def _settle(page) -> None:
    """Wait until the script run the last interaction started has finished.

    Streamlit shows its status widget only while a run is going on, and only after a short
    delay, so give it time to appear before waiting for it to go.
    """
    status = page.locator('[data-testid="stStatusWidget"]')
    with contextlib.suppress(playwright.Error):  # a short run never shows it
        status.wait_for(state="visible", timeout=1500)
    status.wait_for(state="hidden", timeout=TIMEOUT_MS)


def _click(page, locator) -> None:
    locator.click()
    _settle(page)


def _open(page, title: str) -> None:
    nav = page.locator('[data-testid="stSidebarNav"]')
    _click(page, nav.get_by_role("link", name=title, exact=True))
    playwright.expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    _settle(page)


def _tutorial(page) -> None:
    """Load the teaching table and confirm the problem, as the tutorial's first steps do."""
    _click(page, page.get_by_role("button", name=re.compile("Start the tutorial")))
    _open(page, "Problem")
    playwright.expect(_metric(page)).to_be_visible()


def _dropped(page):
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text="Columns to drop")


def _metric(page):
    return page.get_by_role("combobox", name=re.compile("^Primary metric"))


def test_drop_advice_survives_the_clean_form(page) -> None:
    _tutorial(page)
    _open(page, "Clean")
    drop = page.get_by_role("button", name=re.compile("Drop ‘cancellation_reason’"))
    playwright.expect(_dropped(page)).not_to_contain_text("cancellation_reason")
    _click(page, drop)
    playwright.expect(_dropped(page)).to_contain_text("cancellation_reason")
    _click(page, page.get_by_role("button", name="Apply these fixes"))  # unchanged
    playwright.expect(drop).to_have_count(0)  # the column is gone, so is the advice
    playwright.expect(_dropped(page)).to_contain_text("cancellation_reason")


def test_metric_advice_survives_the_next_interaction(page) -> None:
    _tutorial(page)
    _click(page, _metric(page))
    _click(page, page.get_by_role("option", name=re.compile("^Accuracy")))
    playwright.expect(_metric(page)).to_have_value(re.compile("^Accuracy"))
    _click(page, page.get_by_role("button", name=re.compile("Use F1")))
    playwright.expect(_metric(page)).to_have_value(re.compile("^F1"))
    # Any other interaction sends every widget's browser-side value back to the server.
    _click(page, page.get_by_role("button", name="Leave out the suggested columns"))
    exclude = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Columns to leave")
    playwright.expect(exclude).to_contain_text("customer_id")
    playwright.expect(_metric(page)).to_have_value(re.compile("^F1"))
    _open(page, "Explore")
    _open(page, "Problem")
    playwright.expect(_metric(page)).to_have_value(re.compile("^F1"))
