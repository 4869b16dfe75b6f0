"""``python -m core predict MODEL.skops FILE [--out PREDICTIONS]``: apply a model file to new
rows, with the same schema checks as the app's Predict page."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from core.cli._files import read_file, write_file
from core.data import LoadLimits, load_table, read_options
from core.deliver import (
    ModelCard,
    load_model,
    predict_rows,
    predictions_csv,
    predictions_excel,
)

__all__ = ["predict_file"]


def run(args: argparse.Namespace, stdout: TextIO) -> None:
    """The ``predict`` command (``core.cli.main`` parses the arguments and handles errors)."""
    predict_file(args.model, args.file, args.out, read=read_file, stdout=stdout)


def predict_file(
    model_path: Path,
    data_path: Path,
    out_path: Path | None,
    *,
    read: Callable[[Path], bytes],
    stdout: TextIO,
) -> int:
    """Apply a model file to a data file; write or print the predictions.

    Parameters
    ----------
    model_path : pathlib.Path
        A ``.skops`` file exported by ModelPath (pickle files are refused unread).
    data_path : pathlib.Path
        Rows to predict (CSV, Excel, Parquet or JSON) with the model's input columns.
    out_path : pathlib.Path or None
        Where to write the rows with their predictions (``.xlsx`` for Excel, else CSV);
        None prints CSV to ``stdout``.
    read : callable
        Reads a file's bytes with a message for people when it cannot.
    stdout : text stream

    Returns
    -------
    int
        The number of rows predicted.

    Raises
    ------
    ModelPathError
        A refused model file, a file that cannot be read, or rows that do not fit the model.
    """
    loaded_model = load_model(read(model_path), model_path.name)
    card = ModelCard.from_dict(loaded_model.card)
    for notice in loaded_model.notices:
        stdout.write(f"note: {notice}\n")
    # Training's reading choices (missing-value words, a delimiter or decimal mark the person
    # chose); a sheet name belongs to the training workbook, so the new file's first is read.
    options = read_options(card.recipe.data.with_changes(sheet=None))
    rows = load_table(
        read(data_path), data_path.name, options=options, limits=LoadLimits.from_env()
    )
    predicted = predict_rows(loaded_model.pipeline, card, rows.frame)
    if out_path is None:
        stdout.write(predictions_csv(predicted.frame).decode("utf-8-sig"))
        return len(predicted.frame)
    for notice in predicted.notices:
        stdout.write(f"note: {notice}\n")
    excel = out_path.suffix.lower() in (".xlsx", ".xlsm")
    write_file(
        out_path, predictions_excel(predicted.frame) if excel else predictions_csv(predicted.frame)
    )
    stdout.write(
        f"Predicted {len(predicted.frame):,} rows with {card.algorithm_label} "
        f"({card.target!r}); wrote {out_path}\n"
    )
    return len(predicted.frame)
