"""Metrics: how good the trained model is on held-out rows, beside the baseline."""

import streamlit as st

from ui.components import link_to
from ui.evaluate.evaluation import current_model, require_model, retrain_if_asked, start_training
from ui.evaluate.evaluation_views import (
    classification_views,
    folds_table,
    per_class_view,
    regression_views,
    score_summary,
    suspicion_view,
    test_metrics_view,
)
from ui.guide import show_lesson
from ui.jobs import job_progress
from ui.model.modeling import job_outcome, require_fold_plan
from ui.prepare.training_data import require_training_data
from ui.state import current_recipe

st.title("Metrics")
show_lesson("evaluate")
data = require_training_data()
plan = require_fold_plan(data)
recipe = current_recipe()
if recipe.model.algorithm is None:
    st.info("Choose an algorithm first.")
    link_to("steps/algorithm.py", "Go to Algorithm", icon=":material/model_training:")
    st.stop()

retrain_if_asked(data, plan)  # "Leave out ‘x’ and retrain", from this page or another
job, fresh = current_model()
label = "Train and evaluate" if job is None or not fresh else "Train and evaluate again"
st.caption(
    "Cross-validates the current recipe and the baseline on the same folds, then refits the "
    "model on the whole training split and scores the held-out test split once."
)
if st.button(label, key="w.evaluate.train", type="primary", icon=":material/play_arrow:"):
    start_training(data, plan)
job_progress("train")
job, fresh = current_model()
if job is None:
    st.stop()
if not job_outcome(job):
    st.stop()
trained, fresh = require_model(final=False)

st.header("Scores beside the baseline")
suspicion_view(trained, key="evaluate")
score_summary(trained)
with st.expander("Score of each fold"):
    folds_table(trained)
if trained.final is None:
    st.info("The training was stopped before the final refit, so the test split is not scored.")
    st.stop()

st.header("Every metric on the test split")
test_metrics_view(trained)

st.header("Where the model goes wrong")
if trained.final.test.task == "regression":
    regression_views(trained)
else:
    classification_views(trained)
    per_class_view(trained)

st.divider()
cols = st.columns(3)
with cols[0]:
    link_to("steps/diagnose.py", "Diagnosis: over- or underfitting?", icon=":material/healing:")
with cols[1]:
    link_to("steps/explain.py", "Why it predicts what it does", icon=":material/lightbulb:")
with cols[2]:
    link_to("steps/runs.py", "Compare runs", icon=":material/history:")
