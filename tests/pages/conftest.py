"""AppTest fixtures: the real app frame (app.py with st.navigation), one page at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


@pytest.fixture
def app() -> AppTest:
    """The app, run once on its start page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    """Switch to ``steps/<page>.py`` and run it."""
    at.switch_page(f"steps/{page}.py").run()
    return at


def load_sample(at: AppTest, key: str) -> AppTest:
    """Load a sample through the Data page's own widgets."""
    open_page(at, "data")
    at.selectbox(key="w.data.sample").set_value(key).run()
    at.button(key="w.data.load_sample").click().run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    """Upload a file through the Data page's uploader."""
    open_page(at, "data")
    at.file_uploader(key="w.data.upload").set_value((name, content, mime)).run()
    return at


def texts(elements) -> list[str]:
    """The values of a list of text elements (alerts, captions…)."""
    return [str(e.value) for e in elements]


def unescape(text: str) -> str:
    """Undo ui.text.plain's backslash escapes, to assert on readable text."""
    return text.replace("\\", "")


def wait_for_job(at: AppTest, kind: str = "train"):
    """Let a background job finish, then rerun as the progress fragment would."""
    job = at.session_state[f"mp.job.{kind}"]
    job.thread.join(120)
    assert not job.running
    at.run()
    assert not at.exception
    return job
