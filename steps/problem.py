"""Problem: choose the target, the task, the primary metric and the columns to leave out."""

import pandas as pd
import streamlit as st

from core.errors import ProblemError
from core.recipe import TASKS, ProblemSection
from core.understand import (
    METRICS,
    baseline_score,
    check_task,
    class_balance,
    default_positive_class,
    metrics_for_task,
    suggested_exclusions,
)
from ui import text
from ui.components import link_to, require_dataset
from ui.guide import show_lesson
from ui.leakage_defaults import leave_out_leakage_suspects, left_out_notice
from ui.state import commit_section, current_profile, current_recipe, synced

TASK_LABELS = {
    "binary": "Binary classification (two classes)",
    "multiclass": "Multiclass classification (three or more classes)",
    "regression": "Regression (a number)",
}

st.title("Problem")
show_lesson("problem")
require_dataset()
profile = current_profile()
problem = current_recipe().problem
columns = [c.name for c in profile.table.columns]

committed_target = problem.target if problem.target in columns else None
target = st.selectbox(
    "What do you want to predict? (the target column)",
    [None, *columns],
    index=[None, *columns].index(committed_target),
    format_func=lambda c: "Choose a column…" if c is None else c,
    key=synced("w.problem.target", committed_target),
)
if target != problem.target:
    kept = tuple(c for c in problem.exclude_columns if c != target)
    commit_section(ProblemSection(target=target, exclude_columns=kept))
    st.rerun()
if target is None:
    st.info("Choose the column you want the model to predict.")
    st.stop()
if profile.task_error:
    text.error(profile.task_error, title="This column cannot be the target")
    st.stop()

inferred = profile.task
y = profile.table.frame[target]
text.info(f"Detected: {TASK_LABELS[inferred.task]}. {inferred.reason}")
committed_task = problem.task or inferred.task
task = st.radio(
    "Task",
    TASKS,
    index=TASKS.index(committed_task),
    format_func=TASK_LABELS.get,
    horizontal=True,
    key=synced(f"w.problem.task.{target}", committed_task),
)
try:
    check_task(y, profile.table.info(target), task)
except ProblemError as exc:
    text.show_error(exc)
    st.stop()
if leave_out_leakage_suspects(profile, problem):
    st.rerun()  # the exclude box follows the committed recipe (ui.state.synced)

positive = None
if task == "binary":
    classes = class_balance(y).classes
    default_positive, why = default_positive_class(y)
    chosen = problem.positive_class if problem.positive_class in classes else default_positive
    positive = st.selectbox(
        "Positive class (the outcome you want to find)",
        classes,
        index=classes.index(chosen),
        format_func=str,
        key=synced(f"w.problem.positive.{target}", chosen),
        help="Precision, recall and F1 are computed for this class.",
    )
    st.caption(text.plain(f"Default: {why}"))

advice = profile.metric_advice
task_metrics = [m.key for m in metrics_for_task(task)]
recommended = advice.metric if advice and advice.metric in task_metrics else task_metrics[0]
committed_metric = problem.metric if problem.metric in task_metrics else recommended
metric = st.selectbox(
    "Primary metric (decides which model is better)",
    task_metrics,
    index=task_metrics.index(committed_metric),
    format_func=lambda k: METRICS[k].label + (" (recommended)" if k == recommended else ""),
    key=synced(f"w.problem.metric.{target}.{task}", committed_metric),
)
st.caption(METRICS[metric].meaning)
if advice is not None and advice.metric in task_metrics:
    text.info(f"Recommended: {METRICS[advice.metric].label}. {advice.reason}")
score, how = baseline_score(y, task, metric, positive_class=positive)
shown = METRICS[metric].format(score, ".1f" if METRICS[metric].percent else ".3f")
st.metric(f"Baseline {METRICS[metric].label}", shown, help="No model at all: " + how)
st.caption(text.plain(f"Baseline: {how}. A useful model must clearly beat {shown}."))

suggested = suggested_exclusions(profile.findings, target=target)
features = [c for c in columns if c != target]
committed_exclude = [c for c in problem.exclude_columns if c in features]
exclude = st.multiselect(
    "Columns to leave out of the features",
    features,
    default=committed_exclude,
    key=synced(f"w.problem.exclude.{target}", committed_exclude),
    help="They stay in the table (e.g. to group rows) but the model never sees them.",
)
notice = left_out_notice(target, exclude)
if notice:
    text.info(notice)
missing_suggestions = [c for c in suggested if c not in exclude]
if missing_suggestions:
    text.warning(
        "Suggested to leave out (IDs, constant columns, leakage suspects — see Explore): "
        + ", ".join(missing_suggestions)
    )
    if st.button("Leave out the suggested columns", key="w.problem.exclude_suggested"):
        exclude = [*exclude, *missing_suggestions]

desired = ProblemSection(
    target=target, task=task, positive_class=positive, metric=metric, exclude_columns=tuple(exclude)
)
# 1 == True in Python: a recipe's true for the label 1 is replaced by the label as written.
if desired != problem or type(positive) is not type(problem.positive_class):
    commit_section(desired)
    st.rerun()

if task != "regression":
    balance = class_balance(y)
    shares = pd.DataFrame(
        {"rows": balance.counts, "share": balance.counts / balance.counts.sum()}
    ).rename(index=str)  # classes as text: a table draws True/False as checkboxes
    st.dataframe(shares.style.format({"rows": "{:,}", "share": "{:.1%}"}), width="content")
link_to("steps/explore.py", "Next: explore the data", icon=":material/arrow_forward:")
