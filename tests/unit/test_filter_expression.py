"""The filter expression grammar: the developer guide's examples parse, and each kind of mistake is named with its
position."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pulumi_personalize.resources.filter_expression import (
    MAX_LENGTH,
    Clause,
    Condition,
    CurrentItemField,
    FilterExpression,
    FilterExpressionError,
    Number,
    Parameter,
    Text,
    parse,
    problem,
)

# The guide's examples, as printed: "Item recommendation filter expression examples", "User segment filter
# expressions", "Action recommendation filter expression examples", "Combining multiple expressions", an earlier
# "Filter expressions" page (the "*" and NUMBER_OF_DOWNLOADS examples) and the CreateFilter reference's lower-case one.
DOCUMENTED = [
    "EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($EVENT_TYPE)",
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "stream")',
    'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
    'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")',
    "EXCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY)",
    "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.GENRE IN CurrentItem.GENRE",
    'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("shoe") AND Items.CATEGORY_L2 NOT IN ("boot")',
    'EXCLUDE ItemID WHERE Items.CATEGORY IN ("shoe") AND Items.DESCRIPTION NOT IN ("boot")',
    "INCLUDE ItemID WHERE Items.PRICE <= $PRICE",
    "INCLUDE ItemID WHERE Items.CREATION_TIMESTAMP < $DATE",
    "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)",
    "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.CREATION_TIMESTAMP > $DATE",
    "INCLUDE ItemID WHERE Items.NUMBER_OF_DOWNLOADS < 20",
    "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) IF CurrentUser.AGE = $AGE",
    'INCLUDE ItemID WHERE Items.CATEGORY IN ("watch") AND Items.DESCRIPTION IN ("luxury") IF CurrentUser.AGE > 18',
    "EXCLUDE ItemID WHERE Items.NUMBER_OF_DOWNLOADS < 20 IF CurrentUser.AGE > 18 AND CurrentUser.AGE < 30",
    "INCLUDE UserID WHERE Users.MEMBERSHIP_STATUS IN ($MEMBERSHIP)",
    "EXCLUDE UserID WHERE Users.AGE < $AGE",
    'INCLUDE UserID WHERE Interactions.EVENT_TYPE IN ("click, rating")',
    "EXCLUDE UserID WHERE Interactions.EVENT_TYPE IN ($EVENT_TYPE)",
    "INCLUDE ActionID WHERE Action_Interactions.EVENT_TYPE IN ($EVENT_TYPE)",
    'EXCLUDE ActionID WHERE Action_Interactions.EVENT_TYPE IN ("NOT_TAKEN")',
    "EXCLUDE ActionID WHERE Actions.CATEGORY IN ($CATEGORY)",
    "INCLUDE ActionID WHERE Actions.VALUE > ($VALUE)",
    "EXCLUDE ActionID WHERE Actions.VALUE < ($VALUE) IF CurrentUser.MEMBERSHIP = $PREMIUM",
    'INCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY) | INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("favorite")',
    "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) | "
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "stream")',
    'INCLUDE ItemID WHERE Items.GENRE IN ("drama") | '
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "stream")',
    'EXCLUDE itemId WHERE INTERACTIONS.event_type in ("EVENT_TYPE")',
]


@pytest.mark.parametrize("expression", DOCUMENTED)
def test_documented_examples_parse(expression: str) -> None:
    assert problem(expression) is None
    assert parse(expression).clauses


def test_the_guides_misspelt_action_dataset_is_refused_by_name() -> None:
    """The guide's "Action recommendation filter expression examples" prints ``Action.MEMBERSHIP_LEVEL``; the
    dataset is Actions, so the emulator refuses the misspelling (chosen) and names the datasets."""
    expression = 'INCLUDE ActionID WHERE Action.MEMBERSHIP_LEVEL IN ("Premium") IF CurrentUser.MEMBERSHIP = $PREMIUM'
    message = problem(expression)
    assert message is not None
    assert message.startswith(f'at character {expression.index("Action.") + 1}: unknown dataset "Action"')
    assert "Actions" in message


def test_a_filter_parses_into_typed_clauses() -> None:
    expression = parse(
        'include ItemID where Items.GENRE in ($GENRE) AND items.PRICE <= 12.5 OR Items.STUDIO NOT IN ("A", "B") '
        'IF CurrentUser.AGE > 18 | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")'
    )
    assert expression == FilterExpression(
        (
            Clause(
                "INCLUDE",
                "ItemID",
                (
                    Condition("Items", "GENRE", "IN", (Parameter("GENRE"),)),
                    Condition("Items", "PRICE", "<=", (Number(12.5, "12.5"),)),
                    Condition("Items", "STUDIO", "NOT IN", (Text("A"), Text("B"))),
                ),
                ("AND", "OR"),
                (Condition("CurrentUser", "AGE", ">", (Number(18.0, "18"),)),),
            ),
            Clause("EXCLUDE", "ItemID", (Condition("Interactions", "EVENT_TYPE", "IN", (Text("*"),)),), (), ()),
        )
    )


def test_current_item_values() -> None:
    (clause,) = parse(DOCUMENTED[5]).clauses
    assert [condition.values for condition in clause.conditions] == [
        (CurrentItemField("PRICE"),),
        (CurrentItemField("GENRE"),),
    ]


def test_parameters_in_order_of_first_use_without_dollar() -> None:
    expression = parse(
        "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) AND Items.PRICE < $PRICE IF CurrentUser.AGE > $AGE"
        " | EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) AND Items.YEAR > $year_1"
    )
    assert expression.parameters() == ("GENRE", "PRICE", "AGE", "year_1")


@dataclass(frozen=True)
class Mistake:
    expression: str
    fragment: str  # the error is at this fragment's ``occurrence``-th appearance
    reason: str  # a part of the message
    occurrence: int = 1

    def position(self) -> int:
        at = -1
        for _ in range(self.occurrence):
            at = self.expression.index(self.fragment, at + 1)
        return at + 1


FIVE_FIELDS = " AND ".join(f'Items.F{n} IN ("x")' for n in range(1, 6))

MISTAKES = [
    Mistake('INCLUDE ItemID WHERE Items.GENRE INN ("x")', "INN", "expected IN, NOT IN or a comparison"),
    Mistake('INCLUD ItemID WHERE Items.GENRE IN ("x")', "INCLUD", 'expected INCLUDE or EXCLUDE, found "INCLUD"'),
    Mistake('INCLUDE Item WHERE Items.GENRE IN ("x")', "Item", "expected ItemID, ActionID or UserID"),
    Mistake('INCLUDE ItemID Items.GENRE IN ("x")', "Items", "expected WHERE after ItemID"),
    Mistake('INCLUDE ItemID WHERE Item.GENRE IN ("x")', "Item.", 'unknown dataset "Item"'),
    Mistake('INCLUDE ItemID WHERE GENRE IN ("x")', "IN (", "expected a . and a field name after GENRE"),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ("x" "y")', '"y"', 'expected "," or ")"'),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ("x") AND 3', "3", "expected a Dataset.FIELD"),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ("x") ORR', "ORR", 'expected AND, OR, IF, "|" or the end'),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ("x)', '"x)', "a string that is never closed"),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ("x") & Items.A IN ("y")', "&", 'unexpected character "&"'),
    Mistake("INCLUDE ItemID WHERE Items.PRICE != 3", "!=", 'no "!="; use NOT IN'),
    Mistake('INCLUDE ItemID WHERE Items.PRICE < "3"', '"3"', "< compares numbers"),
    Mistake("INCLUDE ItemID WHERE Items.GENRE IN ($)", "$", "a parameter is $ and 1 to 50"),
    Mistake(f"INCLUDE ItemID WHERE Items.GENRE IN (${'P' * 51})", "$", "a parameter is $ and 1 to 50"),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ($A, "x")', "Items", "stands alone in its list"),
    Mistake('INCLUDE ItemID WHERE Items.GENRE IN ("*")', "Items", '"*" stands alone, for the EVENT_TYPE'),
    Mistake('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*", "click")', "Inter", '"*" stands alone'),
    Mistake('INCLUDE ItemID WHERE Interactions.ITEM_ID IN ("x")', "Inter", "filtered on EVENT_TYPE IN or NOT IN only"),
    Mistake('INCLUDE ItemID WHERE Items.G IN ("x") AND Interactions.EVENT_TYPE IN ("y")', "Inter", "dataset of the"),
    Mistake("INCLUDE ItemID WHERE Users.AGE > 3", "Users", "a WHERE of ItemID reads Items or Interactions"),
    Mistake("INCLUDE ItemID WHERE CurrentUser.AGE > 3", "CurrentUser", "CurrentUser is checked in an IF part"),
    Mistake('INCLUDE ActionID WHERE Items.GENRE IN ("x")', "Items", "a WHERE of ActionID reads Actions or"),
    Mistake('INCLUDE ItemID WHERE Items.G IN ("x") IF Items.AGE > 3', "Items.AGE", "checks CurrentUser fields only"),
    Mistake('INCLUDE ItemID WHERE Items.G IN ("x") IF CurrentUser.A > 3 OR CurrentUser.B > 3', "OR", "AND only"),
    Mistake('INCLUDE ItemID WHERE Items.G IN ("x") IF CurrentUser.A > 3 IF CurrentUser.B > 3', "IF", "AND only", 2),
    Mistake('INCLUDE ItemID WHERE Items.G IN ("x") IF CurrentUser.A IN CurrentItem.A', "CurrentUser", "CurrentItem"),
    Mistake("INCLUDE UserID WHERE Users.G IN CurrentItem.G", "Users", "CurrentItem compares with Items fields"),
    Mistake('INCLUDE ItemID WHERE Items.G IN ("x") | INCLUDE UserID WHERE Users.A > 1', "UserID", "the same subject"),
    Mistake("INCLUDE ItemID WHERE Items.G IN (Items.H)", "Items.H", "not Items.H"),
    Mistake("INCLUDE ItemID WHERE Items.G IN ()", ")", "expected a value"),
    Mistake(
        f'INCLUDE ItemID WHERE {FIVE_FIELDS} AND Items.F6 IN ("x")', "Items.F6", "at most 5 distinct dataset fields"
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[mistake.expression for mistake in MISTAKES])
def test_each_mistake_is_named_at_its_position(mistake: Mistake) -> None:
    with pytest.raises(FilterExpressionError) as raised:
        parse(mistake.expression)
    assert raised.value.position == mistake.position(), str(raised.value)
    assert str(raised.value) == f"at character {mistake.position()}: {raised.value.reason}"
    assert mistake.reason in raised.value.reason


def test_the_example_message_reads_as_documented() -> None:
    message = problem('INCLUDE ItemID WHERE Items.GENRE INN ("x")')
    assert message == (
        'at character 34: expected IN, NOT IN or a comparison (=, <, <=, >, >=) after Items.GENRE, found "INN"'
    )


def test_the_end_of_the_expression_is_named() -> None:
    expression = "INCLUDE ItemID WHERE Items.GENRE IN"
    assert problem(expression) == (
        f'at character {len(expression) + 1}: expected a value: "a string", a number, a $parameter or '
        "CurrentItem.FIELD, found the end of the expression"
    )


def test_five_distinct_fields_are_allowed_and_repeats_count_once() -> None:
    assert problem(f'INCLUDE ItemID WHERE {FIVE_FIELDS} AND items.f1 NOT IN ("y")') is None
    # CurrentUser.F is a Users field, CurrentItem.F an Items field: the sixth distinct one is refused.
    five = 'INCLUDE ItemID WHERE Items.A IN ("x") AND Items.B IN ("x") AND Items.C < CurrentItem.D IF CurrentUser.E > 1'
    assert problem(five) is None
    assert "at most 5" in (problem(five + " AND CurrentUser.F > 1") or "")


def test_length_limits_of_create_filter() -> None:
    head, tail = 'INCLUDE ItemID WHERE Items.GENRE IN ("', '")'
    longest = head + "a" * (MAX_LENGTH - len(head) - len(tail)) + tail
    assert len(longest) == MAX_LENGTH
    assert problem(longest) is None
    assert (
        problem(longest[:-2] + 'a")')
        == "at character 2501: a filter expression has at most 2,500 characters; this one has 2,501"
    )
    assert problem("") == "at character 1: the filter expression is empty"
    assert problem("   ") == "at character 1: the filter expression is empty"


def test_keywords_ignore_case_and_come_back_in_the_guides_spelling() -> None:
    (clause,) = parse('exclude ITEMID Where ITEMS.Genre Not In ("x") if currentuser.age >= 3').clauses
    assert (clause.action, clause.subject) == ("EXCLUDE", "ItemID")
    assert clause.conditions == (Condition("Items", "Genre", "NOT IN", (Text("x"),)),)
    assert clause.current_user == (Condition("CurrentUser", "age", ">=", (Number(3.0, "3"),)),)


def test_negative_and_decimal_numbers() -> None:
    (clause,) = parse("INCLUDE ItemID WHERE Items.SCORE > -1.5").clauses
    assert clause.conditions[0].values == (Number(-1.5, "-1.5"),)
