"""The lifecycle every resource shares, whichever front serves it: check, diff, create, read, update, delete."""
