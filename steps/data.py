"""Data: pick a sample or upload a file, see how it was read, and correct column kinds."""

import streamlit as st

from core.data import SAMPLES, SUPPORTED_EXTENSIONS, list_sheets
from core.errors import DataLoadError
from core.recipe import DataSection
from ui import text
from ui.components import link_to, show_load_report
from ui.guide import show_lesson
from ui.kind_editor import kind_editor, reset_overrides_button
from ui.memo import remember
from ui.read_options import read_options_controls
from ui.state import (
    current_dataset,
    current_profile,
    current_recipe,
    load_sample_dataset,
    load_uploaded_dataset,
    reload_dataset,
)

LAST_UPLOAD = "mp.data.last_upload"  # (file id, error message or None)


def sheet_names(upload) -> tuple[str, ...]:
    try:
        return list_sheets(upload.getvalue(), upload.name)
    except DataLoadError:
        return ()  # reading the file reports the problem


st.title("Data")
show_lesson("data")
dataset = current_dataset()
sample_tab, upload_tab = st.tabs(["Sample datasets", "Upload a file"])

with sample_tab:
    loaded_sample = dataset.source.removeprefix("sample:") if dataset else None
    keys = list(SAMPLES)
    key = st.selectbox(
        "Sample dataset",
        keys,
        index=keys.index(loaded_sample) if loaded_sample in SAMPLES else 0,
        format_func=lambda k: SAMPLES[k].title,
        key="w.data.sample",
    )
    sample = SAMPLES[key]
    st.markdown(sample.story)
    st.markdown("\n".join(f"- {lesson}" for lesson in sample.lessons))
    st.caption(f"Suggested target: {sample.suggested_target} ({sample.task}). {sample.source}")
    if st.button("Load this sample", key="w.data.load_sample", type="primary"):
        load_sample_dataset(key)
        st.rerun()  # so the sidebar, drawn before this page, shows the new data

with upload_tab:
    upload = st.file_uploader(
        "Upload a table",
        type=[ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS],
        key="w.data.upload",
        help="CSV/TSV/TXT, Excel (.xlsx), Parquet or JSON. The file stays in your session only.",
    )
    is_upload = dataset is not None and dataset.source == "upload"
    base = current_recipe().data if is_upload else DataSection()
    sheets = ()
    if upload is not None and upload.name.lower().endswith((".xlsx", ".xlsm")):
        # Opening a workbook is costly: once per uploaded file, not on every rerun.
        sheets = remember("data.sheets", upload.file_id, lambda: sheet_names(upload))
    with st.expander("How to read the file", icon=":material/tune:"):
        chosen = read_options_controls(base, sheets=sheets)
        reread = st.button(
            "Read the file again with these options",
            key="w.data.reread",
            disabled=upload is None and not is_upload,
        )
    last = st.session_state.get(LAST_UPLOAD)
    is_new = upload is not None and (last is None or last[0] != upload.file_id)
    if is_new or reread:
        error = None
        try:
            if upload is not None and (is_new or not is_upload):
                dataset = load_uploaded_dataset(upload.getvalue(), upload.name, chosen)
            else:
                dataset = reload_dataset(chosen)
        except DataLoadError as exc:
            error = exc
        if upload is not None:
            st.session_state[LAST_UPLOAD] = (upload.file_id, error)
        if error is None:
            st.rerun()  # so the sidebar, drawn before this page, shows the new data
        last = st.session_state.get(LAST_UPLOAD)
    if upload is not None and last is not None and last[0] == upload.file_id and last[1]:
        text.show_error(last[1])
        if dataset is not None:
            text.info(f"Nothing was lost: you are still working with {dataset.label}.")

if dataset is None:
    st.info("Load a sample or upload a file to begin.")
    st.stop()

profile = current_profile()
st.divider()
st.subheader(text.plain(f"Current data: {dataset.label}"))
show_load_report(dataset.loaded.report)
st.dataframe(dataset.loaded.frame.head(200), width="stretch", height=260)
st.caption("The first 200 rows, as read from the file.")

st.subheader("Column kinds")
st.caption(
    "How each column was understood, and why. Change a kind in the table to correct it; your "
    "choice is kept in the recipe and used by every later step."
)
kind_editor(profile)
reset_overrides_button(current_recipe().data)
for column, lost in profile.table.lost_values.items():
    kind = profile.table.info(column).kind.value
    text.warning(f"Reading {column!r} as {kind} turns {lost:,} value(s) into missing values.")

link_to("steps/problem.py", "Next: define the problem", icon=":material/arrow_forward:")
