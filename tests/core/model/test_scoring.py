"""The primary metric as a scorer: the recipe's metric or the recommended one, the positive
class as the data spells it, and error metrics in their natural units."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score, mean_squared_error

from core.model import cross_validate_model, model_pipeline, scoring_for
from core.understand import recommend_metric
from tests.core.model.engine_data import engine_setup, noisy_frame
from tests.core.split_data import recipe_and_data


def test_scoring_uses_the_recipe_metric() -> None:
    recipe, data, _ = engine_setup(problem={"metric": "mcc"})

    scoring = scoring_for(recipe, data.y_train)

    assert scoring.metric.key == "mcc"


@pytest.mark.parametrize(
    ("task", "metric"),
    [
        ("binary", None),
        ("binary", "rmse"),  # a metric of another task falls back too
        ("binary", "no_such_metric"),
        ("multiclass", None),
        ("regression", None),
        ("regression", "accuracy"),
    ],
)
def test_scoring_falls_back_to_the_recommended_metric(task, metric) -> None:
    recipe, data, _ = engine_setup(task, problem={"metric": metric})

    scoring = scoring_for(recipe, data.y_train)

    assert scoring.metric.key == recommend_metric(data.y_train, task).metric
    assert task in scoring.metric.tasks


def _fitted(data, recipe, algorithm="logistic_regression"):
    return clone(model_pipeline(data, recipe, algorithm)).fit(data.X_train, data.y_train)


def test_scoring_finds_a_text_positive_class() -> None:
    recipe, data, _ = engine_setup(problem={"metric": "f1", "positive_class": "no"})
    model = _fitted(data, recipe)

    scoring = scoring_for(recipe, data.y_train)

    assert scoring.positive_class == "no"
    predicted = model.predict(data.X_test)
    expected = f1_score(data.y_test, predicted, pos_label="no")
    assert scoring.scorer(model, data.X_test, data.y_test) == pytest.approx(expected)
    assert expected != pytest.approx(f1_score(data.y_test, predicted, pos_label="yes"))


@pytest.mark.parametrize(
    ("labels", "positive", "read_as"),
    [
        pytest.param((0, 1), 1, True, id="0/1 read as yes/no"),
        pytest.param((3.0, 5.0), 5, 5.0, id="whole-number floats"),
    ],
)
def test_scoring_finds_a_numeric_positive_class(labels, positive, read_as) -> None:
    frame = noisy_frame()
    frame["y"] = np.where(frame["y"] == "yes", labels[1], labels[0])
    recipe, data = recipe_and_data(
        frame, task="binary", problem={"metric": "recall", "positive_class": positive}
    )
    model = _fitted(data, recipe)

    scoring = scoring_for(recipe, data.y_train)

    # The label as the data spells it (a recipe's 1 finds True, its 5 finds 5.0).
    assert scoring.positive_class == read_as
    assert type(scoring.positive_class) is type(data.y_train.to_numpy()[0])
    predicted = model.predict(data.X_test)
    truth = data.y_test.to_numpy()
    expected = ((predicted == read_as) & (truth == read_as)).sum() / (truth == read_as).sum()
    assert 0 < expected < 1
    assert scoring.scorer(model, data.X_test, data.y_test) == pytest.approx(expected)


def test_scoring_defaults_the_positive_class_like_the_app() -> None:
    recipe, data, _ = engine_setup(problem={"metric": "precision"})

    assert scoring_for(recipe, data.y_train).positive_class == "yes"


def test_error_metrics_are_positive_in_natural_units() -> None:
    recipe, data, plan = engine_setup("regression", problem={"metric": "rmse"})
    model = _fitted(data, recipe, "ridge")

    scoring = scoring_for(recipe, data.y_train)
    raw = scoring.scorer(model, data.X_test, data.y_test)

    expected = np.sqrt(mean_squared_error(data.y_test, model.predict(data.X_test)))
    assert raw == pytest.approx(-expected)
    assert expected > 0
    assert scoring.natural(raw) == pytest.approx(expected)
    result = cross_validate_model(data, recipe, plan, algorithm="ridge", n_jobs=1)
    assert (result.test_scores > 0).all()
    assert not result.higher_is_better
