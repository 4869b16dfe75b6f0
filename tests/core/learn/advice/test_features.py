"""Tests for core.learn.advice.features: unscaled columns for distance models, a rare class's
weights, and a categorical with a value per row."""

from __future__ import annotations

from core.learn import Action
from core.recipe import DataSection, FeaturesSection
from tests.core.learn.advice.setups import by_key, make_setup, name_codes_frame, shares_frame


def test_unscaled_columns_for_nearest_neighbours_are_a_warning() -> None:
    frame = shares_frame()
    frame["b"] = frame["b"] * 10_000
    setup = make_setup(
        frame,
        "binary",
        algorithm="knn",
        train=False,
        features=FeaturesSection(scaling="none"),
    )
    advice = by_key(setup.advise("features"), "scaling_off")
    assert advice.severity == "warning"
    assert "‘b’" in advice.text
    automatic = make_setup(frame, "binary", algorithm="knn", train=False)
    assert by_key(automatic.advise("features"), "scaling_on").severity == "good"


def test_a_rare_class_gets_a_class_weight_action() -> None:
    setup = make_setup(
        shares_frame(majority=0.9), "binary", algorithm="logistic_regression", train=False
    )
    advice = by_key(setup.advise("features"), "imbalance_treatment")
    assert advice.action == Action(
        "set_imbalance", "Use class weights", {"imbalance": "class_weight"}
    )


def test_a_categorical_with_a_value_per_row_is_advised_to_be_excluded() -> None:
    # Read as an identifier (left out), unless the person sets the kind back to categorical.
    data = DataSection(column_types={"name": "categorical"})
    setup = make_setup(name_codes_frame(), "binary", train=False, data=data)
    advice = by_key(setup.advise("features"), "id_like:name")
    assert advice.action.kind == "exclude_column"
