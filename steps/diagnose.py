"""Diagnosis: learning curve, over- or underfitting, and what to try next."""

import streamlit as st

from core.errors import ModelPathError
from ui import text
from ui.evaluate.evaluation import apply_param, diagnosis_for, require_model, start_learning_curve
from ui.evaluate.evaluation_views import diagnosis_view, learning_curve_view
from ui.guide import show_lesson
from ui.jobs import job_progress
from ui.model.modeling import job_outcome, require_fold_plan, result_for, results_key
from ui.prepare.training_data import require_training_data

st.title("Diagnosis")
show_lesson("evaluate")
data = require_training_data()
plan = require_fold_plan(data)
trained, fresh = require_model(final=False)

st.header("Learning curve")
st.caption(
    "Cross-validates the model on 10 %, 25 %, 50 %, 75 % and 100 % of each fold's training "
    "rows (validation rows unchanged) to show how the scores move as it sees more data."
)
if st.button("Draw the learning curve", key="w.diagnose.curve", disabled=not fresh):
    start_learning_curve(data, plan)
job_progress("learning")
curve_job, curve_fresh = result_for("learning", results_key("model"))
curve = None
if job_outcome(curve_job):
    if not curve_fresh:
        st.info("The settings changed since this curve. Draw it again to update it.")
    else:
        curve = curve_job.result
        base = trained.baseline_cv.mean if trained.baseline_cv is not None else None
        learning_curve_view(curve, base)


def apply(param: str, value: object) -> None:
    """Set one hyperparameter of the current algorithm, as the remedy suggests."""
    try:
        apply_param(param, value, data.task)
    except ModelPathError as exc:
        text.show_error(exc)
    else:
        text.success(
            f"{param} is now {value}. Train again on the Metrics or Tune page to see the effect."
        )


st.header("Verdict")
if not fresh:
    st.caption("This reads the last trained model, not the current settings.")
diagnosis = diagnosis_for(trained, curve)
if diagnosis is None:
    st.info("This model has no training-fold scores to compare with. Train it again.")
else:
    if curve is None:
        st.caption(
            "Based on the cross-validation scores; draw the learning curve to add its trend."
        )
    diagnosis_view(diagnosis, apply if fresh else None)
