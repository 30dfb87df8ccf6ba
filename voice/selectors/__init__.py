"""Every non-trivial read of the voice app, filtered by viewer."""
