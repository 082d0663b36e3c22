"""What a program declared for the resources another one refers to, so preview can check rules between them.

A dataset names its schema and dataset group by ARN: during preview its Check cannot look them up in AWS (no
call is made) and the ARNs may not exist yet. When the ARN is the `schema_arn` or `dataset_group_arn` of a
resource of the same program (those properties return the resource's `id` Output), the program knows that
resource's inputs. They travel to Check as the dataset's bookkeeping input `relatedInputs`, which is never
sent to AWS and never causes a diff.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import pulumi

_declared: weakref.WeakKeyDictionary[pulumi.Output[Any], Mapping[str, Any]] = weakref.WeakKeyDictionary()


def remember(resource_id: pulumi.Output[Any], arguments: Mapping[str, Any]) -> None:
    """Remember the arguments a resource was declared with, by its `id` Output."""
    _declared[resource_id] = dict(arguments)


def declared(reference: Any) -> Mapping[str, Any] | None:
    """The arguments behind `reference` when it is a remembered resource's `id`; None for anything else."""
    return _declared.get(reference) if isinstance(reference, pulumi.Output) else None
