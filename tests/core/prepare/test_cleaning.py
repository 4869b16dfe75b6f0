"""Tests for core.prepare.cleaning: the pre-split cleaning that learns nothing, and merge
suggestions."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd
import pytest

from core.data import ColumnKind, PreparedTable, prepare_table
from core.errors import ModelPathError
from core.prepare import (
    FUZZY_SIMILARITY,
    CleanTable,
    ColumnChange,
    MergeSuggestion,
    clean_before_split,
    normalise_text,
    suggest_merges,
)
from core.recipe import CleaningSection, DataSection

SEED = 7


def _text(values) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def _table(columns: dict, *, target: str | None = "y", kinds=None) -> PreparedTable:
    """A small table converted to its kinds, as the app hands it to the cleaning step."""
    frame = pd.DataFrame(columns)
    return prepare_table(frame, DataSection(column_types=kinds or {}), target=target)


def _clean(table: PreparedTable, target: str = "y", **cleaning) -> CleanTable:
    return clean_before_split(table, CleaningSection(**cleaning), target=target)


def _cities(values, *, target=None) -> PreparedTable:
    """A categorical 'city' column beside a numeric target (one row per value)."""
    n = len(values)
    y = np.arange(n, dtype="float64") if target is None else target
    return _table({"city": _text(values), "y": y})


# ---------------------------------------------------------------------------------------------
# clean_before_split: the target
# ---------------------------------------------------------------------------------------------


def test_clean_before_split_drops_rows_with_missing_target() -> None:
    y = [1.0, np.nan, 3.0, np.nan, 5.0, 6.0]
    frame = pd.DataFrame({"x": [10.0, 20, 30, 40, 50, 60], "y": y}, index=[5, 6, 7, 8, 9, 10])
    table = prepare_table(frame, DataSection(), target="y")

    clean = _clean(table)

    assert clean.missing_target_rows == 2
    assert clean.rows_in == 6
    assert clean.rows_out == 4
    assert clean.frame.index.tolist() == [5, 7, 9, 10]
    assert clean.frame["y"].notna().all()


def test_clean_before_split_refuses_a_target_that_is_not_a_column() -> None:
    table = _table({"x": [1.0, 2.0, 3.0], "y": [1.0, 2.0, 3.0]})

    with pytest.raises(ModelPathError, match="'price' is not a column"):
        _clean(table, target="price")


def test_clean_before_split_refuses_a_target_without_values() -> None:
    table = _table({"x": [1.0, 2.0, 3.0], "y": [np.nan, np.nan, np.nan]})

    with pytest.raises(ModelPathError, match="Every value of the target 'y' is missing"):
        _clean(table)


# ---------------------------------------------------------------------------------------------
# normalise_text and text normalisation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        pytest.param("none", ["  New   York ", "BOSTON"], id="none-unchanged"),
        pytest.param("trim", ["New York", "BOSTON"], id="trim-collapses-spaces"),
        pytest.param("trim_lower", ["new york", "boston"], id="trim-lower"),
    ],
)
def test_normalise_text_trims_collapses_and_lowers(mode, expected) -> None:
    values = _text(["  New   York ", "BOSTON", None])

    out = normalise_text(values, mode)

    assert out.isna().tolist() == [False, False, True]
    assert out.iloc[:2].tolist() == expected


def test_clean_before_split_normalises_categorical_and_text_columns_only() -> None:
    n = 24
    table = _table(
        {
            "city": _text([" Oslo", "Oslo ", "Rome"] * (n // 3)),
            "note": _text(["  a   long  note here "] * n),
            "code": _text([f" c{i} " for i in range(n)]),
            "y": np.arange(n, dtype="float64"),
        },
        kinds={"note": "text", "code": "identifier"},
    )

    clean = _clean(table, text_normalisation="trim")

    assert set(clean.frame["city"]) == {"Oslo", "Rome"}
    assert set(clean.frame["note"]) == {"a long note here"}
    pd.testing.assert_series_equal(clean.frame["code"], table.frame["code"])
    assert {c.column for c in clean.changes} == {"city", "note"}


def test_clean_before_split_normalisation_keeps_missing_values_missing() -> None:
    table = _cities([" Oslo", None, "Rome ", None, "Oslo"])

    clean = _clean(table, text_normalisation="trim_lower")

    assert clean.frame["city"].isna().tolist() == [False, True, False, True, False]
    assert clean.frame["city"].dropna().tolist() == ["oslo", "rome", "oslo"]


def test_clean_before_split_records_what_normalisation_changed() -> None:
    table = _cities(["NY", "ny ", "Ny", "NY", "Boston", None])

    clean = _clean(table, text_normalisation="trim_lower")

    assert clean.changes == (
        ColumnChange(
            column="city",
            operation="normalised",
            cells=5,  # every present value changes: "NY" → "ny", "Boston" → "boston"…
            categories_before=4,
            categories_after=2,
        ),
    )


def test_clean_before_split_without_normalisation_records_no_change() -> None:
    table = _cities(["NY", "ny ", "Boston"])

    clean = _clean(table)

    assert clean.changes == ()
    assert clean.frame["city"].tolist() == ["NY", "ny ", "Boston"]


# ---------------------------------------------------------------------------------------------
# category merges
# ---------------------------------------------------------------------------------------------


def test_clean_before_split_merges_spellings_after_normalisation() -> None:
    table = _cities(["New York", "new york ", "New Yrok", "Boston", "boston"])
    # The key is written as the person saw it; it is normalised like the column.
    merges = {"city": {" New  Yrok": "new york"}}

    clean = _clean(table, text_normalisation="trim_lower", category_merges=merges)

    assert clean.frame["city"].tolist() == ["new york"] * 3 + ["boston"] * 2


def test_clean_before_split_records_merge_counts() -> None:
    table = _cities(["New York", "new york ", "New Yrok", "Boston", "boston", "New Yrok"])
    merges = {"city": {"new yrok": "new york"}}

    clean = _clean(table, text_normalisation="trim_lower", category_merges=merges)

    merged = [c for c in clean.changes if c.operation == "merged"]
    assert merged == [
        ColumnChange("city", "merged", cells=2, categories_before=3, categories_after=2)
    ]


def test_clean_before_split_merges_without_normalisation() -> None:
    table = _cities(["Std", "Standard", "Standard", None])

    clean = _clean(table, category_merges={"city": {"Std": "Standard"}})

    assert clean.frame["city"].tolist()[:3] == ["Standard"] * 3
    assert pd.isna(clean.frame["city"].iloc[3])
    assert [c.operation for c in clean.changes] == ["merged"]


# ---------------------------------------------------------------------------------------------
# duplicates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drop", "rows_out", "duplicate_rows"),
    [pytest.param(True, 4, 2, id="drop-on"), pytest.param(False, 6, 0, id="drop-off")],
)
def test_clean_before_split_counts_duplicates_whether_or_not_dropped(
    drop, rows_out, duplicate_rows
) -> None:
    table = _table({"x": [1.0, 2.0, 1.0, 3.0, 4.0, 2.0], "y": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0]})

    clean = _clean(table, drop_duplicates=drop)

    assert clean.duplicates_found == 2
    assert clean.duplicate_rows == duplicate_rows
    assert clean.rows_out == rows_out


def test_clean_before_split_keeps_the_first_of_duplicate_rows() -> None:
    frame = pd.DataFrame({"x": [1.0, 2.0, 1.0], "y": [0.0, 1.0, 0.0]}, index=[10, 11, 12])
    table = prepare_table(frame, DataSection(), target="y")

    clean = _clean(table, drop_duplicates=True)

    assert clean.frame.index.tolist() == [10, 11]


@pytest.mark.parametrize(
    ("normalisation", "found"),
    [pytest.param("none", 0, id="raw-spellings-differ"), pytest.param("trim", 1, id="trimmed")],
)
def test_clean_before_split_finds_duplicates_after_normalisation(normalisation, found) -> None:
    table = _cities(["NY ", "NY", "Boston"], target=[1.0, 1.0, 2.0])

    clean = _clean(table, text_normalisation=normalisation, drop_duplicates=True)

    assert clean.duplicates_found == found
    assert clean.rows_out == 3 - found


# ---------------------------------------------------------------------------------------------
# yes/no columns
# ---------------------------------------------------------------------------------------------


def test_clean_before_split_turns_boolean_features_into_zero_one_floats() -> None:
    table = _table(
        {"member": _text(["yes", "no", None, "yes"]), "y": [1.0, 2.0, 3.0, 4.0]},
    )
    assert table.info("member").kind is ColumnKind.BOOLEAN

    clean = _clean(table)

    member = clean.frame["member"]
    assert member.dtype == np.float64
    assert member.iloc[[0, 1, 3]].tolist() == [1.0, 0.0, 1.0]
    assert np.isnan(member.iloc[2])


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        pytest.param(_text(["yes", "no", "yes", "no"]), {"yes", "no"}, id="yes-no-text"),
        pytest.param(pd.array([True, False, True, False]), {True, False}, id="true-false"),
    ],
)
def test_clean_before_split_keeps_boolean_target_labels(values, labels) -> None:
    table = _table({"x": [1.0, 2.0, 3.0, 4.0], "y": values})

    clean = _clean(table)

    assert set(clean.frame["y"]) == labels
    assert clean.frame["y"].dtype != np.float64


# ---------------------------------------------------------------------------------------------
# no mutation, tidy output
# ---------------------------------------------------------------------------------------------


def test_clean_before_split_does_not_mutate_its_input() -> None:
    table = _table(
        {
            "city": _text(["NY ", "ny", "Boston", "NY "]),
            "member": _text(["yes", "no", "yes", "yes"]),
            "y": [1.0, np.nan, 2.0, 1.0],
        }
    )
    before = table.frame.copy(deep=True)

    _clean(
        table,
        text_normalisation="trim_lower",
        category_merges={"city": {"boston": "ny"}},
        drop_duplicates=True,
    )

    pd.testing.assert_frame_equal(table.frame, before)


def test_clean_table_changes_frame_is_tidy() -> None:
    table = _cities(["NY", "ny ", "Boston", "Bostn"])

    clean = _clean(
        table, text_normalisation="trim_lower", category_merges={"city": {"bostn": "boston"}}
    )

    frame = clean.changes_frame()
    assert frame.columns.tolist() == [
        "column",
        "operation",
        "cells changed",
        "categories before",
        "categories after",
    ]
    assert frame["operation"].tolist() == ["normalised", "merged"]
    assert frame["cells changed"].tolist() == [4, 1]


def test_clean_table_changes_frame_without_changes_keeps_its_columns() -> None:
    clean = _clean(_table({"x": [1.0, 2.0], "y": [1.0, 2.0]}))

    frame = clean.changes_frame()

    assert frame.empty
    assert len(frame.columns) == 5


# ---------------------------------------------------------------------------------------------
# suggest_merges
# ---------------------------------------------------------------------------------------------


def _repeated(counts: dict[str, int]) -> PreparedTable:
    values = [value for value, n in counts.items() for _ in range(n)]
    rng = np.random.default_rng(SEED)
    return _table({"city": _text(rng.permutation(values)), "y": rng.normal(size=len(values))})


def test_suggest_merges_groups_case_and_space_variants() -> None:
    table = _repeated({"NY": 6, "ny ": 2, "Ny": 1, "Boston": 5})

    suggestions = suggest_merges(table)

    assert suggestions == [
        MergeSuggestion(
            column="city",
            values=("NY", "ny ", "Ny"),
            canonical="NY",
            rows=3,
            reason="case or spaces",
        )
    ]


def test_suggest_merges_finds_similar_spellings() -> None:
    table = _repeated({"New York": 8, "New Yrok": 2, "Boston": 5})

    suggestions = suggest_merges(table)

    assert [(s.values, s.canonical, s.rows, s.reason) for s in suggestions] == [
        (("New York", "New Yrok"), "New York", 2, "similar spelling")
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Plan 10", "Plan 20", id="plan-numbers"),
        pytest.param("Premium plan 1", "Premium plan 2", id="long-names"),
    ],
)
def test_suggest_merges_keeps_values_that_differ_only_in_digits(first, second) -> None:
    # Similar enough to be grouped were it not for the digits rule.
    assert difflib.SequenceMatcher(None, first, second).ratio() >= FUZZY_SIMILARITY
    table = _repeated({first: 5, second: 4})

    assert suggest_merges(table) == []


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param({"Car": 6, "Card": 3}, id="short-value-more-frequent"),
        pytest.param(
            {"Card": 6, "Car": 3},
            id="short-value-less-frequent",
        ),
    ],
)
def test_suggest_merges_does_not_fuzzy_group_short_values(counts) -> None:
    # 'car'/'card' are 0.86 similar, above the threshold.
    assert difflib.SequenceMatcher(None, "car", "card").ratio() >= FUZZY_SIMILARITY
    table = _repeated(counts)

    assert suggest_merges(table) == []


def test_merge_suggestion_as_mapping_maps_other_spellings_to_canonical() -> None:
    suggestion = MergeSuggestion("city", ("NY", "ny ", "Ny"), "NY", 3, "case or spaces")

    assert suggestion.as_mapping() == {"ny ": "NY", "Ny": "NY"}


@pytest.mark.parametrize(
    ("normalisation", "values"),
    [
        pytest.param("none", ("NY", "ny ", "Ny"), id="none"),
        pytest.param("trim", ("NY", "ny", "Ny"), id="trim-leaves-case-groups"),
        pytest.param("trim_lower", None, id="trim-lower-resolves-all"),
    ],
)
def test_suggest_merges_hides_groups_the_normalisation_resolves(normalisation, values) -> None:
    table = _repeated({"NY": 6, "ny ": 2, "Ny": 1, "Boston": 5})

    suggestions = suggest_merges(table, normalisation=normalisation)

    assert [s.values for s in suggestions] == ([] if values is None else [values])


def test_suggest_merges_puts_largest_groups_first() -> None:
    table = _repeated({"NY": 6, "ny": 1, "Boston": 5, "boston": 3, "BOSTON": 1})

    suggestions = suggest_merges(table)

    assert [s.canonical for s in suggestions] == ["Boston", "NY"]
    assert [s.rows for s in suggestions] == [4, 1]


def test_suggest_merges_looks_only_at_the_named_columns() -> None:
    rng = np.random.default_rng(SEED)
    table = _table(
        {
            "city": _text(["NY", "ny"] * 5),
            "shop": _text(["Main", "main"] * 5),
            "y": rng.normal(size=10),
        }
    )

    suggestions = suggest_merges(table, columns=["shop"])

    assert [s.column for s in suggestions] == ["shop"]


def test_clean_before_split_leaves_the_target_labels_as_written() -> None:
    table = _table(
        {"city": _text(["NY ", "ny", "Paris", "paris"]), "y": _text(["Yes ", "No", "Yes ", "No"])},
        kinds={"y": "categorical"},
    )
    clean = _clean(table, text_normalisation="trim_lower")
    assert clean.frame["y"].tolist() == ["Yes ", "No", "Yes ", "No"]
    assert clean.frame["city"].tolist() == ["ny", "ny", "paris", "paris"]


def test_clean_before_split_makes_whole_number_features_floats() -> None:
    table = _table({"visits": [1, 2, 3, 4], "y": [0.5, 1.5, 2.5, 3.5]})
    clean = _clean(table)
    assert clean.frame["visits"].dtype == "float64"
    assert clean.frame["visits"].tolist() == [1.0, 2.0, 3.0, 4.0]
