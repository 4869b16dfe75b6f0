"""What changed between two recipes: one row per setting that differs.

:func:`recipe_changes` compares two recipes field by field (nested values by dotted name) and
lists each changed setting with short texts for its old and new value, so the Runs page and the
comparison of two runs can say what was done differently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from core.recipe import Recipe

__all__ = [
    "CHANGE_COLUMNS",
    "recipe_changes",
]

CHANGE_COLUMNS = ("section", "setting", "before", "after")
_MISSING = "—"  # how a missing value reads, here and in run comparisons
_MAX_SHOWN_CHARS = 80


def _flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):  # an empty mapping has no settings to list
            flat.update(_flatten(item, f"{name}."))
        else:
            flat[name] = item
    return flat


def _shown(value: Any) -> str:
    """A short, JSON-like rendering of a setting (text unquoted; missing as a dash)."""
    if value is None:
        return _MISSING
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > _MAX_SHOWN_CHARS:
        text = text[: _MAX_SHOWN_CHARS - 1] + "…"
    return text


def recipe_changes(before: Recipe, after: Recipe) -> pd.DataFrame:
    """The settings that differ between two recipes, one row per changed leaf field.

    Parameters
    ----------
    before, after : Recipe
        The two recipes, e.g. of an earlier and a later run.

    Returns
    -------
    pandas.DataFrame
        Columns ``"section"``, ``"setting"`` (dotted for nested values, e.g.
        ``"params.max_depth"``), ``"before"`` and ``"after"`` (short texts; a missing value is
        ``"—"``), in recipe section order. Empty (with those columns) when nothing differs.

    Examples
    --------
    >>> from core.recipe import Recipe
    >>> recipe_changes(Recipe(), Recipe()).empty
    True
    """
    old, new = before.to_dict(), after.to_dict()
    rows = []
    for section in old:
        if section == "schema_version":
            continue
        left, right = _flatten(old[section]), _flatten(new[section])
        names = list(left) + [name for name in right if name not in left]
        for name in names:
            a, b = left.get(name), right.get(name)
            # True == 1 in Python, but a switch from 1 to true is a change of setting.
            if a != b or isinstance(a, bool) != isinstance(b, bool):
                rows.append(
                    {"section": section, "setting": name, "before": _shown(a), "after": _shown(b)}
                )
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
