"""The data plane's records as training and recommendations read them, indexed as they arrive.

Training reads a dataset's Interactions between two moments; a recommendation reads one user's Interactions
and the Items and Users metadata. Rescanning every record kept (``STORE.events()``) on each request would cost
O(all events); the index is updated once per record instead (``Store.record_events``), and answers by binary
search on the moments records were received at.

A dataset ARN can be used again once its dataset is gone (it is made of the group's name and the type), so
every question carries ``since``, the creation of the dataset asked about: older records were another
dataset's.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .training import Interaction

__all__ = ["EventIndex"]

T = TypeVar("T")
Properties = Mapping[str, Any]


@dataclass
class _Timeline(Generic[T]):
    """Values in the order they were received (moments never decrease: requests take turns, ``clock``)."""

    moments: list[float] = field(default_factory=list)
    values: list[T] = field(default_factory=list)

    def add(self, moment: float, value: T) -> None:
        self.moments.append(moment)
        self.values.append(value)

    def between(self, since: float, until: float) -> list[T]:
        """The values received from ``since`` to ``until``, both included."""
        return self.values[bisect.bisect_left(self.moments, since) : bisect.bisect_right(self.moments, until)]


@dataclass
class _View:
    """The latest properties of each id among the records from ``since`` on, brought up to date lazily."""

    applied: int = 0
    latest: dict[str, Properties] = field(default_factory=dict)


@dataclass
class _Metadata:
    """The records of one Items or Users dataset: (moment, id, properties), and a view per ``since`` asked."""

    records: _Timeline[tuple[str, Properties]] = field(default_factory=_Timeline)
    views: dict[float, _View] = field(default_factory=dict)

    def since(self, since: float) -> Mapping[str, Properties]:
        view = self.views.setdefault(since, _View())
        start = max(view.applied, bisect.bisect_left(self.records.moments, since))
        for record_id, properties in self.records.values[start:]:
            view.latest[record_id] = properties  # AWS replaces an item or user sent again with its ID
        view.applied = len(self.records.values)
        return view.latest


def _properties(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's properties JSON as an object (validated as JSON text when it was received)."""
    text = record.get("properties")
    properties = json.loads(text) if isinstance(text, str) else None
    return properties if isinstance(properties, dict) else {}


def _number(value: Any) -> float | None:
    """An event value as a number: sent as a member, or as a string in properties (the guide's example)."""
    if isinstance(value, bool):
        return None
    try:
        return float(value) if isinstance(value, int | float | str) else None
    except ValueError:
        return None


def _interaction(entry: Mapping[str, Any]) -> Interaction | None:
    """The Interaction a PutEvents event records; None without a user or an item (USER_ID and ITEM_ID are the
    Interactions dataset's required fields: an anonymous event, known by its session only, trains nothing)."""
    event: Mapping[str, Any] = entry["event"]
    properties = _properties(event)
    user, item = entry.get("userId"), event.get("itemId") or properties.get("itemId")
    if not isinstance(user, str) or not isinstance(item, str):
        return None
    value = event.get("eventValue", properties.get("eventValue"))
    return Interaction(
        user_id=user,
        item_id=item,
        timestamp=float(event["sentAt"]),
        event_type=str(event["eventType"]),
        event_value=_number(value),
    )


class EventIndex:
    """Interactions by dataset and by user, Items and Users metadata by dataset; see the module documentation."""

    def __init__(self, entries: Iterable[Mapping[str, Any]] = ()) -> None:
        self._interactions: defaultdict[str, _Timeline[Interaction]] = defaultdict(_Timeline)
        self._by_user: defaultdict[tuple[str, str], _Timeline[Interaction]] = defaultdict(_Timeline)
        self._metadata: defaultdict[str, _Metadata] = defaultdict(_Metadata)
        self.add(entries)

    def add(self, entries: Iterable[Mapping[str, Any]]) -> None:
        """Index these entries of ``STORE.events()`` (in the order they were received); an entry of an events file
        that says not when or where it was received (one written by hand) is kept but not indexed."""
        for entry in entries:
            moment, dataset = entry.get("receivedAt"), entry.get("datasetArn")
            if not isinstance(moment, int | float) or not isinstance(dataset, str):
                continue
            if entry["operation"] == "PutEvents":
                interaction = _interaction(entry)
                if interaction is not None:
                    self._interactions[dataset].add(float(moment), interaction)
                    self._by_user[dataset, interaction.user_id].add(float(moment), interaction)
            elif entry["operation"] in ("PutItems", "PutUsers"):
                record = entry["item" if entry["operation"] == "PutItems" else "user"]
                record_id = str(record["itemId" if "itemId" in record else "userId"])
                self._metadata[dataset].records.add(float(moment), (record_id, _properties(record)))

    def interactions(self, dataset_arn: str, since: float, until: float) -> list[Interaction]:
        """The Interactions a dataset received from ``since`` to ``until``."""
        timeline = self._interactions.get(dataset_arn)
        return timeline.between(since, until) if timeline is not None else []

    def user_interactions(
        self, dataset_arn: str, user_id: str, since: float, until: float = float("inf")
    ) -> list[Interaction]:
        """One user's Interactions in a dataset, received from ``since`` to ``until``."""
        timeline = self._by_user.get((dataset_arn, user_id))
        return timeline.between(since, until) if timeline is not None else []

    def metadata(self, dataset_arn: str, since: float) -> Mapping[str, Properties]:
        """The properties of each item (or user) of an Items (or Users) dataset, by id: the latest sent."""
        return self._metadata[dataset_arn].since(since) if dataset_arn in self._metadata else {}
