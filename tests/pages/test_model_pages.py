"""The Split & validation, Algorithm and Tune pages, driven through their own widgets.

Training runs in a background thread; tests wait for the job and rerun, as the page's
progress fragment would.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.pages.conftest import load_sample, open_page, texts, unescape, upload
from tests.pages.conftest import wait_for_job as _wait

TUNE_FORM = "FormSubmitter:w.tune.form-Train and evaluate"
SEARCH_FORM = "FormSubmitter:w.tune.search-Search"
SPLIT_FORM = "FormSubmitter:w.split.form-Apply"


def _ready(at, sample: str = "iris"):
    load_sample(at, sample)
    open_page(at, "problem")
    assert not at.exception
    return at


def _recipe(at):
    return at.session_state["mp.recipe"]


def _all_text(at) -> str:
    parts = [*texts(at.info), *texts(at.error), *texts(at.warning), *texts(at.markdown)]
    return unescape(" ".join(parts))


# --- Split & validation ----------------------------------------------------------------------


def test_split_page_without_data_points_to_data(app):
    open_page(app, "split")
    assert not app.exception
    assert any("No data is loaded" in t for t in texts(app.info))


def test_split_page_shows_split_and_folds(app):
    _ready(app)
    open_page(app, "split")
    assert not app.exception
    shown = _all_text(app)
    assert "Stratified K-fold" in shown
    assert "5 folds" in shown
    folds_table = app.dataframe[-1].value
    assert len(folds_table) == 5


def test_split_form_commits_split_and_validation(app):
    _ready(app)
    open_page(app, "split")
    app.slider(key="w.split.test_size").set_value(0.3)
    app.slider(key="w.split.folds").set_value(3)
    app.slider(key="w.split.repeats").set_value(2)
    app.button(key=SPLIT_FORM).click().run()
    assert not app.exception
    recipe = _recipe(app)
    assert recipe.split.test_size == pytest.approx(0.3)
    assert (recipe.validation.folds, recipe.validation.repeats) == (3, 2)
    assert len(app.dataframe[-1].value) == 6


def test_too_many_folds_for_a_small_class_names_it_and_suggests_fewer(app):
    frame = pd.DataFrame(
        {
            "x": np.random.default_rng(0).normal(size=60).round(3),
            "y": ["common"] * 55 + ["rare"] * 5,
        },
    )
    upload(app, "small_class.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("y").run()
    open_page(app, "split")
    app.slider(key="w.split.folds").set_value(10)
    app.button(key=SPLIT_FORM).click().run()
    assert not app.exception
    errors = " ".join(unescape(t) for t in texts(app.error))
    assert "'rare'" in errors
    assert "fewer than the 10 folds" in errors
    assert "Use 4 folds or fewer" in errors
    # The form is still there to fix it, and the settings were kept.
    assert _recipe(app).validation.folds == 10
    assert app.slider(key="w.split.folds").value == 10


def test_time_split_without_a_time_column_is_refused_and_nothing_changes(app):
    _ready(app)
    open_page(app, "split")
    before = _recipe(app).split
    app.selectbox(key="w.split.strategy").set_value("time")
    app.button(key=SPLIT_FORM).click().run()
    assert not app.exception
    assert any("needs a time column" in unescape(t) for t in texts(app.error))
    assert _recipe(app).split == before


# --- Algorithm -------------------------------------------------------------------------------


def test_algorithm_page_recommends_and_commits_a_choice(app):
    _ready(app)
    open_page(app, "algorithm")
    assert not app.exception
    assert "Recommended to start with" in _all_text(app)
    assert _recipe(app).model.algorithm == "logistic_regression"  # small table → linear
    app.selectbox(key="w.algorithm.choice").set_value("random_forest").run()
    assert not app.exception
    assert _recipe(app).model.algorithm == "random_forest"
    assert "Random forest" in _all_text(app)


def test_quick_compare_fills_the_leaderboard_with_the_baseline(app):
    _ready(app)
    open_page(app, "algorithm")
    app.slider(key="w.algorithm.budget").set_value(120)
    app.button(key="w.algorithm.compare").click().run()
    job = _wait(app, "compare")
    assert job.error is None
    board = app.dataframe[-1].value
    assert "Baseline (dummy)" in set(board["algorithm"])
    assert (board["status"] == "scored").sum() >= 10
    assert "against" in _all_text(app)
    assert "for the baseline" in _all_text(app)


def test_class_weight_without_support_is_explained(app):
    _ready(app, "churn")
    recipe = _recipe(app)
    app.session_state["mp.recipe"] = recipe.with_section(
        recipe.features.with_changes(imbalance="class_weight")
    )
    open_page(app, "algorithm")
    app.selectbox(key="w.algorithm.choice").set_value("knn").run()
    assert not app.exception
    assert any("cannot weight classes" in unescape(t) for t in texts(app.warning))


# --- Tune ------------------------------------------------------------------------------------


def test_tune_page_without_algorithm_points_back(app):
    _ready(app)
    open_page(app, "tune")
    assert not app.exception
    assert any("Choose an algorithm first" in t for t in texts(app.info))


def _tune_ready(app, algorithm: str = "decision_tree"):
    _ready(app)
    open_page(app, "algorithm")
    app.selectbox(key="w.algorithm.choice").set_value(algorithm).run()
    open_page(app, "tune")
    assert not app.exception
    return app


def test_tune_submit_produces_a_result_card_and_commits_params(app):
    _tune_ready(app)
    app.select_slider(key="w.tune.p.decision_tree.max_depth").set_value(3)
    app.button(key=TUNE_FORM).click().run()
    _wait(app, "train")
    assert dict(_recipe(app).model.params) == {"max_depth": 3}
    labels = [m.label for m in app.metric]
    assert "CV Accuracy" in labels
    assert "Training-fold score" in labels
    assert "Baseline Accuracy" in labels
    assert "beats the baseline" in _all_text(app)
    # A second run shows the change against the first.
    app.select_slider(key="w.tune.p.decision_tree.max_depth").set_value(1)
    app.button(key=TUNE_FORM).click().run()
    _wait(app, "train")
    card = next(m for m in app.metric if m.label == "CV Accuracy")
    assert "vs previous run" in str(card.proto.delta)
    assert any("max_depth 3 → 1" in unescape(t) for t in texts(app.caption))


def test_validation_curve_is_drawn_with_its_reading(app):
    _tune_ready(app)
    app.selectbox(key="w.tune.curve_param").set_value("min_samples_leaf").run()
    app.button(key="w.tune.curve").click().run()
    job = _wait(app, "curve")
    assert job.error is None
    assert job.result.param == "min_samples_leaf"
    assert "At the lowest value (min_samples_leaf = 1)" in _all_text(app)


def test_search_runs_and_the_best_setting_can_be_applied(app):
    _tune_ready(app)
    app.selectbox(key="w.tune.method").set_value("random")
    app.slider(key="w.tune.n_candidates").set_value(4)
    app.button(key=SEARCH_FORM).click().run()
    job = _wait(app, "search")
    assert job.error is None
    assert _recipe(app).tuning.method == "random"
    assert len(job.result.rows) == 4
    assert any("Best of 4 candidates" in unescape(t) for t in texts(app.info))
    app.button(key="w.tune.apply_best").click().run()
    assert not app.exception
    assert dict(_recipe(app).model.params) == job.result.best_params()
    # Applying its own best setting does not make the search stale, and leaves nothing to apply.
    assert not any("changed since this search" in t for t in texts(app.info))
    assert any("The best candidate is the current setting now" in t for t in texts(app.info))
    assert not [b for b in app.button if b.key == "w.tune.apply_best"]


def test_a_search_worse_than_the_current_setting_says_keep_it(app):
    # Iris with an unlimited tree scores far above stumps, the only candidate searched.
    _tune_ready(app)
    app.selectbox(key="w.tune.method").set_value("grid")
    app.checkbox(key="w.tune.s.decision_tree.min_samples_leaf.on").uncheck()
    app.multiselect(key="w.tune.s.decision_tree.max_depth.values").set_value([1])
    app.button(key=SEARCH_FORM).click().run()
    job = _wait(app, "search")
    comparison = job.result.comparison()
    assert comparison.verdict == "worse"
    shown = [unescape(t) for t in texts(app.warning)]
    expected = (
        f"The best candidate scores {comparison.best_mean:.4g}, below the current "
        f"{comparison.current_mean:.4g}: keep the current setting"
    )
    assert any(t.startswith(expected) for t in shown)
    button = app.button(key="w.tune.apply_best")
    assert button.label == "Apply the best candidate anyway (scores lower)"
    table = app.dataframe[-1].value
    assert table["setting"].tolist().count("current") == 1


def test_search_with_nothing_to_search_says_so(app):
    _tune_ready(app)
    for name in ("max_depth", "min_samples_leaf"):
        app.checkbox(key=f"w.tune.s.decision_tree.{name}.on").uncheck()
    app.button(key=SEARCH_FORM).click().run()
    assert not app.exception
    assert any("nothing to search" in unescape(t) for t in texts(app.error))
    assert "mp.job.search" not in app.session_state


def test_a_running_job_shows_progress_and_can_be_stopped(app):
    from ui.jobs import Job

    _ready(app)
    job = Job("compare", "The quick comparison", key=None, budget_seconds=60)
    job.fraction, job.message = 0.25, "Comparing algorithms: Ridge (3 of 12)"
    app.session_state["mp.job.compare"] = job  # seeded as running: never finishes by itself
    open_page(app, "algorithm")
    assert not app.exception
    (bar,) = app.get("progress")
    assert "Comparing algorithms: Ridge (3 of 12)" in unescape(bar.proto.text)
    app.button(key="w.jobs.stop.compare").click().run()
    assert job.stop.is_set()
    # While it runs, starting another action is refused with a message.
    app.button(key="w.algorithm.compare").click().run()
    assert any("still running" in unescape(t) for t in texts(app.warning))
    job.finished = job.started


def test_switching_algorithm_starts_its_search_from_default_ranges(app):
    _tune_ready(app)
    app.selectbox(key="w.tune.method").set_value("random")
    app.slider(key="w.tune.n_candidates").set_value(2)
    app.button(key=SEARCH_FORM).click().run()
    _wait(app, "search")
    assert set(_recipe(app).tuning.space) == {"max_depth", "min_samples_leaf"}
    open_page(app, "algorithm")
    app.selectbox(key="w.algorithm.choice").set_value("knn").run()
    assert dict(_recipe(app).tuning.space) == {}
    open_page(app, "tune")
    assert not app.exception
    assert app.checkbox(key="w.tune.s.knn.n_neighbors.on").value


def test_a_group_split_with_mixing_folds_is_warned_about(app):
    _ready(app, "churn")
    open_page(app, "split")
    app.selectbox(key="w.split.group_column").set_value("customer_id")
    app.selectbox(key="w.split.scheme").set_value("stratified_kfold")
    app.button(key=SPLIT_FORM).click().run()
    assert not app.exception
    assert _recipe(app).split.group_column == "customer_id"
    assert any("mix groups" in unescape(t) for t in texts(app.warning))
