"""The Clean page: pre-split fixes, spelling merges, learned steps and the before/after view."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.pages.conftest import load_sample, open_page, texts, unescape, upload

PRE_SPLIT = "FormSubmitter:w.clean.before-Apply these fixes"
PIPELINE = "FormSubmitter:w.clean.pipeline-Apply these steps"
FEATURES = "FormSubmitter:w.features.form-Apply these features"


def _ready(at, sample: str = "churn"):
    """A sample loaded, its task and metric committed on the Problem page, the Clean page open."""
    load_sample(at, sample)
    open_page(at, "problem")
    open_page(at, "clean")
    assert not at.exception
    return at


def _cleaning(at):
    return at.session_state["mp.recipe"].cleaning


def _editor(at, key: str):
    """The data editor whose key is ``key`` or starts with ``key.`` (versioned keys)."""
    return next(e for e in at.dataframe if e.key == key or str(e.key).startswith(key + "."))


def _edit(at, key: str, edited_rows: dict) -> None:
    at.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}


# --- prerequisites ---------------------------------------------------------------------------


def test_clean_page_without_data_points_to_data(app):
    open_page(app, "clean")
    assert not app.exception
    assert any("No data is loaded" in t and "Data page" in t for t in texts(app.info))


def test_clean_page_without_target_points_to_problem(app):
    frame = pd.DataFrame({"x": range(30), "y": ["a", "b", "c"] * 10})
    upload(app, "plain.csv", frame.to_csv(index=False).encode())
    open_page(app, "clean")
    assert not app.exception
    assert any("Choose what to predict on the Problem page" in t for t in texts(app.info))
    assert not _page_forms(app)


def test_clean_page_without_confirmed_task_asks_to_confirm(app):
    load_sample(app, "churn")  # the sample names its target, but no task is confirmed yet
    open_page(app, "clean")
    assert not app.exception
    assert any(
        "Confirm the task and metric for 'churned' on the Problem page" in unescape(t)
        for t in texts(app.info)
    )
    assert not _page_forms(app)


# --- rendering -------------------------------------------------------------------------------


def test_clean_page_renders_on_churn(app):
    _ready(app)
    headers = [h.value for h in app.header]
    assert headers[0].startswith("1 · Before the split")
    assert headers[1].startswith("2 · Inside the pipeline")
    assert headers[2].startswith("3 · Before and after")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rows loaded"] == "2,000"
    assert metrics["Dropped: no target value"] == "0"
    assert metrics["Exact duplicates dropped"] == "0"  # not dropped until asked


# --- pre-split fixes -------------------------------------------------------------------------


def test_clean_pre_split_form_commits_fixes_and_drops(app):
    _ready(app)
    app.checkbox(key="w.clean.drop_duplicates").check()
    app.radio(key="w.clean.normalisation").set_value("trim_lower")
    app.multiselect(key="w.clean.drop_columns").set_value(["last_support_note"])
    app.button(key=PRE_SPLIT).click().run()
    assert not app.exception
    recipe = app.session_state["mp.recipe"]
    assert recipe.cleaning.drop_duplicates is True
    assert recipe.cleaning.text_normalisation == "trim_lower"
    assert recipe.data.drop_columns == ("last_support_note",)
    assert "What text normalisation and merges changed (all rows):" in texts(app.caption)
    duplicates = next(m for m in app.metric if m.label == "Exact duplicates dropped")
    assert duplicates.value != "0"


# --- spelling merges -------------------------------------------------------------------------


def test_clean_merge_suggestions_are_offered_for_churn(app):
    _ready(app)
    assert any("group(s) of spellings look like the same category" in t for t in texts(app.caption))
    suggestions = _editor(app, "w.clean.suggestions.0").value
    assert set(suggestions["column"]) == {"region", "plan"}  # the planted spelling variants
    assert app.button(key="w.clean.apply_suggestions").disabled  # nothing ticked yet


def test_clean_ticked_suggestion_commits_a_merge(app):
    _ready(app)
    suggestions = _editor(app, "w.clean.suggestions.0").value
    column, canonical = suggestions.loc[0, "column"], suggestions.loc[0, "becomes"]
    _edit(app, "w.clean.suggestions.0", {0: {"merge": True}})
    app.run()
    app.button(key="w.clean.apply_suggestions").click().run()
    assert not app.exception
    merges = _cleaning(app).category_merges
    assert list(merges) == [column]
    assert set(merges[column].values()) == {canonical}


def test_clean_forget_all_merges_clears_them(app):
    _ready(app)
    _edit(app, "w.clean.suggestions.0", {0: {"merge": True}, 1: {"merge": True}})
    app.run()
    app.button(key="w.clean.apply_suggestions").click().run()
    assert _cleaning(app).category_merges
    app.button(key="w.clean.clear_merges").click().run()
    assert not app.exception
    assert dict(_cleaning(app).category_merges) == {}
    assert not [b for b in app.button if b.key == "w.clean.clear_merges"]


def test_clean_manual_merge_commits_the_picked_spellings(app):
    _ready(app)
    app.selectbox(key="w.clean.merge_column").set_value("region").run()
    app.multiselect(key="w.clean.merge_values").set_value(["N.", "north", " North"])
    app.text_input(key="w.clean.merge_into").input("North")
    app.button(key="w.clean.add_merge").click().run()
    assert not app.exception
    merges = _cleaning(app).category_merges
    assert dict(merges["region"]) == {"N.": "North", "north": "North", " North": "North"}


def test_clean_manual_merge_without_a_pick_warns_and_commits_nothing(app):
    _ready(app)
    app.button(key="w.clean.add_merge").click().run()
    assert not app.exception
    assert any("Pick at least one spelling" in t for t in texts(app.warning))
    assert dict(_cleaning(app).category_merges) == {}


# --- learned steps ---------------------------------------------------------------------------


def test_clean_learned_steps_form_commits_each_field(app):
    _ready(app)
    app.selectbox(key="w.clean.numeric_imputation").set_value("knn")
    app.slider(key="w.clean.knn_neighbors").set_value(7)
    app.checkbox(key="w.clean.missing_indicators").check()
    app.checkbox(key="w.clean.limit_missing").check()
    app.slider(key="w.clean.max_missing_share").set_value(0.3)
    app.radio(key="w.clean.outliers").set_value("clip_iqr")
    app.slider(key="w.clean.iqr_factor").set_value(3.0)
    app.checkbox(key="w.clean.group_rare").check()
    app.slider(key="w.clean.rare_share").set_value(2.0)
    app.button(key=PIPELINE).click().run()
    assert not app.exception
    cleaning = _cleaning(app)
    assert cleaning.numeric_imputation == "knn"
    assert cleaning.knn_neighbors == 7
    assert cleaning.missing_indicators is True
    assert cleaning.max_missing_share == pytest.approx(0.3)
    assert cleaning.outliers == "clip_iqr"
    assert cleaning.iqr_factor == pytest.approx(3.0)
    assert cleaning.rare_category_share == pytest.approx(0.02)


def test_clean_override_editor_commits_imputation_overrides(app):
    _ready(app)
    editor = _editor(app, "w.clean.overrides")
    table = editor.value
    row = table.index[table["column"] == "age"][0]
    _edit(app, editor.key, {int(row): {"strategy": "mean"}})
    app.button(key=PIPELINE).click().run()
    assert not app.exception
    assert dict(_cleaning(app).imputation_overrides) == {"age": "mean"}


# --- before and after ------------------------------------------------------------------------


def test_clean_effects_show_row_counts_and_column_table(app):
    _ready(app)
    before = len(app.dataframe)
    app.button(key="w.clean.effects").click().run()
    assert not app.exception
    assert len(app.dataframe) >= before + 2  # the row counts and the per-column table
    columns = app.dataframe[-1].value
    assert "age" in set(columns.iloc[:, 0])


def test_clean_effects_go_stale_when_settings_change(app):
    _ready(app)
    app.button(key="w.clean.effects").click().run()
    shown = len(app.dataframe)
    app.radio(key="w.clean.outliers").set_value("clip_iqr")
    app.button(key=PIPELINE).click().run()
    assert not app.exception
    assert "The settings changed since the last view" in " ".join(texts(app.caption))
    assert len(app.dataframe) < shown


# --- bad combinations ------------------------------------------------------------------------


def _no_imputation_with_pca(at):
    _ready(at)
    open_page(at, "features")
    at.checkbox(key="w.features.pca").check()
    at.button(key=FEATURES).click().run()
    open_page(at, "clean")
    at.selectbox(key="w.clean.numeric_imputation").set_value("none")
    at.button(key=PIPELINE).click().run()
    assert not at.exception
    return at


def test_clean_no_imputation_with_pca_shows_the_error(app):
    _no_imputation_with_pca(app)
    assert _cleaning(app).numeric_imputation == "none"
    errors = [unescape(e) for e in texts(app.error)]
    assert any("keep their missing values" in e and "PCA" in e for e in errors)


def test_clean_effects_with_a_bad_combination_show_the_error(app):
    _no_imputation_with_pca(app)
    shown = len(app.error)
    app.button(key="w.clean.effects").click().run()
    assert not app.exception
    assert len(app.error) == shown + 1
    assert "What to do" in unescape(app.error[-1].value)
    assert "The settings changed" not in " ".join(texts(app.caption))


# --- user text -------------------------------------------------------------------------------


def test_clean_markdown_like_names_are_shown_escaped(app):
    image = "![x](http://e.com/a.png)"
    frame = pd.DataFrame(
        {
            "**bold**": ["yes", "no", None, "no"] * 15,
            # Out of step with the target's period of 4, so 'shade' does not leak it (a leak
            # would be left out on the Problem page, and with it the cleaning to show).
            "shade": [image, image.upper(), "plain", "plain ", "plain"] * 12,
            "size": range(60),
        }
    )
    upload(app, "odd.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("**bold**").run()
    open_page(app, "clean")
    assert not app.exception
    app.button(key="w.clean.effects").click().run()
    assert not app.exception
    shown = texts(app.info) + texts(app.markdown) + texts(app.caption)
    assert any("'**bold**'" in unescape(t) for t in texts(app.info))
    assert not [t for t in shown if "**bold**" in t or image in t]


# --- known bugs ------------------------------------------------------------------------------


def test_clean_constant_imputation_on_integer_columns_shows_effects(app):
    frame = pd.DataFrame(
        {
            "visits": [1, 2, 3, 4, 5, 6] * 10,
            "calls": [0, 1, 1, 2, 3, 5] * 10,
            "label": ["a", "b", "a"] * 20,
        }
    )
    upload(app, "ints.csv", frame.to_csv(index=False).encode())
    open_page(app, "problem")
    app.selectbox(key="w.problem.target").set_value("label").run()
    open_page(app, "clean")
    app.selectbox(key="w.clean.numeric_imputation").set_value("constant")
    app.button(key=PIPELINE).click().run()
    app.button(key="w.clean.effects").click().run()
    assert not app.exception
    assert not app.error


def test_clean_dropping_every_column_can_be_undone(app):
    _ready(app)
    drop = app.multiselect(key="w.clean.drop_columns")
    drop.set_value(drop.options)
    app.button(key=PRE_SPLIT).click().run()
    assert not app.exception
    assert any("No column is left to learn from" in unescape(e) for e in texts(app.error))
    app.multiselect(key="w.clean.drop_columns").set_value([])
    app.button(key=PRE_SPLIT).click().run()
    assert app.session_state["mp.recipe"].data.drop_columns == ()


def _page_forms(app) -> list:
    """The page's own forms (guided mode adds a question form to every page)."""
    return [f for f in app.get("form") if not f.proto.form.form_id.startswith("w.guide.")]
