"""Views of a trained model: headline scores, test metrics, evaluation charts, diagnosis,
importance, runs and their comparison. Every chart comes from ``core`` with its "how to read"
line; every number shown beside the model's has the baseline's beside it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from core.evaluate import (
    Diagnosis,
    EvaluationError,
    Importance,
    LearningCurve,
    NewRowsCheck,
    Run,
    RunComparison,
    TrainedModel,
    at_threshold,
    calibration_chart,
    calibration_frame,
    confusion_chart,
    confusion_frame,
    default_threshold,
    importance_chart,
    learning_curve_chart,
    per_class_frame,
    pr_chart,
    predicted_actual_chart,
    residual_frame,
    residual_histogram,
    residuals_chart,
    roc_chart,
    threshold_chart,
    threshold_frame,
    threshold_range,
    unmeasured_text,
)
from core.model import leave_out_label
from core.understand import METRICS, format_score
from ui import text
from ui.components import link_to, show_chart
from ui.evaluate.evaluation import leave_out_and_retrain

__all__ = [
    "carrying_column_view",
    "classification_views",
    "comparison_view",
    "diagnosis_view",
    "folds_table",
    "importance_view",
    "learning_curve_view",
    "new_rows_view",
    "per_class_view",
    "regression_views",
    "score_summary",
    "suspicion_view",
    "suspicious_runs_view",
    "test_metrics_view",
]

# On the Why page, a column with at least this share of the importance "carries the model".
_CARRYING_SHARE = 0.5

_PAGES = {
    "features": ("steps/features.py", "Features", ":material/build:"),
    "algorithm": ("steps/algorithm.py", "Algorithm", ":material/model_training:"),
    "new_data": ("steps/new_data.py", "New data", ":material/playlist_add:"),
}


def _chart(factory: Callable[..., object], *args: object, key: str, **kwargs: object) -> None:
    """Place a chart; when its data cannot make one (no scores, one class), say why instead."""
    try:
        result = factory(*args, **kwargs)
    except EvaluationError as exc:
        text.info(exc.message)
        return
    show_chart(result, key=key)


def _fmt(value: float | None, metric: str) -> str:
    return format_score(metric, value, ".4g", missing="—")


def score_summary(trained: TrainedModel) -> None:
    """CV and test scores of the model beside the baseline's."""
    cv, base, final = trained.cv, trained.baseline_cv, trained.final
    metric = METRICS[cv.metric]
    cols = st.columns(4)
    cols[0].metric(
        f"CV {metric.label}",
        f"{metric.format(cv.mean)} ± {metric.format(cv.std, '.2g')}",
        help=f"Mean over {len(cv.folds)} validation folds ± the spread between them.",
    )
    cols[1].metric(
        "Baseline (CV)",
        _fmt(base.mean if base is not None else None, cv.metric),
        help="A model that ignores every feature, on the same folds.",
    )
    cols[2].metric(
        f"Test {metric.label}",
        _fmt(final.test_score if final else None, cv.metric),
        help=f"The final model, refitted on all {trained.n_train:,} training rows, scored once "
        f"on the {trained.n_test:,} held-out test rows.",
    )
    cols[3].metric("Baseline (test)", _fmt(final.baseline_test_score if final else None, cv.metric))
    if final is not None and math.isfinite(final.test_score):
        gap = final.test_score - cv.mean
        st.caption(
            f"The test score differs from the CV mean by "
            f"{metric.format_change(gap, signed=True)}"
            + (
                " — within the fold-to-fold spread, as expected."
                if abs(gap) <= 2 * max(cv.std, 1e-12)
                else " — more than twice the fold spread: the test split may differ from the "
                "training rows, or choices were tuned to the folds."
            )
            + " Choose between runs by their CV scores; the test score is the final check, and "
            "picking the run with the best test score makes it optimistic."
        )


def folds_table(trained: TrainedModel) -> None:
    """Validation, training and baseline score of every fold."""
    cv, base = trained.cv, trained.baseline_cv
    baseline = {f.fold: f.test for f in base.folds} if base is not None else {}
    metric = METRICS[cv.metric]
    unit = " (%)" if metric.percent else ""

    def shown(value: float | None) -> float | None:
        return None if value is None else metric.shown(value)

    st.dataframe(
        pd.DataFrame(
            {
                "fold": [f.fold + 1 for f in cv.folds],
                f"validation{unit}": [shown(f.test) for f in cv.folds],
                f"training{unit}": [shown(f.train) for f in cv.folds],
                f"baseline{unit}": [shown(baseline.get(f.fold)) for f in cv.folds],
                "fit seconds": [f.fit_seconds for f in cv.folds],
            }
        ),
        hide_index=True,
    )


def test_metrics_view(trained: TrainedModel) -> None:
    """Every test-split metric beside the baseline's, with notes on undefined ones."""
    table = trained.metric_table()
    st.dataframe(
        table.drop(columns=["note"], errors="ignore"),
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="%.4g") for c in table.columns[1:4]},
    )
    if "note" in table:
        for metric, note in zip(table["metric"], table["note"], strict=True):
            if isinstance(note, str) and note:
                st.caption(text.plain(f"{metric}: {note}"))


def classification_views(trained: TrainedModel) -> None:
    """Confusion matrix, threshold, ROC and PR curves, calibration and per-class errors."""
    test = trained.final.test
    tabs = st.tabs(["Confusion matrix", "Threshold", "ROC and PR curves", "Calibration"])
    with tabs[0]:
        normalized = st.toggle("Show shares of each actual class", key="w.evaluate.normalize")
        frame = confusion_frame(test.y_true, test.y_pred, test.classes, normalize=normalized)
        _chart(confusion_chart, frame, normalized=normalized, key="evaluate.confusion")
    with tabs[1]:
        _threshold_view(trained)
    with tabs[2]:
        if test.scores is None:
            st.info("This model gives no scores or probabilities, so there is no curve to draw.")
        else:
            _chart(roc_chart, test, trained.final.baseline_test, key="evaluate.roc")
            _chart(pr_chart, test, key="evaluate.pr")
    with tabs[3]:
        frame = calibration_frame(test)
        if frame.empty:
            st.info(
                "A calibration curve needs predicted probabilities of a yes/no target; this "
                "model or task has none."
            )
        else:
            _chart(calibration_chart, frame, key="evaluate.calibration")


def _threshold_view(trained: TrainedModel) -> None:
    test = trained.final.test
    if test.task != "binary" or test.scores is None:
        st.info("The decision threshold applies to yes/no targets with scores or probabilities.")
        return
    low, high = threshold_range(test)
    default = min(max(default_threshold(test), low), high)
    kind = "probability" if test.score_kind == "probability" else "decision score"
    threshold = st.slider(
        f"Predict '{test.positive_class}' when its {kind} is at least",
        float(low),
        float(high),
        float(default),
        step=float((high - low) / 100) or 0.01,
        key="w.evaluate.threshold",
        help="Lower it to find more positives (recall up, precision down); raise it for the "
        "opposite.",
    )
    reading = at_threshold(test, threshold)
    cols = st.columns(5)
    for col, (label, value) in zip(
        cols,
        [
            ("Precision", reading.precision),
            ("Recall", reading.recall),
            ("F1", reading.f1),
            ("Accuracy", reading.accuracy),
            ("Predicted positive", reading.predicted_positive),
        ],
        strict=True,
    ):
        col.metric(label, f"{value:.3g}" if isinstance(value, float) else f"{value:,}")
    _chart(confusion_chart, reading.confusion, normalized=False, key="evaluate.threshold_cm")
    _chart(threshold_chart, threshold_frame(test), threshold, key="evaluate.threshold_chart")


def regression_views(trained: TrainedModel) -> None:
    """Predicted vs actual, residuals vs predicted and the residual distribution."""
    frame = residual_frame(trained.final.test)
    tabs = st.tabs(["Predicted vs actual", "Residuals", "Residual distribution"])
    for tab, chart, key in zip(
        tabs,
        (predicted_actual_chart, residuals_chart, residual_histogram),
        ("evaluate.pva", "evaluate.residuals", "evaluate.residual_hist"),
        strict=True,
    ):
        with tab:
            _chart(chart, frame, key=key)


def per_class_view(trained: TrainedModel) -> None:
    """Per-class precision, recall and error rate, worst first."""
    frame = per_class_frame(trained.final.test)
    if frame.empty:
        return
    worst = frame.index[0]
    st.caption(
        text.plain(
            f"The model misses '{worst}' most often: {frame.iloc[0]['error_rate']:.0%} of its "
            f"{int(frame.iloc[0]['rows']):,} test rows are predicted as another class."
        )
    )
    st.dataframe(frame)


def learning_curve_view(curve: LearningCurve, baseline: float | None) -> None:
    """The learning curve chart and its notes."""
    show_chart(learning_curve_chart(curve, baseline), key="diagnose.curve")
    for note in curve.notes:
        st.caption(text.plain(note))


def suspicion_view(trained: TrainedModel, *, key: str) -> bool:
    """When the model learned from a likely leak: "suspicious", the warnings with their numbers,
    and the one action — leave the columns out and retrain. Whether it was shown."""
    if not trained.warnings:
        return False
    columns = tuple(dict.fromkeys(c for w in trained.warnings for c in w.columns))
    text.error(
        " ".join(w.message for w in trained.warnings),
        title="Suspicious (likely leakage): these scores cannot be trusted",
    )
    if st.button(leave_out_label(columns), key=f"w.{key}.leave_out", type="primary"):
        leave_out_and_retrain(columns)
        try:  # the Metrics page starts the training with the new recipe's data and folds
            st.switch_page("steps/evaluate.py")
        except StreamlitAPIException:  # the page runs on its own (tests): say where to go
            names = ", ".join(f"‘{c}’" for c in columns)
            text.info(f"{names} left out. Open the Metrics page: training starts there.")
    return True


def suspicious_runs_view(runs: Sequence[Run]) -> None:
    """Which runs learned from a likely leak (listed last on the board, never called better)."""
    for run in runs:
        if run.suspicious:
            names = ", ".join(f"‘{c}’" for c in run.suspect_columns)
            text.warning(
                f"Run {run.id} is suspicious (likely leakage): it learned from {names}, so its "
                "scores say nothing about new rows. It is listed after the other runs and is "
                "never called better than another."
            )


def carrying_column_view(importance: Importance) -> None:
    """A warning naming the column that carries most of the importance (a leak looks so)."""
    frame = importance.frame
    positive = frame["importance"].clip(lower=0)
    total = float(positive.sum())
    if frame.empty or total <= 0:
        return
    share = float(positive.iloc[0]) / total
    if share < _CARRYING_SHARE:
        return
    column = frame["column"].iloc[0]
    text.warning(
        f"‘{column}’ carries {share:.0%} of the model's importance. One column that decisive is "
        "either the real driver or a leak (recorded after the outcome, or computed from it): "
        f"if ‘{column}’ would not be known when predicting, leave it out and retrain."
    )


def diagnosis_view(
    diagnosis: Diagnosis, apply: Callable[[str, object], None] | None = None
) -> None:
    """Verdict, the numbers behind it, and remedies (one click for hyperparameter ones)."""
    show = {"good fit": text.success, "suspicious": text.error}.get(diagnosis.verdict, text.warning)
    show(diagnosis.headline, title=diagnosis.verdict.capitalize())
    for reason in diagnosis.reasons:
        st.markdown(f"- {text.plain(reason)}")
    with st.expander("The numbers behind the verdict"):
        st.dataframe(
            pd.Series(diagnosis.figures, name="value").rename_axis("figure").reset_index(),
            hide_index=True,
        )
    st.subheader("What to try next")
    for number, remedy in enumerate(diagnosis.remedies):
        cols = st.columns([5, 1])
        cols[0].markdown(f"{number + 1}. {text.plain(remedy.text)}")
        if remedy.columns:
            if cols[1].button("Leave out", key=f"w.diagnose.leave_out.{number}"):
                leave_out_and_retrain(remedy.columns)
                try:
                    st.switch_page("steps/evaluate.py")
                except StreamlitAPIException:
                    text.info("Left out. Open the Metrics page: training starts there.")
        elif remedy.param is not None and apply is not None:
            if cols[1].button("Apply", key=f"w.diagnose.apply.{number}"):
                apply(remedy.param, remedy.value)
        elif remedy.page in _PAGES:
            page, label, icon = _PAGES[remedy.page]
            with cols[1]:
                link_to(page, label, icon=icon)


def importance_view(importance: Importance, *, key: str) -> None:
    """An importance chart with what its numbers mean, and which columns it did not reach."""
    st.caption(text.plain(importance.unit))
    if importance.unmeasured:
        text.warning(unmeasured_text(importance), title="Not every column was measured")
    show_chart(importance_chart(importance), key=key)


def new_rows_view(check: NewRowsCheck) -> None:
    """How the earlier model did on the rows it never saw."""
    label = METRICS[check.metric].label
    earlier = (
        f", against {format_score(check.metric, check.earlier_test_score)} on its own test split"
        if check.earlier_test_score is not None
        else ""
    )
    text.info(
        f"Before retraining, the earlier model scored {format_score(check.metric, check.score)} "
        f"{label} on the "
        f"{check.rows:,} new rows{earlier}. A clear drop means the new rows differ from the old "
        "ones (drift), and retraining on them matters."
    )


def comparison_view(comparison: RunComparison) -> None:
    """Whether two runs differ beyond noise, and what changed between their recipes."""
    if not comparison.comparable:
        text.warning(comparison.verdict, title="Not comparable fold by fold")
    elif comparison.significant:
        text.success(comparison.verdict)
    else:
        text.info(comparison.verdict)
    if comparison.changes.empty:
        st.caption("Their recipes are identical.")
    else:
        st.dataframe(comparison.changes, hide_index=True)
