"""How many provider calls a server runs at once, whichever front: one thread per call the engine has in flight."""

MOST_THREADS = 4096  # a safety cap, not a limit anyone meets: the engine's --parallel bounds the calls
