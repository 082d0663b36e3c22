"""Schema: an Amazon Personalize schema, the Avro record a dataset's data must follow.

Schemas differ from the other resources: CreateSchema takes no tags and Describe shows no status, and a schema
never changes. Any change replaces it, new one first, so a dataset can move to the new schema in place before
the old one is deleted; its autoname therefore derives from its content as well as from its owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.related import remember
from .dynamic.resource import PersonalizeResource, given
from .resources import avro
from .resources.schema import SCHEMA


class SchemaProvider(PersonalizeProvider):
    kind = SCHEMA


class Schema(PersonalizeResource, module="personalize", name="Schema"):
    """An Amazon Personalize schema: an Avro record, given as JSON text or a mapping, stored as compact JSON.

    Checked during preview (a record, at most 20,000 characters, known types). Any change replaces it, the new
    schema first; a schema still used by a dataset is not deleted, and the error names the dataset.
    """

    kind = SCHEMA
    schema: pulumi.Output[str]
    domain: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        schema: pulumi.Input[str | Mapping[str, Any]],
        domain: pulumi.Input[str] | None = None,
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # compact JSON already in the program: a mapping would otherwise reach unit tests' mocks as a dict
        arguments = {**given(SCHEMA, locals()), "schema": pulumi.Output.from_input(schema).apply(avro.canonical)}
        super().__init__(SchemaProvider(), resource_name, arguments, opts)
        remember(self.id, arguments)

    @property
    def schema_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
