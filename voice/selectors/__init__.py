"""Every non-trivial read in voice, filtered by viewer."""
