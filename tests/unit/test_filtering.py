"""Filters applied to candidate items: item metadata, the user's interactions, IF parts, CurrentItem, filterValues."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from pulumi_personalize.emulator.filtering import FilterData, FilterValueError, item_predicate, parse_filter_values
from pulumi_personalize.emulator.training import Interaction
from pulumi_personalize.resources.filter_expression import parse

ITEMS: dict[str, dict[str, Any]] = {
    "i1": {"GENRES": "Comedy|Drama", "PRICE": 10, "STUDIO": "north"},
    "i2": {"GENRES": "Horror", "PRICE": 20.0, "STUDIO": "south"},
    "i3": {"GENRES": "Drama", "PRICE": 5.5, "STUDIO": "north"},
    "i4": {},
}
USERS: dict[str, dict[str, Any]] = {"adult": {"AGE": 30, "MEMBERSHIP": "Premium"}, "child": {"AGE": 12}}


def kept(
    expression: str,
    values: Mapping[str, str] | None = None,
    *,
    interactions: Sequence[Interaction] = (),
    user: str | None = None,
    current: str | None = None,
) -> list[str]:
    data = FilterData(ITEMS, USERS, interactions, user)
    allowed = item_predicate(parse(expression), data, values or {}, current)
    return [item for item in ITEMS if allowed(item)]


def events(*pairs: tuple[str, str]) -> list[Interaction]:
    return [Interaction("adult", item, 1_700_000_000.0 + n, event_type) for n, (item, event_type) in enumerate(pairs)]


def test_include_by_a_parameter_matches_any_value_of_a_multi_valued_field() -> None:
    expression = "INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)"
    assert kept(expression, {"GENRE": '"Comedy"'}) == ["i1"]
    assert kept(expression, {"GENRE": '"Drama"'}) == ["i1", "i3"]
    assert kept(expression, {"GENRE": '"Horror", "Comedy"'}) == ["i1", "i2"]
    assert kept(expression, {"GENRE": '"comedy"'}) == []  # exact strings: case counts outside event types


def test_not_in_keeps_items_with_none_of_the_values_and_items_without_the_field() -> None:
    assert kept('INCLUDE ItemID WHERE Items.GENRES NOT IN ("Drama")') == ["i2", "i4"]
    assert kept('EXCLUDE ItemID WHERE Items.GENRES NOT IN ("Drama")') == ["i1", "i3"]


def test_field_names_ignore_case() -> None:
    assert kept('INCLUDE ItemID WHERE Items.genres IN ("Horror")') == ["i2"]


def test_numeric_comparisons_with_literals_parameters_and_quoted_numbers() -> None:
    assert kept("INCLUDE ItemID WHERE Items.PRICE < 10") == ["i3"]
    assert kept("INCLUDE ItemID WHERE Items.PRICE <= $PRICE", {"PRICE": "10"}) == ["i1", "i3"]
    assert kept("INCLUDE ItemID WHERE Items.PRICE >= $PRICE", {"PRICE": '"10"'}) == ["i1", "i2"]
    assert kept("EXCLUDE ItemID WHERE Items.PRICE = 20") == ["i1", "i3", "i4"]


def test_and_binds_before_or() -> None:
    expression = 'INCLUDE ItemID WHERE Items.GENRES IN ("Horror") OR Items.STUDIO IN ("north") AND Items.PRICE > 6'
    assert kept(expression) == ["i1", "i2"]  # Horror, or (north and above 6); i3 is north at 5.5


def test_interactions_filters_read_the_users_events_ignoring_event_type_case() -> None:
    clicked = events(("i2", "CLICK"), ("i3", "stream"))
    assert kept('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")', interactions=clicked) == ["i1", "i3", "i4"]
    assert kept('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")', interactions=clicked) == ["i2", "i3"]
    not_clicked = kept('INCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("click")', interactions=clicked)
    assert not_clicked == ["i3"]  # items of the user's interactions of other event types


def test_a_filter_considers_the_100_most_recent_interactions_of_each_event_type() -> None:
    history = events(("i1", "click"), *((f"other{n}", "click") for n in range(100)), ("i2", "buy"))
    assert kept('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "buy")', interactions=history) == [
        "i1",  # the 101st most recent click
        "i3",
        "i4",
    ]


def test_combined_expressions_include_the_union_less_the_excluded() -> None:
    clicked = events(("i1", "click"))
    expression = (
        "INCLUDE ItemID WHERE Items.GENRES IN ($GENRE) | "
        'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click") | INCLUDE ItemID WHERE Items.PRICE > 15'
    )
    assert kept(expression, {"GENRE": '"Drama"'}, interactions=clicked) == ["i2", "i3"]


def test_a_missing_parameter_drops_an_exclude_expression_and_refuses_an_include() -> None:
    assert kept("EXCLUDE ItemID WHERE Items.GENRES IN ($GENRE)") == ["i1", "i2", "i3", "i4"]
    expression = 'EXCLUDE ItemID WHERE Items.GENRES IN ($GENRE) | EXCLUDE ItemID WHERE Items.STUDIO IN ("south")'
    assert kept(expression) == ["i1", "i3", "i4"]
    with pytest.raises(FilterValueError, match=r"filterValues has no GENRE: expression 2 INCLUDEs by \$GENRE"):
        kept("EXCLUDE ItemID WHERE Items.PRICE > 1 | INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)")
    with pytest.raises(FilterValueError, match="has no GENRE"):
        kept("INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)", {"genre": '"Drama"'})  # names match in case


def test_an_if_part_applies_the_expression_only_to_users_who_meet_it() -> None:
    expression = 'INCLUDE ItemID WHERE Items.STUDIO IN ("north") IF CurrentUser.AGE > 18'
    assert kept(expression, user="adult") == ["i1", "i3"]
    assert kept(expression, user="child") == ["i1", "i2", "i3", "i4"]
    assert kept(expression, user="stranger") == ["i1", "i2", "i3", "i4"]
    assert kept(expression) == ["i1", "i2", "i3", "i4"]
    not_one = 'INCLUDE ItemID WHERE Items.STUDIO IN ("north") IF CurrentUser.AGE NOT IN ("1")'
    assert kept(not_one, user="stranger") == ["i1", "i2", "i3", "i4"]  # no record: no IF condition is met
    assert kept(not_one, user="child") == ["i1", "i3"]
    premium = "EXCLUDE ItemID WHERE Items.PRICE > 8 IF CurrentUser.MEMBERSHIP = $LEVEL AND CurrentUser.AGE >= 30"
    assert kept(premium, {"LEVEL": '"Premium"'}, user="adult") == ["i3", "i4"]
    assert kept(premium, {"LEVEL": '"Basic"'}, user="adult") == ["i1", "i2", "i3", "i4"]


def test_current_item_compares_with_the_item_of_a_related_items_request() -> None:
    expression = "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.STUDIO IN CurrentItem.STUDIO"
    assert kept(expression, current="i1") == ["i3"]
    assert kept(expression, current="i4") == []  # the current item has no such fields
    with pytest.raises(FilterValueError, match=r"CurrentItem\.PRICE: it needs the itemId of a related-items request"):
        kept(expression)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"PRICE": '"1", "2"'}, r"\$PRICE is compared with <=: it takes one value, not 2"),
        ({"PRICE": '"cheap"'}, r"\$PRICE is compared with <=: it takes a number, not 'cheap'"),
    ],
)
def test_comparison_values_are_one_number(values: dict[str, str], message: str) -> None:
    with pytest.raises(FilterValueError, match=message):
        kept("INCLUDE ItemID WHERE Items.PRICE <= $PRICE", values)


def test_filter_values_format() -> None:
    assert parse_filter_values({"GENRES": '"comedy","drama", "horror"', "PRICE": "10", "ONE": '"a, b"'}) == {
        "GENRES": ("comedy", "drama", "horror"),
        "PRICE": ("10",),
        "ONE": ("a, b",),
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({f"P{n}": '"x"' for n in range(26)}, "filterValues has 26 entries; at most 25"),
        ({"BAD-KEY": '"x"'}, "key 'BAD-KEY' is not 1 to 50 letters"),
        ({"P" * 51: '"x"'}, "is not 1 to 50 letters"),
        ({"P": '"' + "x" * 999 + '"'}, "filterValues\\['P'\\] has 1,001 characters; at most 1,000"),
        ({"P": '"comedy'}, "not comma-separated values, each double-quoted"),
        ({"P": '"a",,"b"'}, "at character 5"),
        ({"P": ""}, "at character 1"),
    ],
)
def test_bad_filter_values_are_named(values: dict[str, str], message: str) -> None:
    with pytest.raises(FilterValueError, match=message):
        parse_filter_values(values)


def test_unused_filter_values_are_ignored() -> None:
    assert kept('INCLUDE ItemID WHERE Items.GENRES IN ("Horror")', {"OTHER": '"x"'}) == ["i2"]


def test_only_item_filters_apply_to_items() -> None:
    with pytest.raises(ValueError, match="expression 1 filters UserID"):
        kept("INCLUDE UserID WHERE Users.AGE > 3")
