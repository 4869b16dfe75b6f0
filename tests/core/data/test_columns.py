"""Tests for core.data.columns: column-kind inference with its reasons, overrides and conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import (
    ColumnInfo,
    ColumnKind,
    apply_column_kinds,
    infer_column,
    infer_column_kinds,
    parse_numbers,
)
from core.errors import RecipeError

K = ColumnKind
N = 100


def _text(name: str, values) -> pd.Series:
    """A text column as the loader gives it (pandas' ``str`` dtype)."""
    return pd.Series(list(values), name=name, dtype="str")


def _dates(fmt: str, n: int = N) -> list[str]:
    # Every 7 days from 1 Jan 2021: days run past 12, so day-first and month-first differ.
    return list(pd.date_range("2021-01-01", periods=n, freq="7D").strftime(fmt))


def _words(rng: np.random.Generator, n: int, per_row: int) -> list[str]:
    vocabulary = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "naps"]
    return [" ".join(rng.choice(vocabulary, per_row)) for _ in range(n)]


# ---------------------------------------------------------------------------------------------
# Numbers stored as text
# ---------------------------------------------------------------------------------------------


def _numbers_as_text():
    rng = np.random.default_rng(0)
    amounts = rng.uniform(1_000, 99_999, N)
    small = rng.uniform(0, 10, N)
    return [
        pytest.param(
            [f"{x:,.2f}" for x in amounts], "thousands separators", id="thousands-1,234.50"
        ),
        pytest.param(
            [f"{x:.2f}".replace(".", ",") for x in small], "decimal commas", id="decimal-comma-3,14"
        ),
        pytest.param(
            [f"{x:,.2f}".replace(",", " ").replace(".", ",") for x in amounts],
            "decimal commas",
            id="eu-space-thousands-1 234,50",
        ),
        pytest.param([f"${x:,.2f}" for x in amounts], "thousands separators", id="currency-dollar"),
        pytest.param([f"€{x:.2f}" for x in small], "", id="currency-euro"),
        pytest.param([f"{100 * x:.1f}%" for x in rng.random(N)], "percentages", id="percent"),
    ]


@pytest.mark.parametrize(("values", "style"), _numbers_as_text())
def test_infer_column_numbers_stored_as_text_are_numeric(values: list[str], style: str) -> None:
    info = infer_column(_text("amount", values))
    assert info.kind is K.NUMERIC
    assert info.reason.startswith("Stored as text, but 100% of values are numbers")
    if style:
        assert style in info.reason
    else:
        assert info.reason.endswith("are numbers.")


def test_infer_column_numeric_text_reason_counts_values_that_will_become_missing() -> None:
    rng = np.random.default_rng(0)
    values = [f"{x:.1f}" for x in rng.normal(50, 10, 97)] + ["oops", "n.a.", "oops"]
    info = infer_column(_text("weight", values))
    assert info.kind is K.NUMERIC
    assert "97%" in info.reason
    assert "3 values that are not numbers" in info.reason
    assert "'oops'" in info.reason


# ---------------------------------------------------------------------------------------------
# Booleans
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(_text("paid", ["yes", "no"] * 50), id="yes-no"),
        pytest.param(_text("paid", ["Y", "N"] * 50), id="Y-N"),
        pytest.param(_text("paid", ["true", "false"] * 50), id="true-false"),
        pytest.param(_text("paid", ["True", "False"] * 50), id="True-False"),
        pytest.param(_text("paid", [" yes", "no "] * 50), id="padded-yes-no"),
        pytest.param(_text("paid", ["yes", "no", None] * 30), id="yes-no-with-missing"),
        pytest.param(pd.Series([0, 1] * 50, name="paid"), id="ints-0-1"),
        pytest.param(pd.Series([0.0, 1.0, np.nan] * 30, name="paid"), id="floats-0-1-missing"),
        pytest.param(pd.Series([True, False] * 50, name="paid"), id="bool-dtype"),
    ],
)
def test_infer_column_boolean_spellings(column: pd.Series) -> None:
    assert infer_column(column).kind is K.BOOLEAN


def test_infer_column_boolean_needs_both_a_yes_and_a_no_word() -> None:
    # "yes" and "y" both mean yes: two distinct values, but not a yes/no column.
    assert infer_column(_text("answer", ["yes", "y"] * 50)).kind is K.CATEGORICAL


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected_format"),
    [
        pytest.param(_dates("%Y-%m-%d"), "ISO8601", id="iso-date"),
        pytest.param(_dates("%Y-%m-%d %H:%M:%S"), "ISO8601", id="iso-datetime"),
        pytest.param(_dates("%d/%m/%Y"), "%d/%m/%Y", id="day-first-day-over-12"),
        pytest.param(_dates("%m/%d/%Y"), "%m/%d/%Y", id="month-first"),
        pytest.param(_dates("%d %b %Y"), "%d %b %Y", id="12-Mar-2021"),
        pytest.param(_dates("%b %d, %Y"), "%b %d, %Y", id="Mar-12,-2021"),
        pytest.param(_dates("%d.%m.%Y"), "%d.%m.%Y", id="dotted-day-first"),
    ],
)
def test_infer_column_text_dates_find_their_format(values: list[str], expected_format: str) -> None:
    info = infer_column(_text("signup", values))
    assert info.kind is K.DATETIME
    assert info.date_format == expected_format


def test_infer_column_ambiguous_dates_say_month_first_was_assumed() -> None:
    # The 1st of each month: every day is <= 12, so day and month cannot be told apart.
    values = pd.date_range("2021-01-01", periods=24, freq="MS").strftime("%m/%d/%Y")
    info = infer_column(_text("signup", values))
    assert info.date_format == "%m/%d/%Y"
    assert "Month-first was assumed" in info.reason


def test_infer_column_datetime_dtype_is_datetime() -> None:
    column = pd.Series(pd.date_range("2020-01-01", periods=30), name="when")
    info = infer_column(column)
    assert (info.kind, info.date_format) == (K.DATETIME, None)


# ---------------------------------------------------------------------------------------------
# Identifiers and codes
# ---------------------------------------------------------------------------------------------


def _customer_ids_with_repeats(as_text: bool) -> pd.Series:
    rng = np.random.default_rng(0)
    ids = rng.choice(np.arange(10_000, 99_999), size=200, replace=False)
    ids[[10, 50]] = ids[[11, 51]]  # 2 of 200 rows (1 %) repeat an ID, as duplicated rows do
    values = [f"K{i}" for i in ids] if as_text else ids
    return pd.Series(values, name="customer_id", dtype="str" if as_text else "int64")


@pytest.mark.parametrize(
    ("column", "evidence"),
    [
        pytest.param(pd.Series(range(N), name="row"), "consecutive", id="consecutive-ints"),
        pytest.param(_text("code", [f"C{i:05d}" for i in range(N)]), "every value", id="C00123"),
        pytest.param(_customer_ids_with_repeats(True), "almost every", id="customer_id-text-1pct"),
        pytest.param(_customer_ids_with_repeats(False), "name", id="customer_id-int-1pct"),
    ],
)
def test_infer_column_identifiers(column: pd.Series, evidence: str) -> None:
    info = infer_column(column)
    assert info.kind is K.IDENTIFIER
    assert info.reason.startswith("Looks like an identifier")
    assert evidence in info.reason


def test_infer_column_unique_non_consecutive_numbers_without_id_name_are_numeric() -> None:
    rng = np.random.default_rng(0)
    values = rng.choice(np.arange(1_000, 9_999), size=N, replace=False)
    assert infer_column(pd.Series(values, name="floor_area")).kind is K.NUMERIC


def test_infer_column_few_rows_are_never_identifiers() -> None:
    # Under 20 rows, "every value is different" is no evidence.
    assert infer_column(pd.Series(range(10), name="row")).kind is K.NUMERIC


@pytest.mark.parametrize(
    ("values", "kinds"),
    [
        pytest.param(
            [f"{z:05d}" for z in np.random.default_rng(0).choice([2134, 501, 10001, 60601], N)],
            {K.CATEGORICAL},
            id="repeated-zip-codes",
        ),
        pytest.param(
            [f"{z:05d}" for z in np.random.default_rng(0).choice(99_999, N, replace=False)],
            {K.CATEGORICAL, K.IDENTIFIER},
            id="unique-zip-codes",
        ),
    ],
)
def test_infer_column_postal_codes_with_leading_zeros_are_not_numbers(values, kinds) -> None:
    info = infer_column(_text("zip", values))
    assert info.kind in kinds


def test_infer_column_postal_codes_reason_mentions_leading_zeros() -> None:
    values = [f"{z:05d}" for z in np.random.default_rng(0).choice([2134, 501, 10001], N)]
    assert "leading zeros" in infer_column(_text("zip", values)).reason


def test_infer_column_ip_addresses_are_not_numbers() -> None:
    rng = np.random.default_rng(0)
    values = [f"192.168.{a}.{b}" for a, b in rng.integers(0, 255, size=(60, 2))]
    assert infer_column(_text("client_ip", values)).kind is not K.NUMERIC


# ---------------------------------------------------------------------------------------------
# Free text, categories, constant, empty, mixed
# ---------------------------------------------------------------------------------------------


def test_infer_column_free_text_is_text() -> None:
    info = infer_column(_text("comment", _words(np.random.default_rng(0), N, 8)))
    assert info.kind is K.TEXT
    assert info.reason.startswith("Free text")


@pytest.mark.parametrize(
    "labels",
    [
        pytest.param(["red", "green", "blue"], id="single-words"),
        pytest.param(
            ["New York City area office", "Greater London area office", "Paris main office"],
            id="repeated-multi-word-labels",
        ),
    ],
)
def test_infer_column_repeated_labels_are_categorical(labels: list[str]) -> None:
    values = np.random.default_rng(0).choice(labels, N)
    info = infer_column(_text("office", values))
    assert info.kind is K.CATEGORICAL
    assert info.n_unique == len(labels)


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(_text("country", ["FR"] * N), id="text"),
        pytest.param(pd.Series([7] * N, name="country"), id="int"),
        pytest.param(pd.Series(["FR"] * 90 + [None] * 10, name="country", dtype="str"), id="gaps"),
    ],
)
def test_infer_column_single_value_is_constant(column: pd.Series) -> None:
    info = infer_column(column)
    assert (info.kind, info.n_unique) == (K.CONSTANT, 1)
    assert "Only one distinct value" in info.reason


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(pd.Series([None] * N, name="notes", dtype="str"), id="text"),
        pytest.param(pd.Series([np.nan] * N, name="notes"), id="float"),
    ],
)
def test_infer_column_all_missing_is_constant_with_zero_unique(column: pd.Series) -> None:
    info = infer_column(column)
    assert (info.kind, info.n_unique, info.n_missing) == (K.CONSTANT, 0, N)
    assert info.reason == "Every value is missing."


def test_infer_column_mixed_numbers_and_text_stays_categorical() -> None:
    rng = np.random.default_rng(0)
    values = [str(v) for v in rng.integers(0, 1_000, 80)] + [f"t{i}" for i in range(20)]
    info = infer_column(_text("reading", rng.permutation(values)))
    assert info.kind is K.CATEGORICAL
    assert "Mixed" in info.reason
    assert "80%" in info.reason


def test_infer_column_small_whole_numbers_are_numeric_with_a_category_hint() -> None:
    info = infer_column(pd.Series(np.random.default_rng(0).integers(1, 6, N), name="rating"))
    assert info.kind is K.NUMERIC
    assert "could also be treated as categories" in info.reason


def test_infer_column_counts_missing_and_unique() -> None:
    info = infer_column(_text("colour", ["red", "blue", None, "red", "green"] * 20))
    assert (info.n_missing, info.n_unique) == (20, 3)


def test_infer_column_pandas_categorical_dtype_is_categorical() -> None:
    column = pd.Series(pd.Categorical(["a", "b", "c"] * 20), name="grade")
    assert infer_column(column).kind is K.CATEGORICAL


# ---------------------------------------------------------------------------------------------
# Overrides
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def small_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "rating": rng.integers(1, 6, 40),
            "city": pd.Series(rng.choice(["Paris", "Lyon"], 40), dtype="str"),
        }
    )


def test_infer_column_kinds_applies_override(small_frame: pd.DataFrame) -> None:
    rating, city = infer_column_kinds(small_frame, overrides={"rating": "categorical"})
    assert rating.kind is K.CATEGORICAL
    assert city.kind is K.CATEGORICAL


def test_infer_column_kinds_override_is_marked_and_keeps_detected_kind(
    small_frame: pd.DataFrame,
) -> None:
    rating = infer_column_kinds(small_frame, overrides={"rating": "categorical"})[0]
    assert rating.overridden is True
    assert rating.detected_kind is K.NUMERIC
    assert rating.reason.startswith("Set by you (detected as numeric")


def test_infer_column_kinds_override_equal_to_inference_is_not_an_override(
    small_frame: pd.DataFrame,
) -> None:
    city = infer_column_kinds(small_frame, overrides={"city": "categorical"})[1]
    assert city.overridden is False
    assert city.detected_kind is K.CATEGORICAL


def test_infer_column_kinds_override_of_absent_column_is_ignored(
    small_frame: pd.DataFrame,
) -> None:
    plain = infer_column_kinds(small_frame)
    assert infer_column_kinds(small_frame, overrides={"dropped": "numeric"}) == plain


def test_infer_column_kinds_unknown_kind_names_column_and_allowed_kinds(
    small_frame: pd.DataFrame,
) -> None:
    with pytest.raises(RecipeError) as caught:
        infer_column_kinds(small_frame, overrides={"city": "money"})
    message = caught.value.message
    assert "'money'" in message
    assert "'city'" in message
    for kind in ColumnKind:
        assert kind.value in message


def test_infer_column_kinds_returns_one_info_per_column_in_order(
    small_frame: pd.DataFrame,
) -> None:
    infos = infer_column_kinds(small_frame)
    assert [i.name for i in infos] == ["rating", "city"]
    assert all(i.detected_kind is i.kind for i in infos)


# ---------------------------------------------------------------------------------------------
# apply_column_kinds
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def raw_frame() -> pd.DataFrame:
    n = 40
    return pd.DataFrame(
        {
            "price": pd.Series(["1,234.5", "2,000", None, "12.25"] * (n // 4), dtype="str"),
            "count": np.arange(n) % 7,
            "paid": pd.Series(["yes", "no", None, "no"] * (n // 4), dtype="str"),
            "flag01": [0, 1] * (n // 2),
            "signup": pd.Series(_dates("%d/%m/%Y", n), dtype="str"),
            "stored_when": pd.date_range("2020-01-01", periods=n),
            "level": [1.0, 2.0, np.nan, 3.0] * (n // 4),
            "comment": pd.Series(_words(np.random.default_rng(0), n, 6), dtype="str"),
            "ref": pd.Series([f"R{i:04d}" for i in range(n)], dtype="str"),
            "same": pd.Series(["x"] * n, dtype="str"),
        }
    )


def _convert(frame: pd.DataFrame, overrides: dict[str, str] | None = None):
    return apply_column_kinds(frame, infer_column_kinds(frame, overrides=overrides))


def test_apply_column_kinds_inferred_kinds(raw_frame: pd.DataFrame) -> None:
    kinds = {i.name: i.kind for i in infer_column_kinds(raw_frame)}
    assert kinds == {
        "price": K.NUMERIC,
        "count": K.NUMERIC,
        "paid": K.BOOLEAN,
        "flag01": K.BOOLEAN,
        "signup": K.DATETIME,
        "stored_when": K.DATETIME,
        "level": K.NUMERIC,
        "comment": K.TEXT,
        "ref": K.IDENTIFIER,
        "same": K.CONSTANT,
    }


@pytest.mark.parametrize(
    ("column", "overrides", "expected_dtype"),
    [
        pytest.param("price", None, "float64", id="numeric-from-text"),
        pytest.param("count", None, "int64", id="numeric-stays-int"),
        pytest.param("paid", None, "boolean", id="boolean-from-text"),
        pytest.param("flag01", None, "boolean", id="boolean-from-ints"),
        pytest.param("signup", None, "datetime64[us]", id="datetime-from-text"),
        pytest.param("level", {"level": "categorical"}, "str", id="categorical-from-float"),
        pytest.param("comment", None, "str", id="text"),
        pytest.param("ref", None, "str", id="identifier"),
        pytest.param("count", {"count": "categorical"}, "str", id="categorical-from-int"),
    ],
)
def test_apply_column_kinds_dtype_per_kind(
    raw_frame: pd.DataFrame, column: str, overrides, expected_dtype: str
) -> None:
    converted = _convert(raw_frame, overrides).frame
    assert str(converted[column].dtype) == expected_dtype


def test_apply_column_kinds_numeric_text_values(raw_frame: pd.DataFrame) -> None:
    price = _convert(raw_frame).frame["price"]
    assert price.head(4).tolist()[:2] == [1234.5, 2000.0]
    assert np.isnan(price.iloc[2])
    assert price.iloc[3] == 12.25


def test_apply_column_kinds_boolean_text_maps_words_and_keeps_missing(
    raw_frame: pd.DataFrame,
) -> None:
    paid = _convert(raw_frame).frame["paid"]
    assert paid.head(4).tolist() == [True, False, pd.NA, False]


def test_apply_column_kinds_day_first_dates_parse_to_the_right_day(
    raw_frame: pd.DataFrame,
) -> None:
    signup = _convert(raw_frame).frame["signup"]
    assert signup.iloc[2] == pd.Timestamp("2021-01-15")


def test_apply_column_kinds_whole_floats_become_text_without_decimals(
    raw_frame: pd.DataFrame,
) -> None:
    level = _convert(raw_frame, {"level": "categorical"}).frame["level"]
    assert level.head(4).isna().tolist() == [False, False, True, False]
    assert level.dropna().unique().tolist() == ["1", "2", "3"]


def test_apply_column_kinds_constant_column_left_as_is(raw_frame: pd.DataFrame) -> None:
    converted = _convert(raw_frame).frame
    pd.testing.assert_series_equal(converted["same"], raw_frame["same"])
    pd.testing.assert_series_equal(converted["stored_when"], raw_frame["stored_when"])


@pytest.mark.parametrize(
    ("values", "kind", "lost"),
    [
        pytest.param(["1.5", "2", "oops", None, "n.a."] * 4, "numeric", 8, id="numeric"),
        pytest.param(["yes", "no", "maybe", None, "no"] * 4, "boolean", 4, id="boolean"),
        pytest.param(
            ["2021-01-05", "2021-02-11", "soon", None, "2021-03-01"] * 4, "datetime", 4, id="date"
        ),
        pytest.param(["a", "b", "c", None, "d"] * 4, "categorical", 0, id="categorical-none"),
    ],
)
def test_apply_column_kinds_counts_lost_values(values, kind: str, lost: int) -> None:
    frame = pd.DataFrame({"col": pd.Series(values, dtype="str")})
    conversion = _convert(frame, {"col": kind})
    assert conversion.lost_values.get("col", 0) == lost
    assert int(conversion.frame["col"].isna().sum()) == 4 + lost


def test_apply_column_kinds_lost_values_is_read_only() -> None:
    frame = pd.DataFrame({"col": pd.Series(["1", "x"] * 5, dtype="str")})
    conversion = _convert(frame, {"col": "numeric"})
    with pytest.raises(TypeError):
        conversion.lost_values["col"] = 0  # type: ignore[index]


def test_apply_column_kinds_does_not_mutate_input(raw_frame: pd.DataFrame) -> None:
    before = raw_frame.copy(deep=True)
    conversion = _convert(raw_frame, {"level": "categorical", "count": "categorical"})
    pd.testing.assert_frame_equal(raw_frame, before)
    assert conversion.frame is not raw_frame


def test_apply_column_kinds_skips_infos_of_absent_columns() -> None:
    frame = pd.DataFrame({"a": [1.5, 2.5]})
    ghost = ColumnInfo("ghost", K.NUMERIC, "set in the test", 0, 0)
    conversion = apply_column_kinds(frame, [ghost])
    assert list(conversion.frame.columns) == ["a"]
    assert dict(conversion.lost_values) == {}


# ---------------------------------------------------------------------------------------------
# parse_numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected", "style"),
    [
        pytest.param(["1,234.50", "2,000.00"], [1234.5, 2000.0], "thousands", id="us-thousands"),
        pytest.param(["3,14", "2,5"], [3.14, 2.5], "decimal commas", id="decimal-comma"),
        pytest.param(["1.234,5", "12,75"], [1234.5, 12.75], "decimal commas", id="eu-thousands"),
        pytest.param(["$1,000", "$25"], [1000.0, 25.0], "thousands", id="dollars"),
        pytest.param(["€ 3,5", "€ 10,25"], [3.5, 10.25], "decimal commas", id="euros"),
        pytest.param(["£1,250.75", "£3"], [1250.75, 3.0], "thousands", id="pounds"),
        pytest.param(["12.5%", "50%"], [0.125, 0.5], "percentages", id="percent"),
        pytest.param(["1\u00a0234,5", "2,5"], [1234.5, 2.5], "decimal commas", id="nbsp-groups"),
        pytest.param(["-1,234.5", "+2.5"], [-1234.5, 2.5], "thousands", id="signs"),
        pytest.param(["1e3", "2.5e-2"], [1000.0, 0.025], "", id="scientific"),
        pytest.param(["3", "4.5"], [3.0, 4.5], "", id="plain"),
    ],
)
def test_parse_numbers_examples(values: list[str], expected: list[float], style: str) -> None:
    numbers, found_style = parse_numbers(pd.Series(values, dtype="str"))
    assert numbers.dtype == "float64"
    np.testing.assert_allclose(numbers.to_numpy(), expected)
    assert style in found_style
    if not style:
        assert found_style == ""


def test_parse_numbers_non_numbers_and_missing_become_nan() -> None:
    numbers, _ = parse_numbers(pd.Series(["abc", "7", None], dtype="str"))
    assert np.isnan(numbers.iloc[0])
    assert numbers.iloc[1] == 7.0
    assert np.isnan(numbers.iloc[2])


def test_infinite_numbers_become_missing_and_are_counted() -> None:
    import numpy as np
    import pandas as pd

    from core.data import apply_column_kinds, infer_column_kinds

    frame = pd.DataFrame({"a": [1.0, np.inf, 3.0, -np.inf] * 10, "b": ["1", "inf", "2", "3"] * 10})
    columns = infer_column_kinds(frame)
    converted = apply_column_kinds(frame, columns)
    assert converted.frame["a"].isna().sum() == 20
    assert not np.isinf(converted.frame["a"].to_numpy(dtype=float, na_value=np.nan)).any()
    assert converted.lost_values["a"] == 20


# --- ID-like names and codes ---------------------------------------------------------------------

_FIRST = ["John", "Mary", "William", "Anna", "Owen", "Laina", "Elizabeth", "James", "Karl", "Ida"]
_LAST = ["Braund", "Cumings", "Heikkinen", "Futrelle", "Allen", "Moran", "McCarthy", "Palsson"]
_TITLES = ["Mr.", "Mrs.", "Miss.", "Master."]


def _names(n: int = 600, seed: int = 0) -> pd.Series:
    """People's names, every one different: "Braund, Mr. Owen Harris 17"."""
    rng = np.random.default_rng(seed)
    names = [
        f"{rng.choice(_LAST)}, {rng.choice(_TITLES)} {rng.choice(_FIRST)} {rng.choice(_FIRST)}"
        f" {chr(65 + i % 26)}{i // 26}"
        for i in range(n)
    ]
    return _text("Name", names)


def _tickets(n: int = 891, seed: int = 0) -> pd.Series:
    """Ticket codes, about three quarters distinct: "A/5 21171", "PC 17599", "113803"."""
    rng = np.random.default_rng(seed)
    prefixes = ["A/5", "PC", "STON/O2.", "C.A.", "SOTON/OQ", "W./C.", "CA"]
    codes = []
    while len(codes) < n:
        number = str(rng.integers(1_000, 3_200_000))
        code = number if rng.random() < 0.74 else f"{rng.choice(prefixes)} {number}"
        # Families travel on one ticket: some codes repeat two to four times.
        codes.extend([code] * (1 if rng.random() < 0.8 else int(rng.integers(2, 5))))
    return _text("Ticket", rng.permutation(codes[:n]))


def _reviews(n: int = 400, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    words = ["good", "bad", "the", "delivery", "was", "slow", "fast", "product", "works", "not"]
    return _text("review", [" ".join(rng.choice(words, rng.integers(4, 14))) for _ in range(n)])


def test_infer_column_near_unique_names_are_identifiers() -> None:
    info = infer_column(_names())
    assert info.kind is K.IDENTIFIER
    assert info.reason.startswith("Looks like names that identify rows: 100% of values")


def test_infer_column_near_unique_ticket_codes_are_identifiers() -> None:
    tickets = _tickets()
    assert 0.6 < tickets.nunique() / len(tickets) < 0.9  # the kind of column described
    info = infer_column(tickets)
    assert info.kind is K.IDENTIFIER
    assert info.reason.startswith("Looks like codes that identify rows:")


def test_infer_column_free_text_reviews_stay_text() -> None:
    assert infer_column(_reviews()).kind is K.TEXT


def test_infer_column_capitalised_category_with_repeats_stays_categorical() -> None:
    rng = np.random.default_rng(1)
    cities = [f"{c} City" for c in ["Paris", "Lyon", "Nice", "Lille", "Oslo", "Rome", "Bergen"]]
    assert infer_column(_text("city", rng.choice(cities, 500))).kind is K.CATEGORICAL


def test_infer_column_measurements_with_text_typos_stay_mixed_categorical() -> None:
    rng = np.random.default_rng(2)
    values = [f"{v:.2f}" for v in rng.normal(20, 5, 160)] + ["err", "n/a"] * 20
    info = infer_column(_text("temperature", rng.permutation(values)))
    assert (info.kind, info.reason.startswith("Mixed:")) == (K.CATEGORICAL, True)


def test_infer_column_mixed_codes_reason_never_suggests_numbers() -> None:
    # Too few rows to call codes ID-like, still mostly different: keep them as text.
    tickets = _text("Ticket", ["A/5 21171", "PC 17599", *[str(113_803 + i) for i in range(28)]])
    info = infer_column(tickets)
    assert info.kind is K.CATEGORICAL
    assert "numeric" not in info.reason


def test_infer_column_rare_postal_codes_stay_categorical() -> None:
    rng = np.random.default_rng(3)
    codes = [f"{v:05d}" for v in rng.integers(1_000, 9_999, 300)]  # mostly one row each
    assert infer_column(_text("zip", codes)).kind is K.CATEGORICAL
