"""Widgets of the Clean page: pre-split fixes, spelling merges, and the learned cleaning steps.

Choices are batched in forms and committed to the recipe on submit; nothing is fitted until
the person asks for the before/after view.
"""

from __future__ import annotations

import zlib

import pandas as pd
import streamlit as st

from core.data import ColumnKind
from core.errors import ModelPathError
from core.prepare import CleaningEffects, TrainingData, normalise_text, suggest_merges
from core.recipe import CATEGORICAL_IMPUTATIONS, NUMERIC_IMPUTATIONS, Recipe
from core.understand import DatasetProfile
from ui import text
from ui.memo import remember
from ui.state import commit_section, profile_key, synced
from ui.widgets import choice

__all__ = [
    "STRATEGY_LABELS",
    "learned_cleaning_form",
    "merge_controls",
    "pre_split_form",
    "show_effects",
]

STRATEGY_LABELS = {
    "mean": "Mean",
    "median": "Median",
    "most_frequent": "Most frequent value",
    "constant": "A constant value",
    "knn": "k-nearest neighbours",
    "iterative": "Iterative (each column predicted from the others)",
    "none": "Leave missing (only for models that handle it)",
}
_NORMALISATION = {
    "none": "Leave text as it is",
    "trim": "Trim and collapse spaces",
    "trim_lower": "Trim spaces and lower-case",
}
_OUTLIERS = {
    "none": "Keep outliers as they are",
    "clip_iqr": "Clip to the IQR fences",
    "clip_quantile": "Clip to quantiles",
    "drop_train_rows": "Drop outlier rows from training data only",
}
_DEFAULT = "(default)"
_MERGE_VERSION = "mp.clean.merge_version"


def _commit(section) -> bool:
    try:
        commit_section(section)
    except ModelPathError as exc:
        text.show_error(exc)
        return False
    return True


def pre_split_form(recipe: Recipe, data: TrainingData | None, profile: DatasetProfile) -> None:
    """Drop columns, de-duplicate, normalise text: applied before the split.

    ``data`` is ``None`` when the current choices leave nothing to split; the form is still
    shown so the person can undo them.
    """
    found = f" ({data.clean.duplicates_found:,} found)" if data is not None else ""
    with st.form("w.clean.before", border=True):
        drop_duplicates = st.checkbox(
            f"Drop exact duplicate rows{found}",
            value=recipe.cleaning.drop_duplicates,
            key=synced("w.clean.drop_duplicates", recipe.cleaning.drop_duplicates),
        )
        normalisation = choice(
            st,
            "Text in categorical and free-text columns",
            _NORMALISATION,
            recipe.cleaning.text_normalisation,
            "w.clean.normalisation",
            radio=True,
            horizontal=True,
        )
        columns = [c for c in profile.loaded.frame.columns if c != recipe.problem.target]
        committed = [c for c in recipe.data.drop_columns if c in columns]
        dropped = st.multiselect(
            "Columns to drop entirely",
            columns,
            default=committed,
            key=synced("w.clean.drop_columns", committed),
            help="Removed from the table before anything else. To keep a column for grouping "
            "but not learn from it, exclude it on the Problem page instead.",
        )
        if st.form_submit_button("Apply these fixes", type="primary"):
            cleaning = recipe.cleaning.with_changes(
                drop_duplicates=drop_duplicates, text_normalisation=normalisation
            )
            if _commit(cleaning) and _commit(recipe.data.with_changes(drop_columns=dropped)):
                st.rerun()


def merge_controls(recipe: Recipe, profile: DatasetProfile) -> None:
    """Suggested and hand-made spelling merges (column → {spelling: canonical})."""
    normalisation = recipe.cleaning.text_normalisation
    target = recipe.problem.target
    categorical = [c for c in profile.table.names_of_kind(ColumnKind.CATEGORICAL) if c != target]
    found = remember(
        "clean.merge_suggestions",
        (profile_key(), normalisation),
        lambda: suggest_merges(profile.table, columns=categorical, normalisation=normalisation),
    )
    merges = {c: dict(m) for c, m in recipe.cleaning.category_merges.items()}
    # A group whose other spellings are all mapped already needs no second suggestion.
    suggestions = [
        s for s in found if not all(v in merges.get(s.column, {}) for v in s.as_mapping())
    ]
    if suggestions:
        st.caption(
            f"{len(suggestions)} group(s) of spellings look like the same category. Tick the ones "
            "to merge; you can change the value they become."
        )
        if any(s.reason == "case or spaces" for s in suggestions):
            st.caption(
                "Groups that differ only in case or spaces are all fixed at once by 'Trim "
                "spaces and lower-case' above."
            )
        table = pd.DataFrame(
            {
                "merge": [False] * len(suggestions[:30]),
                "column": [s.column for s in suggestions[:30]],
                "spellings": [" | ".join(s.values) for s in suggestions[:30]],
                "becomes": [s.canonical for s in suggestions[:30]],
                "rows changed": [s.rows for s in suggestions[:30]],
                "why": [s.reason for s in suggestions[:30]],
            }
        )
        version = st.session_state.get(_MERGE_VERSION, 0)
        edited = st.data_editor(
            table,
            key=f"w.clean.suggestions.{version}",
            hide_index=True,
            width="stretch",
            disabled=["column", "spellings", "rows changed", "why"],
        )
        chosen = edited[edited["merge"]]
        if st.button(
            "Merge the ticked spellings", key="w.clean.apply_suggestions", disabled=chosen.empty
        ):
            for row, suggestion in zip(edited.itertuples(), suggestions[:30], strict=False):
                if row.merge and str(row.becomes).strip():
                    target = str(row.becomes).strip()
                    column = merges.setdefault(suggestion.column, {})
                    column.update({v: target for v in suggestion.values if v != target})
            st.session_state[_MERGE_VERSION] = version + 1
            if _commit(recipe.cleaning.with_changes(category_merges=merges)):
                st.rerun()
    else:
        st.caption("No likely duplicate spellings were found in categorical columns.")
    if categorical:
        with st.expander("Merge spellings by hand"):
            column = st.selectbox("Column", categorical, key="w.clean.merge_column")
            values = normalise_text(profile.table.frame[column], normalisation).dropna()
            options = values.astype("str").value_counts().index[:500].tolist()
            picked = st.multiselect("Spellings to merge", options, key="w.clean.merge_values")
            into = st.text_input("Into the value", key="w.clean.merge_into")
            if st.button("Add this merge", key="w.clean.add_merge"):
                if not picked or not into.strip():
                    st.warning("Pick at least one spelling and the value it should become.")
                else:
                    merges.setdefault(column, {}).update(
                        {v: into.strip() for v in picked if v != into.strip()}
                    )
                    if _commit(recipe.cleaning.with_changes(category_merges=merges)):
                        st.rerun()
    if merges:
        rows = [
            {"column": c, "spelling": old, "becomes": new}
            for c, mapping in merges.items()
            for old, new in mapping.items()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        forget = st.button("Forget all merges", key="w.clean.clear_merges")
        if forget and _commit(recipe.cleaning.with_changes(category_merges={})):
            st.rerun()


def learned_cleaning_form(recipe: Recipe, data: TrainingData) -> None:
    """Imputation, outliers and rare categories: pipeline steps learned on training rows."""
    cleaning = recipe.cleaning
    with st.form("w.clean.pipeline", border=True):
        left, right = st.columns(2)
        numeric = choice(
            left,
            "Missing numbers and dates",
            {s: STRATEGY_LABELS[s] for s in NUMERIC_IMPUTATIONS},
            cleaning.numeric_imputation,
            "w.clean.numeric_imputation",
        )
        categorical = choice(
            right,
            "Missing categories and yes/no values",
            {s: STRATEGY_LABELS[s] for s in CATEGORICAL_IMPUTATIONS},
            cleaning.categorical_imputation,
            "w.clean.categorical_imputation",
        )
        numeric_fill = left.number_input(
            "Constant for numbers", value=cleaning.numeric_fill_value, key="w.clean.numeric_fill"
        )
        categorical_fill = right.text_input(
            "Constant for categories",
            value=cleaning.categorical_fill_value,
            key="w.clean.categorical_fill",
        )
        neighbours = left.slider(
            "Neighbours for k-nearest-neighbour filling",
            1,
            50,
            cleaning.knn_neighbors,
            key="w.clean.knn_neighbors",
        )
        indicators = right.checkbox(
            "Add a 'was missing' 0/1 column per feature with gaps",
            value=cleaning.missing_indicators,
            key="w.clean.missing_indicators",
            help="Lets the model learn from missingness itself (e.g. 'no income given').",
        )
        limit_on = left.checkbox(
            "Drop a column when too much of it is missing",
            value=cleaning.max_missing_share is not None,
            key="w.clean.limit_missing",
        )
        limit = left.slider(
            "…more than this share missing",
            0.05,
            0.95,
            min(max(cleaning.max_missing_share or 0.5, 0.05), 0.95),
            step=0.05,
            key="w.clean.max_missing_share",
        )
        overrides = _override_editor(recipe, data)
        st.markdown("**Outliers**")
        outliers = choice(
            st,
            "Outlier treatment",
            _OUTLIERS,
            cleaning.outliers,
            "w.clean.outliers",
            radio=True,
            horizontal=True,
        )
        left, right = st.columns(2)
        factor = left.slider(
            "Fence distance (× IQR; 1.5 is Tukey's rule)",
            0.5,
            10.0,
            cleaning.iqr_factor,
            step=0.5,
            key="w.clean.iqr_factor",
        )
        quantiles = right.slider(
            "Clipping quantiles",
            0.0,
            1.0,
            (cleaning.lower_quantile, cleaning.upper_quantile),
            step=0.005,
            key="w.clean.quantiles",
        )
        st.markdown("**Rare categories**")
        rare_on = st.checkbox(
            "Group rare categories into 'other'",
            value=cleaning.rare_category_share is not None,
            key="w.clean.group_rare",
        )
        rare = st.slider(
            "…rarer than this share of training rows (%)",
            0.1,
            20.0,
            min(max((cleaning.rare_category_share or 0.01) * 100, 0.1), 20.0),
            step=0.1,
            key="w.clean.rare_share",
        )
        if st.form_submit_button("Apply these steps", type="primary"):
            try:
                section = cleaning.with_changes(
                    numeric_imputation=numeric,
                    categorical_imputation=categorical,
                    numeric_fill_value=float(numeric_fill),
                    categorical_fill_value=categorical_fill.strip() or "missing",
                    knn_neighbors=int(neighbours),
                    missing_indicators=indicators,
                    max_missing_share=float(limit) if limit_on else None,
                    imputation_overrides=overrides,
                    outliers=outliers,
                    iqr_factor=float(factor),
                    lower_quantile=float(quantiles[0]),
                    upper_quantile=float(quantiles[1]),
                    rare_category_share=round(rare / 100, 4) if rare_on else None,
                )
            except ModelPathError as exc:
                text.show_error(exc)
            else:
                if _commit(section):
                    st.rerun()


def _override_editor(recipe: Recipe, data: TrainingData) -> dict[str, str]:
    """Per-column strategies for the columns with gaps; returns the overrides chosen."""
    cleaning = recipe.cleaning
    missing = data.X_train.isna().sum()
    columns = [
        c
        for c in data.columns.used
        if (missing[c] or c in cleaning.imputation_overrides) and data.columns.kind_of(c) != "text"
    ]
    if not columns:
        st.caption("No feature column has missing values in the training rows.")
        return {}
    kinds = [data.columns.kind_of(c) for c in columns]
    table = pd.DataFrame(
        {
            "column": columns,
            "kind": kinds,
            "missing (training)": [int(missing[c]) for c in columns],
            "strategy": [cleaning.imputation_overrides.get(c, _DEFAULT) for c in columns],
        }
    )
    options = [_DEFAULT, *dict.fromkeys(NUMERIC_IMPUTATIONS + CATEGORICAL_IMPUTATIONS)]
    st.caption("Per-column strategy (overrides the defaults above for that column):")
    edited = st.data_editor(
        table,
        # The rows depend on which columns have gaps; a key per row set keeps a pending edit
        # from landing on another column when that set changes.
        key=f"w.clean.overrides.{zlib.crc32(chr(0).join(columns).encode()):08x}",
        hide_index=True,
        width="stretch",
        disabled=["column", "kind", "missing (training)"],
        column_config={
            "strategy": st.column_config.SelectboxColumn("strategy", options=options, required=True)
        },
    )
    return {
        row.column: row.strategy
        for row in edited.itertuples()
        if row.strategy and row.strategy != _DEFAULT
    }


def show_effects(effects: CleaningEffects) -> None:
    """The before/after tables of a fitted preview."""
    st.dataframe(effects.rows, hide_index=True, width="content")
    frame = effects.columns
    numeric_cols = [c for c in frame.columns if frame[c].dtype.kind in "iu"]
    changed = frame[(frame[numeric_cols] != 0).any(axis=1)]
    # Only the kinds of effect that happened: an all-zero "values clipped" column is noise.
    changed = changed.loc[
        :, [c for c in changed.columns if (changed[c] != 0).any() and (changed[c] != "").any()]
    ]
    if changed.empty:
        st.caption("No cell of the training rows needed filling, clipping or grouping.")
    else:
        st.dataframe(changed, hide_index=True, width="stretch")
        st.caption(
            "Counts are training rows only, except text normalisation and merges, which "
            "happen on all rows before the split. Fill values and fences are what the "
            "pipeline learned."
        )
    for column, reason in effects.dropped.items():
        text.info(f"{column!r} is dropped by the pipeline: {reason}.")
