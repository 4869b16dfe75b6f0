"""What guided-mode teaching is made of: a "Try this" experiment (:class:`TryThis`) and a "check
yourself" :class:`Question` with its :class:`Answer` s, the tasks they are written for, and the
page titles experiments name pages by. A malformed question is refused when it is built, so a
broken translation fails at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from core.errors import ModelPathError
from core.learn.progress import APP_PAGES

__all__ = ["DEFAULT_TASK", "PAGE_FILES", "TASKS", "Answer", "Question", "TryThis"]

MIN_ANSWERS = 3
MAX_ANSWERS = 4

#: The tasks the content is written for.
TASKS = ("binary", "multiclass", "regression")
#: The task shown before a target is chosen: the tutorial's churn table is a yes/no target.
DEFAULT_TASK = "binary"
_CLASSIFICATION = ("binary", "multiclass")

# The page titles a person sees in the navigation, and the file behind each: the experiments
# name pages by these titles.
PAGE_FILES: Mapping[str, str] = MappingProxyType({page.title: page.file for page in APP_PAGES})


@dataclass(frozen=True)
class TryThis:
    """One small experiment for a lifecycle step.

    Parameters
    ----------
    step : str
        The lifecycle step key (see :data:`core.learn.lessons.LIFECYCLE`).
    title : str
        A short headline.
    do : str
        What to change, in the app's own words (page names, control labels).
    watch : str
        What to look at afterwards, and what it shows.
    page : str
        The page file where the experiment happens, e.g. ``"steps/tune.py"``.
    tasks : tuple of str
        The tasks it is written for (default: every task).
    """

    step: str
    title: str
    do: str
    watch: str
    page: str
    tasks: tuple[str, ...] = TASKS


@dataclass(frozen=True)
class Answer:
    """One answer to a question.

    Parameters
    ----------
    text : str
        The answer as shown.
    correct : bool
        Whether it is the right answer.
    explanation : str
        Why it is right, or why it is wrong.
    """

    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """A "check yourself" question with three or four answers, exactly one of them correct.

    Parameters
    ----------
    step : str
        The lifecycle step key.
    prompt : str
        The question.
    answers : tuple of Answer
        Three or four answers, exactly one with ``correct=True``, each with an explanation.
    tasks : tuple of str
        The tasks it is written for (default: every task).

    Raises
    ------
    ModelPathError
        When the answers break those rules (e.g. in a translation).
    """

    step: str
    prompt: str
    answers: tuple[Answer, ...]
    tasks: tuple[str, ...] = TASKS

    def __post_init__(self) -> None:
        # Checked on construction so a broken translation fails at import, not in front of
        # a learner.
        n_correct = sum(answer.correct for answer in self.answers)
        texts = [answer.text.strip().casefold() for answer in self.answers]
        problems = []
        if not MIN_ANSWERS <= len(self.answers) <= MAX_ANSWERS:
            problems.append(f"it has {len(self.answers)} answers, not {MIN_ANSWERS}–{MAX_ANSWERS}")
        if n_correct != 1:
            problems.append(f"{n_correct} answers are marked correct, not exactly one")
        if len(set(texts)) != len(texts):
            problems.append("two answers have the same text")
        if not all(answer.text.strip() and answer.explanation.strip() for answer in self.answers):
            problems.append("an answer has no text or no explanation")
        if problems:
            raise ModelPathError(
                f"The question for the step {self.step!r} is malformed: {'; '.join(problems)}.",
                "A question needs 3–4 different answers, exactly one correct, each explained.",
                "Fix the question's answers in core/learn/_teaching_questions.py (or in its "
                "translation).",
            )

    def correct_answer(self) -> Answer:
        """The one correct answer.

        Returns
        -------
        Answer
        """
        return next(answer for answer in self.answers if answer.correct)
