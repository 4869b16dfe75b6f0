"""Guided-mode teaching content, kept as data: one experiment and one question per step and
task.

For every step of :data:`core.learn.lessons.LIFECYCLE` and every task (binary, multiclass,
regression) there is a :class:`TryThis` (one small experiment in ModelPath's own words: which
page, which control, what to watch) and a :class:`Question` ("check yourself") whose answers
each carry an explanation, so a wrong pick teaches as much as a right one. Where a step's page
shows something else for another task (metrics, charts, folds, errors), the step has one
experiment and question per task, so a regression never gets a decision threshold; elsewhere
one serves every task. The text lives here, apart from page code, so it can be reviewed,
tested and translated. The experiments quote the built-in samples where a number helps
("Customer churn (messy)" for yes/no, "Palmer penguins" for several classes, "Diabetes
progression" for numbers); the numbers were measured on them.

What an experiment and a question are lives in :mod:`core.learn.teaching_items`; the texts
themselves in ``_teaching_experiments`` and ``_teaching_questions``. This module indexes them
by step and task, checks that none is missing, and looks them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from core.errors import ModelPathError
from core.learn._teaching_experiments import ALL_EXPERIMENTS
from core.learn._teaching_questions import ALL_QUESTIONS
from core.learn.lessons import LIFECYCLE
from core.learn.teaching_items import DEFAULT_TASK, TASKS, Question, TryThis

__all__ = ["QUESTIONS", "TRY_THIS", "check_answer", "question_for", "try_this_for"]


def _by_step_and_task(items: tuple, what: str) -> Mapping[str, Mapping[str, object]]:
    """Step → task → item, checked to hold exactly one item for every step and task (a gap or
    a clash fails at import, not in front of a learner)."""
    table: dict[str, dict[str, object]] = {}
    for item in items:
        for task in item.tasks:
            if task not in TASKS:
                raise ModelPathError(
                    f"The {what} for the step {item.step!r} names an unknown task {task!r}.",
                    "Teaching content is written for: " + ", ".join(TASKS) + ".",
                    "Fix its tasks in core/learn/_teaching_experiments.py or "
                    "_teaching_questions.py.",
                )
            if task in table.setdefault(item.step, {}):
                raise ModelPathError(
                    f"The step {item.step!r} has two {what}s for the task {task!r}.",
                    "Each step has exactly one per task.",
                    "Remove one, or narrow its tasks, in core/learn/_teaching_experiments.py or "
                    "_teaching_questions.py.",
                )
            table[item.step][task] = item
    for step in LIFECYCLE:
        missing = [task for task in TASKS if task not in table.get(step.key, {})]
        if missing:
            raise ModelPathError(
                f"The step {step.key!r} has no {what} for: {', '.join(missing)}.",
                "Each step has exactly one per task.",
                "Add one, or widen the tasks of an existing one, in "
                "core/learn/_teaching_experiments.py or _teaching_questions.py.",
            )
    return MappingProxyType(
        {step.key: MappingProxyType(dict(table[step.key])) for step in LIFECYCLE}
    )


#: Step → task → the "Try this" experiment.
TRY_THIS: Mapping[str, Mapping[str, TryThis]] = _by_step_and_task(ALL_EXPERIMENTS, "experiment")
#: Step → task → the "Check yourself" question.
QUESTIONS: Mapping[str, Mapping[str, Question]] = _by_step_and_task(ALL_QUESTIONS, "question")


def _unknown_step(step: object) -> ModelPathError:
    keys = ", ".join(s.key for s in LIFECYCLE)
    return ModelPathError(
        f"There is no teaching content for the step {step!r}.",
        f"Steps are: {keys}.",
        "Use one of those keys.",
    )


def _task(task: str | None) -> str:
    if task is None:
        return DEFAULT_TASK
    if task not in TASKS:
        raise ModelPathError(
            f"There is no teaching content for the task {task!r}.",
            "Tasks are: " + ", ".join(TASKS) + ".",
            "Use one of those, or None before a target is chosen.",
        )
    return task


def try_this_for(step: str, task: str | None = None) -> TryThis:
    """The "Try this" experiment of a step, for a task.

    Parameters
    ----------
    step : str
        A lifecycle step key, e.g. ``"tune"``.
    task : {"binary", "multiclass", "regression"} or None, default=None
        The person's task; None (no target yet) gives :data:`DEFAULT_TASK`'s.

    Returns
    -------
    TryThis

    Raises
    ------
    ModelPathError
        When ``step`` is not a lifecycle key or ``task`` not a task; the message names them.
    """
    task = _task(task)
    try:
        return TRY_THIS[step][task]
    except (KeyError, TypeError):
        raise _unknown_step(step) from None


def question_for(step: str, task: str | None = None) -> Question:
    """The "Check yourself" question of a step, for a task.

    Parameters
    ----------
    step : str
        A lifecycle step key, e.g. ``"tune"``.
    task : {"binary", "multiclass", "regression"} or None, default=None
        The person's task; None (no target yet) gives :data:`DEFAULT_TASK`'s.

    Returns
    -------
    Question

    Raises
    ------
    ModelPathError
        When ``step`` is not a lifecycle key or ``task`` not a task; the message names them.
    """
    task = _task(task)
    try:
        return QUESTIONS[step][task]
    except (KeyError, TypeError):
        raise _unknown_step(step) from None


def check_answer(step: str, index: int, task: str | None = None) -> tuple[bool, str]:
    """Whether the chosen answer is right, and why.

    Parameters
    ----------
    step : str
        A lifecycle step key.
    index : int
        The position of the chosen answer in ``question_for(step, task).answers`` (from 0).
    task : {"binary", "multiclass", "regression"} or None, default=None
        The task the question was asked for.

    Returns
    -------
    tuple of (bool, str)
        ``(correct, explanation)`` of the chosen answer.

    Raises
    ------
    ModelPathError
        When ``step`` or ``task`` is unknown, or ``index`` is not the position of one of its
        answers.
    """
    question = question_for(step, task)
    count = len(question.answers)
    # bool is an int subclass; True as "answer 1" would be a caller's mistake, not a choice.
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        raise ModelPathError(
            f"There is no answer {index!r} to the question of the step {step!r}.",
            f"It has {count} answers, numbered 0 to {count - 1}.",
            "Pass the position of one of them.",
        )
    answer = question.answers[index]
    return answer.correct, answer.explanation
