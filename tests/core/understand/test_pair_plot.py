"""Tests for core.understand.pair_plot: the seaborn pair plot as PNG bytes."""

from __future__ import annotations

import pandas as pd
import pytest

import core.understand.pair_plot as pair_plot
from core.errors import ModelPathError


def test_pairplot_png_returns_png_and_sampling_note(big) -> None:
    frame, _ = big
    png, note = pair_plot.pairplot_png(frame, ["num", "skewed", "cat"], hue="kind3")
    assert png.startswith(b"\x89PNG")
    assert "random sample of 1,000" in note
    assert "Not numeric" in note


def test_pairplot_png_small_frame_has_no_note() -> None:
    frame = pd.DataFrame({"$a$": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0]})
    png, note = pair_plot.pairplot_png(frame, ["$a$", "b"])
    assert png.startswith(b"\x89PNG")
    assert note is None


def test_pairplot_png_rejects_no_numeric_or_too_many_columns(small) -> None:
    frame, _ = small
    with pytest.raises(ModelPathError, match="None of the chosen columns is numeric"):
        pair_plot.pairplot_png(frame, ["cat", "color"])
    wide = pd.DataFrame({f"c{i}": [1.0, 2.0] for i in range(pair_plot.MAX_PAIRPLOT_COLUMNS + 1)})
    with pytest.raises(ModelPathError, match="at most 6"):
        pair_plot.pairplot_png(wide, list(wide.columns))
