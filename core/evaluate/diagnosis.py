"""Learning curves and a written diagnosis: suspicious, overfitting, underfitting, good fit,
more data.

A learning curve cross-validates the recipe's model on growing shares of each fold's training
rows (validation rows untouched), so every point is as leak-proof as the main score. The
diagnosis reads the training score, the CV score, the fold-to-fold spread, the baseline and the
curve's last step, says which of the situations of :func:`core.model.verdict.read_fit` the model is
in (the one verdict every page shares) with the numbers that led there, and turns the verdict
into remedies in the current algorithm's own hyperparameters ("lower max_depth from 12 to 6")
and the recipe's feature choices.

The scale for "large" is the distance from the baseline to a perfect score: a gap of 0.05
accuracy is large when the baseline is 0.90 and small when it is 0.50. With a leakage warning the
verdict is "suspicious" and the one remedy is to leave the columns out and retrain.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from core.errors import ModelPathError
from core.model import (
    PERFECT_SCORES,
    RISING,
    Budget,
    CurveStep,
    CVResult,
    FoldPlan,
    LeakageWarning,
    ModelSpec,
    ParamSpec,
    chosen_algorithm,
    evaluate_candidates,
    leave_out_label,
    model_spec,
    read_fit,
    score_text,
    scoring_for,
)
from core.prepare import TrainingData
from core.recipe import CLASSIFICATION_TASKS, Recipe
from core.understand import METRICS, Metric

__all__ = [
    "PERFECT_SCORES",
    "Diagnosis",
    "DiagnosisError",
    "LearningCurve",
    "Remedy",
    "diagnose",
    "learning_curve",
    "setting_text",
]

DEFAULT_FRACTIONS = (0.1, 0.25, 0.5, 0.75, 1.0)


class DiagnosisError(ModelPathError):
    """A learning curve or diagnosis cannot be computed as asked."""


# --- learning curve --------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningCurve:
    """Training and CV scores of one model at growing training-set sizes.

    Parameters
    ----------
    algorithm : str
    metric : str
    frame : pandas.DataFrame
        One row per size: ``rows`` (mean training rows per fold), ``share``, ``train_mean``,
        ``train_std``, ``cv_mean``, ``cv_std``, ``folds``.
    stopped : {"budget", "stopped"} or None
    notes : tuple of str
        Sizes left out and why.
    plan_fingerprint : str
    """

    algorithm: str
    metric: str
    frame: pd.DataFrame
    stopped: str | None
    notes: tuple[str, ...]
    plan_fingerprint: str

    def points(self) -> list[dict[str, float]]:
        """The frame as JSON-ready records (``metrics.json``)."""
        return [
            {
                k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in r.items()
            }
            for r in self.frame.to_dict(orient="records")
        ]


def _finite_or_none(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _subsample(
    train: np.ndarray, share: float, y: np.ndarray | None, rng: np.random.Generator, *, recent: bool
) -> np.ndarray:
    """A share of one fold's training positions: the most recent for time-ordered folds,
    else a seeded random draw that keeps every class's share."""
    if share >= 1.0:
        return train
    if recent:
        return train[len(train) - max(2, round(share * len(train))) :]
    if y is None:
        picked = rng.permutation(train)[: max(2, round(share * len(train)))]
        return np.sort(picked)
    parts = []
    labels = y[train]
    for label in pd.unique(labels):
        members = train[labels == label]
        parts.append(rng.permutation(members)[: max(1, round(share * len(members)))])
    return np.sort(np.concatenate(parts))


def learning_curve(
    data: TrainingData,
    recipe: Recipe,
    plan: FoldPlan,
    *,
    fractions: Sequence[float] = DEFAULT_FRACTIONS,
    budget: Budget | None = None,
    n_jobs: int | None = None,
) -> LearningCurve:
    """Cross-validate the recipe's model on growing shares of each fold's training rows.

    Every point uses the same validation folds; only the rows the model learns from shrink
    (a stratified draw for classification, the most recent rows for time-ordered folds).

    Parameters
    ----------
    data : TrainingData
    recipe : Recipe
        With an algorithm chosen.
    plan : FoldPlan
    fractions : sequence of float
        Shares of each fold's training rows, in (0, 1].
    budget : Budget, optional
    n_jobs : int, optional

    Returns
    -------
    LearningCurve

    Raises
    ------
    DiagnosisError
        When no size could be scored (each size's reason is given).
    """
    algorithm = chosen_algorithm(recipe, "A learning curve retrains the recipe's algorithm.")
    budget = budget or Budget()
    shares = sorted({float(f) for f in fractions if 0 < float(f) <= 1})
    if not shares:
        raise DiagnosisError(
            "No training-set size to draw.",
            "Sizes are shares of the training rows between 0 and 1.",
            "Use shares such as 0.1, 0.25, 0.5, 1.",
        )
    scoring = scoring_for(recipe, data.y_train)
    classify = data.task in CLASSIFICATION_TASKS
    y = data.y_train.to_numpy() if classify else None
    recent = plan.scheme == "time_series"
    records, notes = [], []
    stopped = None
    for number, share in enumerate(shares):
        rng = np.random.default_rng((recipe.split.seed + number) % 2**32)
        splits = tuple(
            (_subsample(train, share, y, rng, recent=recent), test) for train, test in plan.splits
        )
        small = min(len(t) for t, _ in splits)
        if classify and any(len(np.unique(y[t])) < 2 for t, _ in splits):
            notes.append(f"{share:.0%} of the rows ({small:,} per fold) leaves a single class.")
            continue

        def report(fraction, message, number=number, share=share):
            budget.report(
                (number + fraction) / len(shares),
                f"Learning curve: {share:.0%} of the training rows ({number + 1} of "
                f"{len(shares)} sizes)",
            )

        part = Budget(budget.remaining(), budget.should_stop, report)
        (evaluation,) = evaluate_candidates(
            data,
            recipe,
            replace(plan, splits=splits),
            [(algorithm, recipe.model.params)],
            scoring=scoring,
            budget=part,
            n_jobs=n_jobs,
        )
        result = evaluation.result
        if result is not None and result.complete:
            records.append(
                {
                    "rows": float(np.mean([len(t) for t, _ in splits])),
                    "share": share,
                    "train_mean": result.train_mean,
                    "train_std": result.train_std,
                    "cv_mean": result.mean,
                    "cv_std": result.std,
                    "folds": len(result.folds),
                }
            )
        elif evaluation.error:
            notes.append(f"{share:.0%} of the rows: {evaluation.error}")
        stopped = budget.exhausted()
        if stopped:
            left = len(shares) - number - 1
            if left:
                notes.append(f"{left} larger size(s) not run: ended early ({stopped}).")
            break
    if not records:
        raise DiagnosisError(
            "No point of the learning curve could be scored.",
            " ".join(notes) or "Every size failed or was stopped.",
            "Give it a larger time budget, or change the settings that fail.",
        )
    return LearningCurve(
        algorithm,
        scoring.metric.key,
        pd.DataFrame.from_records(records),
        stopped,
        tuple(notes),
        plan.fingerprint,
    )


# --- diagnosis -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Remedy:
    """One thing to try, optionally a one-click hyperparameter change.

    Parameters
    ----------
    text : str
        The advice with its numbers.
    param : str or None
        The hyperparameter to change (of the current algorithm).
    value : object
        The suggested value (valid for that parameter).
    page : str or None
        The page where the person can act on it (``"features"``, ``"algorithm"``, ``"new_data"``,
        ``"problem"``).
    columns : tuple of str
        Columns to leave out of the features and retrain (the remedy of a suspicious verdict).
    """

    text: str
    param: str | None = None
    value: Any = None
    page: str | None = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagnosis:
    """A verdict on how the model fits, the numbers behind it, and what to try.

    Parameters
    ----------
    verdict : {"suspicious", "overfitting", "underfitting", "good fit", "more data"}
        As :func:`core.model.verdict.read_fit` reads the numbers.
    headline : str
        One sentence with the numbers.
    reasons : tuple of str
        Further readings (the leakage warnings, baseline, spread, the learning curve).
    figures : mapping of str to float
        The numbers behind the verdict (for ``metrics.json``).
    remedies : tuple of Remedy
    warnings : tuple of LeakageWarning, default=()
        Why the verdict is "suspicious", when it is.
    """

    verdict: str
    headline: str
    reasons: tuple[str, ...]
    figures: Mapping[str, float | None]
    remedies: tuple[Remedy, ...]
    warnings: tuple[LeakageWarning, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the ``diagnosis`` block of ``metrics.json``)."""
        return {
            "verdict": self.verdict,
            "headline": self.headline,
            "reasons": list(self.reasons),
            "figures": {
                k: (None if v is None or not math.isfinite(v) else v)
                for k, v in self.figures.items()
            },
            "remedies": [r.text for r in self.remedies],
            "warnings": [w.to_dict() for w in self.warnings],
        }


_n = score_text  # the verdict's own formatting, so headlines and reasons agree


def diagnose(
    result: CVResult,
    baseline: CVResult | None,
    recipe: Recipe,
    *,
    curve: LearningCurve | None = None,
    n_features: int | None = None,
    warnings: Sequence[LeakageWarning] = (),
) -> Diagnosis:
    """Read a cross-validated result: suspicious, overfitting, underfitting, good fit or "more
    data" (the rules are :func:`core.model.verdict.read_fit`'s).

    Parameters
    ----------
    result : CVResult
        The model's CV result, with training-fold scores.
    baseline : CVResult or None
        The dummy model on the same folds (the start of the scale).
    recipe : Recipe
        For the algorithm's hyperparameters and the feature choices behind the remedies.
    curve : LearningCurve, optional
        Adds whether the validation score was still rising at the largest size.
    n_features : int, optional
        Columns the model learns from (for the "too many features for the rows" remedy).
    warnings : sequence of LeakageWarning, optional
        The trained model's leakage warnings (``TrainedModel.warnings``): with any, the verdict
        is "suspicious" and the one remedy is to leave their columns out and retrain.

    Returns
    -------
    Diagnosis

    Raises
    ------
    DiagnosisError
        When the result has no training-fold scores.
    """
    if not result.folds or not math.isfinite(result.train_mean):
        raise DiagnosisError(
            "This result has no training-fold scores to compare with.",
            "A diagnosis compares how the model scores on rows it saw and rows it did not.",
            "Train the model again.",
        )
    metric = METRICS[result.metric]
    sign = 1.0 if metric.greater_is_better else -1.0
    train, cv, spread = result.train_mean, result.mean, result.std
    perfect = PERFECT_SCORES.get(result.metric, math.nan)
    base = baseline.mean if baseline is not None and baseline.folds else math.nan
    reading = read_fit(
        result.metric,
        train=train,
        cv=cv,
        spread=spread,
        baseline=base if math.isfinite(base) else None,
        curve=_curve_step(curve),
        warnings=warnings,
    )
    span, rise = reading.span, reading.rise
    figures = {
        "training score": train,
        "CV score": cv,
        "gap (training − CV)": reading.gap,
        "CV std": spread,
        "baseline (CV)": base if math.isfinite(base) else None,
        "perfect score": perfect if math.isfinite(perfect) else None,
        "CV skill (share of the way from baseline to perfect)": reading.cv_skill,
        "training skill": reading.train_skill,
        "gap as a share of baseline-to-perfect": reading.gap / span,
        "CV rise over the curve's last step": rise,
    }
    # Scores and differences of scores as people read this metric (MAPE in percent).
    _s = functools.partial(_n, metric=metric)
    verdict, headline = reading.verdict, reading.headline
    # Also read when another verdict wins: a rising curve adds "more rows" to the remedies.
    more_data = rise is not None and rise / span > RISING and rise > 0.5 * _last_std(curve)
    reasons = [_baseline_reading(metric, cv, base, spread, sign)] if math.isfinite(base) else []
    if reading.suspicious:
        reasons = [w.message for w in reading.warnings] + reasons
    if curve is not None and verdict != "more data":
        reasons.append(_curve_reading(curve, rise, span, more_data, metric))
    if spread > 0 and len(result.folds) > 1:
        reasons.append(
            f"Across folds the score varies by ± {_s(spread)}; differences between settings "
            "smaller than that are likely noise."
        )
    if reading.suspicious:
        columns = reading.columns
        remedies = [
            Remedy(
                f"{leave_out_label(columns)}: while the model learns from "
                f"{'it' if len(columns) == 1 else 'them'}, its score cannot be trusted, and "
                "tuning or more rows will not change that.",
                page="problem",
                columns=columns,
            )
        ]
    else:
        remedies = _remedies(verdict, recipe, result, more_data, n_features)
    return Diagnosis(verdict, headline, tuple(reasons), figures, tuple(remedies), reading.warnings)


def _curve_step(curve: LearningCurve | None) -> CurveStep | None:
    if curve is None or len(curve.frame) < 2:
        return None
    first, last = curve.frame.iloc[-2], curve.frame.iloc[-1]
    return CurveStep(
        float(first.rows),
        float(first.cv_mean),
        float(last.rows),
        float(last.cv_mean),
        float(last.cv_std),
    )


def _ratio(gap: float, spread: float) -> str:
    return f"{gap / spread:.0f}×" if spread > 1e-12 else "far above"


def _baseline_reading(metric: Metric, cv: float, base: float, spread: float, sign: float) -> str:
    label, margin = metric.label, sign * (cv - base)
    if margin <= max(spread, 1e-12):
        return (
            f"The CV {label} {_n(cv, metric)} is no better than the baseline's "
            f"{_n(base, metric)} beyond the fold-to-fold spread ({_n(spread, metric)}): the "
            "model has not learned anything useful yet."
        )
    return (
        f"The CV {label} {_n(cv, metric)} beats the baseline's {_n(base, metric)} by "
        f"{_n(abs(cv - base), metric, change=True)}."
    )


def _last_std(curve: LearningCurve | None) -> float:
    return float(curve.frame.iloc[-1].cv_std) if curve is not None and len(curve.frame) else 0.0


def _curve_reading(
    curve: LearningCurve, rise: float | None, span: float, rising: bool, metric: Metric
) -> str:
    if rise is None:
        return "The learning curve has a single point, so it cannot show a trend."
    first, last = curve.frame.iloc[-2], curve.frame.iloc[-1]
    numbers = (
        f"between {first.rows:,.0f} and {last.rows:,.0f} training rows the validation score "
        f"went from {_n(first.cv_mean, metric)} to {_n(last.cv_mean, metric)}"
    )
    if rising:
        return f"The learning curve is still rising ({numbers}): more rows would likely help too."
    return f"The learning curve has levelled off ({numbers}): more rows alone would help little."


# --- remedies --------------------------------------------------------------------------------


def setting_text(value: Any) -> str:
    """A hyperparameter value as a person reads it: ``no limit`` for None, 3 digits for floats."""
    if value is None:
        return "no limit"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _nudge(p: ParamSpec, current: Any, direction: int) -> Any:
    """A value one clear step from ``current`` (direction 1 = raise, -1 = lower), or None
    when it is already at the end of its range."""
    if p.kind not in ("int", "float"):
        return None
    if current is None:  # "no limit" can only be lowered to a limit
        return min(int(p.high), 8) if direction < 0 and p.optional else None
    if p.kind == "int":
        step = max(int(current), 2) if direction > 0 else -max(int(current) // 2, 1)
        if p.name in ("min_samples_leaf", "n_neighbors") and direction > 0:
            step = max(int(current), 4)
        value = int(min(max(int(current) + step, p.low), p.high))
    elif p.log:
        # A learning rate moves in smaller steps than a penalty: ×3, not ×10.
        factor = 3.0 if "learning_rate" in p.name else 10.0
        value = float(min(max(float(current) * factor**direction, p.low), p.high))
    elif float(current) == 0.0:
        value = float(p.low + (p.high - p.low) / 10) if direction > 0 else None
    else:
        value = float(min(max(float(current) * (2.0**direction), p.low), p.high))
    if value is None or value == current:
        return None
    return value


def _param_remedies(spec: ModelSpec, params: Mapping[str, Any], simpler: bool) -> list[Remedy]:
    remedies = []
    for p in spec.params:
        if p.complexity == 0:
            continue
        current = params.get(p.name, p.default)
        direction = -p.complexity if simpler else p.complexity
        if current is None and not simpler:
            continue  # already unlimited
        value = _nudge(p, current, direction)
        if value is None:
            continue
        verb = "Limit" if current is None else ("Raise" if value > current else "Lower")
        goal = "simpler" if simpler else "more flexible"
        remedies.append(
            Remedy(
                f"{verb} {p.name} from {setting_text(current)} to {setting_text(value)} "
                f"(a {goal} model): {p.meaning}",
                param=p.name,
                value=value,
            )
        )
    return remedies


def _remedies(
    verdict: str,
    recipe: Recipe,
    result: CVResult,
    more_data: bool,
    n_features: int | None,
) -> list[Remedy]:
    spec = model_spec(result.algorithm)
    features = recipe.features
    params = dict(result.params)
    remedies: list[Remedy] = []
    if verdict == "overfitting":
        remedies += _param_remedies(spec, params, simpler=True)
        if features.poly_columns:
            remedies.append(
                Remedy(
                    f"Drop or shrink the polynomial terms on {len(features.poly_columns)} "
                    f"column(s) (degree {features.poly_degree}): they multiply the features the "
                    "model can memorise.",
                    page="features",
                )
            )
        if n_features is not None and features.selection == "none" and n_features > 20:
            remedies.append(
                Remedy(
                    f"Select features: the model learns from {n_features} columns; keeping the "
                    "most informative ones leaves less to memorise.",
                    page="features",
                )
            )
        if not spec.params and spec.family == "linear":
            remedies.append(
                Remedy(
                    "Use a regularised linear model (ridge or lasso), whose penalty keeps "
                    "the weights small.",
                    page="algorithm",
                )
            )
        remedies.append(
            Remedy(
                "Add rows: overfitting shrinks as the model sees more examples (New data page).",
                page="new_data",
            )
        )
    elif verdict == "underfitting":
        remedies += _param_remedies(spec, params, simpler=False)
        if spec.family in ("linear", "probabilistic"):
            remedies.append(
                Remedy(
                    "Add interaction or polynomial terms on the numeric columns (Features "
                    "page): a linear model cannot bend to a curved pattern on its own.",
                    page="features",
                )
            )
            remedies.append(
                Remedy(
                    "Try a non-linear algorithm such as histogram gradient boosting or a random "
                    "forest, which learn curves and interactions themselves.",
                    page="algorithm",
                )
            )
        if features.selection != "none":
            remedies.append(
                Remedy(
                    f"Keep more features: selection keeps only {features.selection_k}.",
                    page="features",
                )
            )
        if features.reduction == "pca":
            remedies.append(
                Remedy(
                    f"PCA keeps {features.pca_variance:.0%} of the variance; raise it or turn "
                    "it off, the dropped components may carry the signal.",
                    page="features",
                )
            )
        remedies.append(
            Remedy(
                "Engineer features that carry the signal (ratios, dates' parts, text), and "
                "check that the target can be predicted from these columns at all.",
                page="features",
            )
        )
    elif verdict == "more data":
        remedies.append(
            Remedy(
                "Add rows with the same columns (New data page) and retrain: the curve says "
                "the model has not seen enough examples yet.",
                page="new_data",
            )
        )
        remedies += [
            replace(r, text=f"Meanwhile: {r.text[0].lower()}{r.text[1:]}")
            for r in _param_remedies(spec, params, simpler=True)[:1]
        ]
    else:
        remedies.append(
            Remedy(
                "Search the hyperparameters around the current setting (Tune page) for a "
                "last gain, and compare the runs — only differences beyond the fold spread "
                "count.",
            )
        )
        remedies.append(
            Remedy(
                "Check the held-out test score once on the Metrics page; if it agrees with the "
                "CV score, the model is ready to deliver."
            )
        )
    if more_data and verdict == "overfitting":
        remedies.insert(
            0,
            Remedy(
                "The learning curve is still rising: more rows are the most direct cure "
                "(New data page).",
                page="new_data",
            ),
        )
    return remedies
