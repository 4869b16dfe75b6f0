"""Which rules speak on which lifecycle step, and :func:`advise`, the one entry point: it reads
whatever the page has, runs that step's rules, and keeps the four that matter most.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType

from core.errors import ModelPathError
from core.evaluate import Diagnosis, LearningCurve, TrainedModel
from core.learn.advice._common import MAX_ADVICE, SEVERITIES, Advice, _Inputs, _Rule
from core.learn.advice.algorithm import _baseline_reminder, _few_rows_for_model
from core.learn.advice.clean import _far_outliers, _missing_columns, _spellings
from core.learn.advice.data import _read_problems, _rows_per_feature
from core.learn.advice.deliver import _quote_with_baseline, _test_vs_cv, _unseen_categories
from core.learn.advice.evaluate import _beats_baseline, _fit, _new_rows, _noise_floor, _suspicious
from core.learn.advice.explore import _duplicates, _identifiers, _leakage, _missing_target
from core.learn.advice.features import (
    _imbalance_treatment,
    _many_categories,
    _scaling,
    _skewed_features,
)
from core.learn.advice.problem import _class_baseline, _metric_for_imbalance, _regression_target
from core.learn.advice.split import _split_strategy, _test_rows
from core.learn.lessons import LIFECYCLE
from core.prepare import TrainingData
from core.recipe import Recipe
from core.understand import DatasetProfile

__all__ = ["advise"]

# Named after the package, not this module: the logger people configure is the advice's.
logger = logging.getLogger(__package__)


_RULES: Mapping[str, tuple[_Rule, ...]] = MappingProxyType(
    {
        "problem": (_metric_for_imbalance, _regression_target, _class_baseline),
        "data": (_read_problems, _rows_per_feature),
        "explore": (_leakage, _duplicates, _missing_target, _identifiers),
        "clean": (_missing_columns, _duplicates, _far_outliers, _spellings),
        "features": (_many_categories, _scaling, _imbalance_treatment, _skewed_features),
        "split": (_test_rows, _split_strategy),
        "algorithm": (_few_rows_for_model, _beats_baseline, _baseline_reminder),
        "tune": (_suspicious, _fit, _beats_baseline, _noise_floor),
        "evaluate": (_suspicious, _fit, _beats_baseline, _test_vs_cv),
        "improve": (_suspicious, _new_rows, _fit, _noise_floor),
        "deliver": (_suspicious, _test_vs_cv, _unseen_categories, _quote_with_baseline),
    }
)
_STEPS = frozenset(s.key for s in LIFECYCLE)
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def advise(
    step: str,
    *,
    profile: DatasetProfile | None = None,
    recipe: Recipe | None = None,
    data: TrainingData | None = None,
    trained: TrainedModel | None = None,
    curve: LearningCurve | None = None,
    diagnosis: Diagnosis | None = None,
) -> list[Advice]:
    """The advice for one lifecycle step, computed from the person's own data and results.

    Any input may be None; advice that needs it is skipped. Nothing here fits a model: the
    inputs already hold every score, and the rest is counting.

    Parameters
    ----------
    step : str
        A key of :data:`core.learn.lessons.LIFECYCLE` (``"problem"``, ``"data"``, … ``"deliver"``).
    profile : DatasetProfile, optional
        The table, its findings, the target and the metric advice.
    recipe : Recipe, optional
        The current choices (advice about a choice already made is not repeated).
    data : TrainingData, optional
        The split data.
    trained : TrainedModel, optional
        The last training action (CV, baseline, test scores).
    curve : LearningCurve, optional
        Whether more rows would help (used when the diagnosis is computed here).
    diagnosis : Diagnosis, optional
        The verdict and remedies; computed from ``trained`` when not given.

    Returns
    -------
    list of Advice
        At most four, warnings first, then tips, then confirmations.

    Raises
    ------
    ModelPathError
        When ``step`` is not a lifecycle step.
    """
    if step not in _STEPS:
        raise ModelPathError(
            f"There is no lifecycle step {step!r} to advise on.",
            "Advice exists for: " + ", ".join(s.key for s in LIFECYCLE) + ".",
            "Use one of those keys.",
        )
    if recipe is None and trained is not None:
        recipe = trained.recipe
    inputs = _Inputs(step, profile, recipe, data, trained, curve, diagnosis)
    found: list[Advice] = []
    seen: set[str] = set()
    for rule in _RULES.get(step, ()):
        for item in _safely(rule, inputs):
            if item.key not in seen:
                seen.add(item.key)
                found.append(item)
    found.sort(key=lambda a: _RANK[a.severity])  # stable: rule order breaks ties
    return found[:MAX_ADVICE]


def _safely(rule: _Rule, inputs: _Inputs) -> list[Advice]:
    # Advice is commentary beside the page's real content: a rule tripping over an odd table
    # must not take the page down. The failure is logged in full, so tests and logs see it.
    try:
        return rule(inputs)
    except Exception:
        logger.exception("Advice rule %s failed on step %r", rule.__name__, inputs.step)
        return []
