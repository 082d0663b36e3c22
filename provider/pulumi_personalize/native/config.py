"""The plugin's own configuration: `personalize:region`, `personalize:profile`, `personalize:endpoints`, and the
stack identity it keeps in the provider's state.

A native provider receives only its own namespace (the engine never sends it `aws:` keys), so the same three
settings the dynamic front reads from `aws:` are ours here; the environment works as for the dynamic front
(AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_PERSONALIZE, the standard credential chain).

Why a stack identity here: the ownership tag names one resource of one stack instance (`lifecycle.ownership`).
The dynamic front keeps the identity in a StackIdentity resource; a YAML or Go program has no such resource, but
every native resource has a provider, whose inputs the engine saves in the state before any of its resources is
created. CheckConfig keeps the identity it finds in the old inputs, or makes one; the state then carries it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..aws.settings import StackAwsConfig, personalize_endpoint

IDENTITY_KEY = "stackIdentity"
IDENTITY_BYTES = 8
KEYS = ("region", "profile", "endpoints")


@dataclass(frozen=True)
class PluginConfig:
    aws: StackAwsConfig
    identity: str | None
    new_identity: bool = False  # made by this process: no state holds it yet (a new stack's preview or first up)


_made: set[str] = set()  # the identities CheckConfig made in this process


def checked_config(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The provider's inputs with its identity kept (or made), and what is wrong with them."""
    inputs = dict(news)
    kept = olds.get(IDENTITY_KEY) or news.get(IDENTITY_KEY)
    if not kept:
        kept = secrets.token_hex(IDENTITY_BYTES)
        _made.add(kept)
    inputs[IDENTITY_KEY] = kept
    failures = [(key, "must be text") for key in ("region", "profile") if not isinstance(inputs.get(key), str | None)]
    try:
        personalize_endpoint(inputs.get("endpoints"))
    except ValueError as error:
        failures.append(("endpoints", str(error).replace("aws:endpoints", "personalize:endpoints")))
    return inputs, failures


def config_changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The settings that changed (none replaces the provider: resources keep living where they are)."""
    return [key for key in KEYS if olds.get(key) != news.get(key)]


def plugin_config(args: Mapping[str, Any]) -> PluginConfig:
    """The configuration a Configure call carries."""
    text = {key: args.get(key) if isinstance(args.get(key), str) and args.get(key) else None for key in KEYS[:2]}
    aws = StackAwsConfig(
        region=text["region"], profile=text["profile"], endpoint=personalize_endpoint(args.get("endpoints"))
    )
    identity = args.get(IDENTITY_KEY)
    known = identity if isinstance(identity, str) and identity else None
    return PluginConfig(aws, known, new_identity=known in _made)
