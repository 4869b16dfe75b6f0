"""Explore: overview, findings, and charts of columns, target, relationships and gaps."""

import streamlit as st

import core.understand as ex
from core.data import ColumnKind
from core.errors import ModelPathError
from ui import text
from ui.components import link_to, require_dataset, show_chart, show_findings, show_overview
from ui.guide import show_lesson
from ui.state import current_profile, current_recipe, remember_for_profile

SECTIONS = (
    "Columns",
    "Target",
    "Feature vs target",
    "Correlations",
    "Missing values",
    "Outliers",
    "Pairplot",
)
PLOTTABLE = (ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN, ColumnKind.DATETIME)

st.title("Explore")
show_lesson("explore")
require_dataset()
profile = current_profile()
table, frame, columns = profile.table, profile.table.frame, profile.table.columns
recipe = current_recipe()
target = profile.target if profile.task else None
task = (recipe.problem.task or profile.task.task) if target else None
seed = recipe.split.seed


def memo(name, params, compute):
    return remember_for_profile(f"explore.{name}", params, compute)


facts = memo("overview", (), lambda: ex.overview(frame, columns))
show_overview(facts)

st.subheader("Findings")
if target is None:
    st.caption("Choose a target on the Problem page to add target checks (imbalance, leakage).")
show_findings(profile.findings)

tabs = dict(zip(SECTIONS, st.tabs(SECTIONS, key="w.explore.tab", on_change="rerun"), strict=True))
with tabs["Columns"]:
    if tabs["Columns"].open:
        st.dataframe(
            memo("summary", (), lambda: ex.column_summary_frame(frame, columns)), hide_index=True
        )
        name = st.selectbox("Column", [c.name for c in columns], key="w.explore.column")
        stats, chart = memo(
            "profile", name, lambda: ex.column_profile(frame, table.info(name), seed=seed)
        )
        left, right = st.columns([1, 2])
        left.dataframe(stats, hide_index=True)
        with right:
            show_chart(chart, key="explore.column_chart")
with tabs["Target"]:
    if tabs["Target"].open:
        if target is None:
            st.info("No target yet: choose what to predict on the Problem page.")
            link_to("steps/problem.py", "Go to Problem", icon=":material/flag:")
        else:
            show_chart(
                memo("target", task, lambda: ex.target_distribution(frame, target, task)),
                key="explore.target",
            )
with tabs["Feature vs target"]:
    if tabs["Feature vs target"].open:
        features = [c.name for c in columns if c.kind in PLOTTABLE and c.name != target]
        if target is None or not features:
            st.info("Choose a target on the Problem page to compare each feature with it.")
        else:
            feature = st.selectbox("Feature", features, key="w.explore.feature")
            chart = memo(
                "vs_target",
                (feature, task),
                lambda: ex.feature_vs_target(frame, table.info(feature), target, task, seed=seed),
            )
            show_chart(chart, key="explore.vs_target")
with tabs["Correlations"]:
    if tabs["Correlations"].open:
        method = st.radio(
            "Method",
            ["pearson", "spearman"],
            horizontal=True,
            key="w.explore.method",
            help="Pearson: straight-line relations. Spearman: any steadily rising/falling one.",
        )
        for name, compute in (
            ("correlation", lambda: ex.correlation_heatmap(frame, columns, method=method)),
            (
                "association",
                lambda: ex.association_heatmap(
                    frame, columns, target=target if task != "regression" else None
                ),
            ),
        ):
            try:
                show_chart(memo(name, method, compute), key=f"explore.{name}")
            except ModelPathError as exc:
                text.info(exc.message)
with tabs["Missing values"]:
    if tabs["Missing values"].open:
        show_chart(
            memo("missing", (), lambda: ex.missingness_chart(frame, seed=seed)),
            key="explore.missing",
        )
        show_chart(
            memo("pattern", (), lambda: ex.missing_pattern_chart(frame, seed=seed)),
            key="explore.pattern",
        )
with tabs["Outliers"]:
    if tabs["Outliers"].open:
        st.dataframe(
            memo("outliers", (), lambda: ex.outlier_frame(frame, columns)), hide_index=True
        )
        show_chart(
            memo("outlier_chart", (), lambda: ex.outlier_chart(frame, columns)),
            key="explore.outliers",
        )
with tabs["Pairplot"]:
    if tabs["Pairplot"].open:
        numeric = table.names_of_kind(ColumnKind.NUMERIC)
        chosen = st.multiselect(
            "Numeric columns (up to 6)",
            numeric,
            default=numeric[:4],
            max_selections=ex.MAX_PAIRPLOT_COLUMNS,
            key="w.explore.pair_columns",
        )
        hue = target if task in ("binary", "multiclass") else None
        if st.button("Draw the pairplot", key="w.explore.pairplot", disabled=not chosen):
            png, note = memo(
                "pairplot",
                (tuple(chosen), hue),
                lambda: ex.pairplot_png(frame, chosen, hue=hue, seed=seed),
            )
            st.image(png)
            if note:
                st.caption(text.plain(note))
        st.caption(
            "Each panel plots two columns against each other; the diagonal shows each "
            "column's distribution."
        )

link_to("steps/clean.py", "Next: clean the data", icon=":material/arrow_forward:")
