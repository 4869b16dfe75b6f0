"""The column-kind table: see how each column was understood and correct it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.data import ColumnKind
from core.recipe import DataSection
from core.understand import DatasetProfile
from ui.state import commit_section, current_recipe

__all__ = ["kind_editor", "reset_overrides_button"]

_VERSION = "mp.data.kind_editor_version"


def kind_editor(profile: DatasetProfile) -> None:
    """An editable table of column kinds; edits become recipe overrides.

    The editor's key carries a version that changes after each commit, so it always starts
    from the committed kinds instead of replaying stale edits.
    """
    columns = profile.table.columns
    table = pd.DataFrame(
        {
            "column": [c.name for c in columns],
            "kind": [c.kind.value for c in columns],
            "why": [c.reason for c in columns],
            "missing": [c.n_missing for c in columns],
            "distinct": [c.n_unique for c in columns],
        }
    )
    version = st.session_state.get(_VERSION, 0)
    edited = st.data_editor(
        table,
        key=f"w.data.kinds.{version}",
        hide_index=True,
        width="stretch",
        disabled=["column", "why", "missing", "distinct"],
        column_config={
            "kind": st.column_config.SelectboxColumn(
                "kind", options=[k.value for k in ColumnKind], required=True
            ),
            "why": st.column_config.TextColumn("why", width="large"),
        },
    )
    changed = edited["kind"] != table["kind"]
    if not changed.any():
        return
    data = current_recipe().data
    overrides = dict(data.column_types)
    for info, new_kind in zip(columns, edited["kind"], strict=True):
        if new_kind == info.kind.value:
            continue
        if new_kind == info.detected_kind.value:
            overrides.pop(info.name, None)
        else:
            overrides[info.name] = new_kind
    commit_section(data.with_changes(column_types=overrides))
    st.session_state[_VERSION] = version + 1
    st.rerun()


def reset_overrides_button(data: DataSection) -> None:
    """Offer to drop every kind override."""
    if data.column_types and st.button("Use the detected kinds again", key="w.data.reset_kinds"):
        commit_section(data.with_changes(column_types={}))
        st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
        st.rerun()
