"""Tests for core.cli.profile (``python -m core profile``): text and JSON output, read options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.data import LoadLimits, load_table, read_options
from core.recipe import DataSection, ProblemSection, Recipe
from core.understand import profile_table
from tests.core.cli.cli_helpers import TABLE_ROWS, run_cli, table_frame


def _run_json(argv: list[str]) -> dict:
    code, out = run_cli([*argv, "--json"])
    assert code == 0
    return json.loads(out)


# ---------------------------------------------------------------------------------------------
# Text and JSON output
# ---------------------------------------------------------------------------------------------


def test_cli_profile_exits_zero_and_reports_rows_kinds_findings(csv_file: Path) -> None:
    code, out = run_cli(["profile", str(csv_file)])
    assert code == 0
    assert f"Rows: {TABLE_ROWS}   Columns: 5" in out
    for name, kind in [("customer_id", "identifier"), ("age", "numeric"), ("paid", "boolean")]:
        assert any(line.split()[:2] == [name, kind] for line in out.splitlines()), name
    assert "Findings (" in out
    assert "'customer_id' looks like an ID" in out


def test_cli_profile_text_without_target_has_no_task(csv_file: Path) -> None:
    _, out = run_cli(["profile", str(csv_file)])
    assert "Target:" not in out
    assert "Suggested metric" not in out


def test_cli_profile_text_with_target_has_task_and_metric(csv_file: Path) -> None:
    code, out = run_cli(["profile", str(csv_file), "--target", "paid"])
    assert code == 0
    assert "Target: paid" in out
    assert "Task: binary" in out
    assert "Suggested metric: accuracy" in out  # 63 % yes: fairly balanced


def test_cli_profile_json_has_the_sections(csv_file: Path) -> None:
    data = _run_json(["profile", str(csv_file)])
    assert {"load_report", "columns", "findings", "task"} <= set(data)
    assert data["load_report"]["n_rows"] == TABLE_ROWS
    assert [c["name"] for c in data["columns"]] == list(table_frame().columns)
    assert data["task"] is None
    assert data["metric"] is None


def test_cli_profile_json_with_target_adds_task_and_metric(csv_file: Path) -> None:
    data = _run_json(["profile", str(csv_file), "--target", "spend"])
    assert data["target"] == "spend"
    assert data["task"]["task"] == "regression"
    assert data["metric"]["metric"] == "rmse"
    assert data["task_error"] is None


def test_cli_profile_json_reports_a_target_that_cannot_be_modelled(csv_file: Path) -> None:
    data = _run_json(["profile", str(csv_file), "--target", "customer_id"])
    assert data["task"] is None
    assert "identifier" in data["task_error"]


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param([], id="no-target"),
        pytest.param(["--target", "paid"], id="binary-target"),
        pytest.param(["--target", "age"], id="regression-target"),
    ],
)
def test_cli_profile_json_equals_profile_table(csv_file: Path, extra: list[str]) -> None:
    cli = _run_json(["profile", str(csv_file), *extra])
    loaded = load_table(
        csv_file.read_bytes(),
        csv_file.name,
        options=read_options(DataSection()),
        limits=LoadLimits.from_env(),
    )
    target = extra[1] if extra else None
    app = profile_table(loaded, Recipe(), target=target).to_dict()
    assert cli == json.loads(json.dumps(app))


def test_cli_profile_recipe_file_applies_data_and_problem(csv_file: Path, tmp_path: Path) -> None:
    recipe = Recipe(
        data=DataSection(column_types={"age": "categorical"}, drop_columns=("spend",)),
        problem=ProblemSection(target="paid"),
    )
    recipe_file = tmp_path / "recipe.json"
    recipe_file.write_text(recipe.to_json(), encoding="utf-8")
    data = _run_json(["profile", str(csv_file), "--recipe", str(recipe_file)])
    columns = {c["name"]: c for c in data["columns"]}
    assert "spend" not in columns
    assert (columns["age"]["kind"], columns["age"]["overridden"]) == ("categorical", True)
    assert data["target"] == "paid"


# ---------------------------------------------------------------------------------------------
# Missing-value tokens and delimiters
# ---------------------------------------------------------------------------------------------


def test_cli_profile_default_na_tokens_read_NA_as_missing(csv_file: Path) -> None:
    data = _run_json(["profile", str(csv_file)])
    n_na = int((table_frame()["country"] == "NA").sum())
    assert data["load_report"]["missing_per_column"]["country"] == n_na > 0


def test_cli_profile_empty_na_keeps_NA_as_text(csv_file: Path) -> None:
    data = _run_json(["profile", str(csv_file), "--na", ""])
    country = next(c for c in data["columns"] if c["name"] == "country")
    assert data["load_report"]["na_tokens"] == [""]
    assert data["load_report"]["missing_per_column"]["country"] == 0
    assert (country["missing"], country["unique"]) == (0, 3)


@pytest.mark.parametrize(
    ("na", "tokens"),
    [
        pytest.param("NA, ?", ["NA", "?"], id="spaces-trimmed"),
        pytest.param(",,,", [""], id="only-commas"),
        pytest.param("x,x,y", ["x", "y"], id="repeats-dropped"),
    ],
)
def test_cli_profile_odd_na_values_are_accepted(csv_file: Path, na: str, tokens) -> None:
    data = _run_json(["profile", str(csv_file), "--na", na])
    assert data["load_report"]["na_tokens"] == tokens


def test_cli_profile_delimiter_option_is_used(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    table_frame().to_csv(path, index=False, sep=";")
    data = _run_json(["profile", str(path), "--delimiter", "semicolon"])
    assert data["load_report"]["delimiter"] == ";"
    assert data["load_report"]["n_columns"] == 5
