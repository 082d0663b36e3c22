"""Amazon Personalize filter expressions: parsed into typed clauses, or a message saying what is wrong and where.

The grammar is the developer guide's ("Filter expression structure and elements", creating-filter-expressions.html;
"Filter expression examples", filter-expression-examples.html; "Combining multiple expressions",
multiple-expression-example.html)::

    filter     := expression ( "|" expression )*
    expression := (INCLUDE | EXCLUDE) (ItemID | UserID | ActionID) WHERE condition ( (AND | OR) condition )*
                  [ IF user-cond ( AND user-cond )* ]
    condition  := Dataset.FIELD ( [NOT] IN list | op scalar )
    user-cond  := CurrentUser.FIELD ( [NOT] IN list | op scalar )
    list       := "(" value ( "," value )* ")" | CurrentItem.FIELD
    scalar     := value | "(" value ")"                 e.g. ``Actions.VALUE > ($VALUE)`` (action examples)
    value      := "string" | number | $PARAMETER | CurrentItem.FIELD
    op         := = | < | <= | > | >=

Rules, each from the guide:

- ``INCLUDE``/``EXCLUDE`` then ``ItemID`` (item recommendations), ``ActionID`` (action recommendations) or ``UserID``
  (user segments), then ``WHERE`` ("Filter expression structure and elements"). The subject decides the datasets a
  ``WHERE`` may read: Items or Interactions for ItemID, Actions or Action_Interactions for ActionID, Users or
  Interactions for UserID (the datasets of each kind's examples, "Filter expression examples").
- Conditions chained with AND or OR "can only affect fields of the dataset used in the first condition"; items and
  interactions (or actions and interactions) take two expressions joined by ``|`` ("Filter expression structure and
  elements"; "Guidelines and requirements", filter-expression-guidelines-requirements.html).
- Interactions data is filtered "only based on event type" ("Guidelines and requirements"), so Interactions and
  Action_Interactions conditions are ``EVENT_TYPE IN``/``NOT IN``; ``"*"`` (all event types) is for ``EVENT_TYPE`` only
  ("Filter expression structure and elements": Asterisk).
- ``IF`` checks ``CurrentUser`` only, once, at the end, extended with AND only; ``CurrentItem`` is for related-items
  recommendations, so for ItemID filters ("Filter expression structure and elements").
- ``IN``/``NOT IN`` match strings; ``=``, ``<``, ``<=``, ``>``, ``>=`` test numbers ("Filter expression structure and
  elements": Comparison operators). The guide has no ``!=``: it is refused with a pointer to ``NOT IN``.
- A ``$PARAMETER`` stands alone in its list: "You cannot add comma-separated parameters to a filter" ("Filtering
  real-time recommendations", filter-real-time.html, Expression builder). Its name is what GetRecommendations
  ``filterValues`` keys allow: ``[A-Za-z0-9_]+``, at most 50 characters (API reference, GetRecommendations).
- At most 5 distinct dataset fields a filter, over all its expressions ("Amazon Personalize endpoints and quotas",
  limits.html: Filters; "Guidelines and requirements"). ``CurrentUser.F`` counts as the Users field F and
  ``CurrentItem.F`` as the Items field F (chosen: they are those datasets' fields).
- 1 to 2,500 characters (API reference, CreateFilter: filterExpression length constraints).

Keyword case: the guide never says. Its examples write keywords in upper case, but the CreateFilter reference once gave
``EXCLUDE itemId WHERE INTERACTIONS.event_type in ("EVENT_TYPE")``, so keywords, subjects and dataset names are read
case-insensitively (chosen) and returned in the guide's spelling; field names are kept as written. Strings are
double-quoted with no escapes (the guide shows none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "MAX_DISTINCT_FIELDS",
    "MAX_LENGTH",
    "PARAMETER_NAME",
    "Clause",
    "Condition",
    "CurrentItemField",
    "FilterExpression",
    "FilterExpressionError",
    "Number",
    "Parameter",
    "Text",
    "Value",
    "parse",
    "problem",
]

MAX_LENGTH: Final = 2500  # API reference, CreateFilter: filterExpression
MAX_DISTINCT_FIELDS: Final = 5  # "Amazon Personalize endpoints and quotas": distinct dataset fields for a filter
MAX_PARAMETER_NAME: Final = 50  # API reference, GetRecommendations: filterValues key length
# ... and its key pattern: a parameter is named as filterValues keys are.
PARAMETER_NAME: Final = re.compile(rf"[A-Za-z0-9_]{{1,{MAX_PARAMETER_NAME}}}")

Action = Literal["INCLUDE", "EXCLUDE"]
Subject = Literal["ItemID", "UserID", "ActionID"]


@dataclass(frozen=True)
class Text:
    """A double-quoted string; ``Text("*")`` is the all-event-types asterisk."""

    value: str


@dataclass(frozen=True)
class Number:
    value: float
    text: str  # as written, so a number in an IN list matches the data's spelling of it


@dataclass(frozen=True)
class Parameter:
    """A ``$NAME`` placeholder, given a value at request time (filterValues); ``name`` is without the ``$``."""

    name: str


@dataclass(frozen=True)
class CurrentItemField:
    """``CurrentItem.FIELD``: that field of the item a related-items request names."""

    field: str


Value = Text | Number | Parameter | CurrentItemField


@dataclass(frozen=True)
class Condition:
    """``dataset.field operator values``; ``dataset`` is ``CurrentUser`` for the conditions of an IF part."""

    dataset: str
    field: str
    operator: str  # IN, NOT IN, =, <, <=, >, >=
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Clause:
    """One expression of a filter; ``joiners[i]`` (AND or OR) joins ``conditions[i]`` and ``conditions[i + 1]``."""

    action: Action
    subject: Subject
    conditions: tuple[Condition, ...]
    joiners: tuple[str, ...]
    current_user: tuple[Condition, ...]


@dataclass(frozen=True)
class FilterExpression:
    clauses: tuple[Clause, ...]

    def parameters(self) -> tuple[str, ...]:
        """The placeholder names (without ``$``) in order of first use."""
        names = (
            value.name
            for clause in self.clauses
            for condition in (*clause.conditions, *clause.current_user)
            for value in condition.values
            if isinstance(value, Parameter)
        )
        return tuple(dict.fromkeys(names))


class FilterExpressionError(ValueError):
    """What is wrong with an expression, and the 1-based character where it is."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"at character {position}: {reason}")
        self.position = position
        self.reason = reason


def parse(expression: str) -> FilterExpression:
    """The expression's clauses; FilterExpressionError names the first thing wrong and where it is."""
    if not expression.strip():
        raise FilterExpressionError(1, "the filter expression is empty")
    if len(expression) > MAX_LENGTH:
        raise FilterExpressionError(
            MAX_LENGTH + 1,
            f"a filter expression has at most {MAX_LENGTH:,} characters; this one has {len(expression):,}",
        )
    return _Parser(_tokens(expression)).filter()


def problem(expression: str) -> str | None:
    """None when the expression is valid, else what is wrong and where (for ``pulumi preview``)."""
    try:
        parse(expression)
    except FilterExpressionError as error:
        return str(error)
    return None


# -- tokens ---------------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<string>"[^"]*")
    |(?P<unterminated>")
    |(?P<number>-?\d+(?:\.\d+)?(?![\w.]))
    |(?P<param>\$\w*)
    |(?P<word>[A-Za-z_]\w*)
    |(?P<op><=|>=|!=|=|<|>)
    |(?P<punct>[().,|])""",
    re.VERBOSE | re.ASCII,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # string, number, param, word, op, punct, end
    text: str
    position: int  # 1-based

    def describe(self) -> str:
        return "the end of the expression" if self.kind == "end" else f'"{self.text}"'


def _tokens(expression: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    while at < len(expression):
        match = _TOKEN.match(expression, at)
        if match is None or match.lastgroup == "unterminated":
            what = "a string that is never closed" if match else f'unexpected character "{expression[at]}"'
            raise FilterExpressionError(at + 1, what)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group(), at + 1))
        at = match.end()
    tokens.append(_Token("end", "", len(expression) + 1))
    return tokens


# -- parser ---------------------------------------------------------------------------------------------------------

_ACTIONS: Final[dict[str, Action]] = {"INCLUDE": "INCLUDE", "EXCLUDE": "EXCLUDE"}
_SUBJECTS: Final[dict[str, Subject]] = {"ITEMID": "ItemID", "USERID": "UserID", "ACTIONID": "ActionID"}
_DATASETS: Final = {name.upper(): name for name in ("Items", "Interactions", "Users", "Actions", "Action_Interactions")}
_WHERE_DATASETS: Final[dict[Subject, tuple[str, ...]]] = {
    "ItemID": ("Items", "Interactions"),
    "ActionID": ("Actions", "Action_Interactions"),
    "UserID": ("Users", "Interactions"),
}
_INTERACTIONS: Final = ("Interactions", "Action_Interactions")
_COMPARISONS: Final = ("=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class _Reference:
    dataset: str  # canonical spelling, or CurrentUser / CurrentItem
    field: str
    token: _Token  # where the reference starts

    def __str__(self) -> str:
        return f"{self.dataset}.{self.field}"


class _Cursor:
    """The token stream: where the parser is, and taking what it expects."""

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._at = 0

    def _peek(self) -> _Token:
        return self._tokens[self._at]

    def _take(self) -> _Token:
        token = self._tokens[self._at]
        self._at = min(self._at + 1, len(self._tokens) - 1)  # the end token stays
        return token

    def _close(self) -> None:
        token = self._take()
        if token.text != ")":
            raise _expected(token, '"," or ")"')

    def _keyword(self, words: tuple[str, ...], expected: str) -> str:
        token = self._take()
        word = _word_of(token, words)
        if word is None:
            raise _expected(token, expected)
        return word


def _word_of(token: _Token, words: tuple[str, ...]) -> str | None:
    """The keyword (upper case) if ``token`` is one of ``words`` in any case."""
    upper = token.text.upper()
    return upper if token.kind == "word" and upper in words else None


def _error(token: _Token, reason: str) -> FilterExpressionError:
    return FilterExpressionError(token.position, reason)


def _expected(token: _Token, what: str) -> FilterExpressionError:
    return FilterExpressionError(token.position, f"expected {what}, found {token.describe()}")


class _Terms(_Cursor):
    """The parts of a condition: Dataset.FIELD references (counted against the field limit), operators, values."""

    def __init__(self, tokens: list[_Token]) -> None:
        super().__init__(tokens)
        self._fields: dict[tuple[str, str], None] = {}  # distinct (dataset, FIELD), in order of use

    def _reference(self, start: _Token | None = None) -> _Reference:
        """A Dataset.FIELD, from ``start`` when the caller has taken its first word already."""
        start = start or self._take()
        if start.kind != "word":
            raise _expected(start, "a Dataset.FIELD such as Items.GENRE")
        dot = self._take()
        if dot.text != ".":
            raise _expected(dot, f"a . and a field name after {start.text}")
        field = self._take()
        if field.kind != "word":
            raise _expected(field, f"a field name after {start.text}.")
        special = {"CURRENTUSER": "CurrentUser", "CURRENTITEM": "CurrentItem"}.get(start.text.upper())
        dataset = special or _DATASETS.get(start.text.upper())
        if dataset is None:
            known = ", ".join((*_DATASETS.values(), "CurrentUser", "CurrentItem"))
            raise _error(start, f'unknown dataset "{start.text}"; the datasets are {known}')
        reference = _Reference(dataset, field.text, start)
        self._count_field(reference)
        return reference

    def _count_field(self, reference: _Reference) -> None:
        dataset = {"CurrentUser": "Users", "CurrentItem": "Items"}.get(reference.dataset, reference.dataset)
        self._fields[(dataset, reference.field.upper())] = None
        if len(self._fields) > MAX_DISTINCT_FIELDS:
            raise _error(
                reference.token,
                f"a filter uses at most {MAX_DISTINCT_FIELDS} distinct dataset fields; {reference} is the "
                f"{len(self._fields)}th",
            )

    def _operator(self, reference: _Reference) -> str:
        token = self._take()
        word = _word_of(token, ("IN", "NOT"))
        if word == "NOT":
            self._keyword(("IN",), "IN after NOT")
            return "NOT IN"
        if word == "IN" or (token.kind == "op" and token.text in _COMPARISONS):
            return word or token.text
        if token.text == "!=":
            raise _error(token, 'filter expressions have no "!="; use NOT IN ("...") to exclude values')
        raise _expected(token, f"IN, NOT IN or a comparison (=, <, <=, >, >=) after {reference}")

    def _list(self) -> tuple[Value, ...]:
        if self._peek().text != "(":
            return (self._value(),)  # IN CurrentItem.GENRE, as in "Item recommendation filter expression examples"
        self._take()
        values = [self._value()]
        while self._peek().text == ",":
            self._take()
            values.append(self._value())
        self._close()
        return tuple(values)

    def _scalar(self, reference: _Reference, operator: str) -> Value:
        opened = self._peek().text == "("
        if opened:
            self._take()
        token = self._peek()
        value = self._value()
        if isinstance(value, Text):
            raise _error(token, f'{operator} compares numbers; use {reference} IN ("{value.value}") to match a string')
        if opened:
            self._close()
        return value

    def _value(self) -> Value:
        token = self._take()
        if token.kind == "string":
            return Text(token.text[1:-1])
        if token.kind == "number":
            return Number(float(token.text), token.text)
        if token.kind == "param":
            name = token.text[1:]
            if not PARAMETER_NAME.fullmatch(name):
                raise _error(
                    token,
                    f"a parameter is $ and 1 to {MAX_PARAMETER_NAME} letters, digits or _; found {token.describe()}",
                )
            return Parameter(name)
        if token.kind == "word":
            reference = self._reference(token)
            if reference.dataset == "CurrentItem":
                return CurrentItemField(reference.field)
            raise _error(token, f"a value is a string, a number, a $parameter or CurrentItem.FIELD, not {reference}")
        raise _expected(token, 'a value: "a string", a number, a $parameter or CurrentItem.FIELD')


class _Parser(_Terms):
    """Filters, expressions and conditions: the grammar of the module docstring."""

    def __init__(self, tokens: list[_Token]) -> None:
        super().__init__(tokens)
        self._subject: Subject | None = None

    def filter(self) -> FilterExpression:
        clauses = [self._clause()]
        while self._peek().text == "|":
            self._take()
            clauses.append(self._clause())
        end = self._peek()
        if end.kind != "end":
            raise _expected(end, 'AND, OR, IF, "|" or the end of the expression')
        return FilterExpression(tuple(clauses))

    def _clause(self) -> Clause:
        action = _ACTIONS[self._keyword(tuple(_ACTIONS), "INCLUDE or EXCLUDE")]
        subject = self._subject_word()
        self._keyword(("WHERE",), f"WHERE after {subject}")
        conditions = [self._condition(self._reference(), subject)]
        joiners: list[str] = []
        while (joiner := _word_of(self._peek(), ("AND", "OR"))) is not None:
            self._take()
            joiners.append(joiner)
            reference = self._reference()
            if reference.dataset != conditions[0].dataset:
                raise _error(
                    reference.token,
                    f"conditions joined by {joiner} must use the dataset of the first condition "
                    f'({conditions[0].dataset}); found {reference} - chain a second expression with "|" instead',
                )
            conditions.append(self._condition(reference, subject))
        current_user = self._if_part() if _word_of(self._peek(), ("IF",)) else ()
        return Clause(action, subject, tuple(conditions), tuple(joiners), current_user)

    def _subject_word(self) -> Subject:
        token = self._take()
        subject = _SUBJECTS.get(token.text.upper()) if token.kind == "word" else None
        if subject is None:
            raise _expected(token, "ItemID, ActionID or UserID")
        if self._subject is not None and subject != self._subject:
            raise _error(
                token,
                f"every expression of a filter names the same subject: the first names {self._subject}, not {subject}",
            )
        self._subject = subject
        return subject

    def _if_part(self) -> tuple[Condition, ...]:
        self._take()
        conditions = [self._user_condition()]
        while (joiner := _word_of(self._peek(), ("AND", "OR", "IF"))) is not None:
            if joiner != "AND":
                raise _error(self._peek(), f"an IF part is extended with AND only, once at the end; found {joiner}")
            self._take()
            conditions.append(self._user_condition())
        return tuple(conditions)

    def _user_condition(self) -> Condition:
        reference = self._reference()
        if reference.dataset != "CurrentUser":
            raise _error(reference.token, f"an IF part checks CurrentUser fields only; found {reference}")
        return self._condition(reference, None)

    def _condition(self, reference: _Reference, subject: Subject | None) -> Condition:
        """The rest of a condition on ``reference``; ``subject`` None for an IF part's CurrentUser condition."""
        if subject is not None and reference.dataset not in _WHERE_DATASETS[subject]:
            hint = "CurrentUser is checked in an IF part at the end" if reference.dataset == "CurrentUser" else ""
            allowed = " or ".join(_WHERE_DATASETS[subject])
            raise _error(
                reference.token,
                f"a WHERE of {subject} reads {allowed}, not {reference.dataset}" + (f" ({hint})" if hint else ""),
            )
        operator = self._operator(reference)
        values = self._list() if operator in ("IN", "NOT IN") else (self._scalar(reference, operator),)
        _check_values(reference, operator, values, subject)
        return Condition(reference.dataset, reference.field, operator, values)


def _check_values(reference: _Reference, operator: str, values: tuple[Value, ...], subject: Subject | None) -> None:
    """The rules of the module docstring on which values go with which datasets and operators."""
    where = reference.token
    if reference.dataset in _INTERACTIONS and (
        reference.field.upper() != "EVENT_TYPE" or operator not in ("IN", "NOT IN")
    ):
        raise _error(where, f"{reference.dataset} is filtered on EVENT_TYPE IN or NOT IN only")
    if len(values) > 1 and any(isinstance(value, Parameter | CurrentItemField) for value in values):
        raise _error(where, f"a $parameter or CurrentItem value stands alone in its list ({reference})")
    if Text("*") in values and (reference.dataset not in _INTERACTIONS or len(values) > 1):
        raise _error(where, f'"*" stands alone, for the EVENT_TYPE of Interactions only ({reference})')
    uses_current_item = any(isinstance(value, CurrentItemField) for value in values)
    if uses_current_item and (subject != "ItemID" or reference.dataset != "Items"):
        raise _error(where, f"CurrentItem compares with Items fields of an ItemID filter only ({reference})")
