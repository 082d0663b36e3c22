"""Reliability campaigns: faults, crashes and emulator restarts against the real pulumi CLI.

- `fault_campaign`, `crash_campaign`: the two campaigns (`python -m tests.campaigns.<name>`), each with its
  step or trial (`fault_step`, `crash_trial`) and its summary (`fault_summary`, `crash_summary`); their small
  versions run in the suite (`test_faults_campaign`, `test_crash_campaign`).
- What both use: `campaign_stack` (N dataset groups with a tracker each), `reconcile` (the state against the
  emulator), `moments` (when to act, read from the emulator), `interrupt` (a run killed at a moment),
  `restarts` (what an emulator restart kept), `injected_faults`, `leaks` (secrets and `__provider`),
  `loopback`, `summary` (their common parts) and `runner` (command line, results files, exit code).
- The emulator process, its control API and stacks on the CLI come from `testkit/`.
"""
