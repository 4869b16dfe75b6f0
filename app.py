"""ModelPath: the entry point, a frame around the pages (``streamlit run app.py``)."""

from __future__ import annotations

import logging

import streamlit as st

from ui.guard import page_guard
from ui.guide import record_visit, show_next_step, show_tracker
from ui.sidebar import show_sidebar

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="ModelPath", page_icon=":material/route:", layout="wide")

PAGES = {
    "Welcome": [
        st.Page("steps/home.py", title="Start here", icon=":material/home:", default=True),
    ],
    "1 · Understand": [
        st.Page("steps/data.py", title="Data", icon=":material/table:"),
        st.Page("steps/problem.py", title="Problem", icon=":material/flag:"),
        st.Page("steps/explore.py", title="Explore", icon=":material/query_stats:"),
    ],
    "2 · Prepare": [
        st.Page("steps/clean.py", title="Clean", icon=":material/cleaning_services:"),
        st.Page("steps/features.py", title="Features", icon=":material/build:"),
    ],
    "3 · Model": [
        st.Page("steps/split.py", title="Split & validation", icon=":material/call_split:"),
        st.Page("steps/algorithm.py", title="Algorithm", icon=":material/model_training:"),
        st.Page("steps/tune.py", title="Tune", icon=":material/tune:"),
    ],
    "4 · Evaluate & improve": [
        st.Page("steps/evaluate.py", title="Metrics", icon=":material/analytics:"),
        st.Page("steps/diagnose.py", title="Diagnosis", icon=":material/healing:"),
        st.Page("steps/explain.py", title="Why", icon=":material/lightbulb:"),
        st.Page("steps/playground.py", title="Playground", icon=":material/scatter_plot:"),
        st.Page("steps/runs.py", title="Runs", icon=":material/history:"),
        st.Page("steps/new_data.py", title="New data", icon=":material/playlist_add:"),
    ],
    "5 · Deliver": [
        st.Page("steps/export.py", title="Export", icon=":material/ios_share:"),
        st.Page("steps/predict.py", title="Predict", icon=":material/online_prediction:"),
    ],
    "Learn": [
        st.Page("steps/glossary.py", title="Glossary", icon=":material/menu_book:"),
    ],
}

# Every step stays visible: a lifecycle whose last steps hide behind "View more" hides the
# point of the tool.
page = st.navigation(PAGES, expanded=True)
page_file = f"steps/{page.url_path or 'home'}.py"
with page_guard():
    record_visit(page_file)
    show_sidebar()
    show_tracker(page_file)
with page_guard():
    page.run()
    show_next_step(page_file)
