"""The command line's Deliver step: model files, scripts and predictions.

``train --out DIR`` also writes ``DIR/model.skops`` and ``DIR/train_model.py`` (see
:func:`write_model_and_script`); ``predict MODEL.skops FILE --out PREDICTIONS.csv`` applies a
model file with the same schema checks as the app's Predict page; ``export RECIPE.json
--script OUT.py`` renders the reproducible script for a recipe and its data file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from core.data import (
    SAMPLES,
    LoadLimits,
    load_table,
    prepare_table,
    read_options,
    sample_csv_bytes,
    sample_file_name,
)
from core.deliver import (
    SCRIPT_FILE_NAME,
    ModelCard,
    ScriptSource,
    dump_model,
    load_model,
    model_card,
    predict_rows,
    predictions_csv,
    predictions_excel,
    render_script,
)
from core.errors import ModelPathError
from core.prepare import training_data
from core.recipe import Recipe

__all__ = ["export_script", "predict_file", "write_model_and_script"]

MODEL_FILE_NAME = "model.skops"


def _write(path: Path, content: bytes | str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    except OSError as exc:
        raise ModelPathError(
            f"{str(path)!r} could not be written ({exc.strerror}).",
            "",
            "Choose another output path, one you can write to.",
        ) from None


def write_model_and_script(run: Any, directory: Path) -> list[Path]:
    """Write the model file and the reproducible script of a finished ``train`` run.

    Parameters
    ----------
    run : core.cli.main.TrainingRun
        Needs ``trained`` (with its final refit), ``loaded``, ``table`` and ``data``.
    directory : pathlib.Path

    Returns
    -------
    list of pathlib.Path
        The files written (none when the training stopped before its refit).
    """
    trained = run.trained
    if trained is None or trained.final is None or run.data is None:
        return []
    card = model_card(trained, run.data, run.table, source_name=run.file_name)
    model_path = directory / MODEL_FILE_NAME
    _write(model_path, dump_model(trained.final.pipeline, card.to_dict()))
    source = ScriptSource.from_report(
        run.loaded.report, run.loaded.frame.columns, file_name=run.file_name
    )
    script_path = directory / SCRIPT_FILE_NAME
    _write(script_path, render_script(trained.recipe, source, run.table, run.data))
    return [model_path, script_path]


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
    _write(
        out_path, predictions_excel(predicted.frame) if excel else predictions_csv(predicted.frame)
    )
    stdout.write(
        f"Predicted {len(predicted.frame):,} rows with {card.algorithm_label} "
        f"({card.target!r}); wrote {out_path}\n"
    )
    return len(predicted.frame)


def export_script(
    recipe_path: Path,
    script_path: Path,
    data_path: Path | None,
    *,
    read: Callable[[Path], bytes],
    stdout: TextIO,
) -> Path:
    """Render the reproducible script of a recipe for its data file.

    The script pins the column kinds ModelPath infers from the data, so the data file is read
    too: ``data_path``, else the recipe's ``data.source_name`` (beside the recipe, then in the
    current folder). A recipe made on a built-in sample writes the sample as a CSV beside the
    script.

    Returns
    -------
    pathlib.Path
        The script written.

    Raises
    ------
    ModelPathError
        An unreadable recipe, no data file, or a recipe without a target or algorithm.
    """
    recipe = Recipe.from_json(read(recipe_path).decode("utf-8", errors="replace"))
    source_name = recipe.data.source_name
    if data_path is not None:
        content, name = read(data_path), data_path.name
    elif source_name is not None and source_name.startswith("sample:"):
        key = source_name.removeprefix("sample:")
        if key not in SAMPLES:
            raise ModelPathError(
                f"The recipe was made on a sample called {key!r}, which this ModelPath lacks.",
                "",
                "Pass the data file with --data.",
            )
        content, name = sample_csv_bytes(key), sample_file_name(key)
        _write(script_path.parent / name, content)
        stdout.write(f"Wrote the sample as {script_path.parent / name}\n")
    else:
        found = _find_data(recipe_path, source_name)
        content, name = read(found), found.name
    loaded = load_table(
        content, name, options=read_options(recipe.data), limits=LoadLimits.from_env()
    )
    problem = recipe.problem
    if problem.target is None or problem.task is None:
        raise ModelPathError(
            "The recipe has no target or task.",
            "The script reproduces a trained recipe.",
            "Use the recipe.json written by `train --out` or downloaded from the Export page.",
        )
    table = prepare_table(loaded.frame, recipe.data, target=problem.target)
    data = training_data(table, recipe)
    source = ScriptSource.from_report(loaded.report, loaded.frame.columns, file_name=name)
    _write(script_path, render_script(recipe, source, table, data))
    stdout.write(f"Wrote {script_path}; run it with: python {script_path.name} {name}\n")
    return script_path


def _find_data(recipe_path: Path, source_name: str | None) -> Path:
    if source_name:
        for folder in (recipe_path.parent, Path.cwd()):
            candidate = folder / source_name
            if candidate.is_file():
                return candidate
    named = f" (the recipe names {source_name!r}, which is not beside it)" if source_name else ""
    raise ModelPathError(
        f"The data file for the script was not found{named}.",
        "The script pins the column kinds ModelPath reads from the data, so it needs the file.",
        "Pass it with --data FILE.",
    )
