"""Helpers shared by the command-line tests: running ``main`` in-process, writing input files,
the shape of a one-line error, and the two tables the tests read (a
small one to profile, the customers table the model-file tests train on)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from core.cli import main

REPO_ROOT = Path(__file__).resolve().parents[3]
TABLE_ROWS = 120
CUSTOMER_ROWS = 160


def table_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(TABLE_ROWS)],
            "age": rng.integers(18, 80, TABLE_ROWS),
            "spend": rng.normal(100, 20, TABLE_ROWS).round(2),
            "country": rng.choice(["NA", "FR", "DE"], TABLE_ROWS),  # "NA" is Namibia here
            "paid": rng.choice(["yes", "no"], TABLE_ROWS, p=[0.7, 0.3]),
        }
    )


def customers_frame(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, CUSTOMER_ROWS)
    spend = rng.normal(100, 20, CUSTOMER_ROWS).round(2)
    country = rng.choice(["NA", "FR", "DE"], CUSTOMER_ROWS)  # "NA" is Namibia here
    signal = (spend - 100) / 20 + (country == "FR") + rng.normal(0, 0.7, CUSTOMER_ROWS)
    return pd.DataFrame(
        {
            "age": age,
            "spend": spend,
            "country": country,
            "paid": np.where(signal > 0, "yes", "no"),
        }
    )


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process; argparse errors exit through SystemExit."""
    out = io.StringIO()
    try:
        code = main(argv, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def write_bytes(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def assert_one_line_error(code: int, out: str, err: str, words: str) -> None:
    """Bad input: exit 2, nothing on stdout, one line on stderr naming the problem."""
    assert code == 2
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert words in err
    assert "Traceback" not in err
