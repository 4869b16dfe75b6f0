"""Tests for core.learn.teaching: every step has an experiment and a well-formed question for every
task, and a regression never gets a classification exercise."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from core.errors import ModelPathError
from core.learn import (
    DEFAULT_TASK,
    LESSONS,
    LIFECYCLE,
    PAGE_FILES,
    QUESTIONS,
    TASKS,
    TRY_THIS,
    TryThis,
    check_answer,
    question_for,
    try_this_for,
)
from core.learn.teaching import _by_step_and_task

ROOT = Path(__file__).resolve().parents[3]
STEP_KEYS = [step.key for step in LIFECYCLE]
STEPS_AND_TASKS = [(step, task) for step in STEP_KEYS for task in TASKS]
# What only a classification has: a regression exercise that speaks of these is the wrong one.
# (The task-free experiments may still use the messy churn sample as their material.)
CLASSIFICATION_WORDS = re.compile(
    r"\b(thresholds?|class(es)?|confusion|precision|recall|accuracy|F1|ROC|positives?|"
    r"stratif\w*)\b",
    re.IGNORECASE,
)
# What only a regression has.
REGRESSION_WORDS = re.compile(r"\b(residuals?|RMSE|MAE|R²)\b")


def _texts(item) -> list[str]:
    if isinstance(item, TryThis):
        return [item.title, item.do, item.watch]
    return [item.prompt, *(part for a in item.answers for part in (a.text, a.explanation))]


def _content(step: str, task: str) -> list:
    return [TRY_THIS[step][task], QUESTIONS[step][task]]


@pytest.mark.parametrize(("step", "task"), STEPS_AND_TASKS)
def test_every_step_has_a_lesson_an_experiment_and_a_question_per_task(step, task) -> None:
    assert step in LESSONS
    assert try_this_for(step, task).step == step
    assert question_for(step, task).step == step
    assert task in try_this_for(step, task).tasks
    assert task in question_for(step, task).tasks


def test_content_covers_exactly_the_lifecycle_and_the_tasks() -> None:
    assert list(TRY_THIS) == STEP_KEYS
    assert list(QUESTIONS) == STEP_KEYS
    assert all(set(by_task) == set(TASKS) for by_task in TRY_THIS.values())
    assert all(set(by_task) == set(TASKS) for by_task in QUESTIONS.values())


def test_without_a_task_the_tutorials_task_is_shown() -> None:
    assert DEFAULT_TASK == "binary"
    assert try_this_for("evaluate") is TRY_THIS["evaluate"]["binary"]
    assert question_for("problem") is QUESTIONS["problem"]["binary"]


@pytest.mark.parametrize(("step", "task"), STEPS_AND_TASKS)
def test_regression_exercises_never_speak_of_classes(step, task) -> None:
    words = CLASSIFICATION_WORDS if task == "regression" else REGRESSION_WORDS
    for item in _content(step, task):
        found = [m.group(0) for text in _texts(item) for m in words.finditer(text)]
        assert found == [], (step, task, type(item).__name__)


@pytest.mark.parametrize(
    ("step", "words"),
    [
        ("problem", ("RMSE", "MAE", "R²")),
        ("evaluate", ("Residuals", "MAE", "RMSE", "Predicted vs actual")),
        ("tune", ("error",)),
    ],
)
def test_regression_gets_its_own_exercise_where_the_page_differs(step, words) -> None:
    regression = try_this_for(step, "regression")

    assert regression is not try_this_for(step, "binary")
    assert all(word in regression.do + regression.watch for word in words)


def test_the_decision_threshold_is_only_for_yes_no_targets() -> None:
    with_threshold = [
        (step, task)
        for step, task in STEPS_AND_TASKS
        for item in _content(step, task)
        if any("threshold" in text.lower() for text in _texts(item))
    ]

    assert with_threshold == [("evaluate", "binary")]


@pytest.mark.parametrize(("step", "task"), STEPS_AND_TASKS)
def test_try_this_is_complete_and_points_at_an_existing_page(step, task) -> None:
    experiment = TRY_THIS[step][task]
    for part in ("title", "do", "watch"):
        assert getattr(experiment, part).strip(), part
    assert experiment.page.startswith("steps/")
    assert (ROOT / experiment.page).is_file(), experiment.page
    assert experiment.page in PAGE_FILES.values()


@pytest.mark.parametrize(("step", "task"), STEPS_AND_TASKS)
def test_try_this_names_its_page_as_the_app_does(step, task) -> None:
    experiment = TRY_THIS[step][task]
    title = next(name for name, file in PAGE_FILES.items() if file == experiment.page)
    assert f"{title} page" in experiment.do


@pytest.mark.parametrize(
    ("sample", "task", "metric", "quoted"),
    [
        ("penguins", "multiclass", "accuracy", "0.442"),
        ("penguins", "multiclass", "balanced_accuracy", "0.333"),
        ("penguins", "multiclass", "f1_macro", "0.204"),
        ("diabetes", "regression", "rmse", "77.0"),
        ("diabetes", "regression", "mae", "65.8"),
        ("diabetes", "regression", "r2", "0"),
    ],
)
def test_the_baselines_quoted_on_the_problem_step_are_measured(
    sample, task, metric, quoted
) -> None:
    from core.data import SAMPLES, load_sample
    from core.understand import baseline_score

    y = load_sample(sample)[SAMPLES[sample].suggested_target].dropna()
    score, _ = baseline_score(y, task, metric)

    experiment = try_this_for("problem", task)
    assert SAMPLES[sample].title in experiment.do
    assert f"{score:.3g}" == quoted or f"{score:.1f}" == quoted
    assert quoted in experiment.watch


@pytest.mark.parametrize(("step", "task"), STEPS_AND_TASKS)
def test_question_has_three_or_four_distinct_explained_answers_one_correct(step, task) -> None:
    question = QUESTIONS[step][task]
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


@pytest.mark.parametrize("task", TASKS)
def test_correct_answers_are_not_always_in_the_same_place(task) -> None:
    # A learner should not be able to pass by always picking the same position.
    positions = {
        q.answers.index(q.correct_answer()) for q in (by[task] for by in QUESTIONS.values())
    }
    assert len(positions) >= 2


def test_check_answer_right_and_wrong() -> None:
    question = QUESTIONS["tune"]["regression"]
    right = question.answers.index(question.correct_answer())
    wrong = next(i for i, a in enumerate(question.answers) if not a.correct)
    assert check_answer("tune", right, "regression") == (
        True,
        question.answers[right].explanation,
    )
    assert check_answer("tune", wrong, "regression") == (
        False,
        question.answers[wrong].explanation,
    )


@pytest.mark.parametrize(("step", "task"), STEPS_AND_TASKS)
def test_check_answer_agrees_with_every_answer(step, task) -> None:
    for index, answer in enumerate(QUESTIONS[step][task].answers):
        assert check_answer(step, index, task) == (answer.correct, answer.explanation)


@pytest.mark.parametrize("function", [try_this_for, question_for])
def test_an_unknown_task_names_the_tasks(function) -> None:
    with pytest.raises(ModelPathError) as caught:
        function("tune", "ranking")
    assert "'ranking'" in caught.value.message
    assert all(task in caught.value.why for task in TASKS)


def test_a_step_without_content_for_a_task_fails_at_import() -> None:
    only_binary = [dataclasses.replace(by["binary"], tasks=("binary",)) for by in TRY_THIS.values()]
    with pytest.raises(ModelPathError, match="no experiment for: multiclass, regression"):
        _by_step_and_task(tuple(only_binary), "experiment")
    clash = (*dict.fromkeys(i for by in TRY_THIS.values() for i in by.values()), only_binary[0])
    with pytest.raises(ModelPathError, match="two experiments for the task 'binary'"):
        _by_step_and_task(clash, "experiment")


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
    assert f"0 to {len(QUESTIONS['problem']['binary'].answers) - 1}" in caught.value.message


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


def test_content_is_read_only() -> None:
    with pytest.raises(TypeError):
        TRY_THIS["new"] = TRY_THIS["tune"]  # type: ignore[index]
    with pytest.raises(TypeError):
        QUESTIONS["tune"]["binary"] = QUESTIONS["tune"]["regression"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        QUESTIONS["tune"]["binary"].prompt = ""  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TRY_THIS["tune"]["regression"].do = ""  # type: ignore[misc]
