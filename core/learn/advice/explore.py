"""Advice on the Explore page: columns that leak the target, duplicated rows, rows without a
target, and identifier columns (left out automatically, which is why such a column disappears).
"""

from __future__ import annotations

from core.learn.advice._common import Action, Advice, _Inputs, _pct, _q, _rows

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _leakage(inputs: _Inputs) -> list[Advice]:
    """A column that predicts the target almost perfectly is usually a record of the outcome."""
    out = []
    for finding in inputs.findings("leakage_suspect"):
        column = finding.column
        if column is None or column in inputs.excluded:
            continue
        if finding.value is None:  # filled only for one outcome: the detail says how
            evidence = finding.detail.split("; ")[0]
        else:
            evidence = (
                f"{_q(column)} alone predicts {_q(inputs.target)} almost perfectly (it scores "
                f"{finding.value:.3f} on its own under cross-validation)"
            )
        out.append(
            inputs.advice(
                f"leakage:{column}",
                f"{evidence}. Is it known before the outcome happens? If not, exclude it: it "
                "inflates every score and fails in use.",
                {"score": finding.value if finding.value is not None else 1.0},
                "warning",
                Action("exclude_column", f"Exclude {_q(column)}", {"column": column}),
            )
        )
    for finding in inputs.findings("leakage_combination"):
        if not finding.columns or set(finding.columns) & set(inputs.excluded):
            continue
        # No one-click action: which of the columns is recorded after the outcome is the
        # person's knowledge, and leaving out one of them is usually enough.
        out.append(
            inputs.advice(
                "leakage:" + "+".join(finding.columns),
                f"{finding.detail.split('. ')[0]}. Are they all known before the outcome "
                "happens? Exclude the ones that are not: they inflate every score and fail in use.",
                {"score": finding.value or 0.0},
                "warning",
            )
        )
    return out


def _duplicates(inputs: _Inputs) -> list[Advice]:
    """Exact copies on both sides of the split test memory, not skill."""
    if inputs.recipe is not None and inputs.recipe.cleaning.drop_duplicates:
        return []
    count, n_rows = 0, 0
    if inputs.data is not None:
        count, n_rows = inputs.data.clean.duplicates_found, inputs.data.clean.rows_in
    else:
        for finding in inputs.findings("duplicate_rows"):
            count, n_rows = int(finding.value or 0), len(inputs.profile.table.frame)
    if not count or not n_rows:
        return []
    on_clean_page = inputs.step == "clean"
    return [
        inputs.advice(
            "duplicates",
            f"{_rows(count)} ({_pct(count / n_rows)}) exactly repeat an earlier row. Copies "
            "that land in both training and test rows let the model be tested on rows it "
            "memorised; drop them unless repeats are real, separate events.",
            {"duplicates": count, "share": count / n_rows},
            "warning",
            None if on_clean_page else Action("go_to", "Go to Clean", {"page": "clean"}),
        )
    ]


def _identifiers(inputs: _Inputs) -> list[Advice]:
    """IDs are left out automatically; saying so explains why a column 'disappears'."""
    names = [
        f.column
        for f in inputs.findings("identifier")
        if f.column is not None and f.column not in inputs.excluded
    ]
    if not names:
        return []
    shown = ", ".join(_q(n) for n in names[:3]) + (" …" if len(names) > 3 else "")
    looks = "looks like a row ID and is" if len(names) == 1 else "look like row IDs and are"
    return [
        inputs.advice(
            "identifiers",
            f"{shown} {looks} left out of the features: a model could memorise IDs but not "
            "generalise from them. If rows share an ID (one customer, many rows), use it to "
            "group the split instead.",
            {"identifiers": len(names)},
            "tip",
        )
    ]


def _missing_target(inputs: _Inputs) -> list[Advice]:
    """Rows without an answer are dropped; why they lack one may matter."""
    out = []
    for finding in inputs.findings("missing_target"):
        count = int(finding.value or 0)
        n_rows = len(inputs.profile.table.frame)
        if count and n_rows:
            out.append(
                inputs.advice(
                    "missing_target",
                    f"{_rows(count)} ({_pct(count / n_rows)}) have no {_q(inputs.target)}: they "
                    "are dropped before the split. If they are missing for a reason (e.g. not "
                    "yet known), the model learns only from the rest.",
                    {"rows": count, "share": count / n_rows},
                    "tip",
                )
            )
    return out
