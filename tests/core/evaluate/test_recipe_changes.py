"""Tests for core.evaluate.recipe_changes: one row per changed setting, a dash for a missing
value."""

from __future__ import annotations

from core.evaluate import (
    CHANGE_COLUMNS,
    recipe_changes,
)
from core.recipe import Recipe
from tests.core.evaluate.run_data import make_recipe

# --- recipe changes --------------------------------------------------------------------------


def test_recipe_changes_identical_recipes_give_an_empty_frame() -> None:
    changes = recipe_changes(make_recipe(alpha=1.0), make_recipe(alpha=1.0))
    assert changes.empty
    assert tuple(changes.columns) == CHANGE_COLUMNS


def test_recipe_changes_lists_changed_leaves() -> None:
    before = make_recipe(max_depth=3)
    after = make_recipe(max_depth=5, fit_intercept=False)
    after = after.with_section(after.split.with_changes(seed=7))
    changes = recipe_changes(before, after)
    rows = {(r.section, r.setting): (r.before, r.after) for r in changes.itertuples()}
    assert rows == {
        ("split", "seed"): ("42", "7"),
        ("model", "params.max_depth"): ("3", "5"),
        ("model", "params.fit_intercept"): ("—", "false"),
    }
    assert list(changes["section"]) == ["split", "model", "model"]


def test_recipe_changes_shows_missing_values_as_a_dash() -> None:
    before = Recipe()
    after = before.with_section(before.model.with_changes(algorithm="ridge"))
    changes = recipe_changes(before, after)
    assert changes.to_dict("records") == [
        {"section": "model", "setting": "algorithm", "before": "—", "after": "ridge"}
    ]
