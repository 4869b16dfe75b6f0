"""The Problem page: target, task, metric, positive class and exclusions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.pages.conftest import load_sample, open_page, texts, unescape, upload


def test_problem_page_without_data_says_what_to_do(app):
    open_page(app, "problem")
    assert not app.exception
    assert any("No data is loaded" in t for t in texts(app.info))


def test_sample_target_commits_inferred_task_and_recommended_metric(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    assert not app.exception
    problem = app.session_state["mp.recipe"].problem
    assert problem.target == "churned"
    assert problem.task == "binary"
    assert problem.positive_class == "yes"
    assert problem.metric == "f1"  # 17 % positives: accuracy would flatter
    baseline = next(m for m in app.metric if m.label.startswith("Baseline"))
    assert baseline.value == "0.000"  # always "no" never finds a churner


def test_choosing_a_target_infers_regression(app):
    load_sample(app, "penguins")
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("body_mass_g").run()
    assert not app.exception
    problem = app.session_state["mp.recipe"].problem
    assert (problem.target, problem.task) == ("body_mass_g", "regression")
    assert problem.metric in {"rmse", "mae"}


def test_choosing_a_metric_commits_it(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    app.selectbox(key="w.problem.metric.churned.binary").set_value("roc_auc").run()
    assert not app.exception
    assert app.session_state["mp.recipe"].problem.metric == "roc_auc"
    baseline = next(m for m in app.metric if m.label.startswith("Baseline"))
    assert baseline.value == "0.500"


def test_impossible_task_is_refused_with_a_message(app):
    load_sample(app, "iris")
    open_page(app, "problem")
    app.radio(key="w.problem.task.species").set_value("regression").run()
    assert not app.exception
    assert any("numeric target" in unescape(e) for e in texts(app.error))
    assert app.session_state["mp.recipe"].problem.task == "multiclass"


def test_unusable_target_explains_why(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("customer_id").run()
    assert not app.exception
    assert any("identifier" in unescape(e) for e in texts(app.error))


def test_suggested_exclusions_include_the_id_and_the_leak(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    app.button(key="w.problem.exclude_suggested").click().run()
    assert not app.exception
    excluded = set(app.session_state["mp.recipe"].problem.exclude_columns)
    assert {"customer_id", "cancellation_reason"} <= excluded


def test_positive_class_can_be_changed(app):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.normal(size=60), "label": ["cat"] * 40 + ["dog"] * 20})
    upload(app, "pets.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("label").run()
    assert app.session_state["mp.recipe"].problem.positive_class == "dog"  # the rarer class
    app.selectbox(key="w.problem.positive.label").set_value("cat").run()
    assert not app.exception
    assert app.session_state["mp.recipe"].problem.positive_class == "cat"


def test_leak_is_left_out_by_default_with_a_notice(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    assert not app.exception
    assert "cancellation_reason" in app.session_state["mp.recipe"].problem.exclude_columns
    notice = next(unescape(i) for i in texts(app.info) if "Left out by default" in i)
    assert "‘cancellation_reason’ predicts ‘churned’ almost perfectly on its own" in notice
    assert "remove it from the list to keep it" in notice


def test_a_leak_taken_out_of_the_list_stays_kept(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    exclude = app.multiselect(key="w.problem.exclude.churned")
    exclude.set_value([c for c in exclude.value if c != "cancellation_reason"]).run()
    app.run()
    assert not app.exception
    assert "cancellation_reason" not in app.session_state["mp.recipe"].problem.exclude_columns
    assert not any("Left out by default" in i for i in texts(app.info))


def test_columns_that_rebuild_the_target_together_are_left_out_by_default(app):
    rng = np.random.default_rng(0)
    price, part = rng.gamma(3, 30, 400).round(2), rng.gamma(2, 10, 400).round(2)
    frame = pd.DataFrame(
        {"part": part, "total": price + part + 3.3, "age": rng.normal(40, 9, 400), "price": price}
    )
    upload(app, "orders.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("price").run()
    assert not app.exception
    excluded = app.session_state["mp.recipe"].problem.exclude_columns
    assert set(excluded) == {"part", "total"}
    notice = next(unescape(i) for i in texts(app.info) if "Left out by default" in i)
    assert "‘price’ ≈ ‘total’ − ‘part’ − 3.30" in notice


def test_a_sample_loaded_with_its_target_has_the_leak_left_out_before_any_training(app):
    # The sample arrives with its target set: the default must not wait for the Problem page.
    load_sample(app, "churn")
    assert any("Left out by default" in unescape(t.value) for t in app.toast)
    open_page(app, "evaluate")
    assert not app.exception
    assert "cancellation_reason" in app.session_state["mp.recipe"].problem.exclude_columns


def test_the_frame_default_does_not_undo_a_kept_leak(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    exclude = app.multiselect(key="w.problem.exclude.churned")
    exclude.set_value([c for c in exclude.value if c != "cancellation_reason"]).run()
    open_page(app, "evaluate")
    open_page(app, "explore")
    assert "cancellation_reason" not in app.session_state["mp.recipe"].problem.exclude_columns
