"""One verdict for a run's numbers: suspicious, overfitting, underfitting, good fit, more data.

Every reading of how a model fits — the Tune page's result card, the Diagnosis page, the advice
boxes, the validation curve's points, the Runs page, the HTML report and the command line —
comes from :func:`read_fit`, so the same numbers never get two readings.

The scale for "large" is the distance from the baseline to a perfect score: a gap of 0.05
accuracy is large when the baseline is 0.90 and small when it is 0.50. Without a baseline the
scores themselves are the scale.

A leakage warning (:class:`LeakageWarning`, from the checks before and after training) turns
any reading into "suspicious": a model that learned from a leaked column scores well for the
wrong reason, and its gap, its skill and its curve say nothing about new rows.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.understand import METRICS, Metric

__all__ = [
    "OVERFIT_GAP",
    "PERFECT_SCORES",
    "RISING",
    "UNDERFIT_SKILL",
    "VERDICTS",
    "CurveStep",
    "FitReading",
    "LeakageWarning",
    "leave_out_label",
    "read_fit",
    "score_text",
    "skill",
    "suspect_warnings",
]

VERDICTS = ("suspicious", "overfitting", "underfitting", "good fit", "more data")

# The best value each metric can take: the far end of the baseline-to-perfect scale.
PERFECT_SCORES: Mapping[str, float] = {
    "accuracy": 1.0,
    "balanced_accuracy": 1.0,
    "f1": 1.0,
    "precision": 1.0,
    "recall": 1.0,
    "roc_auc": 1.0,
    "average_precision": 1.0,
    "f1_macro": 1.0,
    "f1_weighted": 1.0,
    "roc_auc_ovr": 1.0,
    "log_loss": 0.0,
    "mcc": 1.0,
    "rmse": 0.0,
    "mae": 0.0,
    "r2": 1.0,
    "mape": 0.0,
    "median_ae": 0.0,
}

# Thresholds, as shares of the baseline-to-perfect distance.
OVERFIT_GAP = 0.10  # training better than validation by more than this is overfitting
UNDERFIT_SKILL = 0.50  # a model below this even on its training rows is too simple
RISING = 0.02  # the curve's last step gained more than this: not levelled off yet


@dataclass(frozen=True)
class LeakageWarning:
    """A sign that a score is too good to be true.

    Parameters
    ----------
    kind : str
        ``"leakage"``.
    columns : tuple of str
        The columns the warning is about (to leave out and retrain).
    message : str
        Plain text with the numbers: what was seen, why it matters, what to do.
    """

    kind: str
    columns: tuple[str, ...]
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(str(c) for c in self.columns))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready ``{kind, columns, message}`` (``metrics.json``, the run store)."""
        return {"kind": self.kind, "columns": list(self.columns), "message": self.message}

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> LeakageWarning:
        """Rebuild from :meth:`to_dict` (checked: stored runs are not trusted).

        Raises
        ------
        TypeError
            When a field is missing or of the wrong type.
        """
        if not isinstance(value, Mapping):
            raise TypeError("a warning must be an object")
        kind, columns, message = value.get("kind"), value.get("columns"), value.get("message")
        if not isinstance(kind, str) or not isinstance(message, str):
            raise TypeError("a warning needs text 'kind' and 'message'")
        if not isinstance(columns, (list, tuple)) or not all(isinstance(c, str) for c in columns):
            raise TypeError("a warning's 'columns' must be a list of column names")
        return cls(kind, tuple(columns), message)


@dataclass(frozen=True)
class CurveStep:
    """The learning curve's last step: validation score at the two largest training sizes.

    Parameters
    ----------
    rows_before, rows_after : float
        Mean training rows per fold at the two sizes.
    cv_before, cv_after : float
        The validation scores there.
    cv_std_after : float
        The fold-to-fold spread at the largest size.
    """

    rows_before: float
    cv_before: float
    rows_after: float
    cv_after: float
    cv_std_after: float = 0.0


@dataclass(frozen=True)
class FitReading:
    """The verdict on a run's numbers, the headline quoting them, and the numbers behind it.

    Parameters
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    fit : str
        The reading of the numbers alone (what ``verdict`` would be without leakage warnings).
    headline : str
        One sentence (or two) with the numbers.
    gap : float
        Training minus validation, oriented so positive means training is better.
    span : float
        The scale: the distance from the baseline to a perfect score (else the scores' size).
    cv_skill, train_skill : float
        Shares of the way from the baseline to perfect (NaN without a baseline).
    rise : float or None
        The validation gain over the curve's last step (oriented; None without a curve).
    warnings : tuple of LeakageWarning
    """

    verdict: str
    fit: str
    headline: str
    gap: float
    span: float
    cv_skill: float
    train_skill: float
    rise: float | None
    warnings: tuple[LeakageWarning, ...] = ()

    @property
    def suspicious(self) -> bool:
        """Whether a leakage warning makes the score untrustworthy."""
        return self.verdict == "suspicious"

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the warnings name, in order, once."""
        return tuple(dict.fromkeys(c for w in self.warnings for c in w.columns))


def score_text(value: float, metric: Metric | None = None, *, change: bool = False) -> str:
    """A score (or, with ``change``, a difference of scores) as people read the metric.

    Three decimals below 100, thousands separators above; percentage metrics (MAPE) in
    percent, their differences in percentage points.
    """
    if not math.isfinite(value):
        return "n/a"
    if metric is not None and metric.percent:
        return metric.format_change(value) if change else metric.format(value, ".3g")
    return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"


def _quoted(columns: Sequence[str]) -> str:
    names = [f"‘{c}’" for c in columns]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def leave_out_label(columns: Sequence[str]) -> str:
    """The one action offered with a suspicious verdict: "Leave out ‘x’ and retrain"."""
    return f"Leave out {_quoted(columns)} and retrain"


def suspect_warnings(
    suspects: Sequence[str], features: Sequence[str]
) -> tuple[LeakageWarning, ...]:
    """A warning when a column flagged as a likely leak before training is among the features.

    Parameters
    ----------
    suspects : sequence of str
        :func:`core.understand.findings.leakage_columns` of the profile's findings.
    features : sequence of str
        The columns the model learns from (``TrainingData.columns.used``).

    Returns
    -------
    tuple of LeakageWarning
        One warning naming every suspect the model learned from; empty when none.
    """
    used = set(features)
    columns = tuple(c for c in dict.fromkeys(suspects) if c in used)
    if not columns:
        return ()
    one = len(columns) == 1
    return (
        LeakageWarning(
            "leakage",
            columns,
            f"{_quoted(columns)} {'was' if one else 'were'} flagged before training as "
            f"{'a likely leak' if one else 'likely leaks'} (known only once the outcome is, or "
            "computed from it), and the model learned from "
            f"{'it' if one else 'them'}: its scores cannot be trusted on new rows. "
            f"{leave_out_label(columns)}.",
        ),
    )


def skill(metric: str, score: float, baseline: float | None) -> float:
    """The share of the way from the baseline to a perfect score that ``score`` covers.

    Parameters
    ----------
    metric : str
        A key of :data:`core.understand.problem.METRICS`.
    score : float
    baseline : float or None

    Returns
    -------
    float
        1 at a perfect score, 0 at the baseline, negative below it; NaN without a baseline or
        when the baseline is already perfect.
    """
    perfect = PERFECT_SCORES.get(metric, math.nan)
    if baseline is None or not (math.isfinite(perfect) and math.isfinite(baseline)):
        return math.nan
    span = abs(perfect - baseline)
    if span < 1e-12 or not math.isfinite(score):
        return math.nan
    sign = 1.0 if METRICS[metric].greater_is_better else -1.0
    return sign * (score - baseline) / span


def read_fit(
    metric: str,
    *,
    train: float,
    cv: float,
    spread: float,
    baseline: float | None = None,
    curve: CurveStep | None = None,
    warnings: Iterable[LeakageWarning] = (),
) -> FitReading:
    """Read a run's numbers: suspicious, overfitting, underfitting, good fit or more data.

    The rules, in order:

    * **suspicious** — any leakage warning: the score rests on a column that gives the answer
      away, so none of the readings below can be trusted.
    * **overfitting** — training beats validation by more than :data:`OVERFIT_GAP` of the
      baseline-to-perfect distance *and* by more than twice the fold-to-fold spread (a gap the
      folds' own noise could explain is not evidence).
    * **underfitting** — even on its training rows the model covers less than
      :data:`UNDERFIT_SKILL` of the way from the baseline to perfect.
    * **more data** — the validation score still rose over the learning curve's last step by
      more than :data:`RISING` of the distance and by more than half its spread.
    * **good fit** — otherwise.

    Parameters
    ----------
    metric : str
        A key of :data:`core.understand.problem.METRICS`.
    train, cv : float
        Mean training-fold and validation-fold scores, in the metric's units.
    spread : float
        Standard deviation of the validation-fold scores.
    baseline : float, optional
        The dummy model's validation score on the same folds (the start of the scale).
    curve : CurveStep, optional
        The learning curve's last step.
    warnings : iterable of LeakageWarning, optional
        From the checks before and after training.

    Returns
    -------
    FitReading
    """
    warnings = tuple(warnings)
    label = METRICS[metric].label
    # Scores and differences of scores as people read this metric (MAPE in percent).
    _s = functools.partial(score_text, metric=METRICS[metric])
    _d = functools.partial(score_text, metric=METRICS[metric], change=True)
    sign = 1.0 if METRICS[metric].greater_is_better else -1.0
    perfect = PERFECT_SCORES.get(metric, math.nan)
    base = baseline if baseline is not None and math.isfinite(baseline) else math.nan
    span = abs(perfect - base) if math.isfinite(perfect) and math.isfinite(base) else math.nan
    if not math.isfinite(span) or span < 1e-12:
        span = max(abs(train), abs(cv), 1e-12)  # no baseline: judge relative to the scores
    spread = spread if math.isfinite(spread) else 0.0
    gap = sign * (train - cv)
    cv_skill, train_skill = skill(metric, cv, base), skill(metric, train, base)
    rise = None
    if curve is not None:
        rise = float(sign * (curve.cv_after - curve.cv_before))
    overfit = math.isfinite(gap) and gap / span > OVERFIT_GAP and gap > 2 * spread
    underfit = math.isfinite(train_skill) and train_skill < UNDERFIT_SKILL and not overfit
    more_data = rise is not None and rise / span > RISING and rise > 0.5 * curve.cv_std_after
    if overfit:
        fit = "overfitting"
        headline = (
            f"Overfitting: the training folds score {_s(train)} {label} but the validation "
            f"folds {_s(cv)}, a gap of {_d(abs(gap))} — {gap / span:.0%} of the distance from "
            f"the baseline to a perfect score, and {_ratio(gap, spread)} the fold-to-fold spread "
            f"({_s(spread)}). The model memorises rows it has seen."
        )
    elif underfit:
        fit = "underfitting"
        headline = (
            f"Underfitting: even on its training folds the model scores only {_s(train)} "
            f"{label} (baseline {_s(base)}, perfect {_s(perfect)}), {max(train_skill, 0):.0%} "
            f"of the way from the baseline to perfect, and validation ({_s(cv)}) is close "
            "behind. The model is too simple for the pattern, or the features carry little "
            "signal."
        )
    elif more_data:
        fit = "more data"
        headline = (
            f"More data would likely help: the validation score improved from "
            f"{_s(curve.cv_before)} to {_s(curve.cv_after)} between {curve.rows_before:,.0f} "
            f"and {curve.rows_after:,.0f} training rows and has not levelled off."
        )
    else:
        fit = "good fit"
        covered = (
            f"; the model covers {cv_skill:.0%} of that distance" if math.isfinite(cv_skill) else ""
        )
        headline = (
            f"Good fit: training ({_s(train)}) and validation ({_s(cv)}) {label} agree — a gap "
            f"of {_d(abs(gap))}, small next to the {_d(span)} between the baseline and a "
            f"perfect score{covered}."
        )
    verdict = fit
    if warnings:
        verdict = "suspicious"
        columns = tuple(dict.fromkeys(c for w in warnings for c in w.columns))
        headline = (
            f"Suspicious (likely leakage): the model scores {_s(cv)} {label} cross-validated, "
            f"but it learned from {_quoted(columns)}, which likely "
            f"give{'s' if len(columns) == 1 else ''} the answer away, so the score says "
            "nothing about new rows. "
            f"{leave_out_label(columns)} before trusting any number."
        )
    return FitReading(
        verdict=verdict,
        fit=fit,
        headline=headline,
        gap=gap,
        span=span,
        cv_skill=cv_skill,
        train_skill=train_skill,
        rise=rise,
        warnings=warnings,
    )


def _ratio(gap: float, spread: float) -> str:
    return f"{gap / spread:.0f}×" if spread > 1e-12 else "far above"
