"""The pair plot: every pair of a few numeric columns, drawn with seaborn to a PNG.

Unlike the other exploration charts this one is a static matplotlib image: at most
:data:`MAX_PAIRPLOT_COLUMNS` numeric columns and a seeded sample of at most
:data:`MAX_PAIRPLOT_ROWS` rows, optionally coloured by the target's classes. pyplot is not
thread-safe and streamlit serves sessions from threads, so drawing is serialised.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.errors import ModelPathError
from core.understand._explore_common import (
    _as_float,
    _column,
    _fresh,
    _is_number,
    _join,
    _plural,
    _sample_note,
    _sorted_classes,
)

__all__ = [
    "MAX_PAIRPLOT_COLUMNS",
    "MAX_PAIRPLOT_ROWS",
    "pairplot_png",
]

MAX_PAIRPLOT_COLUMNS = 6
"""Most numeric columns a pair plot draws."""
MAX_PAIRPLOT_ROWS = 1_000
"""Most rows a pair plot draws; larger tables are sampled."""

_MAX_HUE_CLASSES = 10

# pyplot is not thread-safe and streamlit serves sessions from threads.
_PYPLOT_LOCK = threading.Lock()


def _pyplot():  # returns the pyplot module, switching to Agg only if pyplot is not loaded
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def pairplot_png(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    hue: str | None = None,
    seed: int = 0,
) -> tuple[bytes, str | None]:
    """A seaborn pair plot of a few numeric columns, as PNG bytes.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, columns already converted to their kinds.
    columns : Sequence[str]
        Columns to plot; those that are not numeric are skipped (and counted in the note).
    hue : str or None, default=None
        A class target to colour the points by. With more than 10 classes the colouring is
        dropped and the note says so.
    seed : int, default=0
        Seed of the row sample.

    Returns
    -------
    png : bytes
        The rendered image.
    note : str or None
        What was sampled or skipped.

    Raises
    ------
    ModelPathError
        If none or more than ``MAX_PAIRPLOT_COLUMNS`` of the columns are numeric, or ``hue``
        is not in the table.
    """
    names = [name for name in dict.fromkeys(columns) if name in frame.columns]
    numeric = [name for name in names if _is_number(frame[name])]
    if not numeric:
        raise ModelPathError(
            "None of the chosen columns is numeric.",
            "A pair plot draws numeric columns against each other.",
            f"Pick between one and {MAX_PAIRPLOT_COLUMNS} numeric columns.",
        )
    if len(numeric) > MAX_PAIRPLOT_COLUMNS:
        raise ModelPathError(
            f"{len(numeric)} numeric columns were chosen; a pair plot shows at most "
            f"{MAX_PAIRPLOT_COLUMNS}.",
            "Each extra column adds a whole row and column of small charts, which become "
            "unreadable.",
            f"Pick at most {MAX_PAIRPLOT_COLUMNS} columns, for example the ones most "
            "correlated with the target.",
        )
    notes: list[str] = []
    n_skipped = len(list(dict.fromkeys(columns))) - len(numeric)
    if n_skipped:
        notes.append(f"Not numeric, so left out: {_plural(n_skipped, 'chosen column')}.")
    data = pd.DataFrame({name: _as_float(frame[name]) for name in numeric})
    keep = data.notna().any(axis=1).to_numpy()
    hue_name = None
    if hue is not None:
        hue_series = _column(frame, hue, "colour-by")
        if hue_series.nunique(dropna=True) > _MAX_HUE_CLASSES:
            notes.append(f"Not coloured by class: there are more than {_MAX_HUE_CLASSES} classes.")
        else:
            hue_name = _fresh(str(hue), numeric)
            data[hue_name] = hue_series.map(str, na_action="ignore").to_numpy(dtype=object)
            keep = keep & hue_series.notna().to_numpy()
    data = data[keep]
    n = len(data)
    if n == 0:
        raise ModelPathError(
            "No row has a value in the chosen columns.",
            "A pair plot needs rows to draw.",
            "Pick columns with fewer missing values.",
        )
    if n > MAX_PAIRPLOT_ROWS:
        rng = np.random.default_rng(seed)
        data = data.iloc[np.sort(rng.choice(n, size=MAX_PAIRPLOT_ROWS, replace=False))]
        notes.insert(0, _sample_note(MAX_PAIRPLOT_ROWS, n))
    hue_order = _sorted_classes(list(pd.unique(data[hue_name]))) if hue_name else None

    import matplotlib
    import seaborn as sns

    with _PYPLOT_LOCK:
        plt = _pyplot()
        # Column names must show literally, not as mathtext ("$" pairs).
        with matplotlib.rc_context({"text.parse_math": False}), sns.axes_style("ticks"):
            grid = sns.pairplot(
                data.reset_index(drop=True),
                vars=numeric,
                hue=hue_name,
                hue_order=hue_order,
                diag_kind="hist",
                height=2.0,
                plot_kws={"s": 12, "alpha": 0.6, "linewidth": 0},
            )
            try:
                buffer = io.BytesIO()
                grid.figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
            finally:
                plt.close(grid.figure)
    return buffer.getvalue(), _join(notes)
