"""Predictions on new rows: inputs converted with the kinds pinned from training, the schema
checks and notices, the one-row form and the spreadsheet-safe downloads."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from core.data import infer_column, infer_column_kinds, parse_numbers
from core.deliver import (
    PredictionError,
    form_fields,
    model_input,
    predict_rows,
    predictions_csv,
    predictions_excel,
    row_from_inputs,
)
from core.prepare import clean_columns
from tests.core.deliver.trained_models import new_rows

# ---------------------------------------------------------------------------------------------
# The training rows themselves
# ---------------------------------------------------------------------------------------------


def test_model_input_on_the_training_rows_reproduces_the_training_features(messy) -> None:
    kinds = {c.name: c.kind.value for c in messy.table.columns}
    assert kinds == {
        "income": "numeric",
        "member": "boolean",
        "city": "categorical",
        "rooms": "numeric",
        "joined": "datetime",
        "code": "categorical",
        "y": "categorical",
    }
    prepared = model_input(messy.card, messy.raw)
    data = messy.data
    pd.testing.assert_frame_equal(prepared.X.loc[data.X_train.index], data.X_train)
    pd.testing.assert_frame_equal(prepared.X.loc[data.X_test.index], data.X_test)
    assert len(prepared.X) == len(messy.raw)  # nothing dropped, unlike training's cleaning


def test_predictions_on_the_training_rows_equal_the_pipeline_s(messy) -> None:
    predicted = predict_rows(messy.pipeline, messy.card, messy.raw)
    rows = predicted.frame.loc[messy.data.X_train.index]
    expected = messy.pipeline.predict(messy.data.X_train)
    np.testing.assert_array_equal(rows["prediction"].to_numpy(dtype=object), expected)
    proba = messy.pipeline.predict_proba(messy.data.X_train)
    np.testing.assert_allclose(rows[["probability: ham", "probability: spam"]], proba)
    assert list(predicted.frame.columns[: messy.raw.shape[1]]) == list(messy.raw.columns)
    assert dict(predicted.probability_columns) == {
        "probability: ham": "ham",
        "probability: spam": "spam",
    }


# ---------------------------------------------------------------------------------------------
# Kinds pinned from training
# ---------------------------------------------------------------------------------------------


def test_kinds_are_pinned_not_inferred_from_the_new_file(messy) -> None:
    new = pd.DataFrame(
        {
            "income": [0, 1, 1],  # alone, 0/1 would read as yes/no
            "member": ["1", "0", "yes"],
            "city": ["10", "20", "10"],  # alone, a number column
            "rooms": [2, 3, 4],
            "joined": ["03/04/2021", "05/06/2021", "07/08/2021"],  # alone, month-first
            "code": [1, 2, 3],  # categorical by the person's choice in training
        }
    )
    inferred = {c.name: c.kind.value for c in infer_column_kinds(new)}
    assert inferred["income"] == "boolean"
    assert inferred["city"] == "numeric"
    assert infer_column(new["joined"]).date_format == "%m/%d/%Y"
    X = model_input(messy.card, new).X
    assert X["income"].dtype == "float64"
    assert X["income"].tolist() == [0.0, 1.0, 1.0]
    assert X["member"].tolist() == [1.0, 0.0, 1.0]
    assert pd.api.types.is_string_dtype(X["city"])
    assert X["city"].tolist() == ["10", "20", "10"]
    assert X["joined"].tolist() == [pd.Timestamp(f"2021-{m}") for m in ("04-03", "06-05", "08-07")]
    assert X["code"].tolist() == ["1", "2", "3"]
    assert X.dtypes.equals(messy.data.X_train.dtypes)


def test_text_numbers_are_read_in_the_training_notation(decimal_comma) -> None:
    assert decimal_comma.card.feature("price").decimal == ","
    new = pd.DataFrame({"price": pd.array(["1.234", "€12"], dtype="str")})
    # Read on its own, the file's notation is a tie, which goes to decimal points.
    assert parse_numbers(new["price"])[0].tolist() == [1.234, 12.0]
    X = model_input(decimal_comma.card, new).X
    assert X["price"].tolist() == [1234.0, 12.0]


def test_text_numbers_in_another_notation_are_named(messy) -> None:
    new = new_rows(messy).assign(income="1,5")
    with pytest.raises(PredictionError, match="‘income’") as caught:
        model_input(messy.card, new)
    assert "can't be read as numbers" in caught.value.message


# ---------------------------------------------------------------------------------------------
# Columns: missing, extra, reordered, unseen, mismatched
# ---------------------------------------------------------------------------------------------


def test_a_missing_column_is_named(messy) -> None:
    new = new_rows(messy).drop(columns="rooms")
    with pytest.raises(PredictionError, match="‘rooms’"):
        predict_rows(messy.pipeline, messy.card, new)


def test_a_column_with_other_capitals_is_named_as_a_near_miss(messy) -> None:
    new = new_rows(messy).rename(columns={"rooms": "Rooms"})
    with pytest.raises(PredictionError, match="‘Rooms’"):
        model_input(messy.card, new)


def test_extra_columns_are_ignored_with_a_notice(messy) -> None:
    new = new_rows(messy)
    plain = predict_rows(messy.pipeline, messy.card, new)
    extra = predict_rows(messy.pipeline, messy.card, new.assign(notes="call back", id=range(6)))
    notice = next(n for n in extra.notices if n.startswith("Ignored 2 columns"))
    assert "‘notes’" in notice
    assert "‘id’" in notice
    assert extra.frame["prediction"].tolist() == plain.frame["prediction"].tolist()
    assert "notes" in extra.frame.columns  # the rows come back as given


def test_reordered_columns_give_the_same_predictions(messy) -> None:
    new = new_rows(messy)
    plain = predict_rows(messy.pipeline, messy.card, new)
    shuffled = predict_rows(messy.pipeline, messy.card, new[list(reversed(new.columns))])
    pd.testing.assert_series_equal(shuffled.frame["prediction"], plain.frame["prediction"])
    assert list(model_input(messy.card, shuffled.frame).X.columns) == list(
        messy.data.X_train.columns
    )


def test_unseen_categories_are_counted_and_still_predicted(messy) -> None:
    new = new_rows(messy).assign(city=["Paris", " nyc", "Paris", "Lima", "boston", None])
    predicted = predict_rows(messy.pipeline, messy.card, new)
    # " nyc" is merged into "new york" as in training: seen.
    assert dict(predicted.check.unseen_categories) == {"city": 3}
    assert any("‘city’" in n and "3 rows" in n for n in predicted.notices)
    assert predicted.frame["prediction"].isin(["ham", "spam"]).all()


def test_text_in_a_numeric_column_is_named(messy) -> None:
    new = new_rows(messy).assign(rooms=["two", "3", "4", "5", "1", "2"])
    with pytest.raises(PredictionError, match="‘rooms’") as caught:
        predict_rows(messy.pipeline, messy.card, new)
    assert "‘two’" in caught.value.message


def test_a_few_unreadable_values_become_missing_with_a_notice(messy) -> None:
    new = new_rows(messy, n=40)
    new["rooms"] = new["rooms"].astype("str").where(new.index != 0, "lots")
    predicted = predict_rows(messy.pipeline, messy.card, new)
    assert any(n.startswith("Treated as missing: 1 value in ‘rooms’") for n in predicted.notices)
    assert predicted.frame["prediction"].notna().all()


def test_the_target_column_is_optional_and_not_an_extra_column(messy) -> None:
    with_target = predict_rows(messy.pipeline, messy.card, messy.raw.head(5))
    assert with_target.check.extra == ()
    assert any("target column ‘y’" in n for n in with_target.notices)
    without = predict_rows(messy.pipeline, messy.card, messy.raw.head(5).drop(columns="y"))
    assert without.check.missing_optional == ()
    assert without.check.extra == ()


def test_no_rows_and_repeated_names_are_refused(messy) -> None:
    with pytest.raises(PredictionError, match="no rows"):
        model_input(messy.card, new_rows(messy).iloc[0:0])
    repeated = new_rows(messy)
    repeated.columns = ["income", "income", *repeated.columns[2:]]
    with pytest.raises(PredictionError, match="more than one column named ‘income’"):
        model_input(messy.card, repeated)


def test_new_column_names_do_not_collide_with_the_file_s(messy) -> None:
    new = new_rows(messy).assign(prediction="mine")
    predicted = predict_rows(messy.pipeline, messy.card, new)
    assert predicted.prediction_column == "prediction (2)"
    assert predicted.frame["prediction"].eq("mine").all()


def test_a_card_that_does_not_fit_the_pipeline_is_refused(messy, regression) -> None:
    swapped = dataclasses.replace(messy.card, classes=("no", "yes"))
    with pytest.raises(PredictionError, match="classes differ"):
        predict_rows(messy.pipeline, swapped, new_rows(messy))
    with pytest.raises(PredictionError, match="input columns differ"):
        predict_rows(regression.pipeline, messy.card, new_rows(messy))


def test_clean_columns_keeps_every_row_and_the_target(messy) -> None:
    frame = messy.table.frame
    cleaned, changes = clean_columns(
        frame, messy.table.columns, messy.card.recipe.cleaning, target="y"
    )
    assert cleaned.index.equals(frame.index)
    pd.testing.assert_series_equal(cleaned["y"], frame["y"])
    assert {c.column for c in changes} == {"city"}


# ---------------------------------------------------------------------------------------------
# The one-row form
# ---------------------------------------------------------------------------------------------


def test_form_defaults_predict_with_probabilities_that_sum_to_one(messy) -> None:
    fields = form_fields(messy.card)
    assert [f.name for f in fields] == list(messy.card.feature_names)
    defaults = {f.name: f.default for f in fields}
    assert defaults["rooms"] == messy.card.feature("rooms").median
    assert defaults["city"] == messy.card.feature("city").choices[0]
    assert isinstance(defaults["joined"], pd.Timestamp)
    predicted = predict_rows(messy.pipeline, messy.card, row_from_inputs(messy.card, defaults))
    frame = predicted.frame
    assert len(frame) == 1
    assert frame["prediction"].iloc[0] in ("ham", "spam")
    total = frame["probability: ham"] + frame["probability: spam"]
    assert total.iloc[0] == pytest.approx(1.0)
    assert not any("Empty" in n for n in predicted.notices)


def test_form_values_of_every_sort_are_read_like_a_file(messy) -> None:
    row = row_from_inputs(
        messy.card,
        {
            "income": "$52,000",
            "member": True,
            "city": " NYC ",
            "rooms": np.int64(3),
            "joined": pd.Timestamp("2021-04-03").date(),
            "code": 2,
        },
    )
    X = model_input(messy.card, row).X.iloc[0]
    assert X["income"] == 52_000.0
    assert X["member"] == 1.0
    assert X["city"] == "new york"
    assert X["rooms"] == 3.0
    assert X["joined"] == pd.Timestamp("2021-04-03")
    assert X["code"] == "2"


def test_form_blanks_are_missing_and_unknown_names_refused(messy) -> None:
    row = row_from_inputs(messy.card, {"rooms": None, "city": "  "})
    predicted = predict_rows(messy.pipeline, messy.card, row)
    assert predicted.frame["prediction"].iloc[0] in ("ham", "spam")
    assert any(n.startswith("Empty or unreadable cells") for n in predicted.notices)
    with pytest.raises(PredictionError, match="no input called ‘age’"):
        row_from_inputs(messy.card, {"age": 3})


def test_regression_predicts_numbers_without_probability_columns(regression) -> None:
    row = row_from_inputs(regression.card, {f.name: f.default for f in regression.card.features})
    predicted = predict_rows(regression.pipeline, regression.card, row)
    assert list(predicted.frame.columns) == ["a", "b", "prediction"]
    assert pd.api.types.is_float_dtype(predicted.frame["prediction"])
    assert regression.card.classes == ()
    assert regression.card.positive_class is None


# ---------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def downloadable(messy) -> pd.DataFrame:
    new = new_rows(messy, n=3).assign(note=["=1+1", "fine", "@SUM(A1)"])
    return predict_rows(messy.pipeline, messy.card, new).frame


def test_predictions_csv_is_safe_and_keeps_numbers(downloadable) -> None:
    content = predictions_csv(downloadable)
    assert content.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert back["note"].tolist() == ["'=1+1", "fine", "'@SUM(A1)"]
    assert pd.api.types.is_float_dtype(back["probability: spam"])
    assert pd.api.types.is_integer_dtype(back["rooms"]) or pd.api.types.is_float_dtype(
        back["rooms"]
    )
    np.testing.assert_allclose(back["probability: spam"], downloadable["probability: spam"])


def test_predictions_excel_is_safe_and_keeps_numbers(downloadable) -> None:
    content = predictions_excel(downloadable)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Predictions"
    header = [cell.value for cell in sheet[1]]
    note, spam = header.index("note") + 1, header.index("probability: spam") + 1
    assert sheet.cell(2, note).value == "'=1+1"
    assert sheet.cell(2, note).data_type == "s"
    assert isinstance(sheet.cell(2, spam).value, float)
    back = pd.read_excel(io.BytesIO(content))
    np.testing.assert_allclose(back["probability: spam"], downloadable["probability: spam"])
    assert back["prediction"].tolist() == downloadable["prediction"].tolist()


def test_predictions_excel_drops_time_zones_and_forbidden_characters() -> None:
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(["2024-01-02 10:00"]).tz_localize("Europe/Oslo"),
            "text": ["bell\x07"],
        }
    )
    back = pd.read_excel(io.BytesIO(predictions_excel(frame)))
    assert back["when"].iloc[0] == pd.Timestamp("2024-01-02 10:00")
    assert back["text"].iloc[0] == "bell"
