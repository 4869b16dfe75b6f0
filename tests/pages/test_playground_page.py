"""The Playground page, driven through its own widgets: it asks for what it needs, draws the
chosen algorithm on the person's columns, redraws after its form, and hands the settings over."""

from __future__ import annotations

from tests.pages.conftest import load_sample, open_page, texts


def _with_algorithm(at, algorithm: str):
    load_sample(at, "iris")
    open_page(at, "problem")
    open_page(at, "algorithm")
    at.selectbox(key="w.algorithm.choice").set_value(algorithm).run()
    assert not at.exception
    return at


def test_playground_without_data_points_to_data(app):
    open_page(app, "playground")
    assert not app.exception
    assert any("No data is loaded" in t for t in texts(app.info))


def test_playground_without_an_algorithm_points_to_algorithm(app):
    load_sample(app, "iris")
    open_page(app, "problem")
    open_page(app, "playground")
    assert not app.exception
    assert any("Choose an algorithm first" in t for t in texts(app.info))


def test_playground_draws_redraws_and_hands_the_settings_to_the_model(app):
    _with_algorithm(app, "knn")
    open_page(app, "playground")
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    # No change yet: nothing to hand over.
    assert not [b for b in app.button if b.key == "w.playground.apply"]

    app.selectbox(key="w.playground.param").set_value("n_neighbors").run()
    app.number_input(key="w.playground.value.n_neighbors").set_value(3.0)
    app.button(key="FormSubmitter:w.playground.form-Redraw").click().run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    assert app.session_state["mp.recipe"].model.params.get("n_neighbors") != 3

    app.button(key="w.playground.apply").click().run()
    assert not app.exception
    assert app.session_state["mp.recipe"].model.params["n_neighbors"] == 3
