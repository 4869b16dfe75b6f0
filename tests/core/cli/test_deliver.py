"""``python -m core`` Deliver commands: train --out writes the model file and the script;
predict applies a model with the Predict page's checks; export renders the script."""

from __future__ import annotations

import ast
import io
import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli.main import main
from core.data import load_table, read_options
from core.deliver import PREDICTION_COLUMN, ModelCard, load_model, predict_rows

N = 160


def _frame(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, N)
    spend = rng.normal(100, 20, N).round(2)
    country = rng.choice(["NA", "FR", "DE"], N)  # "NA" is Namibia here
    signal = (spend - 100) / 20 + (country == "FR") + rng.normal(0, 0.7, N)
    return pd.DataFrame(
        {
            "age": age,
            "spend": spend,
            "country": country,
            "paid": np.where(signal > 0, "yes", "no"),
        }
    )


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    try:
        code = main(argv, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


@pytest.fixture(scope="module")
def trained_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    _frame().to_csv(folder / "customers.csv", index=False)
    code, output = _run(
        [
            "train",
            str(folder / "customers.csv"),
            "--target",
            "paid",
            "--model",
            "logistic_regression",
            "--no-curve",
            "--na",
            ",null",
            "--out",
            str(folder / "run"),
        ]
    )
    assert code == 0, output
    assert "model.skops" in output
    assert "train_model.py" in output
    return folder


def test_train_out_writes_a_loadable_model_and_a_script(trained_dir: Path) -> None:
    run = trained_dir / "run"
    assert sorted(p.name for p in run.iterdir()) == [
        "metrics.json",
        "model.skops",
        "recipe.json",
        "train_model.py",
    ]
    model = load_model((run / "model.skops").read_bytes(), "model.skops")
    card = ModelCard.from_dict(model.card)
    assert card.target == "paid"
    assert card.recipe.data.na_tokens == ("", "null")  # "NA" stays Namibia
    ast.parse((run / "train_model.py").read_text(encoding="utf-8"))


def test_the_written_script_reproduces_metrics_json(trained_dir: Path) -> None:
    run = trained_dir / "run"
    completed = subprocess.run(
        [
            sys.executable,
            str(run / "train_model.py"),
            str(trained_dir / "customers.csv"),
            "--json",
            str(run / "scores.json"),
            "--model",
            str(run / "again.skops"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    scores = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    assert scores["cv"]["mean"] == pytest.approx(metrics["cv"]["mean"], abs=1e-10)
    assert scores["test_score"] == pytest.approx(metrics["test"]["primary"], abs=1e-10)


def test_predict_writes_the_models_predictions(trained_dir: Path, tmp_path: Path) -> None:
    new = _frame(seed=5).drop(columns=["paid"]).head(12)
    new = new[["country", "spend", "age"]].assign(note="=cmd|' /C calc'!A0")
    new.to_csv(tmp_path / "new.csv", index=False)
    out = tmp_path / "predictions.csv"
    code, output = _run(
        [
            "predict",
            str(trained_dir / "run" / "model.skops"),
            str(tmp_path / "new.csv"),
            "--out",
            str(out),
        ]
    )
    assert code == 0, output
    assert "Predicted 12 rows" in output
    assert "note" in output  # the extra column is named
    written = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    model = load_model((trained_dir / "run" / "model.skops").read_bytes(), "m.skops")
    card = ModelCard.from_dict(model.card)
    options = read_options(card.recipe.data)  # "NA" is Namibia, as in training
    rows = load_table((tmp_path / "new.csv").read_bytes(), "new.csv", options=options).frame
    assert (rows["country"] == "NA").any()
    expected = predict_rows(model.pipeline, card, rows).frame
    assert list(written[PREDICTION_COLUMN]) == list(expected[PREDICTION_COLUMN])
    assert written["note"].str.startswith("'=").all()  # spreadsheet-safe
    assert written["spend"].dtype == np.float64  # numbers stay numbers


def test_predict_to_excel_and_to_standard_output(trained_dir: Path, tmp_path: Path) -> None:
    _frame(seed=6).drop(columns=["paid"]).head(4).to_csv(tmp_path / "new.csv", index=False)
    model = str(trained_dir / "run" / "model.skops")
    code, output = _run(
        ["predict", model, str(tmp_path / "new.csv"), "--out", str(tmp_path / "p.xlsx")]
    )
    assert code == 0, output
    assert PREDICTION_COLUMN in pd.read_excel(tmp_path / "p.xlsx").columns
    code, output = _run(["predict", model, str(tmp_path / "new.csv")])
    assert code == 0
    assert output.splitlines()[0].endswith("probability: yes")
    assert len(output.splitlines()) == 5


def test_predict_refuses_rows_missing_a_column(trained_dir: Path, tmp_path: Path, capsys) -> None:
    _frame().drop(columns=["spend"]).to_csv(tmp_path / "new.csv", index=False)
    code, _ = _run(["predict", str(trained_dir / "run" / "model.skops"), str(tmp_path / "new.csv")])
    assert code == 2
    error = capsys.readouterr().err
    assert "spend" in error
    assert len(error.strip().splitlines()) == 1


class _Canary:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path(self.path).write_text, ("pwned",))


@pytest.mark.parametrize("name", ["model.pkl", "model.skops"])
def test_predict_refuses_a_pickle_unread(tmp_path: Path, capsys, name: str) -> None:
    canary = tmp_path / "canary.txt"
    (tmp_path / name).write_bytes(pickle.dumps(_Canary(str(canary))))
    _frame().to_csv(tmp_path / "new.csv", index=False)
    code, _ = _run(["predict", str(tmp_path / name), str(tmp_path / "new.csv")])
    assert code == 2
    assert "pickle" in capsys.readouterr().err.lower()
    assert not canary.exists()


def test_export_renders_the_script_for_a_recipe(trained_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "again.py"
    code, output = _run(
        [
            "export",
            str(trained_dir / "run" / "recipe.json"),
            "--script",
            str(target),
            "--data",
            str(trained_dir / "customers.csv"),
        ]
    )
    assert code == 0, output
    written = (trained_dir / "run" / "train_model.py").read_text(encoding="utf-8")
    rendered = target.read_text(encoding="utf-8")
    # The same script, apart from the time stamp in its header.
    assert rendered.splitlines()[3:] == written.splitlines()[3:]


def test_export_finds_the_data_beside_the_recipe(trained_dir: Path, tmp_path: Path) -> None:
    recipe = (trained_dir / "run" / "recipe.json").read_text(encoding="utf-8")
    (tmp_path / "recipe.json").write_text(recipe, encoding="utf-8")
    code, _ = _run(["export", str(tmp_path / "recipe.json"), "--script", str(tmp_path / "s.py")])
    assert code == 2  # customers.csv is not beside this copy
    (tmp_path / "customers.csv").write_bytes((trained_dir / "customers.csv").read_bytes())
    code, output = _run(
        ["export", str(tmp_path / "recipe.json"), "--script", str(tmp_path / "s.py")]
    )
    assert code == 0, output
    assert (tmp_path / "s.py").exists()


def test_export_of_a_sample_recipe_writes_the_sample(tmp_path: Path) -> None:
    from core.recipe import ModelSection, ProblemSection, Recipe

    recipe = Recipe(
        problem=ProblemSection(target="species", task="multiclass"),
        model=ModelSection(algorithm="knn"),
    )
    recipe = recipe.with_section(recipe.data.with_changes(source_name="sample:iris"))
    (tmp_path / "recipe.json").write_text(recipe.to_json(), encoding="utf-8")
    code, output = _run(
        ["export", str(tmp_path / "recipe.json"), "--script", str(tmp_path / "train_model.py")]
    )
    assert code == 0, output
    assert (tmp_path / "iris.csv").exists()


def test_export_without_an_algorithm_says_what_to_do(tmp_path: Path, capsys) -> None:
    from core.recipe import ProblemSection, Recipe

    _frame().to_csv(tmp_path / "customers.csv", index=False)
    recipe = Recipe(problem=ProblemSection(target="paid", task="binary"))
    (tmp_path / "recipe.json").write_text(recipe.to_json(), encoding="utf-8")
    code, _ = _run(
        [
            "export",
            str(tmp_path / "recipe.json"),
            "--script",
            str(tmp_path / "s.py"),
            "--data",
            str(tmp_path / "customers.csv"),
        ]
    )
    assert code == 2
    assert "Algorithm page" in capsys.readouterr().err
