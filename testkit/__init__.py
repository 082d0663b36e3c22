"""What the test suite (tests/), its campaigns (tests/campaigns/) and the benchmarks (bench/) share.

- `cli`, `credentials`: the Pulumi CLI scripts/setup linked into .venv/bin, and an environment for it that
  reaches no network and holds distinctive fake AWS credentials.
- `stack`: a throwaway Pulumi project driven through that CLI (`Stack`, `new_project`), in the foreground
  or in the background (`Stack.start`, to signal or kill a run).
- `emulator_process`, `emulator_control`: the local Personalize emulator in a process of its own, and the
  client of its control API (`/_emulator/...`).
- `aws`: boto3 clients on the emulator and small helpers around them ("AWS" as the tests see it).

Not part of the pulumi-personalize package (pyproject.toml finds packages under provider/ only).
"""
