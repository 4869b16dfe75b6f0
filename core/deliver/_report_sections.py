"""The report's sections that draw no chart, as blocks of plain values.

Each builder turns :class:`ReportInputs` into the blocks of one section (summary, problem,
data, cleaning, model, diagnosis, reproduce): it computes every number and sentence, and
:mod:`core.deliver._report_view` lays them out. The sections with charts (results, importance)
are in :mod:`core.deliver.report`, with the chart writer.
"""

from __future__ import annotations

import platform
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from importlib import metadata
from typing import Any

import pandas as pd

from core.deliver._report_view import (
    MAX_LISTED_CLASSES,
    MAX_TABLE_ROWS,
    Block,
    Bullets,
    Facts,
    FindingItem,
    Findings,
    Heading,
    Paragraph,
    PersonalNote,
    Preformatted,
    absent,
    beats,
    direction,
    metric_label,
    names,
    plural,
    score,
    table,
)
from core.errors import ModelPathError
from core.evaluate import Diagnosis, Importance, LearningCurve, TrainedModel
from core.model import MODELS, SCHEMES, CVResult, plan_folds
from core.prepare import TrainingData
from core.recipe import CleaningSection, DataSection, FeaturesSection, ProblemSection
from core.understand import METRICS, Finding, default_positive_class

SCRIPT_NAME = "train_model.py"

TASK_WORDS = {
    "binary": "binary classification",
    "multiclass": "multiclass classification",
    "regression": "regression",
}
STOP_WORDS = {"stopped": "it was stopped on request", "budget": "the time budget ran out"}

# Plain words for recipe settings, so the report reads "Missing numbers filled with: mean"
# rather than "numeric_imputation = mean". A field missing here falls back to its name.
SETTING_LABELS = {
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
CHOICE_WORDS = {
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


def default_title(inputs: ReportInputs) -> str:
    target = inputs.trained.recipe.problem.target or "the target"
    return f"Predicting {target} with {inputs.trained.cv.label}"


def cv_reading(cv: CVResult) -> str:
    """The CV mean ± std and how many folds it covers, with the planned number if fewer."""
    done = len(cv.folds)
    reading = (
        f"{score(cv.metric, cv.mean)} ± {score(cv.metric, cv.std)} over {plural(done, 'fold')}"
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


def summary_section(inputs: ReportInputs) -> list[Block]:
    trained, data = inputs.trained, inputs.data
    recipe, cv, final = trained.recipe, trained.cv, trained.final
    key = trained.metric
    label = metric_label(key)
    target = recipe.problem.target
    task = TASK_WORDS.get(data.task, data.task)
    if data.task == "multiclass":
        n_classes = pd.concat([data.y_train, data.y_test]).nunique()
        task += f", {n_classes} classes"
    n_used = len(data.columns.used)
    sentences = [f"{cv.label} predicts “{target}” ({task}) from {plural(n_used, 'column')}."]
    if final is not None:
        verdict = (
            "better than"
            if beats(key, final.test_score, final.baseline_test_score)
            else "no better than"
        )
        sentences.append(
            f"On the {trained.n_test:,} held-out test rows it scores "
            f"{score(key, final.test_score)} {label} ({direction(key)}) against "
            f"{score(key, final.baseline_test_score)} for the "
            f"do-nothing baseline: {verdict} the baseline."
        )
    else:
        sentences.append(
            "Training stopped before the final model was refitted, so there is no test score."
        )
    cv_sentence = (
        f"Cross-validated on the {trained.n_train:,} training rows it scores {cv_reading(cv)}"
    )
    if trained.baseline_cv is not None:
        cv_sentence += f" (baseline {score(key, trained.baseline_cv.mean)})"
    sentences.append(cv_sentence + ".")
    if not cv.complete:
        why = STOP_WORDS.get(cv.stopped or "", "it ended early")
        sentences.append(f"Cross-validation is incomplete: {why}.")
    if trained.warnings:
        columns = ", ".join(f"‘{c}’" for w in trained.warnings for c in w.columns)
        sentences.append(
            f"Diagnosis: suspicious (likely leakage) — the model learned from {columns}, so "
            "these scores cannot be trusted on new rows; leave the column(s) out and retrain."
        )
    elif inputs.diagnosis is not None:
        sentences.append(f"Diagnosis: {inputs.diagnosis.verdict}.")
    blocks: list[Block] = [Paragraph(" ".join(sentences), "summary")]
    if inputs.note.strip():
        blocks.append(PersonalNote(inputs.note.strip().splitlines()))
    return blocks


def problem_section(inputs: ReportInputs) -> list[Block]:
    trained, data = inputs.trained, inputs.data
    problem = trained.recipe.problem
    key = trained.metric
    rows = [
        ("Target", problem.target),
        ("Task", TASK_WORDS.get(data.task, data.task)),
        ("Primary metric", f"{metric_label(key)} ({direction(key)})"),
    ]
    positive = _positive_class(inputs)
    if positive is not None:
        rows.append(("Positive class", positive))
    blocks: list[Block] = [Facts(rows)]
    if key in METRICS:
        chosen = (
            "It was chosen for this project."
            if problem.metric == key
            else "It was chosen automatically, as the one recommended for this target."
        )
        blocks.append(
            Paragraph(
                f"{METRICS[key].label}: {METRICS[key].meaning} {chosen} Every score in this "
                "report is compared with a do-nothing baseline that ignores the columns "
                "(the most frequent class, or the mean), the score any real model must beat."
            )
        )
    if data.task in ("binary", "multiclass"):
        counts = pd.concat([data.y_train, data.y_test]).astype("str").value_counts()
        total = int(counts.sum())
        shown = counts.head(MAX_LISTED_CLASSES)
        blocks.append(Heading("Classes"))
        blocks.append(
            table(
                ["Class", "Rows", "Share"],
                [(c, f"{int(n):,}", f"{n / total:.1%}") for c, n in shown.items()],
                numeric=(1, 2),
            )
        )
        if len(counts) > len(shown):
            blocks.append(
                Paragraph(f"Showing the {len(shown)} largest of {len(counts):,} classes.", "note")
            )
    return blocks


def data_section(inputs: ReportInputs) -> list[Block]:
    data = inputs.data
    frame_table = data.clean.table
    n_rows = len(frame_table.frame)
    blocks: list[Block] = [
        Paragraph(
            f"Source: {inputs.dataset_label}. {n_rows:,} rows × {len(frame_table.columns):,} "
            f"columns; {plural(len(data.columns.used), 'column')} used as features "
            f"({data.columns.summary()})."
        ),
        Paragraph(inputs.load_summary)
        if inputs.load_summary
        else absent("How the file was read was not recorded."),
    ]
    if frame_table.dropped_columns:
        blocks.append(
            Paragraph(f"Columns dropped from the table: {names(frame_table.dropped_columns)}.")
        )
    blocks.append(Heading("Columns"))
    target = data.clean.target
    rows = []
    for info in frame_table.columns[:MAX_TABLE_ROWS]:
        kind = info.kind.value + (" (set by hand)" if info.overridden else "")
        missing = info.n_missing / n_rows if n_rows else 0.0
        if info.name == target:
            role = "target"
        elif data.columns.kind_of(info.name) is not None:
            role = "feature"
        else:
            role = f"not used: {data.columns.skipped.get(info.name, 'not a feature')}"
        rows.append((info.name, kind, f"{missing:.1%}", role))
    blocks.append(table(["Column", "Kind", "Missing", "Role"], rows, numeric=(2,)))
    if len(frame_table.columns) > MAX_TABLE_ROWS:
        blocks.append(
            Paragraph(f"Showing {MAX_TABLE_ROWS} of {len(frame_table.columns):,} columns.", "note")
        )
    blocks.append(Heading("Findings"))
    if inputs.findings:
        blocks.append(
            Findings(
                [
                    FindingItem(
                        str(getattr(finding.severity, "value", finding.severity)),
                        finding.title,
                        finding.detail,
                        finding.action,
                    )
                    for finding in inputs.findings
                ]
            )
        )
    else:
        blocks.append(absent("No findings from exploring the data were recorded."))
    return blocks


def cleaning_section(inputs: ReportInputs) -> list[Block]:
    data, trained = inputs.data, inputs.trained
    clean = data.clean
    before = [
        f"{clean.rows_in:,} rows came in and {clean.rows_out:,} are left for the split.",
    ]
    if clean.missing_target_rows:
        before.append(f"{plural(clean.missing_target_rows, 'row')} without a target dropped.")
    if clean.duplicate_rows:
        before.append(f"{plural(clean.duplicate_rows, 'exact duplicate row')} dropped.")
    elif clean.duplicates_found:
        before.append(
            f"{plural(clean.duplicates_found, 'exact duplicate row')} found and kept "
            "(de-duplication is off)."
        )
    blocks: list[Block] = [Heading("Before the split"), Paragraph(" ".join(before))]
    if clean.changes:
        blocks.append(
            table(
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
    blocks.append(Heading("Settings that differ from the defaults"))
    recipe = trained.recipe
    settings = [
        *_changed_settings(recipe.data, DataSection(), only=("drop_columns", "column_types")),
        *_changed_settings(recipe.problem, ProblemSection(), only=("exclude_columns",)),
        *_changed_settings(recipe.cleaning, CleaningSection()),
        *_changed_settings(recipe.features, FeaturesSection()),
    ]
    if settings:
        blocks.append(table(["Setting", "Value"], settings))
        blocks.append(
            Paragraph("Every other cleaning and feature setting is at its default.", "note")
        )
    else:
        blocks.append(
            Paragraph(
                "Every cleaning and feature setting is at its default (see the recipe below)."
            )
        )
    blocks.append(Heading("Fitted pipeline"))
    blocks.append(_pipeline(trained))
    blocks.append(Heading("Split and folds"))
    blocks.append(
        Paragraph(
            f"{data.split.description} {trained.n_train:,} training rows, "
            f"{trained.n_test:,} test rows."
        )
    )
    blocks.append(Paragraph(_fold_description(inputs)))
    return blocks


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
        label = SETTING_LABELS.get(f.name, f.name)
        rows.append((label, _setting_value(value, f.metadata.get("kind"))))
    return rows


def _setting_value(value: Any, kind: str | None) -> str:
    if value is None:
        return "off"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "choice" and isinstance(value, str):
        return CHOICE_WORDS.get(value, value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_setting_value(v, None)}" for k, v in value.items())
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _pipeline(trained: TrainedModel) -> Block:
    final = trained.final
    if final is None:
        return absent("No pipeline was fitted: training stopped before the final refit.")
    rows = []
    for name, step in getattr(final.pipeline, "steps", [("model", final.pipeline)]):
        rows.append((name, type(step).__name__, _step_detail(step)))
    return table(["Step", "Class", "What it holds"], rows)


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
            columns_named = [columns] if isinstance(columns, str) else list(columns)
            parts.append(f"{name}: {chain} on {names(columns_named)}")
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


def model_section(inputs: ReportInputs) -> list[Block]:
    trained = inputs.trained
    cv = trained.cv
    spec = MODELS.get(cv.algorithm)
    blocks: list[Block] = [Paragraph(f"Algorithm: {cv.label}.")]
    if spec is not None:
        blocks.append(Paragraph(spec.card.how))
    if spec is None or not spec.params:
        blocks.append(Paragraph("It has no hyperparameters to set."))
    else:
        chosen = dict(cv.params)
        rows = []
        for param in spec.params:
            value = chosen.get(param.name, param.default)
            source = "set" if param.name in chosen else "default"
            rows.append((param.name, "none" if value is None else value, source, param.meaning))
        known = {param.name for param in spec.params}
        rows += [(name, value, "set", "") for name, value in chosen.items() if name not in known]
        blocks.append(table(["Hyperparameter", "Value", "Source", "Meaning"], rows))
    inputs_count = trained.model_inputs
    if inputs_count is not None:
        blocks.append(
            Paragraph(
                f"After cleaning and encoding, the model learns from {inputs_count:,} inputs."
            )
        )
    return blocks


def diagnosis_section(diagnosis: Diagnosis | None) -> list[Block]:
    if diagnosis is None:
        return [absent("No diagnosis was made for this model.")]
    headline = diagnosis.headline
    if not headline.lower().startswith(diagnosis.verdict.lower()):
        headline = f"{diagnosis.verdict.capitalize()}. {headline}"
    blocks: list[Block] = [Paragraph(headline, "verdict")]
    if diagnosis.reasons:
        blocks.append(Bullets(list(diagnosis.reasons), heading="What the numbers say"))
    if diagnosis.remedies:
        blocks.append(Bullets([r.text for r in diagnosis.remedies], heading="What to try"))
    return blocks


def reproduce_section(inputs: ReportInputs) -> list[Block]:
    recipe = inputs.trained.recipe
    source = recipe.data.source_name or inputs.dataset_label
    sample = source.startswith("sample:")
    data_file = f"{source.removeprefix('sample:')}.csv" if sample else source
    data_file = data_file or "data.csv"
    quoted = shlex.quote(data_file)
    blocks: list[Block] = [
        Paragraph(
            "Save the recipe below as recipe.json. Either run the exported script, or train "
            "with ModelPath's command line; both rebuild the same pipeline with the same seed "
            f"({recipe.split.seed}), so the same data gives the same numbers."
        )
    ]
    if sample:
        blocks.append(
            Paragraph(f"This project used a built-in sample; save it as {data_file} to run these.")
        )
    commands = f"python {SCRIPT_NAME} {quoted}\npython -m core train {quoted} --recipe recipe.json"
    blocks.append(Preformatted(commands, code=True))
    blocks.append(Heading("Recipe"))
    blocks.append(Preformatted(recipe.to_json(), css="recipe"))
    blocks.append(Heading("Library versions"))
    blocks.append(table(["Library", "Version"], _versions()))
    return blocks


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
