"""The Data page: samples, uploads, failed uploads, the load report and kind overrides."""

from __future__ import annotations

import io

import pandas as pd

from tests.pages.conftest import load_sample, open_page, texts, unescape, upload


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def test_data_page_without_data_invites_a_choice(app):
    open_page(app, "data")
    assert not app.exception
    assert any("Load a sample or upload" in t for t in texts(app.info))


def test_sample_selection_loads_the_sample_and_its_target(app):
    load_sample(app, "iris")
    dataset = app.session_state["mp.dataset"]
    assert dataset.source == "sample:iris"
    assert dataset.loaded.frame.shape == (150, 5)
    assert app.session_state["mp.recipe"].problem.target == "species"
    assert any("Iris" in unescape(h) for h in texts(app.subheader))


def test_upload_loads_the_file_and_shows_the_load_report(app):
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", None]})
    upload(app, "tiny.csv", _csv(frame))
    assert not app.exception
    dataset = app.session_state["mp.dataset"]
    assert dataset.file_name == "tiny.csv"
    assert dataset.source == "upload"
    assert app.session_state["mp.recipe"].data.source_name == "tiny.csv"
    rows = next(m for m in app.metric if m.label == "Rows")
    assert rows.value == "3"
    missing = next(m for m in app.metric if m.label == "Missing cells")
    assert missing.value == "1"


def test_upload_with_duplicate_headers_shows_the_renaming(app):
    upload(app, "dupes.csv", b"x,x,\n1,2,3\n4,5,6\n")
    assert not app.exception
    columns = list(app.session_state["mp.dataset"].loaded.frame.columns)
    assert len(set(columns)) == 3
    assert any("renamed" in unescape(w) for w in texts(app.warning))


def test_failed_upload_keeps_the_previous_dataset(app):
    load_sample(app, "wine")
    upload(app, "broken.csv", b"")
    assert not app.exception
    errors = [unescape(e) for e in texts(app.error)]
    assert any("empty" in e.lower() for e in errors)
    assert app.session_state["mp.dataset"].source == "sample:wine"
    assert any("still working with" in unescape(i) for i in texts(app.info))


def test_binary_file_renamed_csv_gets_a_clear_message(app):
    upload(app, "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert not app.exception
    assert "mp.dataset" not in app.session_state
    assert app.error, "a binary file must be refused with a message"


def test_excel_upload_offers_the_sheet_choice(app):
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"a": [1, 2]}).to_excel(writer, sheet_name="First", index=False)
        pd.DataFrame({"b": [3, 4, 5]}).to_excel(writer, sheet_name="Second", index=False)
    upload(app, "book.xlsx", buffer.getvalue(), mime="application/vnd.ms-excel")
    assert not app.exception
    assert list(app.session_state["mp.dataset"].loaded.frame.columns) == ["a"]
    app.selectbox(key="w.data.sheet").set_value("Second").run()
    app.button(key="w.data.reread").click().run()
    assert not app.exception
    assert list(app.session_state["mp.dataset"].loaded.frame.columns) == ["b"]


def test_removing_a_missing_value_token_keeps_namibia(app):
    upload(app, "countries.csv", b"country,value\nNA,1\nFR,2\nDE,3\n")
    assert app.session_state["mp.dataset"].loaded.frame["country"].isna().sum() == 1
    tokens = app.multiselect(key="w.data.na_tokens")
    tokens.unselect("NA").run()
    app.button(key="w.data.reread").click().run()
    assert not app.exception
    frame = app.session_state["mp.dataset"].loaded.frame
    assert frame["country"].tolist() == ["NA", "FR", "DE"]
    assert "NA" not in app.session_state["mp.recipe"].data.na_tokens


def test_kind_override_is_committed_to_the_recipe(app):
    load_sample(app, "penguins")
    editor = app.data_editor[0]
    row = list(editor.value["column"]).index("year")
    app.session_state[editor.key] = {
        "edited_rows": {row: {"kind": "categorical"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert dict(app.session_state["mp.recipe"].data.column_types) == {"year": "categorical"}
    table = app.data_editor[0].value
    assert table.loc[table["column"] == "year", "kind"].item() == "categorical"


def test_kind_override_back_to_the_detected_kind_removes_it(app):
    load_sample(app, "penguins")
    for kind in ("categorical", "numeric"):
        editor = app.data_editor[0]
        row = list(editor.value["column"]).index("year")
        app.session_state[editor.key] = {
            "edited_rows": {row: {"kind": kind}},
            "added_rows": [],
            "deleted_rows": [],
        }
        app.run()
    assert not app.exception
    assert dict(app.session_state["mp.recipe"].data.column_types) == {}


def test_hostile_column_names_are_shown_as_plain_text(app):
    hostile = "![x](http://example.invalid/p.png)"
    upload(app, "evil_[name](x).csv", f"{hostile},b\n1,2\n3,4\n".encode())
    assert not app.exception
    rendered = texts(app.markdown) + texts(app.subheader) + texts(app.warning) + texts(app.caption)
    assert all("](" not in text for text in rendered), "markdown link syntax must be escaped"
