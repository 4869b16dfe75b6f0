"""Tests for core.learn.lessons: the lifecycle and the teaching text are complete and consistent."""

from __future__ import annotations

import dataclasses

import pytest

from core.errors import ModelPathError
from core.learn import LESSONS, LIFECYCLE, lesson_for

LIFECYCLE_KEYS = [step.key for step in LIFECYCLE]
# The app's page order: the data is collected before the problem is defined on it.
EXPECTED_STEPS = [
    "data",
    "problem",
    "explore",
    "clean",
    "features",
    "split",
    "algorithm",
    "tune",
    "evaluate",
    "improve",
    "deliver",
]


@pytest.mark.parametrize("key", list(LESSONS))
def test_lessons_entry_has_what_why_and_mistake(key: str) -> None:
    lesson = LESSONS[key]
    assert lesson.key == key
    for part in ("title", "what", "why", "mistake"):
        assert getattr(lesson, part).strip(), part


@pytest.mark.parametrize("key", list(LESSONS))
def test_lessons_key_is_a_lifecycle_key(key: str) -> None:
    assert key in LIFECYCLE_KEYS


@pytest.mark.parametrize("key", list(LESSONS))
def test_lesson_for_returns_the_lesson(key: str) -> None:
    assert lesson_for(key) is LESSONS[key]


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("training", id="unknown"),
        pytest.param("", id="empty"),
        pytest.param("Data", id="wrong-case"),
    ],
)
def test_lesson_for_unknown_key_raises_modelpath_error(key: str) -> None:
    with pytest.raises(ModelPathError) as caught:
        lesson_for(key)
    assert repr(key) in caught.value.message
    for known in LESSONS:
        assert known in caught.value.message


def test_lifecycle_keys_are_unique() -> None:
    assert len(LIFECYCLE_KEYS) == len(set(LIFECYCLE_KEYS))


def test_lifecycle_includes_every_step_in_order() -> None:
    assert [k for k in LIFECYCLE_KEYS if k in EXPECTED_STEPS] == EXPECTED_STEPS


@pytest.mark.parametrize("step", LIFECYCLE, ids=LIFECYCLE_KEYS)
def test_lifecycle_step_has_title_and_summary(step) -> None:
    assert step.title.strip()
    assert step.summary.strip()


def test_lessons_are_read_only() -> None:
    with pytest.raises(TypeError):
        LESSONS["new"] = LESSONS["data"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        LESSONS["data"].what = ""  # type: ignore[misc]
