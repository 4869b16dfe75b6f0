"""One-click actions stick: after an advice action (or another one-click button) writes the
recipe, the widgets that show that choice show it too, so submitting the page's own form
unchanged (or rerunning a page without a form) keeps it.

Each test first shows the page, so its widgets hold their own state before the click, as they
do for a person who has looked at the page.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.learn import Action, Advice
from core.model import model_spec
from tests.pages.conftest import load_sample, open_page, texts, unescape
from tests.pages.test_evaluation_pages import _choose, _recipe, _train, _wait
from ui import guide

CLEAN_FORM = "FormSubmitter:w.clean.before-Apply these fixes"
FEATURES_FORM = "FormSubmitter:w.features.form-Apply these features"
SPLIT_FORM = "FormSubmitter:w.split.form-Apply"
TUNE_FORM = "FormSubmitter:w.tune.form-Train and evaluate"


def _press(at, step: str, kind: str, params: dict):
    """Show the current page with one advice carrying ``Action(kind, params)``, press it."""
    advice = Advice(step, "test", "A test action.", {}, "tip", Action(kind, "Do it", params))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guide, "advise", lambda step, **inputs: [advice])
        at.session_state["mp.memo"] = {}  # advice is remembered; ask again
        at.run()
        at.button(key=f"w.guide.{step}.action.0").click().run()
    assert not at.exception
    assert any(unescape(s).startswith("Done:") for s in texts(at.success))
    return at


def _churn_problem(at):
    load_sample(at, "churn")
    return open_page(at, "problem")


def _problem_keys(at) -> tuple[str, str]:
    problem = _recipe(at).problem
    return problem.target, problem.task


# --- advice actions --------------------------------------------------------------------------


def test_set_metric_sticks_on_the_problem_page(app) -> None:
    at = _churn_problem(app)
    target, task = _problem_keys(at)
    before = _recipe(at).problem.metric
    wanted = "f1" if before != "f1" else "balanced_accuracy"
    _press(at, "problem", "set_metric", {"metric": wanted})
    at.run()  # the page has no form: any rerun re-commits what its widgets hold
    assert not at.exception
    assert _recipe(at).problem.metric == wanted
    assert at.selectbox(key=f"w.problem.metric.{target}.{task}").value == wanted


def test_set_metric_pressed_twice_still_sticks(app) -> None:
    at = _churn_problem(app)
    target, task = _problem_keys(at)
    wanted = "f1" if _recipe(at).problem.metric != "f1" else "balanced_accuracy"
    _press(at, "problem", "set_metric", {"metric": wanted})
    _press(at, "problem", "set_metric", {"metric": wanted})
    at.run()
    assert _recipe(at).problem.metric == wanted
    assert at.selectbox(key=f"w.problem.metric.{target}.{task}").value == wanted


@pytest.mark.parametrize("page", ["explore", "features"])
def test_exclude_column_sticks_on_the_problem_page(app, page: str) -> None:
    at = _churn_problem(app)
    target, _ = _problem_keys(at)
    assert "region" not in _recipe(at).problem.exclude_columns
    open_page(at, page)
    _press(at, page, "exclude_column", {"column": "region"})
    assert "region" in _recipe(at).problem.exclude_columns
    open_page(at, "problem")
    at.run()
    assert not at.exception
    assert "region" in _recipe(at).problem.exclude_columns
    assert "region" in at.multiselect(key=f"w.problem.exclude.{target}").value


def test_exclude_column_on_the_problem_page_itself_sticks(app) -> None:
    at = _churn_problem(app)
    target, _ = _problem_keys(at)
    _press(at, "problem", "exclude_column", {"column": "region"})
    at.run()
    assert "region" in _recipe(at).problem.exclude_columns
    assert "region" in at.multiselect(key=f"w.problem.exclude.{target}").value


def test_drop_column_sticks_through_the_clean_form(app) -> None:
    at = _churn_problem(app)
    open_page(at, "clean")
    _press(at, "clean", "drop_column", {"column": "last_support_note"})
    assert "last_support_note" in at.multiselect(key="w.clean.drop_columns").value
    at.button(key=CLEAN_FORM).click().run()  # submitted unchanged
    assert not at.exception
    assert "last_support_note" in _recipe(at).data.drop_columns
    assert "last_support_note" in at.multiselect(key="w.clean.drop_columns").value


def test_drop_column_keeps_other_edits_in_the_same_form(app) -> None:
    at = _churn_problem(app)
    open_page(at, "clean")
    duplicates = _recipe(at).cleaning.drop_duplicates
    _press(at, "clean", "drop_column", {"column": "last_support_note"})
    at.checkbox(key="w.clean.drop_duplicates").set_value(not duplicates)
    at.button(key=CLEAN_FORM).click().run()
    assert not at.exception
    recipe = _recipe(at)
    assert "last_support_note" in recipe.data.drop_columns
    assert recipe.cleaning.drop_duplicates is (not duplicates)
    assert at.checkbox(key="w.clean.drop_duplicates").value is (not duplicates)


def test_set_imbalance_sticks_through_the_features_form(app) -> None:
    at = _churn_problem(app)
    open_page(at, "features")
    assert _recipe(at).features.imbalance != "oversample"
    _press(at, "features", "set_imbalance", {"imbalance": "oversample"})
    assert at.radio(key="w.features.imbalance").value == "oversample"
    at.button(key=FEATURES_FORM).click().run()
    assert not at.exception
    assert _recipe(at).features.imbalance == "oversample"
    assert at.radio(key="w.features.imbalance").value == "oversample"


@pytest.mark.parametrize(
    "params",
    [{"strategy": "stratified"}, {"strategy": "time", "time_column": "signup_date"}],
    ids=["stratified", "time"],
)
def test_set_split_sticks_through_the_split_form(app, params: dict) -> None:
    at = _churn_problem(app)
    open_page(at, "split")
    _press(at, "split", "set_split", params)
    at.button(key=SPLIT_FORM).click().run()
    assert not at.exception
    split = _recipe(at).split
    assert split.strategy == params["strategy"]
    assert at.selectbox(key="w.split.strategy").value == params["strategy"]
    if "time_column" in params:
        assert split.time_column == params["time_column"]
        assert at.selectbox(key="w.split.time_column").value == params["time_column"]


def _tune_param(at, name: str):
    return at.select_slider(key=f"w.tune.p.logistic_regression.{name}")


def test_set_param_sticks_through_the_tune_form(app) -> None:
    at = _choose(app, "churn", "logistic_regression")
    open_page(at, "tune")
    _press(at, "tune", "set_param", {"param": "C", "value": 10.0})
    assert _tune_param(at, "C").value == 10.0
    at.button(key=TUNE_FORM).click().run()
    _wait(at, "train")
    assert _recipe(at).model.params["C"] == 10.0
    assert _tune_param(at, "C").value == 10.0


def test_set_param_on_metrics_sticks_on_the_tune_page(app) -> None:
    at = _choose(app, "churn", "logistic_regression")
    open_page(at, "tune")  # its widgets now hold C = 1
    open_page(at, "evaluate")
    _press(at, "evaluate", "set_param", {"param": "C", "value": 10.0})
    open_page(at, "tune")
    assert _tune_param(at, "C").value == 10.0
    at.button(key=TUNE_FORM).click().run()
    _wait(at, "train")
    assert _recipe(at).model.params["C"] == 10.0


def test_go_to_links_to_its_page_and_changes_nothing(app) -> None:
    at = _churn_problem(app)
    open_page(at, "explore")
    action = Action("go_to", "Go", {"page": "clean"})
    advice = Advice("explore", "test", "A test.", {}, "tip", action)
    before = _recipe(at)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guide, "advise", lambda step, **inputs: [advice])
        at.session_state["mp.memo"] = {}
        at.run()
    links = [link.proto.page for link in at.get("page_link") if link.proto.label == "Go"]
    assert links == ["clean"]  # the Clean page's address
    assert _recipe(at) == before


# --- other one-click buttons -----------------------------------------------------------------


def test_leave_out_the_suggested_columns_tells_the_widget(app) -> None:
    at = _churn_problem(app)
    target, _ = _problem_keys(at)
    at.button(key="w.problem.exclude_suggested").click().run()
    excluded = set(_recipe(at).problem.exclude_columns)
    assert excluded
    widget = at.multiselect(key=f"w.problem.exclude.{target}")
    assert set(widget.value) == excluded
    # The browser keeps its own copy of a keyed widget's value unless told to replace it.
    assert widget.proto.set_value
    at.run()
    assert set(_recipe(at).problem.exclude_columns) == excluded


def test_a_diagnosis_remedy_sticks_on_the_tune_page(app) -> None:
    at = _choose(app, "diabetes", "decision_tree")
    open_page(at, "tune")  # its widgets now hold max_depth = no limit
    _train(at)
    open_page(at, "diagnose")
    apply = [b for b in at.button if b.key and b.key.startswith("w.diagnose.apply.")]
    assert apply, "an unlimited tree on the diabetes sample overfits"
    apply[0].click().run()
    changed = dict(_recipe(at).model.params)
    assert changed
    open_page(at, "tune")
    for name, value in changed.items():
        assert _tune_widget(at, "decision_tree", name).value == value
    at.button(key=TUNE_FORM).click().run()
    _wait(at, "train")
    assert dict(_recipe(at).model.params) == changed


def _settings(model) -> dict:
    """Every hyperparameter of a model section, defaults filled in."""
    spec = model_spec(model.algorithm)
    return {p.name: model.params.get(p.name, p.default) for p in spec.params}


def _tune_widget(at, algorithm: str, name: str):
    key = f"w.tune.p.{algorithm}.{name}"
    return next(w for kind in ("select_slider", "slider") for w in at.get(kind) if w.key == key)


def test_the_playground_settings_stick_on_the_tune_page(app) -> None:
    at = _choose(app, "churn", "decision_tree")
    open_page(at, "tune")
    open_page(at, "playground")
    at.selectbox(key="w.playground.param").set_value("min_samples_leaf").run()
    at.number_input(key="w.playground.value.min_samples_leaf").set_value(7.0)
    at.button(key="FormSubmitter:w.playground.form-Redraw").click().run()
    at.button(key="w.playground.apply").click().run()
    assert not at.exception
    assert _recipe(at).model.params["min_samples_leaf"] == 7
    open_page(at, "tune")
    assert _tune_widget(at, "decision_tree", "min_samples_leaf").value == 7
    at.button(key=TUNE_FORM).click().run()
    _wait(at, "train")
    assert _recipe(at).model.params["min_samples_leaf"] == 7


def test_apply_the_best_setting_tells_the_tune_widgets(app) -> None:
    at = _choose(app, "churn", "decision_tree")
    open_page(at, "tune")
    at.selectbox(key="w.tune.method").set_value("random")
    at.slider(key="w.tune.n_candidates").set_value(3)
    at.button(key="FormSubmitter:w.tune.search-Search").click().run()
    job = _wait(at, "search")
    assert job.error is None
    best = job.result.best_params()
    shown = {name: _tune_widget(at, "decision_tree", name).value for name in best}
    assert shown != best, "the search should find a setting other than the defaults"
    at.button(key="w.tune.apply_best").click().run()
    assert not at.exception
    assert dict(_recipe(at).model.params) == best
    for name, value in best.items():
        widget = _tune_widget(at, "decision_tree", name)
        assert widget.value == value
        # The browser keeps its own copy of a keyed widget's value unless told to replace it.
        assert widget.proto.set_value == (value != shown[name])
    at.button(key=TUNE_FORM).click().run()
    _wait(at, "train")
    # The form keeps only settings that differ from the defaults: the same model.
    assert _settings(_recipe(at).model) == _settings(replace(_recipe(at).model, params=best))


def test_use_the_best_algorithm_tells_the_algorithm_choice(app) -> None:
    at = _choose(app, "iris", "baseline")  # any real learner beats it on iris
    at.button(key="w.algorithm.compare").click().run()
    job = _wait(at, "compare")
    best = job.result.best
    assert best is not None
    assert best.algorithm != "baseline"
    at.button(key="w.algorithm.use_best").click().run()
    assert not at.exception
    assert _recipe(at).model.algorithm == best.algorithm
    widget = at.selectbox(key="w.algorithm.choice")
    assert widget.value == best.algorithm
    assert widget.proto.set_value
    at.run()
    assert _recipe(at).model.algorithm == best.algorithm
