"""The app frame: start page, sidebar, and the error guard."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.learn import LIFECYCLE, PAGE_STEPS
from tests.pages.conftest import ROOT, texts


def test_start_page_renders_the_lifecycle(app):
    assert not app.exception
    assert any("Define the problem" in m for m in texts(app.markdown))


def _navigation(at) -> list[str]:
    """The page files of the app's real st.navigation, in the order the sidebar shows them."""
    return [
        Path(page["script_path"]).relative_to(ROOT).as_posix()
        for page in at._registered_pages.values()
    ]


def test_start_page_lists_the_steps_in_the_navigation_order(app):
    navigation = _navigation(app)
    by_hash = {
        h: Path(p["script_path"]).relative_to(ROOT).as_posix()
        for h, p in app._registered_pages.items()
    }
    titles = {step.key: step.title for step in LIFECYCLE}
    # The lifecycle as the sidebar orders it: each step where its first page is.
    expected_steps = list(dict.fromkeys(PAGE_STEPS[f] for f in navigation if f in PAGE_STEPS))

    (listing,) = [m for m in texts(app.markdown) if m.startswith("1. **")]
    shown_steps = re.findall(r"^\d+\. \*\*(.+?)\*\*", listing, flags=re.MULTILINE)
    linked = [by_hash[link.proto.page_script_hash] for link in app.main.get("page_link")]

    assert shown_steps == [titles[key] for key in expected_steps]
    assert shown_steps.index("Collect data") < shown_steps.index("Define the problem")
    assert list(dict.fromkeys(linked))[: len(navigation) - 1] == navigation[1:]


def test_start_page_loads_the_churn_sample(app):
    app.button(key="w.home.churn").click().run()
    assert not app.exception
    assert app.session_state["mp.dataset"].source == "sample:churn"


def _sidebar_app():
    import streamlit as st

    from ui.sidebar import show_sidebar
    from ui.state import load_sample_dataset

    if "seeded" not in st.session_state:
        st.session_state["seeded"] = True
        load_sample_dataset("churn")
    show_sidebar()


def test_sidebar_summarises_and_start_over_forgets():
    # Tested on its own: AppTest drops the entrypoint's sidebar after switch_page.
    at = AppTest.from_function(_sidebar_app, default_timeout=60).run()
    captions = texts(at.sidebar.caption)
    assert any("Customer churn" in c for c in captions)
    assert any("churned" in c for c in captions)
    at.sidebar.button(key="w.sidebar.reset").click().run()
    assert not at.exception
    assert "mp.dataset" not in at.session_state
    assert any("No data loaded" in c for c in texts(at.sidebar.caption))


def _failing_page():
    from ui.guard import page_guard

    with page_guard():
        raise RuntimeError("secret internal detail")


def test_unexpected_error_shows_an_error_id_not_a_traceback():
    at = AppTest.from_function(_failing_page).run()
    assert not at.exception
    message = at.error[0].value
    assert "error id" in message
    assert "secret internal detail" not in message
    assert "Traceback" not in message


def _expected_error_page():
    from core.errors import DataLoadError
    from ui.guard import page_guard

    with page_guard():
        raise DataLoadError("The file is empty.", "It has 0 bytes.", "Upload another file.")


def test_expected_error_shows_what_why_and_what_to_do():
    at = AppTest.from_function(_expected_error_page).run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert "The file is empty." in message
    assert "What to do: Upload another file." in message
