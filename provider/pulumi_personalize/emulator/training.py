"""Deterministic small models for the recipes people use, so an emulated campaign answers like a trained one.

There is no randomness: the same interactions give the same model and the same answers. Items are indexed by
popularity rank (0 the most popular), so every "ties broken by popularity, then item id" is "ties broken by rank".

Popularity is the number of distinct users who interacted with an item: Popularity-Count recommends "the items with
the most interactions data from unique users" ("Popularity-Count recipe", native-recipe-popularity.html).

Co-occurrence: in each user's time-ordered history, two different items at most ``WINDOW`` (5) positions apart
co-occur once; each item keeps its ``NEIGHBOURS`` (100) strongest co-occurring items, strongest first.

The models, by recipe family:

- POPULARITY, aws-popularity-count: items by popularity, the same for every user ("Popularity-Count recipe").
- POPULARITY, aws-trending-now: the items whose interactions increased most from the interval before the latest to
  the latest, the interval being the recipe's default Trend discovery frequency, 3 hours ("Trending-Now recipe",
  native-recipe-trending-now.html), and the latest ending at the newest interaction (chosen, for determinism: the
  emulator's "now" is training time); the items that did not increase follow by popularity.
- USER_PERSONALIZATION: score(j) = the sum of co-occurrence(i, j) over the user's ``RECENT_ITEMS`` (10) most recent
  distinct items i, from the training history and from ``recent`` (the user's events recorded since training, which
  count at once: "Recording real-time events to influence recommendations", recording-events.html, real-time
  personalization); then popularity. A user with no known items gets popularity. Items the user already interacted
  with stay in: removing them is a filter's job ("Filtering recommendations and user segments", filter.html: "you
  might not want to recommend products that a user has already purchased").
- PERSONALIZED_RANKING: the given items by that same score, then popularity; items the model was not trained on go
  last, in input order, with no score (API reference, GetPersonalizedRanking: inputList; "Personalized-Ranking-v2
  recipe": items without interactions data come back "without recommendation scores").
- RELATED_ITEMS: the item's co-occurring items, then popularity, never the item itself; an unknown item gets popular
  items ("RELATED_ITEMS recipes", related-items-recipes.html). SIMS uses whole histories and a popularity discount in
  AWS; here it shares the window above (chosen: one neighbour table for all families).

Scores: the first part of an answer (co-occurrence, trend) scores 0.5 + 0.5 x raw / the top candidate's raw, in
(0.5, 1]; the popularity that follows scores 0.5 x users / the most popular item's users, in (0, 0.5]; an answer
that is popularity alone scores users / most users, in (0, 1]. So scores never increase down an answer.

A solution's eventType trains on that event type only (compared exactly); eventValueThreshold is not modelled.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import add, attrgetter
from typing import Final, Literal

__all__ = [
    "MIN_INTERACTIONS",
    "MIN_USERS",
    "RECIPES",
    "Interaction",
    "Model",
    "Recipe",
    "Scored",
    "minimum_failure",
    "of_event_type",
    "train",
]

WINDOW: Final = 5
NEIGHBOURS: Final = 100
RECENT_ITEMS: Final = 10
TREND_INTERVAL: Final = 3 * 3600.0  # seconds; "Trending-Now recipe": Trend discovery frequency, default 3 hours

# "Amazon Personalize endpoints and quotas" (limits.html): training needs this many unique item interactions (after
# filtering by event type), and this many users with at least MIN_USER_INTERACTIONS interactions each.
MIN_INTERACTIONS: Final = 1000
MIN_USERS: Final = 25
MIN_USER_INTERACTIONS: Final = 2

Family = Literal["USER_PERSONALIZATION", "PERSONALIZED_RANKING", "RELATED_ITEMS", "POPULARITY"]
RecipeType = Literal["USER_PERSONALIZATION", "PERSONALIZED_RANKING", "RELATED_ITEMS"]


@dataclass(frozen=True)
class Recipe:
    """A predefined recipe, as DescribeRecipe and ListRecipes tell of it; ``family`` picks the emulator's model."""

    arn: str
    name: str
    family: Family
    recipe_type: RecipeType


def _recipe(name: str, family: Family, recipe_type: RecipeType) -> Recipe:
    return Recipe(f"arn:aws:personalize:::recipe/{name}", name, family, recipe_type)


# Recipe types: "Choosing a recipe" (working-with-predefined-recipes.html) groups the recipes by type, and the
# recipes' pages give it (Popularity-Count's "Recipe type - USER_PERSONALIZATION"). Trending-Now's page gives none:
# USER_PERSONALIZATION is chosen, since Recipe.recipeType has only the three values (API reference, Recipe) and it
# answers GetRecommendations without an itemId.
RECIPES: Final[dict[str, Recipe]] = {
    recipe.arn: recipe
    for recipe in (
        _recipe("aws-user-personalization", "USER_PERSONALIZATION", "USER_PERSONALIZATION"),
        _recipe("aws-user-personalization-v2", "USER_PERSONALIZATION", "USER_PERSONALIZATION"),
        _recipe("aws-personalized-ranking", "PERSONALIZED_RANKING", "PERSONALIZED_RANKING"),
        _recipe("aws-personalized-ranking-v2", "PERSONALIZED_RANKING", "PERSONALIZED_RANKING"),
        _recipe("aws-similar-items", "RELATED_ITEMS", "RELATED_ITEMS"),
        _recipe("aws-sims", "RELATED_ITEMS", "RELATED_ITEMS"),
        _recipe("aws-popularity-count", "POPULARITY", "USER_PERSONALIZATION"),
        _recipe("aws-trending-now", "POPULARITY", "USER_PERSONALIZATION"),
    )
}


@dataclass(frozen=True)
class Interaction:
    user_id: str
    item_id: str
    timestamp: float  # seconds since the epoch
    event_type: str
    event_value: float | None = None


@dataclass(frozen=True)
class Scored:
    """One item of an answer; ``score`` None for a ranked item the model was not trained on."""

    item_id: str
    score: float | None


def of_event_type(interactions: Sequence[Interaction], event_type: str | None) -> list[Interaction]:
    """The interactions a solution with this eventType trains on (all of them for None)."""
    return [each for each in interactions if event_type is None or each.event_type == event_type]


def minimum_failure(interactions: Sequence[Interaction]) -> str | None:
    """Why these interactions are too few to train on, and what to do, as a CREATE FAILED failureReason; None if
    enough. Pass the interactions after the solution's event-type filtering (``of_event_type``): the minimum counts
    records "after any filtering by event type" ("Amazon Personalize endpoints and quotas")."""
    unique = set(interactions)
    per_user = Counter(each.user_id for each in unique)
    users = sum(1 for count in per_user.values() if count >= MIN_USER_INTERACTIONS)
    shortfalls = []
    if len(unique) < MIN_INTERACTIONS:
        shortfalls.append(f"at least {MIN_INTERACTIONS:,} interactions, has {len(unique):,}")
    if users < MIN_USERS:
        shortfalls.append(
            f"at least {MIN_USERS} users with {MIN_USER_INTERACTIONS} or more interactions, has {users:,}"
        )
    if not shortfalls:
        return None
    return (
        f"Insufficient data for training: needs {'; and '.join(shortfalls)}. Record more events (PutEvents) or "
        "import more history, then create a new solution version."
    )


@dataclass(frozen=True)
class _Neighbours:
    """Each item's strongest co-occurring items, packed in ints for speed: for item a, ``a * stride + weight * size
    + (size - 1 - b)``, so that larger means a heavier weight, then a more popular b."""

    packed: tuple[tuple[int, ...], ...]  # by rank, strongest first
    size: int
    stride: int

    def of(self, rank: int) -> Iterator[tuple[int, int]]:
        """(neighbour rank, co-occurrence count), strongest first."""
        base = rank * self.stride
        for packed in self.packed[rank]:
            weight, reverse = divmod(packed - base, self.size)
            yield self.size - 1 - reverse, weight


@dataclass(frozen=True)
class Model:
    """A trained solution version; see the module's docstring for what each recipe family answers."""

    recipe: Recipe
    event_type: str | None
    items: tuple[str, ...]  # by popularity rank
    users: tuple[int, ...]  # distinct users of each item, by rank
    index: Mapping[str, int]  # item id -> rank
    neighbours: _Neighbours
    histories: Mapping[str, tuple[int, ...]]  # a user's RECENT_ITEMS most recent distinct items, oldest first
    trending: tuple[tuple[int, int], ...]  # (rank, increase) for the items that increased, most first

    def recommend(
        self,
        user_id: str | None,
        item_id: str | None,
        recent: Sequence[Interaction],
        allowed: Callable[[str], bool],
        count: int,
    ) -> list[Scored]:
        """Up to ``count`` items that ``allowed`` accepts, best first (GetRecommendations)."""
        family = self.recipe.family
        skip: set[int] = set()
        primary: list[tuple[int, int]] = []
        if family == "PERSONALIZED_RANKING":
            raise ValueError(f"{self.recipe.name} ranks given items (GetPersonalizedRanking); it does not recommend")
        if family == "RELATED_ITEMS":
            if item_id is None:
                raise ValueError(f"{self.recipe.name} recommends items related to an item: it needs an itemId")
            seed = self.index.get(item_id)
            if seed is not None:
                skip.add(seed)
                primary = list(self.neighbours.of(seed))
        elif family == "USER_PERSONALIZATION":
            scores = self._user_scores(user_id, recent)
            primary = sorted(scores.items(), key=lambda scored: (-scored[1], scored[0]))
        else:
            primary = list(self.trending)
        return self._answer(primary, skip, allowed, count)

    def rank(self, user_id: str, recent: Sequence[Interaction], items: Sequence[str]) -> list[Scored]:
        """``items`` reordered for the user (GetPersonalizedRanking); unknown items last, in input order, unscored.
        A repeated item is ranked once (chosen: the API reference says nothing of repeats)."""
        wanted = list(dict.fromkeys(items))
        scores = self._user_scores(user_id, recent)
        known = sorted(
            (self.index[item] for item in wanted if item in self.index), key=lambda rank: (-scores.get(rank, 0), rank)
        )
        top = max(scores.get(rank, 0) for rank in known) if known else 0
        ranked = [Scored(self.items[rank], self._score(scores.get(rank, 0), top, rank)) for rank in known]
        return ranked + [Scored(item, None) for item in wanted if item not in self.index]

    def _user_scores(self, user_id: str | None, recent: Sequence[Interaction]) -> dict[int, int]:
        """rank -> the summed co-occurrence with the user's most recent items (empty for an unknown user)."""
        scores: dict[int, int] = {}
        for seen in self._recent_items(user_id, recent):
            for rank, weight in self.neighbours.of(seen):
                scores[rank] = scores.get(rank, 0) + weight
        return scores

    def _recent_items(self, user_id: str | None, recent: Sequence[Interaction]) -> list[int]:
        """The user's RECENT_ITEMS most recent distinct known items: training history, then the events since."""
        if user_id is None:
            return []
        since = sorted(
            (
                each
                for each in recent
                if each.user_id == user_id and (self.event_type is None or each.event_type == self.event_type)
            ),
            key=attrgetter("timestamp"),
        )
        timeline = [
            *self.histories.get(user_id, ()),
            *(self.index[e.item_id] for e in since if e.item_id in self.index),
        ]
        return _last_distinct(timeline, RECENT_ITEMS)

    def _answer(
        self, primary: list[tuple[int, int]], skip: set[int], allowed: Callable[[str], bool], count: int
    ) -> list[Scored]:
        """``primary`` ((rank, raw) best first), then the rest by popularity, keeping what ``allowed`` accepts."""
        chosen: list[Scored] = []
        seen = set(skip)
        top = primary[0][1] if primary else 0
        for rank, raw in primary:
            if len(chosen) >= count:
                return chosen
            seen.add(rank)
            if allowed(self.items[rank]):
                chosen.append(Scored(self.items[rank], self._score(raw, top, rank)))
        for rank, item in enumerate(self.items):
            if len(chosen) >= count:
                break
            if rank not in seen and allowed(item):
                chosen.append(Scored(item, self._score(0, top, rank)))
        return chosen

    def _score(self, raw: int, top: int, rank: int) -> float:
        """The module docstring's scores: a primary raw over the top one, or popularity (halved after a primary)."""
        if raw > 0:
            return 0.5 + 0.5 * raw / top
        return (0.5 if top > 0 else 1.0) * self.users[rank] / self.users[0]


def train(recipe: Recipe, interactions: Sequence[Interaction], event_type: str | None = None) -> Model:
    """The model of ``recipe`` trained on ``interactions`` (those of ``event_type`` only, when given)."""
    timeline = sorted(of_event_type(interactions, event_type), key=attrgetter("timestamp"))  # stable: ties keep order
    users_of: defaultdict[str, set[str]] = defaultdict(set)
    for each in timeline:
        users_of[each.item_id].add(each.user_id)
    items = tuple(sorted(users_of, key=lambda item: (-len(users_of[item]), item)))
    index = {item: rank for rank, item in enumerate(items)}
    sequences: defaultdict[str, list[int]] = defaultdict(list)
    uses_neighbours = recipe.family != "POPULARITY"
    if uses_neighbours:
        for each in timeline:
            sequences[each.user_id].append(index[each.item_id])
    return Model(
        recipe=recipe,
        event_type=event_type,
        items=items,
        users=tuple(len(users_of[item]) for item in items),
        index=index,
        neighbours=_co_occurrence(sequences.values(), len(items)),
        histories={user: tuple(_last_distinct(ranks, RECENT_ITEMS)) for user, ranks in sequences.items()},
        trending=_trending(timeline, index) if recipe.name == "aws-trending-now" else (),
    )


def _co_occurrence(sequences: Iterable[Sequence[int]], size: int) -> _Neighbours:
    """Pairs at most WINDOW positions apart, made in C (``map``), counted with one Counter, packed, sorted once and
    cut per item with bisect: the Python-level work per pair is one packing expression, which keeps training on
    100,000 interactions near a second (the bench allows 2 s)."""
    pairs: list[int] = []
    for ranks in sequences:
        scaled = [rank * size for rank in ranks]
        for offset in range(1, WINDOW + 1):
            pairs.extend(map(add, scaled, ranks[offset:]))  # a * size + b for each b after a, in C
            pairs.extend(map(add, scaled[offset:], ranks))  # and b * size + a
    counts = Counter(pairs)
    for rank in range(size):  # an item repeated in a window is no pair
        counts.pop(rank * size + rank, None)
    stride = (max(counts.values(), default=0) + 1) * size
    packed = sorted((key // size) * stride + weight * size + (size - 1 - key % size) for key, weight in counts.items())
    per_item = []
    for rank in range(size):
        end = bisect_left(packed, (rank + 1) * stride)
        start = max(bisect_left(packed, rank * stride), end - NEIGHBOURS)
        per_item.append(tuple(reversed(packed[start:end])))
    return _Neighbours(tuple(per_item), size, stride)


def _trending(timeline: Sequence[Interaction], index: Mapping[str, int]) -> tuple[tuple[int, int], ...]:
    """(rank, increase) of the items with more interactions in the latest TREND_INTERVAL than in the one before."""
    change: Counter[int] = Counter()
    newest = timeline[-1].timestamp if timeline else 0.0
    for each in reversed(timeline):
        age = newest - each.timestamp
        if age >= 2 * TREND_INTERVAL:
            break
        change[index[each.item_id]] += 1 if age < TREND_INTERVAL else -1
    return tuple(sorted(((rank, n) for rank, n in change.items() if n > 0), key=lambda trend: (-trend[1], trend[0])))


def _last_distinct(ranks: Sequence[int], limit: int) -> list[int]:
    """The last ``limit`` distinct values of ``ranks``, oldest first."""
    latest: dict[int, None] = {}
    for rank in reversed(ranks):
        if rank not in latest:
            latest[rank] = None
            if len(latest) == limit:
                break
    return list(reversed(latest))
