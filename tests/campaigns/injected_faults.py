"""The faults an emulator injected, by kind, replayed from its seeded fault spec and its counted requests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pulumi_personalize.emulator.faults import FaultInjector, parse_spec

from testkit.emulator_process import FaultEpoch
from tests.campaigns.runner import CampaignError

FAULT_KINDS = {
    "throttle": "throttling (400 ThrottlingException)",
    "error": "500 InternalFailure",
    "unavailable": "503 ServiceUnavailable",
    "drop": "dropped connection",
    "spike": "latency spike",
}


def fault_counts(epochs: Iterable[FaultEpoch]) -> dict[str, Any]:
    """The faults injected, by kind, replayed from each emulator life's seeded spec and counted requests.

    The control API counts every request (faulted ones included) but not the faults themselves. Every
    rule of the campaigns' specs applies to every operation, so each request takes the same draws (one
    for the spike, one for the failure) from the spec's seeded generator, in arrival order: replaying
    as many decisions as requests were counted gives exactly the faults injected, by kind (though not
    which operation got which). An emulator killed mid-command makes its life's count a lower bound.
    """
    counts: Counter[str] = Counter()
    requests = 0
    exact = True
    for epoch in epochs:
        requests += epoch.requests
        exact = exact and epoch.exact
        if not epoch.spec:
            continue
        spec = parse_spec(epoch.spec)
        if spec.seed is None or any(rule.ops is not None for rule in spec.rules):
            raise CampaignError("fault counts are replayed only for seeded specs whose rules apply to every call")
        injector = FaultInjector(spec)
        for _ in range(epoch.requests):
            decision = injector.decide("DescribeEventTracker")
            if decision.outcome != "pass":
                counts[decision.outcome] += 1
            if decision.delay > sum(rule.latency for rule in spec.rules):
                counts["spike"] += 1
    return {"requests": requests, "exact": exact, **{kind: counts[kind] for kind in FAULT_KINDS}}
