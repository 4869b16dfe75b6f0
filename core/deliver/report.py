"""One self-contained HTML report of a trained model, to download, keep and share.

The report tells the project's story in order: the problem and its metric, the data and what
exploring it found, the cleaning and features, the algorithm and its hyperparameters, the
cross-validated and test results beside the do-nothing baseline (with charts), the diagnosis,
the importance of each column, and how to reproduce the model. It is one HTML file that opens
offline: the styles are inline and plotly.js is embedded once, before the first chart.

Python computes every number and sentence as plain blocks (:mod:`core.deliver._report_view`;
the sections without charts are in :mod:`core.deliver._report_sections`), and the Jinja2
template ``templates/report.html.j2`` lays them out with autoescaping on: everything that came
from the person or their data (file and column names, category values, findings, the note,
recipe values) is escaped there. plotly writes figure data as JSON with ``<``, ``>`` and ``/``
escaped, so nothing in a chart can close its script. A chart that cannot be drawn is left out
with the reason; it never fails the report.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import pandas as pd
from markupsafe import Markup

from core.deliver._report_sections import (
    STOP_WORDS,
    ReportInputs,
    cleaning_section,
    cv_reading,
    data_section,
    default_title,
    diagnosis_section,
    model_section,
    problem_section,
    reproduce_section,
    summary_section,
)
from core.deliver._report_view import (
    MAX_LISTED_CLASSES,
    MAX_TABLE_ROWS,
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    Section,
    absent,
    direction,
    metric_label,
    num,
    render_page,
    score,
    table,
)
from core.errors import ModelPathError
from core.evaluate import (
    DiagnosisError,
    Importance,
    LearningCurve,
    confusion_chart,
    confusion_frame,
    diagnose,
    importance_chart,
    learning_curve_chart,
    predicted_actual_chart,
    residual_frame,
    residuals_chart,
    roc_chart,
    unmeasured_text,
)
from core.model import CVResult
from core.understand import ChartResult

__all__ = ["SECTIONS", "ReportInputs", "render_report", "report_file_name"]

logger = logging.getLogger(__name__)

SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("problem", "Problem"),
    ("data", "Data"),
    ("cleaning", "Cleaning & features"),
    ("model", "Model"),
    ("results", "Results"),
    ("diagnosis", "Diagnosis"),
    ("importance", "Importance"),
    ("reproduce", "Reproduce"),
)
"""The report's sections in order: (HTML id, heading)."""


def render_report(inputs: ReportInputs, *, charts: bool = True, now: datetime | None = None) -> str:
    """The whole report as one self-contained HTML document.

    Parameters
    ----------
    inputs : ReportInputs
    charts : bool, default=True
        Embed the charts (and plotly.js, once). Without them the file is small and holds no
        script at all; every number is still in the tables.
    now : datetime, optional
        The date printed on the report (defaults to now); the rest of the document depends
        only on the inputs.

    Returns
    -------
    str
        The HTML document.
    """
    now = now or datetime.now()
    inputs = _with_one_verdict(inputs)
    writer = _ChartWriter(enabled=charts)
    blocks = {
        "summary": summary_section(inputs),
        "problem": problem_section(inputs),
        "data": data_section(inputs),
        "cleaning": cleaning_section(inputs),
        "model": model_section(inputs),
        "results": _results(inputs, writer),
        "diagnosis": diagnosis_section(inputs.diagnosis),
        "importance": _importance(inputs.importance, writer),
        "reproduce": reproduce_section(inputs),
    }
    return render_page(
        {
            "title": inputs.title or default_title(inputs),
            "date": now.strftime("%Y-%m-%d"),
            "dataset_label": inputs.dataset_label,
            "sections": SECTIONS,
            "body": [Section(sid, heading, blocks[sid]) for sid, heading in SECTIONS],
        }
    )


def _with_one_verdict(inputs: ReportInputs) -> ReportInputs:
    """The inputs with the diagnosis the rest of the app gives: a model with a leakage warning
    reads "suspicious" here too, even when the caller's diagnosis was made without it."""
    trained = inputs.trained
    diagnosis = inputs.diagnosis
    if not trained.warnings or (diagnosis is not None and diagnosis.verdict == "suspicious"):
        return inputs
    try:
        diagnosis = diagnose(
            trained.cv,
            trained.baseline_cv,
            trained.recipe,
            curve=inputs.curve,
            n_features=trained.model_inputs,
            warnings=trained.warnings,
        )
    except DiagnosisError:  # no training-fold scores: the summary still names the leak
        diagnosis = None
    return replace(inputs, diagnosis=diagnosis)


def report_file_name(inputs: ReportInputs, *, now: datetime | None = None) -> str:
    """A safe file name for the report, e.g. ``"modelpath-report-churn-20260301.html"``.

    Parameters
    ----------
    inputs : ReportInputs
    now : datetime, optional
        The date in the name (defaults to today).

    Returns
    -------
    str
        Lower-case letters, digits and hyphens only (the data's name without its extension,
        at most 40 characters; ``"project"`` when nothing usable is left).
    """
    now = now or datetime.now()
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", inputs.dataset_label.strip())
    safe = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40].strip("-") or "project"
    return f"modelpath-report-{safe}-{now.strftime('%Y%m%d')}.html"


# --- sections with charts --------------------------------------------------------------------


def _results(inputs: ReportInputs, writer: _ChartWriter) -> list[Block]:
    trained, data = inputs.trained, inputs.data
    cv, base, final = trained.cv, trained.baseline_cv, trained.final
    key = trained.metric
    label = metric_label(key)
    parts: list[Block] = [Heading("Cross-validation")]
    reading = f"{label} ({direction(key)}): {cv_reading(cv)}"
    reading += f"; on its own training folds {score(key, cv.train_mean)}"
    reading += f"; baseline {cv_reading(base)}." if base is not None else "; no baseline score."
    parts.append(Paragraph(reading))
    if not cv.complete:
        why = STOP_WORDS.get(cv.stopped or "", "it ended early")
        parts.append(
            Paragraph(
                f"Only {len(cv.folds)} of {cv.planned} folds were fitted because {why}; the "
                "mean is over those folds.",
                "note",
            )
        )
    if cv.folds:
        base_by_fold = {f.fold: f.test for f in base.folds} if base is not None else {}
        parts.append(
            table(
                ["Fold", "Validation", "Training", "Baseline validation"],
                [
                    (
                        f.fold + 1,
                        score(key, f.test),
                        score(key, f.train),
                        score(key, base_by_fold.get(f.fold)),
                    )
                    for f in cv.folds
                ],
                numeric=(0, 1, 2, 3),
            )
        )
    if cv.notes:
        parts.append(Bullets(list(cv.notes), intro="Warnings while fitting:"))
    parts.append(Heading("Test split"))
    if final is None:
        parts.append(absent("There is no test score: training stopped before the final refit."))
    else:
        parts.append(
            Paragraph(
                f"The model was refitted on all {trained.n_train:,} training rows and scored "
                f"once on the {trained.n_test:,} held-out test rows: "
                f"{score(key, final.test_score)} {label} against "
                f"{score(key, final.baseline_test_score)} for the baseline."
            )
        )
        try:
            metrics = trained.metric_table()
        except ModelPathError as exc:  # a metric outside the task's table: say so, keep going
            metrics = pd.DataFrame(columns=["metric", "model", "baseline", "difference", "better"])
            parts.append(
                Paragraph(f"The table of test metrics is left out: {exc.message}", "skipped")
            )
        parts.append(
            table(
                ["Metric", "Model", "Baseline", "Difference", "Better", "Note"],
                [
                    (
                        row.metric,
                        num(row.model),
                        num(row.baseline),
                        num(row.difference),
                        row.better,
                        row.note,
                    )
                    for row in metrics.itertuples(index=False)
                ],
                numeric=(1, 2, 3),
            )
        )
        if trained.new_rows is not None:
            check = trained.new_rows
            parts.append(
                Paragraph(
                    f"On {check.rows:,} rows added after the earlier model was trained, that "
                    f"model scored {score(check.metric, check.score)} "
                    f"{metric_label(check.metric)} (its own test score: "
                    f"{score(check.metric, check.earlier_test_score)})."
                )
            )
        parts.extend(_test_charts(final, data.task, writer))
    parts.append(Heading("Learning curve"))
    parts.extend(_learning_curve(inputs.curve, base, writer))
    return parts


def _test_charts(final: Any, task: str, writer: _ChartWriter) -> list[Block]:
    test = final.test
    parts = []
    if not writer.enabled:
        parts.append(absent("This report was made without charts."))
    if task == "regression":
        parts.append(
            writer.chart(
                "Predicted against actual",
                lambda: predicted_actual_chart(residual_frame(test)),
            )
        )
        parts.append(writer.chart("Residuals", lambda: residuals_chart(residual_frame(test))))
        return [p for p in parts if p is not None]
    confusion = confusion_frame(test.y_true, test.y_pred, test.classes)
    if len(confusion) <= MAX_LISTED_CLASSES:
        rows = [
            (actual, *(f"{int(v):,}" for v in values))
            for actual, values in zip(confusion.index, confusion.to_numpy(), strict=True)
        ]
        parts.append(
            table(
                ["Actual \\ predicted", *confusion.columns],
                rows,
                numeric=range(1, len(confusion.columns) + 1),
                caption="Confusion matrix on the test split (row counts)",
            )
        )
    parts.append(
        writer.chart("Confusion matrix", lambda: confusion_chart(confusion, normalized=False))
    )
    parts.append(writer.chart("ROC curve", lambda: roc_chart(test, final.baseline_test)))
    return [p for p in parts if p is not None]


def _learning_curve(
    curve: LearningCurve | None, base: CVResult | None, writer: _ChartWriter
) -> list[Block]:
    if curve is None:
        return [absent("No learning curve was drawn for this model.")]
    frame = curve.frame
    parts = [
        table(
            ["Training rows per fold", "Share", "Training score", "CV score", "CV std"],
            [
                (
                    f"{r.rows:,.0f}",
                    f"{r.share:.0%}",
                    score(curve.metric, r.train_mean),
                    score(curve.metric, r.cv_mean),
                    score(curve.metric, r.cv_std),
                )
                for r in frame.itertuples(index=False)
            ],
            numeric=(0, 1, 2, 3, 4),
        )
    ]
    if curve.notes:
        parts.append(Bullets(list(curve.notes)))
    baseline = base.mean if base is not None and base.folds else None
    parts.append(
        writer.chart("Learning curve", lambda: learning_curve_chart(curve, baseline=baseline))
    )
    return [p for p in parts if p is not None]


def _importance(importance: Importance | None, writer: _ChartWriter) -> list[Block]:
    if importance is None:
        return [absent("Column importance was not measured for this model.")]
    how = "permutation importance" if importance.kind == "permutation" else "the model's own"
    parts = [Paragraph(f"Measured by {how}: {importance.unit}.")]
    if importance.note:
        parts.append(Paragraph(importance.note, "note"))
    if importance.unmeasured:
        parts.append(Paragraph(unmeasured_text(importance), "skipped"))
    frame = importance.frame
    if frame.empty:
        parts.append(absent("No column was measured."))
        return parts
    shown = frame.head(MAX_TABLE_ROWS)
    permutation = importance.kind == "permutation"
    headers = ["Column", "Importance", *(["Spread (std)"] if permutation else [])]
    rows = [
        (r.column, num(r.importance), *([num(r.std)] if permutation else []))
        for r in shown.itertuples(index=False)
    ]
    rows += [
        (column, "not measured", *([""] if permutation else []))
        for column in importance.unmeasured[: max(0, MAX_TABLE_ROWS - len(rows))]
    ]
    parts.append(table(headers, rows, numeric=(1, 2)))
    if len(frame) > len(shown):
        parts.append(Paragraph(f"Showing {len(shown)} of {len(frame):,} columns.", "note"))
    parts.append(writer.chart("Importance by column", lambda: importance_chart(importance)))
    return [p for p in parts if p is not None]


# --- charts ----------------------------------------------------------------------------------


class _ChartWriter:
    """Turns chart factories into embedded figures; plotly.js goes in with the first one.

    Div ids are numbered (plotly's own are random) so the same inputs give the same document.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = 0

    def chart(self, title: str, make: Callable[[], ChartResult]) -> Block | None:
        """The figure with its caption, or a sentence saying why it is left out."""
        if not self.enabled:
            return None
        try:
            result = make()
            figure = result.figure.to_html(
                full_html=False,
                include_plotlyjs=self.drawn == 0,
                div_id=f"chart-{self.drawn + 1}",
                config={"displaylogo": False, "responsive": True},
                default_height="420px",
            )
        except ModelPathError as exc:
            return Paragraph(f"{title}: left out. {exc.message}", "skipped")
        except Exception as exc:  # a drawing bug must not cost the person their report
            logger.exception("Report chart %r failed", title)
            return Paragraph(
                f"{title}: left out. It could not be drawn ({type(exc).__name__}: {exc}).",
                "skipped",
            )
        self.drawn += 1
        # plotly's own HTML (its div, its script and, once, plotly.js) is the one piece of
        # markup the report trusts: it holds no text of ours, and plotly escapes the figure's
        # data inside it, so it is marked safe rather than escaped.
        return Chart(title, result.how_to_read, Markup(figure), result.note or None)
