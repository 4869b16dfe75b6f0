"""After training with a leak kept: Metrics, Diagnosis, Runs, Why and Export say "suspicious",
never "believable", "good fit" or "ready"; the one action leaves the column out and retrains."""

from __future__ import annotations

from tests.pages.conftest import load_sample, open_page, texts, unescape
from tests.pages.conftest import wait_for_job as _wait

LEAK = "cancellation_reason"
PRAISE = ("believable", "good fit", "ready to deliver", "quote the test", "no sign of memorising")


def _all_text(at) -> str:
    parts = [
        *texts(at.info),
        *texts(at.error),
        *texts(at.warning),
        *texts(at.success),
        *texts(at.markdown),
        *texts(at.caption),
    ]
    return unescape(" ".join(parts))


def _train_with_the_leak(at):
    load_sample(at, "churn")
    open_page(at, "problem")
    # ModelPath leaves the leak out by default; the person takes it back in.
    exclude = at.multiselect(key="w.problem.exclude.churned")
    exclude.set_value([c for c in exclude.value if c != LEAK]).run()
    open_page(at, "algorithm")
    at.selectbox(key="w.algorithm.choice").set_value("logistic_regression").run()
    assert LEAK not in at.session_state["mp.recipe"].problem.exclude_columns
    open_page(at, "evaluate")
    at.button(key="w.evaluate.train").click().run()
    return _wait(at)


def _assert_suspicious(at, page: str) -> None:
    words = _all_text(at)
    assert "Suspicious" in words, page
    assert LEAK in words, page
    lowered = words.lower()
    for praise in PRAISE:
        assert praise not in lowered, (page, praise)


def test_pages_after_training_with_a_kept_leak_say_suspicious(app):
    job = _train_with_the_leak(app)
    assert job.result.warnings[0].columns == (LEAK,)
    _assert_suspicious(app, "evaluate")
    for page in ("diagnose", "runs", "explain", "export"):
        open_page(app, page)
        assert not app.exception, page
        _assert_suspicious(app, page)
        if page == "explain":  # permutation importance names the column carrying the model
            app.button(key="w.explain.permutation").click().run()
            _wait(app, "importance")
            assert f"‘{LEAK}’ carries" in _all_text(app)
    assert app.session_state["mp.runs.store"].runs()[0].diagnosis == "suspicious"


def test_leave_out_and_retrain_commits_the_exclusion_and_trains_again(app):
    first = _train_with_the_leak(app)
    app.button(key="w.evaluate.leave_out").click().run()
    assert not app.exception
    assert LEAK in app.session_state["mp.recipe"].problem.exclude_columns
    second = _wait(app)
    assert second.id != first.id
    assert second.result.warnings == ()
    assert "Suspicious" not in _all_text(app)
    # The Problem page's own widget shows the exclusion, and its form keeps it.
    open_page(app, "problem")
    assert not app.exception
    target = app.session_state["mp.recipe"].problem.target
    assert LEAK in app.multiselect(key=f"w.problem.exclude.{target}").value
    assert LEAK in app.session_state["mp.recipe"].problem.exclude_columns


def test_the_guided_advice_offers_the_same_one_action_and_it_retrains(app):
    first = _train_with_the_leak(app)
    actions = [
        b
        for b in app.button
        if (b.key or "").startswith("w.guide.evaluate.action.") and "and retrain" in b.label
    ]
    assert [b.label for b in actions] == [f"Leave out ‘{LEAK}’ and retrain"]
    actions[0].click().run()
    assert not app.exception
    assert LEAK in app.session_state["mp.recipe"].problem.exclude_columns
    second = _wait(app)
    assert second.id != first.id
    assert second.result.warnings == ()
