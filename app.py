"""ModelPath: the entry point, a frame around the pages (``streamlit run app.py``)."""

from __future__ import annotations

import logging

import streamlit as st

from core.learn import NAVIGATION
from ui.guard import page_guard
from ui.guide import record_visit, show_next_step, show_tracker
from ui.leakage_defaults import leave_out_on_any_page
from ui.sidebar import show_sidebar

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="ModelPath", page_icon=":material/route:", layout="wide")

# The navigation is read from core.learn.progress.NAVIGATION, the one ordered list of pages that the
# Start page and the lifecycle tracker read too.
PAGES = {
    section: [
        st.Page(p.file, title=p.title, icon=p.icon, default=p.file == "steps/home.py")
        for p in pages
    ]
    for section, pages in NAVIGATION.items()
}

# Every step stays visible: a lifecycle whose last steps hide behind "View more" hides the
# point of the tool.
page = st.navigation(PAGES, expanded=True)
page_file = f"steps/{page.url_path or 'home'}.py"
with page_guard():
    record_visit(page_file)
    leave_out_on_any_page(page_file)
    show_sidebar()
    show_tracker(page_file)
with page_guard():
    page.run()
    show_next_step(page_file)
