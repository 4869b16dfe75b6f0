"""What the Deliver pages share: the trained model's files, and the model used for predictions.

Everything is derived from the current trained model and kept per person (``ui.memo``), keyed
by the training job, so a hosted server never mixes two people's models. Large files (the
model file, the report) are produced only when their download button is pressed.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from core.data import (
    LoadLimits,
    PreparedTable,
    content_fingerprint,
    load_table,
    prepare_table,
    read_options,
)
from core.deliver import (
    FeatureField,
    LoadedModel,
    ModelCard,
    Predicted,
    ReportInputs,
    ScriptSource,
    dump_model,
    form_fields,
    load_model,
    model_card,
    predict_rows,
    render_script,
    script_data_file,
)
from core.errors import ModelPathError
from core.evaluate import TrainedModel, rows_fingerprint
from core.prepare import TrainingData, training_data
from ui import text
from ui.components import link_to
from ui.evaluate.evaluation import current_model, diagnosis_for, require_model
from ui.memo import remember
from ui.model.modeling import result_for, results_key
from ui.state import Dataset, current_dataset, current_profile

__all__ = [
    "Delivery",
    "PredictionModel",
    "deferred",
    "forget_uploaded_model",
    "form_inputs",
    "model_file",
    "model_file_name",
    "predict",
    "predict_file",
    "prediction_model",
    "prediction_view",
    "predictions_table",
    "read_rows_to_predict",
    "report_inputs",
    "require_delivery",
    "script_files",
    "upload_model",
]

logger = logging.getLogger("modelpath")

_UPLOADED = "mp.predict.uploaded"


@dataclass(frozen=True)
class Delivery:
    """The trained model with the exact table and split it learned from."""

    job_id: str
    trained: TrainedModel
    table: PreparedTable
    data: TrainingData
    dataset: Dataset
    card: ModelCard


def _inputs(dataset: Dataset, trained: TrainedModel) -> tuple[PreparedTable, TrainingData]:
    recipe = trained.recipe
    table = prepare_table(dataset.loaded.frame, recipe.data, target=recipe.problem.target)
    return table, training_data(table, recipe)


def require_delivery() -> Delivery:
    """The current trained model and what it learned from; or a message and a stop."""
    trained, _ = require_model(final=True)
    job, _ = current_model()
    dataset = current_dataset()
    key = (dataset.fingerprint, dataset.added_rows, trained.recipe.fingerprint(), job.id)
    try:
        table, data = remember("deliver.inputs", key, lambda: _inputs(dataset, trained))
    except ModelPathError as exc:
        text.show_error(exc)
        st.stop()
    if rows_fingerprint(data) != trained.rows_fingerprint:
        st.info(
            "The table changed since this model was trained (rows were added or removed), so "
            "its files would not match the data. Train it again on the Metrics page."
        )
        link_to("steps/evaluate.py", "Go to Metrics", icon=":material/analytics:")
        st.stop()
    card = remember(
        "deliver.card",
        key,
        lambda: model_card(trained, data, table, source_name=dataset.label),
    )
    return Delivery(job.id, trained, table, data, dataset, card)


def model_file_name(card: ModelCard) -> str:
    """A file name that says what the model is (only safe characters)."""
    stem = re.sub(r"[^a-z0-9]+", "-", f"{card.algorithm}-{card.target}".lower()).strip("-")
    return f"modelpath-{stem[:60] or 'model'}.skops"


def deferred(produce: Callable[[], bytes | str], what: str) -> Callable[[], bytes | str]:
    """Wrap a download's producer: it runs on click, outside the page, so it logs its own errors.

    A failure gives a short text file with an error id instead of a traceback; the server log
    keeps the details under that id.
    """

    def run() -> bytes | str:
        try:
            return produce()
        except Exception:  # the page is gone by now: this is the only place to report it
            error_id = uuid.uuid4().hex[:8]
            logger.exception("Producing %s failed (error id %s)", what, error_id)
            return (
                f"ModelPath could not produce {what} (error id {error_id}). "
                "Reload the page and try again; if it fails again, report the error id."
            )

    return run


def script_files(delivery: Delivery) -> tuple[str, str, bytes | None]:
    """The reproducible script, the data file name it reads, and that file's bytes when the
    person needs to download it (a sample, or a table with added rows); else None."""
    dataset, trained = delivery.dataset, delivery.trained
    data_file: bytes | None = None
    if dataset.appended:
        name = re.sub(r"\.[A-Za-z0-9]+$", "", dataset.file_name) + "-with-new-rows.csv"
        data_file, source = script_data_file(dataset.loaded.frame, name, trained.recipe.data)
    else:
        source = ScriptSource.from_report(dataset.loaded.report, dataset.loaded.frame.columns)
        if dataset.source.startswith("sample:"):
            data_file = dataset.content
    key = (delivery.job_id, dataset.fingerprint, dataset.added_rows)
    script = remember(
        "deliver.script",
        key,
        lambda: render_script(trained.recipe, source, delivery.table, delivery.data),
    )
    return script, source.file_name, data_file


def model_file(delivery: Delivery) -> bytes:
    """The ``.skops`` model file (pipeline, card with the recipe, library versions)."""
    return dump_model(delivery.trained.final.pipeline, delivery.card.to_dict())


def report_inputs(delivery: Delivery) -> ReportInputs:
    """What the report tells: the model, with the diagnosis, curve and importance drawn so far."""
    trained = delivery.trained
    curve_job, curve_fresh = result_for("learning", results_key("model"))
    curve = curve_job.result if curve_job is not None and curve_fresh else None
    importance_job, importance_fresh = result_for("importance", ("importance", delivery.job_id))
    importance = importance_job.result if importance_job is not None and importance_fresh else None
    profile = current_profile()
    inputs = ReportInputs(
        trained=trained,
        data=delivery.data,
        dataset_label=delivery.dataset.label,
        load_summary=delivery.dataset.loaded.report.reading_summary(),
        findings=profile.findings if profile is not None else (),
        diagnosis=diagnosis_for(trained, curve),
        curve=curve,
        importance=importance,
    )
    return inputs


# --- the model used for predictions ----------------------------------------------------------


@dataclass(frozen=True)
class PredictionModel:
    """A fitted pipeline with its card, from this session's training or an uploaded file."""

    pipeline: Any
    card: ModelCard
    origin: str  # "trained" or "uploaded"
    name: str
    key: str  # the training job, or the uploaded file's content hash
    notices: tuple[str, ...] = ()


def upload_model(content: bytes, file_name: str) -> PredictionModel:
    """Check and load an uploaded model file; it replaces any earlier upload.

    Raises
    ------
    ModelPathError
        For pickle files, foreign or corrupt files, unknown types, or a card that is unreadable.
    """
    fingerprint = content_fingerprint(content)
    known = st.session_state.get(_UPLOADED)
    if known is not None and known.key == fingerprint:
        return known  # the uploader hands the same file over on every rerun
    loaded: LoadedModel = load_model(content, file_name)
    card = ModelCard.from_dict(loaded.card)
    model = PredictionModel(
        loaded.pipeline, card, "uploaded", file_name, fingerprint, tuple(loaded.notices)
    )
    st.session_state[_UPLOADED] = model
    return model


def forget_uploaded_model() -> None:
    """Drop the uploaded model (back to the model trained here)."""
    st.session_state.pop(_UPLOADED, None)


def prediction_model(source: str) -> PredictionModel | None:
    """The model to predict with: the uploaded one, or the one trained in this session."""
    if source == "uploaded":
        return st.session_state.get(_UPLOADED)
    job, _ = current_model()
    if job is None or not isinstance(job.result, TrainedModel) or job.result.final is None:
        return None
    delivery = require_delivery()
    return PredictionModel(
        delivery.trained.final.pipeline,
        delivery.card,
        "trained",
        "the model trained here",
        delivery.job_id,
    )


def read_rows_to_predict(content: bytes, file_name: str, card: ModelCard):
    """Read a file of rows with the model's reading choices (missing-value words…)."""
    # Training's reading choices (missing-value words, a delimiter or decimal mark the person
    # chose); a sheet name belongs to the training workbook, so the new file's first is read.
    options = read_options(card.recipe.data.with_changes(sheet=None))
    return load_table(content, file_name, options=options, limits=LoadLimits.from_env())


def predict(model: PredictionModel, raw) -> Predicted:
    """Predictions for raw rows, after the schema checks (PredictionError when refused)."""
    return predict_rows(model.pipeline, model.card, raw)


def predict_file(model: PredictionModel, content: bytes, file_name: str) -> Predicted:
    """Predictions for an uploaded file of rows, kept until the file or the model changes."""
    key = (model.key, content_fingerprint(content))
    return remember(
        "predict.batch",
        key,
        lambda: predict(model, read_rows_to_predict(content, file_name, model.card).frame),
    )


def form_inputs(card: ModelCard) -> dict[str, object]:
    """Draw one input per model column (inside a form) and return the values entered.

    Numbers are bounded by the training range, categories and yes/no offer the values training
    saw, dates stay within the training dates; every label is the column name as plain text.
    """
    values: dict[str, object] = {}
    columns = st.columns(3)
    for position, field in enumerate(form_fields(card)):
        label = text.plain(field.name)
        key = f"w.predict.field.{position}"
        slot = columns[position % 3]
        help_text = _field_help(field)
        if field.kind == "numeric":
            low, high = field.minimum, field.maximum
            values[field.name] = slot.number_input(
                label,
                min_value=_number_or_none(low),
                max_value=_number_or_none(high),
                value=_number_or_none(field.default),
                key=key,
                help=help_text,
            )
        elif field.kind in ("categorical", "boolean") and field.choices:
            values[field.name] = slot.selectbox(
                label,
                list(field.choices),
                index=0,
                key=key,
                help=help_text,
                accept_new_options=field.kind == "categorical",
            )
        elif field.kind == "datetime":
            low, high = _date_or_none(field.minimum), _date_or_none(field.maximum)
            values[field.name] = slot.date_input(
                label,
                value=_date_or_none(field.default),
                min_value=low,
                max_value=high,
                key=key,
                help=help_text,
            )
        else:
            values[field.name] = slot.text_input(label, key=key, help=help_text)
    return values


def _field_help(field: FeatureField) -> str:
    if field.kind == "numeric" and field.minimum is not None:
        return text.plain(
            f"Training saw {field.minimum:g} to {field.maximum:g} (median {field.median:g})."
        )
    if field.kind == "categorical" and field.n_choices:
        more = "" if field.complete_choices else f" (the {len(field.choices)} most frequent)"
        return text.plain(
            f"{field.n_choices:,} values in training{more}; a value it never saw is allowed "
            "and handled like an unknown category."
        )
    if field.kind == "datetime" and field.minimum is not None:
        return text.plain(f"Training dates run from {field.minimum} to {field.maximum}.")
    return ""


def _number_or_none(value: object) -> float | None:
    return None if value is None else float(value)


def _date_or_none(value: object):
    return None if value is None else pd.Timestamp(value).date()


def predictions_table(predicted: Predicted, *, rows: int = 500) -> pd.DataFrame:
    """The first predicted rows to show, with true/false classes as text.

    A table draws a true/false column as checkboxes; the classes read "True"/"False", as in
    the file and the downloads.
    """
    frame = predicted.frame.head(rows)
    labels = frame[predicted.prediction_column]
    if not pd.api.types.is_bool_dtype(labels.dtype):
        return frame
    return frame.assign(**{predicted.prediction_column: labels.map(str)})


def prediction_view(predicted: Predicted, card: ModelCard) -> None:
    """One row's prediction, and the probability of each class for classifiers."""
    for notice in predicted.notices:
        text.info(notice)
    row = predicted.frame.iloc[0]
    # From its own column: a row of number columns would turn the class 1 into 1.0.
    value = predicted.frame[predicted.prediction_column].iloc[0]
    shown = f"{value:,.4g}" if card.task == "regression" else str(value)
    st.metric(text.plain(f"Predicted {card.target}"), text.plain(shown))
    if predicted.probability_columns:
        probabilities = pd.DataFrame(
            {
                "class": [str(label) for label in predicted.probability_columns.values()],
                "probability": [float(row[name]) for name in predicted.probability_columns],
            }
        ).sort_values("probability", ascending=False)
        st.caption("How sure the model is: the probability it gives each class.")
        st.dataframe(
            probabilities,
            hide_index=True,
            column_config={
                "probability": st.column_config.ProgressColumn(
                    "probability", min_value=0.0, max_value=1.0, format="%.3f"
                )
            },
        )
    elif card.task != "regression":
        st.caption("This model gives no probabilities, only the predicted class.")
