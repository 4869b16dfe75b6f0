"""Predict: one row from a form, or a whole file of rows, with the trained or an uploaded model."""

import streamlit as st

from core.data import SUPPORTED_EXTENSIONS
from core.deliver import predictions_csv, predictions_excel, row_from_inputs
from core.errors import ModelPathError
from core.understand import format_score
from ui import text
from ui.components import link_to
from ui.deliver.delivery import (
    deferred,
    forget_uploaded_model,
    form_inputs,
    predict,
    predict_file,
    prediction_model,
    prediction_view,
    predictions_table,
    upload_model,
)
from ui.guide import show_lesson

st.title("Predict new rows")
show_lesson("deliver")
source = st.segmented_control(
    "Which model",
    ["trained", "uploaded"],
    format_func={"trained": "The model trained here", "uploaded": "A model file"}.get,
    default="trained",
    key="w.predict.source",
)
if source == "uploaded":
    st.caption(
        "Upload a .skops file exported by ModelPath. Every type inside it is checked against an "
        "allow-list before anything is loaded; pickle and joblib files are refused, because "
        "loading them runs whatever code they contain."
    )
    upload = st.file_uploader("Model file (.skops)", key="w.predict.model_file")
    if upload is not None:
        try:
            upload_model(upload.getvalue(), upload.name)
        except ModelPathError as exc:
            forget_uploaded_model()
            text.show_error(exc)
model = prediction_model(source or "trained")
if model is None:
    if source == "uploaded":
        st.info("Upload a model file to predict with it.")
    else:
        st.info("No model has been trained yet. Train one on the Metrics page, or upload one.")
        link_to("steps/evaluate.py", "Go to Metrics", icon=":material/analytics:")
    st.stop()
card = model.card
text.info(
    f"{card.algorithm_label} predicting {card.target!r} ({card.task}) from "
    f"{len(card.features)} columns; {card.metric_label} on its test rows: "
    + format_score(card.metric, card.scores.get("test_score"), missing="—")
    + (f" ({model.name})" if model.origin == "uploaded" else "")
)
for notice in model.notices:
    text.warning(notice)

one_row, many_rows = st.tabs(["One row", "A file of rows"])
with one_row, st.form("w.predict.form"):
    values = form_inputs(card)
    submitted = st.form_submit_button("Predict", type="primary")
if submitted:
    try:
        predicted = predict(model, row_from_inputs(card, values))
    except ModelPathError as exc:
        with one_row:
            text.show_error(exc)
    else:
        with one_row:
            prediction_view(predicted, card)

with many_rows:
    st.caption(
        "A CSV, Excel, Parquet or JSON file with the model's input columns (the target may be "
        "absent). Missing columns stop the prediction and are named; extra columns are kept "
        "in the output but ignored by the model; the order does not matter."
    )
    rows_file = st.file_uploader(
        "Rows to predict", type=list(SUPPORTED_EXTENSIONS), key="w.predict.rows"
    )
    if rows_file is not None:
        try:
            predicted = predict_file(model, rows_file.getvalue(), rows_file.name)
        except ModelPathError as exc:
            text.show_error(exc)
        else:
            for notice in predicted.notices:
                text.info(notice)
            text.success(f"Predicted {len(predicted.frame):,} rows.")
            st.dataframe(predictions_table(predicted))
            stem = rows_file.name.rsplit(".", 1)[0]
            left, right = st.columns(2)
            left.download_button(
                "Download as CSV",
                data=predictions_csv(predicted.frame),
                file_name=f"{stem}-predictions.csv",
                mime="text/csv",
                key="w.predict.csv",
                on_click="ignore",
                icon=":material/download:",
            )
            right.download_button(
                "Download as Excel",
                data=deferred(lambda frame=predicted.frame: predictions_excel(frame), "Excel"),
                file_name=f"{stem}-predictions.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key="w.predict.excel",
                on_click="ignore",
                icon=":material/download:",
            )
