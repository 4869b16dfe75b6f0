"""After training: scores too good to be true.

Two checks turn into :class:`core.model.verdict.LeakageWarning` (kind ``"leakage"``), and any
warning makes the verdict "suspicious" everywhere:

* **a leakage suspect is among the model's features** — the suspects come from the findings made
  before training (:func:`core.understand.findings.leakage_columns`); they are an input here, never
  recomputed.
* **one column carries a near-perfect score** — the model covers almost all of the way from the
  baseline to a perfect score (:data:`NEAR_PERFECT`) *and* shuffling one column of the test rows
  takes away most of its lead over the baseline (:data:`CARRIES_MODEL`).

Why both signals together, and these thresholds: on honest tables each happens alone. Measured
with logistic/ridge, random forest, histogram gradient boosting, a decision tree and k-NN on
iris, wine, breast cancer, diabetes, penguins and the churn sample without its leaky column, the
CV score covered up to 98 % of the way to perfect (penguins), but shuffling one column took away
at most 89 % of the lead (iris with a single decision tree, which splits on petal length first;
other honest models kept more than 20 % through their other columns). Generated leaks (a class
column equal to the target with 1 % of its values flipped; a regression target hidden in a
column with another column and a constant) covered 97-100 % of the way with every algorithm but
k-NN on the regression leak (91 %: averaging neighbours blurs the exact sum), and shuffling the
leaked column took away 100-152 % of the lead: a model built on a leak, with the leak shuffled,
does no better than the baseline (often worse, because it still trusts the column). So a warning
needs both a near-perfect score and a column whose shuffling leaves the model no better than
about the baseline.

The near-perfect bar is 95 % rather than 90 % because an honest target that one column
explains well (a simulated ``y = 3·a + noise`` with R² 0.9) would otherwise read as a leak; a
target that one column explains to R² 0.99 still does, and the message says to check how the
column is filled rather than asserting a leak. A leak learned by k-NN on a regression target is
left to the findings before training (a suspect among the features is always a warning).

Shuffling is used rather than the model's own importance because it measures every algorithm
the same way (k-NN and gradient boosting have no importance of their own, and impurity shares
split one leak over its look-alikes). It only runs when the score is near-perfect, on at most
:data:`MAX_ROWS` test rows with :data:`REPEATS` shuffles per column: predictions only, no
fitting, so an honest run with an ordinary score pays nothing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from sklearn.metrics import r2_score

from core.errors import ModelPathError
from core.evaluate.importance import permutation_importance_by_column
from core.model import (
    Budget,
    CVResult,
    LeakageWarning,
    leave_out_label,
    scoring_for,
    skill,
    suspect_warnings,
)
from core.prepare import TrainingData
from core.recipe import Recipe
from core.understand import METRICS

__all__ = [
    "CARRIES_MODEL",
    "MAX_ROWS",
    "NEAR_PERFECT",
    "NEAR_PERFECT_REGRESSION",
    "REPEATS",
    "after_training_warnings",
    "closeness",
]

logger = logging.getLogger(__name__)

NEAR_PERFECT = 0.98  # the CV score covers this share of the way from the baseline to perfect
# For a number: the share of the target's variance the model explains on the test rows. An
# honest table can have one dominant measured column (a diamond's weight explains its price to
# R² 0.92 with ridge and 0.98 with a forest); a leaked copy or sum explains more than 99 %.
NEAR_PERFECT_REGRESSION = 0.99
CARRIES_MODEL = 0.95  # shuffling one column takes away this share of the lead over the baseline
MAX_ROWS = 2000
REPEATS = 3

# Errors in the target's own units shrink like the square root of the unexplained variance, so
# on their scale a model explaining 96 % of the variance covers only 80 % of the way. Squaring
# puts them on the variance scale R² uses, where "almost all of the way" means the same thing
# for every regression metric.
_ERRORS_IN_TARGET_UNITS = frozenset({"rmse", "mae", "median_ae", "mape"})


def closeness(metric: str, score: float, baseline: float | None) -> float:
    """How much of the way from the baseline to a perfect score a score covers.

    The share of :func:`core.model.verdict.skill`, except that errors in the target's units (RMSE,
    MAE, median absolute error, MAPE) are read on the variance scale: the remaining error's
    share is squared, so 0.2 of the baseline's RMSE left is 0.96 of the way.

    Parameters
    ----------
    metric : str
    score : float
    baseline : float or None

    Returns
    -------
    float
        NaN when the scale is unknown.
    """
    share = skill(metric, score, baseline)
    if metric in _ERRORS_IN_TARGET_UNITS and math.isfinite(share) and 0 <= share <= 1:
        return 1 - (1 - share) ** 2
    return share


def after_training_warnings(
    data: TrainingData,
    recipe: Recipe,
    cv: CVResult,
    baseline_cv: CVResult | None,
    pipeline: object | None,
    *,
    suspects: Sequence[str] = (),
    baseline_test_score: float | None = None,
    budget: Budget | None = None,
) -> tuple[LeakageWarning, ...]:
    """The leakage warnings of one trained model (see the module's rules and calibration).

    Parameters
    ----------
    data : TrainingData
    recipe : Recipe
    cv : CVResult
        The model's cross-validated score.
    baseline_cv : CVResult or None
        The dummy model on the same folds.
    pipeline : fitted pipeline or None
        The model refitted on the training split (None when training stopped before it).
    suspects : sequence of str, optional
        Leakage suspects from the findings before training.
    baseline_test_score : float, optional
        The dummy model's score on the test split (the start of the scale for shuffling).
    budget : Budget, optional
        A stop ends the shuffling between columns (the columns measured so far still count).

    Returns
    -------
    tuple of LeakageWarning
    """
    features = data.columns.used
    warnings = list(suspect_warnings(suspects, features))
    flagged = {c for w in warnings for c in w.columns}
    base = baseline_cv.mean if baseline_cv is not None and baseline_cv.folds else None
    near = closeness(cv.metric, cv.mean, base)
    bar = NEAR_PERFECT
    if data.task == "regression" and pipeline is not None and len(data.y_test) > 1:
        # Errors in the target's units (MAE, MAPE) exaggerate closeness on a skewed target;
        # the variance explained reads the same whatever the metric.
        near = float(r2_score(data.y_test, pipeline.predict(data.X_test)))
        bar = NEAR_PERFECT_REGRESSION
    # A model with a single input column is carried by it by construction: shuffling the only
    # column says nothing about a leak (y = 50 + 10·a + noise would read as one).
    if len(features) < 2 or pipeline is None:
        return tuple(warnings)
    if not (math.isfinite(near) and near >= bar):
        return tuple(warnings)
    carried = _column_carrying(data, recipe, cv, pipeline, baseline_test_score, budget)
    if carried is not None and carried[0] not in flagged:
        column, lost = carried
        metric = METRICS[cv.metric]
        how_good = (
            f"it explains {near:.1%} of the target's variance on the test rows"
            if data.task == "regression"
            else f"the cross-validated {metric.label} {metric.format(cv.mean)} covers "
            f"{near:.0%} of the way from the baseline ({metric.format(base)}) to a perfect score"
        )
        warnings.append(
            LeakageWarning(
                "leakage",
                (column,),
                f"‘{column}’ carries the model: {how_good}, and shuffling ‘{column}’ on the "
                f"test rows takes away {min(lost, 1.0):.0%} of the model's lead over the "
                "baseline. One column this decisive is usually a leak "
                "(recorded after the outcome, or computed from it); check how it is filled. "
                f"{leave_out_label((column,))} if it would not be known when predicting.",
            )
        )
    return tuple(warnings)


def _column_carrying(
    data: TrainingData,
    recipe: Recipe,
    cv: CVResult,
    pipeline: object,
    baseline_test_score: float | None,
    budget: Budget | None,
) -> tuple[str, float] | None:
    """The column whose shuffling takes away at least CARRIES_MODEL of the lead, and that
    share; None when no column does or it cannot be measured."""
    if baseline_test_score is None or not math.isfinite(baseline_test_score):
        return None
    if len(data.X_test) < 2 or not len(data.columns.used):
        return None
    try:
        measured = permutation_importance_by_column(
            pipeline,
            data.X_test,
            data.y_test,
            scoring_for(recipe, data.y_train),
            n_repeats=REPEATS,
            seed=recipe.split.seed,
            max_rows=MAX_ROWS,
            budget=budget,
        )
    except (ModelPathError, ValueError) as exc:  # e.g. ROC-AUC on a one-class test split
        logger.info("The after-training leak check could not shuffle columns: %s", exc)
        return None
    if measured.baseline is None or measured.frame.empty:
        return None
    sign = 1.0 if cv.higher_is_better else -1.0
    lead = sign * (measured.baseline - baseline_test_score)
    if not math.isfinite(lead) or lead <= 1e-12:
        return None
    top = measured.frame.iloc[0]
    lost = float(top["importance"]) / lead
    if not math.isfinite(lost) or lost < CARRIES_MODEL:
        return None
    return str(top["column"]), lost
