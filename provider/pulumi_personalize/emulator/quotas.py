"""The service quotas the emulator applies, at their documented defaults, and raised as a user raises one.

Developer guide, "Amazon Personalize endpoints and quotas" (limits.html): 5 active dataset groups and 500
active schemas per account and region; per dataset group 10 active solutions, 5 active campaigns and 10
filters; the dataset groups, solutions, campaigns and filters adjustable. Over a quota, a create answers
LimitExceededException, the one quota error the model gives each of these creates (the page names no
error: chosen). The fixed limits of the data plane need no code of their own: 10 events a
PutEvents call is the model's eventList length; an event's 10 KB cannot be reached within the model's member
lengths (properties 1,024, 25 impressions of 256, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

__all__ = ["NO_LIMIT", "QUOTA_NAMES", "Quotas", "parse_quota"]

NO_LIMIT = 10**9  # `--no-quotas`: a quota nobody reaches (the store counts resources against it all the same)


@dataclass(frozen=True)
class Quotas:
    dataset_groups: int = 5
    schemas: int = 500
    solutions: int = 10  # per dataset group
    campaigns: int = 5  # per dataset group
    filters: int = 10  # per dataset group

    def raised(self, wanted: Mapping[str, int]) -> Quotas:
        """These quotas with some set anew by their names (``dataset-groups``); ValueError for an unknown name
        or a value that is not a whole number of at least 1."""
        unknown = sorted(set(wanted) - set(QUOTA_NAMES))
        if unknown:
            raise ValueError(f"unknown quota {unknown[0]!r}: the quotas are {', '.join(QUOTA_NAMES)}")
        for name, value in wanted.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"quota {name} must be a whole number of at least 1; got {value!r}")
        return replace(self, **{name.replace("-", "_"): value for name, value in wanted.items()})

    @classmethod
    def lifted(cls) -> dict[str, int]:
        """Every quota at NO_LIMIT, by name (what `--no-quotas` asks for)."""
        return dict.fromkeys(QUOTA_NAMES, NO_LIMIT)

    def as_names(self) -> dict[str, int]:
        return {name: getattr(self, name.replace("-", "_")) for name in QUOTA_NAMES}


QUOTA_NAMES = tuple(each.name.replace("_", "-") for each in fields(Quotas))


def parse_quota(text: str) -> tuple[str, int]:
    """``NAME=N`` of the command line's ``--quota``; ValueError saying what is wrong."""
    name, equals, value = text.partition("=")
    if not equals or not value.strip().isdigit():
        raise ValueError(f"a quota is NAME=N (N a whole number), e.g. dataset-groups=100; got {text!r}")
    Quotas().raised({name: int(value)})
    return name, int(value)
