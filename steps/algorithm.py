"""Algorithm: the catalogue with learner cards, a recommendation, and a quick comparison."""

import streamlit as st

from core.model import model_spec, models_for_task, recommend_algorithm
from ui import text
from ui.components import link_to
from ui.guide import show_lesson
from ui.jobs import job_progress
from ui.memo import remember
from ui.model.model_views import cards_table, leaderboard_view, learner_card
from ui.model.modeling import job_outcome, require_fold_plan, result_for, results_key, start_compare
from ui.prepare.training_data import require_training_data
from ui.state import commit_section, current_recipe
from ui.widgets import choice

st.title("Algorithm")
show_lesson("algorithm")
data = require_training_data()
plan = require_fold_plan(data)
recipe = current_recipe()
specs = models_for_task(data.task)
labels = {s.key: s.label for s in specs}
advice = remember("recommendation", results_key(), lambda: recommend_algorithm(data))

with st.container(border=True):
    st.markdown(f"**Recommended to start with: {labels[advice.algorithm]}**")
    for reason in advice.reasons:
        st.markdown("- " + text.plain(reason))

current = recipe.model.algorithm if recipe.model.algorithm in labels else advice.algorithm
chosen = choice(
    st,
    "Algorithm",
    labels,
    current,
    "w.algorithm.choice",
    help="The catalogue for this task; the baseline ignores every feature.",
)
if chosen != recipe.model.algorithm:
    # A new algorithm starts from its own defaults: another's hyperparameters mean nothing.
    commit_section(recipe.model.with_changes(algorithm=chosen, params={}))
    commit_section(recipe.tuning.with_changes(space={}))
    st.rerun()
spec = model_spec(chosen)
with st.container(border=True):
    learner_card(spec)
if recipe.features.imbalance == "class_weight" and not spec.accepts_class_weight(data.task):
    st.warning(
        f"{spec.label} cannot weight classes, so the class-weight choice on the Features page "
        "has no effect with it. Choose over- or under-sampling there instead, or another "
        "algorithm."
    )
with st.expander(f"All {len(specs)} algorithms for this task", icon=":material/list:"):
    st.dataframe(cards_table(specs), hide_index=True)

st.header("Compare quickly")
st.caption(
    "Every algorithm above at its default settings, on the same folds, against the baseline. "
    + text.plain(plan.description)
)
budget = st.slider(
    "Time budget (seconds)",
    10,
    600,
    60,
    10,
    key="w.algorithm.budget",
    help="Algorithms that would not finish within it are skipped with a note.",
)
if st.button("Compare quickly", key="w.algorithm.compare", type="primary"):
    start_compare(data, plan, budget)
job_progress("compare")
job, fresh = result_for("compare", results_key())
if job_outcome(job):
    if not fresh:
        st.info("The settings changed since this comparison. Compare again to update it.")
    board = job.result
    leaderboard_view(board)
    best = board.best
    offer = best is not None and best.algorithm != recipe.model.algorithm and fresh
    if offer and st.button(f"Use {best.label}", key="w.algorithm.use_best"):
        commit_section(recipe.model.with_changes(algorithm=best.algorithm, params={}))
        commit_section(recipe.tuning.with_changes(space={}))
        st.rerun()
link_to("steps/tune.py", "Next: tune it", icon=":material/arrow_forward:")
