"""The package schema (`pulumi package get-schema`), generated from the typed declarations and their docstrings.

Types come from the fields' annotations, descriptions from the `Attributes:` sections of the declarations'
docstrings (`resources.declare.descriptions`), and each resource's description from its declaration module's
docstring. `python -m pulumi_personalize.native.schema` prints it (what the SDK generators read).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from functools import cache
from importlib import import_module
from typing import Any

from ..resources.declare import camel, descriptions, rules
from ..resources.kind import ResourceKind
from ..resources.table import KINDS
from .provider import PACKAGE, token

Spec = dict[str, Any]
_TYPES: dict[str, Spec] = {
    "str | None": {"type": "string"},
    "bool | None": {"type": "boolean"},
    "int | None": {"type": "integer"},
    "float | None": {"type": "number"},
    # AWS's own structures (a solution's or campaign's config), passed as they are and checked in preview
    # against botocore's model (`resources.aws_shapes`).
    "dict[str, Any] | None": {"$ref": "pulumi.json#/Any"},
    "dict[str, str] | None": {"type": "object", "additionalProperties": {"type": "string"}},
}
CONFIG: dict[str, Spec] = {
    "region": {"type": "string", "description": "The AWS region (else AWS_REGION or AWS_DEFAULT_REGION)."},
    "profile": {"type": "string", "description": "The AWS profile of the shared config files (else AWS_PROFILE)."},
    "endpoints": {
        "type": "array",
        "items": {"type": "object", "additionalProperties": {"type": "string"}},
        "description": "Endpoints by service, as pulumi-aws's `aws:endpoints`: `[{personalize: URL}]` (else "
        "AWS_ENDPOINT_URL_PERSONALIZE or AWS_ENDPOINT_URL).",
    },
}


def _fields(declaration: type, keys: tuple[str, ...]) -> Spec:
    described, declared = descriptions(declaration), rules(declaration)
    specs: Spec = {}
    for field in dataclasses.fields(declaration):
        key = camel(field.name)
        if key in keys:
            default = declared[key].default
            specs[key] = {**_TYPES[str(field.type)], "description": described[key]}
            if default is not None:
                specs[key]["default"] = default
    return specs


def resource_spec(kind: ResourceKind) -> Spec:
    """One resource's schema: its inputs, and its state (inputs included)."""
    inputs = _fields(kind.args, kind.public_input_keys)
    outputs = {**inputs, **_fields(kind.state, tuple(kind.output_keys()))}
    module_doc = import_module(kind.args.__module__).__doc__ or ""
    return {
        "description": module_doc.split(": ", 1)[-1].strip(),
        "inputProperties": inputs,
        "requiredInputs": [key for key, rule in kind.rules.items() if rule.required],
        "properties": outputs,
        "required": _always_present(kind),
    }


def _always_present(kind: ResourceKind) -> list[str]:
    """The outputs every created resource has: its ARN, name, region, status, and its required inputs."""
    required = [key for key, rule in kind.rules.items() if rule.required]
    return [kind.arn_key, "name", "region", *(["status"] if kind.has_status else []), *required]


@cache
def package_schema(version: str) -> str:
    """The schema, as the JSON text GetSchema answers."""
    schema = {
        "name": PACKAGE,
        "displayName": "Amazon Personalize",
        "version": version,
        "description": "Amazon Personalize's real-time path: dataset groups, schemas, datasets and event trackers, "
        "and the recommendations back: solutions, solution versions, campaigns and filters.",
        "license": "Apache-2.0",
        "config": {"variables": CONFIG},
        "provider": {"description": "The pulumi-personalize provider.", "inputProperties": CONFIG},
        "resources": {token(kind.type_name): resource_spec(kind) for kind in KINDS.values()},
        "language": {
            "nodejs": {"packageName": "@pulumi-personalize/personalize", "respectSchemaVersion": True},
            "go": {"importBasePath": "github.com/pulumi-personalize/sdk/go/personalize", "respectSchemaVersion": True},
            # not `pulumi_personalize`: a generated Python SDK must install beside this package
            "python": {
                "packageName": "personalize_native",
                "respectSchemaVersion": True,
                "pyproject": {"enabled": True},
            },
        },
    }
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    from importlib.metadata import version

    sys.stdout.write(package_schema(version("pulumi-personalize")))
