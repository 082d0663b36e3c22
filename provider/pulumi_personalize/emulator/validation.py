"""Input validation driven by botocore's service models.

Every constraint comes from the model (required members, types, lengths, patterns, enums, list
lengths, nested structures, the ``jsonvalue`` trait), none is written by hand. Violations are answered the way AWS's
(Java) front end words them, as one InvalidInputException listing them all::

    1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint:
    Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*

Java semantics are kept where they differ from Python's: a pattern must match the WHOLE value
(``Matcher.matches``; this is also why the unanchored name pattern constrains the whole name),
``\\d`` is ASCII only, and lengths count UTF-16 code units. Values of sensitive shapes are not
echoed. Members the model does not know are ignored.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import botocore.session
import regex  # \p{L}-style classes, which the re module lacks
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape

from .exceptions import InvalidInputException

__all__ = ["operation_model", "service_model", "validate"]

# Java's \d is [0-9]; the regex module's \d also matches other scripts' digits.
_JAVA_DIGIT = regex.compile(r"(?<!\\)((?:\\\\)*)\\d")


@functools.cache
def service_model(service: str) -> ServiceModel:
    """botocore's model of a service, loaded once per process."""
    return botocore.session.get_session().get_service_model(service)


@functools.cache
def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


@functools.cache
def _compiled(pattern: str) -> Any:
    return regex.compile(_JAVA_DIGIT.sub(r"\1\\p{PosixDigit}", pattern))


def validate(model: OperationModel, params: dict[str, Any]) -> None:
    """Raise InvalidInputException naming every member of ``params`` that breaks the model."""
    violations: list[str] = []
    shape = model.input_shape
    if shape is not None:
        _check_structure(shape, params, "", violations, sensitive=False)
    if violations:
        count = len(violations)
        raise InvalidInputException(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(violations)
        )


def _violation(value: Any, path: str, constraint: str, sensitive: bool) -> str:
    shown = "" if sensitive else f" {_render(value)}"
    return f"Value{shown} at '{path}' failed to satisfy constraint: Member must {constraint}"


def _render(value: Any) -> str:
    if value is None:
        return "null"
    return f"'{value}'" if isinstance(value, str) else f"'{json.dumps(value)}'"


# The JSON values each model type accepts (booleans are never numbers).
_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "structure": dict,
    "map": dict,
    "list": list,
    "string": str,
    "blob": str,
    "boolean": bool,
    "integer": int,
    "long": int,
    "float": (int, float),
    "double": (int, float),
    "timestamp": (int, float),  # epoch seconds, as the SDKs send them in JSON
}


def _has_type(kind: str, value: Any) -> bool:
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, _JSON_TYPES.get(kind, object))


def _check(shape: Shape, value: Any, path: str, violations: list[str], sensitive: bool) -> None:
    sensitive = sensitive or bool(shape.metadata.get("sensitive"))
    kind = shape.type_name
    if not _has_type(kind, value):
        violations.append(_violation(value, path, f"be of type {kind}", sensitive))
    elif isinstance(shape, StructureShape):
        _check_structure(shape, value, path, violations, sensitive)
    elif isinstance(shape, ListShape):
        _check_list(shape, value, path, violations, sensitive)
    elif isinstance(shape, MapShape):
        _check_map(shape, value, path, violations, sensitive)
    elif kind == "string":
        _check_string(shape, value, path, violations, sensitive)
    elif kind in ("integer", "long", "float", "double"):
        _check_range(shape, value, path, violations, sensitive)


def _check_structure(
    shape: StructureShape, value: dict[str, Any], path: str, violations: list[str], sensitive: bool
) -> None:
    prefix = f"{path}." if path else ""
    for name, member in shape.members.items():
        member_value = value.get(name)
        if member_value is None:
            if name in shape.required_members:
                violations.append(_violation(None, prefix + name, "not be null", False))
            continue
        _check(member, member_value, prefix + name, violations, sensitive)


def _check_length(shape: Shape, length: int, value: Any, path: str, violations: list[str], sensitive: bool) -> None:
    minimum, maximum = shape.metadata.get("min"), shape.metadata.get("max")
    if minimum is not None and length < minimum:
        violations.append(_violation(value, path, f"have length greater than or equal to {minimum}", sensitive))
    if maximum is not None and length > maximum:
        violations.append(_violation(value, path, f"have length less than or equal to {maximum}", sensitive))


def _check_list(shape: ListShape, value: list[Any], path: str, violations: list[str], sensitive: bool) -> None:
    _check_length(shape, len(value), value, path, violations, sensitive)
    for index, item in enumerate(value, start=1):
        member_path = f"{path}.{index}.member"
        if item is None:
            violations.append(_violation(None, member_path, "not be null", False))
        else:
            _check(shape.member, item, member_path, violations, sensitive)


def _check_map(shape: MapShape, value: dict[str, Any], path: str, violations: list[str], sensitive: bool) -> None:
    _check_length(shape, len(value), value, path, violations, sensitive)
    for key, item in value.items():
        _check(shape.key, key, f"{path}.{key}.key", violations, sensitive)
        _check(shape.value, item, f"{path}.{key}.value", violations, sensitive)


def _check_string(shape: Shape, value: str, path: str, violations: list[str], sensitive: bool) -> None:
    _check_length(shape, len(value.encode("utf-16-le")) // 2, value, path, violations, sensitive)
    pattern = shape.metadata.get("pattern")
    if pattern is not None and not _compiled(pattern).fullmatch(value):
        violations.append(_violation(value, path, f"satisfy regular expression pattern: {pattern}", sensitive))
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        violations.append(_violation(value, path, f"satisfy enum value set: [{', '.join(enum)}]", sensitive))
    if shape.serialization.get("jsonvalue") and not _is_json(value):
        violations.append(_violation(value, path, "be valid JSON text", sensitive))


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _check_range(shape: Shape, value: float, path: str, violations: list[str], sensitive: bool) -> None:
    minimum, maximum = shape.metadata.get("min"), shape.metadata.get("max")
    if minimum is not None and value < minimum:
        violations.append(_violation(value, path, f"have value greater than or equal to {minimum}", sensitive))
    if maximum is not None and value > maximum:
        violations.append(_violation(value, path, f"have value less than or equal to {maximum}", sensitive))
