"""The Metrics, Diagnosis, Why, Runs and New data pages, driven through their own widgets.

Training runs in a background thread; tests wait for the job and rerun, as the page's
progress fragment would.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest

import ui.evaluate.evaluation
from core.model import Budget
from tests.pages.conftest import load_sample, open_page, texts, unescape, upload
from tests.pages.conftest import wait_for_job as _wait

NOTE_FORM = "FormSubmitter:w.runs.note_form-Save the note"


def _recipe(at):
    return at.session_state["mp.recipe"]


def _store(at):
    return at.session_state["mp.runs.store"]


def _all_text(at) -> str:
    parts = [
        *texts(at.info),
        *texts(at.error),
        *texts(at.warning),
        *texts(at.success),
        *texts(at.markdown),
        *texts(at.caption),
    ]
    return unescape(" ".join(parts))


def _charts(at) -> list:
    return list(at.get("plotly_chart"))


def _figure(chart) -> dict:
    return json.loads(chart.proto.spec)


def _choose(at, sample: str, algorithm: str):
    load_sample(at, sample)
    open_page(at, "problem")
    open_page(at, "algorithm")
    at.selectbox(key="w.algorithm.choice").set_value(algorithm).run()
    assert not at.exception
    assert _recipe(at).model.algorithm == algorithm
    return at


def _train(at):
    """Train the committed recipe on the Metrics page and wait for it."""
    open_page(at, "evaluate")
    at.button(key="w.evaluate.train").click().run()
    job = _wait(at, "train")
    assert job.error is None
    return job


def _trained(at, sample: str = "churn", algorithm: str = "random_forest"):
    _choose(at, sample, algorithm)
    return _train(at)


def _metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


# --- Metrics ---------------------------------------------------------------------------------


def test_metrics_page_for_classification_shows_charts_and_baseline(app):
    job = _trained(app, "churn", "random_forest")
    assert not app.exception
    assert job.result.final is not None
    assert len(_charts(app)) >= 3
    tables = [d.value for d in app.dataframe]
    metrics_table = next(t for t in tables if "baseline" in t.columns and "fold" not in t.columns)
    baseline = pd.to_numeric(metrics_table["baseline"], errors="coerce")
    assert baseline.notna().any()
    assert len(_store(app)) == 1
    labels = [m.label for m in app.metric]
    assert "Baseline (CV)" in labels
    assert "Baseline (test)" in labels
    assert app.slider(key="w.evaluate.threshold") is not None


def test_metrics_page_for_regression_shows_residuals_without_threshold(app):
    job = _trained(app, "diabetes", "ridge")
    assert job.result.final.test.task == "regression"
    assert len(_charts(app)) >= 3
    assert not [s for s in app.slider if s.key == "w.evaluate.threshold"]
    assert not [t for t in app.toggle if t.key == "w.evaluate.normalize"]
    assert len(_store(app)) == 1


def test_metrics_page_shows_mape_as_a_percentage(app):
    load_sample(app, "diabetes")
    open_page(app, "problem")
    app.selectbox(key="w.problem.metric.disease_progression.regression").set_value("mape").run()
    assert not app.exception
    assert _metric(app, "Baseline MAPE").value.endswith(" %")
    open_page(app, "algorithm")
    app.selectbox(key="w.algorithm.choice").set_value("ridge").run()
    job = _train(app)
    cv = job.result.cv
    assert cv.metric == "mape"
    mape = f"{100 * cv.mean:.4g} %"
    assert _metric(app, "CV MAPE").value.startswith(mape)
    assert _metric(app, "Test MAPE").value.endswith(" %")
    table = next(d.value for d in app.dataframe if "metric" in d.value.columns)
    primary = table.iloc[0]
    assert primary["metric"] == "MAPE (%) (primary)"
    assert primary["model"] == pytest.approx(100 * job.result.final.test_score)


def _threshold_confusion(at) -> np.ndarray:
    chart = next(c for c in _charts(at) if c.proto.id.endswith("evaluate.threshold_cm"))
    z = _figure(chart)["data"][0]["z"]
    if isinstance(z, dict):  # plotly's typed-array encoding
        shape = [int(n) for n in str(z["shape"]).split(",")]
        return np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape)
    return np.asarray(z, dtype=float)


def test_threshold_slider_changes_the_confusion_matrix(app):
    _trained(app, "breast_cancer", "logistic_regression")
    slider = app.slider(key="w.evaluate.threshold")
    assert slider.value == pytest.approx(0.5)
    at_half = _threshold_confusion(app)
    positives_at_half = int(_metric(app, "Predicted positive").value.replace(",", ""))
    assert at_half.sum() == app.session_state["mp.job.train"].result.n_test
    slider.set_value(0.05).run()
    assert not app.exception
    at_low = _threshold_confusion(app)
    positives_at_low = int(_metric(app, "Predicted positive").value.replace(",", ""))
    assert at_low.sum() == at_half.sum()
    assert not np.array_equal(at_low, at_half)
    assert positives_at_low > positives_at_half
    # Each actual class keeps its rows; only the predictions move between columns.
    assert np.array_equal(at_low.sum(axis=1), at_half.sum(axis=1))


def test_normalize_toggle_shows_shares(app):
    _trained(app, "breast_cancer", "logistic_regression")
    app.toggle(key="w.evaluate.normalize").set_value(True).run()
    assert not app.exception
    chart = next(c for c in _charts(app) if c.proto.id.endswith("evaluate.confusion"))
    z = _figure(chart)["data"][0]["z"]
    if isinstance(z, dict):
        shape = [int(n) for n in str(z["shape"]).split(",")]
        z = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape)
    assert np.allclose(np.asarray(z, dtype=float).sum(axis=1), 1.0)


def test_metrics_page_asks_for_an_algorithm_then_for_data(app):
    open_page(app, "evaluate")
    assert not app.exception
    assert any("No data is loaded" in t for t in texts(app.info))
    load_sample(app, "iris")
    open_page(app, "problem")
    assert _recipe(app).model.algorithm is None
    open_page(app, "evaluate")
    assert not app.exception
    assert any("Choose an algorithm first." in t for t in texts(app.info))
    assert not [b for b in app.button if b.key == "w.evaluate.train"]


# --- Diagnosis -------------------------------------------------------------------------------


def test_diagnosis_sees_overfitting_draws_the_curve_and_applies_a_remedy(app):
    _trained(app, "diabetes", "decision_tree")
    assert dict(_recipe(app).model.params).get("max_depth") is None
    open_page(app, "diagnose")
    assert not app.exception
    assert any("Overfitting" in unescape(t) for t in texts(app.warning))
    # The learning curve (drawn first: applying a remedy makes the model stale).
    app.button(key="w.diagnose.curve").click().run()
    job = _wait(app, "learning")
    assert job.error is None
    assert any(c.proto.id.endswith("diagnose.curve") for c in _charts(app))
    # One click applies a hyperparameter remedy to the recipe.
    before = dict(_recipe(app).model.params)
    apply = [b for b in app.button if b.key and b.key.startswith("w.diagnose.apply.")]
    assert apply
    apply[0].click().run()
    assert not app.exception
    after = dict(_recipe(app).model.params)
    assert after != before
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    assert len(changed) == 1
    ((param, value),) = changed.items()
    assert f"{param} is now {value}" in unescape(" ".join(texts(app.success)))
    if param == "max_depth":
        assert isinstance(value, int)


# --- Why -------------------------------------------------------------------------------------


def test_why_page_shows_native_and_permutation_importance_and_worst_rows(app):
    _trained(app, "iris", "random_forest")
    open_page(app, "explain")
    assert not app.exception
    assert any(c.proto.id.endswith("explain.native") for c in _charts(app))
    assert not any(c.proto.id.endswith("explain.permutation") for c in _charts(app))
    worst = app.dataframe[-1].value
    assert 0 < len(worst) <= 20
    app.button(key="w.explain.permutation").click().run()
    job = _wait(app, "importance")
    assert job.error is None
    assert any(c.proto.id.endswith("explain.permutation") for c in _charts(app))
    assert any(c.proto.id.endswith("explain.native") for c in _charts(app))


def test_why_page_names_the_columns_a_short_budget_did_not_measure(app, monkeypatch):
    measure = ui.evaluate.evaluation.permutation_importance_by_column

    def one_column_budget(*args, budget, **kwargs):
        # Stops after one column through the stop request, so the test never races a clock.
        reports: list[str] = []

        def progress(fraction: float, message: str) -> None:
            reports.append(message)
            budget.report(fraction, message)

        stop = Budget(
            budget.seconds,
            lambda: any(m.startswith("Permutation importance: 1 of") for m in reports),
            progress,
        )
        return measure(*args, budget=stop, **kwargs)

    monkeypatch.setattr(
        ui.evaluate.evaluation, "permutation_importance_by_column", one_column_budget
    )
    _trained(app, "churn", "random_forest")
    open_page(app, "explain")
    app.button(key="w.explain.permutation").click().run()
    job = _wait(app, "importance")
    assert job.error is None
    result = job.result
    assert len(result.frame) == 1
    assert result.unmeasured
    notice = unescape(" ".join(texts(app.warning)))
    assert "Not measured (the measurement was stopped)" in notice
    assert str(result.unmeasured[0]) in notice
    assert result.order == "the model's own importance"
    chart = next(c for c in _charts(app) if c.proto.id.endswith("explain.permutation"))
    marks = _figure(chart)["data"][1]
    assert set(marks["text"]) == {"not measured"}


def test_why_page_before_training_points_to_metrics(app):
    _choose(app, "iris", "decision_tree")
    open_page(app, "explain")
    assert not app.exception
    assert any("No model has been trained yet" in t for t in texts(app.info))


# --- Runs ------------------------------------------------------------------------------------


def _two_runs(app):
    _trained(app, "iris", "decision_tree")
    recipe = _recipe(app)
    app.session_state["mp.recipe"] = recipe.with_section(
        recipe.model.with_changes(params={"max_depth": 1})
    )
    _train(app)
    store = _store(app)
    assert len(store) == 2
    return store


def test_runs_page_compares_restores_annotates_and_deletes(app):
    store = _two_runs(app)
    newer, older = store.runs()
    assert dict(newer.recipe.model.params) == {"max_depth": 1}
    assert older.recipe != newer.recipe
    open_page(app, "runs")
    assert not app.exception
    assert len(app.dataframe[0].value) == 2
    verdicts = unescape(" ".join([*texts(app.info), *texts(app.success), *texts(app.warning)]))
    assert "noise" in verdicts or "corrected" in verdicts
    assert app.selectbox(key="w.runs.first").value == older.id
    assert app.selectbox(key="w.runs.second").value == newer.id
    changes = app.dataframe[-1].value
    assert len(changes) >= 1
    # Restore the older run's settings.
    app.selectbox(key="w.runs.chosen").set_value(older.id).run()
    app.button(key="w.runs.restore").click().run()
    assert not app.exception
    assert _recipe(app) == store.get(older.id).recipe
    assert any(f"run {older.id} is now current" in unescape(t) for t in texts(app.success))
    # Annotate it.
    app.text_input(key="w.runs.note").set_value("the deep tree")
    app.button(key=NOTE_FORM).click().run()
    assert not app.exception
    assert store.get(older.id).note == "the deep tree"
    # Delete the newer one.
    app.selectbox(key="w.runs.chosen").set_value(newer.id).run()
    app.button(key="w.runs.delete").click().run()
    assert not app.exception
    assert len(store) == 1
    assert [r.id for r in store.runs()] == [older.id]
    assert len(app.dataframe[0].value) == 1
    assert any("Pick two different runs" in t for t in texts(app.caption))


# --- New data --------------------------------------------------------------------------------


def _table(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n).round(3)
    x2 = rng.uniform(0, 10, size=n).round(2)
    colour = rng.choice(["red", "green", "blue"], size=n)
    signal = x1 + 0.3 * x2 + (colour == "red") + rng.normal(scale=0.5, size=n)
    return pd.DataFrame(
        {
            "x1": x1,
            "x2": x2,
            "colour": colour,
            "bought": np.where(signal > np.median(signal), "yes", "no"),
        }
    )


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def _shop_model(app):
    """A model trained on an uploaded 300-row table; the New data page open on it."""
    upload(app, "shop.csv", _csv(_table(300, 0)))
    assert not app.exception
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("bought").run()
    assert not app.exception
    assert _recipe(app).problem.target == "bought"
    open_page(app, "algorithm")
    app.selectbox(key="w.algorithm.choice").set_value("logistic_regression").run()
    _train(app)
    store = _store(app)
    assert len(store) == 1
    assert len(app.session_state["mp.dataset"].loaded.frame) == 300
    open_page(app, "new_data")
    assert not app.exception
    assert app.selectbox(key="w.new_data.run").value == store.runs()[0].id
    return store


def _new_rows(app, name: str, frame: pd.DataFrame):
    app.file_uploader(key="w.new_data.upload").set_value((name, _csv(frame), "text/csv")).run()
    assert not app.exception
    return app


def _retrain_with_100_rows(app):
    """Upload 100 valid rows, retrain, and wait for the job without rerunning the page."""
    _new_rows(app, "more.csv", _table(100, 2))
    assert not app.error
    app.button(key="w.new_data.retrain").click().run()
    assert not app.exception
    job = app.session_state["mp.job.train"]
    job.thread.join(120)
    assert not job.running
    assert job.error is None
    return job


def test_new_data_refuses_a_file_missing_a_required_column(app):
    store = _shop_model(app)
    _new_rows(app, "missing.csv", _table(50, 1).drop(columns=["x2"]))
    errors = unescape(" ".join(texts(app.error)))
    assert "missing" in errors
    assert "‘x2’" in errors
    assert not [b for b in app.button if b.key == "w.new_data.retrain"]
    assert app.session_state["mp.dataset"].added_rows == 0
    assert len(store) == 1


def test_new_data_retrain_appends_rows_and_records_a_child_run(app):
    store = _shop_model(app)
    (first,) = store.runs()
    assert any("Add 100 rows" in b.label for b in _new_rows(app, "more.csv", _table(100, 2)).button)
    job = _retrain_with_100_rows(app)
    assert job.result.parent_id == first.id
    assert job.result.new_rows is not None
    assert job.result.new_rows.rows == 100
    dataset = app.session_state["mp.dataset"]
    assert dataset.added_rows == 100
    assert len(dataset.loaded.frame) == 400
    open_page(app, "evaluate")
    assert not app.exception
    assert len(store) == 2
    newest, older = store.runs()
    assert (newest.kind, newest.parent_id, older.id) == ("retrain", first.id, first.id)


def test_new_data_page_after_retraining_shows_the_check_and_removes_rows(app):
    _shop_model(app)
    _retrain_with_100_rows(app)
    app.run()
    assert not app.exception
    assert len(_store(app)) == 2
    assert any(
        "Before retraining, the earlier model scored" in unescape(t) for t in texts(app.info)
    )
    app.button(key="w.new_data.remove").click().run()
    assert not app.exception
    dataset = app.session_state["mp.dataset"]
    assert dataset.added_rows == 0
    assert len(dataset.loaded.frame) == 300


# --- Fresh app -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["evaluate", "diagnose", "explain", "runs", "new_data"],
)
def test_pages_without_data_show_an_info(app, page):
    open_page(app, page)
    assert not app.exception
    assert app.info


def test_new_data_retrains_an_earlier_run_that_is_not_in_memory(app):
    store = _shop_model(app)
    first = store.runs()[0]
    recipe = _recipe(app)
    app.session_state["mp.recipe"] = recipe.with_section(
        recipe.model.with_changes(params={"C": 0.01})
    )
    _train(app)  # the current model is now the second run
    assert len(store) == 2
    open_page(app, "new_data")
    app.selectbox(key="w.new_data.run").set_value(first.id).run()
    job = _retrain_with_100_rows(app)
    assert job.result.parent_id == first.id
    assert job.result.new_rows is not None  # the first run was refitted to be scored
    assert job.result.new_rows.rows == 100
    assert _recipe(app) == first.recipe
