"""Advice on the Data page: values the reader could not use, lines it skipped and headers it
renamed, and too few rows for the number of columns.
"""

from __future__ import annotations

import pandas as pd

from core.data import PreparedTable, parse_numbers, values_are_codes
from core.learn.advice._common import (
    COMFORTABLE_ROWS_PER_FEATURE,
    FEW_ROWS,
    FEW_TRAIN_ROWS,
    ROWS_PER_FEATURE,
    Advice,
    _Inputs,
    _pct,
    _q,
    _rows,
)

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _rows_per_feature(inputs: _Inputs) -> list[Advice]:
    """Too few rows per column and flexible models memorise."""
    table, n_features = inputs.table, inputs.n_features
    if table is None or not n_features:
        return []
    n_rows = len(table.frame)
    per_feature = n_rows / n_features
    numbers = {"rows": n_rows, "features": n_features, "rows_per_feature": per_feature}
    counts = f"{_rows(n_rows)} for {n_features} usable column{'s' if n_features > 1 else ''}"
    if n_rows < FEW_ROWS:
        return [
            inputs.advice(
                "few_rows",
                f"Only {counts}: scores will swing from one split to the next. Collect more "
                "rows if you can; prefer simple models and more folds.",
                numbers,
                "warning",
            )
        ]
    if per_feature < ROWS_PER_FEATURE:
        return [
            inputs.advice(
                "rows_per_feature",
                f"{counts} (about {per_feature:.0f} per column): with so few rows per column a "
                "flexible model finds chance patterns. Leave out columns you do not need, or "
                "collect more rows.",
                numbers,
                "warning",
            )
        ]
    if per_feature >= COMFORTABLE_ROWS_PER_FEATURE and n_rows >= FEW_TRAIN_ROWS:
        return [
            inputs.advice(
                "rows_per_feature",
                f"{counts} (about {per_feature:,.0f} per column): enough to learn from without "
                "collecting more first.",
                numbers,
                "good",
            )
        ]
    return []


def _read_problems(inputs: _Inputs) -> list[Advice]:
    """Values the reader could not use, lines it skipped and headers it renamed."""
    profile = inputs.profile
    if profile is None:
        return []
    out = []
    report = profile.loaded.report
    if report.skipped_lines:
        lines = report.skipped_lines
        shown = ", ".join(str(n) for n in lines[:5]) + ("…" if len(lines) > 5 else "")
        were = "line of the file was" if len(lines) == 1 else "lines of the file were"
        out.append(
            inputs.advice(
                "skipped_lines",
                f"{len(lines):,} {were} skipped ({were.split()[0]} {shown}): their rows are not "
                "in the table. Check that they were really broken.",
                {"skipped_lines": len(lines)},
                "warning",
            )
        )
    for finding in inputs.findings("mixed_types")[:2]:
        column = finding.column
        if column is None or column in inputs.excluded:
            continue
        advice = _unreadable(inputs, profile.table, column, finding.value)
        if advice is not None:
            out.append(advice)
    renamed = report.renamed_headers
    if renamed:
        shown = ", ".join(f"{_q(old)} → {_q(new)}" for old, new in renamed[:3])
        out.append(
            inputs.advice(
                "renamed_headers",
                f"{len(renamed)} column name{'s were' if len(renamed) > 1 else ' was'} blank, "
                f"repeated or padded and renamed ({shown}). Use the new names in recipes and "
                "new files.",
                {"renamed": len(renamed)},
                "tip",
            )
        )
    return out


def _unreadable(
    inputs: _Inputs, table: PreparedTable, column: str, lost: float | None
) -> Advice | None:
    """Values that are not of the column's kind: lost as missing, or turning numbers to text."""
    n_rows = len(table.frame)
    if not n_rows:
        return None
    if lost:
        count = int(lost)
        kind = table.info(column).kind.value
        return inputs.advice(
            f"unreadable_values:{column}",
            f"{_q(column)}: {_rows(count, 'value')} ({_pct(count / n_rows)}) could not be read "
            f"as {kind} and became missing. Fix them at the source, add them to the "
            "missing-value words, or change the column's kind.",
            {"values": count, "share": count / n_rows},
            "warning",
        )
    # Mostly numbers, kept as text: count the values that are not numbers.
    present = table.raw[column].dropna()
    numbers, _ = parse_numbers(present.astype("str"))
    text = present[numbers.isna().to_numpy()]
    if not len(text):
        return None
    examples = ", ".join(_q(v) for v in pd.unique(text.astype("str"))[:3])
    if values_are_codes(present.astype("str")):
        # Codes ("A/5 21171" beside "113803"): as numbers, every code with a letter would be
        # lost, so never suggest it.
        return inputs.advice(
            f"unreadable_values:{column}",
            f"{_q(column)} is mostly numbers, but {_rows(len(text), 'value')} "
            f"({_pct(len(text) / n_rows)}) are text (e.g. {examples}) and most values are "
            "different, like codes: keep it as text. Read as numbers, those values would "
            "become missing. If it names rows (a ticket or order number), exclude it.",
            {"values": len(text), "share": len(text) / n_rows},
            "warning",
        )
    return inputs.advice(
        f"unreadable_values:{column}",
        f"{_q(column)} is mostly numbers, but {_rows(len(text), 'value')} "
        f"({_pct(len(text) / n_rows)}) are text (e.g. {examples}), so the whole column is read "
        "as categories. Fix those values, add them to the missing-value words, or set the "
        "column's kind to numeric.",
        {"values": len(text), "share": len(text) / n_rows},
        "warning",
    )
