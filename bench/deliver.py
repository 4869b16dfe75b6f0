"""Time ModelPath's Deliver step (predictions on new rows, model files) against scikit-learn/skops.

Run from the project root::

    python -m bench.deliver               # 10k and 100k rows (about 3 minutes on 2 cores)
    python -m bench.deliver --quick       # 10k rows, one repeat (about a minute)
    python bench/deliver.py --rows 10000 --json deliver.json

Each measurement times ours and the reference on the same fitted pipeline. A check confirms that
both sides did the same work: the same predictions and probabilities, or files that load back into
pipelines predicting the same. The ratio shows what ModelPath's extra safety work costs; see the
Deliver section of ``bench/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``core`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gc
import json
import math
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import skops
import skops.io as sio

from bench.data import make_frame
from bench.run import (
    BUSY_CORES,
    TOLERANCE,
    TimedPair,
    environment,
    parse_args,
    time_pairs,
)
from core.data import prepare_table
from core.deliver import ModelCard, dump_model, load_model, model_card, predict_rows
from core.evaluate import train_and_evaluate
from core.model import plan_folds
from core.prepare import training_data
from core.recipe import ModelSection, ProblemSection, Recipe, ValidationSection

TASK = "binary"
# A fast linear model (where fixed costs show most) and a large forest (where the model's own
# size dominates). The forest's 100 trees are the registry's default, named here so that a
# change of default does not silently change the benchmark.
ALGORITHMS: dict[str, dict[str, Any]] = {
    "logistic_regression": {},
    "random_forest": {"n_estimators": 100},
}
# Only the final refit is measured; the folds' scores merely fill the model card. Two folds keep
# the untimed set-up of the 100k forest to about half a minute.
SETUP_FOLDS = 2
MODEL_FILE_NAME = "m.skops"
# Measurements run once untimed per model: prediction, write and read.
WARMED = 3


Outputs = tuple[np.ndarray, np.ndarray]  # predicted labels, class probabilities


def _outputs(pipeline: Any, X: pd.DataFrame) -> Outputs:
    return pipeline.predict(X), pipeline.predict_proba(X)


@dataclass(frozen=True)
class Model:
    """One fitted pipeline with everything either side of a measurement needs."""

    rows: int
    algorithm: str
    raw: pd.DataFrame  # the new rows as loaded, without the target
    X: pd.DataFrame  # the same rows as training prepared them, for the reference
    pipeline: Any
    card: ModelCard
    expected: Outputs  # the pipeline's own predictions on X, which loaded copies must repeat
    setup_seconds: float

    @property
    def name(self) -> str:
        """``"10k"``, ``"100k"``, or the row count when it is not a round thousand."""
        return f"{self.rows // 1000}k" if self.rows % 1000 == 0 else f"{self.rows}"


def fit_model(rows: int, seed: int, algorithm: str) -> Model:
    """Fit ``algorithm`` on a generated table the way the app does, and describe it by its card.

    :func:`bench.data.make_frame` gives the table (numbers, categories with missing values, a
    ``yes``/``no`` target). Then :func:`core.data.dataset.prepare_table`,
    :func:`core.prepare.training_rows.training_data` and
    :func:`core.evaluate.train.train_and_evaluate` make the final pipeline, and
    :func:`core.deliver.model_card` its card.
    """
    started = time.perf_counter()
    frame = make_frame(rows, seed, TASK)
    recipe = Recipe(
        problem=ProblemSection(target="y", task=TASK),
        validation=ValidationSection(folds=SETUP_FOLDS),
        model=ModelSection(algorithm=algorithm, params=ALGORITHMS[algorithm]),
    )
    table = prepare_table(frame, recipe.data, target="y")
    data = training_data(table, recipe)
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe))
    card = model_card(trained, data, table)
    # The reference predicts the frame training already prepared: the training and test rows
    # together, in the file's order. Training's cleaning drops no row of this table.
    prepared = pd.concat([data.X_train, data.X_test])
    if len(prepared) != len(frame):
        raise RuntimeError(f"training kept {len(prepared)} of {len(frame)} rows; expected all")
    X = prepared.loc[frame.index]
    pipeline = trained.final.pipeline
    return Model(
        rows=rows,
        algorithm=algorithm,
        raw=frame.drop(columns="y"),
        X=X,
        pipeline=pipeline,
        card=card,
        expected=_outputs(pipeline, X),
        setup_seconds=time.perf_counter() - started,
    )


# --- the work, ours and the reference's -------------------------------------------------------


def ours_predict(model: Model) -> Outputs:
    predicted = predict_rows(model.pipeline, model.card, model.raw)
    frame = predicted.frame
    return (
        frame[predicted.prediction_column].to_numpy(),
        frame[list(predicted.probability_columns)].to_numpy(dtype=float),
    )


def reference_predict(model: Model) -> Outputs:
    return _outputs(model.pipeline, model.X)


def ours_write(model: Model) -> bytes:
    return dump_model(model.pipeline, model.card.to_dict())


def reference_write(model: Model, compression: int = zipfile.ZIP_STORED) -> bytes:
    # ZIP_STORED is skops.io.dumps' own default.
    return sio.dumps(model.pipeline, compression=compression)


def ours_read(content: bytes) -> Any:
    return load_model(content, MODEL_FILE_NAME).pipeline


def reference_read(content: bytes) -> Any:
    return sio.loads(content, trusted=sio.get_untrusted_types(data=content))


# --- the checks: did both sides do the same work? ---------------------------------------------


def outputs_difference(ours: Outputs, reference: Outputs) -> float:
    """Largest probability difference; infinite when any predicted label differs."""
    ours_labels, ours_proba = ours
    reference_labels, reference_proba = reference
    labels_equal = len(ours_labels) == len(reference_labels) and bool(
        np.all(np.asarray(ours_labels, dtype=object) == np.asarray(reference_labels, dtype=object))
    )
    if not labels_equal or ours_proba.shape != reference_proba.shape:
        return math.inf
    return float(np.max(np.abs(ours_proba - reference_proba), initial=0.0))


def loaded_difference(model: Model, ours: Any, reference: Any) -> float:
    """How far the two loaded pipelines' predictions on every row are from each other and from
    the original pipeline's (infinite when a label differs)."""
    original = model.expected
    ours_out = _outputs(ours, model.X)
    reference_out = _outputs(reference, model.X)
    return max(
        outputs_difference(ours_out, reference_out),
        outputs_difference(ours_out, original),
        outputs_difference(reference_out, original),
    )


def files_difference(model: Model, ours: bytes, reference: bytes) -> float:
    """The written files, loaded back (ours with its card checked), compared as predictors."""
    loaded = load_model(ours, MODEL_FILE_NAME)
    if loaded.card != model.card.to_dict():
        return math.inf
    return loaded_difference(model, loaded.pipeline, reference_read(reference))


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Measurement(TimedPair):
    """One row of the results table: ours and the reference, timed on the same pipeline."""

    dataset: str
    rows: int
    algorithm: str
    measurement: str
    ours: str
    reference: str
    ours_bytes: int | None = None
    reference_bytes: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.timing_dict() | {"extra_seconds": self.ours_best - self.reference_best}


@dataclass(frozen=True)
class Planned:
    """A measurement with its two runs and the check of their last outputs."""

    row: Measurement
    ours: Callable[[], Any]
    reference: Callable[[], Any]
    difference: Callable[[Any, Any], float]


def measure(planned: Planned, repeats: int) -> Measurement:
    """Time ours against the reference (:func:`bench.run.time_pairs`); check the last pair.

    Every run is deterministic, and loading a 100k forest twice per pair would double the run
    time, so only the last pair's outputs are compared.
    """
    last: dict[str, Any] = {}
    row = planned.row
    time_pairs(row, planned.ours, planned.reference, repeats, lambda outputs: last.update(outputs))
    row.max_abs_diff = planned.difference(last["ours"], last["reference"])
    return row


def plan_measurements(model: Model) -> list[Planned]:
    """Every measurement of one fitted model, with its two runs and its check."""
    common = {"dataset": model.name, "rows": model.rows, "algorithm": model.algorithm}
    ours_file = ours_write(model)
    plain_file = reference_write(model)
    deflated_file = reference_write(model, zipfile.ZIP_DEFLATED)
    sizes = {"ours_bytes": len(ours_file), "reference_bytes": len(plain_file)}
    deflated_sizes = {"ours_bytes": len(ours_file), "reference_bytes": len(deflated_file)}
    return [
        Planned(
            Measurement(
                measurement="batch prediction",
                ours="predict_rows",
                reference="predict + predict_proba",
                **common,
            ),
            lambda: ours_predict(model),
            lambda: reference_predict(model),
            outputs_difference,
        ),
        Planned(
            Measurement(
                measurement="model file write",
                ours="dump_model",
                reference="skops.io.dumps",
                **common,
                **sizes,
            ),
            lambda: ours_write(model),
            lambda: reference_write(model),
            lambda ours, reference: files_difference(model, ours, reference),
        ),
        Planned(
            Measurement(
                measurement="model file read",
                ours="load_model",
                reference="skops.io.loads",
                **common,
                **sizes,
            ),
            lambda: ours_read(ours_file),
            lambda: reference_read(plain_file),
            lambda ours, reference: loaded_difference(model, ours, reference),
        ),
        # For context: the reference compressed as our files are, which leaves our checks and
        # the card as the only difference.
        Planned(
            Measurement(
                measurement="model file write, both deflated",
                ours="dump_model",
                reference="skops.io.dumps(deflated)",
                **common,
                **deflated_sizes,
            ),
            lambda: ours_write(model),
            lambda: reference_write(model, zipfile.ZIP_DEFLATED),
            lambda ours, reference: files_difference(model, ours, reference),
        ),
        Planned(
            Measurement(
                measurement="model file read, both deflated",
                ours="load_model",
                reference="skops.io.loads(deflated)",
                **common,
                **deflated_sizes,
            ),
            lambda: ours_read(ours_file),
            lambda: reference_read(deflated_file),
            lambda ours, reference: loaded_difference(model, ours, reference),
        ),
    ]


# --- output ------------------------------------------------------------------------------------

COLUMNS = (
    ("dataset", 7),
    ("model", 19),
    ("measurement", 31),
    ("reference", 24),
    ("ours s", 8),
    ("ref s", 8),
    ("ratio", 6),
    ("extra ms", 8),
    ("ours MB", 7),
    ("ref MB", 7),
    ("|Δ|", 7),
    ("runs", 4),
    ("busy", 4),
    ("", 4),
)
NUMERIC = frozenset(name for name, _ in COLUMNS[4:-1])


def _line(values: Sequence[str]) -> str:
    cells = []
    for (name, width), value in zip(COLUMNS, values, strict=True):
        cells.append(value.rjust(width) if name in NUMERIC else value.ljust(width))
    return "  ".join(cells).rstrip()


def _megabytes(n_bytes: int | None) -> str:
    return "" if n_bytes is None else f"{n_bytes / 2**20:.2f}"


def format_row(row: Measurement) -> str:
    flags = []
    if not row.identical:
        flags.append("DIFF")
    if row.busy:
        flags.append("BUSY")
    load = row.foreign_load
    return _line(
        (
            row.dataset,
            row.algorithm,
            row.measurement,
            row.reference,
            f"{row.ours_best:.3f}",
            f"{row.reference_best:.3f}",
            f"{row.ratio:.2f}",
            f"{1000 * (row.ours_best - row.reference_best):.0f}",
            _megabytes(row.ours_bytes),
            _megabytes(row.reference_bytes),
            f"{row.max_abs_diff:.0e}",
            str(len(row.ours_seconds)),
            "?" if load is None else f"{load:.2f}",
            " ".join(flags),
        )
    )


def header() -> str:
    top = _line([name for name, _ in COLUMNS])
    return top + "\n" + "-" * len(top)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(
        argv,
        prog="python -m bench.deliver",
        description="Time ModelPath's batch predictions and model files against "
        "scikit-learn's predict/predict_proba and skops.io on the same fitted pipelines.",
    )
    env = environment() | {"skops": skops.__version__}
    print(
        f"ModelPath Deliver benchmark: scikit-learn {env['scikit-learn']}, skops "
        f"{env['skops']}, pandas {env['pandas']}, {env['cpus']} CPU(s)",
        flush=True,
    )
    started = time.perf_counter()
    results: list[Measurement] = []
    setups: list[dict[str, Any]] = []
    printed_header = False
    for rows in args.rows:
        repeats = args.repeats or (3 if rows <= 20_000 else 2)
        for algorithm in ALGORITHMS:
            print(f"Fitting {algorithm} on {rows:,} rows (untimed)...", flush=True)
            model = fit_model(rows, args.seed, algorithm)
            setups.append(
                {"rows": rows, "algorithm": algorithm, "setup_seconds": model.setup_seconds}
            )
            planned = plan_measurements(model)
            # Untimed: the first runs import modules (skops loads its handlers lazily) and grow
            # the process's memory, which would penalise whichever side goes first. The deflated
            # rows run the same code as the first three.
            for measurement in planned[:WARMED]:
                measurement.ours()
                measurement.reference()
            if not printed_header:
                print(header(), flush=True)
                printed_header = True
            for measurement in planned:
                results.append(measure(measurement, repeats))
                print(format_row(results[-1]), flush=True)
            del model, planned
            gc.collect()
    different = [r for r in results if not r.identical]
    busy = [r for r in results if r.busy]
    print()
    print(
        "ratio = best of our runs / best of the reference's runs; extra ms = the difference "
        "of the two; repeats alternate who goes first."
    )
    print(
        "|Δ| = largest probability difference between the two sides' predictions on every row "
        "(files: after loading them back; inf when a predicted label differs; must be "
        f"< {TOLERANCE:g}). MB = file sizes, ours and the reference's."
    )
    print(
        "runs = timed runs of each side; busy = CPU cores' worth of other processes' work during "
        f"the kept runs (BUSY above {BUSY_CORES:g}: rerun on a quiet machine)."
    )
    print(
        f"identical results: {'yes' if not different else f'NO ({len(different)} differ)'}; "
        f"{len(busy)} of {len(results)} measured on a busy machine; "
        f"{time.perf_counter() - started:.0f} s in all."
    )
    if args.json is not None:
        payload = {
            "environment": env,
            "tolerance": TOLERANCE,
            "seed": args.seed,
            "setup": setups,
            "results": [r.to_dict() for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"Saved {args.json}")
    # Different results mean the two sides did not do the same work: the timing is meaningless.
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
