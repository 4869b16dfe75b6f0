"""Advice on the Clean page: mostly empty columns, far outliers and categories spelled several
ways (duplicated rows are the Explore page's rule, given here too).
"""

from __future__ import annotations

import pandas as pd

from core.data import ColumnKind
from core.learn.advice._common import (
    DROP_MISSING_SHARE,
    FAR_OUTLIER_IQR,
    HEAVY_MISSING_SHARE,
    Action,
    Advice,
    _finite,
    _fmt,
    _Inputs,
    _pct,
    _q,
    _rows,
)
from core.prepare import clean_columns
from core.understand import spelling_variants

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _missing_columns(inputs: _Inputs) -> list[Advice]:
    """Heavy missingness: drop the column, or impute with indicators."""
    table = inputs.table
    if table is None or not len(table.frame):
        return []
    recipe = inputs.recipe
    n_rows = len(table.frame)
    skip = (ColumnKind.IDENTIFIER, ColumnKind.CONSTANT)
    # Counted after conversion, so values that could not be read count as missing too.
    missing = table.frame.isna().sum()
    shares = {
        c.name: int(missing[c.name]) / n_rows
        for c in table.columns
        if c.name != inputs.target and c.name not in inputs.excluded and c.kind not in skip
    }
    cap = recipe.cleaning.max_missing_share if recipe is not None else None
    heavy = [
        (share, name)
        for name, share in shares.items()
        if share >= HEAVY_MISSING_SHARE and (cap is None or share <= cap)
    ]
    out = []
    for share, column in sorted(heavy, reverse=True)[:2]:
        numbers = {"missing_share": share, "missing": int(missing[column]), "rows": n_rows}
        if share >= DROP_MISSING_SHARE:
            out.append(
                inputs.advice(
                    f"high_missing:{column}",
                    f"{_q(column)} is {_pct(share)} empty ({int(missing[column]):,} of "
                    f"{n_rows:,} rows): dropping it is usually better than imputing, which "
                    "would invent most of its values.",
                    numbers,
                    "warning",
                    Action("drop_column", f"Drop {_q(column)}", {"column": column}),
                )
            )
        else:
            indicators = recipe is not None and recipe.cleaning.missing_indicators
            how = (
                "the 'was missing' indicators you turned on let the model learn from the gaps"
                if indicators
                else "turn on 'was missing' indicators so the model can also learn from the gaps"
            )
            out.append(
                inputs.advice(
                    f"high_missing:{column}",
                    f"{_q(column)} is {_pct(share)} empty ({int(missing[column]):,} of {n_rows:,} "
                    "rows). "
                    f"Imputing fills many cells with one guess: {how}, or drop it if the gaps "
                    "mean nothing.",
                    numbers,
                    "tip",
                    Action("drop_column", f"Drop {_q(column)}", {"column": column}),
                )
            )
    return out


def _far_outliers(inputs: _Inputs) -> list[Advice]:
    """Values beyond 3 IQRs, counted on training rows (where the fences would be learned)."""
    data, recipe = inputs.data, inputs.recipe
    if data is None or (recipe is not None and recipe.cleaning.outliers != "none"):
        return []
    X = data.X_train
    worst = None
    for column in data.columns.numeric:
        values = pd.to_numeric(X[column], errors="coerce").dropna()
        if len(values) < 20:
            continue
        q1, q3 = (float(v) for v in values.quantile([0.25, 0.75]))
        spread = q3 - q1
        if not _finite(q1, q3) or spread <= 0:
            continue
        low, high = q1 - FAR_OUTLIER_IQR * spread, q3 + FAR_OUTLIER_IQR * spread
        count = int(((values < low) | (values > high)).sum())
        if count and (worst is None or count > worst[1]):
            worst = (column, count, low, high, len(values))
    if worst is None:
        return []
    column, count, low, high, n = worst
    tree_model = inputs.algorithm is not None and inputs.algorithm.family in ("tree", "ensemble")
    why = (
        "Trees barely notice them"
        if tree_model
        else "They pull linear and distance-based models towards themselves"
    )
    return [
        inputs.advice(
            f"outliers:{column}",
            f"{_q(column)} has {_rows(count, 'training value')} ({_pct(count / n)}) far outside "
            f"its usual range (below {_fmt(low)} or above {_fmt(high)}, 3 × IQR from the "
            f"quartiles). {why}; check they are real, then clip them or keep them.",
            {"outliers": count, "share": count / n, "low": low, "high": high},
            "tip",
        )
    ]


def _spellings(inputs: _Inputs) -> list[Advice]:
    """One category spelled several ways becomes several categories."""
    out = []
    for finding in inputs.findings("inconsistent_categories"):
        column = finding.column
        if column is None or column in inputs.excluded or _spellings_tidied(inputs, column):
            continue
        groups = int(finding.value or 0)
        out.append(
            inputs.advice(
                f"spellings:{column}",
                f"{_q(column)} spells {groups} value{'s' if groups != 1 else ''} in more than one "
                "way (case or spaces): a model counts each spelling as its own category. "
                "Normalise or merge them here.",
                {"groups": groups},
                "tip",
            )
        )
        break  # one column at a time: the same fix usually tidies the others
    return out


def _spellings_tidied(inputs: _Inputs, column: str) -> bool:
    """Whether the recipe's normalisation and merges already make one spelling of each value
    (the findings describe the table as read, before cleaning)."""
    table = inputs.table
    if inputs.recipe is None or table is None or column not in table.frame.columns:
        return False
    cleaned, _ = clean_columns(
        table.frame[[column]], [table.info(column)], inputs.recipe.cleaning, target=None
    )
    return not spelling_variants(cleaned[column])
