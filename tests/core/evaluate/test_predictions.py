"""Tests for core.evaluate.predictions: scores point to the chosen positive class, whatever
the model offers (probabilities or a decision function), and inputs are never mutated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline as ImbPipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

import core.evaluate.predictions as predictions
from core.evaluate import EvaluationError
from tests.core.evaluate.prediction_data import SEED, binary_data, metric_value

# ---------------------------------------------------------------------------------------------
# predictions_from
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("positive", "column"), [("yes", 1), ("no", 0)], ids=["c1", "c0"])
def test_predictions_from_binary_scores_are_the_positive_column(binary, positive, column) -> None:
    X, y, model = binary
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class=positive)
    assert pred.positive_class == positive
    assert pred.classes == ("no", "yes")
    assert pred.score_kind == "probability"
    np.testing.assert_allclose(pred.scores, model.predict_proba(X)[:, column])
    assert pred.y_true.index.equals(X.index)


def test_predictions_from_default_positive_is_second_class(binary) -> None:
    X, y, model = binary
    assert predictions.predictions_from(model, X, y, task="binary").positive_class == "yes"


@pytest.mark.parametrize(("positive", "sign"), [("yes", 1), ("no", -1)], ids=["c1", "c0"])
def test_predictions_from_decision_function_oriented_to_positive(binary, positive, sign) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), LinearSVC(random_state=SEED)).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class=positive)
    assert pred.score_kind == "decision"
    assert pred.proba is None
    np.testing.assert_allclose(pred.scores, sign * model.decision_function(X))


def test_predictions_from_pipeline_svc_uses_decision(binary) -> None:
    X, y, _ = binary
    model = make_pipeline(StandardScaler(), SVC()).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary")
    assert pred.score_kind == "decision"
    assert metric_value(pred, "roc_auc") is not None


def test_predictions_from_imblearn_pipeline_without_proba_uses_decision(binary) -> None:
    X, y, _ = binary
    model = ImbPipeline(
        [("sample", RandomUnderSampler(random_state=SEED)), ("model", LinearSVC(random_state=SEED))]
    ).fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary")
    assert pred.score_kind == "decision"
    np.testing.assert_allclose(pred.scores, model.decision_function(X))


def test_predictions_from_positive_class_matches_by_value() -> None:
    X, y_text = binary_data(120)
    y = pd.Series((y_text == "yes").astype("float64"), index=X.index)
    model = LogisticRegression().fit(X, y)
    pred = predictions.predictions_from(model, X, y, task="binary", positive_class=1)
    assert pred.positive_class == 1.0
    np.testing.assert_allclose(pred.scores, model.predict_proba(X)[:, 1])


def test_predictions_from_unknown_positive_class_raises(binary) -> None:
    X, y, model = binary
    with pytest.raises(EvaluationError) as caught:
        predictions.predictions_from(model, X, y, task="binary", positive_class="maybe")
    assert caught.value.what
    assert caught.value.why
    assert caught.value.fix


def test_predictions_from_does_not_mutate_inputs(binary) -> None:
    X, y, model = binary
    X_before, y_before = X.copy(), y.copy()
    predictions.predictions_from(model, X, y, task="binary")
    pd.testing.assert_frame_equal(X, X_before)
    pd.testing.assert_series_equal(y, y_before)
