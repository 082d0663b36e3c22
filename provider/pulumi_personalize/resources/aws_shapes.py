"""Structured inputs passed to AWS as they are (a solution's `solutionConfig`, a campaign's `campaignConfig`),
checked during preview against the operation's own shape in botocore's model of Personalize: unknown members,
wrong types and the model's bounds are named with their path, as AWS's validation would name them at `up`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape

from .declare import Validator

__all__ = ["structure"]


@functools.cache
def _shape(name: str) -> Shape:
    return botocore.session.get_session().get_service_model("personalize").shape_for(name)


def structure(shape_name: str) -> Validator:
    """A validator of a mapping against the model's structure `shape_name` (values still unknown are skipped
    by the caller; unknown nested values are left alone too)."""

    def check(value: Any) -> str | None:
        return _problem(_shape(shape_name), value, "")

    return check


def _problem(shape: Shape, value: Any, path: str) -> str | None:
    where = f" at {path}" if path else ""
    kind = shape.type_name
    if kind == "structure":
        return _structure_problem(shape, value, path)
    if isinstance(shape, MapShape):
        if not isinstance(value, Mapping):
            return f"must be a mapping{where}"
        return next(
            (found for key, item in value.items() if (found := _problem(shape.value, item, _join(path, key)))), None
        )
    if isinstance(shape, ListShape):
        if not isinstance(value, list | tuple):
            return f"must be a list{where}"
        return next(
            (found for i, item in enumerate(value) if (found := _problem(shape.member, item, f"{path}[{i}]"))), None
        )
    return _scalar_problem(shape, value, where)


def _structure_problem(shape: Shape, value: Any, path: str) -> str | None:
    assert isinstance(shape, StructureShape)
    where = f" at {path}" if path else ""
    if not isinstance(value, Mapping):
        return f"must be a mapping of {', '.join(shape.members)}{where}"
    for key, item in value.items():
        if key not in shape.members:
            return f"has no member {key!r}{where}: use {', '.join(shape.members)}"
        found = _problem(shape.members[key], item, _join(path, key))
        if found:
            return found
    return None


def _scalar_problem(shape: Shape, value: Any, where: str) -> str | None:
    kind = shape.type_name
    if isinstance(shape, StringShape):
        if not isinstance(value, str):
            return f"must be a string{where}"
        bound = shape.metadata.get("max")
        if bound is not None and len(value) > bound:
            return f"is longer than {bound} characters{where}"
        allowed = shape.enum
        if allowed and value not in allowed:
            return f"{value!r} is not one of {', '.join(allowed)}{where}"
    elif kind == "boolean" and not isinstance(value, bool):
        return f"must be true or false{where}"
    elif kind in ("integer", "long", "double", "float") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        return f"must be a number{where}"
    return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
