"""StackIdentity: a random identity for one stack instance, kept in its state, behind every ownership tag.

Why a resource: nothing the engine tells a program is unique to a stack instance. Organization, project
and stack names repeat across backends (two engineers' `shop/dev`), and a passphrase salt lives outside
the state. A resource's outputs live in the state, move with `stack export`/`import`, and are shared by
every copy of the stack that uses the same backend. The engine saves each finished step, and every
Personalize resource takes the identity as an input, so it is saved before any of them is created.
That is what lets a create interrupted by a crash recognise its own resource afterwards.

One StackIdentity per program run is registered on first use, at the top of the stack (no parent), so its
URN never depends on which resource asked first. It calls no AWS API and never changes.
"""

from __future__ import annotations

import secrets
import weakref
from typing import Any

import pulumi
import pulumi.dynamic
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider
from pulumi.runtime.settings import get_root_resource

RESOURCE_NAME = "pulumi-personalize"
IDENTITY_BYTES = 8  # 16 hex digits: two stack instances share one with probability 2**-64


class StackIdentityProvider(ResourceProvider):
    serialize_as_secret_always = False

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult({key: value for key, value in news.items() if key != "identity"}, [])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def create(self, _props: dict[str, Any]) -> CreateResult:
        identity = secrets.token_hex(IDENTITY_BYTES)
        return CreateResult(identity, {"identity": identity})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {**props, "identity": props.get("identity") or id_})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete: the identity exists only in the state."""


class StackIdentity(pulumi.dynamic.Resource, module="personalize", name="StackIdentity"):
    """The stack instance's identity (see the module docstring); programs never create one themselves."""

    identity: pulumi.Output[str]

    def __init__(self) -> None:
        super().__init__(StackIdentityProvider(), RESOURCE_NAME, {"identity": None})


_per_run: weakref.WeakKeyDictionary[Any, pulumi.Output[str]] = weakref.WeakKeyDictionary()


class _NoRoot:
    """Stands for the root resource when a program runs without one (unit tests with mocks)."""


_no_root = _NoRoot()


def stack_identity() -> pulumi.Output[str]:
    """This stack instance's identity, registering its StackIdentity on the first call of a program run."""
    root = get_root_resource() or _no_root
    identity = _per_run.get(root)
    if identity is None:
        identity = StackIdentity().identity
        _per_run[root] = identity
    return identity
