"""Service quotas at their documented defaults ("Amazon Personalize endpoints and quotas", limits.html),
raised as a user raises a quota: ``Emulator(quotas=...)``, ``set_quotas``, ``--quota``, the control API."""

from __future__ import annotations

import json

import pytest
from pulumi_personalize.emulator import Emulator

from tests.emulator.conftest import INTERACTIONS_FIELDS, Api, avro, code_of, control, error_of, unique

# limits.html: per account and region 5 active dataset groups and 500 schemas; per dataset group 10 active
# solutions, 5 active campaigns and 10 filters.
DEFAULTS = {"dataset-groups": 5, "schemas": 500, "solutions": 10, "campaigns": 5, "filters": 10}


def test_five_active_dataset_groups_per_region_by_default(api: Api, emu: Emulator) -> None:
    assert control(emu, "GET", "quotas") == (200, DEFAULTS)
    groups = [api.create_group() for _ in range(5)]
    error = error_of(lambda: api.client.create_dataset_group(name=unique("grp")))
    assert error.response["Error"]["Code"] == "LimitExceededException"
    assert "5 active dataset groups" in error.response["Error"]["Message"]
    other_region = api.target.personalize(region=api.target.other_region)
    other_region.create_dataset_group(name=unique("grp"))
    api.wait_group(groups[0], "ACTIVE")
    api.client.delete_dataset_group(datasetGroupArn=groups[0])
    api.wait_group(groups[0], None)
    api.create_group()


def test_a_raised_quota_is_kept_by_reset(api: Api, emu: Emulator) -> None:
    assert emu.set_quotas(dataset_groups=7) == {**DEFAULTS, "dataset-groups": 7}
    emu.reset()
    for _ in range(7):
        api.create_group()
    assert code_of(lambda: api.client.create_dataset_group(name=unique("grp"))) == "LimitExceededException"


def test_the_schema_quota(api: Api, emu: Emulator) -> None:
    assert control(emu, "POST", "quotas", json.dumps({"schemas": 2}).encode())[0] == 200
    api.create_schema(avro(*INTERACTIONS_FIELDS))
    api.create_schema(avro(*INTERACTIONS_FIELDS))
    assert code_of(lambda: api.create_schema(avro(*INTERACTIONS_FIELDS))) == "LimitExceededException"


@pytest.mark.parametrize("body", [{"dataset_groups": 9}, {"dataset-groups": 0}, {"schemas": "many"}, [1]])
def test_bad_quotas_are_refused_and_change_nothing(emu: Emulator, body: object) -> None:
    status, answer = control(emu, "POST", "quotas", json.dumps(body).encode())
    assert status == 400 and answer["error"]
    assert control(emu, "GET", "quotas") == (200, DEFAULTS)
    with pytest.raises(ValueError, match="dataset-groups"):
        emu.set_quotas(tenants=3)
