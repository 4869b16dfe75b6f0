"""Comparing two runs: whether they differ by more than fold-to-fold noise.

:func:`compare_runs` says whether two runs differ by more than fold-to-fold noise, with the
corrected resampled t-test, and only when the comparison is valid (same metric, rows and folds).
Its :class:`RunComparison` also lists the recipe settings that differ (see
:func:`core.evaluate.recipe_changes.recipe_changes`) and words the verdict for people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from core.evaluate.recipe_changes import _MISSING, recipe_changes
from core.evaluate.runs import Run
from core.understand import METRICS

__all__ = [
    "RunComparison",
    "compare_runs",
]


def _score(run: Run) -> str:
    """The run's CV mean as people read its metric (MAPE as a percentage)."""
    metric = METRICS[run.metric]
    if run.cv_mean is None or not math.isfinite(run.cv_mean) or not metric.percent:
        return _num(run.cv_mean)
    return f"{_num(metric.shown(run.cv_mean))} %"


def _num(value: float | None) -> str:
    """A number with 3 significant digits, without exponents for everyday magnitudes."""
    if value is None or not math.isfinite(value):
        return _MISSING
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if not -3 <= magnitude < 6:
        return f"{value:.3g}"
    decimals = max(0, 2 - magnitude)
    rounded = round(value, 2 - magnitude)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {_num(p)}"


def _name(run: Run, position: str) -> str:
    return f"run {run.id}" if run.id is not None else f"the {position} run"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, eq=False)
class RunComparison:
    """Whether two runs differ by more than fold-to-fold noise.

    Parameters
    ----------
    first, second : Run
        The runs compared; differences are ``second − first``.
    changes : pandas.DataFrame
        The recipe settings that differ (see :func:`recipe_changes`).
    comparable : bool
        Whether a fold-by-fold test is valid: same metric, rows and folds, both complete, at
        least two folds.
    reason : str
        When not comparable, what differs and what that means; empty otherwise.
    difference : float or None
        ``second.cv_mean − first.cv_mean`` in metric units; ``None`` when the metrics differ or
        a mean is missing.
    t_statistic, p_value : float or None
        The corrected resampled t-test (oriented so positive means the second run is better);
        ``None`` when not comparable.
    significant : bool or None
        ``p_value < alpha``; ``None`` when not comparable.
    verdict : str
        One or two plain sentences with the numbers.
    """

    first: Run
    second: Run
    changes: pd.DataFrame
    comparable: bool
    reason: str
    difference: float | None
    t_statistic: float | None
    p_value: float | None
    significant: bool | None
    verdict: str


def _reasons(first: Run, second: Run) -> list[str]:
    """Why a fold-by-fold test does not apply, in plain words (empty when it does)."""
    one, two = _name(first, "first"), _name(second, "second")
    reasons = []
    if first.metric != second.metric:
        reasons.append(
            f"{_capital(two)} is scored by {METRICS[second.metric].label} and {one} by "
            f"{METRICS[first.metric].label} — scores in different metrics cannot be compared."
        )
    if first.rows_fingerprint != second.rows_fingerprint:
        if first.n_train != second.n_train:
            what = (
                f"{_capital(two)} used {second.n_train:,} training rows and {one} used "
                f"{first.n_train:,} (new data?)"
            )
        else:
            what = (
                f"{_capital(two)} and {one} were trained on different rows or target values "
                "(changed data, cleaning or split?)"
            )
        reasons.append(
            f"{what} — different rows make different folds, so a fold-by-fold test does not apply."
        )
    elif first.folds_fingerprint != second.folds_fingerprint:
        reasons.append(
            f"{_capital(two)} and {one} were validated on different folds (the validation "
            "scheme, fold count or seed changed) — fold scores only pair up on the same folds."
        )
    for run, name in ((first, one), (second, two)):
        if not run.complete:
            reasons.append(
                f"{_capital(name)} fitted {len(run.cv_folds)} of its {run.planned_folds} folds "
                "(stopped early) — an incomplete run is compared on fewer folds than planned."
            )
        elif len(run.cv_folds) < 2:
            reasons.append(
                f"{_capital(name)} has {len(run.cv_folds)} fold score — a test needs at least "
                "two folds."
            )
        elif not all(math.isfinite(v) for v in run.cv_folds):
            reasons.append(f"{_capital(name)} has folds without a score — they cannot be paired.")
    if not reasons and len(first.cv_folds) != len(second.cv_folds):
        reasons.append(f"{_capital(two)} and {one} have different numbers of folds.")
    return reasons


def _with_suspicion(verdict: str, first: Run, second: Run) -> str:
    """The comparison's words when a run learned from a likely leak: its score proves nothing,
    so no run is called better than another (or as good)."""
    named = ((first, _name(first, "first")), (second, _name(second, "second")))
    leaky = [(run, name) for run, name in named if run.suspicious]
    if not leaky:
        return verdict
    words = []
    for run, name in leaky:
        columns = ", ".join(f"‘{c}’" for c in run.suspect_columns)
        words.append(
            f"{_capital(name)} is suspicious (likely leakage): it learned from {columns}, so its "
            "score says nothing about new rows."
        )
    # The numbers stay; every claim about which run is better (or as good) goes.
    text = verdict.replace(": treat them as equally good.", ".")
    text = text.replace(" Treat them as equally good.", "")
    text = text.replace(" is better on every fold by exactly ", " differs on every fold by ")
    sentences = [part for part in text.split(". ") if " is better" not in part]
    kept = ". ".join(sentences).rstrip(".")
    return (
        f"{' '.join(words)} {kept}. Neither run can be called better until the suspicious one "
        "is retrained without those columns."
    )


def compare_runs(first: Run, second: Run, *, alpha: float = 0.05) -> RunComparison:
    """Compare two runs fold by fold with the corrected resampled t-test.

    Fold scores of cross-validation are not independent (the training sets overlap), so a
    plain paired t-test finds "significant" differences far too often. The corrected
    resampled t-test of Nadeau & Bengio (2003), "Inference for the Generalization Error",
    *Machine Learning* 52(3), inflates the variance for that overlap:

    ``t = mean(d) / sqrt((1/J + n_test/n_train) · var(d))``, with ``J − 1`` degrees of freedom,

    where ``d`` are the per-fold differences (oriented so positive means the second run is
    better), ``J`` the number of folds (all repeats counted) and ``n_test/n_train`` the runs'
    ``test_fraction``. The p-value is two-sided.

    The test is only valid on the same folds of the same rows with the same metric; otherwise
    the comparison says so and why, and still quotes both CV means.

    Parameters
    ----------
    first, second : Run
        The runs; differences are ``second − first`` (e.g. earlier, then later).
    alpha : float, default=0.05
        Significance level.

    Returns
    -------
    RunComparison

    Raises
    ------
    ValueError
        When ``alpha`` is not between 0 and 1.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    changes = recipe_changes(first.recipe, second.recipe)
    one, two = _name(first, "first"), _name(second, "second")
    same_metric = first.metric == second.metric
    means_known = math.isfinite(first.cv_mean) and math.isfinite(second.cv_mean)
    difference = second.cv_mean - first.cv_mean if same_metric and means_known else None

    def result(**outcome: Any) -> RunComparison:
        outcome["verdict"] = _with_suspicion(outcome["verdict"], first, second)
        return RunComparison(
            first=first, second=second, changes=changes, difference=difference, **outcome
        )

    reasons = _reasons(first, second)
    if reasons:
        reason = " ".join(reasons)
        if same_metric:
            means = f"CV means: {_score(second)} vs {_score(first)}."
        else:
            means = (
                f"CV means: {METRICS[second.metric].label} {_score(second)} vs "
                f"{METRICS[first.metric].label} {_score(first)}."
            )
        verdict = f"The comparison of {two} with {one} is not valid. {reason} {means}"
        return result(
            comparable=False,
            reason=reason,
            t_statistic=None,
            p_value=None,
            significant=None,
            verdict=_capital(verdict),
        )

    a, b = np.asarray(first.cv_folds), np.asarray(second.cv_folds)
    d = b - a if first.higher_is_better else a - b
    n_folds = len(d)
    # Fold differences equal to rounding error are equal: a variance of 1e-34 is not evidence.
    tolerance = 1e-12 * max(1.0, float(np.max(np.abs(np.concatenate([a, b])))))
    label = METRICS[first.metric].label
    scores = (
        f"{_capital(two)} scores {_score(second)} and {one} {_score(first)} "
        f"({label}) on the same {n_folds} folds"
    )
    better, worse = (two, one) if float(np.mean(d)) > 0 else (one, two)
    direction = "" if first.higher_is_better else f" (lower {label} is better)"
    gap = _num(METRICS[first.metric].shown(abs(second.cv_mean - first.cv_mean)))
    gap += " percentage points" if METRICS[first.metric].percent else ""

    if float(np.ptp(d)) <= tolerance:
        if abs(float(np.mean(d))) <= tolerance:
            return result(
                comparable=True,
                reason="",
                t_statistic=0.0,
                p_value=1.0,
                significant=False,
                verdict=(
                    f"{_capital(two)} and {one} have identical fold scores on the same "
                    f"{n_folds} folds (CV mean {_score(second)}, {label}): no difference "
                    "to test (p = 1). Treat them as equally good."
                ),
            )
        return result(
            comparable=True,
            reason="",
            t_statistic=math.copysign(math.inf, float(np.mean(d))),
            p_value=0.0,
            significant=True,
            verdict=(
                f"{scores}: {better} is better on every fold by exactly {gap}, so the "
                f"difference is not noise (corrected resampled t-test p = 0). "
                f"{_capital(better)} is better{direction}."
            ),
        )

    variance = float(np.var(d, ddof=1))
    t_stat = float(np.mean(d)) / math.sqrt((1 / n_folds + first.test_fraction) * variance)
    p = float(2 * stats.t.sf(abs(t_stat), df=n_folds - 1))
    significant = p < alpha
    if significant:
        verdict = (
            f"{scores}: a difference of {gap}, larger than fold-to-fold noise (corrected "
            f"resampled t-test {_p_text(p)}). {_capital(better)} is better than {worse}"
            f"{direction}."
        )
    else:
        verdict = (
            f"{scores}: a difference of {gap} is within fold-to-fold noise (corrected "
            f"resampled t-test {_p_text(p)}): treat them as equally good."
        )
    return result(
        comparable=True,
        reason="",
        t_statistic=t_stat,
        p_value=p,
        significant=significant,
        verdict=verdict,
    )
