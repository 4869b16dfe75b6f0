"""Tests for core.cli (``python -m core``): output, agreement with the app, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.dataset import read_options
from core.intake import LoadLimits, load_table
from core.profile import profile_table
from core.recipe import DataSection, ProblemSection, Recipe

REPO_ROOT = Path(__file__).resolve().parents[2]
N = 120


def _table_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(N)],
            "age": rng.integers(18, 80, N),
            "spend": rng.normal(100, 20, N).round(2),
            "country": rng.choice(["NA", "FR", "DE"], N),  # "NA" is Namibia here
            "paid": rng.choice(["yes", "no"], N, p=[0.7, 0.3]),
        }
    )


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    _table_frame().to_csv(path, index=False)
    return path


def _run(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process; argparse errors exit through SystemExit."""
    out = io.StringIO()
    try:
        code = main(argv, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def _run_json(argv: list[str]) -> dict:
    code, out = _run([*argv, "--json"])
    assert code == 0
    return json.loads(out)


# ---------------------------------------------------------------------------------------------
# Text and JSON output
# ---------------------------------------------------------------------------------------------


def test_cli_profile_exits_zero_and_reports_rows_kinds_findings(csv_file: Path) -> None:
    code, out = _run(["profile", str(csv_file)])
    assert code == 0
    assert f"Rows: {N}   Columns: 5" in out
    for name, kind in [("customer_id", "identifier"), ("age", "numeric"), ("paid", "boolean")]:
        assert any(line.split()[:2] == [name, kind] for line in out.splitlines()), name
    assert "Findings (" in out
    assert "'customer_id' looks like an ID" in out


def test_cli_profile_text_without_target_has_no_task(csv_file: Path) -> None:
    _, out = _run(["profile", str(csv_file)])
    assert "Target:" not in out
    assert "Suggested metric" not in out


def test_cli_profile_text_with_target_has_task_and_metric(csv_file: Path) -> None:
    code, out = _run(["profile", str(csv_file), "--target", "paid"])
    assert code == 0
    assert "Target: paid" in out
    assert "Task: binary" in out
    assert "Suggested metric: accuracy" in out  # 63 % yes: fairly balanced


def test_cli_profile_json_has_the_sections(csv_file: Path) -> None:
    data = _run_json(["profile", str(csv_file)])
    assert {"load_report", "columns", "findings", "task"} <= set(data)
    assert data["load_report"]["n_rows"] == N
    assert [c["name"] for c in data["columns"]] == list(_table_frame().columns)
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
    n_na = int((_table_frame()["country"] == "NA").sum())
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
    _table_frame().to_csv(path, index=False, sep=";")
    data = _run_json(["profile", str(path), "--delimiter", "semicolon"])
    assert data["load_report"]["delimiter"] == ";"
    assert data["load_report"]["n_columns"] == 5


# ---------------------------------------------------------------------------------------------
# Bad input: exit 2, one line on stderr, no traceback
# ---------------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        pytest.param(
            lambda tmp, csv: ["profile", str(tmp / "nope.csv")], "no file", id="missing-file"
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(_write(tmp, "empty.csv", b""))],
            "empty",
            id="empty-file",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(_write(tmp, "blank.csv", b"\n \n"))],
            "empty",
            id="blank-file",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(csv), "--target", "salary"],
            "no column 'salary'",
            id="unknown-target",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(_write(tmp, "junk.csv", bytes(range(256)) * 20))],
            "binary file",
            id="binary-junk-csv",
        ),
        pytest.param(lambda tmp, csv: ["profile", str(tmp)], "folder", id="folder"),
        pytest.param(
            lambda tmp, csv: ["profile", str(csv), "--recipe", str(csv)],
            "not valid JSON",
            id="recipe-not-json",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(csv), "--encoding", "klingon"],
            "data.encoding",
            id="unknown-encoding",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(csv), "--delimiter", "colon"],
            "invalid choice: 'colon'",
            id="unknown-delimiter",
        ),
        pytest.param(lambda tmp, csv: ["profile"], "required", id="no-file-argument"),
        pytest.param(lambda tmp, csv: ["explain", str(csv)], "invalid choice", id="no-command"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    tmp_path: Path, csv_file: Path, capsys, make_args, words: str
) -> None:
    code, out = _run(make_args(tmp_path, csv_file))
    err = capsys.readouterr().err
    assert code == 2
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert words in err
    assert "Traceback" not in err


def test_cli_expected_errors_start_with_error(tmp_path: Path, capsys) -> None:
    code, _ = _run(["profile", str(tmp_path / "nope.csv")])
    assert code == 2
    assert capsys.readouterr().err.startswith("error: There is no file at")


# ---------------------------------------------------------------------------------------------
# The module entry point
# ---------------------------------------------------------------------------------------------


def test_cli_python_dash_m_core_profile_json(csv_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "core", "profile", str(csv_file), "--json", "--target", "paid"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["load_report"]["file_name"] == "customers.csv"
    assert data["task"]["task"] == "binary"


def test_cli_python_dash_m_core_bad_input_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "core", "profile", str(tmp_path / "nope.csv")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
