"""The playground's figures: what the fitted model predicts over an even grid of one or two
columns, drawn as class regions (or probability contours) with the training rows as circles
and test rows as crosses, or as a value curve or heat map for a regression. Only the drawing:
:mod:`core.learn.playground` fits the model and scores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from sklearn.pipeline import Pipeline

from core.model import ModelSpec

_CURVE_STEPS_PER_GRID_STEP = 3  # a one-column curve costs grid, not grid², so it gets finer steps
_MAX_CLASS_TRACES = 12  # beyond this many classes, points share two traces instead of a legend
_REGION_WHITENESS = 0.55  # how far region colours are blended towards white, so points stand out
_TEMPLATE = "plotly_white"
_MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}
_TRAIN_COLOUR, _TEST_COLOUR, _LINE_COLOUR = "#1f77b4", "#ff7f0e", "#222222"


def _compact(values: np.ndarray) -> np.ndarray:
    """Single precision for what is only drawn: half the figure's size, far finer than pixels."""
    return np.asarray(values, dtype="float32")


def _finite(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype="float64")
    return values[np.isfinite(values)]


# --- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    model: Pipeline
    spec: ModelSpec
    columns: list[str]
    ranges: list[tuple[float, float]]
    grid: int
    X_fit: pd.DataFrame
    y_fit: pd.Series
    X_held: pd.DataFrame
    y_held: pd.Series
    target: str
    rng: np.random.Generator

    @property
    def two_columns(self) -> bool:
        return len(self.columns) == 2

    def axes(self) -> list[np.ndarray]:
        steps = self.grid if self.two_columns else self.grid * _CURVE_STEPS_PER_GRID_STEP
        return [np.linspace(low, high, steps) for low, high in self.ranges]

    def grid_frame(self) -> pd.DataFrame:
        axes = self.axes()
        if not self.two_columns:
            return pd.DataFrame({self.columns[0]: axes[0]})
        across, up = np.meshgrid(axes[0], axes[1])  # row j, column i ↔ (axes[0][i], axes[1][j])
        return pd.DataFrame({self.columns[0]: across.ravel(), self.columns[1]: up.ravel()})


def _layout(fig: go.Figure, context: _Context, **kwargs: Any) -> go.Figure:
    (x_low, x_high) = context.ranges[0]
    fig.update_layout(
        template=_TEMPLATE,
        margin=_MARGIN,
        height=480,
        xaxis={"title": {"text": context.columns[0]}, "range": [x_low, x_high]},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        **kwargs,
    )
    if context.two_columns:
        y_low, y_high = context.ranges[1]
        fig.update_yaxes(title_text=context.columns[1], range=[y_low, y_high])
    return fig


def _palette(n: int) -> list[str]:
    colours = qualitative.Plotly if n <= len(qualitative.Plotly) else qualitative.Alphabet
    return [colours[i % len(colours)] for i in range(n)]


def _whiter(colour: str, share: float = _REGION_WHITENESS) -> str:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    red, green, blue = (round(c + (255 - c) * share) for c in (red, green, blue))
    return f"rgb({red},{green},{blue})"


def _all_classes(y_train: pd.Series, model: Pipeline) -> list[object]:
    """Every training class, sorted like the model's, so colours do not depend on the sample."""
    _, uniques = pd.factorize(y_train, sort=True)
    known = list(uniques)
    return known + [c for c in model.classes_ if c not in known]


def _positive(wanted: object | None, model: Pipeline) -> object:
    classes = list(model.classes_)
    matches = [c for c in classes if c == wanted]
    return matches[0] if matches else classes[-1]


def _codes(values: Sequence[object] | np.ndarray, classes: list[object]) -> np.ndarray:
    """Positions of labels among ``classes`` (-1 for a label not among them)."""
    return pd.Index(classes).get_indexer(pd.Index(values))


def _class_figure(
    context: _Context, classes: list[object], positive: object | None
) -> tuple[go.Figure, str]:
    model, label = context.model, context.spec.label
    colours = _palette(len(classes))
    has_proba = hasattr(model, "predict_proba")
    frame = context.grid_frame()
    fig = go.Figure()
    if context.two_columns:
        axes = context.axes()
        shape = (len(axes[1]), len(axes[0]))
        if positive is not None and has_proba:
            at = list(model.classes_).index(positive)
            other = next(c for c in model.classes_ if c != positive)
            share = model.predict_proba(frame)[:, at].reshape(shape).astype("float32")
            fig.add_trace(_probability_regions(axes, share, colours, classes, positive, other))
            how = (
                f"The background is the probability the {label} gives the positive class at "
                "each point of the plane of the two columns: the deeper a class's colour, the "
                "surer it is; white is a toss-up, and the dark line is where its prediction "
                "switches."
            )
        else:
            codes = _codes(model.predict(frame), classes).reshape(shape).astype("int16")
            fig.add_trace(_class_regions(axes, codes, colours, classes))
            how = (
                f"The background is the class the {label} predicts at each point of the plane "
                "of the two columns, in that class's colour."
            )
        how += (
            " Circles are training rows and crosses test rows, coloured by their true class: a "
            "point on another class's colour is a mistake."
        )
        _class_points(fig, context, classes, colours, place=None)
        _layout(fig, context, legend_title_text="true class")
        return fig, how

    x_values = frame[context.columns[0]].to_numpy()
    if has_proba:
        probabilities = model.predict_proba(frame)
        shown = [positive] if positive is not None else list(model.classes_)
        for cls in _most_frequent(shown, context.y_fit):
            at = list(model.classes_).index(cls)
            fig.add_trace(
                go.Scatter(
                    x=x_values,
                    y=probabilities[:, at].astype("float32"),
                    mode="lines",
                    name=f"P({cls})",
                    line={"color": colours[classes.index(cls)], "width": 3},
                    hovertemplate="%{x:,.4g}: %{y:.2f}",
                )
            )
        if positive is not None:
            place = _binary_place(positive, context.rng)
            how = (
                f"The line is the probability the {label} gives the positive class as the "
                "column's value grows from left to right; where it crosses 0.5 the predicted "
                "class switches. Rows of the positive class sit at the top and the others at "
                "the bottom, spread a little so they do not hide each other."
            )
            y_axis = {"title": {"text": f"probability of {positive}"}, "range": [-0.12, 1.12]}
        else:
            place = _strip_place(context.rng)
            how = (
                f"Each line is the probability the {label} gives one class as the column's "
                "value grows from left to right; the class whose line is highest is predicted. "
                "The rows sit in the strip above, in their true class's colour."
            )
            y_axis = {"title": {"text": "predicted probability"}, "range": [-0.05, 1.25]}
    else:
        predicted = _codes(model.predict(frame), classes)
        fig.add_trace(
            go.Scatter(
                x=x_values,
                y=predicted.astype("int16"),
                mode="lines",
                name="predicted class",
                line={"color": _LINE_COLOUR, "width": 3, "shape": "hv"},
                hoverinfo="skip",
            )
        )
        place = _class_row_place(classes, context.rng)
        how = (
            f"The line is the class the {label} predicts as the column's value grows from left "
            "to right. Each row sits at its true class (spread a little so rows do not hide "
            "each other); rows away from the line are mistakes."
        )
        y_axis = {
            "title": {"text": "class"},
            "tickvals": list(range(len(classes))),
            "ticktext": [str(c) for c in classes],
            "range": [-0.6, len(classes) - 0.4],
        }
    how += " Circles are training rows and crosses test rows."
    _class_points(fig, context, classes, colours, place=place)
    _layout(fig, context, legend_title_text="true class", yaxis=y_axis)
    return fig, how


def _probability_regions(axes, share, colours, classes, positive, other) -> go.Contour:
    low, high = colours[classes.index(other)], colours[classes.index(positive)]
    return go.Contour(
        x=axes[0],
        y=axes[1],
        z=share,
        zmin=0.0,
        zmax=1.0,
        colorscale=[[0.0, _whiter(low)], [0.5, "#ffffff"], [1.0, _whiter(high)]],
        # One contour line, at 50 %: the decision boundary; the shading stays continuous.
        contours={"start": 0.5, "end": 0.5, "size": 1.0, "coloring": "heatmap"},
        autocontour=False,
        line={"color": _LINE_COLOUR, "width": 2},
        colorbar={"title": {"text": f"P({positive})"}, "len": 0.8, "tickvals": [0, 0.5, 1]},
        name="model",
        hovertemplate="%{x:,.4g}, %{y:,.4g}<br>probability of the positive class %{z:.2f}"
        "<extra></extra>",
    )


def _class_regions(axes, codes, colours, classes) -> go.Heatmap:
    n = len(classes)
    # A stepped scale: each class owns one equal band, so class i is drawn in colour i.
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, _whiter(colour)], [(i + 1) / n, _whiter(colour)]]
    return go.Heatmap(
        x=axes[0],
        y=axes[1],
        z=codes,
        zmin=-0.5,
        zmax=n - 0.5,
        colorscale=scale,
        colorbar={
            "title": {"text": "predicted"},
            "tickvals": list(range(n)),
            "ticktext": [str(c) for c in classes],
            "len": 0.8,
        },
        showscale=n <= 2 * _MAX_CLASS_TRACES,
        name="model",
        hoverinfo="skip",
    )


def _most_frequent(classes: list[object], y: pd.Series) -> list[object]:
    if len(classes) <= _MAX_CLASS_TRACES:
        return classes
    counts = y.value_counts()
    keep = set(sorted(classes, key=lambda c: -counts.get(c, 0))[:_MAX_CLASS_TRACES])
    return [c for c in classes if c in keep]


def _binary_place(positive: object, rng: np.random.Generator):
    def place(labels: pd.Series) -> np.ndarray:
        top = np.asarray(labels.to_numpy() == positive, dtype="float64")
        return top + rng.uniform(-0.04, 0.04, size=len(top))

    return place


def _strip_place(rng: np.random.Generator):
    def place(labels: pd.Series) -> np.ndarray:
        return 1.14 + rng.uniform(-0.07, 0.07, size=len(labels))

    return place


def _class_row_place(classes: list[object], rng: np.random.Generator):
    def place(labels: pd.Series) -> np.ndarray:
        rows = _codes(labels.to_numpy(), classes).astype("float64")
        return rows + rng.uniform(-0.18, 0.18, size=len(rows))

    return place


def _class_points(fig: go.Figure, context: _Context, classes, colours, *, place) -> None:
    """Training circles and test crosses coloured by true class; ``place`` gives y in 1-D."""
    for split, X, labels in (
        ("training", context.X_fit, context.y_fit),
        ("test", context.X_held, context.y_held),
    ):
        drawn = X.notna().all(axis=1).to_numpy()
        X, labels = X[drawn], labels[drawn]
        across = X[context.columns[0]].to_numpy()
        up = X[context.columns[1]].to_numpy() if context.two_columns else place(labels)
        codes = _codes(labels.to_numpy(), classes)
        marker = _marker(split)
        if len(classes) <= _MAX_CLASS_TRACES:
            for i, cls in enumerate(classes):
                mine = codes == i
                fig.add_trace(
                    go.Scatter(
                        x=_compact(across[mine]),
                        y=_compact(up[mine]),
                        mode="markers",
                        name=f"{cls} ({split})",
                        legendgroup=f"class {i}",
                        marker={**marker, "color": colours[i]},
                        hovertemplate="%{x:,.4g}, %{y:,.4g}",
                    )
                )
        else:
            fig.add_trace(
                go.Scatter(
                    x=_compact(across),
                    y=_compact(up),
                    mode="markers",
                    name=f"{split} rows",
                    marker={
                        **marker,
                        "color": [colours[c] if c >= 0 else "#999999" for c in codes],
                    },
                    text=[str(v) for v in labels.to_numpy()],
                    hovertemplate="%{text}<br>%{x:,.4g}, %{y:,.4g}",
                )
            )


def _marker(split: str) -> dict[str, Any]:
    if split == "training":
        return {"symbol": "circle", "size": 7, "line": {"color": "#ffffff", "width": 1}}
    return {"symbol": "x", "size": 9, "line": {"color": _LINE_COLOUR, "width": 1}}


def _value_figure(context: _Context) -> tuple[go.Figure, str]:
    model, label = context.model, context.spec.label
    frame = context.grid_frame()
    predicted = model.predict(frame).astype("float64")
    fig = go.Figure()
    if not context.two_columns:
        fig.add_trace(
            go.Scatter(
                x=frame[context.columns[0]].to_numpy(),
                y=predicted.astype("float32"),
                mode="lines",
                name="model",
                line={"color": _LINE_COLOUR, "width": 3},
                hovertemplate="%{x:,.4g}: predicted %{y:,.4g}",
            )
        )
        for split, X, values in (
            ("training", context.X_fit, context.y_fit),
            ("test", context.X_held, context.y_held),
        ):
            drawn = X.notna().all(axis=1).to_numpy()
            colour = _TRAIN_COLOUR if split == "training" else _TEST_COLOUR
            fig.add_trace(
                go.Scatter(
                    x=_compact(X[context.columns[0]].to_numpy()[drawn]),
                    y=_compact(values.to_numpy(dtype="float64")[drawn]),
                    mode="markers",
                    name=f"{split} rows",
                    marker={**_marker(split), "color": colour, "opacity": 0.7},
                    hovertemplate="%{x:,.4g}: %{y:,.4g}",
                )
            )
        _layout(fig, context, yaxis={"title": {"text": context.target}})
        how = (
            f"The line is the value the {label} predicts as the column's value grows from left "
            "to right; circles are training rows and crosses test rows at their true values, "
            "and the vertical distance from a point to the line is that row's error."
        )
        return fig, how

    axes = context.axes()
    surface = predicted.reshape(len(axes[1]), len(axes[0])).astype("float32")
    truth = _finite(context.y_fit.to_numpy(dtype="float64"))
    low, high = np.percentile(truth, [1, 99]) if truth.size else (surface.min(), surface.max())
    low, high = float(min(low, surface.min())), float(max(high, surface.max()))
    fig.update_layout(
        coloraxis={
            "colorscale": "Viridis",
            "cmin": low,
            "cmax": high if high > low else low + 1.0,
            "colorbar": {"title": {"text": context.target}, "len": 0.8},
        }
    )
    fig.add_trace(
        go.Heatmap(
            x=axes[0],
            y=axes[1],
            z=surface,
            coloraxis="coloraxis",
            name="model",
            hovertemplate="%{x:,.4g}, %{y:,.4g}<br>predicted %{z:,.4g}<extra></extra>",
        )
    )
    for split, X, values in (
        ("training", context.X_fit, context.y_fit),
        ("test", context.X_held, context.y_held),
    ):
        drawn = X.notna().all(axis=1).to_numpy()
        marker = _marker(split)
        if split == "test":
            marker["line"] = {"color": "#ffffff", "width": 1}
        fig.add_trace(
            go.Scatter(
                x=_compact(X[context.columns[0]].to_numpy()[drawn]),
                y=_compact(X[context.columns[1]].to_numpy()[drawn]),
                mode="markers",
                name=f"{split} rows",
                marker={
                    **marker,
                    "color": _compact(values.to_numpy(dtype="float64")[drawn]),
                    "coloraxis": "coloraxis",
                },
                hovertemplate="%{x:,.4g}, %{y:,.4g}<br>true %{marker.color:,.4g}",
            )
        )
    _layout(fig, context)
    how = (
        f"The background colour is the value the {label} predicts at each point of the plane "
        "of the two columns; circles (training rows) and crosses (test rows) are coloured by "
        "their true value on the same scale, so a point that stands out from the colour under "
        "it is badly predicted."
    )
    return fig, how
