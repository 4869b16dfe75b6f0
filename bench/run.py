"""Time ModelPath's cross-validation engine against scikit-learn doing the identical work.

Run from the project root::

    python -m bench                      # 10k and 100k rows (a few minutes on 2 cores)
    python -m bench --quick              # 10k rows, one repeat
    python bench/run.py --rows 10000 --json results.json

Each measurement runs ours and the reference on the same pipeline, folds, scorer and number of
worker processes, and checks that both produce the same scores; see ``bench/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``core`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import gc
import json
import math
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import joblib
import numpy as np
import pandas as pd
import sklearn
from joblib import Parallel, delayed
from sklearn.model_selection import GridSearchCV, cross_validate

from bench.data import Case, make_case, with_search
from core.model import (
    Budget,
    available_jobs,
    cross_validate_model,
    model_pipeline,
    model_spec,
    run_search,
    scoring_for,
    search_candidates,
)

TARGET_RATIO = 1.10
TOLERANCE = 1e-9
WARM_UP_ROWS = 2_000
# Runs shorter than this get extra repeats (up to MAX_REPEATS) until each side has run about
# SHORT_TOTAL seconds: a 0.3 s run is at the mercy of one scheduler hiccup.
SHORT_RUN = 1.0
SHORT_TOTAL = 3.0
MAX_REPEATS = 10
# CPU cores' worth of other processes' work during a kept run above which its timing is suspect;
# such a measurement gets up to EXTRA_BUSY_REPEATS more pairs of runs.
BUSY_CORES = 0.25
EXTRA_BUSY_REPEATS = 2

# Cross-validation: a fast linear model (engine overhead shows most) and a heavier booster.
CV_ALGORITHMS = {
    "binary": ("logistic_regression", "hist_gradient_boosting"),
    "regression": ("ridge", "hist_gradient_boosting"),
}
# Searches: a decision tree, whose registry parameters are the estimator's own.
SEARCH_ALGORITHM = "decision_tree"
SEARCH_TASK = "binary"
SEARCH_SPACES = {
    # 4 depths x 2 leaf sizes = 8 candidates.
    "grid": {"max_depth": {"values": [4, 8, 16, None]}, "min_samples_leaf": {"values": [1, 50]}},
    # 8 draws from these ranges.
    "random": {
        "max_depth": {"low": 2, "high": 24},
        "min_samples_leaf": {"low": 1, "high": 100},
    },
}
SEARCH_CANDIDATES = 8

# What a timed run returns: mean validation and mean training score per candidate, in the
# metric's own units (RMSE 3.1, not -3.1), in candidate order.
Scores = tuple[list[float], list[float]]


@dataclass(kw_only=True)
class TimedPair:
    """Timings of ours and the reference on the same work; shared by every benchmark's rows."""

    ours_seconds: list[float] = field(default_factory=list)
    reference_seconds: list[float] = field(default_factory=list)
    # Cores' worth of CPU used by other processes during each run (None off Linux).
    ours_foreign_load: list[float | None] = field(default_factory=list)
    reference_foreign_load: list[float | None] = field(default_factory=list)
    max_abs_diff: float = math.nan

    @property
    def ours_best(self) -> float:
        return min(self.ours_seconds)

    @property
    def reference_best(self) -> float:
        return min(self.reference_seconds)

    @property
    def ratio(self) -> float:
        return self.ours_best / self.reference_best

    @property
    def identical(self) -> bool:
        return self.max_abs_diff < TOLERANCE

    @property
    def foreign_load(self) -> float | None:
        """Other processes' CPU load (cores) during the two kept (fastest) runs, the larger."""
        kept = [
            self.ours_foreign_load[self.ours_seconds.index(self.ours_best)],
            self.reference_foreign_load[self.reference_seconds.index(self.reference_best)],
        ]
        known = [k for k in kept if k is not None]
        return max(known) if known else None

    @property
    def busy(self) -> bool:
        load = self.foreign_load
        return load is not None and load > BUSY_CORES

    def timing_dict(self) -> dict[str, Any]:
        """The fields and the derived timings, for JSON."""
        return asdict(self) | {
            "ours_best_seconds": self.ours_best,
            "reference_best_seconds": self.reference_best,
            "ratio": self.ratio,
            "identical": self.identical,
            "foreign_load": self.foreign_load,
        }


@dataclass
class Measurement(TimedPair):
    """One row of the results table: ours and the reference, timed on the same work."""

    dataset: str
    rows: int
    training_rows: int
    task: str
    measurement: str
    algorithm: str
    reference: str
    candidates: int
    fits: int
    metric: str
    ours_mean: float = math.nan
    reference_mean: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        return self.timing_dict() | {
            "within_target": self.ratio <= TARGET_RATIO,
            "identical_scores": self.identical,
        }


# --- the work, ours and the reference's -------------------------------------------------------


def _jobs(n_fits: int) -> tuple[int, int]:
    """Worker processes and model threads, as core.model.cross_validation.evaluate_candidates picks
    them."""
    jobs = available_jobs()
    outer = min(jobs, n_fits)
    return jobs, (1 if outer > 1 else jobs)


def ours_cv(case: Case, algorithm: str) -> Scores:
    result = cross_validate_model(
        case.data, case.recipe, case.plan, algorithm=algorithm, params={}, budget=Budget()
    )
    if not result.complete:
        raise RuntimeError(f"our cross-validation of {algorithm} stopped early: {result.stopped}")
    return [result.mean], [result.train_mean]


def reference_cv(case: Case, algorithm: str) -> Scores:
    data, recipe, plan = case.data, case.recipe, case.plan
    scoring = scoring_for(recipe, data.y_train)
    jobs, inner = _jobs(plan.n_splits)
    pipeline = model_pipeline(data, recipe, algorithm, {}, n_jobs=inner)
    out = cross_validate(
        pipeline,
        data.X_train,
        data.y_train,
        cv=list(plan.splits),
        scoring=scoring.scorer,
        return_train_score=True,
        n_jobs=jobs,
    )
    # Ours averages per-fold scores in the metric's units; negation is exact, so this is equal.
    test = [scoring.natural(s) for s in out["test_score"]]
    train = [scoring.natural(s) for s in out["train_score"]]
    return [float(np.mean(test))], [float(np.mean(train))]


def _search_recipe(case: Case, method: str):
    return with_search(
        case.recipe,
        SEARCH_ALGORITHM,
        method,
        SEARCH_SPACES[method],
        n_candidates=SEARCH_CANDIDATES,
    )


def ours_search(case: Case, method: str) -> Scores:
    recipe = _search_recipe(case, method)
    # No time limit: the search must never stop early.
    result = run_search(case.data, recipe, case.plan, budget=Budget(seconds=None))
    test, train = [], []
    # The current setting, when no candidate has it, is scored first as one more candidate.
    extra = () if result.current in result.rows else (result.current,)
    for row in (*extra, *result.rows):
        evaluation = row.evaluation
        if evaluation.result is None or not evaluation.result.complete or result.stopped:
            raise RuntimeError(f"our {method} search did not finish {dict(row.values)}")
        test.append(evaluation.result.mean)
        train.append(evaluation.result.train_mean)
    return test, train


def search_grid(case: Case, method: str) -> tuple[list[dict[str, Any]], list[dict[str, list]]]:
    """Our candidates, and the same list as one-point grids for GridSearchCV (same order)."""
    recipe = _search_recipe(case, method)
    candidates = search_candidates(
        model_spec(SEARCH_ALGORITHM),
        dict(recipe.tuning.space),
        method=method,
        n_candidates=recipe.tuning.n_candidates,
        grid_points=recipe.tuning.grid_points,
        seed=recipe.split.seed,
    )
    # Our search also scores the recipe's current setting first when no candidate has it.
    spec = model_spec(SEARCH_ALGORITHM)
    current = {
        name: recipe.model.params.get(name, spec.param(name).default)
        for name in recipe.tuning.space
    }
    if current not in candidates:
        candidates = [current, *candidates]
    grid = [{f"model__{name}": [value] for name, value in c.items()} for c in candidates]
    return candidates, grid


def reference_search(case: Case, method: str) -> Scores:
    data, recipe, plan = case.data, case.recipe, case.plan
    scoring = scoring_for(recipe, data.y_train)
    candidates, grid = search_grid(case, method)
    jobs, inner = _jobs(len(candidates) * plan.n_splits)
    pipeline = model_pipeline(data, recipe, SEARCH_ALGORITHM, {}, n_jobs=inner)
    search = GridSearchCV(
        pipeline,
        param_grid=grid,
        scoring=scoring.scorer,
        cv=list(plan.splits),
        refit=False,
        return_train_score=True,
        n_jobs=jobs,
    )
    search.fit(data.X_train, data.y_train)
    results = search.cv_results_
    expected = [{f"model__{k}": v for k, v in c.items()} for c in candidates]
    if list(results["params"]) != expected:
        raise RuntimeError("GridSearchCV did not try our candidates in our order")
    n_splits = plan.n_splits
    test, train = [], []
    for i in range(len(candidates)):
        folds = [results[f"split{k}_test_score"][i] for k in range(n_splits)]
        train_folds = [results[f"split{k}_train_score"][i] for k in range(n_splits)]
        test.append(float(np.mean([scoring.natural(s) for s in folds])))
        train.append(float(np.mean([scoring.natural(s) for s in train_folds])))
    return test, train


# --- timing ------------------------------------------------------------------------------------


def _proc_stat(pid: int | str) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        text = handle.read()
    return text[text.rindex(")") + 2 :].split()  # fields after "pid (name) "


def cpu_sample() -> tuple[float, float] | None:
    """(CPU seconds the whole machine was busy, CPU seconds of this process and its workers),
    both since boot; None where /proc is not available."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(v) for v in handle.readline().split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = values
        machine = (user + nice + system + irq + softirq + steal) / ticks
        children: dict[int, list[int]] = {}
        usage: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = _proc_stat(entry)
            except OSError:  # the process ended while we looked
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
            # utime, stime, and the same of waited-for children (a worker that was replaced)
            usage[int(entry)] = sum(int(v) for v in fields[11:15])
        ours, todo = 0, [os.getpid()]
        while todo:
            pid = todo.pop()
            ours += usage.get(pid, 0)
            todo.extend(children.get(pid, ()))
        return machine, ours / ticks
    except (OSError, ValueError, AttributeError):
        return None


def timed(run: Callable[[], Any]) -> tuple[float, float | None, Any]:
    """Wall-clock seconds of ``run()``, other processes' load meanwhile (cores), its output."""
    gc.collect()
    before = cpu_sample()
    started = time.perf_counter()
    output = run()
    seconds = time.perf_counter() - started
    after = cpu_sample()
    foreign = None
    if before is not None and after is not None:
        foreign = max(0.0, ((after[0] - before[0]) - (after[1] - before[1])) / seconds)
    return seconds, foreign, output


def time_pairs(
    row: TimedPair,
    ours: Callable[[], Any],
    reference: Callable[[], Any],
    repeats: int,
    on_pair: Callable[[dict[str, Any]], None],
) -> None:
    """Best of ``repeats`` pairs of runs, alternating which of the two goes first.

    Sub-second measurements get more pairs (about SHORT_TOTAL seconds a side, at most
    MAX_REPEATS), and up to EXTRA_BUSY_REPEATS more pairs are run while a kept run was slowed
    by other processes. ``on_pair`` receives each pair's outputs (``"ours"``, ``"reference"``);
    only one pair is held at a time.
    """
    planned, extra, repeat = repeats, 0, 0
    while repeat < planned:
        order = ("ours", "reference") if repeat % 2 == 0 else ("reference", "ours")
        outputs: dict[str, Any] = {}
        for who in order:
            seconds, foreign, outputs[who] = timed(ours if who == "ours" else reference)
            if who == "ours":
                row.ours_seconds.append(seconds)
                row.ours_foreign_load.append(foreign)
            else:
                row.reference_seconds.append(seconds)
                row.reference_foreign_load.append(foreign)
        on_pair(outputs)
        repeat += 1
        if repeat == 1:
            slowest = max(row.ours_seconds[0], row.reference_seconds[0])
            if slowest < SHORT_RUN:
                wanted = math.ceil(SHORT_TOTAL / max(slowest, 1e-3))
                planned = max(planned, min(MAX_REPEATS, wanted))
        if repeat == planned and row.busy and extra < EXTRA_BUSY_REPEATS:
            planned += 1
            extra += 1


def _max_diff(a: Scores, b: Scores) -> float:
    left = np.array(a[0] + a[1], dtype=float)
    right = np.array(b[0] + b[1], dtype=float)
    if left.shape != right.shape:
        return math.inf
    return float(np.max(np.abs(left - right)))


def measure(
    row: Measurement,
    ours: Callable[[], Scores],
    reference: Callable[[], Scores],
    repeats: int,
) -> Measurement:
    """Time ours against the reference (:func:`time_pairs`); check every pair's scores."""
    diffs: list[float] = []

    def check(scores: dict[str, Any]) -> None:
        diffs.append(_max_diff(scores["ours"], scores["reference"]))
        row.ours_mean = float(np.mean(scores["ours"][0]))
        row.reference_mean = float(np.mean(scores["reference"][0]))

    time_pairs(row, ours, reference, repeats, check)
    row.max_abs_diff = max(diffs)
    return row


def plan_measurements(case: Case) -> list[tuple[Measurement, Callable, Callable]]:
    """Every measurement of one generated table, with its two runs."""
    data = case.data
    metric = scoring_for(case.recipe, data.y_train).metric.key
    common = {
        "dataset": case.name,
        "rows": case.rows,
        "training_rows": len(data.X_train),
        "task": case.task,
        "metric": metric,
    }
    planned = []
    for algorithm in CV_ALGORITHMS[case.task]:
        row = Measurement(
            measurement="cross-validation",
            algorithm=algorithm,
            reference="cross_validate",
            candidates=1,
            fits=case.plan.n_splits,
            **common,
        )
        planned.append(
            (
                row,
                lambda a=algorithm: ours_cv(case, a),
                lambda a=algorithm: reference_cv(case, a),
            )
        )
    if case.task == SEARCH_TASK:
        for method in ("grid", "random"):
            n = len(search_grid(case, method)[0])
            row = Measurement(
                measurement=f"{method} search",
                algorithm=SEARCH_ALGORITHM,
                # Both searches are checked against GridSearchCV given our exact candidate list
                # (one-point grids, same order): RandomizedSearchCV would draw other settings.
                reference="GridSearchCV(same list)",
                candidates=n,
                fits=n * case.plan.n_splits,
                **common,
            )
            planned.append(
                (
                    row,
                    lambda m=method: ours_search(case, m),
                    lambda m=method: reference_search(case, m),
                )
            )
    return planned


def warm_up(seed: int) -> None:
    """Start joblib's worker pool and import everything in the workers, untimed."""
    jobs = available_jobs()
    Parallel(n_jobs=jobs)(delayed(math.sqrt)(i) for i in range(4 * jobs))
    for task in ("binary", "regression"):
        case = make_case(WARM_UP_ROWS, seed, task)
        for _, ours, reference in plan_measurements(case):
            ours()
            reference()


# --- output ------------------------------------------------------------------------------------

COLUMNS = (
    ("dataset", 7),
    ("task", 10),
    ("measurement", 62),
    ("reference", 24),
    ("mean score", 10),
    ("ours s", 8),
    ("ref s", 8),
    ("ratio", 6),
    ("|Δ mean|", 9),
    ("runs", 4),
    ("busy", 4),
    ("", 4),
)


def _line(values: Sequence[str]) -> str:
    cells = []
    for (name, width), value in zip(COLUMNS, values, strict=True):
        numeric = name in ("mean score", "ours s", "ref s", "ratio", "|Δ mean|", "runs", "busy")
        cells.append(value.rjust(width) if numeric else value.ljust(width))
    return "  ".join(cells).rstrip()


def format_row(row: Measurement) -> str:
    what = f"{row.measurement}: {row.algorithm}, {row.metric} ({row.fits} fits)"
    flags = []
    if row.ratio > TARGET_RATIO:
        flags.append("SLOW")
    if not row.identical:
        flags.append("DIFF")
    if row.busy:
        flags.append("BUSY")
    load = row.foreign_load
    return _line(
        (
            row.dataset,
            row.task,
            what,
            row.reference,
            f"{row.ours_mean:.6g}",
            f"{row.ours_best:.2f}",
            f"{row.reference_best:.2f}",
            f"{row.ratio:.3f}",
            f"{row.max_abs_diff:.1e}",
            str(len(row.ours_seconds)),
            "?" if load is None else f"{load:.2f}",
            " ".join(flags),
        )
    )


def header() -> str:
    top = _line([name for name, _ in COLUMNS])
    return top + "\n" + "-" * len(top)


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "available_jobs": available_jobs(),
        "scikit-learn": sklearn.__version__,
        "joblib": joblib.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }


def parse_args(
    argv: Sequence[str] | None,
    *,
    prog: str = "python -m bench",
    description: str = "Time ModelPath's cross-validation and searches against scikit-learn's "
    "cross_validate and GridSearchCV on identical work.",
) -> argparse.Namespace:
    """The options every benchmark shares (``--rows``, ``--quick``, ``--repeats``…)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="table sizes to generate (default: 10000 100000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="only 10,000 rows, --repeats 1 (a smoke run)"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="timed runs of each side (default: 3 up to 20k rows, else 2; best is kept); "
        f"sub-second measurements get more, up to {MAX_REPEATS}",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated tables")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="save results")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.repeats = [10_000], 1
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    env = environment()
    print(
        f"ModelPath benchmark: {env['available_jobs']} worker process(es), "
        f"scikit-learn {env['scikit-learn']}, joblib {env['joblib']}, "
        f"pandas {env['pandas']}; target ratio ≤ {TARGET_RATIO:.2f}",
        flush=True,
    )
    started = time.perf_counter()
    print("Warming up the worker pool...", flush=True)
    warm_up(args.seed)
    print(header(), flush=True)
    results: list[Measurement] = []
    for rows in args.rows:
        repeats = args.repeats or (3 if rows <= 20_000 else 2)
        for task in ("binary", "regression"):
            case = make_case(rows, args.seed, task)
            planned = plan_measurements(case)
            # Untimed: the first runs on a new table size grow the workers' memory, which
            # would penalise whichever side goes first.
            for run in planned[0][1:]:
                run()
            for row, ours, reference in planned:
                results.append(measure(row, ours, reference, repeats))
                print(format_row(results[-1]), flush=True)
    slow = [r for r in results if r.ratio > TARGET_RATIO]
    different = [r for r in results if not r.identical]
    print()
    print(
        "mean score = our mean validation score in the metric's units (a search: averaged "
        "over its candidates); |Δ mean| = largest difference from the reference of any "
        f"candidate's mean validation or training score (must be < {TOLERANCE:g})."
    )
    print(
        "ratio = best of our runs / best of the reference's runs; repeats alternate who goes first."
    )
    print(
        "Searches are checked against GridSearchCV given our exact candidate list as one-point "
        "grids, in our order, for both the grid and the random search."
    )
    print(
        "runs = timed runs of each side; busy = CPU cores' worth of other processes' work during "
        f"the kept runs (BUSY above {BUSY_CORES:g}: the ratio is unreliable, rerun on a quiet "
        "machine)."
    )
    busy = [r for r in results if r.busy]
    print(
        f"{len(results) - len(slow)} of {len(results)} within ratio {TARGET_RATIO:.2f}; "
        f"identical scores: {'yes' if not different else f'NO ({len(different)} differ)'}; "
        f"{len(busy)} measured on a busy machine; "
        f"{time.perf_counter() - started:.0f} s in all."
    )
    if args.json is not None:
        payload = {
            "environment": env,
            "target_ratio": TARGET_RATIO,
            "tolerance": TOLERANCE,
            "seed": args.seed,
            "results": [r.to_dict() for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"Saved {args.json}")
    # Different scores mean the two sides did not do the same work: the timing is meaningless.
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
