"""Reading and writing the files the commands are given, with messages for people.

Every command reads its files through :func:`read_file` and writes through :func:`write_file`,
so a missing file, a folder or a failed write is a one-line :class:`~core.errors.ModelPathError`
(exit code 2), never a traceback. ``profile`` and ``train`` share the options that say how a
data file is read (:func:`add_read_options`) and how they apply to the recipe
(:func:`load_recipe_and_table`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core.data import LoadedTable, LoadLimits, load_table, read_options
from core.errors import ModelPathError
from core.recipe import Recipe

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}


def add_read_options(parser: argparse.ArgumentParser) -> None:
    """The options that say how a data file is read (shared by ``profile`` and ``train``)."""
    parser.add_argument("--sheet", help="Excel sheet name (default: the first)")
    parser.add_argument("--delimiter", choices=sorted(DELIMITERS), help="default: detect")
    parser.add_argument("--encoding", help="e.g. utf-8, cp1252 (default: detect)")
    parser.add_argument(
        "--na",
        help="comma-separated tokens read as missing, replacing the defaults "
        '(e.g. --na ",NULL,?" ; pass --na "" to treat only empty cells as missing)',
    )
    parser.add_argument(
        "--skip-bad-lines", action="store_true", help="skip rows with too many fields"
    )


def read_file(path: Path) -> bytes:
    """The bytes of the file at ``path``, or a ModelPathError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ModelPathError(
            f"There is no file at {str(path)!r}.", "", "Check the path and try again."
        ) from None
    except IsADirectoryError:
        raise ModelPathError(
            f"{str(path)!r} is a folder, not a file.", "", "Give the path of a data file."
        ) from None
    except OSError as exc:
        raise ModelPathError(
            f"The file {str(path)!r} could not be read ({exc.strerror}).",
            "",
            "Check the file's permissions.",
        ) from None


def load_recipe_and_table(args: argparse.Namespace) -> tuple[Recipe, LoadedTable]:
    """The recipe (from --recipe, else fresh) with the read options applied, and the table."""
    recipe = Recipe()
    if args.recipe is not None:
        recipe = Recipe.from_json(read_file(args.recipe).decode("utf-8", errors="replace"))
    data = recipe.data
    changes: dict[str, object] = {}
    if args.sheet is not None:
        changes["sheet"] = args.sheet
    if args.delimiter is not None:
        changes["delimiter"] = DELIMITERS[args.delimiter]
    if args.encoding is not None:
        changes["encoding"] = args.encoding.lower()
    if args.na is not None:
        changes["na_tokens"] = tuple(dict.fromkeys(t.strip() for t in args.na.split(",")))
    if args.skip_bad_lines:
        changes["skip_bad_lines"] = True
    data = data.with_changes(**changes)
    recipe = recipe.with_section(data)
    content = read_file(args.file)
    loaded = load_table(
        content, args.file.name, options=read_options(data), limits=LoadLimits.from_env()
    )
    return recipe, loaded


def write_file(path: Path, content: bytes | str) -> None:
    """Write ``content`` (text as UTF-8), creating folders; a ModelPathError when it fails."""
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
