"""A parsed filter expression applied to candidate items: the ``filterArn`` of GetRecommendations and
GetPersonalizedRanking.

The rules, each with its page in the developer guide or the API reference:

- INCLUDE keeps only the items that meet an expression, EXCLUDE removes them ("Filter expression structure and
  elements"). Expressions joined by ``|``: the items of any INCLUDE expression (every item when there is none), less
  the items of any EXCLUDE expression, whatever their order ("Combining multiple expressions").
- AND binds before OR (chosen: the guide gives no precedence; SQL's).
- An expression with an IF part is used only when the current user (``FilterData.user_id``, read in
  ``FilterData.users``) meets every IF condition ("Item recommendation filter expression examples": "... but only if
  the current user's age is ..."); a user without a record meets none (chosen).
- Items conditions read the item's metadata. A categorical field with several values holds them separated by ``|``
  ("Items dataset schema requirements", item-dataset-requirements.html); IN matches when one of them is listed, NOT IN
  when none is (chosen reading of "matching (or not matching) one or more string values", "Filter expression structure
  and elements"); an item without the field matches NOT IN only (chosen). Strings match exactly: "Amazon Personalize
  ignores case only when matching event types" ("Guidelines and requirements"). Field names are matched ignoring case,
  as the guide writes ``Items.genres`` for a genres field ("Filter expression structure and elements").
- Interactions conditions: an item matches when the user has an interaction with it whose event type matches
  (ignoring case; ``"*"`` matches any), among the user's 100 most recent interactions of each event type ("Filter
  expressions", filter-expressions.html). ``FilterData.user_interactions`` holds the user's interactions, those
  recorded since training included: filters take PutEvents data "within seconds" ("Filtering recommendations and user
  segments", filter.html: Filter updates for new records).
- ``=``, ``<``, ``<=``, ``>``, ``>=`` compare numbers; ``=`` with a value that is not a number compares strings
  (chosen: the guide's ``CurrentUser.MEMBERSHIP = $PREMIUM`` compares a membership level).
- filterValues (API reference, GetRecommendations): at most 25 entries, keys ``[A-Za-z0-9_]`` of 1 to 50 characters,
  values of at most 1,000 characters. A key is a parameter name "in matching case"; a value lists one or more values
  separated by commas, each double-quoted: ``"\\"comedy\\",\\"drama\\""`` ("Filtering real-time recommendations",
  filter-real-time.html); an unquoted one, such as a number, is taken as written (chosen). An INCLUDE expression needs
  a value for each of its parameters; an EXCLUDE expression missing one is not used: "you can omit the filter-values.
  In this case, Amazon Personalize doesn't use that portion of the expression" (the whole expression: chosen reading
  of "portion"). Keys the filter does not use are ignored (chosen: the reference says nothing of them).
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..resources.filter_expression import (
    PARAMETER_NAME,
    Clause,
    Condition,
    CurrentItemField,
    FilterExpression,
    Number,
    Parameter,
    Text,
    Value,
)
from .training import Interaction

__all__ = ["FilterData", "FilterValueError", "item_predicate", "parse_filter_values"]

MAX_FILTER_VALUES: Final = 25  # API reference, GetRecommendations: filterValues map entries
MAX_VALUE_LENGTH: Final = 1000  # ... and each value's length
INTERACTIONS_PER_EVENT_TYPE: Final = 100  # "Filter expressions": the most recent interactions a filter considers

_ONE_VALUE: Final = re.compile(r'\s*(?:"([^"]*)"|([^",]*[^",\s]))\s*(,|$)')
_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "=": operator.eq,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

Record = Mapping[str, Any]
ItemTest = Callable[[str], bool]


@dataclass(frozen=True)
class FilterData:
    """What a filter reads: item and user metadata (field names as in the schemas, e.g. GENRES), and the current
    user's interactions, those recorded since training included; ``user_id`` is the current user, for IF parts."""

    items: Mapping[str, Record]
    users: Mapping[str, Record]
    user_interactions: Sequence[Interaction]
    user_id: str | None = None


class FilterValueError(ValueError):
    """filterValues (or a missing itemId) that the filter cannot use; the service answers InvalidInputException."""


def item_predicate(
    expression: FilterExpression, data: FilterData, filter_values: Mapping[str, str], current_item: str | None
) -> ItemTest:
    """Whether the filter keeps an item, for one request: its filterValues, and the itemId of a related-items
    request (for CurrentItem). FilterValueError for filterValues the filter cannot use; ValueError for a filter of
    actions or users (this applies ItemID filters)."""
    values = parse_filter_values(filter_values)
    context = _Context(data, values, data.items.get(current_item, {}) if current_item is not None else None)
    includes: list[ItemTest] = []
    excludes: list[ItemTest] = []
    for number, clause in enumerate(expression.clauses, start=1):
        if clause.subject != "ItemID":
            raise ValueError(f"expression {number} filters {clause.subject}; item recommendations take ItemID filters")
        missing = [name for name in FilterExpression((clause,)).parameters() if name not in values]
        if missing and clause.action == "INCLUDE":
            raise FilterValueError(
                f"filterValues has no {missing[0]}: expression {number} INCLUDEs by ${missing[0]}, and an INCLUDE "
                "expression needs a value for each of its parameters"
            )
        if missing or not context.user_meets(clause):
            continue
        (includes if clause.action == "INCLUDE" else excludes).append(context.clause_test(clause))

    def allowed(item_id: str) -> bool:
        if includes and not any(test(item_id) for test in includes):
            return False
        return not any(test(item_id) for test in excludes)

    return allowed


def parse_filter_values(filter_values: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each parameter's values from the request's filterValues; FilterValueError saying what is wrong."""
    if len(filter_values) > MAX_FILTER_VALUES:
        raise FilterValueError(f"filterValues has {len(filter_values)} entries; at most {MAX_FILTER_VALUES}")
    parsed: dict[str, tuple[str, ...]] = {}
    for key, text in filter_values.items():
        if not PARAMETER_NAME.fullmatch(key):
            raise FilterValueError(f"filterValues key {key!r} is not 1 to 50 letters, digits or _ (a parameter name)")
        if len(text) > MAX_VALUE_LENGTH:
            raise FilterValueError(f"filterValues[{key!r}] has {len(text):,} characters; at most {MAX_VALUE_LENGTH:,}")
        parsed[key] = _split_values(key, text)
    return parsed


def _split_values(key: str, text: str) -> tuple[str, ...]:
    values: list[str] = []
    at = 0
    while True:
        match = _ONE_VALUE.match(text, at)
        if match is None:
            raise FilterValueError(
                f'filterValues[{key!r}] is not comma-separated values, each double-quoted like "\\"comedy\\"" '
                f"(at character {at + 1} of {text!r})"
            )
        values.append(match.group(1) if match.group(1) is not None else match.group(2))
        if not match.group(3):
            return tuple(values)
        at = match.end()


class _Context:
    """One request's filterValues, current item and current user, and the tests built from them."""

    def __init__(self, data: FilterData, values: Mapping[str, tuple[str, ...]], current: Record | None) -> None:
        self._data = data
        self._values = values
        self._current = current  # the current item's record; None when the request names no item
        self._user = data.users.get(data.user_id) if data.user_id is not None else None

    def user_meets(self, clause: Clause) -> bool:
        """Whether the current user meets the clause's IF part; a user without a record meets none (chosen)."""
        if not clause.current_user:
            return True
        user = self._user
        return user is not None and all(self.record_test(condition)(user) for condition in clause.current_user)

    def clause_test(self, clause: Clause) -> ItemTest:
        """The clause's WHERE: its conditions, AND binding before OR."""
        groups: list[list[ItemTest]] = [[]]
        for position, condition in enumerate(clause.conditions):
            if position and clause.joiners[position - 1] == "OR":
                groups.append([])
            groups[-1].append(self._condition_test(condition))
        return lambda item_id: any(all(test(item_id) for test in group) for group in groups)

    def _condition_test(self, condition: Condition) -> ItemTest:
        if condition.dataset == "Interactions":
            interacted = self._interacted(condition)
            return interacted.__contains__
        record_test = self.record_test(condition)
        items = self._data.items
        return lambda item_id: record_test(items.get(item_id))

    def _interacted(self, condition: Condition) -> frozenset[str]:
        """The items of the user's considered interactions whose event type meets the condition."""
        wanted = {text.lower() for text in self._texts(condition.values)}
        negate = condition.operator == "NOT IN"
        by_type: defaultdict[str, list[Interaction]] = defaultdict(list)
        for each in self._data.user_interactions:
            by_type[each.event_type.lower()].append(each)
        chosen: set[str] = set()
        for event_type, events in by_type.items():
            if ("*" in wanted or event_type in wanted) != negate:
                latest = sorted(events, key=lambda each: each.timestamp)[-INTERACTIONS_PER_EVENT_TYPE:]
                chosen.update(each.item_id for each in latest)
        return frozenset(chosen)

    def record_test(self, condition: Condition) -> Callable[[Record | None], bool]:
        """The condition on one record's field (an item's, or the current user's for an IF condition)."""
        field = condition.field
        if condition.operator in ("IN", "NOT IN"):
            wanted = frozenset(self._texts(condition.values))
            negate = condition.operator == "NOT IN"
            return lambda record: bool(_field_texts(record, field) & wanted) != negate
        compare = _COMPARE[condition.operator]
        target = self._comparand(condition)
        if target is None:
            return lambda record: False
        if isinstance(target, str):  # = with a string
            return lambda record: target in _field_texts(record, field)
        return lambda record: (value := _number(_field(record, field))) is not None and compare(value, target)

    def _texts(self, values: tuple[Value, ...]) -> list[str]:
        texts: list[str] = []
        for value in values:
            if isinstance(value, Text):
                texts.append(value.value)
            elif isinstance(value, Number):
                texts.append(value.text)
            elif isinstance(value, Parameter):
                texts.extend(self._values[value.name])
            else:
                texts.extend(_field_texts(self._current_item(value), value.field))
        return texts

    def _comparand(self, condition: Condition) -> float | str | None:
        """The one value a comparison compares with: a number, or a string for =; None matches nothing."""
        (value,) = condition.values
        if isinstance(value, Number):
            return value.value
        if isinstance(value, CurrentItemField):
            return _number(_field(self._current_item(value), value.field))
        assert isinstance(value, Parameter)  # the parser gives comparisons no Text
        given = self._values[value.name]
        if len(given) != 1:
            raise FilterValueError(
                f"${value.name} is compared with {condition.operator}: it takes one value, not {len(given)}"
            )
        number = _number(given[0])
        if number is None and condition.operator != "=":
            raise FilterValueError(
                f"${value.name} is compared with {condition.operator}: it takes a number, not {given[0]!r}"
            )
        return given[0] if number is None else number

    def _current_item(self, value: CurrentItemField) -> Record:
        if self._current is None:
            raise FilterValueError(
                f"this filter compares with CurrentItem.{value.field}: it needs the itemId of a related-items request"
            )
        return self._current


def _field(record: Record | None, name: str) -> Any:
    """The record's value of field ``name``, its name matched ignoring case; None when it has none."""
    if record is None:
        return None
    if name in record:
        return record[name]
    folded = name.casefold()
    return next((value for key, value in record.items() if key.casefold() == folded), None)


def _field_texts(record: Record | None, name: str) -> frozenset[str]:
    """A field's values as strings: a categorical string split at ``|``, a number as written in an expression."""
    value = _field(record, name)
    if value is None or isinstance(value, bool):  # filters do not read booleans ("Guidelines and requirements")
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.split("|"))
    if isinstance(value, float) and value.is_integer():
        return frozenset((str(int(value)),))
    return frozenset((str(value),))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
