"""New data: add rows with the same columns, retrain a run's recipe, and compare."""

import streamlit as st

from core.data import SUPPORTED_EXTENSIONS
from core.errors import ModelPathError
from core.evaluate import compare_runs
from core.understand import format_score
from ui import text
from ui.components import link_to, require_dataset
from ui.evaluate.evaluation import (
    check_new_rows,
    current_model,
    retrain_inputs,
    run_of,
    run_store,
    start_training,
)
from ui.evaluate.evaluation_views import comparison_view, new_rows_view
from ui.guide import show_lesson
from ui.jobs import job_progress
from ui.model.modeling import fold_plan_or_error, job_outcome
from ui.prepare.training_data import require_training_data
from ui.state import append_to_dataset, read_rows, remove_appended_rows

st.title("Retrain with new data")
show_lesson("improve")
dataset = require_dataset()
data = require_training_data()
current_model()
runs = run_store().runs()
if not runs:
    st.info("Train a model first: new rows are added to retrain one of your runs.")
    link_to("steps/evaluate.py", "Go to Metrics", icon=":material/analytics:")
    st.stop()
by_id = {run.id: run for run in runs}
if dataset.appended:
    st.caption(
        text.plain(
            f"{dataset.label}: {dataset.original_rows:,} original rows and {dataset.added_rows:,} "
            f"added from {len(dataset.appended)} file(s)."
        )
    )
    if st.button("Remove the added rows", key="w.new_data.remove"):
        remove_appended_rows()
        st.rerun()

run_id = st.selectbox(
    "Run to retrain",
    list(by_id),
    format_func=lambda i: (
        f"Run {i} · {by_id[i].algorithm_label} · "
        f"CV {format_score(by_id[i].metric, by_id[i].cv_mean)}"
    ),
    key="w.new_data.run",
)
run = by_id[run_id]
upload = st.file_uploader(
    "A file of new rows with the same columns",
    type=[ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS],
    key="w.new_data.upload",
    help="Read with the same options as the current data; the file stays in your session only.",
)
if upload is not None:
    try:
        added = read_rows(upload.getvalue(), upload.name, run.recipe.data)
    except ModelPathError as exc:
        text.show_error(exc)
        st.stop()
    check, required = check_new_rows(added.frame, run, data)
    for problem in check.problems():
        text.error(problem)
    for notice in check.notices():
        text.info(notice)
    if check.ok:
        label = f"Add {check.rows:,} rows and retrain run {run.id}"
        if st.button(label, key="w.new_data.retrain", type="primary"):
            earlier = retrain_inputs(run, data)
            try:
                append_to_dataset(upload.getvalue(), upload.name, run.recipe, required=required)
            except ModelPathError as exc:
                text.show_error(exc)
                st.stop()
            new_data = require_training_data()
            plan, problem = fold_plan_or_error(new_data)
            if problem is not None:
                text.show_error(problem)
                st.stop()
            start_training(new_data, plan, parent=run, earlier=earlier)

job_progress("train")
job, _ = current_model()
if job_outcome(job) and job.result.parent_id is not None:
    new_run = run_of(job)
    parent = by_id.get(job.result.parent_id) or run_store().get(job.result.parent_id)
    st.header("The retrained model against the earlier run")
    if job.result.new_rows is not None:
        new_rows_view(job.result.new_rows)
    if new_run is not None:
        comparison_view(compare_runs(parent, new_run))
    link_to("steps/evaluate.py", "See the new model's metrics", icon=":material/analytics:")
