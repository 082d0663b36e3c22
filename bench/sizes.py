"""How big each measurement is: the full run, `--quick`, and the tiny sizes of the smoke test."""

from __future__ import annotations

from dataclasses import dataclass

ALL_PEERS = ("cdk-fixed-5s", "terraform-backoff-10s", "aws-samples-fixed-15s")


@dataclass(frozen=True)
class Sizes:
    name: str
    transitions: tuple[float, ...]  # item 1: create transition times T (seconds), each with rows in the table
    lag_curve: tuple[float, ...]  # item 1: more T's run in the same batch, for the strategies table and the plot
    parallel_creates: int  # item 1: creates per strategy and T, run at once
    peers: tuple[str, ...]  # item 1: the peers' strategies run beside ours (keys of strategies.PEERS)
    overhead_repeats: int  # item 2: `pulumi up` pairs (tracker, no-op) whose medians are compared
    warm_up: bool  # one untimed round of CLI runs first (pyc compilation, page cache)
    scale_counts: tuple[int, ...]  # item 3: trackers per `pulumi up`
    scale_transition: float  # item 3: T for every tracker
    scale_repeats: int  # item 3: fresh `pulumi up`s per N; the median one is reported
    scale_destroy: int  # item 3: trackers of the timed destroy (0: none)
    scale_default_parallel: int  # item 3: trackers of the up with the engine's default --parallel (0: none)
    fleet: int  # items 4 and 5: resources in the preview and refresh stacks (the rows' N)
    fleet_curve: tuple[int, ...]  # items 4 and 5: more N's measured the same way, for a table and the plot
    fleet_repeats: int  # items 4 and 5: previews and refreshes per stack
    import_repeats: int  # item 7: interpreter starts per import set
    tenants: int  # item 8: tenant stacks deployed at once, then one after another (T = scale_transition)
    training_interactions: int  # item 11: interactions trained on (the goal's 100,000 in the full run)
    catalogue_items: int  # item 11: distinct items among them (users: a fifth as many)
    runtime_requests: int  # item 11: GetRecommendations timed


FULL = Sizes(
    name="full",
    transitions=(2.0, 10.0, 45.0),
    lag_curve=(4.0, 7.0, 13.0, 16.0, 21.0, 27.0, 33.0, 38.0),  # not all multiples of the peers' 5 and 15 s
    parallel_creates=5,
    peers=ALL_PEERS,
    overhead_repeats=5,
    warm_up=True,
    scale_counts=(1, 4, 16, 32, 128, 256),
    scale_transition=5.0,
    scale_repeats=3,
    scale_destroy=16,
    scale_default_parallel=16,
    fleet=50,
    fleet_curve=(10, 100, 128),
    fleet_repeats=3,
    import_repeats=7,
    tenants=8,
    training_interactions=100_000,
    catalogue_items=10_000,
    runtime_requests=2_000,
)

QUICK = Sizes(
    name="quick",
    transitions=(2.0, 10.0),
    lag_curve=(4.0, 7.0),
    parallel_creates=3,
    peers=ALL_PEERS,
    overhead_repeats=3,
    warm_up=True,
    scale_counts=(1, 4),
    scale_transition=5.0,
    scale_repeats=1,
    scale_destroy=4,
    scale_default_parallel=16,
    fleet=20,
    fleet_curve=(),
    fleet_repeats=3,
    import_repeats=3,
    tenants=4,
    training_interactions=20_000,
    catalogue_items=2_000,
    runtime_requests=500,
)

SMOKE = Sizes(
    name="smoke",
    transitions=(0.5, 1.0),
    lag_curve=(),
    parallel_creates=2,
    peers=("terraform-backoff-10s",),  # the fixed-interval peers need 5 and 15 s whatever T is
    overhead_repeats=1,
    warm_up=False,
    scale_counts=(1,),
    scale_transition=1.0,
    scale_repeats=1,
    scale_destroy=2,
    scale_default_parallel=2,
    fleet=2,
    fleet_curve=(),
    fleet_repeats=1,
    import_repeats=1,
    tenants=2,
    training_interactions=1_200,
    catalogue_items=200,
    runtime_requests=50,
)

PRESETS = {sizes.name: sizes for sizes in (FULL, QUICK, SMOKE)}
