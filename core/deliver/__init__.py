"""Deliver: model files (``.skops``, never pickle), the model card, predictions on new rows, the
standalone script, the HTML report and spreadsheet-safe tables.
"""

from core.deliver.estimator_code import estimator_code
from core.deliver.model_card import (
    CARD_VERSION,
    MAX_CHOICES,
    FeatureField,
    ModelCard,
    PredictionError,
    model_card,
)
from core.deliver.modelfile import (
    ALLOWED_TYPES,
    MODEL_FILE_FORMAT,
    MODEL_FILE_VERSION,
    LoadedModel,
    ModelFileError,
    dump_model,
    library_versions,
    load_model,
    max_model_bytes,
    untrusted_types,
)
from core.deliver.predict import (
    PREDICTION_COLUMN,
    ModelInput,
    Predicted,
    form_fields,
    model_input,
    predict_rows,
    predictions_csv,
    predictions_excel,
    row_from_inputs,
)
from core.deliver.report import (
    SECTIONS,
    ReportInputs,
    render_report,
    report_file_name,
)
from core.deliver.script import (
    SCRIPT_FILE_NAME,
    ScriptError,
    ScriptSource,
    render_script,
    script_data_file,
)
from core.deliver.spreadsheet import (
    FORMULA_TRIGGERS,
    neutralise_cell,
    spreadsheet_safe,
)

__all__ = [
    "ALLOWED_TYPES",
    "CARD_VERSION",
    "FORMULA_TRIGGERS",
    "MAX_CHOICES",
    "MODEL_FILE_FORMAT",
    "MODEL_FILE_VERSION",
    "PREDICTION_COLUMN",
    "SCRIPT_FILE_NAME",
    "SECTIONS",
    "FeatureField",
    "LoadedModel",
    "ModelCard",
    "ModelFileError",
    "ModelInput",
    "Predicted",
    "PredictionError",
    "ReportInputs",
    "ScriptError",
    "ScriptSource",
    "dump_model",
    "estimator_code",
    "form_fields",
    "library_versions",
    "load_model",
    "max_model_bytes",
    "model_card",
    "model_input",
    "neutralise_cell",
    "predict_rows",
    "predictions_csv",
    "predictions_excel",
    "render_report",
    "render_script",
    "report_file_name",
    "row_from_inputs",
    "script_data_file",
    "spreadsheet_safe",
    "untrusted_types",
]
