"""Tests for core.recipe_constraints: each validator accepts, refuses (with its message) and
normalises what it should."""

from __future__ import annotations

import dataclasses
import math
from types import MappingProxyType

import pytest

from core.errors import RecipeError
from core.recipe_constraints import (
    Choice,
    Flag,
    NameMap,
    Names,
    NestedMap,
    Number,
    OrderMap,
    ParamMap,
    Scalar,
    SpaceMap,
    Text,
    field_rule,
    thaw,
)

WHERE = "section.field"


def _refusal(constraint, value) -> str:
    with pytest.raises(RecipeError) as info:
        constraint.check(value, WHERE)
    return str(info.value)


def _standard(value, expected: str) -> list[str]:
    """The three parts of the usual refusal."""
    return [
        f"The recipe field {WHERE!r} has the value {value!r}.",
        f"It must be {expected}.",
        f"Set {WHERE!r} to an allowed value.",
    ]


def _says(message: str, parts: list[str]) -> bool:
    return all(part in message for part in parts)


# --- Choice ----------------------------------------------------------------------------------


def test_choice_accepts_its_options_including_none() -> None:
    choice = Choice((None, "a", "b"))
    assert [choice.check(v, WHERE) for v in (None, "a", "b")] == [None, "a", "b"]


def test_choice_refuses_other_values_listing_the_options() -> None:
    message = _refusal(Choice(("a", "b")), "c")
    assert _says(message, _standard("c", "one of: 'a', 'b'"))


# --- Flag ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False])
def test_flag_accepts_booleans(value) -> None:
    assert Flag().check(value, WHERE) is value


@pytest.mark.parametrize("value", [0, 1, "true", None])
def test_flag_refuses_non_booleans(value) -> None:
    assert _says(_refusal(Flag(), value), _standard(value, "true or false"))


# --- Number ----------------------------------------------------------------------------------


def test_number_int_accepts_whole_numbers_in_range() -> None:
    assert Number(int, (2, 20)).check(2, WHERE) == 2
    assert Number(int, (2, 20)).check(20, WHERE) == 20


@pytest.mark.parametrize("value", [2.0, True, "5"])
def test_number_int_refuses_non_integers(value) -> None:
    message = _refusal(Number(int, (2, 20)), value)
    assert _says(message, _standard(value, "a number between 2 and 20"))


def test_number_float_normalises_ints_to_floats() -> None:
    value = Number(float, (0.0, 1.0)).check(1, WHERE)
    assert value == 1.0
    assert isinstance(value, float)


def test_number_float_refuses_text_as_a_decimal_number() -> None:
    message = _refusal(Number(float, (0.0, 1.0)), "x")
    assert _says(message, _standard("x", "a decimal number between 0.0 and 1.0"))


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_number_refuses_non_finite_values(value) -> None:
    message = _refusal(Number(float, (0.0, 1.0)), value)
    assert _says(message, _standard(value, "a finite number between 0.0 and 1.0"))


@pytest.mark.parametrize("value", [-0.01, 1.5])
def test_number_refuses_values_out_of_range(value) -> None:
    message = _refusal(Number(float, (0.0, 1.0)), value)
    assert _says(message, _standard(value, "a number between 0.0 and 1.0"))


def test_number_without_range_names_no_bounds() -> None:
    assert Number(int).check(-7, WHERE) == -7
    assert _says(_refusal(Number(int), "x"), _standard("x", "a number"))


def test_number_optional_accepts_none_only_when_optional() -> None:
    assert Number(float, (0.0, 1.0), optional=True).check(None, WHERE) is None
    assert _says(
        _refusal(Number(float, (0.0, 1.0)), None),
        _standard(None, "a decimal number between 0.0 and 1.0"),
    )


def test_number_kind_follows_its_type() -> None:
    assert (Number(int).kind, Number(float).kind) == ("int", "float")


def test_number_only_takes_int_or_float() -> None:
    with pytest.raises(TypeError):
        Number(complex)


# --- Text ------------------------------------------------------------------------------------


def test_text_accepts_text_and_by_default_the_empty_text() -> None:
    assert Text().check("", WHERE) == ""
    assert Text().check("price", WHERE) == "price"


@pytest.mark.parametrize("value", [3, None, ["a"]])
def test_text_refuses_non_text(value) -> None:
    assert _says(_refusal(Text(), value), _standard(value, "text"))


def test_text_can_refuse_the_empty_text() -> None:
    assert _says(_refusal(Text(allow_empty=False), ""), _standard("", "text"))


def test_text_optional_accepts_none() -> None:
    assert Text(optional=True, allow_empty=False).check(None, WHERE) is None


# --- Scalar ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "yes", 1, 1.5, True])
def test_scalar_accepts_json_scalars(value) -> None:
    assert Scalar().check(value, WHERE) == value


@pytest.mark.parametrize("value", [math.nan, [1], {"a": 1}])
def test_scalar_refuses_containers_and_non_finite_numbers(value) -> None:
    message = _refusal(Scalar(), value)
    assert _says(message, _standard(value, "a single value (text, number or true/false)"))


# --- Names -----------------------------------------------------------------------------------


def test_names_normalises_lists_to_tuples() -> None:
    assert Names().check(["a", "b"], WHERE) == ("a", "b")


@pytest.mark.parametrize("value", ["ab", ["a", 1], {"a": "b"}])
def test_names_refuses_anything_but_a_list_of_texts(value) -> None:
    assert _says(_refusal(Names(), value), _standard(value, "a list of texts"))


def test_names_unique_refuses_repeats() -> None:
    assert Names().check(["a", "a"], WHERE) == ("a", "a")
    message = _refusal(Names(unique=True), ["a", "a"])
    assert _says(message, _standard(["a", "a"], "a list of texts without repeats"))


def test_names_values_limits_what_the_list_draws_from() -> None:
    names = Names(values=("year", "month"))
    assert names.check(("month",), WHERE) == ("month",)
    message = _refusal(names, ["day"])
    assert _says(message, _standard(["day"], "a list drawn from: 'year', 'month'"))


# --- NameMap ---------------------------------------------------------------------------------


def test_name_map_freezes_a_copy() -> None:
    given = {"zip": "categorical"}
    frozen = NameMap().check(given, WHERE)
    given["zip"] = "numeric"
    assert isinstance(frozen, MappingProxyType)
    assert dict(frozen) == {"zip": "categorical"}


def test_name_map_refuses_non_mappings_and_non_text_items() -> None:
    assert _says(
        _refusal(NameMap(), ["zip"]), _standard(["zip"], "a mapping of column names to values")
    )
    assert _says(
        _refusal(NameMap(), {"zip": 3}), _standard({"zip": 3}, "a mapping of texts to texts")
    )


def test_name_map_names_the_key_with_a_value_not_allowed() -> None:
    message = _refusal(NameMap(values=("numeric", "text")), {"zip": "colour"})
    assert _says(
        message,
        [
            f"The recipe field {WHERE!r} gives 'zip' the value 'colour'.",
            "Allowed values are: 'numeric', 'text'.",
            "Change the value for 'zip'.",
        ],
    )


# --- NestedMap -------------------------------------------------------------------------------


def test_nested_map_freezes_both_levels() -> None:
    frozen = NestedMap().check({"city": {"paris": "Paris"}}, WHERE)
    assert isinstance(frozen, MappingProxyType)
    assert isinstance(frozen["city"], MappingProxyType)
    assert thaw(frozen) == {"city": {"paris": "Paris"}}


@pytest.mark.parametrize("value", [{"city": "Paris"}, {"city": {"paris": 1}}, ["city"]])
def test_nested_map_refuses_other_shapes(value) -> None:
    expected = "a mapping of column names to {old value: new value} mappings"
    assert _says(_refusal(NestedMap(), value), _standard(value, expected))


# --- OrderMap --------------------------------------------------------------------------------


def test_order_map_normalises_lists_to_tuples() -> None:
    assert dict(OrderMap().check({"size": ["S", "M", "L"]}, WHERE)) == {"size": ("S", "M", "L")}


@pytest.mark.parametrize("value", [{"size": ["S"]}, {"size": ["S", "S"]}, {"size": "SML"}])
def test_order_map_needs_two_distinct_levels(value) -> None:
    expected = "a mapping of column names to lists of at least two distinct values"
    assert _says(_refusal(OrderMap(), value), _standard(value, expected))


# --- ParamMap --------------------------------------------------------------------------------


def test_param_map_accepts_scalars() -> None:
    value = {"C": 1.0, "kernel": "rbf", "shrinking": True, "gamma": None}
    assert dict(ParamMap().check(value, WHERE)) == value


@pytest.mark.parametrize("value", [{"C": [1, 2]}, {"C": math.inf}, {1: 2}, "C=1"])
def test_param_map_refuses_non_scalars(value) -> None:
    expected = "a mapping of parameter names to single values"
    assert _says(_refusal(ParamMap(), value), _standard(value, expected))


# --- SpaceMap --------------------------------------------------------------------------------


def test_space_map_accepts_ranges_and_value_lists_freezing_lists() -> None:
    value = {"C": {"low": 0.01, "high": 100, "log": True}, "k": {"values": [1, 2, 3]}}
    frozen = SpaceMap().check(value, WHERE)
    assert frozen["k"]["values"] == (1, 2, 3)
    assert thaw(frozen) == value


def test_space_map_refuses_non_mappings() -> None:
    expected = (
        'a mapping of parameter names to ranges such as {"low": 0.01, "high": 100, '
        '"log": true} or {"values": [1, 2, 3]}'
    )
    assert _says(_refusal(SpaceMap(), ["C"]), _standard(["C"], expected))
    assert _says(_refusal(SpaceMap(), {"C": 1}), _standard({"C": 1}, expected))


@pytest.mark.parametrize(
    "spec",
    [
        {"low": 5, "high": 1},
        {"low": True, "high": 1},
        {"low": 0, "high": 1, "log": "yes"},
        {"values": []},
        {"low": 0},
        {"values": [1], "low": 0},
    ],
)
def test_space_map_names_the_parameter_with_a_bad_range(spec) -> None:
    message = _refusal(SpaceMap(), {"C": spec})
    assert _says(
        message,
        [
            f"The recipe field {WHERE!r} gives 'C' the range {spec!r}.",
            "A range is either low/high numbers (low ≤ high, optional log: true/false) "
            "or a non-empty list of values.",
            "Fix the range for 'C'.",
        ],
    )


# --- field_rule ------------------------------------------------------------------------------


def test_field_rule_records_the_constraint_and_its_kind() -> None:
    @dataclasses.dataclass
    class Section:
        flag: bool = field_rule(Flag(), False)
        names: tuple[str, ...] = field_rule(Names(unique=True), ["a", "b"])

    flag, names = dataclasses.fields(Section)
    assert flag.metadata["kind"] == "bool"
    assert isinstance(flag.metadata["constraint"], Flag)
    assert names.metadata["kind"] == "str_tuple"
    # A container default is checked and frozen once, and shared.
    assert Section().names == ("a", "b")
    assert Section().names is Section().names
    assert Section().flag is False


def test_field_rule_refuses_a_default_its_constraint_refuses() -> None:
    with pytest.raises(RecipeError):
        field_rule(Names(unique=True), ["a", "a"])
