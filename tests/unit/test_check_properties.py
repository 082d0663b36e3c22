"""Property-based tests of check: any input, never a crash, every failure names a real property, no AWS."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_personalize.aws import api
from pulumi_personalize.dataset_group import DatasetGroupProvider
from pulumi_personalize.event_tracker import EventTrackerProvider
from pulumi_personalize.resources import validation

PROVIDERS = {"EventTracker": EventTrackerProvider, "DatasetGroup": DatasetGroupProvider}
KNOWN = {
    "EventTracker": {"name", "region", "adoptExisting", "timeouts", "tags", "datasetGroupArn"},
    "DatasetGroup": {"name", "region", "adoptExisting", "timeouts", "tags", "domain", "roleArn", "kmsKeyArn"},
}

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=80),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=8,
)
names = st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}", fullmatch=True)
tag_text = st.text(st.characters(categories=["L", "N", "Zs"]) | st.sampled_from("_.:/=+-@"), max_size=40)
tag_keys = tag_text.filter(lambda key: len(key) >= 1 and not key.lower().startswith("aws:"))
valid_tags = st.dictionaries(tag_keys, tag_text, max_size=49)
regions = st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"])


@pytest.fixture(autouse=True)
def _no_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_target: Any, _timeout: float) -> Any:
        raise AssertionError("check must not build an AWS client")

    monkeypatch.setattr(api, "personalize_client", refuse)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(PROVIDERS)),
    inputs=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "region",
                "adoptExisting",
                "timeouts",
                "tags",
                "datasetGroupArn",
                "domain",
                "roleArn",
                "kmsKeyArn",
                "autonamePrefix",
                "owner",
            ]
        ),
        anything,
    ),
)
def test_any_input_gives_failures_naming_known_properties(kind: str, inputs: dict[str, Any]) -> None:
    result = PROVIDERS[kind]().check({}, inputs)
    for failure in result.failures:
        assert failure.property in KNOWN[kind]
        assert failure.reason


@settings(max_examples=800, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=names, region=regions, tags=valid_tags, account=st.from_regex(r"\d{12}", fullmatch=True))
def test_valid_tracker_inputs_pass(name: str, region: str, tags: dict[str, str], account: str) -> None:
    group = f"arn:aws:personalize:{region}:{account}:dataset-group/{name}"
    result = EventTrackerProvider().check({}, {"name": name, "datasetGroupArn": group, "tags": tags, "region": region})
    assert result.failures == []


@settings(max_examples=800, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.text(max_size=70))
def test_names_pass_exactly_when_the_api_pattern_matches(name: str) -> None:
    valid = 1 <= len(name) <= 63 and validation.NAME_PATTERN.fullmatch(name) is not None
    inputs = {"name": name, "region": "us-east-1"}
    failures = {f.property for f in DatasetGroupProvider().check({}, inputs).failures}
    assert ("name" not in failures) == valid
