"""Widgets drawn from the model registry, and views of cross-validated results.

Hyperparameter widgets come from :class:`core.model.algorithms.ParamSpec`: log sliders for C, alpha
and learning rates, integer sliders, "no limit" switches for optional depths, selectboxes for
choices. Result views show a score with its spread, the training-fold score beside it, the
baseline and a plain reading.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core.evaluate import curve_chart, leaderboard_chart, search_chart
from core.model import (
    CVResult,
    Leaderboard,
    LeakageWarning,
    ModelSpec,
    ParamSpec,
    SearchResult,
    ValidationCurve,
    curve_values,
    describe_fit,
)
from core.understand import METRICS
from ui import text
from ui.components import show_chart
from ui.state import synced

__all__ = [
    "apply_best_label",
    "cards_table",
    "curve_view",
    "leaderboard_view",
    "learner_card",
    "param_widgets",
    "result_card",
    "search_view",
    "space_widgets",
    "stopped_note",
]


def _log_options(p: ParamSpec, current: float) -> list[float]:
    grid = {float(f"{v:.2g}") for v in np.geomspace(p.low, p.high, 31)}
    return sorted(grid | {float(current)})


def _shown_value(p: ParamSpec, value: Any) -> Any:
    """The value ``_widget`` shows for a committed hyperparameter, in the widget's terms."""
    if p.kind == "bool":
        return bool(value)
    if p.kind == "choice" or p.optional:
        return value
    return float(value) if p.kind == "float" else int(value)


def _widget(p: ParamSpec, value: Any, key: str) -> Any:
    label, help_text = p.name, p.meaning
    key = synced(key, _shown_value(p, value))
    if p.kind == "choice":
        return st.selectbox(
            label, p.choices, index=p.choices.index(value), format_func=str, key=key, help=help_text
        )
    if p.kind == "bool":
        return st.checkbox(label, value=bool(value), key=key, help=help_text)
    if p.optional:
        # One slider whose last stop is "no limit": a form cannot enable a second widget.
        options = [*range(int(p.low), int(p.high) + 1), None]
        return st.select_slider(
            label, options, value=value, format_func=_shown, key=key, help=help_text
        )
    if p.kind == "float" and p.log:
        return st.select_slider(
            f"{label} (log scale)",
            _log_options(p, value),
            value=float(value),
            format_func=lambda v: f"{v:g}",
            key=key,
            help=help_text,
        )
    if p.kind == "float":
        step = float(f"{(p.high - p.low) / 100:.2g}")
        return st.slider(
            label, float(p.low), float(p.high), float(value), step=step, key=key, help=help_text
        )
    if p.high - p.low <= 200:
        return st.slider(label, int(p.low), int(p.high), int(value), key=key, help=help_text)
    return st.number_input(
        label, int(p.low), int(p.high), int(value), step=1, key=key, help=help_text
    )


def param_widgets(spec: ModelSpec, params: Mapping[str, Any], *, prefix: str) -> dict[str, Any]:
    """One widget per hyperparameter (inside a form), starting from ``params``.

    Returns
    -------
    dict
        The hyperparameters that differ from the registry defaults.
    """
    chosen = {}
    columns = st.columns(2)
    for i, p in enumerate(spec.params):
        value = params.get(p.name, p.default)
        with columns[i % 2]:
            chosen[p.name] = _widget(p, value, f"{prefix}.{spec.key}.{p.name}")
    return {k: v for k, v in chosen.items() if v != spec.param(k).default}


def space_widgets(
    spec: ModelSpec, space: Mapping[str, Mapping[str, Any]], *, prefix: str
) -> dict[str, dict[str, Any]]:
    """Per hyperparameter: whether to search it, and its range or values (inside a form)."""
    chosen: dict[str, dict[str, Any]] = {}
    for p in spec.params:
        rng = space.get(p.name)
        key = f"{prefix}.{spec.key}.{p.name}"
        searched = st.checkbox(
            f"Search {p.name}", value=rng is not None, key=f"{key}.on", help=p.meaning
        )
        if p.kind in ("int", "float") and not p.optional:
            rng = rng if rng and "low" in rng else {"low": p.low, "high": p.high, "log": p.log}
            cols = st.columns(3)
            number = float if p.kind == "float" else int
            fmt = "%g" if p.kind == "float" else "%d"
            low = cols[0].number_input(
                "from",
                number(p.low),
                number(p.high),
                number(rng["low"]),
                format=fmt,
                key=f"{key}.low",
            )
            high = cols[1].number_input(
                "to",
                number(p.low),
                number(p.high),
                number(rng["high"]),
                format=fmt,
                key=f"{key}.high",
            )
            log = cols[2].checkbox("log scale", bool(rng.get("log")), key=f"{key}.log")
            entry = {"low": low, "high": high, "log": log}
        else:
            options = (
                list(p.choices)
                if p.kind == "choice"
                else ([False, True] if p.kind == "bool" else [*curve_values(spec, p.name, 8), None])
            )
            current = list(rng["values"]) if rng and "values" in rng else options
            current = [v for v in current if v in options] or options
            values = st.multiselect(
                "values", options, default=current, format_func=_shown, key=f"{key}.values"
            )
            entry = {"values": values}
        if searched:
            chosen[p.name] = entry
    return chosen


def _shown(value: Any) -> str:
    return "no limit" if value is None else str(value)


def stopped_note(stopped: str | None, done: int, planned: int, what: str = "folds") -> None:
    """Say why an action ended early and what the numbers are based on."""
    if stopped:
        why = "you stopped it" if stopped == "stopped" else "the time budget ran out"
        st.warning(
            f"Ended early because {why}: {done} of {planned} {what} finished. The numbers "
            "below come from those only."
        )


def result_card(
    result: CVResult,
    baseline: CVResult | None,
    previous: CVResult | None = None,
    *,
    warnings: Sequence[LeakageWarning] = (),
) -> None:
    """CV mean ± std, training-fold score, fit time, baseline and change vs previous run, and
    the one verdict (``describe_fit``; "suspicious" with a leakage warning)."""
    metric = METRICS[result.metric]
    stopped_note(result.stopped, len(result.folds), result.planned)
    cols = st.columns(4)
    delta = None
    if previous is not None and previous.plan_fingerprint == result.plan_fingerprint:
        delta = f"{metric.format_change(result.mean - previous.mean, signed=True)} vs previous run"
    cols[0].metric(
        f"CV {metric.label}",
        f"{metric.format(result.mean)} ± {metric.format(result.std, '.2g')}",
        delta=delta,
        delta_color="normal" if metric.greater_is_better else "inverse",
        help=f"Mean over {len(result.folds)} validation folds ± the spread between them.",
    )
    cols[1].metric(
        "Training-fold score",
        metric.format(result.train_mean),
        help="The same model scored on the rows it was trained on.",
    )
    cols[2].metric("Fit time per fold", f"{result.fit_seconds:.2f} s")
    if baseline is not None:
        cols[3].metric(
            f"Baseline {metric.label}",
            metric.format(baseline.mean),
            help="A model that ignores every feature, on the same folds.",
        )
    if previous is not None:
        st.caption(text.plain(_changes(previous, result)))
    reading = describe_fit(result, baseline, warnings=warnings)
    (text.error if warnings else text.info)(reading)
    for note in result.notes:
        text.warning(note)
    unit = " (%)" if metric.percent else ""
    with st.expander("Score of each fold"):
        st.dataframe(
            pd.DataFrame(
                {
                    "fold": [f.fold + 1 for f in result.folds],
                    f"validation{unit}": [metric.shown(f.test) for f in result.folds],
                    f"training{unit}": [
                        None if f.train is None else metric.shown(f.train) for f in result.folds
                    ],
                    "fit seconds": [f.fit_seconds for f in result.folds],
                }
            ),
            hide_index=True,
        )


def _changes(previous: CVResult, result: CVResult) -> str:
    if previous.plan_fingerprint != result.plan_fingerprint:
        return "The previous run used other folds or data, so the scores are not compared."
    if previous.algorithm != result.algorithm:
        return f"The previous run used {previous.label}."
    names = dict.fromkeys([*previous.params, *result.params])
    changed = [
        f"{name} {_shown(previous.params.get(name, '(default)'))} → "
        f"{_shown(result.params.get(name, '(default)'))}"
        for name in names
        if previous.params.get(name, "(default)") != result.params.get(name, "(default)")
    ]
    return "Changed since the previous run: " + (", ".join(changed) or "nothing") + "."


def leaderboard_view(board: Leaderboard) -> None:
    """The quick-comparison table and chart."""
    scored = sum(r.status == "scored" for r in board.rows)
    stopped_note(board.stopped, scored, len(board.rows), "algorithms")
    show_chart(leaderboard_chart(board), key="w.algorithm.leaderboard_chart")
    frame = board.frame()
    st.dataframe(frame, hide_index=True, column_config={"note": st.column_config.TextColumn()})
    if board.baseline is not None and board.best is not None:
        best = board.best.result
        metric = METRICS[board.metric]
        against = metric.format(board.baseline.mean, ".3g")
        text.info(
            f"Best: {board.best.label} with {metric.label} {metric.format(best.mean, '.3g')} ± "
            f"{metric.format(best.std, '.2g')}, against {against} for the baseline. Defaults "
            "only: tuning may change the order."
        )


def curve_view(curve: ValidationCurve) -> None:
    """The validation curve and its reading."""
    scored = sum(p.evaluation.status == "scored" for p in curve.points)
    stopped_note(curve.stopped, scored, len(curve.points), "values")
    show_chart(curve_chart(curve), key="w.tune.curve_chart")
    for reading in curve.readings:
        text.info(reading)
    for point in curve.points:
        if point.evaluation.error:
            text.warning(f"{curve.param} = {_shown(point.value)} failed: {point.evaluation.error}")


def search_view(result: SearchResult, params: Mapping[str, Any]) -> None:
    """The search's results table, chart and best setting, compared with the current one
    (``params``: the recipe's hyperparameters now)."""
    done = sum(r.evaluation.status == "scored" for r in result.rows)
    stopped_note(result.stopped, done, len(result.rows), "candidates")
    for note in result.notes:
        text.warning(note)
    if result.best is not None:
        best = result.best.evaluation.result
        values = ", ".join(f"{k} = {_shown(v)}" for k, v in result.best.values.items())
        of = (
            f"{len(result.rows)}"
            if done == len(result.rows)
            else (f"the {done} scored (of {len(result.rows)})")
        )
        metric = METRICS[result.metric]
        text.info(
            f"Best of {of} candidates: {values} — CV {metric.format(best.mean)} ± "
            f"{metric.format(best.std, '.2g')} (training folds {metric.format(best.train_mean)})."
        )
        now = result.searched_values(params)
        if now == dict(result.best.values):
            text.info("The best candidate is the current setting now.")
        elif result.current is not None and now != dict(result.current.values):
            then = ", ".join(f"{k} = {_shown(v)}" for k, v in result.current.values.items())
            text.info(
                f"This search compared its candidates with {then}, the setting at the time; "
                "the setting has changed since. Search again to compare with it."
            )
        else:
            comparison = result.comparison()
            _COMPARISON_SHOWN.get(comparison.verdict, text.info)(comparison.message)
    show_chart(search_chart(result), key="w.tune.search_chart")
    frame = result.frame()
    ascending = not METRICS[result.metric].greater_is_better
    score = f"{METRICS[result.metric].unit_label} (CV mean)"
    st.dataframe(frame.sort_values(score, ascending=ascending, na_position="last"), hide_index=True)
    if math.isfinite(result.seconds):
        st.caption(f"Searched in {result.seconds:.1f} s.")


_COMPARISON_SHOWN = {"better": text.success, "worse": text.warning, "unknown": text.warning}

# What applying the best candidate means, by how it compares with the current setting.
_APPLY_LABELS = {
    "better": "Apply the best setting",
    "noise": "Apply the best candidate anyway (no clear gain)",
    "worse": "Apply the best candidate anyway (scores lower)",
    "unknown": "Apply the best candidate (not compared with the current setting)",
}


def apply_best_label(result: SearchResult, params: Mapping[str, Any]) -> str | None:
    """The words of the button applying a search's best candidate; None when it would change
    nothing (no best candidate, or the best is the current setting: ``params``)."""
    comparison = result.comparison()
    if comparison is None:
        return None
    now = result.searched_values(params)
    if now == dict(result.best.values):
        return None
    if result.current is not None and now != dict(result.current.values):
        return "Apply the best setting of this search"
    if comparison.verdict == "noise" and comparison.difference < 0:
        return _APPLY_LABELS["worse"]  # within the noise, but still lower
    return _APPLY_LABELS.get(comparison.verdict)


def learner_card(spec: ModelSpec) -> None:
    """How an algorithm works, its strengths and weaknesses, and when to pick it."""
    card = spec.card
    st.markdown(f"**{spec.label}** — {card.how}")
    cols = st.columns(2)
    cols[0].markdown(f"**Strengths.** {card.strengths}")
    cols[1].markdown(f"**Weaknesses.** {card.weaknesses}")
    st.markdown(
        f"**Needs scaling:** {'yes' if card.needs_scaling else 'no'} · "
        f"**Missing values natively:** {'yes' if card.handles_missing else 'no'} · "
        f"**Cost:** {card.cost}"
    )
    st.markdown(f"**Pick it when:** {card.when}")


def cards_table(specs: list[ModelSpec]) -> pd.DataFrame:
    """Every learner card of a task, one row per algorithm."""
    return pd.DataFrame(
        [
            {
                "algorithm": s.label,
                "family": s.family,
                "needs scaling": s.card.needs_scaling,
                "missing values": s.card.handles_missing,
                "cost": s.card.cost,
                "pick it when": s.card.when,
            }
            for s in specs
        ]
    )
