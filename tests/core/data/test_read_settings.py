"""Tests for core.data.read_settings: reading options, default tokens, limits from the env."""

from __future__ import annotations

import pytest

from core.data import (
    DEFAULT_NA_TOKENS,
    SUPPORTED_EXTENSIONS,
    LoadLimits,
    ReadOptions,
)
from core.errors import DataLoadError

# ---------------------------------------------------------------------------------------------
# Missing-value tokens
# ---------------------------------------------------------------------------------------------


def test_default_na_tokens_match_recipe_default():
    from core.recipe import DEFAULT_NA_TOKENS as RECIPE_TOKENS

    assert DEFAULT_NA_TOKENS == RECIPE_TOKENS


def test_read_options_accepts_token_list():
    options = ReadOptions(na_tokens=["NA", "?"])
    assert options.na_tokens == ("NA", "?")


# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------


def test_load_limits_from_env_reads_variables():
    limits = LoadLimits.from_env(
        {
            "MODELPATH_MAX_UPLOAD_MB": "1.5",
            "MODELPATH_MAX_ROWS": "1_000",
            "MODELPATH_MAX_COLUMNS": " 20 ",
            "MODELPATH_MAX_CELLS": "",
        }
    )
    assert limits == LoadLimits(
        max_bytes=int(1.5 * 1024 * 1024), max_rows=1000, max_columns=20, max_cells=20_000_000
    )


def test_load_limits_from_env_defaults_when_unset():
    assert LoadLimits.from_env({}) == LoadLimits()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        pytest.param("MODELPATH_MAX_UPLOAD_MB", "lots", id="mb-text"),
        pytest.param("MODELPATH_MAX_UPLOAD_MB", "-5", id="mb-negative"),
        pytest.param("MODELPATH_MAX_UPLOAD_MB", "nan", id="mb-nan"),
        pytest.param("MODELPATH_MAX_ROWS", "1.5", id="rows-fraction"),
        pytest.param("MODELPATH_MAX_COLUMNS", "0", id="columns-zero"),
        pytest.param("MODELPATH_MAX_CELLS", "many", id="cells-text"),
    ],
)
def test_load_limits_from_env_rejects_bad_values(variable, value):
    with pytest.raises(DataLoadError) as info:
        LoadLimits.from_env({variable: value})
    assert variable in info.value.what
    assert value in info.value.what
    assert info.value.fix


def test_load_limits_rejects_non_positive_values():
    with pytest.raises(ValueError, match="max_rows"):
        LoadLimits(max_rows=0)


# ---------------------------------------------------------------------------------------------
# Small helpers and guarantees
# ---------------------------------------------------------------------------------------------


def test_supported_extensions_are_lowercase_with_dot():
    assert all(ext.startswith(".") and ext == ext.lower() for ext in SUPPORTED_EXTENSIONS)
    assert {".csv", ".xlsx", ".parquet", ".json", ".jsonl"} <= set(SUPPORTED_EXTENSIONS)
