"""Where to reach AWS: region, endpoint and profile, from the resource, the stack config and the environment.

Precedence follows pulumi-aws: an explicit resource input, then stack config (`aws:region`, `aws:profile`,
`aws:endpoints`), then the environment (AWS_REGION / AWS_DEFAULT_REGION, AWS_PROFILE,
AWS_ENDPOINT_URL_PERSONALIZE / AWS_ENDPOINT_URL, which botocore reads itself). Credentials are never read
here: botocore's default chain finds them in the provider process, so they never reach state or logs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

ENDPOINT_KEYS = ("personalize",)
# Whose config keys messages name: `aws:` for the dynamic front (the stack's), `personalize:` for the native plugin.
config_namespace: ContextVar[str] = ContextVar("personalize_config_namespace", default="aws")


def config_key(name: str) -> str:
    """`region` -> `aws:region` (or `personalize:region` in the native plugin's calls)."""
    return f"{config_namespace.get()}:{name}"


@dataclass(frozen=True)
class StackAwsConfig:
    """The `aws:` keys of the stack config that concern this provider."""

    region: str | None = None
    profile: str | None = None
    endpoint: str | None = None

    @classmethod
    def from_config(cls, get: Any) -> StackAwsConfig:
        """Build from a config getter such as `pulumi.dynamic.Config.get` (values arrive as text)."""
        return cls(
            region=_text(get("aws:region")),
            profile=_text(get("aws:profile")),
            endpoint=personalize_endpoint(get("aws:endpoints")),
        )

    def default_region(self) -> str | None:
        return self.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def personalize_endpoint(endpoints: Any) -> str | None:
    """The personalize entry of `aws:endpoints` (pulumi-aws format: a list of {service: url} objects).

    The config arrives as JSON text in the provider process; a list or mapping is accepted too.
    """
    if isinstance(endpoints, str):
        if not endpoints.strip():
            return None
        try:
            endpoints = json.loads(endpoints)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"aws:endpoints is not valid JSON ({error}); set it like pulumi-aws does: "
                "pulumi config set --path 'aws:endpoints[0].personalize' http://127.0.0.1:4566"
            ) from None
    entries = endpoints if isinstance(endpoints, list) else [endpoints]
    for entry in entries:
        if isinstance(entry, Mapping):
            for key in ENDPOINT_KEYS:
                url = entry.get(key)
                if isinstance(url, str) and url:
                    return url
    return None


@dataclass(frozen=True)
class AwsTarget:
    """One place resources live: a region of an account, reached through an endpoint with a profile."""

    region: str
    endpoint: str | None
    profile: str | None


def endpoint_origin(target: AwsTarget) -> str:
    """Where the endpoint a target's client uses comes from, in botocore's order, for error messages."""
    if target.endpoint:
        return "stack config aws:endpoints"
    for variable in ("AWS_ENDPOINT_URL_PERSONALIZE", "AWS_ENDPOINT_URL"):
        if os.environ.get(variable):
            return variable
    return f"the default for region {target.region}"
