"""Tests for core.cli.main (``python -m core``): the parser, one-line errors with exit code 2, the
module entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.cli.cli_helpers import REPO_ROOT, assert_one_line_error, run_cli, write_bytes

# ---------------------------------------------------------------------------------------------
# Bad input: exit 2, one line on stderr, no traceback
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        pytest.param(
            lambda tmp, csv: ["profile", str(tmp / "nope.csv")], "no file", id="missing-file"
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(write_bytes(tmp, "empty.csv", b""))],
            "empty",
            id="empty-file",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(write_bytes(tmp, "blank.csv", b"\n \n"))],
            "empty",
            id="blank-file",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(csv), "--target", "salary"],
            "no column 'salary'",
            id="unknown-target",
        ),
        pytest.param(
            lambda tmp, csv: ["profile", str(write_bytes(tmp, "junk.csv", bytes(range(256)) * 20))],
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
    code, out = run_cli(make_args(tmp_path, csv_file))
    assert_one_line_error(code, out, capsys.readouterr().err, words)


def test_cli_expected_errors_start_with_error(tmp_path: Path, capsys) -> None:
    code, _ = run_cli(["profile", str(tmp_path / "nope.csv")])
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
