"""Tests for core.teaching: every step has an experiment and a well-formed question."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from core.errors import ModelPathError
from core.lessons import LESSONS, LIFECYCLE
from core.teaching import (
    PAGE_FILES,
    QUESTIONS,
    TRY_THIS,
    Answer,
    Question,
    check_answer,
    question_for,
    try_this_for,
)

ROOT = Path(__file__).resolve().parents[2]
STEP_KEYS = [step.key for step in LIFECYCLE]


def _app_page_titles() -> dict[str, str]:
    """Page file → title, read from the st.Page(...) calls in app.py."""
    titles = {}
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"):
            continue
        title = next((k.value for k in node.keywords if k.arg == "title"), None)
        if node.args and isinstance(node.args[0], ast.Constant) and isinstance(title, ast.Constant):
            titles[node.args[0].value] = title.value
    return titles


def _answer(text: str, correct: bool = False) -> Answer:
    return Answer(text, correct, f"Because of {text}.")


@pytest.mark.parametrize("step", STEP_KEYS)
def test_every_step_has_a_lesson_an_experiment_and_a_question(step: str) -> None:
    assert step in LESSONS
    assert try_this_for(step).step == step
    assert question_for(step).step == step


def test_content_covers_exactly_the_lifecycle() -> None:
    assert list(TRY_THIS) == STEP_KEYS
    assert list(QUESTIONS) == STEP_KEYS


@pytest.mark.parametrize("step", STEP_KEYS)
def test_try_this_is_complete_and_points_at_an_existing_page(step: str) -> None:
    experiment = TRY_THIS[step]
    for part in ("title", "do", "watch"):
        assert getattr(experiment, part).strip(), part
    assert experiment.page.startswith("steps/")
    assert (ROOT / experiment.page).is_file(), experiment.page
    assert experiment.page in PAGE_FILES.values()


@pytest.mark.parametrize("step", STEP_KEYS)
def test_try_this_names_its_page_as_the_app_does(step: str) -> None:
    experiment = TRY_THIS[step]
    title = next(name for name, file in PAGE_FILES.items() if file == experiment.page)
    assert f"{title} page" in experiment.do


def test_page_titles_match_the_navigation_in_app_py() -> None:
    titles = _app_page_titles()
    for title, file in PAGE_FILES.items():
        assert (ROOT / file).is_file(), file
        assert titles.get(file) == title, file


@pytest.mark.parametrize("step", STEP_KEYS)
def test_question_has_three_or_four_distinct_explained_answers_one_correct(step: str) -> None:
    question = QUESTIONS[step]
    assert question.prompt.strip().endswith("?")
    assert 3 <= len(question.answers) <= 4
    assert sum(answer.correct for answer in question.answers) == 1
    assert question.correct_answer() in question.answers
    assert question.correct_answer().correct
    texts = [answer.text.strip().casefold() for answer in question.answers]
    assert len(set(texts)) == len(texts)
    for answer in question.answers:
        assert answer.text.strip()
        assert answer.explanation.strip()


def test_correct_answers_are_not_always_in_the_same_place() -> None:
    # A learner should not be able to pass by always picking the same position.
    positions = {q.answers.index(q.correct_answer()) for q in QUESTIONS.values()}
    assert len(positions) >= 2


def test_check_answer_right_and_wrong() -> None:
    question = QUESTIONS["tune"]
    right = question.answers.index(question.correct_answer())
    wrong = next(i for i, a in enumerate(question.answers) if not a.correct)
    assert check_answer("tune", right) == (True, question.answers[right].explanation)
    assert check_answer("tune", wrong) == (False, question.answers[wrong].explanation)


@pytest.mark.parametrize("step", STEP_KEYS)
def test_check_answer_agrees_with_every_answer(step: str) -> None:
    for index, answer in enumerate(QUESTIONS[step].answers):
        assert check_answer(step, index) == (answer.correct, answer.explanation)


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(-1, id="negative"),
        pytest.param(4, id="past-the-end"),
        pytest.param(True, id="bool"),
        pytest.param("0", id="string"),
        pytest.param(None, id="none"),
    ],
)
def test_check_answer_bad_index_raises_modelpath_error(index: object) -> None:
    with pytest.raises(ModelPathError) as caught:
        check_answer("problem", index)  # type: ignore[arg-type]
    assert "problem" in caught.value.message
    assert f"0 to {len(QUESTIONS['problem'].answers) - 1}" in caught.value.message


@pytest.mark.parametrize("function", [try_this_for, question_for])
@pytest.mark.parametrize("step", ["training", "", "Tune"])
def test_unknown_step_names_the_keys(function, step: str) -> None:
    with pytest.raises(ModelPathError) as caught:
        function(step)
    assert repr(step) in caught.value.message
    for key in STEP_KEYS:
        assert key in caught.value.message


def test_check_answer_unknown_step_raises_modelpath_error() -> None:
    with pytest.raises(ModelPathError, match="training"):
        check_answer("training", 0)


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        pytest.param((_answer("a", True), _answer("b")), "2 answers", id="too-few"),
        pytest.param(tuple(_answer(t, t == "a") for t in "abcde"), "5 answers", id="too-many"),
        pytest.param(
            (_answer("a"), _answer("b"), _answer("c")), "0 answers are marked", id="none-correct"
        ),
        pytest.param(
            (_answer("a", True), _answer("b", True), _answer("c")),
            "2 answers are marked",
            id="two-correct",
        ),
        pytest.param(
            (_answer("a", True), _answer("b"), _answer("B ")), "same text", id="duplicate"
        ),
        pytest.param(
            (_answer("a", True), _answer("b"), Answer("c", False, " ")),
            "no explanation",
            id="unexplained",
        ),
    ],
)
def test_malformed_question_is_refused(answers: tuple[Answer, ...], problem: str) -> None:
    with pytest.raises(ModelPathError, match=problem):
        Question("tune", "Which?", answers)


def test_content_is_read_only() -> None:
    with pytest.raises(TypeError):
        TRY_THIS["new"] = TRY_THIS["tune"]  # type: ignore[index]
    with pytest.raises(TypeError):
        QUESTIONS["new"] = QUESTIONS["tune"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        QUESTIONS["tune"].prompt = ""  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TRY_THIS["tune"].do = ""  # type: ignore[misc]
