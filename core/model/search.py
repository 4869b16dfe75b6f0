"""Hyperparameter search over the model registry's specs: grid, random and successive halving.

Search spaces come from the registry (:class:`core.model.algorithms.ParamSpec`) unless the recipe's
``tuning.space`` narrows them. Candidates are drawn with scikit-learn's own ``ParameterGrid``
and ``ParameterSampler`` and scored by the cross-validation engine of
:mod:`core.model.cross_validation`, which gives what ``GridSearchCV`` cannot: progress, a time
budget, a stop button, and a failing candidate reported with its reason while the others go on.
Successive halving follows ``HalvingRandomSearchCV``'s schedule (a third of the candidates survive
each rung, which gets three times more training rows) on the same engine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import loguniform, randint, uniform
from sklearn.model_selection import ParameterGrid, ParameterSampler

from core.errors import ModelPathError
from core.model.algorithms import ModelError, ModelSpec, ParamSpec, model_spec
from core.model.budget import Budget
from core.model.cross_validation import Evaluation, chosen_algorithm, evaluate_candidates
from core.model.folds import FoldPlan
from core.model.scoring import scoring_for
from core.prepare import TrainingData, check_pipeline, raise_for_errors
from core.recipe import CLASSIFICATION_TASKS, Recipe
from core.understand import METRICS

__all__ = [
    "MAX_CANDIDATES",
    "CurrentComparison",
    "SearchError",
    "SearchResult",
    "SearchRow",
    "check_space",
    "compare_with_current",
    "default_space",
    "run_search",
    "search_candidates",
]

MAX_CANDIDATES = 500
HALVING_FACTOR = 3
# Parameters that mostly buy time, not accuracy: left out of default search spaces.
_COST_PARAMS = ("n_estimators", "max_iter")


class SearchError(ModelPathError):
    """A search space or a search cannot be run as asked."""


# --- spaces ----------------------------------------------------------------------------------


def default_space(spec: ModelSpec) -> dict[str, dict[str, Any]]:
    """The ranges searched when the recipe names none: every tunable parameter's full range.

    Parameters that mainly trade time for steadiness (number of trees, iterations) are left
    out; optional depth-like limits are searched over a few values including "no limit".
    """
    space: dict[str, dict[str, Any]] = {}
    for param in spec.params:
        if param.name in _COST_PARAMS:
            continue
        if param.kind == "choice":
            space[param.name] = {"values": list(param.choices)}
        elif param.kind == "bool":
            space[param.name] = {"values": [False, True]}
        elif param.optional:
            space[param.name] = {"values": [*_points(param, 4), None]}
        else:
            space[param.name] = {"low": param.low, "high": param.high, "log": param.log}
    return space


def check_space(spec: ModelSpec, space: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Validate a search space against the algorithm's specs.

    Returns
    -------
    dict
        Parameter name → ``{"values": [...]}`` or ``{"low", "high", "log"}`` in the
        estimator's types.

    Raises
    ------
    ModelError
        An unknown parameter, or a bound or value the estimator cannot take.
    SearchError
        An empty space.
    """
    if not space:
        raise SearchError(
            f"There is nothing to search for {spec.label}.",
            "A search needs at least one hyperparameter with a range or a list of values.",
            "Pick at least one hyperparameter to search.",
        )
    checked: dict[str, Any] = {}
    for name, rng in space.items():
        param = spec.param(name)
        if "values" in rng:
            if not rng["values"]:
                raise SearchError(
                    f"No value of {name!r} is picked to search.",
                    "A searched hyperparameter needs at least one value to try.",
                    f"Pick at least one value of {name!r}, or stop searching it.",
                )
            values = [param.check(v, algorithm=spec.label) for v in rng["values"]]
            checked[name] = {"values": list(dict.fromkeys(values))}
        else:
            low = param.check(rng["low"], algorithm=spec.label)
            high = param.check(rng["high"], algorithm=spec.label)
            if param.kind not in ("int", "float"):
                raise ModelError(
                    f"{spec.label}: {name!r} takes choices, not a low–high range.",
                    "Only numeric hyperparameters have ranges.",
                    f"List the values of {name!r} to search.",
                )
            if low > high:
                raise ModelError(
                    f"{spec.label}: the range of {name!r} runs from {low} down to {high}.",
                    "The low end must not exceed the high end.",
                    "Swap the two ends.",
                )
            log = bool(rng.get("log", param.log)) and low > 0
            checked[name] = {"low": low, "high": high, "log": log}
    return checked


def _points(param: ParamSpec, count: int, low=None, high=None, log=None) -> list[Any]:
    """``count`` values spread over a numeric range (geometric on log ranges)."""
    low = param.low if low is None else low
    high = param.high if high is None else high
    log = param.log if log is None else log
    if param.kind == "int" and low >= 1 and high / low >= 20:
        log = True  # 1…100 leaves: 1, 5, 22, 100 says more than 1, 34, 67, 100
    raw = np.geomspace(low, high, count) if log and low > 0 else np.linspace(low, high, count)
    if param.kind == "int":
        return list(dict.fromkeys(round(float(v)) for v in raw))
    return [float(f"{v:.4g}") for v in raw]


class _LogInt:
    """Integers drawn log-uniformly (scipy's ``randint`` is uniform)."""

    def __init__(self, low: int, high: int) -> None:
        self.dist = loguniform(low, high + 1)

    def rvs(self, random_state=None):
        return int(self.dist.rvs(random_state=random_state))


def search_candidates(
    spec: ModelSpec,
    space: Mapping[str, Mapping[str, Any]],
    *,
    method: str,
    n_candidates: int,
    grid_points: int,
    seed: int,
) -> list[dict[str, Any]]:
    """The candidates a search tries, as dicts of searched parameters.

    Grid search crosses ``grid_points`` values of every range with every listed value;
    random and halving search draw ``n_candidates`` settings (log-uniform on log ranges).

    Raises
    ------
    SearchError
        When a grid would exceed :data:`MAX_CANDIDATES`.
    """
    checked = check_space(spec, space)
    if method == "grid":
        grid = {
            name: rng["values"]
            if "values" in rng
            else _points(spec.param(name), grid_points, rng["low"], rng["high"], rng["log"])
            for name, rng in checked.items()
        }
        size = math.prod(len(v) for v in grid.values())
        if size > MAX_CANDIDATES:
            sizes = " × ".join(f"{len(v)} {name}" for name, v in grid.items())
            raise SearchError(
                f"The grid has {size:,} candidates ({sizes}).",
                f"ModelPath tries at most {MAX_CANDIDATES} candidates in one search, and each "
                "is fitted once per fold.",
                "Search fewer parameters or fewer points per range, or use random search.",
            )
        return [dict(c) for c in ParameterGrid(grid)]
    distributions: dict[str, Any] = {}
    grid_size = 1
    for name, rng in checked.items():
        param = spec.param(name)
        if "values" in rng:
            distributions[name] = rng["values"]
            grid_size *= len(rng["values"])
            continue
        grid_size = math.inf
        low, high = rng["low"], rng["high"]
        if low == high:
            distributions[name] = [low]
        elif param.kind == "int":
            # Wide integer ranges (1…100 leaves) are drawn log-uniformly, like grid points.
            log = rng["log"] or (low >= 1 and high / low >= 20)
            distributions[name] = _LogInt(low, high) if log else randint(low, high + 1)
        else:
            distributions[name] = loguniform(low, high) if rng["log"] else uniform(low, high - low)
    n_iter = int(min(n_candidates, grid_size))
    sampler = ParameterSampler(distributions, n_iter=n_iter, random_state=seed)
    candidates = []
    for raw in sampler:
        candidate = {}
        for name, value in raw.items():
            value = value.item() if isinstance(value, np.generic) else value
            if spec.param(name).kind == "float" and value is not None:
                value = float(f"{value:.4g}")
            candidate[name] = spec.param(name).check(value, algorithm=spec.label)
        candidates.append(candidate)
    return candidates


# --- searching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRow:
    """One candidate of a search: the searched values and what became of it."""

    values: Mapping[str, Any]
    evaluation: Evaluation
    rung: int = 0
    n_rows: int = 0


@dataclass(frozen=True)
class CurrentComparison:
    """The search's best candidate against the setting the recipe already has.

    Parameters
    ----------
    verdict : {"better", "noise", "worse", "current", "unknown"}
        ``"better"``/``"worse"``: the best candidate beats / trails the current setting by
        more than the fold-to-fold spread of their difference; ``"noise"``: within it;
        ``"current"``: the best candidate is the current setting; ``"unknown"``: the two were
        not scored on the same folds and rows, so they are not compared.
    best_mean, current_mean : float
        CV means in the metric's units (NaN when not scored).
    difference : float
        How much better the best candidate is, in the metric's units (negative: worse).
    spread : float
        Standard deviation of the fold-by-fold differences.
    folds_better, folds : int
        On how many of the shared folds the best candidate scored better.
    message : str
        The comparison in plain words, with the numbers.
    """

    verdict: str
    best_mean: float
    current_mean: float
    difference: float
    spread: float
    folds_better: int
    folds: int
    message: str


@dataclass(frozen=True)
class SearchResult:
    """The outcome of an automatic search.

    Parameters
    ----------
    algorithm, method, metric : str
    fixed : mapping
        Hyperparameters held at the recipe's values (not searched).
    rows : tuple of SearchRow
        Every candidate, in the order tried (for halving, each candidate's last rung).
    best : SearchRow or None
        The best fully cross-validated candidate (of the last rung for halving).
    seconds : float
    stopped : {"budget", "stopped"} or None
    plan_fingerprint : str
    notes : tuple of str
    current : SearchRow or None
        The recipe's own setting scored on the same folds: one of ``rows`` when a candidate
        has its values, else an extra evaluation (on every training row for halving).
    """

    algorithm: str
    method: str
    metric: str
    fixed: Mapping[str, Any]
    rows: tuple[SearchRow, ...]
    best: SearchRow | None
    seconds: float
    stopped: str | None
    plan_fingerprint: str
    notes: tuple[str, ...] = ()
    current: SearchRow | None = None

    @property
    def searched(self) -> tuple[str, ...]:
        """Names of the searched hyperparameters."""
        return tuple(self.rows[0].values) if self.rows else ()

    def best_params(self) -> dict[str, Any]:
        """The recipe's parameters with the best candidate's values applied."""
        if self.best is None:
            return dict(self.fixed)
        return {**self.fixed, **self.best.values}

    def searched_values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The searched hyperparameters' values in a model's ``params`` (defaults filled in),
        to tell whether the recipe still has the setting this search compared with."""
        spec = model_spec(self.algorithm)
        return {name: params.get(name, spec.param(name).default) for name in self.searched}

    def comparison(self) -> CurrentComparison | None:
        """The best candidate against the current setting (None without a best candidate)."""
        if self.best is None:
            return None
        return compare_with_current(self.best, self.current, metric=self.metric)

    def frame(self) -> pd.DataFrame:
        """One row per candidate: searched values, CV mean ± std, training score, status.

        The current setting is marked ``"current"`` in the ``setting`` column; when no
        candidate has its values it is one more row, at the end.
        """
        metric = METRICS[self.metric]
        records = []
        extra = () if self.current is None or self.current in self.rows else (self.current,)
        for row in (*self.rows, *extra):
            result = row.evaluation.result
            record = {"setting": "current" if row is self.current else "candidate"}
            record |= {name: _shown(value) for name, value in row.values.items()}
            record |= {
                f"{metric.unit_label} (CV mean)": metric.shown(result.mean) if result else None,
                "± std": metric.shown(result.std) if result else None,
                "training score": metric.shown(result.train_mean) if result else None,
                "fit seconds per fold": result.fit_seconds if result else None,
                "status": row.evaluation.status,
                "note": row.evaluation.error or row.evaluation.note,
            }
            if self.method == "halving":
                record |= {"rung": row.rung + 1, "training rows": row.n_rows}
            records.append(record)
        return pd.DataFrame.from_records(records)


def _shown(value: Any) -> Any:
    return "None (no limit)" if value is None else value


def compare_with_current(
    best: SearchRow, current: SearchRow | None, *, metric: str
) -> CurrentComparison:
    """Whether the best candidate beats the current setting beyond fold-to-fold noise.

    Both must be fully cross-validated on the same folds and training rows; the scores are
    then paired fold by fold, so a difference counts only when it exceeds the standard
    deviation of the fold-by-fold differences.

    Parameters
    ----------
    best : SearchRow
        The search's best candidate.
    current : SearchRow or None
        The current setting's evaluation (None when it was not evaluated).
    metric : str
        Key of the metric both were scored with.

    Returns
    -------
    CurrentComparison
    """
    spec = METRICS[metric]
    ours = best.evaluation.result
    best_mean = ours.mean if ours is not None else math.nan
    if current is not None and current is best:
        return CurrentComparison(
            "current",
            best_mean,
            best_mean,
            0.0,
            0.0,
            0,
            len(ours.folds) if ours else 0,
            f"The best candidate is the current setting ({spec.label} {spec.format(best_mean)}): "
            "keep it.",
        )
    theirs = None if current is None else current.evaluation.result
    current_mean = theirs.mean if theirs is not None else math.nan
    why = _not_comparable(best, current)
    if why:
        return CurrentComparison(
            "unknown",
            best_mean,
            current_mean,
            math.nan,
            math.nan,
            0,
            0,
            f"The best candidate scores {spec.format(best_mean)}; {why}, so this search cannot say "
            "whether it beats the current setting. Search again with a larger time budget to "
            "compare them.",
        )
    sign = 1.0 if spec.greater_is_better else -1.0
    differences = sign * (ours.test_scores - theirs.test_scores)
    difference = float(np.mean(differences))
    spread = float(np.std(differences, ddof=1)) if len(differences) > 1 else 0.0
    better = int(np.sum(differences > 0))
    n = len(differences)
    relation = _relation(difference, spec.greater_is_better)
    scores = f"{spec.format(best_mean)}, {relation} the current {spec.format(current_mean)}"
    folds = (
        f"better on {better} of {n} folds; the fold-by-fold difference varies by "
        f"±{spec.format_change(spread, '.2g')}"
    )
    if abs(difference) <= spread and difference < 0:
        verdict = "noise"
        message = (
            f"The best candidate scores {scores}: keep the current setting; the gap is within "
            f"fold-to-fold noise ({folds})."
        )
    elif abs(difference) <= spread:
        verdict = "noise"
        message = (
            f"The best candidate scores {scores}: no better than the current setting beyond "
            f"fold-to-fold noise ({folds}). Keeping the current setting loses nothing."
        )
    elif difference < 0:
        verdict = "worse"
        message = (
            f"The best candidate scores {scores}: keep the current setting (the candidate is "
            f"{folds})."
        )
    else:
        verdict = "better"
        message = (
            f"The best candidate scores {scores}: better by "
            f"{spec.format_change(abs(difference), '.3g')} {spec.label}, "
            f"more than the fold-to-fold spread ({folds})."
        )
    return CurrentComparison(
        verdict, best_mean, current_mean, difference, spread, better, n, message
    )


def _relation(difference: float, greater_is_better: bool) -> str:
    """How the best score stands to the current one; says which is better when lower is."""
    if greater_is_better:
        return "below" if difference < 0 else "above" if difference > 0 else "equal to"
    if difference == 0:
        return "equal to"
    return "worse (higher) than" if difference < 0 else "better (lower) than"


def _not_comparable(best: SearchRow, current: SearchRow | None) -> str:
    """Why the best candidate and the current setting cannot be compared fold by fold."""
    if current is None:
        return "the current setting was not evaluated"
    theirs = current.evaluation.result
    if theirs is None or not theirs.complete:
        reason = current.evaluation.error or current.evaluation.note or "the search ended early"
        return f"the current setting was not scored on every fold ({reason.rstrip('.')})"
    ours = best.evaluation.result
    if ours.plan_fingerprint != theirs.plan_fingerprint or best.n_rows != current.n_rows:
        return (
            f"the best candidate was scored on {best.n_rows:,} training rows and the current "
            f"setting on {current.n_rows:,}"
        )
    return ""


def run_search(
    data: TrainingData, recipe: Recipe, plan: FoldPlan, *, budget: Budget | None = None
) -> SearchResult:
    """Search the recipe's algorithm's hyperparameters as ``recipe.tuning`` says.

    Parameters
    ----------
    data, recipe, plan
        ``recipe.model.algorithm`` is searched; its other ``params`` stay fixed.
    budget : Budget, optional
        Defaults to ``recipe.tuning.budget_seconds``.

    Returns
    -------
    SearchResult

    Raises
    ------
    SearchError
        No method, an empty or oversized space, or every candidate failed (with the first
        reason).
    ModelError
        No algorithm, or a space the algorithm cannot take.
    """
    tuning = recipe.tuning
    if tuning.method == "none":
        raise SearchError(
            "No search method is chosen.",
            "Automatic search needs grid, random or successive halving.",
            "Choose a search method.",
        )
    algorithm = chosen_algorithm(recipe, "A search tunes one algorithm's hyperparameters.")
    raise_for_errors(check_pipeline(recipe, data))
    spec = model_spec(algorithm)
    space = dict(tuning.space) or default_space(spec)
    candidates = search_candidates(
        spec,
        space,
        method=tuning.method,
        n_candidates=tuning.n_candidates,
        grid_points=tuning.grid_points,
        seed=recipe.split.seed,
    )
    fixed = {k: v for k, v in recipe.model.params.items() if k not in space}
    # The setting the recipe already has, in the searched parameters' terms: the search's
    # best is only worth applying if it beats this on the same folds.
    current_values = {
        name: recipe.model.params.get(name, spec.param(name).default) for name in space
    }
    budget = budget or Budget(tuning.budget_seconds)
    scoring = scoring_for(recipe, data.y_train)
    notes: list[str] = []
    n_rows = len(data.X_train)
    if tuning.method == "halving":
        # Halving may drop the current setting early or score it on few rows: it is scored
        # first, on every row, so the comparison survives a budget stop.
        (first,) = evaluate_candidates(
            data,
            recipe,
            plan,
            [(algorithm, {**fixed, **current_values})],
            scoring=scoring,
            budget=budget,
            label="Scoring the current setting",
        )
        current = SearchRow(current_values, first, 0, n_rows)
        stopped = budget.exhausted()
        rows = []
        if not stopped:
            rows, stopped = _halving(data, recipe, plan, spec, candidates, fixed, scoring, budget)
        final = max((r.rung for r in rows), default=0)
        current = next(
            (r for r in rows if r.values == current_values and r.n_rows == n_rows),
            replace(current, rung=final),
        )
    else:
        # Scored first so that a budget stop still leaves something to compare with.
        known = next((i for i, c in enumerate(candidates) if c == current_values), None)
        extra = [] if known is not None else [current_values]
        evaluations = evaluate_candidates(
            data,
            recipe,
            plan,
            [(algorithm, {**fixed, **c}) for c in [*extra, *candidates]],
            scoring=scoring,
            budget=budget,
            label="Searching",
        )
        all_rows = [
            SearchRow(c, e, 0, n_rows)
            for c, e in zip([*extra, *candidates], evaluations, strict=True)
        ]
        rows = all_rows[len(extra) :]
        current = all_rows[0] if extra else rows[known]
        stopped = next((e.result.stopped for e in evaluations if e.status == "partial"), None)
        if stopped is None and any(e.status == "not run" for e in evaluations):
            stopped = budget.exhausted() or "budget"
    failed = [r for r in rows if r.evaluation.status == "failed"]
    if failed and len(failed) == len(rows):
        raise SearchError(
            f"All {len(rows)} candidates failed. The first reason: {failed[0].evaluation.error}",
            "The searched ranges produce settings this algorithm or data cannot use.",
            "Narrow the ranges (the reason names the parameter), or change the algorithm; "
            "the previous model is kept.",
        )
    if failed:
        notes.append(
            f"{len(failed)} of {len(rows)} candidates failed and were skipped; their reasons are "
            "in the table."
        )
    final_rung = max((r.rung for r in rows if r.evaluation.status == "scored"), default=0)
    complete = [
        r
        for r in rows
        if r.evaluation.result is not None and r.evaluation.result.complete and r.rung == final_rung
    ]
    best = max(complete, key=lambda r: r.evaluation.result.rank_score, default=None)
    if best is None and not stopped:
        stopped = budget.exhausted()
    return SearchResult(
        algorithm=algorithm,
        method=tuning.method,
        metric=scoring.metric.key,
        fixed=fixed,
        rows=tuple(rows),
        best=best,
        seconds=budget.elapsed(),
        stopped=stopped,
        plan_fingerprint=plan.fingerprint,
        notes=tuple(notes),
        current=current,
    )


def _halving(data, recipe, plan, spec, candidates, fixed, scoring, budget):
    """Successive halving: score all candidates on few rows, keep the best third, triple the
    rows, until one rung uses every training row."""
    n_rows = len(data.X_train)
    classes = data.y_train.nunique() if data.task in CLASSIFICATION_TASKS else 1
    min_rows = min(n_rows, max(100, 10 * classes * plan.folds))
    n_rungs = 1 + max(0, math.ceil(math.log(max(len(candidates), 1), HALVING_FACTOR)))
    # Rows per rung grow by the factor, ending at every training row.
    while n_rungs > 1 and n_rows / HALVING_FACTOR ** (n_rungs - 1) < min_rows:
        n_rungs -= 1
    rng = np.random.default_rng(recipe.split.seed)
    order = rng.permutation(n_rows)
    alive = list(range(len(candidates)))
    latest: dict[int, SearchRow] = {}
    stopped = None
    for rung in range(n_rungs):
        rows_here = (
            n_rows if rung == n_rungs - 1 else int(n_rows / HALVING_FACTOR ** (n_rungs - 1 - rung))
        )
        rung_plan = plan if rows_here == n_rows else plan.subsample(np.sort(order[:rows_here]))

        count = len(alive)

        def report(fraction, message, rung=rung, rows=rows_here, count=count):
            budget.report(
                (rung + fraction) / n_rungs,
                f"Successive halving, rung {rung + 1} of {n_rungs} ({rows:,} rows): "
                f"{count} candidates",
            )

        part = Budget(budget.remaining(), budget.should_stop, report)
        evaluations = evaluate_candidates(
            data,
            recipe,
            rung_plan,
            [(spec.key, {**fixed, **candidates[i]}) for i in alive],
            scoring=scoring,
            budget=part,
        )
        for i, evaluation in zip(alive, evaluations, strict=True):
            # A candidate stopped before this rung keeps its last finished rung's score.
            if evaluation.status == "scored" or i not in latest:
                latest[i] = SearchRow(candidates[i], evaluation, rung, rows_here)
        stopped = budget.exhausted()
        if stopped:
            break
        scored = [i for i in alive if latest[i].evaluation.status == "scored"]
        scored.sort(key=lambda i: latest[i].evaluation.result.rank_score, reverse=True)
        alive = scored[: max(1, math.ceil(len(scored) / HALVING_FACTOR))]
        if not alive:
            break
    return [latest[i] for i in range(len(candidates)) if i in latest], stopped
