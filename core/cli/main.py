"""``python -m core``: the headless face of ModelPath.

Subcommands share the app's core functions, so their numbers agree with the app:

- ``profile FILE [--target COL]`` — the load report, column kinds, task, metric and findings.
- ``models [--task TASK]`` — the algorithm registry: key, name and the tasks each serves.
- ``train FILE --target COL [--recipe R.json] [--model NAME] [--cv K] [--keep COL]... [--no-curve]
  [--out DIR]``
  — train a model exactly as the app's training action does (the app's defaults fill whatever
  the recipe and options leave open): cross-validate it next to the baseline on the same folds,
  refit it on the training split, score the held-out test split, draw a learning curve and
  diagnose the fit; print a summary and with ``--out`` write ``recipe.json``,
  ``metrics.json``, ``model.skops`` and ``train_model.py``.
- ``predict MODEL.skops FILE [--out PREDICTIONS.csv]`` — apply a model file to new rows, with
  the Predict page's schema checks.
- ``export RECIPE.json --script OUT.py [--data FILE]`` — render the reproducible script.

Exit code 0 on success; 2 with a one-line message on bad input (never a traceback for an
expected error). This module holds the parser, the dispatch and that error handling; each
command lives in its own module (``core.cli.profile``, ``models``, ``train``, ``predict``,
``export``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from core.cli._files import add_read_options
from core.cli.export import run as run_export
from core.cli.models import run as run_models
from core.cli.predict import run as run_predict
from core.cli.profile import run as run_profile
from core.cli.train import run as run_train
from core.errors import ModelPathError
from core.recipe import TASKS

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
# One module per command; each ``run(args, stdout)`` writes its results and raises
# ModelPathError for bad input, which main() turns into one line and exit code 2.
_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], None]] = {
    "profile": run_profile,
    "models": run_models,
    "train": run_train,
    "predict": run_predict,
    "export": run_export,
}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m core",
        description="ModelPath from the command line: profile a table, list the algorithms, "
        "cross-validate a model with the same defaults and numbers as the app.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    profile = commands.add_parser(
        "profile",
        help="Read a table and print its load report, column kinds and findings.",
        description="Read a table (CSV/TSV, Excel, Parquet, JSON) and print the load report, "
        "the kind of each column with the reason, the task and metric for a target, and "
        "findings (leaky columns, IDs, imbalance, missingness…).",
    )
    profile.add_argument("file", type=Path, help="the data file")
    profile.add_argument("--target", help="the column to predict")
    profile.add_argument("--json", action="store_true", help="print JSON instead of tables")
    profile.add_argument("--recipe", type=Path, help="a recipe JSON whose data/problem apply")
    add_read_options(profile)

    models = commands.add_parser(
        "models",
        help="List the algorithms: key, name and the tasks each serves.",
        description="List the model registry, baseline included: the key to pass to "
        "`train --model`, the algorithm's name and the tasks it serves.",
    )
    models.add_argument("--task", choices=TASKS, help="only the algorithms that serve this task")

    train = commands.add_parser(
        "train",
        help="Train a model on a table: CV and test scores next to the baseline's, diagnosis.",
        description="Read a table, complete the recipe with the app's defaults (task, metric, "
        "positive class, and the recommended algorithm when none is named), split off the "
        "test rows, cross-validate the model on the training rows and print the score with "
        "the baseline's on the same folds; then refit it on every training row, score the "
        "test rows once (beside the baseline refitted the same way), draw a learning curve "
        "and diagnose the fit, as the app's training action does. With --out, write "
        "recipe.json (the completed recipe, reusable with --recipe) and metrics.json.",
    )
    train.add_argument("file", type=Path, help="the data file")
    train.add_argument(
        "--target", help="the column to predict (overrides the recipe's; required without one)"
    )
    train.add_argument(
        "--recipe",
        type=Path,
        help="a recipe JSON (e.g. a recipe.json written by --out); unset choices get the "
        "app's defaults",
    )
    train.add_argument(
        "--model",
        metavar="NAME",
        help="algorithm key (see `python -m core models`); default: the recipe's, else the "
        "one the app recommends for this data",
    )
    train.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help="number of cross-validation folds, 2–20 (default: the recipe's, else 5)",
    )
    train.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COLUMN",
        help="keep COLUMN as a feature although it is suspected of leaking the target "
        "(suspects are left out by default without --recipe); repeat for several",
    )
    train.add_argument(
        "--no-curve",
        action="store_true",
        help="skip the learning curve (it refits the model on growing shares of each fold); "
        "the diagnosis is then made without it",
    )
    train.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write DIR/recipe.json, DIR/metrics.json, DIR/model.skops (the fitted pipeline, "
        "safe to share) and DIR/train_model.py (a standalone script that reproduces the "
        "numbers with scikit-learn alone); DIR is created if missing",
    )
    add_read_options(train)

    predict = commands.add_parser(
        "predict",
        help="Apply a .skops model file to a table of new rows.",
        description="Load a .skops model exported by ModelPath (every type checked against an "
        "allow-list first; pickle files are refused unread), check the rows against the "
        "model's columns (missing columns stop it and are named, extra ones are ignored, "
        "order does not matter) and write the rows with their predictions and probabilities.",
    )
    predict.add_argument("model", type=Path, help="the .skops model file")
    predict.add_argument("file", type=Path, help="the rows to predict")
    predict.add_argument(
        "--out",
        type=Path,
        metavar="PREDICTIONS",
        help="write here (.xlsx for Excel, else CSV); default: CSV on standard output",
    )

    export = commands.add_parser(
        "export",
        help="Render the standalone script that reproduces a recipe.",
        description="Write a standalone Python script (pandas, scikit-learn and "
        "imbalanced-learn only) that reads the data file, cleans, splits, builds the "
        "pipeline, cross-validates and prints the same scores as ModelPath, and saves the "
        "model. The data file is read to pin the column kinds.",
    )
    export.add_argument("recipe", type=Path, help="a recipe JSON (from train --out or the app)")
    export.add_argument(
        "--script", type=Path, required=True, metavar="OUT.py", help="where to write the script"
    )
    export.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        help="the data file (default: the recipe's source file, beside the recipe or here)",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; defaults to ``sys.argv[1:]``.
    stdout : text stream, optional
        Where results go; defaults to ``sys.stdout``.

    Returns
    -------
    int
        The exit code.
    """
    out = stdout or sys.stdout
    args = _build_parser().parse_args(argv)
    try:
        _COMMANDS[args.command](args, out)  # argparse guarantees a known command
    except ModelPathError as exc:
        sys.stderr.write(f"error: {exc.one_line()}\n")
        return EXIT_BAD_INPUT
    return EXIT_OK
