"""Advice on the Deliver page: the test score against the cross-validated one, categories the
model never saw, and quoting the score together with the baseline's.
"""

from __future__ import annotations

from core.learn.advice._common import Advice, _finite, _Inputs, _pct, _q, _rows, _score_noise

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _test_vs_cv(inputs: _Inputs) -> list[Advice]:
    """The test score should agree with cross-validation within the noise of one split."""
    trained = inputs.trained
    final = trained.final if trained is not None else None
    if final is None or trained.n_test <= 0 or trained.warnings:
        return []  # a leaky model's test score agreeing with its CV proves nothing
    test, cv, spread = final.test_score, trained.cv.mean, trained.cv.std
    if not _finite(test, cv, spread):
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    noise = _score_noise(inputs, trained, trained.n_test)
    worse = inputs.sign() * (cv - test)
    numbers = {"test": test, "cv": cv, "std": spread}
    if worse > max(2 * noise, 1e-9 * max(abs(cv), 1.0)):
        return [
            inputs.advice(
                "test_below_cv",
                f"The test {label} {score(test)} is clearly worse than cross-validation's "
                f"{score(cv)} ± {score(spread)}: the test rows differ from the training rows, or "
                "the settings were tuned to the folds. Find out why before delivering.",
                numbers,
                "warning",
            )
        ]
    if -worse > max(2 * noise, 1e-9 * max(abs(cv), 1.0)):
        return [
            inputs.advice(
                "test_above_cv",
                f"The test {label} {score(test)} is better than cross-validation's {score(cv)} "
                f"± {score(spread)}: the test split may be easier than usual. Quote the CV "
                "score as the expected one.",
                numbers,
                "tip",
            )
        ]
    return [
        inputs.advice(
            "test_agrees",
            f"The test {label} {score(test)} agrees with cross-validation's {score(cv)} ± "
            f"{score(spread)}: the score is believable on new rows like these.",
            numbers,
            "good",
        )
    ]


def _unseen_categories(inputs: _Inputs) -> list[Advice]:
    """Categories the model never saw in training will keep arriving in use."""
    data = inputs.data
    if data is None or not data.columns.categorical or not len(data.X_test):
        return []
    worst = None
    for column in data.columns.categorical:
        test = data.X_test[column].dropna()
        unseen = test[~test.isin(data.X_train[column].dropna().unique())]
        if len(unseen) and (worst is None or len(unseen) > worst[1]):
            worst = (column, len(unseen), sorted(set(unseen.astype("str")))[:3])
    if worst is None:
        return []
    column, count, examples = worst
    shown = ", ".join(_q(v) for v in examples)
    n_test = len(data.X_test)
    return [
        inputs.advice(
            f"unseen_categories:{column}",
            f"{_q(column)} holds values the model never saw in training in "
            f"{_rows(count, 'test row')} ({_pct(count / n_test)}; e.g. {shown}). New data will "
            "bring more: they are read as unknown, so predictions for such rows rest on the "
            "other columns.",
            {"rows": count, "share": count / n_test},
            "tip",
        )
    ]


def _quote_with_baseline(inputs: _Inputs) -> list[Advice]:
    """A delivered score means something only beside the baseline's, on the same test rows."""
    trained = inputs.trained
    final = trained.final if trained is not None else None
    if final is None or not _finite(final.test_score, final.baseline_test_score):
        return []
    if trained.warnings:  # never "quote" a score that rests on a leak
        return []
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    test, base = final.test_score, final.baseline_test_score
    numbers = {"test": test, "baseline": base, "test_rows": trained.n_test}
    if inputs.sign() * (test - base) <= 0:
        return [
            inputs.advice(
                "test_not_above_baseline",
                f"On the {trained.n_test:,} test rows the model scores {label} {score(test)}, no "
                f"better than the baseline's {score(base)}, which ignores every feature: it is "
                "not worth delivering yet.",
                numbers,
                "warning",
            )
        ]
    return [
        inputs.advice(
            "quote_baseline",
            f"Quote the test {label} {score(test)} with its baseline, {score(base)} for a model "
            f"that ignores the features, and the {trained.n_test:,} test rows it was measured "
            "on.",
            numbers,
            "tip",
        )
    ]
