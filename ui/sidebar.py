"""The sidebar shared by every page: what is loaded and what is being predicted."""

from __future__ import annotations

import streamlit as st

from core.understand import METRICS
from ui.state import current_dataset, current_recipe, reset_session
from ui.text import plain

__all__ = ["show_sidebar"]


def show_sidebar() -> None:
    """Summarise the current dataset and problem, with a way to start over."""
    with st.sidebar:
        st.markdown("**ModelPath** · from a table to a validated model")
        dataset = current_dataset()
        if dataset is None:
            st.caption("No data loaded yet.")
            return
        report = dataset.loaded.report
        st.caption(
            plain(f"Data: {dataset.label} ({report.n_rows:,} rows × {report.n_columns:,} columns)")
        )
        problem = current_recipe().problem
        if problem.target:
            task = f", {problem.task}" if problem.task else ""
            st.caption(plain(f"Predicting: {problem.target}{task}"))
        if problem.metric in METRICS:
            st.caption(plain(f"Judged by: {METRICS[problem.metric].label}"))
        if st.button("Start over", key="w.sidebar.reset", help="Forget the data and all choices."):
            reset_session()
            st.rerun()
