"""HTTP views of the voice app."""
