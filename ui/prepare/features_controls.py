"""Widgets of the Features page: the feature-engineering form, ordered categories, the preview."""

from __future__ import annotations

import hashlib

import streamlit as st

from core.errors import ModelPathError
from core.prepare import (
    MAX_DATE_PAIRS,
    OrderError,
    OrderSuggestion,
    SpellingClash,
    TrainingData,
    TransformPreview,
    parse_order,
    suggest_orders,
)
from core.recipe import CLASSIFICATION_TASKS, DATE_PARTS, Recipe
from ui import text
from ui.memo import remember
from ui.state import commit_section, current_dataset
from ui.widgets import choice

__all__ = ["features_form", "order_controls", "order_suggestions", "show_preview"]

# A column with more values than this is not an ordered scale anyone types out.
MAX_ORDER_VALUES = 200

_SCALING = {
    "auto": "Automatic (by algorithm)",
    "standard": "Standard (mean 0, sd 1)",
    "minmax": "Min-max (0 to 1)",
    "robust": "Robust (median, IQR)",
    "none": "None",
}
_ENCODING = {
    "onehot": "One-hot",
    "ordinal": "Ordinal codes",
    "target": "Target encoding (cross-fitted)",
}
_SELECTION = {
    "none": "No selection",
    "f_test": "Univariate F-test, top k",
    "mutual_info": "Mutual information, top k",
    "l1": "L1-penalised model",
    "tree": "Tree importance, top k",
}
_IMBALANCE = {
    "none": "Leave as is",
    "class_weight": "Class weights",
    "oversample": "Random oversampling",
    "undersample": "Random undersampling",
    "smote": "SMOTE",
}


def features_form(
    recipe: Recipe, data: TrainingData, text_columns: list[str], date_columns: list[str]
) -> None:
    """Every feature-engineering choice, committed together on submit.

    ``text_columns`` and ``date_columns`` are the candidate columns of those kinds, used or
    not (whether they are used is chosen here).
    """
    features, cols = recipe.features, data.columns
    numeric = list(cols.numeric)

    def pick(label: str, field_name: str, help_text: str):
        return st.multiselect(
            label,
            numeric,
            default=[c for c in getattr(features, field_name) if c in numeric],
            key=f"w.features.{field_name}",
            help=help_text,
        )

    with st.form("w.features.form", border=True):
        st.markdown("**Scaling and encoding**")
        left, right = st.columns(2)
        scaling = choice(
            left,
            "Scaling",
            _SCALING,
            features.scaling,
            "w.features.scaling",
            radio=True,
            help="Automatic scales for linear, distance, kernel and neural models and leaves "
            "numbers alone for tree models.",
        )
        encoding = choice(
            right,
            "Categorical encoding",
            _ENCODING,
            features.encoding,
            "w.features.encoding",
            radio=True,
        )
        levels = right.number_input(
            "One-hot: at most this many columns per feature",
            2,
            1000,
            features.max_onehot_levels,
            key="w.features.max_onehot_levels",
        )
        parts = left.multiselect(
            "Date parts",
            DATE_PARTS,
            default=list(features.date_parts),
            key="w.features.date_parts",
            disabled=not date_columns,
            help="Parts taken from each date column; none means dates are not used. A part "
            "with one value on every training row (one year, dates without times) is left out.",
        )
        durations = left.checkbox(
            "Days between date columns",
            value=features.date_durations,
            key="w.features.date_durations",
            disabled=len(date_columns) < 2,
            help="With two or more date columns, add the days from one to the other (ordered "
            f"→ delivered), for up to {MAX_DATE_PAIRS} pairs of columns.",
        )
        st.markdown("**Numeric transforms**")
        left, right = st.columns(2)
        with left:
            log = pick("Signed log", "log_columns", "sign(x)·log(1+|x|): tames long tails.")
            power = pick("Yeo-Johnson", "power_columns", "A learned power transform.")
            bins = pick("Quantile bins", "bin_columns", "Bins edges learned on training rows.")
            n_bins = st.slider("Bins", 2, 50, features.n_bins, key="w.features.n_bins")
        with right:
            poly = pick("Polynomial and interaction terms", "poly_columns", "Products of columns.")
            degree = st.slider("Degree", 2, 4, features.poly_degree, key="w.features.poly_degree")
            interaction = st.checkbox(
                "Interactions only (no squares)",
                value=features.interaction_only,
                key="w.features.interaction_only",
            )
        st.markdown("**Free text**")
        left, right = st.columns(2)
        text_mode = choice(
            left,
            "Text columns",
            {"exclude": "Exclude", "tfidf": "TF-IDF"},
            features.text,
            "w.features.text",
            radio=True,
            disabled=not text_columns,
            horizontal=True,
        )
        vocabulary = right.number_input(
            "TF-IDF vocabulary cap per column",
            10,
            20_000,
            features.text_max_features,
            key="w.features.text_max_features",
            disabled=not text_columns,
        )
        st.markdown("**Selection and reduction**")
        left, right = st.columns(2)
        variance_on = left.checkbox(
            "Drop near-constant features",
            value=features.variance_threshold is not None,
            key="w.features.variance_on",
        )
        threshold = left.number_input(
            "…variance at most",
            0.0,
            1e6,
            features.variance_threshold or 0.0,
            format="%.4f",
            key="w.features.variance_threshold",
        )
        selection = choice(
            right, "Feature selection", _SELECTION, features.selection, "w.features.selection"
        )
        k = right.number_input(
            "Features to keep (k)", 1, 100_000, features.selection_k, key="w.features.selection_k"
        )
        pca_on = left.checkbox("PCA", value=features.reduction == "pca", key="w.features.pca")
        pca_variance = left.slider(
            "…keeping this share of variance",
            0.5,
            0.99,
            min(features.pca_variance, 0.99),
            step=0.01,
            key="w.features.pca_variance",
        )
        imbalance = "none"  # classes exist only in classification; clears a stale choice
        if data.task in CLASSIFICATION_TASKS:
            imbalance = features.imbalance
            imbalance = choice(
                right,
                "Class imbalance",
                _IMBALANCE,
                imbalance,
                "w.features.imbalance",
                radio=True,
                help="Resampling happens inside training folds only.",
            )
        if st.form_submit_button("Apply these features", type="primary"):
            try:
                commit_section(
                    features.with_changes(
                        scaling=scaling,
                        encoding=encoding,
                        max_onehot_levels=int(levels),
                        date_parts=tuple(parts),
                        date_durations=durations,
                        log_columns=tuple(log),
                        power_columns=tuple(power),
                        bin_columns=tuple(bins),
                        n_bins=int(n_bins),
                        poly_columns=tuple(poly),
                        poly_degree=int(degree),
                        interaction_only=interaction,
                        text=text_mode,
                        text_max_features=int(vocabulary),
                        variance_threshold=float(threshold) if variance_on else None,
                        selection=selection,
                        selection_k=int(k),
                        reduction="pca" if pca_on else "none",
                        pca_variance=float(pca_variance),
                        imbalance=imbalance,
                    )
                )
            except ModelPathError as exc:
                text.show_error(exc)
            else:
                st.rerun()


def order_suggestions(
    recipe: Recipe, data: TrainingData
) -> dict[str, OrderSuggestion | SpellingClash]:
    """Known-scale orders (or the spellings in their way) for columns without an order yet."""
    columns = [c for c in data.columns.categorical if c not in recipe.features.ordinal_orders]
    key = (current_dataset().fingerprint, recipe.fingerprint("data", "problem", "cleaning"))
    return remember(
        "features.order_suggestions",
        (key, tuple(columns)),
        lambda: suggest_orders(data.clean.frame, columns),
    )


def _save_orders(recipe: Recipe, orders: dict[str, list[str] | tuple[str, ...]]) -> None:
    commit_section(recipe.features.with_changes(ordinal_orders=orders))
    st.rerun()


def order_controls(
    recipe: Recipe, data: TrainingData, found: dict[str, OrderSuggestion | SpellingClash]
) -> None:
    """Use a suggested order in one click; type or change any column's order in one box."""
    suggestions = {c: s for c, s in found.items() if isinstance(s, OrderSuggestion)}
    for clash in (s for s in found.values() if isinstance(s, SpellingClash)):
        spellings = "; ".join(" = ".join(repr(v) for v in group) for group in clash.groups)
        text.info(
            f"{clash.column} looks like {clash.scale}, but some levels are spelled more than "
            f"one way ({spellings}), and an order gives each spelling its own place. Tidy "
            "them on the Clean page (trim and lower-case, or merge them) and the order will "
            "be suggested here."
        )
    categorical = list(data.columns.categorical)
    orders = {c: list(v) for c, v in recipe.features.ordinal_orders.items()}
    if not categorical:
        st.caption("There are no categorical feature columns.")
        if orders and st.button("Forget the saved orders", key="w.features.forget_orders"):
            _save_orders(recipe, {})
        return
    if suggestions:
        st.markdown("**Suggested orders** — every value of these columns sits on a known scale:")
        for column, suggestion in suggestions.items():
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(text.plain(f"{column} ({suggestion.scale}): {suggestion.text}"))
            if right.button("Use this order", key=f"w.features.use_order.{column}"):
                _save_orders(recipe, {**orders, column: suggestion.order})
        if len(suggestions) > 1 and st.button(
            f"Use all {len(suggestions)} suggested orders", key="w.features.use_all_orders"
        ):
            _save_orders(recipe, {**orders, **{c: s.order for c, s in suggestions.items()}})
    st.markdown("**Set or change an order**")
    column = st.selectbox("Column", categorical, key="w.features.order_column")
    values = data.clean.frame[column].dropna().astype("str").unique().tolist()
    if len(values) > MAX_ORDER_VALUES:
        st.caption(
            text.plain(
                f"{column} has {len(values):,} different values, too many to put in order "
                f"here (at most {MAX_ORDER_VALUES})."
            )
        )
    else:
        suggested = suggestions.get(column)
        start = orders.get(column) or (list(suggested.order) if suggested else sorted(values))
        # The saved order is part of the key, so a box shows a new order once it is saved
        # (by a suggestion's button, say) instead of what was typed before.
        saved = hashlib.sha256("\n".join(orders.get(column, [])).encode()).hexdigest()[:8]
        typed = st.text_area(
            "Its values, lowest first: one per line, or separated by commas",
            value="\n".join(start),
            key=f"w.features.order_text.{column}.{saved}",
            height=min(68 + 24 * len(start), 300),
        )
        left, right = st.columns(2)
        if left.button("Save this order", key="w.features.save_order"):
            try:
                order = parse_order(typed, values, column=column)
            except OrderError as exc:
                text.show_error(exc)
            else:
                _save_orders(recipe, {**orders, column: order})
        if column in orders and right.button("Remove this order", key="w.features.remove_order"):
            orders.pop(column)
            _save_orders(recipe, orders)
    for name, order in orders.items():
        st.caption(text.plain(f"{name}: " + " < ".join(order)))
    unused = [c for c in orders if c not in categorical]
    if unused and st.button(
        f"Forget {len(unused)} order(s) for columns no longer used", key="w.features.forget_orders"
    ):
        _save_orders(recipe, {c: v for c, v in orders.items() if c in categorical})


def show_preview(preview: TransformPreview, data: TrainingData) -> None:
    """Shape, steps, output feature names and the first rows of the transformed matrix."""
    rows, columns = preview.shape
    st.markdown(
        f"The training matrix the model will see: **{rows:,} rows × {columns:,} features**."
    )
    st.dataframe(
        preview.steps_frame(),
        hide_index=True,
        width="stretch",
        column_config={"what it did": st.column_config.TextColumn(width="large")},
    )
    st.caption("Inside the prep step, each branch handles one group of columns:")
    st.dataframe(
        preview.branches_frame(),
        hide_index=True,
        width="stretch",
        column_config={
            "columns": st.column_config.TextColumn(width="medium"),
            "steps": st.column_config.TextColumn(width="large"),
        },
    )
    with st.expander(f"All {len(preview.feature_names):,} output feature names"):
        st.dataframe({"feature": list(preview.feature_names)}, hide_index=False, width="stretch")
    st.caption(f"The first {len(preview.head)} training rows (first 60 features at most):")
    st.dataframe(preview.head.round(4), width="stretch")
    if preview.fitted_rows < len(data.X_train):
        st.caption(
            f"Previewed on a sample of {preview.fitted_rows:,} of the {len(data.X_train):,} "
            "training rows; training uses them all."
        )
