"""The lifecycle tracker: every step once, in page order, with its status and page."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ModelPathError
from core.lessons import LIFECYCLE
from core.progress import (
    APP_PAGES,
    PAGE_STEPS,
    STEP_ORDER,
    STEP_PAGES,
    TUTORIAL_CHECKPOINTS,
    lifecycle,
    next_step,
    progress,
    step_of_page,
)

ROOT = Path(__file__).resolve().parents[2]


def test_every_lifecycle_step_is_tracked_once_with_an_existing_page() -> None:
    assert sorted(STEP_ORDER) == sorted(step.key for step in LIFECYCLE)
    assert len(set(STEP_ORDER)) == len(STEP_ORDER)
    for page in {*STEP_PAGES.values(), *PAGE_STEPS}:
        assert (ROOT / page).is_file(), page
    assert set(TUTORIAL_CHECKPOINTS) == set(STEP_ORDER)


def test_the_lifecycle_runs_in_the_navigation_order() -> None:
    # Pages of one step sit together, and steps come in the tracker's order.
    steps_of_pages = [p.step for p in APP_PAGES if p.step]
    positions = [STEP_ORDER.index(step) for step in steps_of_pages]

    assert positions == sorted(positions)
    assert [step.key for step in LIFECYCLE] == list(STEP_ORDER)
    assert [step.key for step in lifecycle()] == list(STEP_ORDER)
    assert STEP_ORDER.index("data") < STEP_ORDER.index("problem")


def test_every_navigation_page_exists_once() -> None:
    files = [p.file for p in APP_PAGES]

    assert len(set(files)) == len(files)
    assert all((ROOT / f).is_file() for f in files)
    assert {f.name for f in (ROOT / "steps").glob("*.py")} == {Path(f).name for f in files}


def test_statuses_follow_what_is_done_and_where_the_person_is() -> None:
    statuses = progress({"data", "problem"}, current="explore")
    by_key = {s.step.key: s.status for s in statuses}
    assert [s.step.key for s in statuses] == list(STEP_ORDER)
    assert by_key["data"] == "done"
    assert by_key["problem"] == "done"
    assert by_key["explore"] == "current"
    assert by_key["deliver"] == "todo"
    assert statuses[0].page == "steps/data.py"


def test_next_step_moves_on_from_the_current_page_or_to_the_first_gap() -> None:
    assert next_step(set(), "data").step.key == "problem"
    assert next_step({"data"}, None).step.key == "problem"
    assert next_step({"data", "problem"}, None).step.key == "explore"
    assert next_step(set(STEP_ORDER), "deliver") is None
    assert next_step(set(STEP_ORDER), None) is None


def test_pages_map_to_their_steps() -> None:
    assert step_of_page("steps/diagnose.py") == "evaluate"
    assert step_of_page("steps/predict.py") == "deliver"
    assert step_of_page("steps/home.py") is None
    assert step_of_page(None) is None


def test_unknown_steps_are_refused_with_the_list() -> None:
    with pytest.raises(ModelPathError, match="lifecycle step"):
        progress({"cooking"})
    with pytest.raises(ModelPathError, match="data, problem"):
        next_step(set(), "cooking")


def test_tutorial_checkpoints_need_the_real_action_not_just_a_visit() -> None:
    from core.progress import tutorial_checkpoint_passed
    from core.recipe import ProblemSection, Recipe

    recipe = Recipe(problem=ProblemSection(target="churned", task="binary", metric="accuracy"))
    everything = set(STEP_ORDER)
    assert not tutorial_checkpoint_passed("problem", everything, recipe, 0)
    fair = recipe.with_section(recipe.problem.with_changes(metric="f1"))
    assert tutorial_checkpoint_passed("problem", everything, fair, 0)
    assert not tutorial_checkpoint_passed("clean", everything, fair, 0)
    cleaned = fair.with_section(
        fair.problem.with_changes(exclude_columns=("cancellation_reason",))
    ).with_section(fair.cleaning.with_changes(text_normalisation="trim_lower"))
    assert tutorial_checkpoint_passed("clean", everything, cleaned, 0)
    assert not tutorial_checkpoint_passed("improve", everything, cleaned, 1)
    assert tutorial_checkpoint_passed("improve", everything, cleaned, 2)
    assert not tutorial_checkpoint_passed("explore", set(), cleaned, 2)


def test_the_deliver_checkpoint_needs_the_model_and_the_report() -> None:
    from core.progress import tutorial_checkpoint_passed
    from core.recipe import Recipe

    everything = set(STEP_ORDER)
    assert not tutorial_checkpoint_passed("deliver", everything, Recipe(), 2, {"model"})
    assert tutorial_checkpoint_passed("deliver", everything, Recipe(), 2, {"model", "report"})
