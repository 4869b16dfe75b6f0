"""Tests for core.prepare.ordinal_scales: orders suggested from known scales, and orders typed by a
person."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.prepare import (
    OrderError,
    OrderSuggestion,
    SpellingClash,
    parse_order,
    spelling_clashes,
    suggest_order,
    suggest_orders,
)


@pytest.mark.parametrize(
    ("values", "scale", "order"),
    [
        pytest.param(
            ["Premium", "Ideal", "Good", "Very Good", "Fair", "Ideal"],
            "quality words",
            ("Fair", "Good", "Very Good", "Premium", "Ideal"),
            id="diamond-cut",
        ),
        pytest.param(
            ["excellent", "POOR", "  good "],
            "quality words",
            ("POOR", "  good ", "excellent"),
            id="case-and-spaces",
        ),
        pytest.param(
            ["B+", "A-", "C", "F", "A"],
            "letter grades",
            ("F", "C", "B+", "A-", "A"),
            id="grades-with-signs",
        ),
        pytest.param(["XL", "s", "M", "xs", "L"], "sizes", ("xs", "s", "M", "L", "XL"), id="sizes"),
        pytest.param(
            ["large", "Small", "medium"], "sizes", ("Small", "medium", "large"), id="size-words"
        ),
        pytest.param(
            ["Premium", "Basic", "Standard"],
            "plan tiers",
            ("Basic", "Standard", "Premium"),
            id="plan-tiers",
        ),
        pytest.param(["High", "low", "Medium"], "levels", ("low", "Medium", "High"), id="levels"),
        pytest.param(
            ["often", "never", "Sometimes", "always", "rarely"],
            "how often",
            ("never", "rarely", "Sometimes", "often", "always"),
            id="frequency",
        ),
        pytest.param(
            ["Agree", "Strongly_Disagree", "Neutral", "strongly-agree", "Disagree"],
            "agreement",
            ("Strongly_Disagree", "Disagree", "Neutral", "Agree", "strongly-agree"),
            id="agreement-with-underscores-and-hyphens",
        ),
        pytest.param(
            ["Master's", "High School", "Bachelor's", "PhD"],
            "education levels",
            ("High School", "Bachelor's", "Master's", "PhD"),
            id="education",
        ),
    ],
)
def test_suggest_order_recognises_a_known_scale(values, scale, order) -> None:
    suggestion = suggest_order(values, column="c")
    assert suggestion is not None
    assert (suggestion.scale, suggestion.order) == (scale, order)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(["Good", "Ideal", "banana"], id="one-value-off-scale"),
        pytest.param(["north", "south", "east"], id="no-scale"),
        pytest.param(["Good", "good", "Ideal"], id="two-spellings-of-one-level"),
        pytest.param(["Good", "Good", None], id="one-distinct-value"),
        pytest.param(["small", "low", "high"], id="values-from-two-scales"),
        pytest.param([1, 2, 3], id="numbers"),
    ],
)
def test_suggest_order_declines_when_not_every_value_is_on_one_scale(values) -> None:
    assert suggest_order(values) is None


def test_suggest_order_ignores_missing_values() -> None:
    suggestion = suggest_order(pd.Series(["low", np.nan, "high", None], dtype=object))
    assert suggestion is not None
    assert suggestion.order == ("low", "high")


def test_suggestion_text_reads_lowest_first() -> None:
    assert suggest_order(["high", "low"]).text == "low < high"


def test_suggest_orders_keeps_only_columns_with_a_scale() -> None:
    frame = pd.DataFrame(
        {
            "cut": ["Fair", "Ideal", "Good"] * 3,
            "city": ["Oslo", "Rome", "Pisa"] * 3,
            "size": ["S", "M", "L"] * 3,
            "plan": ["Basic", "basic ", "Premium"] * 3,
        }
    )
    found = suggest_orders(frame, ["cut", "city", "size", "plan", "gone"])
    assert list(found) == ["cut", "size", "plan"]
    assert isinstance(found["size"], OrderSuggestion)
    assert isinstance(found["plan"], SpellingClash)


def test_spelling_clashes_group_the_spellings_of_one_level() -> None:
    clash = spelling_clashes(["Basic", "basic ", "PREMIUM", "Premium", "Standard"], column="plan")
    assert clash is not None
    assert clash.scale == "plan tiers"
    assert clash.groups == (("Basic", "basic "), ("PREMIUM", "Premium"))


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(["low", "medium", "high"], id="no-clash"),
        pytest.param(["low", "Low"], id="one-level-only"),
        pytest.param(["low", "Low", "banana"], id="off-scale"),
    ],
)
def test_spelling_clashes_need_a_clash_on_a_scale(values) -> None:
    assert spelling_clashes(values) is None


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("small\nmedium\nlarge", id="lines"),
        pytest.param("small, medium, large", id="commas"),
        pytest.param("\n  small \n\nmedium\nlarge\n", id="blank-lines-and-spaces"),
    ],
)
def test_parse_order_reads_lines_or_commas(typed: str) -> None:
    values = ["large", "small", "medium", None]
    assert parse_order(typed, values, column="size") == ("small", "medium", "large")


def test_parse_order_keeps_commas_inside_values_written_one_per_line() -> None:
    values = ["under 10, cheap", "10 or more"]
    typed = "under 10, cheap\n10 or more"
    assert parse_order(typed, values, column="price") == ("under 10, cheap", "10 or more")


def test_parse_order_names_unknown_and_missing_values() -> None:
    with pytest.raises(OrderError) as caught:
        parse_order("small, huge", ["small", "medium", "large"], column="size")
    message = caught.value.message
    assert "'huge' is not a value" in message
    assert "'medium', 'large' are missing" in message
    assert "'size'" in message


def test_parse_order_names_a_repeated_value() -> None:
    with pytest.raises(OrderError, match="'low' appears twice"):
        parse_order("low, high, low", ["low", "high"], column="level")


def test_parse_order_needs_two_values() -> None:
    with pytest.raises(OrderError, match="at least two values"):
        parse_order("only", ["only"], column="c")
