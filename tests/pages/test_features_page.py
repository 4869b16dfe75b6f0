"""The Features page: the feature form, ordered categories, checks before fitting, the preview."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from tests.pages.conftest import load_sample, open_page, texts, unescape, upload

FORM = "FormSubmitter:w.features.form-Apply these features"
LEAK_AND_ID = ["cancellation_reason", "customer_id"]


def _ready(at, sample: str = "churn", *, exclude: list[str] | None = None):
    """A sample loaded, its task and metric committed on the Problem page, Features open."""
    load_sample(at, sample)
    open_page(at, "problem")
    if exclude:
        target = at.session_state["mp.recipe"].problem.target
        at.multiselect(key=f"w.problem.exclude.{target}").set_value(exclude).run()
    open_page(at, "features")
    assert not at.exception
    return at


def _features(at):
    return at.session_state["mp.recipe"].features


def _errors(at) -> list[str]:
    return [unescape(e) for e in texts(at.error)]


def _preview_shape(at) -> tuple[int, int]:
    """Rows and features of the previewed training matrix, read from its sentence."""
    for sentence in texts(at.markdown):
        found = re.search(r"([\d,]+) rows × ([\d,]+) features", sentence)
        if found:
            rows, features = (int(n.replace(",", "")) for n in found.groups())
            return rows, features
    raise AssertionError("no preview shape is shown")


# --- prerequisites ---------------------------------------------------------------------------


def test_features_page_without_data_points_to_data(app):
    open_page(app, "features")
    assert not app.exception
    assert any("No data is loaded" in t and "Data page" in t for t in texts(app.info))


def test_features_page_without_target_points_to_problem(app):
    frame = pd.DataFrame({"x": range(30), "y": ["a", "b", "c"] * 10})
    upload(app, "plain.csv", frame.to_csv(index=False).encode())
    open_page(app, "features")
    assert not app.exception
    assert any("Choose what to predict on the Problem page" in t for t in texts(app.info))
    assert not _page_forms(app)


def test_features_page_without_confirmed_task_asks_to_confirm(app):
    load_sample(app, "churn")
    open_page(app, "features")
    assert not app.exception
    assert any(
        "Confirm the task and metric for 'churned' on the Problem page" in unescape(t)
        for t in texts(app.info)
    )
    assert not _page_forms(app)


# --- rendering -------------------------------------------------------------------------------


def test_features_page_renders_columns_and_what_is_not_a_feature(app):
    _ready(app)
    # cancellation_reason (the leak) was left out by default on the Problem page.
    assert "Feature columns: 6 numbers, 1 yes/no, 3 categories, 1 date." in texts(app.caption)
    skipped = next(e for e in app.expander if "are not features, and why" in e.label)
    reasons = [unescape(m.value) for m in skipped.markdown]
    assert any(r.startswith("- customer_id: an identifier") for r in reasons)
    assert "- cancellation_reason: excluded on the Problem page" in reasons
    assert "- churned: the target" in reasons


# --- the form --------------------------------------------------------------------------------


def test_features_form_commits_every_choice(app):
    _ready(app, exclude=LEAK_AND_ID)
    app.radio(key="w.features.scaling").set_value("robust")
    app.radio(key="w.features.encoding").set_value("target")
    app.multiselect(key="w.features.date_parts").set_value(["year", "hour"])
    app.multiselect(key="w.features.log_columns").set_value(["total_data_gb"])
    app.multiselect(key="w.features.bin_columns").set_value(["age"])
    app.multiselect(key="w.features.poly_columns").set_value(["tenure_months", "support_calls"])
    app.radio(key="w.features.text").set_value("tfidf")
    app.selectbox(key="w.features.selection").set_value("mutual_info")
    app.number_input(key="w.features.selection_k").set_value(12)
    app.checkbox(key="w.features.pca").check()
    app.radio(key="w.features.imbalance").set_value("smote")
    app.button(key=FORM).click().run()
    assert not app.exception
    features = _features(app)
    assert features.scaling == "robust"
    assert features.encoding == "target"
    assert features.date_parts == ("year", "hour")
    assert features.log_columns == ("total_data_gb",)
    assert features.bin_columns == ("age",)
    assert features.poly_columns == ("tenure_months", "support_calls")
    assert features.text == "tfidf"
    assert (features.selection, features.selection_k) == ("mutual_info", 12)
    assert features.reduction == "pca"
    assert features.imbalance == "smote"


def test_features_column_in_two_transforms_is_refused(app):
    _ready(app, exclude=LEAK_AND_ID)
    before = _features(app)
    app.multiselect(key="w.features.log_columns").set_value(["monthly_charges"])
    app.multiselect(key="w.features.bin_columns").set_value(["monthly_charges"])
    app.button(key=FORM).click().run()
    assert not app.exception
    assert any("'monthly_charges' is listed in both" in e for e in _errors(app))
    assert _features(app) == before


# --- preview ---------------------------------------------------------------------------------


def test_features_preview_shows_shape_and_steps(app):
    _ready(app, exclude=LEAK_AND_ID)
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    rows, width = _preview_shape(app)
    assert rows == 1600  # the training rows only
    steps = app.dataframe[0].value
    assert list(steps.columns) == ["step", "rows", "columns", "what it did"]
    assert steps["step"].iloc[0] == "prep"
    assert steps["columns"].iloc[-1].endswith(f"→ {width:,}")


def test_features_preview_after_selection_keeps_k_features(app):
    _ready(app, exclude=LEAK_AND_ID)
    app.selectbox(key="w.features.selection").set_value("f_test")
    app.number_input(key="w.features.selection_k").set_value(5)
    app.button(key=FORM).click().run()
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    assert _preview_shape(app) == (1600, 5)


# --- checks before fitting -------------------------------------------------------------------


def test_features_too_many_polynomial_terms_are_refused_before_fitting(app):
    _ready(app, "diabetes")
    numeric = app.multiselect(key="w.features.poly_columns").options
    app.multiselect(key="w.features.poly_columns").set_value(numeric)
    app.slider(key="w.features.poly_degree").set_value(4)
    app.button(key=FORM).click().run()
    assert not app.exception
    assert any(
        "Degree-4 polynomial terms of 10 columns make 1,000 columns" in e for e in _errors(app)
    )
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    assert not [m for m in texts(app.markdown) if "rows ×" in m]
    assert any("What to do" in e and "1,000 columns" in e for e in _errors(app))


def test_features_pca_without_numeric_columns_is_refused(app):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "colour": rng.choice(["red", "green", "blue"], size=80),
            "shape": rng.choice(["round", "square"], size=80),
            "label": rng.choice(["cat", "dog"], size=80),
        }
    )
    upload(app, "shapes.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("label").run()
    open_page(app, "features")
    app.checkbox(key="w.features.pca").check()
    app.button(key=FORM).click().run()
    assert not app.exception
    assert any("zero numeric feature columns" in e for e in _errors(app))
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    assert any("What to do: Turn PCA off" in e for e in _errors(app))


@pytest.mark.parametrize(
    ("sample", "offered"),
    [pytest.param("churn", True, id="binary"), pytest.param("diabetes", False, id="regression")],
)
def test_features_imbalance_is_offered_only_for_classification(app, sample, offered):
    _ready(app, sample)
    widgets = [r for r in app.radio if r.key == "w.features.imbalance"]
    assert bool(widgets) == offered
    if offered:
        assert "SMOTE" in widgets[0].options  # options are shown by their labels


def _preview_after(at, **widgets) -> None:
    """Set some form widgets (key suffix → value), apply them, and ask for the preview."""
    for name, value in widgets.items():
        at.session_state[f"w.features.{name}"] = value
    at.button(key=FORM).click().run()
    at.button(key="w.features.preview").click().run()


def test_features_variance_threshold_above_every_feature_is_refused(app):
    _ready(app, "diabetes")
    _preview_after(app, variance_on=True, variance_threshold=5.0)
    assert not app.exception
    assert _errors(app)


def test_features_l1_selection_on_a_multiclass_target_previews(app):
    _ready(app, "iris")
    _preview_after(app, selection="l1")
    assert not app.exception
    assert _preview_shape(app)[0] == 120


def test_features_ordinal_codes_with_missing_categories_are_refused_before_fitting(app):
    _ready(app, exclude=LEAK_AND_ID)
    open_page(app, "clean")
    app.selectbox(key="w.clean.categorical_imputation").set_value("none")
    app.button(key="FormSubmitter:w.clean.pipeline-Apply these steps").click().run()
    open_page(app, "features")
    _preview_after(app, encoding="ordinal", selection="f_test")
    assert not app.exception
    assert any("missing" in e for e in _errors(app))


# --- ordered categories ----------------------------------------------------------------------


def _order_box(at, column: str):
    """The text box holding ``column``'s order (its key carries the saved order's hash)."""
    return next(t for t in at.text_area if t.key.startswith(f"w.features.order_text.{column}."))


def _choose_order(at, column: str, levels: list[str]):
    at.selectbox(key="w.features.order_column").set_value(column).run()
    _order_box(at, column).set_value("\n".join(levels)).run()
    at.button(key="w.features.save_order").click().run()
    assert not at.exception


def _graded(n: int = 60) -> bytes:
    """A table with a quality word column, a size column, a plain category and a target."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "cut": rng.choice(["Fair", "Good", "Very Good", "Premium", "Ideal"], n),
            "size": rng.choice(["S", "M", "L"], n),
            "city": rng.choice(["Oslo", "Rome", "Pisa"], n),
            "carat": rng.uniform(0.2, 2.0, n).round(2),
            "price": rng.uniform(300, 9000, n).round(0),
        }
    )
    return frame.to_csv(index=False).encode()


def _graded_ready(at):
    upload(at, "graded.csv", _graded())
    open_page(at, "problem")
    at.selectbox(key="w.problem.target").set_value("price").run()
    open_page(at, "features")
    assert not at.exception
    return at


def test_features_saving_an_order_commits_it(app):
    _graded_ready(app)
    _choose_order(app, "city", ["Pisa", "Oslo", "Rome"])
    assert dict(_features(app).ordinal_orders) == {"city": ("Pisa", "Oslo", "Rome")}
    assert "city: Pisa < Oslo < Rome" in [unescape(c) for c in texts(app.caption)]


def test_features_removing_an_order_forgets_it(app):
    _graded_ready(app)
    _choose_order(app, "city", ["Pisa", "Oslo", "Rome"])
    app.button(key="w.features.remove_order").click().run()
    assert not app.exception
    assert dict(_features(app).ordinal_orders) == {}
    assert not [b for b in app.button if b.key == "w.features.remove_order"]


def test_features_order_leaving_values_out_names_them_and_commits_nothing(app):
    _graded_ready(app)
    _choose_order(app, "city", ["Pisa", "Paris"])
    errors = _errors(app)
    message = next(e for e in errors if "does not fit its values" in e)
    assert "'Paris' is not a value" in message
    assert re.search(r"'(Oslo|Rome)', '(Oslo|Rome)' are missing", message)
    assert dict(_features(app).ordinal_orders) == {}


def test_features_messy_spellings_of_a_scale_point_to_the_clean_page(app):
    _ready(app, exclude=LEAK_AND_ID)
    hints = [unescape(t) for t in texts(app.info)]
    assert any(h.startswith("plan looks like plan tiers") and "Clean page" in h for h in hints)
    assert not [b for b in app.button if b.key == "w.features.use_order.plan"]


def test_features_suggested_order_is_used_in_one_click(app):
    _graded_ready(app)
    shown = [unescape(m.value) for m in app.markdown]
    assert "cut (quality words): Fair < Good < Very Good < Premium < Ideal" in shown
    assert not [t for t in shown if t.startswith("city (")]
    app.button(key="w.features.use_order.cut").click().run()
    assert not app.exception
    assert dict(_features(app).ordinal_orders) == {
        "cut": ("Fair", "Good", "Very Good", "Premium", "Ideal")
    }
    # Used: no longer suggested, and the preview encodes it as one ordered column.
    assert not [b for b in app.button if b.key == "w.features.use_order.cut"]
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    assert any("ordered_cut" in str(d.value) for d in app.dataframe)


def test_features_all_suggested_orders_are_used_in_one_click(app):
    _graded_ready(app)
    app.button(key="w.features.use_all_orders").click().run()
    assert not app.exception
    assert dict(_features(app).ordinal_orders) == {
        "cut": ("Fair", "Good", "Very Good", "Premium", "Ideal"),
        "size": ("S", "M", "L"),
    }


def test_features_editing_a_used_order_changes_it(app):
    _graded_ready(app)
    app.button(key="w.features.use_order.size").click().run()
    app.selectbox(key="w.features.order_column").set_value("size").run()
    assert _order_box(app, "size").value == "S\nM\nL"
    _order_box(app, "size").set_value("L, M, S").run()
    app.button(key="w.features.save_order").click().run()
    assert not app.exception
    assert dict(_features(app).ordinal_orders) == {"size": ("L", "M", "S")}
    assert "size: L < M < S" in [unescape(c) for c in texts(app.caption)]


def test_features_markdown_like_category_in_an_order_is_shown_escaped(app):
    image = "![x](http://e.com/a.png)"
    frame = pd.DataFrame(
        {"size": [image, "**big**", "small"] * 20, "label": ["yes", "no", "no", "yes"] * 15}
    )
    upload(app, "odd.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("label").run()
    open_page(app, "features")
    _choose_order(app, "size", ["small", "**big**", image])
    shown = texts(app.caption) + texts(app.markdown)
    assert f"size: small < **big** < {image}" in [unescape(t) for t in shown]
    assert not [t for t in shown if image in t or "**big**" in t]


def test_features_choosing_tfidf_makes_the_text_column_a_feature(app):
    _ready(app, exclude=LEAK_AND_ID)
    assert not any("1 text" in c for c in texts(app.caption))
    app.radio(key="w.features.text").set_value("tfidf")
    app.button(key=FORM).click().run()
    assert not app.exception
    assert any("1 text" in c for c in texts(app.caption))
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    assert any("text_last_support_note" in str(d.value) for d in app.dataframe)


def test_features_imbalance_is_cleared_when_the_task_is_regression(app):
    _ready(app)
    app.radio(key="w.features.imbalance").set_value("class_weight")
    app.button(key=FORM).click().run()
    assert _features(app).imbalance == "class_weight"
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("monthly_charges").run()
    open_page(app, "features")
    assert not app.exception
    assert not _errors(app)  # a stale choice warns; it does not block
    app.button(key=FORM).click().run()
    assert _features(app).imbalance == "none"


def _page_forms(app) -> list:
    """The page's own forms (guided mode adds a question form to every page)."""
    return [f for f in app.get("form") if not f.proto.form.form_id.startswith("w.guide.")]


def _two_dates_ready(at):
    rng = np.random.default_rng(1)
    n = 80
    ordered = pd.Timestamp("2024-02-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D")
    frame = pd.DataFrame(
        {
            "ordered": ordered.strftime("%Y-%m-%d"),
            "delivered": (ordered + pd.to_timedelta(rng.integers(1, 9, n), unit="D")).strftime(
                "%Y-%m-%d"
            ),
            "weight": rng.uniform(1, 20, n).round(1),
            "rating": rng.uniform(1, 5, n).round(2),
        }
    )
    upload(at, "orders.csv", frame.to_csv(index=False).encode())
    open_page(at, "problem")
    at.selectbox(key="w.problem.target").set_value("rating").run()
    open_page(at, "features")
    assert not at.exception
    return at


def test_features_dates_without_times_say_which_parts_are_left_out(app):
    _two_dates_ready(app)
    notes = [unescape(t) for t in texts(app.info)]
    assert any(
        "left out: ordered_year (always 2024), ordered_hour (always 0)" in n for n in notes
    ), notes
    app.button(key="w.features.preview").click().run()
    assert not app.exception
    assert any("days_ordered_to_delivered" in str(d.value) for d in app.dataframe)


def test_features_days_between_dates_can_be_turned_off(app):
    _two_dates_ready(app)
    assert _features(app).date_durations is True
    app.checkbox(key="w.features.date_durations").uncheck()
    app.button(key=FORM).click().run()
    assert not app.exception
    assert _features(app).date_durations is False
