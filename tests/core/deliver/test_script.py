"""The standalone script reproduces ModelPath's numbers with scikit-learn alone.

Two scripts run in a subprocess (a classification and a regression recipe with imputation,
encoding and tuned hyperparameters) and must print the cross-validation and test scores
ModelPath computed. The rest executes rendered scripts in-process: the file readers, column
kinds and cleaning must give ModelPath's cleaned table for every file format, the split and
the folds must be ModelPath's, and every pipeline ModelPath can build must come back from its
rendered code with the same settings.
"""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.data import ReadOptions, load_table, prepare_table
from core.deliver import ScriptError, ScriptSource, render_script
from core.evaluate import train_and_evaluate
from core.model import plan_folds
from core.prepare import training_data
from core.recipe import (
    CleaningSection,
    DataSection,
    FeaturesSection,
    ModelSection,
    ProblemSection,
    Recipe,
    SplitSection,
    ValidationSection,
)

SEED = 11


# --- data ------------------------------------------------------------------------------------


def _messy_frame(n: int = 160, seed: int = SEED) -> pd.DataFrame:
    """Numbers, yes/no, dates, tidy-able categories, missing values and a binary target."""
    rng = np.random.default_rng(seed)
    size = rng.normal(50, 15, n).round(2)
    city = rng.choice(["Berlin", " berlin", "KÖLN", "Köln ", "München"], n)
    member = rng.choice(["ja", "nein"], n)
    day = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    visits = rng.integers(0, 12, n)
    signal = size / 15 + visits / 3 + (member == "ja") + rng.normal(0, 1, n)
    frame = pd.DataFrame(
        {
            "Größe": size,
            "Stadt": city,
            "Mitglied": member,
            "Datum": day.strftime("%d/%m/%Y"),
            "Besuche": visits,
            "Ziel": np.where(signal > np.median(signal), "ja", "nein"),
        }
    )
    frame.loc[rng.choice(n, 12, replace=False), "Größe"] = np.nan
    frame.loc[rng.choice(n, 8, replace=False), "Stadt"] = None
    return frame


def _semicolon_cp1252(frame: pd.DataFrame) -> bytes:
    """A German-style export: semicolons, decimal commas, thousands points, cp1252, N/A."""
    text = frame.copy()
    text["Größe"] = [
        "N/A"
        if pd.isna(v)
        else f"{v * 100:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        for v in frame["Größe"]
    ]
    buffer = io.StringIO()
    text.to_csv(buffer, sep=";", index=False)
    return buffer.getvalue().encode("cp1252")


def _app_side(content: bytes, name: str, recipe: Recipe, options: ReadOptions | None = None):
    loaded = load_table(content, name, options=options)
    table = prepare_table(loaded.frame, recipe.data, target=recipe.problem.target)
    data = training_data(table, recipe)
    source = ScriptSource.from_report(loaded.report, loaded.frame.columns)
    return loaded, table, data, source


def _namespace(script: str, name: str = "rendered_script") -> dict:
    """Execute a rendered script as a module, without running ``main``."""
    module = types.ModuleType(name)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    try:
        exec(compile(script, "train_model.py", "exec"), module.__dict__)
    finally:
        del sys.modules[name]
    return module.__dict__


def _recipe(target: str, task: str, algorithm: str, params=None, **sections) -> Recipe:
    return Recipe(
        problem=ProblemSection(target=target, task=task),
        model=ModelSection(algorithm=algorithm, params=params or {}),
        **sections,
    )


# --- end to end: the same numbers in a subprocess --------------------------------------------


def _run_script(tmp_path: Path, script: str, data_name: str, content: bytes) -> dict:
    (tmp_path / "train_model.py").write_text(script, encoding="utf-8")
    (tmp_path / data_name).write_bytes(content)
    completed = subprocess.run(
        [sys.executable, "train_model.py", "--json", "scores.json", "--model", "model.skops"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Cross-validation" in completed.stdout
    assert (tmp_path / "model.skops").exists()
    return json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))


def _assert_same_numbers(scores: dict, trained) -> None:
    assert scores["cv"]["folds"] == pytest.approx(list(trained.cv.test_scores), abs=1e-10)
    assert scores["cv"]["mean"] == pytest.approx(trained.cv.mean, abs=1e-10)
    assert scores["cv"]["std"] == pytest.approx(trained.cv.std, abs=1e-10)
    assert scores["cv"]["train_mean"] == pytest.approx(trained.cv.train_mean, abs=1e-10)
    assert scores["test_score"] == pytest.approx(trained.final.test_score, abs=1e-10)
    assert scores["baseline_cv"]["mean"] == pytest.approx(trained.baseline_cv.mean, abs=1e-10)
    assert scores["baseline_test_score"] == pytest.approx(
        trained.final.baseline_test_score, abs=1e-10
    )


def test_classification_script_prints_the_app_numbers(tmp_path: Path) -> None:
    recipe = _recipe(
        "Ziel",
        "binary",
        "logistic_regression",
        {"C": 3.0},
        cleaning=CleaningSection(
            text_normalisation="trim_lower",
            numeric_imputation="knn",
            missing_indicators=True,
            category_merges={"Stadt": {"koeln": "köln"}},
        ),
        features=FeaturesSection(encoding="target"),
    )
    recipe = recipe.with_section(recipe.problem.with_changes(metric="f1", positive_class="ja"))
    content = _semicolon_cp1252(_messy_frame())
    _, table, data, source = _app_side(content, "kunden.csv", recipe)
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe))
    script = render_script(recipe, source, table, data)
    scores = _run_script(tmp_path, script, "kunden.csv", content)
    _assert_same_numbers(scores, trained)
    assert scores["metric"] == "f1"


def test_regression_script_prints_the_app_numbers(tmp_path: Path) -> None:
    rng = np.random.default_rng(SEED)
    n = 200
    frame = pd.DataFrame(
        {
            "area": rng.uniform(30, 150, n).round(1),
            "rooms": rng.integers(1, 6, n),
            "district": rng.choice(["north", "south", "east", "west"], n),
            "balcony": rng.choice(["yes", "no"], n),
        }
    )
    frame["price"] = (
        frame["area"] * 3 + frame["rooms"] * 10 + (frame["district"] == "south") * 40
    ) + rng.normal(0, 20, n)
    frame.loc[rng.choice(n, 15, replace=False), "area"] = np.nan
    frame.loc[rng.choice(n, 10, replace=False), "district"] = None
    content = frame.to_csv(index=False).encode("utf-8")
    recipe = _recipe(
        "price",
        "regression",
        "ridge",
        {"alpha": 3.0},
        cleaning=CleaningSection(numeric_imputation="mean", outliers="clip_iqr"),
        features=FeaturesSection(poly_columns=("area", "rooms")),
        validation=ValidationSection(folds=4, repeats=2),
    )
    recipe = recipe.with_section(recipe.problem.with_changes(metric="rmse"))
    _, table, data, source = _app_side(content, "flats.csv", recipe)
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe))
    scores = _run_script(tmp_path, render_script(recipe, source, table, data), "flats.csv", content)
    _assert_same_numbers(scores, trained)
    assert scores["cv"]["mean"] > 0  # RMSE in its own units, not negated


def test_script_with_date_pairs_and_an_ordinal_order_prints_the_app_numbers(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(SEED)
    n = 180
    ordered = pd.Timestamp("2024-02-01") + pd.to_timedelta(rng.uniform(0, 200, n), unit="D")
    delivered = ordered + pd.to_timedelta(rng.uniform(0.2, 12, n), unit="D")
    cut = rng.choice(["Fair", "Good", "Very Good", "Premium", "Ideal"], n)
    frame = pd.DataFrame(
        {
            "ordered": ordered.strftime("%Y-%m-%d %H:%M"),
            "delivered": delivered.strftime("%Y-%m-%d %H:%M"),
            "cut": cut,
            "weight": rng.uniform(1, 20, n).round(1),
        }
    )
    rank = pd.Series(cut).map({"Fair": 0, "Good": 1, "Very Good": 2, "Premium": 3, "Ideal": 4})
    days = (delivered - ordered).total_seconds() / 86_400
    frame["rating"] = 5 - 0.3 * days + 0.4 * rank.to_numpy() + rng.normal(0, 0.3, n)
    content = frame.to_csv(index=False).encode("utf-8")
    order = ("Fair", "Good", "Very Good", "Premium", "Ideal")
    recipe = _recipe(
        "rating",
        "regression",
        "ridge",
        features=FeaturesSection(ordinal_orders={"cut": order}, date_durations=True),
    )
    recipe = recipe.with_section(recipe.problem.with_changes(metric="rmse"))
    _, table, data, source = _app_side(content, "orders.csv", recipe)
    assert data.columns.datetime == ("ordered", "delivered")
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe))
    script = render_script(recipe, source, table, data)
    assert "max_pairs=10" in script
    assert "'Very Good'" in script
    scores = _run_script(tmp_path, script, "orders.csv", content)
    _assert_same_numbers(scores, trained)


@pytest.mark.parametrize(
    ("metric", "expected"), [("mape", "8.41 %"), ("rmse", "0.0841")], ids=["mape", "rmse"]
)
def test_script_prints_mape_as_a_percentage(metric: str, expected: str) -> None:
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame({"x": rng.normal(size=60)})
    frame["y"] = 50 + 5 * frame["x"] + rng.normal(size=60)
    content = frame.to_csv(index=False).encode("utf-8")
    recipe = _recipe("y", "regression", "ridge")
    recipe = recipe.with_section(recipe.problem.with_changes(metric=metric))
    _, table, data, source = _app_side(content, "mape.csv", recipe)
    namespace = _namespace(render_script(recipe, source, table, data))
    assert namespace["shown"](0.0841) == expected


# --- reading, kinds and cleaning, for every format -------------------------------------------


def _clean_table_matches(script: str, path: Path, data) -> None:
    namespace = _namespace(script)
    frame = namespace["clean"](namespace["prepare"](namespace["read_table"](path)))
    pd.testing.assert_frame_equal(frame, data.clean.frame)


def test_messy_csv_is_read_and_cleaned_as_the_app_does(tmp_path: Path) -> None:
    frame = _messy_frame()
    content = _semicolon_cp1252(frame)
    # A line with too many fields, skipped by both.
    content = content.replace(b"\r\n", b"\n")
    lines = content.split(b"\n")
    lines.insert(5, b"1;2;3;4;5;6;7;8;9")
    content = b"\n".join(lines)
    recipe = _recipe(
        "Ziel",
        "binary",
        "decision_tree",
        data=DataSection(skip_bad_lines=True, drop_columns=("Besuche",)),
        cleaning=CleaningSection(text_normalisation="trim_lower", drop_duplicates=True),
    )
    loaded, table, data, source = _app_side(
        content, "kunden.csv", recipe, ReadOptions(skip_bad_lines=True)
    )
    assert loaded.report.skipped_lines
    assert loaded.report.encoding == "cp1252"
    path = tmp_path / "kunden.csv"
    path.write_bytes(content)
    _clean_table_matches(render_script(recipe, source, table, data), path, data)


@pytest.mark.parametrize("file_format", ["xlsx", "parquet", "json", "jsonl"])
def test_other_formats_are_read_as_the_app_does(tmp_path: Path, file_format: str) -> None:
    frame = _messy_frame(80)
    frame.loc[3, "Stadt"] = "NA"  # a missing-value word, in every format
    path = tmp_path / f"table.{file_format}"
    if file_format == "xlsx":
        frame.to_excel(path, index=False, sheet_name="Daten")
    elif file_format == "parquet":
        frame.to_parquet(path, index=False)
    elif file_format == "json":
        path.write_text(frame.to_json(orient="records", force_ascii=False), encoding="utf-8")
    else:
        path.write_text(frame.to_json(orient="records", lines=True), encoding="utf-8")
    recipe = _recipe("Ziel", "binary", "knn")
    _, table, data, source = _app_side(path.read_bytes(), path.name, recipe)
    _clean_table_matches(render_script(recipe, source, table, data), path, data)


# --- split and folds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("split", "validation"),
    [
        (SplitSection(strategy="stratified", seed=5), ValidationSection(folds=3, repeats=3)),
        (SplitSection(strategy="random"), ValidationSection(scheme="kfold", shuffle=False)),
        (SplitSection(strategy="time", time_column="Datum"), ValidationSection(folds=4)),
        (SplitSection(strategy="group", group_column="Besuche"), ValidationSection(folds=3)),
    ],
    ids=["stratified-repeated", "random-unshuffled", "time", "group"],
)
def test_split_and_folds_are_the_apps(tmp_path, split, validation) -> None:
    content = _messy_frame().to_csv(index=False).encode("utf-8")
    recipe = _recipe("Ziel", "binary", "naive_bayes", split=split, validation=validation)
    _, table, data, source = _app_side(content, "t.csv", recipe)
    namespace = _namespace(render_script(recipe, source, table, data))
    frame = data.clean.frame
    train_index, test_index = namespace["split"](frame)
    assert list(train_index) == list(data.split.train_index)
    assert list(test_index) == list(data.split.test_index)
    folds = namespace["cv_folds"](frame, train_index, data.y_train)
    plan = plan_folds(data, recipe)
    assert len(folds) == len(plan.splits)
    for (train, test), (want_train, want_test) in zip(folds, plan.splits, strict=True):
        np.testing.assert_array_equal(train, want_train)
        np.testing.assert_array_equal(test, want_test)


# --- untrusted names and refusals ------------------------------------------------------------


def test_hostile_column_names_stay_data(tmp_path: Path) -> None:
    hostile = 'a"""\\\nimport os; os.system("echo pwned") #'
    frame = _messy_frame(60).rename(columns={"Stadt": hostile, "Ziel": "y'''\"x"})
    content = frame.to_csv(index=False).encode("utf-8")
    recipe = _recipe("y'''\"x", "binary", "decision_tree")
    _, table, data, source = _app_side(content, "t.csv", recipe)
    script = render_script(recipe, source, table, data)
    ast.parse(script)  # still valid Python
    namespace = _namespace(script)
    assert hostile in namespace["FEATURES"]
    assert namespace["TARGET"] == "y'''\"x"


def test_no_algorithm_is_refused_with_the_fix() -> None:
    content = _messy_frame(60).to_csv(index=False).encode("utf-8")
    recipe = Recipe(problem=ProblemSection(target="Ziel", task="binary"))
    _, table, data, source = _app_side(content, "t.csv", recipe)
    with pytest.raises(ScriptError, match="Algorithm page"):
        render_script(recipe, source, table, data)


def test_script_reads_as_a_recipe() -> None:
    content = _messy_frame(60).to_csv(index=False).encode("utf-8")
    recipe = _recipe("Ziel", "binary", "random_forest", {"max_depth": 6})
    _, table, data, source = _app_side(content, "kunden.csv", recipe)
    script = render_script(recipe, source, table, data)
    assert "import core" not in script
    assert "from core" not in script
    assert "RandomForestClassifier(max_depth=6, random_state=42)" in script
    assert "DATA_FILE = 'kunden.csv'" in script
    assert "# impute:" in script  # steps say why they are there
    assert "import pickle" not in script
    assert "pickle.load" not in script


def test_a_table_with_added_rows_travels_as_its_own_csv(tmp_path: Path) -> None:
    from core.deliver import script_data_file

    first = _messy_frame(120)
    content = _semicolon_cp1252(first)
    recipe = _recipe(
        "Ziel", "binary", "decision_tree", cleaning=CleaningSection(text_normalisation="trim")
    )
    loaded = load_table(content, "kunden.csv")
    more = load_table(_semicolon_cp1252(_messy_frame(40, seed=3)), "neu.csv").frame
    combined = pd.concat([loaded.frame, more], ignore_index=True)
    table = prepare_table(combined, recipe.data, target="Ziel")
    data = training_data(table, recipe)
    csv, source = script_data_file(combined, "kunden-with-new-rows.csv", recipe.data)
    path = tmp_path / source.file_name
    path.write_bytes(csv)
    _clean_table_matches(render_script(recipe, source, table, data), path, data)


@pytest.mark.parametrize(
    ("yes", "no"), [(1, 0), (True, False), ("yes", "no")], ids=["0-1", "true-false", "yes-no"]
)
def test_target_with_missing_cells_keeps_its_labels_in_the_script(
    tmp_path: Path, yes: object, no: object
) -> None:
    rng = np.random.default_rng(SEED)
    n = 120
    frame = pd.DataFrame({"x": rng.normal(size=n), "colour": rng.choice(["red", "blue"], n)})
    target = pd.Series(np.where(frame["x"] + rng.normal(scale=0.7, size=n) > 0, yes, no))
    target = target.astype(object).where(np.arange(n) % 9 != 0)  # empty cells in the file
    content = frame.assign(y=target).to_csv(index=False).encode("utf-8")
    recipe = _recipe("y", "binary", "logistic_regression", validation=ValidationSection(folds=3))
    recipe = recipe.with_section(recipe.problem.with_changes(metric="f1", positive_class=yes))
    _, table, data, source = _app_side(content, "labels.csv", recipe)
    labels = data.clean.frame["y"].tolist()
    assert set(labels) == {yes, no}
    assert {type(label) for label in labels} == {type(yes)}  # 1 == True: compare types too
    script = render_script(recipe, source, table, data)
    (tmp_path / "labels.csv").write_bytes(content)
    _clean_table_matches(script, tmp_path / "labels.csv", data)
    trained = train_and_evaluate(data, recipe, plan_folds(data, recipe))
    _assert_same_numbers(_run_script(tmp_path, script, "labels.csv", content), trained)
