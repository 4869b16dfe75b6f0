"""Tune: hyperparameters by hand or by automatic search, judged by cross-validation."""

import streamlit as st

from core.errors import ModelPathError
from core.model import check_space, curve_values, default_space, model_spec
from ui import text
from ui.components import link_to
from ui.evaluate.evaluation import current_model, start_training
from ui.guide import show_lesson
from ui.jobs import job_progress
from ui.model.model_views import (
    apply_best_label,
    curve_view,
    param_widgets,
    result_card,
    search_view,
    space_widgets,
)
from ui.model.modeling import (
    job_outcome,
    previous_run,
    require_fold_plan,
    result_for,
    results_key,
    search_key,
    start_curve,
    start_search,
)
from ui.prepare.training_data import require_training_data
from ui.state import commit_section, current_recipe
from ui.widgets import choice

METHODS = {
    "grid": "Grid: every combination of a few values per range",
    "random": "Random: a number of settings drawn from the ranges",
    "halving": "Successive halving: many settings on few rows, the best third go on",
}

st.title("Tune")
show_lesson("tune")
data = require_training_data()
plan = require_fold_plan(data)
recipe = current_recipe()
if recipe.model.algorithm is None:
    st.info("Choose an algorithm first.")
    link_to("steps/algorithm.py", "Go to Algorithm", icon=":material/model_training:")
    st.stop()
spec = model_spec(recipe.model.algorithm)
st.caption(text.plain(f"{spec.label} · {plan.description}"))

st.header("Set hyperparameters")
with st.form("w.tune.form"):
    params = param_widgets(spec, recipe.model.params, prefix="w.tune.p")
    if not spec.params:
        st.caption(f"{spec.label} has no hyperparameters to tune.")
    submitted = st.form_submit_button("Train and evaluate", type="primary")
if submitted:
    try:
        spec.build(data.task, params, seed=recipe.split.seed)
    except ModelPathError as exc:
        text.show_error(exc)
    else:
        recipe = commit_section(recipe.model.with_changes(params=params))
        start_training(data, plan)
job_progress("train")
job, fresh = current_model()
if job_outcome(job):
    previous, had_earlier = previous_run(job)
    if not fresh:
        st.info("The settings changed since this result. Train again to update it.")
    if had_earlier and previous is None:
        st.caption("The previous run used other data, cleaning, features, folds or metric.")
    result_card(
        job.result.cv, job.result.baseline_cv, previous=previous, warnings=job.result.warnings
    )
    link_to("steps/evaluate.py", "Test metrics and charts", icon=":material/analytics:")

st.header("Validation curve")
tunable = [p.name for p in spec.params]
if tunable:
    cols = st.columns([2, 1])
    param = cols[0].selectbox(
        "Hyperparameter to sweep",
        tunable,
        key="w.tune.curve_param",
        help="Cross-validates the current settings at each value of it.",
    )
    values = curve_values(spec, param)
    cols[0].caption("Values: " + ", ".join(str(v) for v in values))
    if cols[1].button("Draw the curve", key="w.tune.curve"):
        start_curve(data, plan, param, values)
    job_progress("curve")
    job, _ = result_for("curve", None)
    if job_outcome(job):
        if job.key[0] != results_key("model"):
            st.info("The settings changed since this curve. Draw it again to update it.")
        curve_view(job.result)

st.header("Automatic search")
tuning = recipe.tuning
with st.form("w.tune.search"):
    cols = st.columns(4)
    method = choice(cols[0], "Method", METHODS, tuning.method, "w.tune.method")
    n_candidates = cols[1].slider(
        "Candidates (random, halving)", 2, 200, int(tuning.n_candidates), key="w.tune.n_candidates"
    )
    grid_points = cols[2].slider(
        "Values per range (grid)", 2, 10, int(tuning.grid_points), key="w.tune.grid_points"
    )
    budget = cols[3].slider(
        "Time budget (s)", 10, 1800, int(tuning.budget_seconds), 10, key="w.tune.budget"
    )
    # A space saved for another algorithm means nothing here: start from the defaults.
    saved = {k: v for k, v in tuning.space.items() if k in {p.name for p in spec.params}}
    space = space_widgets(spec, saved or default_space(spec), prefix="w.tune.s")
    searched = st.form_submit_button("Search", type="primary")
if searched:
    try:
        check_space(spec, space)
        changed = tuning.with_changes(
            method=method,
            n_candidates=n_candidates,
            grid_points=grid_points,
            budget_seconds=budget,
            space=space,
        )
    except ModelPathError as exc:
        text.show_error(exc)
    else:
        recipe = commit_section(changed)
        start_search(data, plan)
job_progress("search")
job, fresh = result_for("search", search_key())
if job_outcome(job):
    if not fresh:
        st.info("The settings changed since this search. Search again to update it.")
    search_view(job.result, recipe.model.params)
    label = apply_best_label(job.result, recipe.model.params)
    offer = fresh and label is not None and job.result.algorithm == spec.key
    if offer and st.button(label, key="w.tune.apply_best"):
        commit_section(recipe.model.with_changes(params=job.result.best_params()))
        st.rerun()
link_to("steps/features.py", "Back to features", icon=":material/arrow_back:")
