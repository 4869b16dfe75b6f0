"""Tests for core.data.schema: checking a second table against the reference and appending rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import (
    ColumnKind,
    SchemaCheck,
    SchemaError,
    append_rows,
    check_schema,
    infer_column_kinds,
    load_table,
)
from core.errors import ModelPathError

N = 40


def _text(values) -> pd.Series:
    """A text column as the loader gives it (pandas' ``str`` dtype)."""
    return pd.Series(list(values), dtype="str")


def _reference(n: int = N) -> pd.DataFrame:
    """A mixed table as loaded: numbers, categories, yes/no text and dates written as text."""
    return pd.DataFrame(
        {
            "age": [18 + (i * 7) % 23 for i in range(n)],
            "fare": np.linspace(5.0, 80.0, n),
            "city": _text(["Oslo", "Rome", "Lima", "Kyiv"][i % 4] for i in range(n)),
            "member": _text(["yes", "no"][i % 2] for i in range(n)),
            "joined": _text(pd.date_range("2021-01-01", periods=n, freq="9D").strftime("%d/%m/%Y")),
        }
    )


def _new(n: int = 20) -> pd.DataFrame:
    """More rows with the same columns, stored slightly differently (fare as text digits)."""
    return pd.DataFrame(
        {
            "age": [20 + (i * 5) % 17 for i in range(n)],
            "fare": _text(str(10 + i) for i in range(n)),
            "city": _text(["Oslo", "Rome"][i % 2] for i in range(n)),
            "member": _text(["no", "yes"][i % 2] for i in range(n)),
            "joined": _text(pd.date_range("2023-02-01", periods=n, freq="5D").strftime("%d/%m/%Y")),
        }
    )


def _kinds(frame: pd.DataFrame) -> dict[str, ColumnKind]:
    return {info.name: info.kind for info in infer_column_kinds(frame)}


# ---------------------------------------------------------------------------------------------
# check_schema: columns
# ---------------------------------------------------------------------------------------------


def test_check_schema_identical_tables_are_ok_without_notices():
    check = check_schema(_reference(), _reference(10))
    assert check.ok
    assert check.problems() == []
    assert check.notices() == []
    assert check.missing == check.missing_optional == check.extra == ()
    assert check.kind_mismatches == ()
    assert dict(check.unseen_categories) == {}
    assert check.rows == 10
    check.raise_for_problems()  # does not raise


def test_check_schema_result_is_frozen():
    check = check_schema(_reference(), _new())
    with pytest.raises(AttributeError):
        check.rows = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        check.unseen_categories["city"] = 1  # type: ignore[index]


def test_check_schema_missing_required_column_is_named():
    new = _new().drop(columns=["age", "fare"])
    check = check_schema(_reference(), new)
    assert not check.ok
    assert check.missing == ("age", "fare")
    assert check.problems() == ["2 columns the model needs are missing: ‘age’, ‘fare’."]


def test_check_schema_raise_for_problems_explains_what_why_and_fix():
    check = check_schema(_reference(), _new().drop(columns=["age"]), reference_name="club.csv")
    with pytest.raises(SchemaError) as caught:
        check.raise_for_problems()
    error = caught.value
    assert isinstance(error, ModelPathError)
    assert "‘club.csv’" in error.what
    assert "1 column the model needs is missing: ‘age’." in error.why
    assert error.fix.startswith("Upload a file with the same columns as ‘club.csv’")
    assert "‘age’" in error.message


def test_check_schema_without_reference_name_says_original_table():
    check = check_schema(_reference(), _new().drop(columns=["age"]))
    with pytest.raises(SchemaError, match="the original table"):
        check.raise_for_problems()


@pytest.mark.parametrize("spelling", [" Age ", "AGE", "age "], ids=["spaces", "capitals", "trail"])
def test_check_schema_near_miss_name_is_missing_and_mentioned(spelling):
    new = _new().rename(columns={"age": spelling})
    check = check_schema(_reference(), new)
    assert check.missing == ("age",)
    assert check.extra == (spelling,)
    (problem,) = check.problems()
    assert f"(the new file has ‘{spelling}’ — names must match exactly)" in problem


def test_check_schema_missing_optional_column_is_a_notice():
    new = _new().drop(columns=["member"])
    required = ["age", "fare", "city", "joined"]
    check = check_schema(_reference(), new, required=required)
    assert check.ok
    assert check.missing_optional == ("member",)
    assert check.missing == ()
    assert any("‘member’" in n and "left empty" in n for n in check.notices())


def test_check_schema_extra_columns_are_a_notice_listing_ten_then_more():
    new = _new().assign(**{f"x{i}": 1 for i in range(12)})
    check = check_schema(_reference(), new)
    assert check.ok
    assert check.extra == tuple(f"x{i}" for i in range(12))
    (notice,) = check.notices()
    assert "12 columns" in notice
    assert "ignored" in notice
    assert "‘x9’" in notice
    assert "‘x10’" not in notice
    assert notice.endswith("and 2 more.")


def test_check_schema_column_order_does_not_matter():
    new = _new()[["joined", "member", "city", "fare", "age"]]
    check = check_schema(_reference(), new)
    assert check.ok
    assert check.notices() == []


def test_check_schema_required_column_unknown_to_reference_is_a_caller_bug():
    with pytest.raises(ValueError, match="nope"):
        check_schema(_reference(), _new(), required=["age", "nope"])


def test_check_schema_empty_new_table_is_refused():
    check = check_schema(_reference(), _new().iloc[:0])
    assert not check.ok
    assert check.rows == 0
    assert check.problems() == ["The new file has no rows."]


# ---------------------------------------------------------------------------------------------
# check_schema: values
# ---------------------------------------------------------------------------------------------


def test_check_schema_numeric_column_now_text_is_a_kind_mismatch():
    new = _new().assign(age=_text(["n/a", "x12", "unknown", "x12"] * 4 + ["31"] * 4))
    check = check_schema(_reference(), new)
    assert not check.ok
    assert check.kind_mismatches == (("age", "numeric", "categorical"),)
    (problem,) = check.problems()
    assert problem.startswith("Column ‘age’ held numbers before but now holds text")
    assert "(e.g. ‘n/a’, ‘x12’, ‘unknown’)" in problem
    assert "16 of 20 values can't be read as numbers" in problem


def test_check_schema_examples_are_shortened_to_thirty_characters():
    long = "this value is far too long to quote whole"
    new = _new().assign(age=_text([long] * 20))
    check = check_schema(_reference(), new)
    (example,) = check.examples["age"]
    assert len(example) == 30
    assert example.endswith("…")
    assert long not in check.problems()[0]


def test_check_schema_few_stray_values_are_a_notice_not_a_mismatch():
    values = [str(20 + i) for i in range(39)] + ["x12"]  # 1 of 40 = 2.5%
    new = pd.DataFrame({"age": _text(values)})
    check = check_schema(_reference()[["age"]], new)
    assert check.ok
    assert check.kind_mismatches == ()
    assert dict(check.unreadable) == {"age": (1, 40)}
    (notice,) = check.notices()
    assert "‘x12’" in notice
    assert "will be treated as missing" in notice


def test_check_schema_all_missing_new_column_is_not_a_mismatch():
    new = _new().assign(age=_text([None] * 20), joined=np.nan)
    check = check_schema(_reference(), new)
    assert check.ok
    assert check.kind_mismatches == ()


def test_check_schema_numbers_stored_as_text_fit_a_numeric_column():
    check = check_schema(_reference(), _new())  # fare holds text digits
    assert check.ok
    assert "fare" not in check.unreadable


def test_check_schema_dates_in_another_format_are_a_mismatch():
    new = _new().assign(joined=_text(pd.date_range("2023-02-01", periods=20).strftime("%Y-%m-%d")))
    check = check_schema(_reference(), new)
    assert check.kind_mismatches == (("joined", "datetime", "datetime"),)
    (problem,) = check.problems()
    assert "held dates before, but the new file writes them differently" in problem
    assert "‘2023-02-01’" in problem


def test_check_schema_text_in_a_date_column_is_a_mismatch():
    new = _new().assign(joined=_text(["soon", "later"] * 10))
    check = check_schema(_reference(), new)
    assert check.kind_mismatches == (("joined", "datetime", "categorical"),)
    assert "held dates before but now holds text" in check.problems()[0]


def test_check_schema_uses_given_kinds_over_inference():
    reference = _reference()
    kinds = infer_column_kinds(reference, overrides={"age": "categorical"})
    new = _new().assign(age=_text(["young", "old"] * 10))
    assert not check_schema(reference, new).ok
    check = check_schema(reference, new, kinds=kinds)
    assert check.ok
    assert check.unseen_categories["age"] == 20


def test_check_schema_counts_unseen_categories_per_column():
    new = _new().assign(
        city=_text(["Oslo", "Paris", "Quito", "Rome"] * 5),
        member=_text(["yes", "no", "maybe", "Y"] * 5),  # "Y" means yes; "maybe" is new
    )
    check = check_schema(_reference(), new)
    assert check.ok
    assert dict(check.unseen_categories) == {"city": 10, "member": 5}
    notices = check.notices()
    assert "10 of the new rows have a value in ‘city’ that never appears in" in notices[0]
    assert "5 of the new rows have a value in ‘member’" in notices[1]


def test_check_schema_missing_values_are_not_unseen_categories():
    new = _new().assign(city=_text([None, "Oslo"] * 10))
    assert dict(check_schema(_reference(), new).unseen_categories) == {}


def test_check_schema_does_not_mutate_inputs():
    reference, new = _reference(), _new().assign(extra=1)
    reference_copy, new_copy = reference.copy(), new.copy()
    check = check_schema(reference, new, required=["age"])
    append_rows(reference, new, check)
    pd.testing.assert_frame_equal(reference, reference_copy)
    pd.testing.assert_frame_equal(new, new_copy)


# ---------------------------------------------------------------------------------------------
# append_rows
# ---------------------------------------------------------------------------------------------


def test_append_rows_keeps_reference_rows_first_with_a_fresh_index():
    reference = _reference().set_axis(range(100, 100 + N))
    new = _new().set_axis(range(5, 25))
    combined = append_rows(reference, new, check_schema(reference, new))
    assert len(combined) == N + 20
    pd.testing.assert_index_equal(combined.index, pd.RangeIndex(N + 20))
    assert combined["city"].iloc[:N].tolist() == reference["city"].tolist()
    assert combined["age"].iloc[N:].tolist() == new["age"].tolist()


def test_append_rows_keeps_reference_kinds():
    reference, new = _reference(), _new()
    combined = append_rows(reference, new, check_schema(reference, new))
    assert _kinds(combined) == _kinds(reference)
    assert _kinds(reference) == {
        "age": ColumnKind.NUMERIC,
        "fare": ColumnKind.NUMERIC,
        "city": ColumnKind.CATEGORICAL,
        "member": ColumnKind.BOOLEAN,
        "joined": ColumnKind.DATETIME,
    }


def test_append_rows_aligns_column_order_and_drops_extra_columns():
    reference = _reference()
    new = _new()[["joined", "member", "city", "fare", "age"]].assign(notes="hi")
    combined = append_rows(reference, new, check_schema(reference, new))
    assert list(combined.columns) == list(reference.columns)
    assert combined["joined"].iloc[N:].tolist() == new["joined"].tolist()


def test_append_rows_fills_missing_optional_columns_with_missing_values():
    reference, new = _reference(), _new().drop(columns=["member", "fare"])
    check = check_schema(reference, new, required=["age", "city", "joined"])
    combined = append_rows(reference, new, check)
    assert combined["member"].iloc[N:].isna().all()
    assert combined["fare"].iloc[N:].isna().all()
    assert combined["member"].iloc[:N].tolist() == reference["member"].tolist()
    assert _kinds(combined) == _kinds(reference)


@pytest.mark.parametrize(
    ("top", "bottom", "expected_dtype"),
    [
        (pd.Series([1, 2, 3]), pd.Series([4.5, 5.5]), "float64"),
        (pd.Series([1, 2, 3]), _text(["4", "5"]), "str"),
        (pd.Series([1.0, np.nan, 3.0]), _text(["4"]), "str"),
        (pd.Series([True, False]), _text(["yes", "no"]), "str"),
        (pd.Series([0, 1, 1]), pd.Series([True, False]), "float64"),
        (pd.Series([1, 2]), pd.Series([np.nan, np.nan], dtype=object), "float64"),
        (pd.Series([True, False]), pd.Series([np.nan]), "boolean"),
        (_text(["a", "b"]), pd.Series(["c", None], dtype="category"), "str"),
    ],
    ids=[
        "int+float",
        "int+text",
        "float+text",
        "bool+text",
        "int+bool",
        "int+empty",
        "bool+empty",
        "text+category",
    ],
)
def test_append_rows_makes_mixed_storage_consistent(top, bottom, expected_dtype):
    reference, new = pd.DataFrame({"v": top}), pd.DataFrame({"v": bottom})
    combined = append_rows(reference, new, check_schema(reference, new))
    assert combined["v"].dtype == expected_dtype
    assert combined["v"].isna().sum() == top.isna().sum() + bottom.isna().sum()


def test_append_rows_writes_whole_floats_as_whole_numbers_when_meeting_text():
    reference = pd.DataFrame({"v": [1.0, np.nan, 3.0]})
    new = pd.DataFrame({"v": _text(["4", "5"])})
    combined = append_rows(reference, new, check_schema(reference, new))
    values = combined["v"].tolist()
    assert values[:1] + values[2:] == ["1", "3", "4", "5"]
    assert pd.isna(values[1])


def test_append_rows_parses_text_dates_meeting_stored_dates():
    dates = pd.Series(pd.date_range("2021-01-01", periods=N, freq="9D"))
    reference = pd.DataFrame({"when": dates})
    new = pd.DataFrame({"when": _text(["13/02/2023", "14/02/2023", "15/02/2023"])})
    combined = append_rows(reference, new, check_schema(reference, new))
    assert pd.api.types.is_datetime64_any_dtype(combined["when"].dtype)
    assert combined["when"].iloc[-1] == pd.Timestamp("2023-02-15")


def test_append_rows_refuses_a_failed_check():
    reference, new = _reference(), _new().drop(columns=["age"])
    with pytest.raises(SchemaError, match="‘age’"):
        append_rows(reference, new, check_schema(reference, new))


def test_append_rows_refuses_a_check_made_for_other_tables():
    reference = _reference()
    check = check_schema(reference, _new())
    with pytest.raises(ValueError, match="check_schema again"):
        append_rows(reference, _new().drop(columns=["city"]), check)


def test_append_rows_on_loaded_files_keeps_kinds():
    head = "age,fare,city,member,joined\n"
    rows = [
        f"{20 + (i * 7) % 11},{3.5 * i:.1f},{'AB'[i % 2]},{'yn'[i % 2]},2021-03-{i + 1:02d}"
        for i in range(25)
    ]
    more = ["61,1.234,C,y,2022-01-01", "62,,A,n,2022-01-02", "63,7,B,y,2022-01-03"]
    reference = load_table((head + "\n".join(rows)).encode(), "ref.csv").frame
    new = load_table((head + "\n".join(more)).encode(), "more.csv").frame
    check = check_schema(reference, new)
    assert check.ok
    assert dict(check.unseen_categories) == {"city": 1}
    combined = append_rows(reference, new, check)
    assert _kinds(combined) == _kinds(reference)


def test_schema_check_can_be_built_directly():
    check = SchemaCheck(
        missing=(),
        missing_optional=(),
        extra=(),
        kind_mismatches=(("age", "numeric", "categorical"),),
        unseen_categories={},
        rows=3,
    )
    assert not check.ok
    assert check.problems() == ["Column ‘age’ held numbers before but now holds text."]
