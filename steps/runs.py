"""Runs: every training kept, compared fairly, and restorable."""

import streamlit as st

from core.errors import ModelPathError
from core.evaluate import compare_runs
from core.understand import format_score
from ui import text
from ui.components import link_to
from ui.evaluate.evaluation import current_model, restore_run, run_store
from ui.evaluate.evaluation_views import comparison_view, suspicious_runs_view
from ui.guide import show_lesson

st.title("Runs")
show_lesson("improve")
current_model()  # records a training that finished while another page was open
store = run_store()
runs = store.runs()
if not runs:
    st.info("No runs yet. Every training is recorded here: train a model on the Metrics page.")
    link_to("steps/evaluate.py", "Go to Metrics", icon=":material/analytics:")
    st.stop()
by_id = {run.id: run for run in runs}


def name(run_id: int) -> str:
    run = by_id[run_id]
    cv = format_score(run.metric, run.cv_mean)
    flag = " · suspicious" if run.suspicious else ""
    return f"Run {run.id} · {run.algorithm_label} · CV {cv}{flag} · {run.created[11:19]}"


st.header("All runs")
st.caption(
    "Best cross-validated score first. Choose by CV; the test score is the final check and "
    "stays honest only if it does not decide which run you keep."
)
table = store.frame()
suspicious_runs_view(runs)
st.dataframe(table, hide_index=True)
st.download_button(
    "Download the runs table (CSV)",
    table.to_csv(index=False).encode("utf-8"),
    file_name="modelpath_runs.csv",
    mime="text/csv",
    key="w.runs.download",
)

st.header("Compare two runs")
ids = list(by_id)
cols = st.columns(2)
first = cols[0].selectbox(
    "Earlier run", ids, index=min(1, len(ids) - 1), format_func=name, key="w.runs.first"
)
second = cols[1].selectbox("Later run", ids, index=0, format_func=name, key="w.runs.second")
if first == second:
    st.caption("Pick two different runs to compare them.")
else:
    comparison_view(compare_runs(by_id[first], by_id[second]))

st.header("Restore, annotate or delete a run")
chosen = st.selectbox("Run", ids, format_func=name, key="w.runs.chosen")
run = by_id[chosen]
st.caption(text.plain(f"Trained on {run.dataset_label} ({run.n_train:,} training rows)."))
cols = st.columns(3)
if cols[0].button("Restore its settings", key="w.runs.restore", icon=":material/restore:"):
    restore_run(run)
    text.success(
        f"The recipe of run {run.id} is now current: {run.algorithm_label} with its cleaning, "
        "features, split and folds. Train it on the Metrics page to see its charts again."
    )
if cols[1].button("Delete it", key="w.runs.delete", icon=":material/delete:"):
    store.delete(run.id)
    st.rerun()
with st.form("w.runs.note_form"):
    note = st.text_input("Note", value=run.note, max_chars=500, key="w.runs.note")
    if st.form_submit_button("Save the note"):
        try:
            store.set_note(run.id, note)
        except ModelPathError as exc:
            text.show_error(exc)
        else:
            st.rerun()
link_to("steps/new_data.py", "Retrain with new data", icon=":material/playlist_add:")
