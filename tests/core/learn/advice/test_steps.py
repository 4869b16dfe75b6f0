"""Tests for core.learn.advice.steps (advise): every step accepts missing inputs and odd data
without raising, gives at most four pieces of advice, most important first, and clean data with
a well-fit model gets no warning."""

from __future__ import annotations

import dataclasses
import json
import logging

import numpy as np
import pandas as pd
import pytest

from core.data import load_table
from core.errors import ModelPathError
from core.learn import ACTION_KINDS, SEVERITIES, advise
from core.recipe import ProblemSection, Recipe
from core.understand import profile_table
from tests.core.learn.advice.setups import STEPS, Setup, keys_of, make_setup, shares_frame


def test_clean_data_and_a_well_fit_linear_model_get_no_warning(clean: Setup) -> None:
    every = [a for step in STEPS for a in clean.advise(step)]
    warnings = [a.text for a in every if a.severity == "warning"]
    assert warnings == []


@pytest.mark.parametrize("step", STEPS)
def test_every_step_without_inputs_gives_nothing(step: str) -> None:
    assert advise(step) == []


def test_an_unknown_step_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ModelPathError, match="'modelling'") as caught:
        advise("modelling")
    assert "problem" in caught.value.why
    assert "deliver" in caught.value.why


@pytest.mark.parametrize("step", STEPS)
def test_each_step_gives_at_most_four_most_important_first(step: str, deep_tree: Setup) -> None:
    items = deep_tree.advise(step)
    ranks = [SEVERITIES.index(a.severity) for a in items]
    assert len(items) <= 4
    assert ranks == sorted(ranks)
    assert all(a.step == step for a in items)


def test_advice_is_plain_text_with_json_ready_numbers_and_known_actions(deep_tree: Setup) -> None:
    every = [a for step in STEPS for a in deep_tree.advise(step)]
    assert every
    for advice in every:
        assert "**" not in advice.text
        assert "`" not in advice.text
        assert advice.severity in SEVERITIES
        assert advice.action is None or advice.action.kind in ACTION_KINDS
        json.dumps(advice.to_dict(), allow_nan=False)


def test_the_recipe_is_taken_from_the_trained_model_when_not_given(deep_tree: Setup) -> None:
    assert "overfitting" in keys_of(advise("evaluate", trained=deep_tree.trained))


def test_odd_inputs_never_raise_nor_trip_a_rule(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="core.learn.advice")
    tiny = pd.DataFrame(
        {
            "empty": [np.nan] * 12,
            "same": [1.0] * 12,
            "text": ["a b c d e"] * 12,
            "y": [1.0, 2.0] * 6,
        }
    )
    loaded = load_table(tiny.to_csv(index=False).encode("utf-8"), "tiny.csv")
    profiles = [
        profile_table(loaded, Recipe()),  # no target
        profile_table(loaded, Recipe(problem=ProblemSection(target="y"))),
        profile_table(loaded, Recipe(problem=ProblemSection(target="empty"))),  # task error
    ]
    for profile in profiles:
        for step in STEPS:
            advise(step, profile=profile)
            advise(step, profile=profile, recipe=Recipe())
    setup = make_setup(shares_frame(), "binary", algorithm="decision_tree")
    stopped = dataclasses.replace(setup.trained, final=None, baseline_cv=None)
    for step in STEPS:
        advise(step, trained=stopped)
        advise(step, data=setup.data)
        advise(step, recipe=setup.recipe)
    assert caplog.records == []
