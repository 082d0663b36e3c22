"""The emulator's small models: exact answers on hand-built histories, the training minimum, determinism."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from pulumi_personalize.emulator.training import (
    RECIPES,
    Interaction,
    Model,
    Recipe,
    Scored,
    minimum_failure,
    of_event_type,
    train,
)

HOUR = 3600.0


def recipe(name: str) -> Recipe:
    return RECIPES[f"arn:aws:personalize:::recipe/{name}"]


def history(*events: tuple[str, str]) -> list[Interaction]:
    """(user, item) events one minute apart, in this order."""
    return [Interaction(user, item, 1_700_000_000 + 60.0 * n, "click") for n, (user, item) in enumerate(events)]


# Distinct users: b 3, a 2, c 1, d 1, e 1, so popularity is b, a, c, d, e (ties by id). Co-occurrence within
# five positions: a-b 2 (u1, u2), a-c 1, b-c 1 (u1), b-d 1 (u3).
SMALL = history(("u1", "a"), ("u1", "b"), ("u1", "c"), ("u2", "a"), ("u2", "b"), ("u3", "b"), ("u3", "d"), ("u4", "e"))


def everything(item_id: str) -> bool:
    return True


def ids(answer: Sequence[Scored]) -> list[str]:
    return [scored.item_id for scored in answer]


def scores(answer: Sequence[Scored]) -> list[float | None]:
    return [None if scored.score is None else round(scored.score, 4) for scored in answer]


def test_recipes_and_their_types() -> None:
    assert {name.name: (name.family, name.recipe_type) for name in RECIPES.values()} == {
        "aws-user-personalization": ("USER_PERSONALIZATION", "USER_PERSONALIZATION"),
        "aws-user-personalization-v2": ("USER_PERSONALIZATION", "USER_PERSONALIZATION"),
        "aws-personalized-ranking": ("PERSONALIZED_RANKING", "PERSONALIZED_RANKING"),
        "aws-personalized-ranking-v2": ("PERSONALIZED_RANKING", "PERSONALIZED_RANKING"),
        "aws-similar-items": ("RELATED_ITEMS", "RELATED_ITEMS"),
        "aws-sims": ("RELATED_ITEMS", "RELATED_ITEMS"),
        "aws-popularity-count": ("POPULARITY", "USER_PERSONALIZATION"),
        "aws-trending-now": ("POPULARITY", "USER_PERSONALIZATION"),
    }
    assert all(arn == f"arn:aws:personalize:::recipe/{each.name}" == each.arn for arn, each in RECIPES.items())


def test_user_personalization_sums_co_occurrence_over_the_users_items_then_popularity() -> None:
    model = train(recipe("aws-user-personalization"), SMALL)
    answer = model.recommend("u3", None, [], everything, 5)
    # u3 has b and d: a scores 2 (with b); b, c and d score 1 and keep popularity order; e comes by popularity.
    assert ids(answer) == ["a", "b", "c", "d", "e"]
    assert scores(answer) == [1.0, 0.75, 0.75, 0.75, 0.1667]


def test_items_the_user_has_seen_are_not_removed_and_count_is_honoured() -> None:
    model = train(recipe("aws-user-personalization-v2"), SMALL)
    # u1 has a, b and c: a and b tie at 3 (the more popular, b, first), then c at 2.
    assert ids(model.recommend("u1", None, [], everything, 3)) == ["b", "a", "c"]
    assert model.recommend("u1", None, [], everything, 0) == []


def test_a_user_without_history_gets_popularity() -> None:
    model = train(recipe("aws-user-personalization"), SMALL)
    for user in ("u4", "nobody", None):  # u4's only item co-occurs with nothing
        answer = model.recommend(user, None, [], everything, 10)
        assert ids(answer) == ["b", "a", "c", "d", "e"]
        assert scores(answer) == [1.0, 0.6667, 0.3333, 0.3333, 0.3333]


def test_recent_events_change_the_users_recommendations_without_retraining() -> None:
    model = train(recipe("aws-user-personalization"), SMALL)
    recent = [Interaction("u4", "a", 1_800_000_000, "click")]
    answer = model.recommend("u4", None, recent, everything, 5)
    assert ids(answer) == ["b", "c", "a", "d", "e"]  # a's neighbours first, then popularity
    assert scores(answer) == [1.0, 0.75, 0.3333, 0.1667, 0.1667]
    # Another user's events, and the model itself, are untouched.
    assert ids(model.recommend("u3", None, recent, everything, 5)) == ["a", "b", "c", "d", "e"]
    assert ids(model.recommend("u4", None, [], everything, 5)) == ["b", "a", "c", "d", "e"]


def test_only_the_ten_most_recent_items_count() -> None:
    events = history(*[("u", f"x{n}") for n in range(12)], ("v", "x0"), ("v", "y"))
    model = train(recipe("aws-user-personalization"), events)
    # y co-occurs only with x0, and x0 is u's 12th most recent item, so y comes by popularity (last, by its id).
    before = model.recommend("u", None, [], everything, 14)
    assert ids(before)[-1] == "y"
    assert scores(before)[-1] == 0.25
    recent = [Interaction("u", "x0", 1_800_000_000, "click")]  # x0 again: now among the ten
    after = dict(zip(ids(answer := model.recommend("u", None, recent, everything, 14)), scores(answer), strict=True))
    assert after["y"] == 0.5 + 0.5 * 1 / 8  # co-occurrence 1, against x6's 8 (x3 to x11 but itself)


def test_refused_items_are_skipped_and_filled_from_popularity() -> None:
    model = train(recipe("aws-user-personalization"), SMALL)
    answer = model.recommend("u3", None, [], lambda item: item not in {"a", "c"}, 5)
    assert ids(answer) == ["b", "d", "e"]
    assert scores(answer) == [0.75, 0.75, 0.1667]  # scored against the best candidate, a


def test_related_items_are_the_items_neighbours_never_itself() -> None:
    for name in ("aws-sims", "aws-similar-items"):
        model = train(recipe(name), SMALL)
        answer = model.recommend(None, "a", [], everything, 10)
        assert ids(answer) == ["b", "c", "d", "e"]
        assert scores(answer) == [1.0, 0.75, 0.1667, 0.1667]
        # c's two neighbours tie at 1: the more popular first.
        assert ids(model.recommend("u1", "c", [], everything, 2)) == ["b", "a"]


def test_an_unknown_item_gets_popular_items() -> None:
    model = train(recipe("aws-sims"), SMALL)
    assert ids(model.recommend(None, "zzz", [], everything, 3)) == ["b", "a", "c"]
    with pytest.raises(ValueError, match="needs an itemId"):
        model.recommend("u1", None, [], everything, 3)


def test_personalized_ranking_orders_the_given_items_unknown_ones_last() -> None:
    model = train(recipe("aws-personalized-ranking"), SMALL)
    ranked = model.rank("u3", [], ["e", "zzz", "a", "c", "b", "yyy", "a"])
    assert ids(ranked) == ["a", "b", "c", "e", "zzz", "yyy"]
    assert scores(ranked) == [1.0, 0.75, 0.75, 0.1667, None, None]
    assert ids(model.rank("nobody", [], ["e", "a", "b"])) == ["b", "a", "e"]  # popularity
    with pytest.raises(ValueError, match="GetPersonalizedRanking"):
        model.recommend("u3", None, [], everything, 3)


def test_ranking_follows_recent_events() -> None:
    model = train(recipe("aws-personalized-ranking-v2"), SMALL)
    assert ids(model.rank("u4", [], ["c", "d"])) == ["c", "d"]
    assert ids(model.rank("u4", [Interaction("u3", "b", 1_800_000_000, "click")], ["c", "d"])) == ["c", "d"]
    assert ids(model.rank("u4", [Interaction("u4", "d", 1_800_000_000, "click")], ["c", "d", "b"])) == ["b", "c", "d"]


def test_popularity_count_is_distinct_users_per_item() -> None:
    events = history(("u1", "x"), ("u1", "x"), ("u1", "x"), ("u2", "y"), ("u3", "y"), ("u2", "z"))
    model = train(recipe("aws-popularity-count"), events)
    answer = model.recommend("u1", None, [], everything, 5)
    assert ids(answer) == ["y", "x", "z"]  # x has three interactions, but one user
    assert scores(answer) == [1.0, 0.5, 0.5]


def test_trending_now_ranks_the_increase_over_the_latest_three_hours() -> None:
    now = 1_700_000_000.0
    events = [
        *(Interaction(f"old{n}", "steady", now - 10 * HOUR, "click") for n in range(5)),
        Interaction("p1", "falling", now - 5 * HOUR, "click"),
        Interaction("p2", "falling", now - 4 * HOUR, "click"),
        Interaction("r1", "falling", now - 1 * HOUR, "click"),
        Interaction("r1", "rising", now - 2 * HOUR, "click"),
        Interaction("r2", "rising", now - 1 * HOUR, "click"),
        Interaction("r3", "rising", now, "click"),
        Interaction("r4", "new", now, "click"),
    ]
    model = train(recipe("aws-trending-now"), events)
    answer = model.recommend(None, None, [], everything, 5)
    assert ids(answer) == ["rising", "new", "steady", "falling"]
    assert scores(answer) == [1.0, 0.6667, 0.5, 0.3]


def test_an_event_type_trains_on_that_type_only() -> None:
    events = [*SMALL, *(Interaction("u4", item, 1_800_000_000, "purchase") for item in ("d", "e"))]
    model = train(recipe("aws-user-personalization"), events, event_type="purchase")
    assert model.items == ("d", "e")
    assert ids(model.recommend("u4", None, [], everything, 5)) == ["d", "e"]  # a tie at 1: by popularity, then id
    # Recent events of other types do not count either.
    assert ids(model.recommend("u9", None, [Interaction("u9", "d", 1.9e9, "click")], everything, 5)) == ["d", "e"]
    assert ids(model.recommend("u9", None, [Interaction("u9", "d", 1.9e9, "purchase")], everything, 5)) == ["e", "d"]
    assert len(of_event_type(events, "purchase")) == 2
    assert of_event_type(events, None) == events


def seeded(count: int, users: int, items: int, seed: int) -> list[Interaction]:
    rng = random.Random(seed)
    return [
        Interaction(f"user{rng.randrange(users)}", f"item{rng.randrange(items)}", rng.uniform(0, 1e6), "click")
        for _ in range(count)
    ]


def test_training_is_deterministic() -> None:
    events = seeded(5000, 200, 300, seed=7)
    first, second = (train(recipe("aws-user-personalization"), events) for _ in range(2))
    assert first == second
    assert first.recommend("user3", None, [], everything, 25) == second.recommend("user3", None, [], everything, 25)
    shuffled = train(recipe("aws-user-personalization"), sorted(events, key=lambda each: each.user_id))
    assert shuffled.recommend("user3", None, [], everything, 25) == first.recommend("user3", None, [], everything, 25)


def test_scores_never_increase_and_stay_in_zero_to_one() -> None:
    model: Model = train(recipe("aws-user-personalization"), seeded(5000, 200, 300, seed=3))
    for user in ("user1", "user2", "nobody"):
        answer = [scored.score for scored in model.recommend(user, None, [], lambda item: item[-1] != "7", 300)]
        values = [score for score in answer if score is not None]
        assert len(values) == len(answer) == 270
        assert all(0 < score <= 1 for score in values)
        assert values == sorted(values, reverse=True)


def users_with(counts: Sequence[int]) -> list[Interaction]:
    """User n gets counts[n] interactions, each with a different item."""
    return [
        Interaction(f"user{user}", f"item{user}-{n}", float(user * 1000 + n), "click")
        for user, count in enumerate(counts)
        for n in range(count)
    ]


def test_enough_data_at_the_documented_minimum() -> None:
    assert minimum_failure(users_with([40] * 25)) is None  # 1,000 interactions, 25 users with two or more


def test_999_interactions_are_too_few() -> None:
    assert minimum_failure(users_with([40] * 24 + [39])) == (
        "Insufficient data for training: needs at least 1,000 interactions, has 999. Record more events "
        "(PutEvents) or import more history, then create a new solution version."
    )


def test_24_users_with_two_interactions_are_too_few() -> None:
    assert minimum_failure(users_with([976] + [1] * 10 + [2] * 23)) == (
        "Insufficient data for training: needs at least 25 users with 2 or more interactions, has 24. Record more "
        "events (PutEvents) or import more history, then create a new solution version."
    )


def test_both_shortfalls_and_duplicates_count_once() -> None:
    few = users_with([3, 3, 3])
    assert minimum_failure(few + few) == (
        "Insufficient data for training: needs at least 1,000 interactions, has 9; and at least 25 users with 2 or "
        "more interactions, has 3. Record more events (PutEvents) or import more history, then create a new solution "
        "version."
    )
