"""Fixtures shared by the command-line tests: a small customers table, and one ``train --out``
run whose model file, script and recipe the train, predict and export tests read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.cli.cli_helpers import customers_frame, run_cli, table_frame


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    table_frame().to_csv(path, index=False)
    return path


# One training for the whole folder: the train, predict and export tests share its outputs.
@pytest.fixture(scope="package")
def trained_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    customers_frame().to_csv(folder / "customers.csv", index=False)
    code, output = run_cli(
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
