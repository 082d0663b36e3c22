"""Reliability campaigns: faults, crashes and emulator restarts against the real pulumi CLI."""
