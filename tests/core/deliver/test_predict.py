"""Predictions on new rows: the model card, inputs converted with the kinds pinned from training,
the schema checks and notices, the one-row form and the spreadsheet-safe downloads."""

from __future__ import annotations

import dataclasses
import io
import json
from dataclasses import dataclass

import numpy as np
import openpyxl
import pandas as pd
import pytest

from core.data import (
    PreparedTable,
    infer_column,
    infer_column_kinds,
    load_table,
    parse_numbers,
    prepare_table,
)
from core.deliver import (
    MAX_CHOICES,
    FeatureField,
    ModelCard,
    PredictionError,
    form_fields,
    model_card,
    model_input,
    predict_rows,
    predictions_csv,
    predictions_excel,
    row_from_inputs,
)
from core.evaluate import TrainedModel, train_and_evaluate
from core.model import plan_folds
from core.prepare import TrainingData, clean_columns, training_data
from core.recipe import (
    CleaningSection,
    DataSection,
    ModelSection,
    ProblemSection,
    Recipe,
    ValidationSection,
)

SEED = 11
N = 160
CITIES = (" NYC", "nyc", "New York", "boston", "Boston ", "Chicago", "chicago")


@dataclass(frozen=True)
class Trained:
    raw: pd.DataFrame
    table: PreparedTable
    data: TrainingData
    trained: TrainedModel
    card: ModelCard

    @property
    def pipeline(self):
        return self.trained.final.pipeline


def _train(raw: pd.DataFrame, recipe: Recipe, *, source_name: str | None = None) -> Trained:
    table = prepare_table(raw, recipe.data, target=recipe.problem.target)
    data = training_data(table, recipe)
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe), n_jobs=1)
    card = model_card(trained, data, table, source_name=source_name)
    return Trained(raw, table, data, trained, card)


def _csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame written as CSV and loaded back as the app loads uploads."""
    return load_table(frame.to_csv(index=False).encode("utf-8"), "rows.csv").frame


def _messy_rows(n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Text numbers with currency and thousands separators, yes/no text, day-first dates as
    text, categories needing trimming, lower-casing and a merge, whole numbers, codes, gaps."""
    rng = np.random.default_rng(seed)
    income = rng.normal(50_000, 15_000, n).round(2)
    member = rng.choice(["yes", "no", " Yes", "NO"], n)
    city = rng.choice(CITIES, n)
    rooms = rng.integers(1, 6, n)
    # Days up to 28 so that only the day-first format reads every date.
    joined = [
        f"{d:02d}/{m:02d}/{y}"
        for d, m, y in zip(
            rng.integers(1, 29, n), rng.integers(1, 13, n), rng.integers(2019, 2023, n), strict=True
        )
    ]
    is_member = np.char.lower(np.char.strip(member.astype(str))) == "yes"
    signal = income / 10_000 + 1.5 * is_member + 0.5 * rooms + rng.normal(0, 1, n)
    frame = pd.DataFrame(
        {
            "income": [f"${v:,.2f}" for v in income],
            "member": member,
            "city": city,
            "rooms": rooms,
            "joined": joined,
            "code": rng.integers(1, 4, n),
            "y": np.where(signal > np.median(signal), "spam", "ham"),
        }
    )
    frame.loc[frame.index % 9 == 0, "income"] = ""
    frame.loc[frame.index % 13 == 0, "city"] = ""
    frame.loc[frame.index % 17 == 0, "rooms"] = np.nan
    return frame


def _messy_recipe(**problem) -> Recipe:
    return Recipe(
        data=DataSection(source_name="customers.csv", column_types={"code": "categorical"}),
        problem=ProblemSection(target="y", task="binary", **problem),
        cleaning=CleaningSection(
            text_normalisation="trim_lower", category_merges={"city": {"NYC": "New York"}}
        ),
        validation=ValidationSection(folds=3),
        model=ModelSection(algorithm="logistic_regression"),
    )


@pytest.fixture(scope="module")
def messy() -> Trained:
    return _train(_csv(_messy_rows()), _messy_recipe())


@pytest.fixture(scope="module")
def regression() -> Trained:
    rng = np.random.default_rng(SEED)
    a = rng.normal(size=120)
    b = rng.choice(["x", "y", "z"], 120)
    frame = pd.DataFrame({"a": a, "b": b, "y": 3 * a + (b == "x") + rng.normal(0, 0.1, 120)})
    recipe = Recipe(
        problem=ProblemSection(target="y", task="regression"),
        validation=ValidationSection(folds=2),
        model=ModelSection(algorithm="ridge"),
    )
    return _train(frame, recipe)


@pytest.fixture(scope="module")
def decimal_comma() -> Trained:
    """A model whose numeric column was text with decimal commas in training."""
    rng = np.random.default_rng(SEED)
    price = rng.uniform(500, 5_000, 100).round(2)
    text = [f"€{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") for v in price]
    frame = pd.DataFrame({"price": pd.array(text, dtype="str"), "y": price / 100})
    recipe = Recipe(
        problem=ProblemSection(target="y", task="regression"),
        validation=ValidationSection(folds=2),
        model=ModelSection(algorithm="ridge"),
    )
    return _train(frame, recipe)


def _new_rows(messy: Trained, n: int = 6) -> pd.DataFrame:
    """Rows the model never saw, as a file loads them (without the target)."""
    return _csv(_messy_rows(n, seed=SEED + 1).drop(columns="y"))


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


def test_model_card_describes_the_model(messy) -> None:
    card = messy.card
    assert card.target == "y"
    assert card.task == "binary"
    assert card.classes == ("ham", "spam")
    assert card.positive_class == "spam"
    assert card.feature_names == tuple(messy.data.X_train.columns)
    assert card.n_train == len(messy.data.X_train)
    assert card.n_test == len(messy.data.X_test)
    assert card.algorithm == "logistic_regression"
    assert card.source_name == "customers.csv"
    assert card.scores["cv_mean"] == pytest.approx(messy.trained.cv.mean)
    assert card.scores["test_score"] == pytest.approx(messy.trained.final.test_score)
    income = card.feature("income")
    assert income.decimal == "."
    assert income.minimum == pytest.approx(messy.data.X_train["income"].min())
    assert income.median == pytest.approx(messy.data.X_train["income"].median())
    city = card.feature("city")
    assert set(city.choices) == {"new york", "boston", "chicago"}
    assert city.choices[0] == messy.data.X_train["city"].value_counts().index[0]
    assert city.n_choices == 3
    assert city.missing_share == pytest.approx(messy.data.X_train["city"].isna().mean())
    assert card.feature("joined").date_format == "%d/%m/%Y"
    assert set(card.feature("member").choices) <= {"yes", "no", "Yes", "NO"}
    assert card.feature("member").n_choices == 2
    assert card.feature("code").choices
    assert card.feature("rooms").decimal is None


def test_model_card_needs_a_final_model(messy) -> None:
    stopped = dataclasses.replace(messy.trained, final=None)
    with pytest.raises(PredictionError, match="no final model"):
        model_card(stopped, messy.data, messy.table)


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
    new = _new_rows(messy).assign(income="1,5")
    with pytest.raises(PredictionError, match="‘income’") as caught:
        model_input(messy.card, new)
    assert "can't be read as numbers" in caught.value.message


# ---------------------------------------------------------------------------------------------
# Columns: missing, extra, reordered, unseen, mismatched
# ---------------------------------------------------------------------------------------------


def test_a_missing_column_is_named(messy) -> None:
    new = _new_rows(messy).drop(columns="rooms")
    with pytest.raises(PredictionError, match="‘rooms’"):
        predict_rows(messy.pipeline, messy.card, new)


def test_a_column_with_other_capitals_is_named_as_a_near_miss(messy) -> None:
    new = _new_rows(messy).rename(columns={"rooms": "Rooms"})
    with pytest.raises(PredictionError, match="‘Rooms’"):
        model_input(messy.card, new)


def test_extra_columns_are_ignored_with_a_notice(messy) -> None:
    new = _new_rows(messy)
    plain = predict_rows(messy.pipeline, messy.card, new)
    extra = predict_rows(messy.pipeline, messy.card, new.assign(notes="call back", id=range(6)))
    notice = next(n for n in extra.notices if n.startswith("Ignored 2 columns"))
    assert "‘notes’" in notice
    assert "‘id’" in notice
    assert extra.frame["prediction"].tolist() == plain.frame["prediction"].tolist()
    assert "notes" in extra.frame.columns  # the rows come back as given


def test_reordered_columns_give_the_same_predictions(messy) -> None:
    new = _new_rows(messy)
    plain = predict_rows(messy.pipeline, messy.card, new)
    shuffled = predict_rows(messy.pipeline, messy.card, new[list(reversed(new.columns))])
    pd.testing.assert_series_equal(shuffled.frame["prediction"], plain.frame["prediction"])
    assert list(model_input(messy.card, shuffled.frame).X.columns) == list(
        messy.data.X_train.columns
    )


def test_unseen_categories_are_counted_and_still_predicted(messy) -> None:
    new = _new_rows(messy).assign(city=["Paris", " nyc", "Paris", "Lima", "boston", None])
    predicted = predict_rows(messy.pipeline, messy.card, new)
    # " nyc" is merged into "new york" as in training: seen.
    assert dict(predicted.check.unseen_categories) == {"city": 3}
    assert any("‘city’" in n and "3 rows" in n for n in predicted.notices)
    assert predicted.frame["prediction"].isin(["ham", "spam"]).all()


def test_text_in_a_numeric_column_is_named(messy) -> None:
    new = _new_rows(messy).assign(rooms=["two", "3", "4", "5", "1", "2"])
    with pytest.raises(PredictionError, match="‘rooms’") as caught:
        predict_rows(messy.pipeline, messy.card, new)
    assert "‘two’" in caught.value.message


def test_a_few_unreadable_values_become_missing_with_a_notice(messy) -> None:
    new = _new_rows(messy, n=40)
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
        model_input(messy.card, _new_rows(messy).iloc[0:0])
    repeated = _new_rows(messy)
    repeated.columns = ["income", "income", *repeated.columns[2:]]
    with pytest.raises(PredictionError, match="more than one column named ‘income’"):
        model_input(messy.card, repeated)


def test_new_column_names_do_not_collide_with_the_file_s(messy) -> None:
    new = _new_rows(messy).assign(prediction="mine")
    predicted = predict_rows(messy.pipeline, messy.card, new)
    assert predicted.prediction_column == "prediction (2)"
    assert predicted.frame["prediction"].eq("mine").all()


def test_a_card_that_does_not_fit_the_pipeline_is_refused(messy, regression) -> None:
    swapped = dataclasses.replace(messy.card, classes=("no", "yes"))
    with pytest.raises(PredictionError, match="classes differ"):
        predict_rows(messy.pipeline, swapped, _new_rows(messy))
    with pytest.raises(PredictionError, match="input columns differ"):
        predict_rows(regression.pipeline, messy.card, _new_rows(messy))


def test_clean_columns_keeps_every_row_and_the_target(messy) -> None:
    frame = messy.table.frame
    cleaned, changes = clean_columns(
        frame, messy.table.columns, messy.card.recipe.cleaning, target="y"
    )
    assert cleaned.index.equals(frame.index)
    pd.testing.assert_series_equal(cleaned["y"], frame["y"])
    assert {c.column for c in changes} == {"city"}


# ---------------------------------------------------------------------------------------------
# The card as JSON
# ---------------------------------------------------------------------------------------------


def test_card_round_trips_through_json(messy, regression, decimal_comma) -> None:
    for card in (messy.card, regression.card, decimal_comma.card):
        as_dict = card.to_dict()
        text = json.dumps(as_dict, allow_nan=False)
        assert json.loads(text) == as_dict  # only JSON types: no tuples, no NaN
        assert ModelCard.from_dict(json.loads(text)) == card


def test_card_keeps_numeric_class_labels_and_missing_scores(messy) -> None:
    card = dataclasses.replace(
        messy.card,
        classes=(0, 1),
        positive_class=1,
        scores={**messy.card.scores, "baseline_cv_mean": float("nan")},
    )
    back = ModelCard.from_dict(json.loads(json.dumps(card.to_dict(), allow_nan=False)))
    assert back.classes == (0, 1)
    assert back.positive_class == 1
    assert back.scores["baseline_cv_mean"] is None


def _broken(change):
    def apply(card: dict) -> object:
        return change(json.loads(json.dumps(card)))

    return apply


def _set(path: tuple, value):
    def change(card: dict) -> dict:
        target = card
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return card

    return _broken(change)


def _delete(key: str):
    def change(card: dict) -> dict:
        del card[key]
        return card

    return _broken(change)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        pytest.param(_broken(lambda card: [card]), "not a set of named values", id="not-a-dict"),
        pytest.param(_delete("features"), "no 'features'", id="no-features"),
        pytest.param(_set(("card_version",), 99), "newer version", id="newer"),
        pytest.param(_set(("card_version",), "1"), "card version", id="version-text"),
        pytest.param(_set(("task",), "ranking"), "task", id="task"),
        pytest.param(_set(("classes",), []), "class labels", id="no-classes"),
        pytest.param(_set(("positive_class",), "maybe"), "positive class", id="positive"),
        pytest.param(_set(("n_train",), True), "whole number", id="bool-count"),
        pytest.param(_set(("scores", "cv_mean"), "high"), "score", id="score-text"),
        pytest.param(_set(("features",), []), "empty", id="empty-features"),
        pytest.param(_set(("features", 0, "kind"), "identifier"), "kind", id="feature-kind"),
        pytest.param(_set(("features", 0, "choices"), [1, 2]), "not text", id="choices"),
        pytest.param(_set(("features", 0, "median"), [1]), "median", id="median"),
        pytest.param(_set(("recipe", "split", "test_size"), 7), "recipe", id="recipe"),
    ],
)
def test_from_dict_refuses_a_damaged_card(messy, damage, words) -> None:
    with pytest.raises(PredictionError, match=words):
        ModelCard.from_dict(damage(messy.card.to_dict()))


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


def test_choices_are_capped_but_counted() -> None:
    values = pd.Series([f"v{i}" for i in range(MAX_CHOICES + 5)] * 10, dtype="str")
    frame = pd.DataFrame({"c": values, "y": np.arange(len(values), dtype=float)})
    recipe = Recipe(
        problem=ProblemSection(target="y", task="regression"),
        validation=ValidationSection(folds=2),
        model=ModelSection(algorithm="ridge"),
    )
    card = _train(frame, recipe).card
    field = card.feature("c")
    assert len(field.choices) == MAX_CHOICES
    assert field.n_choices == MAX_CHOICES + 5
    assert not field.complete_choices
    # Values beyond the listed ones can't be told from new ones, so none are counted.
    check = model_input(card, pd.DataFrame({"c": ["v1004", "new"]})).check
    assert dict(check.unseen_categories) == {}


# ---------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def downloadable(messy) -> pd.DataFrame:
    new = _new_rows(messy, n=3).assign(note=["=1+1", "fine", "@SUM(A1)"])
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


def test_feature_field_round_trips_alone() -> None:
    field = FeatureField(
        "when", "datetime", "%d/%m/%Y", "2020-01-01T00:00:00", "2021-01-01T00:00:00", None
    )
    assert FeatureField.from_dict(json.loads(json.dumps(field.to_dict()))) == field
    assert field.default is None
