"""Export: the model file, the reproducible script, the recipe and the report."""

import streamlit as st

from core.deliver import SCRIPT_FILE_NAME, render_report, report_file_name
from core.errors import ModelPathError
from ui import text
from ui.components import link_to
from ui.deliver.delivery import (
    deferred,
    model_file,
    model_file_name,
    report_inputs,
    require_delivery,
    script_files,
)
from ui.evaluate.evaluation_views import suspicion_view
from ui.guide import record_download, show_lesson

st.title("Export the model")
show_lesson("deliver")
delivery = require_delivery()
suspicion_view(delivery.trained, key="export")
card = delivery.card
text.info(
    f"{card.algorithm_label} predicting {card.target!r} ({card.task}), trained on "
    f"{card.n_train:,} rows of {delivery.dataset.label}."
)

st.header("The model file")
st.caption(
    "A .skops file: the fitted pipeline (every cleaning and feature step and the model) with "
    "its recipe, its input columns and the library versions. Unlike pickle, loading a .skops "
    "file runs no code: ModelPath checks every type in it against an allow-list first. Load it "
    "on the Predict page, or in Python with skops.io.load."
)
st.download_button(
    "Download the model (.skops)",
    data=deferred(lambda: model_file(delivery), "the model file"),
    file_name=model_file_name(card),
    mime="application/octet-stream",
    key="w.export.model",
    type="primary",
    on_click=record_download,
    args=("model",),
    icon=":material/download:",
)

st.header("The script that reproduces it")
st.caption(
    "A standalone Python script — pandas, scikit-learn and imbalanced-learn only, no ModelPath "
    "— that reads the data file, cleans it the same way, builds the same pipeline, splits and "
    "cross-validates the same way, prints the same scores beside the baseline and saves the "
    f"model. Run it with: python {SCRIPT_FILE_NAME} DATA_FILE"
)
try:
    script, data_name, data_file = script_files(delivery)
except ModelPathError as exc:
    text.show_error(exc)
else:
    columns = st.columns(3)
    columns[0].download_button(
        f"Download {SCRIPT_FILE_NAME}",
        data=script,
        file_name=SCRIPT_FILE_NAME,
        mime="text/x-python",
        key="w.export.script",
        on_click="ignore",
        icon=":material/code:",
    )
    columns[1].download_button(
        "Download the recipe (JSON)",
        data=delivery.trained.recipe.to_json(),
        file_name="recipe.json",
        mime="application/json",
        key="w.export.recipe",
        on_click="ignore",
        icon=":material/data_object:",
    )
    if data_file is not None:
        columns[2].download_button(
            "Download the data file",
            data=data_file,
            file_name=data_name,
            mime="text/csv",
            key="w.export.data",
            on_click="ignore",
            icon=":material/table:",
        )
        text.info(
            f"The script reads {data_name!r}: download it too and keep it beside the script"
            + (
                " (the table with the rows you added)."
                if delivery.dataset.appended
                else " (the sample as a file)."
            )
        )
    with st.expander("Read the script"):
        st.code(script, language="python", line_numbers=True)

st.header("The report")
st.caption(
    "One HTML file that opens offline in any browser and tells the project's story: the "
    "problem and metric, the data and what exploring it found, cleaning and features, the "
    "algorithm and its settings, cross-validation and test results beside the baseline, the "
    "diagnosis, importance and how to reproduce it, with charts. It includes the learning "
    "curve and importance if you drew them on the Diagnosis and Why pages."
)
inputs = report_inputs(delivery)
st.download_button(
    "Download the report (HTML)",
    data=deferred(lambda: render_report(inputs), "the report"),
    file_name=report_file_name(inputs),
    mime="text/html",
    key="w.export.report",
    on_click=record_download,
    args=("report",),
    icon=":material/description:",
)
link_to("steps/predict.py", "Continue: predict new rows", icon=":material/arrow_forward:")
