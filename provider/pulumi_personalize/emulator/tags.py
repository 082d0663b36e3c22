"""The tag rules of the developer guide ("Tagging Amazon Personalize resources", tag restrictions): at most
50 tags, no key twice, and keys and values that "can't start with aws:" (in any case: chosen)."""

from __future__ import annotations

from collections.abc import Iterable

from .exceptions import InvalidInputException, TooManyTagKeysException, TooManyTagsException

__all__ = ["MAX_TAGS_PER_RESOURCE", "MAX_TAG_KEYS_PER_UNTAG", "check_untag", "merge_tags"]

MAX_TAGS_PER_RESOURCE = 50
MAX_TAG_KEYS_PER_UNTAG = 50


def merge_tags(current: dict[str, str], tags: list[dict[str, str]]) -> dict[str, str]:
    """``current`` updated with ``tags`` in place order, after the tag rules of the developer guide."""
    keys = [tag["tagKey"] for tag in tags]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise InvalidInputException(f"Duplicate tag key in the request: {duplicates[0]}")
    _refuse_reserved_keys(keys)
    reserved_values = [tag["tagKey"] for tag in tags if _reserved(tag["tagValue"])]
    if reserved_values:
        raise InvalidInputException(
            f"Tag values starting with 'aws:' are reserved for AWS use: the value of tag {reserved_values[0]}"
        )
    merged = {**current, **{tag["tagKey"]: tag["tagValue"] for tag in tags}}
    if len(merged) > MAX_TAGS_PER_RESOURCE:
        raise TooManyTagsException(
            f"A resource can have at most {MAX_TAGS_PER_RESOURCE} tags; this request would leave {len(merged)}."
        )
    return merged


def check_untag(tag_keys: list[str]) -> None:
    """The keys of one UntagResource: at most 50, none reserved for AWS."""
    if len(tag_keys) > MAX_TAG_KEYS_PER_UNTAG:
        raise TooManyTagKeysException(
            f"At most {MAX_TAG_KEYS_PER_UNTAG} tag keys can be removed in one request; got {len(tag_keys)}."
        )
    _refuse_reserved_keys(tag_keys)


def _reserved(text: str) -> bool:
    return text.lower().startswith("aws:")


def _refuse_reserved_keys(keys: Iterable[str]) -> None:
    reserved = [key for key in keys if _reserved(key)]
    if reserved:
        raise InvalidInputException(f"Tag keys starting with 'aws:' are reserved for AWS use: {reserved[0]}")
