"""``python -m core``: the headless face of ModelPath.

Subcommands share the app's core functions, so their numbers agree with the app. Exit code 0
on success; 2 with a one-line message on bad input (never a traceback for an expected error).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from core.dataset import read_options
from core.errors import ModelPathError
from core.intake import LoadLimits, load_table
from core.profile import DatasetProfile, profile_table
from core.recipe import Recipe

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m core", description="ModelPath from the command line.")
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
    profile.add_argument("--sheet", help="Excel sheet name (default: the first)")
    profile.add_argument("--delimiter", choices=sorted(_DELIMITERS), help="default: detect")
    profile.add_argument("--encoding", help="e.g. utf-8, cp1252 (default: detect)")
    profile.add_argument(
        "--na",
        help="comma-separated tokens read as missing, replacing the defaults "
        '(e.g. --na ",NULL,?" ; pass --na "" to treat only empty cells as missing)',
    )
    profile.add_argument(
        "--skip-bad-lines", action="store_true", help="skip rows with too many fields"
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
        if args.command == "profile":
            profile = _profile(args)
            if args.json:
                out.write(json.dumps(profile.to_dict(), indent=2, ensure_ascii=False) + "\n")
            else:
                out.write(render_profile(profile))
            return EXIT_OK
    except ModelPathError as exc:
        sys.stderr.write(f"error: {exc.one_line()}\n")
        return EXIT_BAD_INPUT
    raise AssertionError(f"unhandled command {args.command}")  # argparse guarantees a command


def _read_file(path: Path) -> bytes:
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


def _profile(args: argparse.Namespace) -> DatasetProfile:
    recipe = Recipe()
    if args.recipe is not None:
        recipe = Recipe.from_json(_read_file(args.recipe).decode("utf-8", errors="replace"))
    data = recipe.data
    changes: dict[str, object] = {}
    if args.sheet is not None:
        changes["sheet"] = args.sheet
    if args.delimiter is not None:
        changes["delimiter"] = _DELIMITERS[args.delimiter]
    if args.encoding is not None:
        changes["encoding"] = args.encoding.lower()
    if args.na is not None:
        changes["na_tokens"] = tuple(dict.fromkeys(t.strip() for t in args.na.split(",")))
    if args.skip_bad_lines:
        changes["skip_bad_lines"] = True
    data = data.with_changes(**changes)
    recipe = recipe.with_section(data)
    content = _read_file(args.file)
    loaded = load_table(
        content, args.file.name, options=read_options(data), limits=LoadLimits.from_env()
    )
    return profile_table(loaded, recipe, target=args.target)


def render_profile(profile: DatasetProfile) -> str:
    """The profile as readable plain-text tables."""
    report = profile.loaded.report
    lines = [f"File: {report.file_name} ({report.file_format}, {report.size_bytes:,} bytes)"]
    lines.append(report.reading_summary())
    lines.append(f"Rows: {report.n_rows:,}   Columns: {report.n_columns:,}")
    for original, new in report.renamed_headers:
        lines.append(f"Renamed header {original!r} -> {new!r}")
    if report.skipped_lines:
        shown = ", ".join(str(n) for n in report.skipped_lines[:20])
        lines.append(f"Skipped {len(report.skipped_lines):,} bad lines: {shown}")
    lines.extend(f"Note: {note}" for note in report.notes)
    lines += ["", "Columns"]
    rows = [("name", "kind", "missing", "unique", "why")]
    rows += [
        (c.name, c.kind.value, f"{c.n_missing:,}", f"{c.n_unique:,}", c.reason)
        for c in profile.table.columns
    ]
    lines += _table(rows)
    if profile.target is not None:
        lines += ["", f"Target: {profile.target}"]
        if profile.task is not None:
            lines.append(f"Task: {profile.task.task} — {profile.task.reason}")
        if profile.task_error:
            lines.append(f"Cannot model this target: {profile.task_error}")
        if profile.metric_advice is not None:
            advice = profile.metric_advice
            lines.append(f"Suggested metric: {advice.metric} — {advice.reason}")
    lines += ["", f"Findings ({len(profile.findings)})"]
    if not profile.findings:
        lines.append("No problems found.")
    for finding in profile.findings:
        lines.append(f"[{finding.severity.value}] {finding.title}")
        lines.append(f"    {finding.detail}")
        lines.append(f"    What to do: {finding.action}")
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [min(max(len(r[i]) for r in rows), 28) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [cell[:28].ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        out.append("  ".join([*cells, row[-1]]))
    return out
