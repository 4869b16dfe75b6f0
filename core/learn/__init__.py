"""Learn: lessons, guided experiments and questions, the glossary, advice from the person's own
numbers, the lifecycle tracker and the playground.
"""

from core.learn.advice import (
    ACTION_KINDS,
    SEVERITIES,
    Action,
    Advice,
    advise,
)
from core.learn.glossary import GLOSSARY, find_terms, search_terms, term
from core.learn.glossary_term import Term, sort_key
from core.learn.lesson_examples import (
    clean_examples,
    features_examples,
    lesson_examples,
)
from core.learn.lessons import (
    LESSONS,
    LIFECYCLE,
    Lesson,
    LifecycleStep,
    lesson_for,
)
from core.learn.playground import (
    MAX_GRID,
    Playground,
    PlaygroundError,
    numeric_candidates,
    playground,
)
from core.learn.progress import (
    APP_PAGES,
    NAVIGATION,
    PAGE_STEPS,
    STEP_ORDER,
    STEP_PAGES,
    TUTORIAL_CHECKPOINTS,
    TUTORIAL_SAMPLE,
    AppPage,
    StepStatus,
    lifecycle,
    next_step,
    progress,
    step_of_page,
    tutorial_checkpoint_passed,
)
from core.learn.teaching import QUESTIONS, TRY_THIS, check_answer, question_for, try_this_for
from core.learn.teaching_items import DEFAULT_TASK, PAGE_FILES, TASKS, Answer, Question, TryThis

__all__ = [
    "ACTION_KINDS",
    "APP_PAGES",
    "DEFAULT_TASK",
    "GLOSSARY",
    "LESSONS",
    "LIFECYCLE",
    "MAX_GRID",
    "NAVIGATION",
    "PAGE_FILES",
    "PAGE_STEPS",
    "QUESTIONS",
    "SEVERITIES",
    "STEP_ORDER",
    "STEP_PAGES",
    "TASKS",
    "TRY_THIS",
    "TUTORIAL_CHECKPOINTS",
    "TUTORIAL_SAMPLE",
    "Action",
    "Advice",
    "Answer",
    "AppPage",
    "Lesson",
    "LifecycleStep",
    "Playground",
    "PlaygroundError",
    "Question",
    "StepStatus",
    "Term",
    "TryThis",
    "advise",
    "check_answer",
    "clean_examples",
    "features_examples",
    "find_terms",
    "lesson_examples",
    "lesson_for",
    "lifecycle",
    "next_step",
    "numeric_candidates",
    "playground",
    "progress",
    "question_for",
    "search_terms",
    "sort_key",
    "step_of_page",
    "term",
    "try_this_for",
    "tutorial_checkpoint_passed",
]
