"""The target's labels travel as the file wrote them: table → training → metrics → predictions
→ report → CLI. A 0/1 target stays 0/1 (also with missing cells), True/False stays True/False,
text stays text."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.cli.train import _confusion
from core.data import convert_target, load_table, prepare_table
from core.deliver import (
    ReportInputs,
    dump_model,
    load_model,
    model_card,
    predict_rows,
    predictions_csv,
    render_report,
)
from core.evaluate import confusion_frame, per_class_frame, train_and_evaluate, worst_rows
from core.model import complete_problem, plan_folds
from core.prepare import training_data
from core.recipe import ModelSection, ProblemSection, Recipe, ValidationSection

N = 150
FILE = "labels.csv"


def _frame(case: str) -> pd.DataFrame:
    """Two informative numbers, a category and a noisy binary target spelled per ``case``."""
    rng = np.random.default_rng(3)
    x1, x2 = rng.normal(size=N), rng.normal(size=N)
    outcome = 1.5 * x1 - x2 + rng.normal(scale=0.8, size=N) > 0.3
    spellings = {
        "int": (1, 0),
        "int_with_missing": (1, 0),
        "bool": (True, False),
        "string": ("A", "B"),
        "yes_no": ("yes", "no"),
    }
    yes, no = spellings[case]
    target = pd.Series(np.where(outcome, yes, no), dtype=object)
    if case == "int_with_missing":
        target[np.arange(N) % 10 == 4] = None  # written as empty cells: pandas reads floats
    shop = rng.choice(["north", "south"], N)
    return pd.DataFrame({"x1": x1, "x2": x2, "shop": shop, "y": target})


# Expected classes in the model's order, and their spelling in text.
CASES = {
    "int": ((0, 1), ("0", "1")),
    "int_with_missing": ((0, 1), ("0", "1")),
    "bool": ((False, True), ("False", "True")),
    "string": (("A", "B"), ("A", "B")),
    "yes_no": (("no", "yes"), ("no", "yes")),
}


def _csv(case: str) -> bytes:
    return _frame(case).to_csv(index=False).encode()


class _Trained:
    """One training on the CSV as the app runs it, and what it produced."""

    def __init__(self, case: str) -> None:
        self.loaded = load_table(_csv(case), FILE)
        recipe = Recipe(
            problem=ProblemSection(target="y"),
            validation=ValidationSection(folds=3),
            model=ModelSection(algorithm="logistic_regression"),
        )
        self.recipe, _ = complete_problem(self.loaded, recipe)
        self.table = prepare_table(self.loaded.frame, self.recipe.data, target="y")
        self.data = training_data(self.table, self.recipe)
        plan = plan_folds(self.data, self.recipe)
        self.trained = train_and_evaluate(self.data, self.recipe, plan, n_jobs=1)


@pytest.fixture(scope="module", params=list(CASES))
def case(request) -> tuple[str, _Trained]:
    return request.param, _Trained(request.param)


def _same_labels(found, expected) -> bool:
    """Equal values of the same Python type (1 == True, so types are compared too)."""
    plain = [v.item() if isinstance(v, np.generic) else v for v in found]
    return plain == list(expected) and [type(v) for v in plain] == [type(v) for v in expected]


# --- conversion ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kind", "expected", "dtype"),
    [
        ([1, 0, 1], "boolean", [1, 0, 1], "int64"),
        ([1.0, 0.0, None], "boolean", [1, 0, pd.NA], "Int64"),
        (pd.Series([1, 0, None], dtype=object), "boolean", [1, 0, pd.NA], "Int64"),
        ([3.0, 1.0, 2.0], "numeric", [3, 1, 2], "int64"),
        ([0.5, 1.5, None], "numeric", [0.5, 1.5, np.nan], "float64"),
        ([True, False], "boolean", [True, False], "bool"),
        ([True, None, False], "boolean", [True, pd.NA, False], "boolean"),
        ([" yes", "no ", None], "boolean", ["yes", "no", np.nan], "str"),
        (["1", "0", "1"], "boolean", ["1", "0", "1"], "str"),
        (["1,200", "300", None], "numeric", [1200, 300, pd.NA], "Int64"),
        (["A", "B"], "categorical", ["A", "B"], "str"),
    ],
    ids=[
        "int",
        "int-with-missing",
        "ints-in-an-object-column",
        "whole-floats",
        "fractions",
        "bool",
        "bool-with-missing",
        "yes-no-text",
        "digits-as-text",
        "numbers-as-text",
        "text",
    ],
)
def test_convert_target_keeps_the_labels_as_written(values, kind, expected, dtype) -> None:
    converted = convert_target(pd.Series(values, name="y"), kind)
    assert str(converted.dtype) == dtype
    pd.testing.assert_series_equal(
        converted, pd.Series(expected, name="y", dtype=dtype), check_dtype=False
    )


def test_prepare_table_converts_only_the_target_with_its_labels() -> None:
    frame = load_table(b"flag,y\n1,1\n0,\n1,0\n0,1\n", FILE).frame
    table = prepare_table(frame, Recipe().data, target="y")
    assert table.frame["y"].tolist() == [1, pd.NA, 0, 1]
    assert table.frame["flag"].tolist() == [True, False, True, False]  # a feature: yes/no
    assert dict(table.lost_values) == {}


# --- training, metrics, predictions, report --------------------------------------------------


def test_problem_defaults_name_the_positive_class_as_written(case) -> None:
    name, run = case
    classes, _ = CASES[name]
    positive = run.recipe.problem.positive_class
    assert positive in classes
    assert type(positive) is type(classes[0])
    restored = Recipe.from_json(run.recipe.to_json())
    assert _same_labels([restored.problem.positive_class], [positive])


def test_model_learns_the_file_labels(case) -> None:
    name, run = case
    classes, _ = CASES[name]
    assert _same_labels(run.trained.final.pipeline.classes_, classes)
    assert _same_labels(run.trained.final.test.classes, classes)


def test_confusion_matrix_and_per_class_errors_use_the_file_spelling(case) -> None:
    name, run = case
    classes, spelled = CASES[name]
    test = run.trained.final.test
    counts = confusion_frame(test.y_true, test.y_pred, test.classes)
    shares = confusion_frame(test.y_true, test.y_pred, test.classes, normalize=True)
    assert list(counts.index) == list(spelled) == list(counts.columns)
    assert list(shares.index) == list(spelled) == list(shares.columns)
    assert sorted(per_class_frame(test).index) == sorted(spelled)
    assert _same_labels(_confusion(run.trained)["labels"], classes)


def test_worst_rows_show_classes_as_text(case) -> None:
    name, run = case
    _, spelled = CASES[name]
    worst = worst_rows(run.trained.final.test, run.data.X_test, n=10)
    assert set(worst["actual"]) <= set(spelled)
    assert set(worst["predicted"]) <= set(spelled)


def test_predictions_from_the_model_file_carry_the_file_labels(case) -> None:
    name, run = case
    classes, spelled = CASES[name]
    card = model_card(run.trained, run.data, run.table, source_name=FILE)
    loaded = load_model(dump_model(run.trained.final.pipeline, card.to_dict()), "model.skops")
    assert _same_labels(loaded.card["classes"], classes)
    assert _same_labels([loaded.card["positive_class"]], [run.recipe.problem.positive_class])
    rows = run.loaded.frame.drop(columns="y")
    predicted = predict_rows(loaded.pipeline, card, rows)
    column = predicted.frame[predicted.prediction_column]
    assert set(column.map(str)) <= set(spelled)
    assert list(predicted.probability_columns.values()) == list(classes)
    assert list(predicted.probability_columns) == [f"probability: {s}" for s in spelled]
    written = pd.read_csv(
        io.BytesIO(predictions_csv(predicted.frame)), dtype=str, keep_default_na=False
    )
    assert set(written[predicted.prediction_column]) <= set(spelled)


def _report_cells(document: str, header: str) -> list[str]:
    """The cells of the report's table whose first header is ``header``, row by row."""
    start = document.index(f'<th scope="col">{html.escape(header)}</th>')
    body = document[start : document.index("</tbody>", start)]
    return [html.unescape(row.split("</td>")[0]) for row in body.split("<tr><td>")[1:]]


def test_report_names_classes_and_positive_class_as_written(case) -> None:
    name, run = case
    _, spelled = CASES[name]
    document = render_report(ReportInputs(run.trained, run.data, FILE), charts=False)
    positive = html.escape(str(run.recipe.problem.positive_class))
    assert f'<th scope="row">Positive class</th><td>{positive}</td>' in document
    assert sorted(_report_cells(document, "Class")) == sorted(spelled)
    assert _report_cells(document, "Actual \\ predicted") == list(spelled)


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["int_with_missing", "bool"])
def test_cli_train_and_predict_keep_the_file_labels(tmp_path: Path, name: str) -> None:
    classes, spelled = CASES[name]
    data = tmp_path / FILE
    data.write_bytes(_csv(name))
    out = tmp_path / "run"
    argv = ["train", str(data), "--target", "y", "--model", "logistic_regression"]
    printed = io.StringIO()
    assert main([*argv, "--cv", "3", "--no-curve", "--out", str(out)], stdout=printed) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert _same_labels(metrics["confusion_matrix"]["labels"], classes)
    positive = metrics["positive_class"]
    assert positive in classes
    assert type(positive) is type(classes[0])
    assert f"positive class {positive!r}" in printed.getvalue()
    recipe = Recipe.from_json((out / "recipe.json").read_text())
    assert _same_labels([recipe.problem.positive_class], [positive])
    predictions = tmp_path / "predictions.csv"
    model = str(out / "model.skops")
    assert main(["predict", model, str(data), "--out", str(predictions)], stdout=io.StringIO()) == 0
    written = pd.read_csv(predictions, dtype=str, keep_default_na=False)
    assert set(written["prediction"]) <= set(spelled)
    assert [c for c in written.columns if c.startswith("probability")] == [
        f"probability: {s}" for s in spelled
    ]


@pytest.mark.parametrize("written", [True, "1", 1.0], ids=["true", "text", "float"])
def test_a_recipe_naming_the_label_1_otherwise_gets_the_label_as_written(written) -> None:
    loaded = load_table(_csv("int_with_missing"), FILE)
    recipe = Recipe(problem=ProblemSection(target="y", task="binary", positive_class=written))
    completed, _ = complete_problem(loaded, recipe)
    assert _same_labels([completed.problem.positive_class], [1])
