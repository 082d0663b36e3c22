"""Property values between the engine's protobuf structs and the plain values the lifecycle reasons about.

An unknown value (preview) travels as the engine's unknown sentinel string, which is `rpc.UNKNOWN` itself, so it
goes both ways untouched: Check can answer with unknowns (the SDK's experimental API cannot, as of 3.272). A
secret arrives wrapped in its signature object and is unwrapped (Configure says `acceptSecrets: false`, so the
engine keeps secrecy on its side).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2

SIGNATURE_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270"


def plain(properties: struct_pb2.Struct) -> dict[str, Any]:
    """A struct's properties as plain values (secrets unwrapped; whole numbers as ints)."""
    converted = _plain(json_format.MessageToDict(properties))
    return converted if isinstance(converted, dict) else {}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(SIGNATURE_KEY) == SECRET_SIGNATURE:
            return _plain(value.get("value"))
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def wire(properties: Mapping[str, Any]) -> struct_pb2.Struct:
    """Plain values as a struct (None values left out: the engine reads a missing key as null)."""
    struct = struct_pb2.Struct()
    struct.update({key: value for key, value in properties.items() if value is not None})
    return struct
