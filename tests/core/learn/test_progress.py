"""The lifecycle tracker: every step once, in page order, with its status and page; the
tutorial's checkpoints, and the advice on the teaching table never contradicting them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ModelPathError
from core.learn import (
    APP_PAGES,
    LIFECYCLE,
    PAGE_STEPS,
    STEP_ORDER,
    STEP_PAGES,
    TUTORIAL_CHECKPOINTS,
    lifecycle,
    next_step,
    progress,
    step_of_page,
)
from core.understand import profile_table

ROOT = Path(__file__).resolve().parents[3]


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
    from core.learn import tutorial_checkpoint_passed
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


def test_the_clean_checkpoint_needs_case_tidied_not_just_spaces() -> None:
    from core.learn import tutorial_checkpoint_passed
    from core.recipe import ProblemSection, Recipe

    everything = set(STEP_ORDER)
    left_out = Recipe(problem=ProblemSection(exclude_columns=("cancellation_reason",)))
    trimmed = left_out.with_section(left_out.cleaning.with_changes(text_normalisation="trim"))
    merges = {"plan": {"BASIC": "Basic"}, "region": {"north": "North"}}
    merged = left_out.with_section(left_out.cleaning.with_changes(category_merges=merges))

    assert not tutorial_checkpoint_passed("clean", everything, trimmed, 0)
    assert tutorial_checkpoint_passed("clean", everything, merged, 0)


def test_the_split_checkpoint_needs_a_stratified_split_and_five_folds() -> None:
    from core.learn import tutorial_checkpoint_passed
    from core.recipe import ProblemSection, Recipe

    everything = set(STEP_ORDER)
    recipe = Recipe(problem=ProblemSection(target="churned", task="binary"))
    by_time = recipe.with_section(
        recipe.split.with_changes(strategy="time", time_column="signup_date")
    )
    three = recipe.with_section(recipe.validation.with_changes(folds=3))

    assert tutorial_checkpoint_passed("split", everything, recipe, 0)
    assert not tutorial_checkpoint_passed("split", everything, by_time, 0)
    assert not tutorial_checkpoint_passed("split", everything, three, 0)


def test_the_deliver_checkpoint_needs_the_model_and_the_report() -> None:
    from core.learn import tutorial_checkpoint_passed
    from core.recipe import Recipe

    everything = set(STEP_ORDER)
    assert not tutorial_checkpoint_passed("deliver", everything, Recipe(), 2, {"model"})
    assert tutorial_checkpoint_passed("deliver", everything, Recipe(), 2, {"model", "report"})


# ---------------------------------------------------------------------------------------------
# The tutorial walked on the teaching table: advice never contradicts a checkpoint
# ---------------------------------------------------------------------------------------------


def _do_checkpoint(step: str, recipe):
    """What the tutorial asks for at ``step``, done to the recipe as its pages would."""
    if step == "problem":
        return recipe.with_section(recipe.problem.with_changes(task="binary", metric="f1"))
    if step == "clean":
        excluded = (*recipe.problem.exclude_columns, "cancellation_reason", "customer_id")
        recipe = recipe.with_section(recipe.problem.with_changes(exclude_columns=excluded))
        return recipe.with_section(recipe.cleaning.with_changes(text_normalisation="trim_lower"))
    if step == "algorithm":
        return recipe.with_section(recipe.model.with_changes(algorithm="logistic_regression"))
    return recipe  # the other steps are done by looking, training or downloading


def _carry_out(action, recipe):
    """An advice's one-click action applied to the recipe, as ui.guide does."""
    params = dict(action.params)
    if action.kind == "drop_column":
        drops = (*recipe.data.drop_columns, params["column"])
        return recipe.with_section(recipe.data.with_changes(drop_columns=drops))
    if action.kind == "exclude_column":
        excluded = (*recipe.problem.exclude_columns, params["column"])
        return recipe.with_section(recipe.problem.with_changes(exclude_columns=excluded))
    if action.kind == "set_metric":
        return recipe.with_section(recipe.problem.with_changes(metric=params["metric"]))
    if action.kind == "set_imbalance":
        return recipe.with_section(recipe.features.with_changes(imbalance=params["imbalance"]))
    if action.kind == "set_split":
        return recipe.with_section(recipe.split.with_changes(**params))
    if action.kind == "set_param":
        model = recipe.model
        params = {**model.params, params["param"]: params["value"]}
        return recipe.with_section(model.with_changes(params=params))
    return recipe  # go_to changes nothing


# Advice that asks for what a checkpoint has: once the checkpoint passes, it must be gone.
_ASKS_FOR = {
    "problem": ("metric_for_imbalance",),
    "clean": ("leakage:cancellation_reason", "spellings:"),
    "split": ("time_split:", "group_split:", "stratify"),
}
_RUNS = 2
_DOWNLOADS = frozenset({"model", "report"})


@pytest.fixture(scope="module")
def tutorial_walk():
    """Each tutorial step with the recipe after its checkpoint's action and the step's advice
    on the teaching table in that state."""
    from core.data import SAMPLES, load_table, read_options, sample_csv_bytes, sample_file_name
    from core.evaluate import train_and_evaluate
    from core.learn import TUTORIAL_SAMPLE, advise
    from core.model import plan_folds
    from core.prepare import training_data
    from core.recipe import DataSection, ProblemSection, Recipe

    data_section = DataSection(source_name=f"sample:{TUTORIAL_SAMPLE}")
    loaded = load_table(
        sample_csv_bytes(TUTORIAL_SAMPLE),
        sample_file_name(TUTORIAL_SAMPLE),
        options=read_options(data_section),
    )
    # As the Start page's tutorial button leaves it: the teaching table, its target chosen.
    target = SAMPLES[TUTORIAL_SAMPLE].suggested_target
    recipe = Recipe(data=data_section, problem=ProblemSection(target=target))
    trained = None
    walk = []
    for step in STEP_ORDER:
        recipe = _do_checkpoint(step, recipe)
        profile = profile_table(loaded, recipe)
        data = training_data(profile.table, recipe) if recipe.problem.task else None
        if step == "tune":
            trained = train_and_evaluate(data, recipe, plan_folds(data, recipe), n_jobs=1)
        items = advise(step, profile=profile, recipe=recipe, data=data, trained=trained)
        walk.append((step, recipe, items))
    return walk


def _passed(step: str, recipe) -> bool:
    from core.learn import tutorial_checkpoint_passed

    return tutorial_checkpoint_passed(step, set(STEP_ORDER), recipe, _RUNS, _DOWNLOADS)


def test_the_tutorial_walk_passes_every_checkpoint(tutorial_walk) -> None:
    failed = [step for step, recipe, _ in tutorial_walk if not _passed(step, recipe)]

    assert failed == []


def test_tutorial_advice_never_undoes_a_checkpoint(tutorial_walk) -> None:
    undone = []
    for position, (step, recipe, items) in enumerate(tutorial_walk):
        kept = [s for s in STEP_ORDER[: position + 1] if _passed(s, recipe)]
        for item in items:
            if item.action is None:
                continue
            after = _carry_out(item.action, recipe)
            undone += [(step, item.key, s) for s in kept if not _passed(s, after)]

    assert undone == []


def test_tutorial_advice_never_asks_for_what_a_checkpoint_has_done(tutorial_walk) -> None:
    asked = []
    for position, (step, recipe, items) in enumerate(tutorial_walk):
        done = [s for s in STEP_ORDER[: position + 1] if s in _ASKS_FOR and _passed(s, recipe)]
        asked += [
            (step, item.key, s) for s in done for item in items if item.key.startswith(_ASKS_FOR[s])
        ]

    assert asked == []


def test_the_teaching_tables_split_advice_agrees_with_its_checkpoint(tutorial_walk) -> None:
    # The customers were all exported on one day; their signup dates are not arrival times.
    (items,) = [items for step, _, items in tutorial_walk if step == "split"]

    snapshot = [item for item in items if item.key == "snapshot_split:signup_date"]

    assert len(snapshot) == 1
    assert snapshot[0].severity == "good"
    assert "‘tenure_months’" in snapshot[0].text
