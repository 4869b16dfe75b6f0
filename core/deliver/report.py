"""One self-contained HTML report of a trained model, to download, keep and share.

The report tells the project's story in order: the problem and its metric, the data and what
exploring it found, the cleaning and features, the algorithm and its hyperparameters, the
cross-validated and test results beside the do-nothing baseline (with charts), the diagnosis,
the importance of each column, and how to reproduce the model. It is one HTML file that opens
offline: the styles are inline and plotly.js is embedded once, before the first chart.

Everything that came from the person or their data (file and column names, category values,
findings, the note, recipe values) is escaped with :func:`html.escape`; plotly writes figure
data as JSON with ``<``, ``>`` and ``/`` escaped, so nothing in a chart can close its script.
A chart that cannot be drawn is left out with the reason; it never fails the report.
"""

from __future__ import annotations

import html
import logging
import math
import platform
import re
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from importlib import metadata
from typing import Any

import pandas as pd

from core.errors import ModelPathError
from core.evaluate import (
    Diagnosis,
    DiagnosisError,
    Importance,
    LearningCurve,
    TrainedModel,
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
from core.model import MODELS, SCHEMES, CVResult, plan_folds
from core.prepare import TrainingData
from core.recipe import CleaningSection, DataSection, FeaturesSection, ProblemSection
from core.understand import METRICS, ChartResult, Finding, default_positive_class

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

SCRIPT_NAME = "train_model.py"
MAX_TABLE_ROWS = 200  # column and importance tables; longer ones say how many were left out
MAX_LISTED_CLASSES = 20
MAX_LISTED_COLUMNS = 12

_TASK_WORDS = {
    "binary": "binary classification",
    "multiclass": "multiclass classification",
    "regression": "regression",
}
_STOP_WORDS = {"stopped": "it was stopped on request", "budget": "the time budget ran out"}

# Plain words for recipe settings, so the report reads "Missing numbers filled with: mean"
# rather than "numeric_imputation = mean". A field missing here falls back to its name.
_SETTING_LABELS = {
    "drop_columns": "Columns dropped from the table",
    "column_types": "Column kinds set by hand",
    "exclude_columns": "Columns excluded from the features",
    "drop_duplicates": "Exact duplicate rows dropped before the split",
    "text_normalisation": "Text cleaned before the split",
    "category_merges": "Spellings merged before the split",
    "numeric_imputation": "Missing numbers filled with",
    "categorical_imputation": "Missing categories filled with",
    "imputation_overrides": "Filling chosen per column",
    "numeric_fill_value": "Constant for missing numbers",
    "categorical_fill_value": "Constant for missing categories",
    "knn_neighbors": "Neighbours used to fill missing numbers",
    "missing_indicators": "Missing-value indicator columns added",
    "max_missing_share": "Features dropped when more of their training values are missing than",
    "outliers": "Outliers",
    "iqr_factor": "Outlier fence (interquartile ranges)",
    "lower_quantile": "Lower clipping quantile",
    "upper_quantile": "Upper clipping quantile",
    "rare_category_share": "Categories rarer than this share grouped into 'other'",
    "scaling": "Scaling of numbers",
    "encoding": "Encoding of categories",
    "max_onehot_levels": "One-hot columns per category feature at most",
    "ordinal_orders": "Categories with a natural order",
    "date_parts": "Parts taken from dates",
    "date_durations": "Days between date columns added",
    "log_columns": "Signed log transform",
    "power_columns": "Yeo-Johnson transform",
    "bin_columns": "Cut into quantile bins",
    "n_bins": "Bins per column",
    "poly_columns": "Polynomial and interaction terms",
    "poly_degree": "Degree of the polynomial terms",
    "interaction_only": "Only products of different columns",
    "text": "Free-text columns",
    "text_max_features": "Words kept per text column",
    "variance_threshold": "Features dropped when their training variance is at most",
    "selection": "Feature selection",
    "selection_k": "Features kept by selection",
    "reduction": "Dimensionality reduction",
    "pca_variance": "Share of variance the PCA components keep",
    "imbalance": "Class-imbalance treatment",
}
_CHOICE_WORDS = {
    "none": "none",
    "trim": "whitespace trimmed",
    "trim_lower": "whitespace trimmed and lower-cased",
    "mean": "the mean",
    "median": "the median",
    "most_frequent": "the most frequent value",
    "constant": "a constant",
    "knn": "the nearest neighbours' values (KNN)",
    "iterative": "iterative imputation",
    "clip_iqr": "clipped to interquartile fences",
    "clip_quantile": "clipped to quantiles",
    "drop_train_rows": "outlier rows dropped from the training data only",
    "auto": "automatic (for the algorithms that need it)",
    "standard": "standardised (mean 0, standard deviation 1)",
    "minmax": "scaled to 0–1",
    "robust": "robust scaling (median and interquartile range)",
    "onehot": "one-hot",
    "ordinal": "ordinal numbers",
    "target": "target encoding (cross-fitted)",
    "tfidf": "TF-IDF word weights",
    "exclude": "left out",
    "f_test": "best by F-test",
    "mutual_info": "best by mutual information",
    "l1": "kept by an L1 model",
    "tree": "kept by tree importance",
    "pca": "PCA",
    "class_weight": "class weights",
    "oversample": "random oversampling of training folds",
    "undersample": "random undersampling of training folds",
    "smote": "SMOTE on training folds",
}

_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1f2933; font: 15px/1.55 system-ui,
  -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 24px 32px 8px; background: #fff; }
header.top { border-bottom: 2px solid #1f77b4; margin-bottom: 16px; }
h1 { font-size: 1.8em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.35em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em;
  border-bottom: 1px solid #d9dee4; }
h3 { font-size: 1.08em; margin: 1.2em 0 0.4em; }
.meta { color: #52606d; margin: 0 0 12px; }
nav.toc ol { columns: 3; margin: 0.4em 0 0.6em; padding-left: 1.4em; }
nav.toc a { color: #1f77b4; text-decoration: none; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #d9dee4; padding: 4px 9px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background: #fafbfc; }
pre { background: #f3f5f7; border: 1px solid #d9dee4; padding: 10px 12px; overflow-x: auto;
  font-size: 0.85em; white-space: pre-wrap; word-break: break-word; }
code { background: #f3f5f7; padding: 0 3px; border-radius: 3px; }
pre code { background: none; padding: 0; }
caption { caption-side: top; text-align: left; white-space: nowrap; padding: 2px 0;
  color: #3e4c59; }
th[scope="row"] { font-weight: 600; }
figure.chart { margin: 1em 0 1.4em; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-size: 0.92em; color: #3e4c59; margin-bottom: 4px; }
.note, .absent, .skipped { color: #52606d; font-size: 0.92em; }
.skipped { font-style: italic; }
.summary { font-size: 1.05em; }
.personal { border-left: 3px solid #1f77b4; padding: 4px 12px; background: #f6f9fc; }
.severity { display: inline-block; min-width: 5.5em; font-size: 0.8em; font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.03em; }
.severity.critical { color: #b42318; }
.severity.warning { color: #b54708; }
.severity.info { color: #175cd3; }
p.verdict { font-weight: 600; }
footer { max-width: 960px; margin: 0 auto; padding: 12px 32px 28px; background: #fff;
  color: #52606d; border-top: 1px solid #d9dee4; font-size: 0.9em; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main, footer { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, pre { break-inside: avoid; page-break-inside: avoid; }
}
"""


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is made of.

    Parameters
    ----------
    trained : TrainedModel
        The training action's result (cross-validation, baseline, final model, recipe).
    data : TrainingData
        The cleaned, split data it was trained on.
    dataset_label : str
        The file name or sample name (untrusted text).
    load_summary : str, optional
        How the file was read (:meth:`core.data.intake.LoadReport.reading_summary`).
    findings : sequence of Finding
        What exploring the data found.
    diagnosis : Diagnosis, optional
    curve : LearningCurve, optional
    importance : Importance, optional
    note : str
        The person's own note (untrusted text).
    title : str, optional
        The report's title; defaults to "Predicting <target> with <algorithm>".
    """

    trained: TrainedModel
    data: TrainingData
    dataset_label: str
    load_summary: str | None = None
    findings: Sequence[Finding] = ()
    diagnosis: Diagnosis | None = None
    curve: LearningCurve | None = None
    importance: Importance | None = None
    note: str = ""
    title: str | None = None


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
    title = inputs.title or _default_title(inputs)
    writer = _ChartWriter(enabled=charts)
    body = [
        '<header class="top">',
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">ModelPath project report · {_e(now.strftime("%Y-%m-%d"))} · data: '
        f"{_e(inputs.dataset_label)}</p>",
        _toc(),
        "</header>",
        _section("summary", _summary(inputs)),
        _section("problem", _problem(inputs)),
        _section("data", _data(inputs)),
        _section("cleaning", _cleaning(inputs)),
        _section("model", _model(inputs)),
        _section("results", _results(inputs, writer)),
        _section("diagnosis", _diagnosis(inputs.diagnosis)),
        _section("importance", _importance(inputs.importance, writer)),
        _section("reproduce", _reproduce(inputs)),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="ModelPath">',
            f"<title>{_e(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "<footer>Made with ModelPath.</footer>",
            "</body>",
            "</html>",
            "",
        ]
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


# --- pieces ----------------------------------------------------------------------------------


def _e(value: object) -> str:
    """Untrusted (or any) text, escaped for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def _num(value: object) -> str:
    """A score for people: 3 decimals, fewer for large values; "n/a" when missing."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:.3f}"


def _score(key: str, value: object) -> str:
    """A score of metric ``key`` as :func:`_num` writes it, MAPE as a percentage ("8.412 %")."""
    shown = _num(value)
    metric = METRICS.get(key)
    if shown == "n/a" or metric is None or not metric.percent:
        return shown
    return f"{_num(metric.shown(float(value)))} %"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _section(section_id: str, content: str) -> str:
    heading = dict(SECTIONS)[section_id]
    return f'<section id="{section_id}">\n<h2>{_e(heading)}</h2>\n{content}\n</section>'


def _toc() -> str:
    items = "".join(f'<li><a href="#{sid}">{_e(name)}</a></li>' for sid, name in SECTIONS)
    return f'<nav class="toc" aria-label="Contents"><ol>{items}</ol></nav>'


def _p(text: str, css: str | None = None) -> str:
    """A paragraph of plain text (escaped here)."""
    attribute = f' class="{css}"' if css else ""
    return f"<p{attribute}>{_e(text)}</p>"


def _absent(text: str) -> str:
    return _p(text, "absent")


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    caption: str | None = None,
) -> str:
    """A table of plain values: every header and cell is escaped here."""
    right = set(numeric)
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{_e(v)}</td>' if i in right else f"<td>{_e(v)}</td>"
            for i, v in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    top = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{top}<thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _facts(rows: Iterable[tuple[str, object]]) -> str:
    """A two-column table of labelled values (escaped here)."""
    lines = "".join(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)
    return f'<table class="facts"><tbody>{lines}</tbody></table>'


def _list(items: Iterable[str]) -> str:
    """A bulleted list of plain texts (escaped here)."""
    return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def _names(names: Sequence[object], most: int = MAX_LISTED_COLUMNS) -> str:
    shown = ", ".join(str(n) for n in names[:most])
    left = len(names) - most
    return shown + (f" and {left:,} more" if left > 0 else "")


def _default_title(inputs: ReportInputs) -> str:
    target = inputs.trained.recipe.problem.target or "the target"
    return f"Predicting {target} with {inputs.trained.cv.label}"


def _metric_label(key: str) -> str:
    return METRICS[key].label if key in METRICS else key


def _direction(key: str) -> str:
    higher = METRICS[key].greater_is_better if key in METRICS else True
    return "higher is better" if higher else "lower is better"


def _beats(key: str, model: float, baseline: float) -> bool:
    higher = METRICS[key].greater_is_better if key in METRICS else True
    return model > baseline if higher else model < baseline


def _cv_reading(cv: CVResult) -> str:
    """The CV mean ± std and how many folds it covers, with the planned number if fewer."""
    done = len(cv.folds)
    reading = (
        f"{_score(cv.metric, cv.mean)} ± {_score(cv.metric, cv.std)} over {_plural(done, 'fold')}"
    )
    if not cv.complete:
        reading += f" of {cv.planned} planned"
    return reading


def _positive_class(inputs: ReportInputs) -> object | None:
    if inputs.data.task != "binary":
        return None
    final = inputs.trained.final
    if final is not None and final.test.positive_class is not None:
        return final.test.positive_class
    if inputs.trained.recipe.problem.positive_class is not None:
        return inputs.trained.recipe.problem.positive_class
    return default_positive_class(inputs.data.y_train)[0]


# --- sections --------------------------------------------------------------------------------


def _summary(inputs: ReportInputs) -> str:
    trained, data = inputs.trained, inputs.data
    recipe, cv, final = trained.recipe, trained.cv, trained.final
    key = trained.metric
    label = _metric_label(key)
    target = recipe.problem.target
    task = _TASK_WORDS.get(data.task, data.task)
    if data.task == "multiclass":
        n_classes = pd.concat([data.y_train, data.y_test]).nunique()
        task += f", {n_classes} classes"
    n_used = len(data.columns.used)
    sentences = [f"{cv.label} predicts “{target}” ({task}) from {_plural(n_used, 'column')}."]
    if final is not None:
        verdict = (
            "better than"
            if _beats(key, final.test_score, final.baseline_test_score)
            else "no better than"
        )
        sentences.append(
            f"On the {trained.n_test:,} held-out test rows it scores "
            f"{_score(key, final.test_score)} {label} ({_direction(key)}) against "
            f"{_score(key, final.baseline_test_score)} for the "
            f"do-nothing baseline: {verdict} the baseline."
        )
    else:
        sentences.append(
            "Training stopped before the final model was refitted, so there is no test score."
        )
    cv_sentence = (
        f"Cross-validated on the {trained.n_train:,} training rows it scores {_cv_reading(cv)}"
    )
    if trained.baseline_cv is not None:
        cv_sentence += f" (baseline {_score(key, trained.baseline_cv.mean)})"
    sentences.append(cv_sentence + ".")
    if not cv.complete:
        why = _STOP_WORDS.get(cv.stopped or "", "it ended early")
        sentences.append(f"Cross-validation is incomplete: {why}.")
    if trained.warnings:
        columns = ", ".join(f"‘{c}’" for w in trained.warnings for c in w.columns)
        sentences.append(
            f"Diagnosis: suspicious (likely leakage) — the model learned from {columns}, so "
            "these scores cannot be trusted on new rows; leave the column(s) out and retrain."
        )
    elif inputs.diagnosis is not None:
        sentences.append(f"Diagnosis: {inputs.diagnosis.verdict}.")
    parts = [_p(" ".join(sentences), "summary")]
    if inputs.note.strip():
        paragraphs = "<br>".join(_e(line) for line in inputs.note.strip().splitlines())
        parts.append(f'<h3>Note</h3><p class="personal">{paragraphs}</p>')
    return "\n".join(parts)


def _problem(inputs: ReportInputs) -> str:
    trained, data = inputs.trained, inputs.data
    problem = trained.recipe.problem
    key = trained.metric
    rows = [
        ("Target", problem.target),
        ("Task", _TASK_WORDS.get(data.task, data.task)),
        ("Primary metric", f"{_metric_label(key)} ({_direction(key)})"),
    ]
    positive = _positive_class(inputs)
    if positive is not None:
        rows.append(("Positive class", positive))
    parts = [_facts(rows)]
    if key in METRICS:
        chosen = (
            "It was chosen for this project."
            if problem.metric == key
            else "It was chosen automatically, as the one recommended for this target."
        )
        parts.append(
            _p(
                f"{METRICS[key].label}: {METRICS[key].meaning} {chosen} Every score in this "
                "report is compared with a do-nothing baseline that ignores the columns "
                "(the most frequent class, or the mean), the score any real model must beat."
            )
        )
    if data.task in ("binary", "multiclass"):
        counts = pd.concat([data.y_train, data.y_test]).astype("str").value_counts()
        total = int(counts.sum())
        shown = counts.head(MAX_LISTED_CLASSES)
        parts.append("<h3>Classes</h3>")
        parts.append(
            _table(
                ["Class", "Rows", "Share"],
                [(c, f"{int(n):,}", f"{n / total:.1%}") for c, n in shown.items()],
                numeric=(1, 2),
            )
        )
        if len(counts) > len(shown):
            parts.append(
                _p(f"Showing the {len(shown)} largest of {len(counts):,} classes.", "note")
            )
    return "\n".join(parts)


def _data(inputs: ReportInputs) -> str:
    data = inputs.data
    table = data.clean.table
    n_rows = len(table.frame)
    parts = [
        _p(
            f"Source: {inputs.dataset_label}. {n_rows:,} rows × {len(table.columns):,} columns"
            f"; {_plural(len(data.columns.used), 'column')} used as features "
            f"({data.columns.summary()})."
        ),
        _p(inputs.load_summary)
        if inputs.load_summary
        else _absent("How the file was read was not recorded."),
    ]
    if table.dropped_columns:
        parts.append(_p(f"Columns dropped from the table: {_names(table.dropped_columns)}."))
    parts.append("<h3>Columns</h3>")
    target = data.clean.target
    rows = []
    for info in table.columns[:MAX_TABLE_ROWS]:
        kind = info.kind.value + (" (set by hand)" if info.overridden else "")
        missing = info.n_missing / n_rows if n_rows else 0.0
        if info.name == target:
            role = "target"
        elif data.columns.kind_of(info.name) is not None:
            role = "feature"
        else:
            role = f"not used: {data.columns.skipped.get(info.name, 'not a feature')}"
        rows.append((info.name, kind, f"{missing:.1%}", role))
    parts.append(_table(["Column", "Kind", "Missing", "Role"], rows, numeric=(2,)))
    if len(table.columns) > MAX_TABLE_ROWS:
        parts.append(_p(f"Showing {MAX_TABLE_ROWS} of {len(table.columns):,} columns.", "note"))
    parts.append("<h3>Findings</h3>")
    if inputs.findings:
        items = []
        for finding in inputs.findings:
            severity = _e(getattr(finding.severity, "value", finding.severity))
            items.append(
                f'<li><span class="severity {severity}">{severity}</span> '
                f"<strong>{_e(finding.title)}</strong>. {_e(finding.detail)} "
                f"<em>{_e(finding.action)}</em></li>"
            )
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(_absent("No findings from exploring the data were recorded."))
    return "\n".join(parts)


def _cleaning(inputs: ReportInputs) -> str:
    data, trained = inputs.data, inputs.trained
    clean = data.clean
    before = [
        f"{clean.rows_in:,} rows came in and {clean.rows_out:,} are left for the split.",
    ]
    if clean.missing_target_rows:
        before.append(f"{_plural(clean.missing_target_rows, 'row')} without a target dropped.")
    if clean.duplicate_rows:
        before.append(f"{_plural(clean.duplicate_rows, 'exact duplicate row')} dropped.")
    elif clean.duplicates_found:
        before.append(
            f"{_plural(clean.duplicates_found, 'exact duplicate row')} found and kept "
            "(de-duplication is off)."
        )
    parts = ["<h3>Before the split</h3>", _p(" ".join(before))]
    if clean.changes:
        parts.append(
            _table(
                ["Column", "Change", "Cells changed", "Categories before", "after"],
                [
                    (
                        c.column,
                        {"to_number": "yes/no to 1/0"}.get(c.operation, c.operation),
                        f"{c.cells:,}",
                        f"{c.categories_before:,}",
                        f"{c.categories_after:,}",
                    )
                    for c in clean.changes
                ],
                numeric=(2, 3, 4),
            )
        )
    parts.append("<h3>Settings that differ from the defaults</h3>")
    recipe = trained.recipe
    settings = [
        *_changed_settings(recipe.data, DataSection(), only=("drop_columns", "column_types")),
        *_changed_settings(recipe.problem, ProblemSection(), only=("exclude_columns",)),
        *_changed_settings(recipe.cleaning, CleaningSection()),
        *_changed_settings(recipe.features, FeaturesSection()),
    ]
    if settings:
        parts.append(_table(["Setting", "Value"], settings))
        parts.append(_p("Every other cleaning and feature setting is at its default.", "note"))
    else:
        parts.append(
            _p("Every cleaning and feature setting is at its default (see the recipe below).")
        )
    parts.append("<h3>Fitted pipeline</h3>")
    parts.append(_pipeline(trained))
    parts.append("<h3>Split and folds</h3>")
    parts.append(
        _p(
            f"{data.split.description} {trained.n_train:,} training rows, "
            f"{trained.n_test:,} test rows."
        )
    )
    parts.append(_p(_fold_description(inputs)))
    return "\n".join(parts)


def _changed_settings(
    section: Any, default: Any, *, only: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    rows = []
    for f in fields(section):
        if only is not None and f.name not in only:
            continue
        value = getattr(section, f.name)
        if value == getattr(default, f.name):
            continue
        label = _SETTING_LABELS.get(f.name, f.name)
        rows.append((label, _setting_value(value, f.metadata.get("kind"))))
    return rows


def _setting_value(value: Any, kind: str | None) -> str:
    if value is None:
        return "off"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "choice" and isinstance(value, str):
        return _CHOICE_WORDS.get(value, value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_setting_value(v, None)}" for k, v in value.items())
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _pipeline(trained: TrainedModel) -> str:
    final = trained.final
    if final is None:
        return _absent("No pipeline was fitted: training stopped before the final refit.")
    rows = []
    for name, step in getattr(final.pipeline, "steps", [("model", final.pipeline)]):
        rows.append((name, type(step).__name__, _step_detail(step)))
    return _table(["Step", "Class", "What it holds"], rows)


def _step_detail(step: Any) -> str:
    branches = getattr(step, "transformers_", None)
    if branches is not None:
        parts = []
        for name, transformer, columns in branches:
            if isinstance(transformer, str):
                continue  # "drop" / "passthrough" remainders carry no step
            inner = getattr(transformer, "steps", None)
            chain = (
                " → ".join(f"{n} ({type(s).__name__})" for n, s in inner)
                if inner
                else type(transformer).__name__
            )
            names = [columns] if isinstance(columns, str) else list(columns)
            parts.append(f"{name}: {chain} on {_names(names)}")
        return "; ".join(parts)
    inner = getattr(step, "steps", None)
    if inner:
        return " → ".join(f"{n} ({type(s).__name__})" for n, s in inner)
    return ""


def _fold_description(inputs: ReportInputs) -> str:
    trained = inputs.trained
    try:
        plan = plan_folds(inputs.data, trained.recipe)
    except ModelPathError:
        plan = None
    # The folds are recut from the recipe and seed; only quote them when they are the ones used.
    if plan is not None and plan.fingerprint == trained.cv.plan_fingerprint:
        return plan.description
    validation = trained.recipe.validation
    scheme = SCHEMES.get(validation.scheme, validation.scheme)
    repeats = f", repeated {validation.repeats} times" if validation.repeats > 1 else ""
    return (
        f"Cross-validation: {scheme}, {validation.folds} folds{repeats}; "
        f"{trained.cv.planned} fits planned."
    )


def _model(inputs: ReportInputs) -> str:
    trained = inputs.trained
    cv = trained.cv
    spec = MODELS.get(cv.algorithm)
    parts = [_p(f"Algorithm: {cv.label}.")]
    if spec is not None:
        parts.append(_p(spec.card.how))
    if spec is None or not spec.params:
        parts.append(_p("It has no hyperparameters to set."))
    else:
        chosen = dict(cv.params)
        rows = []
        for param in spec.params:
            value = chosen.get(param.name, param.default)
            source = "set" if param.name in chosen else "default"
            rows.append((param.name, "none" if value is None else value, source, param.meaning))
        known = {param.name for param in spec.params}
        rows += [(name, value, "set", "") for name, value in chosen.items() if name not in known]
        parts.append(_table(["Hyperparameter", "Value", "Source", "Meaning"], rows))
    inputs_count = trained.model_inputs
    if inputs_count is not None:
        parts.append(
            _p(f"After cleaning and encoding, the model learns from {inputs_count:,} inputs.")
        )
    return "\n".join(parts)


def _results(inputs: ReportInputs, writer: _ChartWriter) -> str:
    trained, data = inputs.trained, inputs.data
    cv, base, final = trained.cv, trained.baseline_cv, trained.final
    key = trained.metric
    label = _metric_label(key)
    parts = ["<h3>Cross-validation</h3>"]
    reading = f"{label} ({_direction(key)}): {_cv_reading(cv)}"
    reading += f"; on its own training folds {_score(key, cv.train_mean)}"
    reading += f"; baseline {_cv_reading(base)}." if base is not None else "; no baseline score."
    parts.append(_p(reading))
    if not cv.complete:
        why = _STOP_WORDS.get(cv.stopped or "", "it ended early")
        parts.append(
            _p(
                f"Only {len(cv.folds)} of {cv.planned} folds were fitted because {why}; the "
                "mean is over those folds.",
                "note",
            )
        )
    if cv.folds:
        base_by_fold = {f.fold: f.test for f in base.folds} if base is not None else {}
        parts.append(
            _table(
                ["Fold", "Validation", "Training", "Baseline validation"],
                [
                    (
                        f.fold + 1,
                        _score(key, f.test),
                        _score(key, f.train),
                        _score(key, base_by_fold.get(f.fold)),
                    )
                    for f in cv.folds
                ],
                numeric=(0, 1, 2, 3),
            )
        )
    if cv.notes:
        parts.append(_p("Warnings while fitting:", "note") + _list(cv.notes))
    parts.append("<h3>Test split</h3>")
    if final is None:
        parts.append(_absent("There is no test score: training stopped before the final refit."))
    else:
        parts.append(
            _p(
                f"The model was refitted on all {trained.n_train:,} training rows and scored "
                f"once on the {trained.n_test:,} held-out test rows: "
                f"{_score(key, final.test_score)} {label} against "
                f"{_score(key, final.baseline_test_score)} for the baseline."
            )
        )
        try:
            table = trained.metric_table()
        except ModelPathError as exc:  # a metric outside the task's table: say so, keep going
            table = pd.DataFrame(columns=["metric", "model", "baseline", "difference", "better"])
            parts.append(_p(f"The table of test metrics is left out: {exc.message}", "skipped"))
        parts.append(
            _table(
                ["Metric", "Model", "Baseline", "Difference", "Better", "Note"],
                [
                    (
                        row.metric,
                        _num(row.model),
                        _num(row.baseline),
                        _num(row.difference),
                        row.better,
                        row.note,
                    )
                    for row in table.itertuples(index=False)
                ],
                numeric=(1, 2, 3),
            )
        )
        if trained.new_rows is not None:
            check = trained.new_rows
            parts.append(
                _p(
                    f"On {check.rows:,} rows added after the earlier model was trained, that "
                    f"model scored {_score(check.metric, check.score)} "
                    f"{_metric_label(check.metric)} (its own test score: "
                    f"{_score(check.metric, check.earlier_test_score)})."
                )
            )
        parts.append(_test_charts(final, data.task, writer))
    parts.append("<h3>Learning curve</h3>")
    parts.append(_learning_curve(inputs.curve, base, writer))
    return "\n".join(parts)


def _test_charts(final: Any, task: str, writer: _ChartWriter) -> str:
    test = final.test
    parts = []
    if not writer.enabled:
        parts.append(_absent("This report was made without charts."))
    if task == "regression":
        parts.append(
            writer.chart(
                "Predicted against actual",
                lambda: predicted_actual_chart(residual_frame(test)),
            )
        )
        parts.append(writer.chart("Residuals", lambda: residuals_chart(residual_frame(test))))
        return "\n".join(p for p in parts if p)
    confusion = confusion_frame(test.y_true, test.y_pred, test.classes)
    if len(confusion) <= MAX_LISTED_CLASSES:
        rows = [
            (actual, *(f"{int(v):,}" for v in values))
            for actual, values in zip(confusion.index, confusion.to_numpy(), strict=True)
        ]
        parts.append(
            _table(
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
    return "\n".join(p for p in parts if p)


def _learning_curve(
    curve: LearningCurve | None, base: CVResult | None, writer: _ChartWriter
) -> str:
    if curve is None:
        return _absent("No learning curve was drawn for this model.")
    frame = curve.frame
    parts = [
        _table(
            ["Training rows per fold", "Share", "Training score", "CV score", "CV std"],
            [
                (
                    f"{r.rows:,.0f}",
                    f"{r.share:.0%}",
                    _score(curve.metric, r.train_mean),
                    _score(curve.metric, r.cv_mean),
                    _score(curve.metric, r.cv_std),
                )
                for r in frame.itertuples(index=False)
            ],
            numeric=(0, 1, 2, 3, 4),
        )
    ]
    if curve.notes:
        parts.append(_list(curve.notes))
    baseline = base.mean if base is not None and base.folds else None
    parts.append(
        writer.chart("Learning curve", lambda: learning_curve_chart(curve, baseline=baseline))
    )
    return "\n".join(p for p in parts if p)


def _diagnosis(diagnosis: Diagnosis | None) -> str:
    if diagnosis is None:
        return _absent("No diagnosis was made for this model.")
    headline = diagnosis.headline
    if not headline.lower().startswith(diagnosis.verdict.lower()):
        headline = f"{diagnosis.verdict.capitalize()}. {headline}"
    parts = [_p(headline, "verdict")]
    if diagnosis.reasons:
        parts.append("<h3>What the numbers say</h3>" + _list(diagnosis.reasons))
    if diagnosis.remedies:
        parts.append("<h3>What to try</h3>" + _list(r.text for r in diagnosis.remedies))
    return "\n".join(parts)


def _importance(importance: Importance | None, writer: _ChartWriter) -> str:
    if importance is None:
        return _absent("Column importance was not measured for this model.")
    how = "permutation importance" if importance.kind == "permutation" else "the model's own"
    parts = [_p(f"Measured by {how}: {importance.unit}.")]
    if importance.note:
        parts.append(_p(importance.note, "note"))
    if importance.unmeasured:
        parts.append(_p(unmeasured_text(importance), "skipped"))
    frame = importance.frame
    if frame.empty:
        parts.append(_absent("No column was measured."))
        return "\n".join(parts)
    shown = frame.head(MAX_TABLE_ROWS)
    permutation = importance.kind == "permutation"
    headers = ["Column", "Importance", *(["Spread (std)"] if permutation else [])]
    rows = [
        (r.column, _num(r.importance), *([_num(r.std)] if permutation else []))
        for r in shown.itertuples(index=False)
    ]
    rows += [
        (column, "not measured", *([""] if permutation else []))
        for column in importance.unmeasured[: max(0, MAX_TABLE_ROWS - len(rows))]
    ]
    parts.append(_table(headers, rows, numeric=(1, 2)))
    if len(frame) > len(shown):
        parts.append(_p(f"Showing {len(shown)} of {len(frame):,} columns.", "note"))
    parts.append(writer.chart("Importance by column", lambda: importance_chart(importance)))
    return "\n".join(p for p in parts if p)


def _reproduce(inputs: ReportInputs) -> str:
    recipe = inputs.trained.recipe
    source = recipe.data.source_name or inputs.dataset_label
    sample = source.startswith("sample:")
    data_file = f"{source.removeprefix('sample:')}.csv" if sample else source
    data_file = data_file or "data.csv"
    quoted = shlex.quote(data_file)
    parts = [
        _p(
            "Save the recipe below as recipe.json. Either run the exported script, or train "
            "with ModelPath's command line; both rebuild the same pipeline with the same seed "
            f"({recipe.split.seed}), so the same data gives the same numbers."
        )
    ]
    if sample:
        parts.append(
            _p(f"This project used a built-in sample; save it as {data_file} to run these.")
        )
    commands = f"python {SCRIPT_NAME} {quoted}\npython -m core train {quoted} --recipe recipe.json"
    parts.append(f"<pre><code>{_e(commands)}</code></pre>")
    parts.append("<h3>Recipe</h3>")
    parts.append(f'<pre class="recipe">{_e(recipe.to_json())}</pre>')
    parts.append("<h3>Library versions</h3>")
    parts.append(_table(["Library", "Version"], _versions()))
    return "\n".join(parts)


def _versions() -> list[tuple[str, str]]:
    def installed(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        ("python", platform.python_version()),
        ("scikit-learn", installed("scikit-learn")),
        ("imbalanced-learn", installed("imbalanced-learn")),
        ("pandas", installed("pandas")),
        ("numpy", installed("numpy")),
        ("plotly", installed("plotly")),
    ]


# --- charts ----------------------------------------------------------------------------------


class _ChartWriter:
    """Turns chart factories into embedded figures; plotly.js goes in with the first one.

    Div ids are numbered (plotly's own are random) so the same inputs give the same document.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = 0

    def chart(self, title: str, make: Callable[[], ChartResult]) -> str:
        """The figure with its caption, or a sentence saying why it is left out."""
        if not self.enabled:
            return ""
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
            return _p(f"{title}: left out. {exc.message}", "skipped")
        except Exception as exc:  # a drawing bug must not cost the person their report
            logger.exception("Report chart %r failed", title)
            return _p(
                f"{title}: left out. It could not be drawn ({type(exc).__name__}: {exc}).",
                "skipped",
            )
        self.drawn += 1
        note = _p(result.note, "note") if result.note else ""
        return (
            f'<figure class="chart"><figcaption><strong>{_e(title)}.</strong> '
            f"{_e(result.how_to_read)}</figcaption>{figure}{note}</figure>"
        )
