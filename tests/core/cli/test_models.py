"""Tests for core.cli.models (``python -m core models``): the registry, filtered by task."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core.model import (
    MODELS,
    models_for_task,
)
from tests.core.cli.cli_helpers import REPO_ROOT, run_cli

# ---------------------------------------------------------------------------------------------
# models: the registry
# ---------------------------------------------------------------------------------------------


def _listed_keys(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines()]


def test_cli_models_lists_every_registry_key_with_name_and_tasks() -> None:
    code, out = run_cli(["models"])
    assert code == 0
    assert _listed_keys(out) == list(MODELS)
    for line, spec in zip(out.splitlines(), MODELS.values(), strict=True):
        assert spec.label in line
        assert line.rstrip().endswith(", ".join(spec.tasks))
    assert "random_forest" in out
    # Aligned: every name starts in the same column.
    lines = zip(out.splitlines(), MODELS.values(), strict=True)
    starts = {line.index(spec.label) for line, spec in lines}
    assert len(starts) == 1


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
def test_cli_models_task_filters(task: str) -> None:
    code, out = run_cli(["models", "--task", task])
    assert code == 0
    keys = _listed_keys(out)
    assert keys == [spec.key for spec in models_for_task(task)]
    assert keys[0] == "baseline"
    assert all(task in MODELS[key].tasks for key in keys)
    assert len(keys) < len(MODELS)


def test_cli_models_unknown_task_is_an_argparse_error(capsys) -> None:
    code, out = run_cli(["models", "--task", "clustering"])
    err = capsys.readouterr().err
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "invalid choice: 'clustering'" in err


def test_cli_python_dash_m_core_models() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "core", "models"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _listed_keys(result.stdout) == list(MODELS)
