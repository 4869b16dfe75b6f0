"""A 0/1 target reads 0/1 on every page, as in the file (not False/True, 0.0/1.0 or a checkbox)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from tests.pages.conftest import open_page, upload


def _clicks_csv() -> bytes:
    """A 0/1 target with empty cells, which pandas reads as floats."""
    rng = np.random.default_rng(0)
    n = 120
    x = rng.normal(size=n)
    clicked = pd.Series(np.where(x + rng.normal(scale=0.8, size=n) > 0.4, 1, 0), dtype=object)
    clicked = clicked.where(np.arange(n) % 8 != 0)
    frame = pd.DataFrame({"x": x, "noise": rng.normal(size=n), "clicked": clicked})
    return frame.to_csv(index=False).encode()


def _wait_for_training(at) -> None:
    job = at.session_state["mp.job.train"]
    job.thread.join(120)
    assert not job.running
    at.run()
    assert not at.exception
    assert job.error is None


def _axis_labels(at, key: str) -> tuple[list[str], list[str]]:
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    heatmap = json.loads(chart.proto.spec)["data"][0]
    return [str(v) for v in heatmap["y"]], [str(v) for v in heatmap["x"]]


def test_a_0_1_target_reads_0_1_from_problem_to_predict(app):
    upload(app, "clicks.csv", _clicks_csv())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("clicked").run()
    assert not app.exception
    positive = app.session_state["mp.recipe"].problem.positive_class
    assert positive == 1
    assert type(positive) is int
    choice = app.selectbox(key="w.problem.positive.clicked")
    assert sorted(choice.options) == ["0", "1"]
    assert str(choice.value) == "1"
    shares = next(d.value for d in app.dataframe if "share" in d.value.columns)
    assert sorted(shares.index) == ["0", "1"]

    open_page(app, "algorithm")
    app.selectbox(key="w.algorithm.choice").set_value("logistic_regression").run()
    open_page(app, "evaluate")
    app.button(key="w.evaluate.train").click().run()
    _wait_for_training(app)
    assert _axis_labels(app, "evaluate.confusion") == (["0", "1"], ["0", "1"])
    assert _axis_labels(app, "evaluate.threshold_cm") == (["0", "1"], ["0", "1"])
    assert "Predict '1'" in app.slider(key="w.evaluate.threshold").label
    app.toggle(key="w.evaluate.normalize").set_value(True).run()
    assert not app.exception
    assert _axis_labels(app, "evaluate.confusion") == (["0", "1"], ["0", "1"])

    open_page(app, "explain")
    assert not app.exception
    worst = next(d.value for d in app.dataframe if "actual" in d.value.columns)
    assert set(worst["actual"]) | set(worst["predicted"]) <= {"0", "1"}

    open_page(app, "export")  # builds the model card
    open_page(app, "predict")
    app.button(key="FormSubmitter:w.predict.form-Predict").click().run()
    assert not app.exception
    result = next(m for m in app.metric if "Predicted clicked" in m.label.replace("\\", ""))
    assert result.value.replace("\\", "") in {"0", "1"}
    bars = next(d.value for d in app.dataframe if "probability" in d.value.columns)
    assert sorted(bars["class"]) == ["0", "1"]


def test_a_recipe_saying_true_for_the_label_1_is_shown_and_committed_as_1(app):
    upload(app, "clicks.csv", _clicks_csv())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("clicked").run()
    recipe = app.session_state["mp.recipe"]
    old = recipe.with_section(recipe.problem.with_changes(positive_class=True))
    app.session_state["mp.recipe"] = old
    open_page(app, "problem")
    assert not app.exception
    assert str(app.selectbox(key="w.problem.positive.clicked").value) == "1"
    positive = app.session_state["mp.recipe"].problem.positive_class
    assert positive == 1
    assert type(positive) is int
