"""Tests for core.cli.predict (``python -m core predict``): predictions from a model file, with
the Predict page's schema checks; pickle files refused unread."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.data import load_table, read_options
from core.deliver import PREDICTION_COLUMN, ModelCard, load_model, predict_rows
from tests.core.cli.cli_helpers import customers_frame, run_cli


def test_predict_writes_the_models_predictions(trained_dir: Path, tmp_path: Path) -> None:
    new = customers_frame(seed=5).drop(columns=["paid"]).head(12)
    new = new[["country", "spend", "age"]].assign(note="=cmd|' /C calc'!A0")
    new.to_csv(tmp_path / "new.csv", index=False)
    out = tmp_path / "predictions.csv"
    code, output = run_cli(
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
    customers_frame(seed=6).drop(columns=["paid"]).head(4).to_csv(tmp_path / "new.csv", index=False)
    model = str(trained_dir / "run" / "model.skops")
    code, output = run_cli(
        ["predict", model, str(tmp_path / "new.csv"), "--out", str(tmp_path / "p.xlsx")]
    )
    assert code == 0, output
    assert PREDICTION_COLUMN in pd.read_excel(tmp_path / "p.xlsx").columns
    code, output = run_cli(["predict", model, str(tmp_path / "new.csv")])
    assert code == 0
    assert output.splitlines()[0].endswith("probability: yes")
    assert len(output.splitlines()) == 5


def test_predict_refuses_rows_missing_a_column(trained_dir: Path, tmp_path: Path, capsys) -> None:
    customers_frame().drop(columns=["spend"]).to_csv(tmp_path / "new.csv", index=False)
    code, _ = run_cli(
        ["predict", str(trained_dir / "run" / "model.skops"), str(tmp_path / "new.csv")]
    )
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
    customers_frame().to_csv(tmp_path / "new.csv", index=False)
    code, _ = run_cli(["predict", str(tmp_path / name), str(tmp_path / "new.csv")])
    assert code == 2
    assert "pickle" in capsys.readouterr().err.lower()
    assert not canary.exists()
