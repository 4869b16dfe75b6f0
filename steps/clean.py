"""Clean: fixes that learn nothing (before the split) and learned steps (inside the pipeline)."""

import streamlit as st

from ui import text
from ui.components import link_to
from ui.guide import show_lesson
from ui.kind_editor import kind_editor
from ui.prepare.cleaning_controls import (
    learned_cleaning_form,
    merge_controls,
    pre_split_form,
    show_effects,
)
from ui.prepare.training_data import (
    pipeline_notes,
    preview_panel,
    show_examples,
    show_notes,
    training_data_or_error,
)
from ui.state import current_profile, current_recipe

st.title("Clean")
show_lesson("clean")
data, problem = training_data_or_error()
recipe = current_recipe()
profile = current_profile()
if problem is not None:
    text.show_error(problem)
    st.caption("Undo the change that caused this here, or on the Problem or Data page.")
    pre_split_form(recipe, None, profile)
    st.stop()
show_examples("clean", data)
clean = data.clean

st.header("1 · Before the split — fixes that learn nothing")
st.caption(
    "These depend on each row alone, so they are safe to apply to the whole table before it "
    "is split."
)
rows, target_rows, duplicates = st.columns(3)
rows.metric("Rows loaded", f"{clean.rows_in:,}")
target_rows.metric(
    "Dropped: no target value",
    f"{clean.missing_target_rows:,}",
    help="Always dropped: a row without an answer can neither teach nor test.",
)
duplicates.metric("Exact duplicates dropped", f"{clean.duplicate_rows:,}")
if clean.missing_target_rows:
    text.info(
        f"{clean.missing_target_rows:,} row(s) have no value for {clean.target!r} and are "
        "dropped (required)."
    )
pre_split_form(recipe, data, profile)
if clean.changes:
    st.caption("What text normalisation and merges changed (all rows):")
    st.dataframe(clean.changes_frame(), hide_index=True, width="stretch")

st.subheader("Merge spellings of the same category")
merge_controls(recipe, profile)

with st.expander("Cast types and parse dates", icon=":material/swap_horiz:"):
    st.caption(
        "Change a column's kind to cast it (e.g. text → number, text → date). Values that "
        "cannot be converted become missing, and the count is shown on the Data page."
    )
    kind_editor(profile)

st.header("2 · Inside the pipeline — learned from training rows only")
st.caption(
    "Each of these learns a number from the data (a median, a fence, which categories are "
    "rare). They are pipeline steps, so every cross-validation fold and the final model learn "
    "them from their own training rows, never from validation or test rows."
)
learned_cleaning_form(recipe, data)
show_notes(pipeline_notes(data), section="cleaning")

st.header("3 · Before and after, on the training split")
preview_panel(
    data,
    key="w.clean.effects",
    button="Show the effect on the training rows",
    idle=f"Fits the steps above on the {len(data.X_train):,} training rows and counts what each "
    "one changes, per column.",
    stale="The settings changed since the last view. Show the effect again to update it.",
    show=lambda preview, effects: show_effects(effects),
)

link_to("steps/features.py", "Next: engineer features", icon=":material/arrow_forward:")
