"""``python -m core export RECIPE.json --script OUT.py [--data FILE]``: render the standalone
script that reproduces a recipe on its data file."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from core.cli._files import read_file, write_file
from core.data import (
    SAMPLES,
    LoadLimits,
    load_table,
    prepare_table,
    read_options,
    sample_csv_bytes,
    sample_file_name,
)
from core.deliver import ScriptSource, render_script
from core.errors import ModelPathError
from core.prepare import training_data
from core.recipe import Recipe

__all__ = ["export_script"]


def run(args: argparse.Namespace, stdout: TextIO) -> None:
    """The ``export`` command (``core.cli.main`` parses the arguments and handles errors)."""
    export_script(args.recipe, args.script, args.data, read=read_file, stdout=stdout)


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
        write_file(script_path.parent / name, content)
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
    write_file(script_path, render_script(recipe, source, table, data))
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
