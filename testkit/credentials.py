"""Fake credentials and the state passphrase: distinctive, so that a leak into a state file or an output is
found by looking for them (tests/campaigns/leaks.py does)."""

from __future__ import annotations

PASSPHRASE = "correct horse battery staple"
FAKE_ACCESS_KEY = "AKIAPPTESTKEYEXAMPLE"
FAKE_SECRET_KEY = "pp-secret-DO-NOT-LEAK-7f3a9c1e2b4d"
FAKE_SESSION_TOKEN = "pp-session-DO-NOT-LEAK-5e8b0a6d"
