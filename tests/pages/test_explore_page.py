"""The Explore page renders every section, for classification and regression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.recipe import ProblemSection, Recipe
from tests.pages.conftest import load_sample, open_page, texts, unescape, upload

SECTIONS = ("Columns", "Target", "Feature vs target", "Correlations", "Missing values", "Outliers")


def test_explore_without_data_says_what_to_do(app):
    open_page(app, "explore")
    assert not app.exception
    assert any("No data is loaded" in t for t in texts(app.info))


@pytest.mark.parametrize(
    ("sample", "target"),
    [
        pytest.param("churn", "churned", id="binary"),
        pytest.param("diabetes", None, id="regression"),
    ],
)
def test_explore_renders_every_section(app, sample, target):
    load_sample(app, sample)
    open_page(app, "explore")
    assert not app.exception
    for section in SECTIONS:
        app.session_state["w.explore.tab"] = section
        app.run()
        assert not app.exception, section
        assert app.get("plotly_chart"), f"no chart in {section}"


def test_explore_names_the_leak_left_out_by_default_and_the_overview(app):
    load_sample(app, "churn")
    open_page(app, "explore")
    left_out = [unescape(e) for e in texts(app.info)]
    assert any(
        "cancellation_reason" in e and "almost perfectly — left out of the features" in e
        for e in left_out
    )
    assert not any("cancellation_reason" in unescape(e) for e in texts(app.error))
    duplicates = next(m for m in app.metric if m.label == "Duplicate rows")
    assert duplicates.value == "20"


def test_explore_calls_a_kept_leak_critical(app):
    load_sample(app, "churn")
    open_page(app, "problem")
    exclude = app.multiselect(key="w.problem.exclude.churned")
    exclude.set_value([c for c in exclude.value if c != "cancellation_reason"]).run()
    open_page(app, "explore")
    critical = [unescape(e) for e in texts(app.error)]
    assert any("cancellation_reason" in e and "almost perfectly" in e for e in critical)


def test_explore_shows_a_target_rebuilt_from_two_columns(app):
    rng = np.random.default_rng(0)
    price, part = rng.gamma(3, 30, 400).round(2), rng.gamma(2, 10, 400).round(2)
    frame = pd.DataFrame({"part": part, "total": price + part + 3.3, "price": price})
    upload(app, "orders.csv", frame.to_csv(index=False).encode())
    app.session_state["mp.recipe"] = Recipe(problem=ProblemSection(target="price"))
    open_page(app, "explore")
    assert not app.exception
    assert set(app.session_state["mp.recipe"].problem.exclude_columns) == {"part", "total"}
    named = [unescape(e) for e in texts(app.info)]
    assert any("‘total’ and ‘part’ together rebuild ‘price’" in e for e in named)
    assert any("‘part’ and ‘total’ left out of the features" in e for e in named)


def test_pairplot_is_drawn_on_request(app):
    load_sample(app, "iris")
    open_page(app, "explore")
    app.session_state["w.explore.tab"] = "Pairplot"
    app.run()
    assert not app.get("image")
    app.button(key="w.explore.pairplot").click().run()
    assert not app.exception
    assert app.get("image")


def test_feature_vs_target_follows_the_chosen_feature(app):
    load_sample(app, "penguins")
    open_page(app, "explore")
    app.session_state["w.explore.tab"] = "Feature vs target"
    app.run()
    app.selectbox(key="w.explore.feature").set_value("island").run()
    assert not app.exception
    assert app.get("plotly_chart")
