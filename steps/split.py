"""Split & validation: hold out a test split and choose how cross-validation cuts folds."""

import pandas as pd
import streamlit as st

from core.data import ColumnKind
from core.errors import RecipeError
from core.model import SCHEMES, resolve_scheme, scheme_warnings
from core.recipe import CLASSIFICATION_TASKS
from ui import text
from ui.components import link_to
from ui.guide import show_lesson
from ui.model.modeling import fold_plan_or_error, split_and_validation
from ui.prepare.training_data import training_data_or_error
from ui.state import commit_section, current_profile, current_recipe, synced
from ui.widgets import choice

STRATEGIES = {
    "auto": "Automatic (stratified for classes, shuffled otherwise)",
    "random": "Random (shuffled)",
    "stratified": "Stratified by class",
    "time": "By time: hold out the latest rows",
    "group": "By group: keep each group on one side",
}
VALIDATION = {"auto": "Automatic (follows the split)", **SCHEMES}

st.title("Split & validation")
show_lesson("split")
recipe = current_recipe()
data, problem = training_data_or_error()
profile = current_profile()
table = profile.table
target = recipe.problem.target
others = [c.name for c in table.columns if c.name != target]
orderable = (ColumnKind.DATETIME, ColumnKind.NUMERIC)
time_like = [c.name for c in table.columns if c.kind in orderable and c.name != target]
split, validation = recipe.split, recipe.validation
committed_time = split.time_column if split.time_column in time_like else None
committed_group = split.group_column if split.group_column in others else None

with st.form("w.split.form"):
    st.subheader("Held-out test split")
    cols = st.columns(2)
    strategy = choice(
        cols[0], "How to choose the test rows", STRATEGIES, split.strategy, "w.split.strategy"
    )
    test_size = cols[1].slider(
        "Test share",
        0.05,
        0.5,
        float(split.test_size),
        0.05,
        key=synced("w.split.test_size", float(split.test_size)),
        format="%.2f",
    )
    cols = st.columns(3)
    time_column = cols[0].selectbox(
        "Time column (time split, time-series folds)",
        [None, *time_like],
        index=[None, *time_like].index(committed_time),
        format_func=lambda c: "none" if c is None else c,
        key=synced("w.split.time_column", committed_time),
    )
    group_column = cols[1].selectbox(
        "Group column (e.g. customer id)",
        [None, *others],
        index=[None, *others].index(committed_group),
        format_func=lambda c: "none" if c is None else c,
        key=synced("w.split.group_column", committed_group),
    )
    seed = cols[2].number_input(
        "Seed",
        0,
        2**32 - 1,
        int(split.seed),
        key=synced("w.split.seed", int(split.seed)),
        help="Every random choice (split, folds, models) uses it.",
    )
    st.subheader("Cross-validation on the training rows")
    cols = st.columns(4)
    scheme = choice(cols[0], "Scheme", VALIDATION, validation.scheme, "w.split.scheme")
    folds = cols[1].slider("Folds (K)", 2, 20, int(validation.folds), key="w.split.folds")
    repeats = cols[2].slider(
        "Repeats",
        1,
        10,
        int(validation.repeats),
        key="w.split.repeats",
        help="Repeated CV reshuffles the rows into new folds each time.",
    )
    shuffle = cols[3].checkbox(
        "Shuffle rows",
        bool(validation.shuffle),
        key="w.split.shuffle",
        help="Off keeps file order in the folds.",
    )
    if st.form_submit_button("Apply", type="primary"):
        try:
            new_split, new_validation = split_and_validation(
                split,
                validation,
                strategy=strategy,
                test_size=float(test_size),
                seed=int(seed),
                time_column=time_column,
                group_column=group_column,
                scheme=scheme,
                folds=int(folds),
                repeats=int(repeats),
                shuffle=shuffle,
            )
        except RecipeError as exc:
            text.show_error(exc)
        else:
            commit_section(new_split)
            commit_section(new_validation)
            st.rerun()

if problem is not None:
    text.show_error(problem)
    st.stop()

st.header("What this gives")
st.markdown(text.plain(data.split.description))
cols = st.columns(3)
cols[0].metric("Training rows", f"{len(data.X_train):,}")
cols[1].metric("Test rows", f"{len(data.X_test):,}", help="Scored once, by the final model.")
cols[2].metric("Feature columns", f"{len(data.columns.used):,}")
if data.task in CLASSIFICATION_TASKS:
    parts = {"training": data.y_train, "test": data.y_test}
    shares = pd.DataFrame({k: v.astype(str).value_counts(normalize=True) for k, v in parts.items()})
    shares = shares.fillna(0.0)
    st.caption("Class shares in each part (they should be close):")
    st.dataframe(shares.style.format("{:.1%}"), width="content")

plan, plan_problem = fold_plan_or_error(data)
if plan_problem is not None:
    text.show_error(plan_problem)
    st.stop()
for warning in scheme_warnings(recipe):
    text.warning(warning)
if recipe.validation.scheme == "auto":
    st.caption(f"Automatic scheme: {SCHEMES[resolve_scheme(recipe)]}.")
st.markdown(text.plain(plan.description))
st.dataframe(plan.table(data.y_train, data.task), hide_index=True)
link_to("steps/algorithm.py", "Next: choose an algorithm", icon=":material/arrow_forward:")
