"""Typed declarations of a resource's inputs and state, in the spirit of pulumi-go-provider's Args/State.

A resource file declares two frozen dataclasses: its inputs (`Args`, fields with `metadata=rule(...)`, whose
rules say what is sent to Create, what forces a replacement, what is required and how it is validated)
and what Describe adds (`State`). Everything else derives from them: the camelCase keys of the state
(AWS's and aws-native's spelling: `dataset_group_arn` is `datasetGroupArn`), the Create parameters, the
outputs copied from Describe, and the snake_case attributes of the program-side class.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

Validator = Callable[[Any], str | None]
Declared = TypeVar("Declared")
_RULE = "pulumi_personalize.rule"


@dataclass(frozen=True)
class Rule:
    """What the lifecycle does with an input."""

    create: bool = False  # sent to the Create call
    replaces: bool = False  # AWS cannot change it in place: a change replaces the resource
    required: bool = False
    validator: Validator | None = None  # checked during preview (values still unknown are skipped)
    default: Any = None  # the value check gives an input left out (AWS's own default, made visible in the state)


def rule(
    *,
    create: bool = False,
    replaces: bool = False,
    required: bool = False,
    validator: Validator | None = None,
    default: Any = None,
) -> dict[str, Rule]:
    """A declared input's rule, as the metadata of its field: `field(default=None, metadata=rule(...))`."""
    return {_RULE: Rule(create, replaces, required, validator, default)}


def camel(attribute: str) -> str:
    """`dataset_group_arn` -> `datasetGroupArn` (names starting with '_' are left alone)."""
    if attribute.startswith("_"):
        return attribute
    head, *rest = attribute.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# Words AWS spells in capitals inside a member name (`minProvisionedTPS`, `performAutoML`, `performHPO`), which
# the state and the plugin's schema spell as aws-native does (`minProvisionedTps`): only the calls use AWS's.
_AWS_CAPITALS = re.compile(r"(Tps|Ml|Hpo)(?=[A-Z]|$)")


def aws_member(key: str) -> str:
    """A state key's member name in AWS's API: `minProvisionedTps` -> `minProvisionedTPS`."""
    return _AWS_CAPITALS.sub(lambda found: found.group(1).upper(), key)


def snake(key: str) -> str:
    """`datasetGroupArn` -> `dataset_group_arn` (names starting with '_' are left alone)."""
    return key if key.startswith("_") else re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def keys(declaration: type) -> tuple[str, ...]:
    """The camelCase keys of a declaration, in declaration order."""
    return tuple(camel(field.name) for field in dataclasses.fields(declaration))


def rules(declaration: type) -> dict[str, Rule]:
    """Each declared input's rule, by camelCase key."""
    return {camel(field.name): field.metadata.get(_RULE, Rule()) for field in dataclasses.fields(declaration)}


def load(declaration: type[Declared], properties: Mapping[str, Any]) -> Declared:
    """A declaration's instance from camelCase properties (missing keys are None)."""
    fields = dataclasses.fields(declaration)  # type: ignore[arg-type]
    return declaration(**{field.name: properties.get(camel(field.name)) for field in fields})


def dump(instance: object) -> dict[str, Any]:
    """camelCase properties of a declaration's instance, without the unset (None) ones."""
    values = ((camel(field.name), getattr(instance, field.name)) for field in dataclasses.fields(instance))  # type: ignore[arg-type]
    return {key: value for key, value in values if value is not None}


def descriptions(declaration: type) -> dict[str, str]:
    """Each field's description, by camelCase key, from the `Attributes:` sections of the class's docstrings
    (its own and its bases'): `name: text`, continued on more deeply indented lines."""
    found: dict[str, str] = {}
    for cls in reversed(declaration.__mro__):
        lines = (cls.__dict__.get("__doc__") or "").expandtabs().splitlines()
        if "Attributes:" not in (line.strip() for line in lines):
            continue
        start = [line.strip() for line in lines].index("Attributes:") + 1
        key = ""
        for line in lines[start:]:
            entry = re.match(r"^\s{8}(\w+): (.*)$", line)
            if entry:
                key = camel(entry.group(1))
                found[key] = entry.group(2).strip()
            elif key and line.startswith(" " * 12):
                found[key] += " " + line.strip()
            elif line.strip():
                key = ""
    return found
