"""The first client of a provider process loads only what a client needs, quickly (issue #11's leaner `up`).

It is built on the first AWS call, on the critical path of every `pulumi up`: botocore's own session (boto3's
resource layer and s3transfer are not needed for a client), with the cyclic garbage collector paused, since a
full collection then walks every object of the process for no garbage.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

FIRST_CLIENT = """
    import gc, sys
    from pulumi_personalize.aws import clients
    from pulumi_personalize.aws.settings import AwsTarget
    if sys.argv[1] == "gc-off":
        gc.disable()
    collections = []
    gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
    client = clients.personalize_client(AwsTarget("us-east-1", "http://127.0.0.1:9", None))
    print(client.meta.service_model.service_name, "boto3" in sys.modules, "s3transfer" in sys.modules)
    print(2 not in collections, gc.isenabled())  # no full collection; young ones resume afterwards
"""


@pytest.mark.parametrize(("gc_before", "gc_after"), [("gc-on", "True"), ("gc-off", "False")])
def test_the_first_client_loads_only_botocore_with_no_full_collection_on_the_way(gc_before: str, gc_after: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(FIRST_CLIENT), gc_before],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.splitlines() == ["personalize False False", f"True {gc_after}"], done.stderr
