"""Tests for core.learn.teaching_items: a malformed question is refused when it is built, and
experiments name pages by the navigation's titles."""

from __future__ import annotations

import pytest

from core.errors import ModelPathError
from core.learn import PAGE_FILES, Answer, Question


def _answer(text: str, correct: bool = False) -> Answer:
    return Answer(text, correct, f"Because of {text}.")


def test_page_titles_are_the_navigations() -> None:
    from core.learn import APP_PAGES

    assert dict(PAGE_FILES) == {page.title: page.file for page in APP_PAGES}
    assert PAGE_FILES["Metrics"] == "steps/evaluate.py"


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
