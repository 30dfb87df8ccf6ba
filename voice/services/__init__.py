"""Every write of the voice app."""
