"""What a provider server process needs whichever front it serves: the engine watch, interrupts, exit, debug."""
