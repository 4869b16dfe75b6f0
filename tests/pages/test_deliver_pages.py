"""The Export and Predict pages, driven through their own widgets."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from core.data import load_table, make_churn_dataset
from core.deliver import PREDICTION_COLUMN, dump_model, predict_rows
from tests.pages.conftest import open_page, texts, unescape
from tests.pages.test_evaluation_pages import _all_text, _trained

PREDICT = "FormSubmitter:w.predict.form-Predict"


def _delivery(at):
    """The model trained in the session, with its card (as the Export page builds them)."""
    memo = at.session_state["mp.memo"]
    card = memo["deliver.card"][1]
    job = at.session_state["mp.job.train"]
    return job.result, card


def _rows(n: int = 6, seed: int = 4) -> pd.DataFrame:
    return make_churn_dataset(n_rows=100, seed=seed).drop(columns=["churned"]).head(n)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


@pytest.fixture
def trained_app(app):
    _trained(app, "churn", "logistic_regression")
    return app


def test_export_page_offers_every_file(trained_app) -> None:
    at = open_page(trained_app, "export")
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert labels == [
        "Download the model (.skops)",
        "Download train_model.py",
        "Download the recipe (JSON)",
        "Download the data file",
        "Download the report (HTML)",
    ]
    script = at.get("code")[0].value
    assert "LogisticRegression(" in script
    assert "from core" not in script
    assert "churn.csv" in _all_text(at)


def test_export_page_without_a_model_says_where_to_train(app) -> None:
    from tests.pages.conftest import load_sample

    load_sample(app, "churn")
    at = open_page(app, "export")
    assert not at.exception
    assert "No model has been trained yet" in _all_text(at)
    assert not at.get("download_button")


def test_single_row_form_predicts_with_probabilities(trained_app) -> None:
    at = open_page(trained_app, "export")  # builds the card
    at = open_page(at, "predict")
    assert not at.exception
    at.button(key=PREDICT).click().run()
    assert not at.exception
    metric = next(m for m in at.metric if "Predicted churned" in unescape(m.label))
    assert unescape(str(metric.value)) in {"True", "False", "yes", "no", "1", "0"}
    probabilities = at.dataframe[0].value
    assert probabilities["probability"].sum() == pytest.approx(1.0)

    # The prediction is the trained model's own, for the row the form describes.
    trained, card = _delivery(at)
    values = {f.name: at.session_state[f"w.predict.field.{i}"] for i, f in enumerate(card.features)}
    from core.deliver import row_from_inputs

    expected = predict_rows(trained.final.pipeline, card, row_from_inputs(card, values))
    assert str(expected.frame[PREDICTION_COLUMN].iloc[0]) == unescape(str(metric.value))


def test_a_batch_missing_a_column_is_refused_with_its_name(trained_app) -> None:
    at = open_page(trained_app, "predict")
    rows = _rows().drop(columns=["monthly_charges"])
    at.file_uploader(key="w.predict.rows").set_value(("new.csv", _csv(rows), "text/csv")).run()
    assert not at.exception
    errors = unescape(" ".join(texts(at.error)))
    assert "monthly_charges" in errors
    assert not [b for b in at.get("download_button") if b.label.startswith("Download as")]


def test_a_batch_is_predicted_and_offered_for_download(trained_app) -> None:
    at = open_page(trained_app, "predict")
    rows = _rows().assign(comment='=HYPERLINK("http://x")')
    rows = rows[list(reversed(rows.columns))]  # another column order
    at.file_uploader(key="w.predict.rows").set_value(("new.csv", _csv(rows), "text/csv")).run()
    assert not at.exception
    everything = _all_text(at)
    assert "Predicted 6 rows" in everything
    assert "comment" in everything  # the extra column is named in a notice
    shown = at.dataframe[0].value
    assert PREDICTION_COLUMN in shown.columns
    assert len(shown) == 6
    labels = [b.label for b in at.get("download_button")]
    assert "Download as CSV" in labels
    assert "Download as Excel" in labels


def test_an_exported_model_uploaded_again_predicts_the_same(trained_app, tmp_path) -> None:
    at = open_page(trained_app, "export")
    trained, card = _delivery(at)
    content = dump_model(trained.final.pipeline, card.to_dict())
    at = open_page(at, "predict")
    at.segmented_control(key="w.predict.source").set_value("uploaded").run()
    assert "Upload a model file" in _all_text(at)
    at.file_uploader(key="w.predict.model_file").set_value(
        ("model.skops", content, "application/octet-stream")
    ).run()
    assert not at.exception
    assert not at.error
    rows = _rows(8)
    at.file_uploader(key="w.predict.rows").set_value(("new.csv", _csv(rows), "text/csv")).run()
    assert not at.exception
    shown = at.dataframe[0].value
    as_read = load_table(_csv(rows), "new.csv").frame  # missing-value words applied
    expected = predict_rows(trained.final.pipeline, card, as_read).frame
    assert list(shown[PREDICTION_COLUMN]) == list(expected[PREDICTION_COLUMN])
    probability = [c for c in expected.columns if c.startswith("probability")]
    pd.testing.assert_frame_equal(shown[probability], expected[probability])


class _Canary:
    """Writes a file when unpickled: what a malicious model file would do."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path(self.path).write_text, ("pwned",))


def test_a_pickle_upload_is_refused_and_never_loaded(app, tmp_path) -> None:
    canary = tmp_path / "canary.txt"
    content = pickle.dumps(_Canary(str(canary)))
    at = open_page(app, "predict")
    at.segmented_control(key="w.predict.source").set_value("uploaded").run()
    for name in ("model.pkl", "model.skops"):
        at.file_uploader(key="w.predict.model_file").set_value(
            (name, content, "application/octet-stream")
        ).run()
        assert not at.exception
        errors = unescape(" ".join(texts(at.error)))
        assert "pickle" in errors.lower()
        assert not canary.exists()
    assert "Upload a model file" in _all_text(at)


def test_predict_page_without_a_model(app) -> None:
    at = open_page(app, "predict")
    assert not at.exception
    assert "No model has been trained yet" in _all_text(at)


def test_after_adding_rows_the_script_reads_a_combined_data_file(app) -> None:
    from tests.pages.test_evaluation_pages import _retrain_with_100_rows, _shop_model

    _shop_model(app)
    _retrain_with_100_rows(app)
    app.run()
    at = open_page(app, "export")
    assert not at.exception
    data_button = next(b for b in at.get("download_button") if b.label == "Download the data file")
    assert data_button is not None
    text = _all_text(at)
    assert "with-new-rows.csv" in text
    assert "the rows you added" in text
    script = at.get("code")[0].value
    assert "with-new-rows.csv" in script


def test_the_model_file_and_the_report_are_made_on_click(trained_app) -> None:
    from ui.deliver.delivery import deferred

    at = open_page(trained_app, "export")
    trained, card = _delivery(at)
    produced = deferred(lambda: dump_model(trained.final.pipeline, card.to_dict()), "model")()
    assert produced[:2] == b"PK"  # a zip archive: the .skops format
    failing = deferred(lambda: 1 / 0, "the report")()
    assert "error id" in failing
    assert "ZeroDivisionError" not in failing  # no traceback details for the person
