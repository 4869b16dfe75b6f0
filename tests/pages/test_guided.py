"""Guided mode: the tracker, the lesson panel on every page, the tutorial, the playground and
the glossary."""

from __future__ import annotations

import pytest

from core.learn import QUESTIONS, TRY_THIS, try_this_for
from tests.pages.conftest import load_sample, open_page, texts, unescape
from tests.pages.test_evaluation_pages import _all_text, _choose, _train

LIFECYCLE_PAGES = {
    "data": "data",
    "problem": "problem",
    "explore": "explore",
    "clean": "clean",
    "features": "features",
    "split": "split",
    "algorithm": "algorithm",
    "tune": "tune",
    "evaluate": "evaluate",
    "diagnose": "evaluate",
    "explain": "evaluate",
    "runs": "improve",
    "new_data": "improve",
    "export": "deliver",
    "predict": "deliver",
}


def _links(at) -> list[str]:
    return [unescape(link.proto.label) for link in at.get("page_link")]


def _subheaders(at) -> list[str]:
    return [unescape(str(s.value)) for s in at.subheader]


def test_guided_mode_is_on_for_a_first_visit_with_the_tracker(app) -> None:
    load_sample(app, "churn")
    at = open_page(app, "explore")
    assert not at.exception
    assert at.session_state["mp.guided"] is True
    assert at.toggle(key="w.sidebar.guided").value is True
    links = _links(at)
    assert "Explore ← you are here" in links
    assert "Collect data" in links
    assert "Deliver" in links
    assert any("Your progress" in unescape(c) for c in texts(at.caption))


def test_every_page_shows_the_lesson_experiment_and_question(app) -> None:
    """One trained model, every lifecycle page (one test: training once keeps it fast)."""
    _choose(app, "churn", "logistic_regression")
    _train(app)
    for page, step in sorted(LIFECYCLE_PAGES.items()):
        at = open_page(app, page)
        assert not at.exception, page
        headers = _subheaders(at)
        assert "Try this" in headers, page
        assert "Check yourself" in headers, page
        radio = at.radio(key=f"w.guide.{step}.binary.answer")
        assert radio.options[0] == QUESTIONS[step]["binary"].answers[0].text, page
        assert at.expander[0].proto.expanded, page  # the lesson opens in guided mode


def test_checking_an_answer_explains_it(app) -> None:
    load_sample(app, "churn")
    at = open_page(app, "problem")
    question = QUESTIONS["problem"]["binary"]
    right = next(i for i, a in enumerate(question.answers) if a.correct)
    wrong = next(i for i, a in enumerate(question.answers) if not a.correct)
    submit = "FormSubmitter:w.guide.problem.binary.quiz-Check my answer"
    at.radio(key="w.guide.problem.binary.answer").set_value(wrong)
    at.button(key=submit).click().run()
    assert not at.exception
    assert any(unescape(w).startswith("Not quite.") for w in texts(at.warning))
    at.radio(key="w.guide.problem.binary.answer").set_value(right)
    at.button(key=submit).click().run()
    assert any(unescape(s).startswith("Right.") for s in texts(at.success))


@pytest.mark.parametrize(
    ("sample", "algorithm", "task"),
    [("diabetes", "ridge", "regression"), ("penguins", "logistic_regression", "multiclass")],
)
def test_the_metrics_page_teaches_with_the_tasks_own_exercise(app, sample, algorithm, task) -> None:
    _choose(app, sample, algorithm)
    _train(app)
    at = app
    experiment = try_this_for("evaluate", task)
    question = QUESTIONS["evaluate"][task]

    shown = _all_text(at)
    radio = at.radio(key=f"w.guide.evaluate.{task}.answer")

    assert f"**{experiment.title}**" in texts(at.markdown)
    assert TRY_THIS["evaluate"]["binary"].title not in shown
    assert "threshold" not in experiment.do.lower()
    assert radio.label == question.prompt
    assert list(radio.options) == [answer.text for answer in question.answers]


def test_guided_mode_off_keeps_only_the_lesson(app) -> None:
    load_sample(app, "churn")
    at = open_page(app, "explore")
    at.toggle(key="w.sidebar.guided").set_value(False).run()
    assert not at.exception
    assert at.session_state["mp.guided"] is False
    assert "Try this" not in _subheaders(at)
    assert not [link for link in _links(at) if "you are here" in link]
    assert not at.expander[0].proto.expanded


def test_advice_from_the_data_offers_an_action(app) -> None:
    load_sample(app, "churn")
    open_page(app, "problem")
    # The leak is left out by default; taken back in, the advice offers to exclude it again.
    exclude = app.multiselect(key="w.problem.exclude.churned")
    exclude.set_value([c for c in exclude.value if c != "cancellation_reason"]).run()
    at = open_page(app, "explore")
    assert "In your data" in _subheaders(at)
    actions = [b for b in at.button if (b.key or "").startswith("w.guide.explore.action.")]
    assert actions, "the churn sample plants problems the advice should point at"
    before = at.session_state["mp.recipe"]
    actions[0].click().run()
    assert not at.exception
    assert at.session_state["mp.recipe"] != before
    assert any(unescape(s).startswith("Done:") for s in texts(at.success))


def test_the_tutorial_loads_the_teaching_table(app) -> None:
    at = open_page(app, "home")
    at.button(key="w.home.tutorial").click().run()
    assert not at.exception
    assert at.session_state["mp.dataset"].source == "sample:churn"
    assert at.session_state["mp.tutorial"] is True
    at = open_page(at, "problem")
    assert "Tutorial checkpoint" in _all_text(at)


def test_next_step_is_offered_at_the_bottom(app) -> None:
    load_sample(app, "churn")
    at = open_page(app, "problem")
    assert "Continue: Explore" in _links(at)


@pytest.mark.parametrize(
    ("sample", "algorithm"), [("iris", "knn"), ("diabetes", "ridge"), ("churn", "decision_tree")]
)
def test_playground_draws_and_redraws(app, sample: str, algorithm: str) -> None:
    _choose(app, sample, algorithm)
    at = open_page(app, "playground")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    param = at.selectbox(key="w.playground.param")
    name = param.value
    value = at.number_input(key=f"w.playground.value.{name}")
    value.set_value(value.value if value.value is not None else 1.0)
    at.button(key="FormSubmitter:w.playground.form-Redraw").click().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1


def test_glossary_finds_terms(app) -> None:
    at = open_page(app, "glossary")
    assert not at.exception
    assert len(at.expander) >= 40
    at.text_input(key="w.glossary.query").set_value("overfit").run()
    labels = [unescape(e.label) for e in at.expander]
    assert any("Overfitting" in label for label in labels)


def test_a_lesson_term_opens_the_glossary_on_it(app) -> None:
    load_sample(app, "churn")
    at = open_page(app, "problem")
    pills = at.get("button_group")
    assert pills, "the lesson lists its glossary terms"
    name = pills[0].proto.options[0].content
    pills[0].set_value(name).run()
    assert not at.exception
    assert at.session_state["w.glossary.query"] == name
    assert at.title[0].value == "Glossary"


def test_the_last_page_points_back_to_what_is_left(app) -> None:
    _choose(app, "churn", "logistic_regression")
    _train(app)
    at = open_page(app, "export")
    assert not at.exception
    links = _links(at)
    assert "Go back to: Explore" in links  # Explore was never opened
    assert not any("whole lifecycle" in unescape(s) for s in texts(at.success))


@pytest.mark.parametrize(
    ("kind", "params", "check"),
    [
        ("set_split", {"strategy": "time", "time_column": "signup_date"}, "split"),
        ("set_param", {"param": "C", "value": 10.0}, "model"),
        ("set_param", {"param": "C", "value": -5.0}, None),  # refused: shown, not raised
    ],
)
def test_advice_actions_are_carried_out_or_explained(app, kind, params, check) -> None:
    from core.learn import Action, Advice
    from ui import guide

    _choose(app, "churn", "logistic_regression")
    at = open_page(app, "split")
    advice = Advice("split", "test", "A test action.", {}, "tip", Action(kind, "Do it", params))
    before = at.session_state["mp.recipe"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guide, "advise", lambda step, **inputs: [advice])
        at.session_state["mp.memo"] = {}  # advice is remembered; ask again
        at.run()
        at.button(key="w.guide.split.action.0").click().run()
    assert not at.exception
    recipe = at.session_state["mp.recipe"]
    if check == "split":
        assert recipe.split.strategy == "time"
        assert recipe.split.time_column == "signup_date"
    elif check == "model":
        assert recipe.model.params["C"] == 10.0
    else:
        assert recipe == before
        assert any("could not be done" in unescape(e) for e in texts(at.error))
