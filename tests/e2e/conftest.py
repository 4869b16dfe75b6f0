"""Real-browser fixtures: a ``streamlit run app.py`` server and headless Debian chromium.

The tests are skipped (not failed) when chromium or Playwright is missing, so the suite stays
runnable on a laptop without a browser; ``.ci/run`` installs chromium when it can.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

try:
    from playwright import sync_api as playwright_api
except ImportError:  # pragma: no cover - depends on the machine
    playwright_api = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    # Polled by readiness, not by a sleep of a guessed length; the bound only stops a hang.
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"streamlit did not start:\n{log.read_text()[-3000:]}")


def _require_browser() -> None:
    if playwright_api is None:
        pytest.skip("Playwright is not installed (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free loopback port; its log stays in a temporary folder."""
    _require_browser()
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {**os.environ, "MODELPATH_MAX_JOBS": "1"}
    env.pop("MODELPATH_WORKSPACE", None)
    with log.open("w") as out:
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
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield instance
        instance.close()


TIMEOUT_MS = 120_000


@pytest.fixture
def page(browser, server: str):
    """A fresh browser tab (a new Streamlit session, a new person) on the start page."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.goto(server)
    tab.get_by_role("heading", name="ModelPath").wait_for()
    settle(tab)
    yield tab
    context.close()


def settle(page) -> None:
    """Wait until the script run the last interaction started has finished.

    Streamlit shows its status widget only while a run is going on, and only after a short
    delay, so give it time to appear before waiting for it to go.
    """
    status = page.locator('[data-testid="stStatusWidget"]')
    with contextlib.suppress(playwright_api.Error):  # a short run never shows it
        status.wait_for(state="visible", timeout=1500)
    status.wait_for(state="hidden", timeout=TIMEOUT_MS)


def click(page, locator) -> None:
    """Click and wait for the run it starts."""
    locator.click()
    settle(page)


def open_page(page, title: str) -> None:
    """Open a page from the sidebar navigation."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    click(page, nav.get_by_role("link", name=title, exact=True))
    playwright_api.expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    settle(page)


def main_text(page) -> str:
    """Everything the page's main area says."""
    return page.locator('[data-testid="stMain"]').inner_text()
