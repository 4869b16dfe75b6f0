"""Features: turn cleaned columns into model-ready inputs, and preview the training matrix."""

import streamlit as st

from core.data import ColumnKind
from ui import text
from ui.components import link_to
from ui.guide import show_lesson
from ui.prepare.features_controls import (
    features_form,
    order_controls,
    order_suggestions,
    show_preview,
)
from ui.prepare.training_data import (
    pipeline_notes,
    preview_panel,
    require_training_data,
    show_examples,
    show_notes,
)
from ui.state import current_profile, current_recipe

st.title("Features")
show_lesson("features")
data = require_training_data()
show_examples("features", data)
recipe = current_recipe()
profile = current_profile()
columns = data.columns

st.caption(f"Feature columns: {columns.summary()}.")
if columns.skipped:
    with st.expander(f"{len(columns.skipped)} column(s) are not features, and why"):
        for name, reason in columns.skipped.items():
            st.markdown("- " + text.plain(f"{name}: {reason}"))

excluded = {recipe.problem.target, *recipe.problem.exclude_columns}
text_columns = [c for c in profile.table.names_of_kind(ColumnKind.TEXT) if c not in excluded]
date_columns = [c for c in profile.table.names_of_kind(ColumnKind.DATETIME) if c not in excluded]
features_form(recipe, data, text_columns, date_columns)

suggestions = order_suggestions(recipe, data)
ordered_label = "Ordered categories (e.g. small < medium < large)"
if suggestions:
    ordered_label += f" — {len(suggestions)} column(s) look ordered"
with st.expander(ordered_label, icon=":material/sort:", expanded=bool(suggestions)):
    st.caption(
        "A column with a natural order is encoded as that order (0, 1, 2…) whatever the "
        "encoding chosen above, so a model can use 'more' and 'less'."
    )
    order_controls(recipe, data, suggestions)

show_notes(pipeline_notes(data), section="features")

st.header("Preview the transformed training matrix")
preview_panel(
    data,
    key="w.features.preview",
    button="Preview",
    idle="Fits every cleaning and feature step on the training rows and shows the matrix a "
    "model would learn from: its shape, feature names and what each step did.",
    stale="The settings changed since the last preview. Preview again to update it.",
    show=lambda preview, effects: show_preview(preview, data),
)
if recipe.features.scaling == "auto" and recipe.model.algorithm is None:
    st.caption(
        "Automatic scaling previews as standard scaling; once an algorithm is chosen, tree "
        "models switch it off."
    )
link_to("steps/split.py", "Next: split and validation", icon=":material/arrow_forward:")
