"""The quick comparison: every suitable algorithm at default settings on the same folds.

:func:`compare_models` runs each algorithm through the cross-validation engine within one time
budget and ranks them on a :class:`Leaderboard` next to the baseline; :func:`describe_fit` reads
one cross-validated result against that baseline in plain words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from core.model.algorithms import model_spec, models_for_task
from core.model.budget import Budget
from core.model.cross_validation import CVResult, Evaluation, FoldScore, evaluate_candidates
from core.model.folds import FoldPlan, available_jobs
from core.model.scoring import scoring_for
from core.model.verdict import LeakageWarning, read_fit
from core.prepare import TrainingData
from core.recipe import Recipe
from core.understand import METRICS

__all__ = ["Leaderboard", "LeaderboardRow", "compare_models", "describe_fit"]


@dataclass(frozen=True)
class LeaderboardRow:
    """One algorithm of a quick comparison."""

    algorithm: str
    label: str
    status: str  # "scored", "partial", "failed", "skipped", "not run"
    result: CVResult | None = None
    note: str = ""


@dataclass(frozen=True)
class Leaderboard:
    """Every suitable algorithm at default settings on the same folds, best first.

    Parameters
    ----------
    metric : str
        The primary metric.
    rows : tuple of LeaderboardRow
        Scored rows best first, then failed, skipped and not-run rows.
    baseline : CVResult or None
        The dummy model's score, always included.
    seconds : float
        Wall-clock time of the comparison.
    stopped : {"budget", "stopped"} or None
    plan_fingerprint : str
    """

    metric: str
    rows: tuple[LeaderboardRow, ...]
    baseline: CVResult | None
    seconds: float
    stopped: str | None
    plan_fingerprint: str

    @property
    def best(self) -> LeaderboardRow | None:
        """The best-scoring real algorithm (not the baseline)."""
        scored = [r for r in self.rows if r.status == "scored" and r.algorithm != "baseline"]
        return scored[0] if scored else None

    def frame(self) -> pd.DataFrame:
        """The leaderboard as a table for display."""
        metric = METRICS[self.metric]
        records = []
        for rank, row in enumerate(self.rows, start=1):
            result = row.result
            records.append(
                {
                    "rank": rank if result is not None else None,
                    "algorithm": row.label,
                    f"{metric.unit_label} (CV mean)": metric.shown(result.mean) if result else None,
                    "± std": metric.shown(result.std) if result else None,
                    "training score": metric.shown(result.train_mean) if result else None,
                    "fit seconds per fold": result.fit_seconds if result else None,
                    "status": row.status,
                    "note": row.note or ("; ".join(result.notes) if result else ""),
                }
            )
        return pd.DataFrame.from_records(records)


def compare_models(
    data: TrainingData,
    recipe: Recipe,
    plan: FoldPlan,
    *,
    algorithms: Sequence[str] | None = None,
    budget: Budget | None = None,
    n_jobs: int | None = None,
) -> Leaderboard:
    """Every suitable algorithm at default settings, under the same folds, within a budget.

    The baseline is always included and runs first. Before an algorithm starts, one measured
    fold predicts its total time; when that would overrun what is left of the budget, it is
    skipped with a note saying so. Algorithms whose card says their cost explodes with rows
    are skipped on tables past their limit.

    Parameters
    ----------
    data, recipe, plan
    algorithms : sequence of str, optional
        Registry keys; defaults to every algorithm for the task.
    budget : Budget, optional
    n_jobs : int, optional

    Returns
    -------
    Leaderboard
    """
    budget = budget or Budget()
    scoring = scoring_for(recipe, data.y_train)
    keys = (
        list(algorithms)
        if algorithms is not None
        else [spec.key for spec in models_for_task(data.task)]
    )
    if "baseline" not in keys:
        keys.insert(0, "baseline")
    # Cheap algorithms first (the baseline is the cheapest), so a tight budget scores as many
    # as possible before a slow one uses it up; the sort is stable within a rank.
    keys.sort(key=lambda key: model_spec(key).cost_rank)
    n_rows = len(data.X_train)
    skipped: dict[str, str] = {}
    runnable = []
    for key in keys:
        spec = model_spec(key)
        if spec.max_rows is not None and n_rows > spec.max_rows:
            skipped[key] = (
                f"Skipped: {n_rows:,} training rows are too many for it in a quick comparison "
                f"(over {spec.max_rows:,}; its cost: {spec.card.cost})"
            )
        else:
            runnable.append(key)
    jobs_available = n_jobs or available_jobs()
    per_candidate = plan.n_splits
    rounds = math.ceil(per_candidate / max(1, min(jobs_available, per_candidate)))

    def abandon(index: int, first: FoldScore, elapsed: float) -> str | None:
        # Folds run min(jobs, folds) at a time; project the rest from the first fold.
        took = first.fit_seconds + first.score_seconds
        projected = took * rounds
        left = budget.remaining() + elapsed
        if projected > left:
            return (
                f"Skipped: one fold took {took:.1f} s, so {per_candidate} folds "
                f"would need about {projected:.0f} s, more than the {max(left, 0):.0f} s left "
                "of the budget"
            )
        return None

    evaluations = []
    stopped = None
    for position, key in enumerate(runnable):
        stopped = stopped or budget.exhausted()
        if stopped:
            evaluations.append(Evaluation(key, MappingProxyType({}), status="not run"))
            continue

        def report(fraction: float, message: str, position: int = position, key: str = key):
            label = model_spec(key).label
            budget.report(
                (position + fraction) / len(runnable),
                f"Comparing algorithms: {label} ({position + 1} of {len(runnable)})",
            )

        # Each algorithm gets its own stream, so a projected overrun stops it after one fold.
        part = Budget(seconds=budget.remaining(), should_stop=budget.should_stop, progress=report)
        (evaluation,) = evaluate_candidates(
            data,
            recipe,
            plan,
            [(key, {})],
            scoring=scoring,
            budget=part,
            n_jobs=n_jobs,
            abandon=abandon,
        )
        evaluations.append(evaluation)
        if evaluation.result is not None and evaluation.result.stopped:
            stopped = evaluation.result.stopped
        elif evaluation.status == "not run":
            stopped = budget.exhausted() or "budget"
    rows = []
    for evaluation in evaluations:
        label = model_spec(evaluation.algorithm).label
        note = evaluation.note or (evaluation.error or "")
        if evaluation.status == "not run":
            note = "Not run: the comparison was stopped or ran out of time first"
        rows.append(
            LeaderboardRow(evaluation.algorithm, label, evaluation.status, evaluation.result, note)
        )
    rows += [LeaderboardRow(k, model_spec(k).label, "skipped", None, v) for k, v in skipped.items()]
    order = {"scored": 0, "partial": 1, "failed": 2, "skipped": 3, "not run": 4}
    rows.sort(key=lambda r: (order[r.status], -r.result.rank_score if r.result else 0.0))
    baseline = next((r.result for r in rows if r.algorithm == "baseline"), None)
    return Leaderboard(
        scoring.metric.key, tuple(rows), baseline, budget.elapsed(), stopped, plan.fingerprint
    )


def describe_fit(
    result: CVResult,
    baseline: CVResult | None = None,
    *,
    warnings: Sequence[LeakageWarning] = (),
) -> str:
    """One plain reading of a CV result: against the baseline, and the verdict of
    :func:`core.model.verdict.read_fit` (the same one the Diagnosis page, advice and runs give).

    Parameters
    ----------
    result : CVResult
        With training-fold scores.
    baseline : CVResult, optional
        The dummy model on the same folds.
    warnings : sequence of LeakageWarning, optional
        Leakage warnings about the model's columns; with any, the reading is "suspicious".

    Returns
    -------
    str
        Sentences quoting the numbers, e.g. "Overfitting: the training folds score 1.000 …".
    """
    sign = 1.0 if result.higher_is_better else -1.0
    parts = []
    metric = METRICS[result.metric]
    label, score, change = metric.label, metric.format, metric.format_change
    has_baseline = baseline is not None and bool(baseline.folds)
    if has_baseline:
        margin = sign * (result.mean - baseline.mean)
        if margin <= max(result.std, 1e-12):
            parts.append(
                f"The CV {label} {score(result.mean, '.3g')} is no better than the baseline's "
                f"{score(baseline.mean, '.3g')} beyond the fold-to-fold spread "
                f"({score(result.std, '.2g')}): the model has not learned anything useful yet."
            )
        else:
            parts.append(
                f"The CV {label} {score(result.mean, '.3g')} beats the baseline's "
                f"{score(baseline.mean, '.3g')} by {change(abs(result.mean - baseline.mean))}."
            )
    if math.isfinite(result.train_mean) or warnings:
        reading = read_fit(
            result.metric,
            train=result.train_mean,
            cv=result.mean,
            spread=result.std,
            baseline=baseline.mean if has_baseline else None,
            warnings=warnings,
        )
        parts.append(reading.headline)
    if result.std > 0 and len(result.folds) > 1:
        parts.append(
            f"Across folds the score varies by ± {score(result.std, '.2g')}; differences between "
            "settings smaller than that are likely noise."
        )
    return " ".join(parts)
