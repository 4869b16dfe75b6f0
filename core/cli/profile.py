"""``python -m core profile FILE [--target COL]``: the load report, column kinds, task, metric
and findings of a table, as plain-text tables or JSON (``--json``)."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from core.cli._files import load_recipe_and_table
from core.understand import DatasetProfile, profile_table

__all__ = ["render_profile"]


def run(args: argparse.Namespace, stdout: TextIO) -> None:
    """The ``profile`` command (``core.cli.main`` parses the arguments and handles errors)."""
    profile = _profile(args)
    if args.json:
        stdout.write(json.dumps(profile.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        stdout.write(render_profile(profile))


def _profile(args: argparse.Namespace) -> DatasetProfile:
    recipe, loaded = load_recipe_and_table(args)
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
