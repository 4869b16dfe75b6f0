"""Time the check for leaks built from several columns next to the checks it sits beside.

Run from the project root::

    python -m bench.leakage                  # 50,000 rows × 30 columns, 7 repeats
    python -m bench.leakage --rows 10000 50000 --repeats 5
    python bench/leakage.py --json leakage.json

``core.understand.leakage.find_combination_leak`` runs inside
``core.understand.findings.find_issues`` every time a profile is built with a target, so it must
stay cheap: it works on a bounded sample and a bounded set of columns. This benchmark times it on
generated tables (30 feature columns, a binary and a regression target, each with and without a
planted leak), next to two references measured in the same run: the single-column check it follows
(``single_column_scores``) and one scikit-learn ``LinearRegression`` fit on every row and column. It
reports the median of the repeats, and checks that the planted leaks are found and the honest tables
left alone; see the leakage section of ``bench/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``core`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression

from bench.run import environment, parse_args, timed
from core.data import PreparedTable, prepare_table
from core.recipe import DataSection
from core.understand import find_combination_leak, single_column_scores

FEATURES = 30
DEFAULT_REPEATS = 7


@dataclass(frozen=True)
class LeakageRow:
    """Median timings of one table, and whether the check answered as planted."""

    rows: int
    task: str
    planted: bool
    found: tuple[str, ...]
    combination_seconds: float
    single_seconds: float
    linear_fit_seconds: float
    busy: float | None

    @property
    def correct(self) -> bool:
        return bool(self.found) == self.planted


def make_table(rows: int, task: str, *, planted: bool, seed: int) -> PreparedTable:
    """30 feature columns (26 numeric, 4 text categories) and a target ``y``.

    The planted regression leak is ``total = part_a + part_b + y + 3.30``; the planted class
    leak is ``after − before > 0``. Neither column alone gives the target away.
    """
    rng = np.random.default_rng(seed)
    n_numeric = FEATURES - 4
    numbers = rng.normal(size=(rows, n_numeric))
    frame = pd.DataFrame(numbers, columns=[f"x{i}" for i in range(n_numeric)])
    for i in range(4):
        levels = [f"level {j}" for j in range(3 + 3 * i)]
        frame[f"group{i}"] = pd.Series(rng.choice(levels, rows), dtype="str")
    signal = numbers[:, :5] @ np.array([1.0, -0.8, 0.6, 0.4, -0.3])
    if task == "regression":
        y = 100 + 20 * signal + rng.normal(0, 15, rows)
        if planted:
            frame["x0"] = rng.gamma(2, 20, rows)
            frame["x1"] = rng.gamma(2, 10, rows)
            frame["x2"] = frame["x0"] + frame["x1"] + y + 3.3
            frame = frame.rename(columns={"x0": "part_a", "x1": "part_b", "x2": "total"})
        frame["y"] = y
    else:
        label = signal + rng.normal(0, 1.0, rows) > 0
        if planted:
            frame["x0"] = rng.normal(70, 10, rows)
            frame["x1"] = frame["x0"] + np.where(label, 1, -1) * rng.gamma(2, 3, rows)
            frame = frame.rename(columns={"x0": "before", "x1": "after"})
        frame["y"] = pd.Series(np.where(label, "yes", "no"), dtype="str")
    return prepare_table(frame, DataSection(), target="y")


def measure(rows: int, task: str, *, planted: bool, repeats: int, seed: int) -> LeakageRow:
    table = make_table(rows, task, planted=planted, seed=seed)
    features = table.frame.drop(columns="y")
    numeric = features.select_dtypes("number").to_numpy()
    target = table.frame["y"]
    y = target.to_numpy(float) if task == "regression" else (target == "yes").to_numpy(float)
    scores = single_column_scores(table, "y", task, seed=seed)

    def combination():
        return find_combination_leak(table, "y", task, single_scores=scores, seed=seed)

    def single():
        return single_column_scores(table, "y", task, seed=seed)

    def linear_fit():
        return LinearRegression().fit(numeric, y)

    runs = {"combination": [], "single": [], "linear": []}
    loads = []
    found: tuple[str, ...] = ()
    combination()  # untimed: imports and first-call costs
    for repeat in range(repeats):
        # Alternate the order so that no side always runs on a warmer cache.
        order = ("combination", "single", "linear")
        for name in order if repeat % 2 == 0 else order[::-1]:
            run = {"combination": combination, "single": single, "linear": linear_fit}[name]
            seconds, foreign, output = timed(run)
            runs[name].append(seconds)
            if foreign is not None:
                loads.append(foreign)
            if name == "combination":
                found = output.columns if output is not None else ()
    return LeakageRow(
        rows=rows,
        task=task,
        planted=planted,
        found=found,
        combination_seconds=statistics.median(runs["combination"]),
        single_seconds=statistics.median(runs["single"]),
        linear_fit_seconds=statistics.median(runs["linear"]),
        busy=statistics.median(loads) if loads else None,
    )


def format_row(row: LeakageRow) -> str:
    found = ", ".join(row.found) if row.found else "nothing"
    verdict = "ok" if row.correct else "WRONG"
    busy = "" if row.busy is None else f"{row.busy:.2f}"
    return (
        f"| {row.rows:,} | {row.task} | {'leak' if row.planted else 'honest'} | {found} "
        f"({verdict}) | {row.combination_seconds:.3f} | {row.single_seconds:.3f} | "
        f"{row.combination_seconds / row.single_seconds:.2f} | {row.linear_fit_seconds:.3f} | "
        f"{busy} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(
        argv,
        prog="python -m bench.leakage",
        description="Time the check for leaks built from several columns (median of repeats) "
        "next to the single-column check and one LinearRegression fit.",
    )
    if args.rows == [10_000, 100_000] and not args.quick:
        args.rows = [50_000]
    repeats = args.repeats or DEFAULT_REPEATS
    env = environment()
    print(
        f"Leakage check benchmark: {FEATURES} feature columns, median of {repeats} runs, "
        f"scikit-learn {env['scikit-learn']}, pandas {env['pandas']}, numpy {env['numpy']}"
    )
    print(
        "| rows | task | table | combination found | combination s | single-column s | "
        "ratio | LinearRegression s | busy |"
    )
    print("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    results = []
    for rows in args.rows:
        for task in ("regression", "binary"):
            for planted in (False, True):
                results.append(
                    measure(rows, task, planted=planted, repeats=repeats, seed=args.seed)
                )
                print(format_row(results[-1]), flush=True)
    print()
    print(
        "combination s = core.understand.leakage.find_combination_leak; single-column s = "
        "core.understand.single_column_leaks.single_column_scores (the check it follows); ratio = "
        "combination / "
        "single-column; LinearRegression s = one fit on every row and numeric column; busy = "
        "other processes' CPU load in cores (median over the runs)."
    )
    if args.json is not None:
        args.json.write_text(
            json.dumps({"environment": env, "rows": [asdict(r) for r in results]}, indent=2)
        )
    wrong = [r for r in results if not r.correct]
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
