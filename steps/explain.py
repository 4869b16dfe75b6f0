"""Why: which columns the model relies on, and where it errs most."""

import streamlit as st

from core.evaluate import native_importance, native_importance_reason, worst_rows
from ui.evaluate.evaluation import current_model, require_model, start_importance
from ui.evaluate.evaluation_views import (
    carrying_column_view,
    importance_view,
    per_class_view,
    suspicion_view,
)
from ui.guide import show_lesson
from ui.jobs import job_progress
from ui.model.modeling import job_outcome, result_for
from ui.prepare.training_data import require_training_data

st.title("Why the model predicts what it does")
show_lesson("evaluate")
data = require_training_data()
trained, fresh = require_model()
model = trained.final.pipeline
train_job, _ = current_model()
key = ("importance", train_job.id)
suspicion_view(trained, key="explain")

st.header("Permutation importance")
st.caption(
    "Shuffles one column at a time in the test split and measures how much the score worsens. "
    "It works for every model and is measured on rows the model never saw, so it shows what "
    "the model relies on for new data. Two columns carrying the same information share the "
    "credit: shuffling one leaves the other, so both can look unimportant."
)
if st.button("Measure permutation importance", key="w.explain.permutation", type="primary"):
    start_importance(trained, data, key)
job_progress("importance")
job, matches = result_for("importance", key)
if job_outcome(job):
    if not matches:
        st.info("This was measured for an earlier model. Measure it again to update it.")
    else:
        importance_view(job.result, key="explain.permutation")
        carrying_column_view(job.result)

st.header("The model's own importance")
native = native_importance(model)
if native is None:
    st.info(native_importance_reason(model))
else:
    importance_view(native, key="explain.native")
    carrying_column_view(native)

if trained.final.test.task != "regression":
    st.header("Errors per class")
    per_class_view(trained)

st.header("The worst-predicted test rows")
st.caption(
    "The rows where the model was most wrong: for classes, the lowest probability given to the "
    "true class; for numbers, the largest errors. Look for a pattern — a category, a range, "
    "missing values — that a feature could capture."
)
st.dataframe(worst_rows(trained.final.test, data.X_test, n=20))
