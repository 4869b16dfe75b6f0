"""Tests for core.deliver.model_card: what the card records from training, its JSON round trip
and the refusal of damaged cards."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from core.deliver import (
    MAX_CHOICES,
    FeatureField,
    ModelCard,
    PredictionError,
    model_card,
    model_input,
)
from core.recipe import ModelSection, ProblemSection, Recipe, ValidationSection
from tests.core.deliver.trained_models import train

# ---------------------------------------------------------------------------------------------
# The card of a trained model
# ---------------------------------------------------------------------------------------------


def test_model_card_describes_the_model(messy) -> None:
    card = messy.card
    assert card.target == "y"
    assert card.task == "binary"
    assert card.classes == ("ham", "spam")
    assert card.positive_class == "spam"
    assert card.feature_names == tuple(messy.data.X_train.columns)
    assert card.n_train == len(messy.data.X_train)
    assert card.n_test == len(messy.data.X_test)
    assert card.algorithm == "logistic_regression"
    assert card.source_name == "customers.csv"
    assert card.scores["cv_mean"] == pytest.approx(messy.trained.cv.mean)
    assert card.scores["test_score"] == pytest.approx(messy.trained.final.test_score)
    income = card.feature("income")
    assert income.decimal == "."
    assert income.minimum == pytest.approx(messy.data.X_train["income"].min())
    assert income.median == pytest.approx(messy.data.X_train["income"].median())
    city = card.feature("city")
    assert set(city.choices) == {"new york", "boston", "chicago"}
    assert city.choices[0] == messy.data.X_train["city"].value_counts().index[0]
    assert city.n_choices == 3
    assert city.missing_share == pytest.approx(messy.data.X_train["city"].isna().mean())
    assert card.feature("joined").date_format == "%d/%m/%Y"
    assert set(card.feature("member").choices) <= {"yes", "no", "Yes", "NO"}
    assert card.feature("member").n_choices == 2
    assert card.feature("code").choices
    assert card.feature("rooms").decimal is None


def test_model_card_needs_a_final_model(messy) -> None:
    stopped = dataclasses.replace(messy.trained, final=None)
    with pytest.raises(PredictionError, match="no final model"):
        model_card(stopped, messy.data, messy.table)


# ---------------------------------------------------------------------------------------------
# The card as JSON
# ---------------------------------------------------------------------------------------------


def test_card_round_trips_through_json(messy, regression, decimal_comma) -> None:
    for card in (messy.card, regression.card, decimal_comma.card):
        as_dict = card.to_dict()
        text = json.dumps(as_dict, allow_nan=False)
        assert json.loads(text) == as_dict  # only JSON types: no tuples, no NaN
        assert ModelCard.from_dict(json.loads(text)) == card


def test_card_keeps_numeric_class_labels_and_missing_scores(messy) -> None:
    card = dataclasses.replace(
        messy.card,
        classes=(0, 1),
        positive_class=1,
        scores={**messy.card.scores, "baseline_cv_mean": float("nan")},
    )
    back = ModelCard.from_dict(json.loads(json.dumps(card.to_dict(), allow_nan=False)))
    assert back.classes == (0, 1)
    assert back.positive_class == 1
    assert back.scores["baseline_cv_mean"] is None


def _broken(change):
    def apply(card: dict) -> object:
        return change(json.loads(json.dumps(card)))

    return apply


def _set(path: tuple, value):
    def change(card: dict) -> dict:
        target = card
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return card

    return _broken(change)


def _delete(key: str):
    def change(card: dict) -> dict:
        del card[key]
        return card

    return _broken(change)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        pytest.param(_broken(lambda card: [card]), "not a set of named values", id="not-a-dict"),
        pytest.param(_delete("features"), "no 'features'", id="no-features"),
        pytest.param(_set(("card_version",), 99), "newer version", id="newer"),
        pytest.param(_set(("card_version",), "1"), "card version", id="version-text"),
        pytest.param(_set(("task",), "ranking"), "task", id="task"),
        pytest.param(_set(("classes",), []), "class labels", id="no-classes"),
        pytest.param(_set(("positive_class",), "maybe"), "positive class", id="positive"),
        pytest.param(_set(("n_train",), True), "whole number", id="bool-count"),
        pytest.param(_set(("scores", "cv_mean"), "high"), "score", id="score-text"),
        pytest.param(_set(("features",), []), "empty", id="empty-features"),
        pytest.param(_set(("features", 0, "kind"), "identifier"), "kind", id="feature-kind"),
        pytest.param(_set(("features", 0, "choices"), [1, 2]), "not text", id="choices"),
        pytest.param(_set(("features", 0, "median"), [1]), "median", id="median"),
        pytest.param(_set(("recipe", "split", "test_size"), 7), "recipe", id="recipe"),
    ],
)
def test_from_dict_refuses_a_damaged_card(messy, damage, words) -> None:
    with pytest.raises(PredictionError, match=words):
        ModelCard.from_dict(damage(messy.card.to_dict()))


def test_choices_are_capped_but_counted() -> None:
    values = pd.Series([f"v{i}" for i in range(MAX_CHOICES + 5)] * 10, dtype="str")
    frame = pd.DataFrame({"c": values, "y": np.arange(len(values), dtype=float)})
    recipe = Recipe(
        problem=ProblemSection(target="y", task="regression"),
        validation=ValidationSection(folds=2),
        model=ModelSection(algorithm="ridge"),
    )
    card = train(frame, recipe).card
    field = card.feature("c")
    assert len(field.choices) == MAX_CHOICES
    assert field.n_choices == MAX_CHOICES + 5
    assert not field.complete_choices
    # Values beyond the listed ones can't be told from new ones, so none are counted.
    check = model_input(card, pd.DataFrame({"c": ["v1004", "new"]})).check
    assert dict(check.unseen_categories) == {}


def test_feature_field_round_trips_alone() -> None:
    field = FeatureField(
        "when", "datetime", "%d/%m/%Y", "2020-01-01T00:00:00", "2021-01-01T00:00:00", None
    )
    assert FeatureField.from_dict(json.loads(json.dumps(field.to_dict()))) == field
    assert field.default is None
