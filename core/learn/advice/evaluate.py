"""Advice on the Tune, Evaluate and Improve pages, from a trained model: a suspicious score, over-
or underfitting with the remedy as one click, whether it beats the baseline, the noise floor of
the score, and how it does on new rows.
"""

from __future__ import annotations

import math
from typing import Any

from core.evaluate import Diagnosis, setting_text
from core.learn.advice._common import Action, Advice, _finite, _Inputs, _q, _rows, _score_noise
from core.model import leave_out_label

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _current_value(inputs: _Inputs, param: str) -> Any:
    """The hyperparameter's value in the trained model (else the recipe), or its default."""
    if inputs.trained is not None:
        params = inputs.trained.cv.params
    else:
        params = inputs.recipe.model.params if inputs.recipe is not None else {}
    if param in params:
        return params[param]
    spec = inputs.algorithm
    if spec is not None:
        for p in spec.params:
            if p.name == param:
                return p.default
    return None


def _param_action(inputs: _Inputs, diagnosis: Diagnosis) -> tuple[str, Action | None]:
    """The first remedy that changes a hyperparameter, as words and a one-click action."""
    for remedy in diagnosis.remedies:
        if remedy.param is not None:
            current = _current_value(inputs, remedy.param)
            words = (
                f"try {remedy.param} = {setting_text(remedy.value)} (now {setting_text(current)})"
            )
            label = f"Set {remedy.param} to {setting_text(remedy.value)}"
            action = Action("set_param", label, {"param": remedy.param, "value": remedy.value})
            return words, action
    for remedy in diagnosis.remedies:
        if remedy.page is not None:
            text = remedy.text.rstrip(".")
            words = text[0].lower() + text[1:]
            page = remedy.page.replace("_", " ").capitalize()
            return words, Action("go_to", f"Go to {page}", {"page": remedy.page})
    return "", None


def _suspicious(inputs: _Inputs) -> list[Advice]:
    """A model that learned from a likely leak: no other reading of its scores holds."""
    trained = inputs.trained
    if trained is None or not trained.warnings:
        return []
    columns = tuple(dict.fromkeys(c for w in trained.warnings for c in w.columns))
    label = inputs.metric_label()
    # The same one action as the Metrics and Diagnosis pages: every named column, and retrain.
    action = Action("leave_out_and_retrain", leave_out_label(columns), {"columns": columns})
    return [
        inputs.advice(
            "suspicious",
            f"Suspicious (likely leakage): cross-validated {label} "
            f"{inputs.score_text(trained.cv.mean)}, but "
            f"the model learned from {', '.join(_q(c) for c in columns)}. "
            + " ".join(w.message for w in trained.warnings),
            {"cv": trained.cv.mean},
            "warning",
            action,
        )
    ]


def _fit(inputs: _Inputs) -> list[Advice]:
    """The diagnosis's verdict (core.model.verdict's, the one every page shows), with the first
    concrete remedy."""
    diagnosis = inputs.diagnosis
    if diagnosis is None:
        return []
    if diagnosis.verdict == "suspicious":
        return _suspicious(inputs)
    figures = diagnosis.figures
    train, cv = figures.get("training score"), figures.get("CV score")
    if not _finite(train, cv):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    numbers = {"train": train, "cv": cv, "gap": abs(train - cv)}
    if diagnosis.verdict == "overfitting":
        words, action = _param_action(inputs, diagnosis)
        return [
            inputs.advice(
                "overfitting",
                f"Training {label} {score(train)} vs cross-validated {score(cv)}: the model "
                "memorises the rows it sees" + (f"; {words}." if words else "."),
                numbers,
                "warning",
                action,
            )
        ]
    if diagnosis.verdict == "underfitting":
        words, action = _param_action(inputs, diagnosis)
        base = figures.get("baseline (CV)")
        against = f" (baseline {score(base)})" if _finite(base) else ""
        if _finite(base):
            numbers["baseline"] = base
        return [
            inputs.advice(
                "underfitting",
                f"Even on its training rows the model gets only {label} {score(train)}"
                f"{against}, and {score(cv)} cross-validated: it is too simple for the pattern, "
                "or the features carry little signal" + (f"; {words}." if words else "."),
                numbers,
                "warning",
                action,
            )
        ]
    if diagnosis.verdict == "more data":
        return [
            inputs.advice(
                "more_data",
                f"The validation {label} ({score(cv)}) was still rising at the largest training "
                "size: more rows would likely help more than tuning.",
                numbers,
                "tip",
                Action("go_to", "Go to New data", {"page": "new_data"}),
            )
        ]
    # Only "good fit" is left: read_fit found the gap small next to the baseline-to-perfect
    # distance and the fold spread, so the words say exactly that.
    return [
        inputs.advice(
            "good_fit",
            f"Good fit: training ({score(train)}) and cross-validated ({score(cv)}) {label} agree, "
            f"a gap of {inputs.change_text(abs(train - cv))}, small next to the distance from the "
            "baseline to a perfect score.",
            numbers,
            "good",
        )
    ]


def _beats_baseline(inputs: _Inputs) -> list[Advice]:
    """A model that does not beat the dummy has learned nothing, whatever its score."""
    trained = inputs.trained
    if trained is None or trained.baseline_cv is None or not trained.baseline_cv.folds:
        return []
    if trained.warnings:  # a leak's lead over the baseline is no achievement
        return []
    cv, base, spread = trained.cv.mean, trained.baseline_cv.mean, trained.cv.std
    if not _finite(cv, base, spread):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    margin = inputs.sign() * (cv - base)
    numbers = {"cv": cv, "baseline": base, "std": spread}
    if margin <= max(spread, 1e-12):
        return [
            inputs.advice(
                "no_better_than_baseline",
                f"Cross-validated {label} {score(cv)} ± {score(spread)} is no better than the "
                f"baseline's {score(base)}, which ignores every feature: the model has learned "
                "nothing useful yet. Look for features that carry the signal.",
                numbers,
                "warning",
                Action("go_to", "Go to Features", {"page": "features"}),
            )
        ]
    if inputs.step == "evaluate":
        return [
            inputs.advice(
                "beats_baseline",
                f"Cross-validated {label} {score(cv)} beats the baseline's {score(base)} by "
                f"{inputs.change_text(abs(cv - base))}, more than the fold-to-fold spread "
                f"({score(spread)}).",
                numbers,
                "good",
            )
        ]
    return []


def _noise_floor(inputs: _Inputs) -> list[Advice]:
    """Differences smaller than the fold spread are luck."""
    trained = inputs.trained
    if trained is None or len(trained.cv.folds) < 2:
        return []
    spread = trained.cv.std
    if not _finite(spread) or spread <= 0:
        return []
    return [
        inputs.advice(
            "noise_floor",
            f"Across folds, {inputs.metric_label()} varies by ± {inputs.score_text(spread)}: a "
            "setting or run must beat another by more than that to count as better.",
            {"std": spread},
            "tip",
        )
    ]


def _new_rows(inputs: _Inputs) -> list[Advice]:
    """How the earlier model did on rows it never saw, against its own test score."""
    trained = inputs.trained
    check = trained.new_rows if trained is not None else None
    if check is None or not _finite(check.score, check.earlier_test_score):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    earlier, now = float(check.earlier_test_score), float(check.score)
    worse = inputs.sign() * (earlier - now)
    numbers = {"new_rows": check.rows, "score": now, "earlier_test_score": earlier}
    # Both scores are measured once, on the test split and on the new rows: both are noisy.
    noise = math.hypot(
        _score_noise(inputs, trained, trained.n_test), _score_noise(inputs, trained, check.rows)
    )
    if worse > max(2 * noise, 1e-12):
        return [
            inputs.advice(
                "drift",
                f"On {_rows(check.rows, 'new row')} the earlier model scores {label} "
                f"{score(now)}, against {score(earlier)} on its own test split: the new rows "
                "differ from the old ones. Retraining on all rows lets the model catch up.",
                numbers,
                "warning",
            )
        ]
    return [
        inputs.advice(
            "no_drift",
            f"On {_rows(check.rows, 'new row')} the earlier model scores {label} {score(now)}, "
            f"in line with {score(earlier)} on its test split: the new rows look like the old.",
            numbers,
            "good",
        )
    ]
